"""General-purpose engines computing the benchmark's numbers natively: DuckDB and polars.

    python bench/peers.py ENGINE KIND FILE [--runs N]

ENGINE: duckdb | polars; KIND: survey | subscriptions (the English files of bench/gen.mjs:
`date,survey,score,segment` and `customer,month,mrr`). Prints one JSON object: the result in
the shape of ../shared/bench/baseline.mjs (`metrics`, `periods`, `rejected`; compared with
`kpi --json` by bench/compare.mjs) and the time of every run in ms (the first a warm-up).

Each run reads the CSV from the file and computes the numbers (parse + compute, as `kpi`
does), with every thread the engine uses by default. Only the final arithmetic over one row of
counts per month (a few dozen rows) is done in Python, as the JS baselines do it in JS.
"""

import json
import math
import os
import sys
import time

# ---------------------------------------------------------------- survey

# Per month: nps n/promoters/detractors, csat n/satisfied/sum, ces n/easy/sum (valid scores only).
SURVEY_COUNTS = [
    "n_nps", "promoters", "detractors", "n_csat", "satisfied", "csat_sum", "n_ces", "easy", "ces_sum",
]


def survey_metrics(c):
    n, p_, d_ = c["n_nps"], c["promoters"], c["detractors"]
    p, d = (p_ / n, d_ / n) if n else (0.0, 0.0)
    nc, ne = c["n_csat"], c["n_ces"]
    return {
        "nps": 100 * (p - d) if n else None,
        "nps_moe95": 196 * math.sqrt((p + d - (p - d) ** 2) / n) if n else None,
        "csat": 100 * c["satisfied"] / nc if nc else None,
        "csat_mean": c["csat_sum"] / nc if nc else None,
        "ces": c["ces_sum"] / ne if ne else None,
        "ces_easy_pct": 100 * c["easy"] / ne if ne else None,
    }


def survey_result(per_month, rows):
    """per_month: {month 'yyyy-mm': counts}; rows: rows read."""
    total = {k: sum(c[k] for c in per_month.values()) for k in SURVEY_COUNTS}
    used = total["n_nps"] + total["n_csat"] + total["n_ces"]
    return {
        "metrics": survey_metrics(total),
        "periods": [{"period": m, "metrics": survey_metrics(per_month[m])} for m in sorted(per_month)],
        "rejected": rows - used,
    }



def mrr_metrics(r):
    s, sc = r["start_mrr"], r["start_customers"]
    ex, co, ch = r["mrr_expansion"], r["mrr_contraction"], r["mrr_churn"]
    return {
        "mrr": r["mrr"], "mrr_new": r["mrr_new"], "mrr_expansion": ex, "mrr_contraction": co,
        "mrr_churn": ch, "mrr_reactivation": r["mrr_reactivation"],
        "customer_churn_rate": 100 * r["churned_customers"] / sc if sc else None,
        "gross_mrr_churn_rate": 100 * (ch + co) / s if s else None,
        "net_mrr_churn_rate": 100 * (ch + co - ex) / s if s else None,
        "nrr": 100 * (s + ex - co - ch) / s if s else None,
    }


def mrr_result(rows):
    """rows: one dict per month with the columns of bench/sql/mrr.sql."""
    rows = sorted(rows, key=lambda r: r["month"])
    return {"periods": [{"period": r["month"], "metrics": mrr_metrics(r)} for r in rows]}


def duckdb_sql(kind, path):
    """bench/sql/survey.sql or mrr.sql for the file at `path`."""
    name = "survey.sql" if kind == "survey" else "mrr.sql"
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "sql", name), encoding="utf-8") as f:
        return f.read().replace("{path}", path.replace("'", "''"))


def run_duckdb(kind, path):
    import duckdb

    con = duckdb.connect()
    sql = duckdb_sql(kind, path)

    def once():
        cur = con.execute(sql)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def result(rows):
        if kind == "survey":
            return survey_result({r["month"]: r for r in rows}, sum(r["rows"] for r in rows))
        return mrr_result(rows)

    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    return once, result, f"duckdb {duckdb.__version__}, threads {threads}"


def run_polars(kind, path):
    import polars as pl

    if kind == "survey":
        def once():
            s, score = pl.col("survey"), pl.col("score")
            nps = (s == "nps") & score.is_between(0, 10)
            csat = (s == "csat") & score.is_between(1, 5)
            ces = (s == "ces") & score.is_between(1, 7)
            q = (
                pl.scan_csv(path, schema={"date": pl.Date, "survey": pl.String, "score": pl.Int64, "segment": pl.String})
                .group_by(pl.col("date").dt.truncate("1mo").alias("month"))
                .agg(
                    pl.len().alias("rows"),
                    nps.sum().alias("n_nps"),
                    (nps & (score >= 9)).sum().alias("promoters"),
                    (nps & (score <= 6)).sum().alias("detractors"),
                    csat.sum().alias("n_csat"),
                    (csat & (score >= 4)).sum().alias("satisfied"),
                    score.filter(csat).sum().alias("csat_sum"),
                    ces.sum().alias("n_ces"),
                    (ces & (score >= 5)).sum().alias("easy"),
                    score.filter(ces).sum().alias("ces_sum"),
                )
            )
            return q.collect().to_dicts()

        def result(rows):
            per = {r["month"].strftime("%Y-%m"): r for r in rows}
            return survey_result(per, sum(r["rows"] for r in rows))
    else:
        def once():
            src = pl.scan_csv(path, schema={"customer": pl.String, "month": pl.String, "mrr": pl.Decimal(18, 2)})
            agg = src.group_by("customer", "month").agg(pl.col("mrr").sum().alias("v"))
            months = agg.select("month").unique().sort("month").with_row_index("i", offset=1)
            cur = agg.join(months, on="month").select("customer", "i", "v")
            firsts = cur.filter(pl.col("v") > 0).group_by("customer").agg(pl.col("i").min().alias("fi"))
            prev = cur.select("customer", (pl.col("i") + 1).alias("i"), pl.col("v").alias("b"))
            zero = pl.lit(0).cast(pl.Decimal(18, 2))
            j = (
                cur.join(prev, on=["customer", "i"], how="full", coalesce=True)
                .with_columns(pl.col("v").fill_null(zero), pl.col("b").fill_null(zero))
                .join(months, on="i")
                .join(firsts, on="customer")
            )
            v, b, i, fi = pl.col("v"), pl.col("b"), pl.col("i"), pl.col("fi")
            f64 = lambda e: e.sum().cast(pl.Float64)  # noqa: E731
            q = j.group_by("month").agg(
                f64(v.filter(v > 0)).alias("mrr"),
                f64(v.filter((v > 0) & (b <= 0) & (fi == i))).alias("mrr_new"),
                f64(v.filter((v > 0) & (b <= 0) & (fi < i))).alias("mrr_reactivation"),
                f64((v - b).filter((v > 0) & (b > 0) & (v > b))).alias("mrr_expansion"),
                f64((b - v).filter((v > 0) & (b > 0) & (v < b))).alias("mrr_contraction"),
                f64(b.filter((b > 0) & (v <= 0))).alias("mrr_churn"),
                f64(b.filter(b > 0)).alias("start_mrr"),
                (b > 0).sum().alias("start_customers"),
                ((b > 0) & (v <= 0)).sum().alias("churned_customers"),
            )
            return q.collect().to_dicts()

        def result(rows):
            return mrr_result(rows)

    return once, result, f"polars {pl.__version__}, threads {pl.thread_pool_size()}"


def main():
    args = sys.argv[1:]
    runs = 5
    if "--runs" in args:
        k = args.index("--runs")
        runs = int(args[k + 1])
        del args[k : k + 2]
    engine, kind, path = args
    once, result, version = {"duckdb": run_duckdb, "polars": run_polars}[engine](kind, path)
    times, rows = [], None
    for _ in range(runs + 1):
        t0 = time.perf_counter()
        rows = once()
        times.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"engine": version, "times": times, "result": result(rows)}))


if __name__ == "__main__":
    main()
