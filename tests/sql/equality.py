"""The SQL scripts of `kpi sql` give the same numbers as `kpi --json`, on DuckDB and on Spark.

For every case (a file, a kind, options): the file is loaded into DuckDB as a typed table
(numbers numeric, money DECIMAL, dates DATE, the rest text: as a warehouse holds it), the
script `kpi sql KIND --like FILE` writes is run on it, and every value of every result row
(whole range, each period, each segment value) is compared with the key of the same name
in `kpi KIND FILE --json`: numbers within 1e-9 relative, text, booleans and NULLs exactly.
The periods and segment values listed must be the same on both sides, and every scalar key
of `kpi --json` must be in the result (apart from the few listed in NOT_IN_SQL).
With --spark the same typed table goes to Spark (local[2]) as Parquet and the Spark script
is checked the same way. --syntax parses the scripts of the other dialects with sqlglot.

  python tests/sql/equality.py --kpi target/debug/kpi [--duckdb] [--spark] [--syntax]
"""

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from decimal import Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, "tests", "fixtures")
REL = 1e-9
# absolute floor for values that are 0 on one side and ~1e-13 on the other (a difference of
# exact decimals converted to a double)
ABS = 1e-9

# keys of `kpi --json` that are lists or objects, not one value: not part of the SQL result
NOT_IN_SQL = {
    "nps_distribution", "csat_distribution", "ces_distribution", "comments", "cohorts", "gaps",
}
# what the subscription headline covers (issue #13.5, added by the report): the month of the
# headline MRR and the months the mean rates average; the SQL scripts do not compute them yet
NOT_IN_SQL |= {"mrr_month", "rate_months"}

NUMBER_FIELDS = {"score", "mrr", "amount", "quantity", "interval_count", "contacts", "duration", "seats"}
MONEY_FIELDS = {"mrr", "amount"}
# ticket times given as elapsed time (the header names a unit), as the import reads them
ELAPSED = re.compile(r"minute|min$|hour|stunde|hrs$|std$|second|sekunde|days|tage$|tagen$")
DATE_FIELDS = {"date", "start", "end", "canceled", "signup"}
TIMESTAMP_FIELDS = {"created", "first_response", "resolved", "timestamp"}
MONTH_FIELDS = {"month"}
MONTHS_DE = "['januar', 'februar', 'märz', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'dezember']"
MONTHS_EN = "['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']"
DATE_FORMATS = [
    "%Y-%m-%d", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M",
    "%d.%m.%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%gZ",
    "%Y-%m-%dT%H:%M:%S%z", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y",
]


def case(name, kind, path, *args, comma=False, delim=None, spark=False, datefmt=None):
    """spark=True: also run on Spark by default (every case with --all-spark). Spark plans
    and runs each script in tens of seconds even on tiny data, so the default Spark set is
    the cases that cover the most: segments, week and quarter periods, both shapes, gaps."""
    return {"name": name, "kind": kind, "file": path, "args": list(args), "comma": comma, "delim": delim,
            "spark": spark, "datefmt": datefmt}


def cases(gen_dir):
    f = lambda *p: os.path.join(FIX, *p)
    g = lambda n: os.path.join(gen_dir, n)
    sample = lambda n: os.path.join(ROOT, "public", "samples", n)
    real = lambda n: os.path.join(ROOT, "tests", "real", "data", n)
    return [
        # survey: real export shapes, German conventions, options, periods, segments
        case("survey-comma", "survey", f("cli", "survey-comma.csv")),
        case("umfrage-semikolon", "survey", f("cli", "umfrage-semikolon.csv")),
        case("delighted-plan-week", "survey", f("import", "delighted.csv"), "--segment", "Plan", "--period", "week", spark=True),
        case("delighted-country-quarter", "survey", f("import", "delighted.csv"), "--segment", "Country", "--period", "quarter"),
        case("typeform", "survey", f("import", "typeform.csv")),
        case("google-forms-de", "survey", f("import", "google_forms_de.csv"), comma=True),
        case("published-delighted-nps", "survey", f("published", "delighted_nps.csv")),
        case("published-delighted-csat", "survey", f("published", "delighted_csat.csv"), "--survey-type", "csat"),
        case("published-delighted-ces5", "survey", f("published", "delighted_ces_5_point.csv"),
             "--survey-type", "ces", "--ces-scale", "5"),
        case("mixed-types-segment", "survey", g("survey_mixed.csv"), "--segment", "plan", "--surveys-sent", "5000", spark=True),
        case("mixed-types-week-csat7", "survey", g("survey_mixed.csv"), "--period", "week", "--csat-scale", "7",
             "--ces-lower-is-easier"),
        case("gen-kinds-survey", "survey", g("kinds/survey.csv"), "--period", "quarter"),
        # subscriptions: both shapes, Stripe/Chargebee exports, gaps, reactivations, options
        case("mrr-snapshots", "subscriptions", f("import", "mrr_snapshots.csv")),
        case("excel-paste-mrr", "subscriptions", f("import", "excel_paste_mrr.tsv"), comma=True, delim="\t"),
        case("stripe-subscriptions", "subscriptions", f("import", "stripe_subscriptions.csv")),
        case("chargebee-subscriptions", "subscriptions", f("import", "chargebee_subscriptions.csv")),
        case("published-stripe-mrr", "subscriptions", f("published", "stripe_mrr.csv")),
        case("published-chartmogul-lifecycle", "subscriptions", f("published", "chartmogul_lifecycle.csv")),
        case("published-chartmogul-ltv", "subscriptions", f("published", "chartmogul_ltv.csv")),
        case("published-chargebee-reactivation", "subscriptions", f("published", "chargebee_reactivation_mrr.csv")),
        case("published-profitwell-quick-ratio", "subscriptions", f("published", "profitwell_quick_ratio.csv"),
             comma=True),
        case("snapshots-gaps-segment", "subscriptions", g("snapshots_seg.csv"), "--segment", "plan", spark=True),
        case("snapshots-gaps-quarter", "subscriptions", g("snapshots_seg.csv"), "--period", "quarter",
             "--ltv-churn-months", "6", "--gross-margin", "80", "--net-churn", "chartmogul", spark=True),
        case("rows-segment", "subscriptions", g("rows_seg.csv"), "--segment", "plan"),
        case("rows-quarter-week", "subscriptions", g("rows_seg.csv"), "--period", "quarter", "--segment", "country", spark=True),
        case("rows-week", "subscriptions", g("rows_seg.csv"), "--period", "week"),
        case("gen-kinds-snapshots", "subscriptions", g("kinds/snapshots.csv")),
        case("gen-kinds-subscriptions", "subscriptions", g("kinds/subscriptions.csv"), "--period", "quarter"),
        # orders: the samples (English, German), a German Excel export, Superstore (real)
        case("orders-sample-channel", "orders", sample("orders-en.csv"), "--segment", "channel"),
        case("bestellungen-quarter", "orders", sample("bestellungen-de.csv"), "--period", "quarter",
             "--segment", "Kanal", comma=True),
        case("orders-sample-week-lifespan", "orders", sample("orders-en.csv"), "--period", "week",
             "--lifespan-years", "2.5"),
        case("superstore-segment", "orders", real("superstore_orders.csv"), "--segment", "Segment",
             datefmt="%d/%m/%y"),
        # tickets: the samples, Zendesk exports, NYC 311 and RavenStack (real; elapsed minutes)
        case("tickets-sample", "tickets", sample("tickets-en.csv")),
        case("tickets-de-week", "tickets", sample("tickets-de.csv"), "--period", "week", comma=True),
        case("tickets-sample-csat7-customers", "tickets", sample("tickets-en.csv"), "--csat-scale", "7",
             "--customers", "500", "--period", "quarter"),
        case("tickets-zendesk", "tickets", f("import", "tickets_zendesk.csv")),
        case("zendesk-tickets", "tickets", f("import", "zendesk_tickets.csv")),
        case("tickets-fixture-de", "tickets", f("import", "tickets_de.csv"), comma=True),
        case("nyc-311", "tickets", real("nyc_311_service_requests.csv"), "--segment", "Agency"),
        case("ravenstack-tickets", "tickets", real("ravenstack_support_tickets.csv"), "--segment", "priority",
             spark=True),
        # usage: the sample, a fixture, RavenStack feature usage (real; durations in seconds)
        case("usage-sample", "usage", sample("usage-en.csv")),
        case("usage-sample-week-ttv", "usage", sample("usage-en.csv"), "--period", "week", "--ttv-feature", "export"),
        case("usage-fixture", "usage", f("import", "usage_events.csv")),
        case("ravenstack-usage", "usage", real("ravenstack_feature_usage.csv"), "--column", "user=subscription_id",
             "--segment", "is_beta_feature", "--period", "quarter", spark=True),
        # --from/--to: an open end is the data's own first or last day; periods are clipped
        case("range-orders", "orders", sample("orders-en.csv"), "--from", "2023-03-15", "--to", "2024-06-10",
             "--segment", "channel", spark=True),
        case("range-orders-from", "orders", sample("orders-en.csv"), "--from", "2024-02-29", "--period", "quarter"),
        case("range-tickets-to", "tickets", sample("tickets-en.csv"), "--to", "2024-02-20", "--period", "week"),
        case("range-usage-from", "usage", sample("usage-en.csv"), "--from", "2024-02-10", "--period", "week"),
        case("range-usage-both", "usage", real("ravenstack_feature_usage.csv"), "--column", "user=subscription_id",
             "--from", "2023-03-01", "--to", "2024-05-17", "--segment", "is_beta_feature"),
        case("range-survey", "survey", f("import", "delighted.csv"), "--from", "2024-03-06", "--segment", "Plan"),
        case("gen-kinds-orders", "orders", g("kinds/orders.csv"), "--segment", "channel", "--period", "quarter"),
        case("gen-kinds-tickets", "tickets", g("kinds/tickets.csv"), "--period", "week"),
        case("gen-kinds-usage", "usage", g("kinds/usage.csv")),
    ]


# ---- generated files -------------------------------------------------------------------

def rng(seed):
    """A small deterministic generator (xorshift), so the files are the same everywhere."""
    state = [seed or 1]

    def next_float():
        x = state[0]
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        state[0] = x & 0xFFFFFFFF
        return state[0] / 4294967296

    return next_float


def generate(gen_dir):
    """Files with what the fixtures have little of: all three survey types in one file,
    segments, snapshot months without rows (gaps), customers leaving and coming back,
    yearly/weekly/quarterly plans with quantities and counts."""
    os.makedirs(gen_dir, exist_ok=True)
    r = rng(7)
    with open(os.path.join(gen_dir, "survey_mixed.csv"), "w") as out:
        out.write("date,score,survey,plan,comment\n")
        for i in range(3000):
            t = ["NPS", "csat", "Customer Effort Score", "", "nps"][int(r() * 5)]
            top = {"NPS": 10, "nps": 10, "": 10, "csat": 7, "Customer Effort Score": 7}[t]
            score = int(r() * (top + 2)) - (1 if r() < 0.02 else 0)  # a few out of range
            day = 1 + int(r() * 28)
            month = 1 + int(r() * 12)
            year = 2023 + (1 if r() < 0.4 else 0)
            date = "" if r() < 0.03 else f"{year}-{month:02d}-{day:02d}"
            plan = ["Basic", "Pro", "Enterprise", ""][int(r() * 4)]
            out.write(f"{date},{score},{t},{plan},ok\n")
    r = rng(11)
    with open(os.path.join(gen_dir, "snapshots_seg.csv"), "w") as out:
        out.write("customer,month,mrr,plan\n")
        gap = {(2023, 5), (2024, 2)}  # months without any row
        for c in range(120):
            plan = ["Basic", "Pro", "Team"][c % 3]
            mrr = Decimal(10 + int(r() * 40) * 5) + Decimal("0.99")
            first = int(r() * 10)
            for k in range(first, 26):
                y, m = 2023 + k // 12, k % 12 + 1
                if (y, m) in gap:
                    continue
                u = r()
                if u < 0.08:
                    continue  # away this month (churn, later perhaps reactivation)
                if u < 0.18:
                    mrr = max(Decimal("5.50"), mrr + Decimal(int(r() * 41) - 20))
                if c % 17 == 0 and k % 4 == 0:
                    plan = "Pro" if plan != "Pro" else "Team"  # a customer changing segment
                if c % 29 == 0:
                    out.write(f"C{c:04d},{y}-{m:02d},0.00,{plan}\n")  # a zero row
                out.write(f"C{c:04d},{y}-{m:02d},{mrr},{plan}\n")
    r = rng(13)
    with open(os.path.join(gen_dir, "rows_seg.csv"), "w") as out:
        out.write("customer,start,end,amount,interval,interval_count,quantity,plan,country\n")
        for i in range(400):
            c = int(r() ** 2 * 150)
            sy, sm, sd = 2022 + int(r() * 3), 1 + int(r() * 12), 1 + int(r() * 28)
            end = ""
            if r() < 0.4:
                months = 1 + int(r() * 20)
                em = sm + months
                ey, em = sy + (em - 1) // 12, (em - 1) % 12 + 1
                end = f"{ey}-{em:02d}-{1 + int(r() * 28):02d}"
            interval, count = [("month", ""), ("year", ""), ("week", ""), ("month", "3"), ("day", ""),
                               ("quarterly", ""), ("month", "1")][int(r() * 7)]
            amount = f"{5 + int(r() * 500)}.{int(r() * 100):02d}"
            qty = ["1", "2", "", "5", "0.5"][int(r() * 5)]
            plan = ["Basic", "Pro", "Team"][c % 3]
            country = ["DE", "AT", "CH", "FR"][int(r() * 4)]
            out.write(f"cus{c:03d},{sy}-{sm:02d}-{sd:02d},{end},{amount},{interval},{count},{qty},{plan},{country}\n")
    kinds = os.path.join(gen_dir, "kinds")
    if not os.path.exists(os.path.join(kinds, "subscriptions.csv")):
        subprocess.run(["node", os.path.join(ROOT, "bench", "gen-kinds.mjs"), kinds, "20000"],
                       check=True, stdout=subprocess.DEVNULL)


# ---- kpi -------------------------------------------------------------------------------

def run_kpi(kpi, args):
    p = subprocess.run([kpi] + args, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"kpi {' '.join(args)} failed: {p.stderr.strip()}")
    return p.stdout


def mapping_of(script):
    """The field=column pairs in the script's header comment."""
    for line in script.splitlines():
        if line.startswith("-- Columns mapped: "):
            body = line[len("-- Columns mapped: "):].rstrip(".")
            return [tuple(p.split("=", 1)) for p in body.split(", ") if "=" in p]
    return []


# ---- loading ---------------------------------------------------------------------------

def q(name):
    return '"' + name.replace('"', '""') + '"'


def load_duckdb(con, c, mapping):
    """The file as the typed table `t` (what a warehouse would hold after loading it)."""
    delim = f", delim = '{c['delim']}'" if c["delim"] else ""
    con.execute("DROP TABLE IF EXISTS raw; DROP TABLE IF EXISTS t")
    con.execute(f"CREATE TABLE raw AS SELECT * FROM read_csv('{c['file']}', all_varchar = true, header = true{delim})")
    cols = [r[0] for r in con.execute("DESCRIBE raw").fetchall()]
    field_of = {col: field for field, col in mapping}
    exprs = []
    for col in cols:
        field = field_of.get(col)
        s = f"NULLIF(TRIM({q(col)}), '')"
        if field in NUMBER_FIELDS:
            s = f"regexp_replace({s}, '[€$£ ]|EUR|USD', '', 'g')"
            s = f"replace(replace({s}, '.', ''), ',', '.')" if c["comma"] else f"replace({s}, ',', '')"
            ty = "DECIMAL(30, 10)" if field in MONEY_FIELDS else "DOUBLE"
            e = f"TRY_CAST({s} AS {ty})"
        elif field in ("first_response", "resolved") and ELAPSED.search(col.lower()):
            e = f"TRY_CAST({s} AS DOUBLE)"  # elapsed time in the unit the header names
        elif field in DATE_FIELDS or field in TIMESTAMP_FIELDS:
            fmts = "[" + ", ".join(f"'{x}'" for x in ([c["datefmt"]] if c["datefmt"] else []) + DATE_FORMATS) + "]"
            ty = "DATE" if field in DATE_FIELDS else "TIMESTAMP"
            e = (f"CASE WHEN regexp_matches({s}, '^[0-9]{{9,10}}$') THEN CAST(to_timestamp(CAST({s} AS BIGINT)) AT TIME ZONE 'UTC' AS {ty}) "
                 f"ELSE CAST(try_strptime({s}, {fmts}) AS {ty}) END")
        elif field in MONTH_FIELDS:
            # "2024-03", a date, or a month name and year ("März 2024", "March 2024")
            names = (f"list_position({MONTHS_DE}, lower(regexp_extract({s}, '^(\\S+)'))), "
                     f"list_position({MONTHS_EN}, lower(regexp_extract({s}, '^(\\S+)')))")
            e = (f"COALESCE(CAST(try_strptime({s} || '-01', '%Y-%m-%d') AS DATE), "
                 f"CAST(try_strptime({s}, ['%Y-%m-%d', '%d.%m.%Y', '%m.%Y', '%m/%Y']) AS DATE), "
                 f"make_date(TRY_CAST(regexp_extract({s}, '([0-9]{{4}})$') AS INTEGER), COALESCE({names}), 1))")
        else:
            e = s if field else q(col)
        exprs.append(f"{e} AS {q(col)}")
    con.execute(f"CREATE TABLE t AS SELECT {', '.join(exprs)} FROM raw")


# ---- comparing -------------------------------------------------------------------------

def norm(v):
    if isinstance(v, Decimal):
        return float(v)
    return v


def same(a, b):
    """a from SQL, b from kpi --json."""
    a = norm(a)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(b, bool) or isinstance(a, bool):
        return a == b
    if isinstance(b, (int, float)) and isinstance(a, (int, float)):
        if math.isnan(a) or math.isinf(a):
            return False
        return abs(a - b) <= max(ABS, REL * max(abs(a), abs(b)))
    return a == b


def compare(c, rows, names, report):
    """Every SQL row against its scope of the report; returns a list of differences."""
    diffs = []
    periods = {p["period"]: p["metrics"] for p in report["periods"]}
    segments = report.get("segments", {})
    seen_p, seen_s = [], []
    checked = 0
    for row in rows:
        rec = dict(zip(names, row))
        scope = rec.pop("scope")
        period, segment = rec.pop("period"), rec.pop("segment")
        if scope == "total":
            m, where = report["metrics"], "total"
        elif scope == "period":
            seen_p.append(period)
            m, where = periods.get(period), f"period {period}"
        else:
            seen_s.append(segment)
            m, where = segments.get(segment), f"segment {segment!r}"
        if m is None:
            diffs.append(f"{where}: in the SQL result, not in kpi --json")
            continue
        for k, v in rec.items():
            if k in m:
                checked += 1
                if not same(v, m[k]):
                    diffs.append(f"{where}: {k}: sql {norm(v)!r} kpi {m[k]!r}")
            elif v is not None:
                diffs.append(f"{where}: {k}: sql {norm(v)!r}, no such key in kpi --json")
        for k, v in m.items():
            if k not in rec and k not in NOT_IN_SQL and not isinstance(v, (list, dict)):
                diffs.append(f"{where}: key {k} of kpi --json missing in the SQL result")
    if seen_p != [p["period"] for p in report["periods"]]:
        diffs.append(f"periods differ: sql {seen_p[:5]}… kpi {[p['period'] for p in report['periods']][:5]}…")
    if sorted(seen_s) != sorted(segments):
        diffs.append(f"segments differ: sql {sorted(seen_s)} kpi {sorted(segments)}")
    return diffs, checked


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kpi", default=os.path.join(ROOT, "target", "debug", "kpi"))
    ap.add_argument("--duckdb", action="store_true")
    ap.add_argument("--spark", action="store_true")
    ap.add_argument("--all-spark", action="store_true", help="every case on Spark, not only the spark=True ones")
    ap.add_argument("--syntax", action="store_true")
    ap.add_argument("--only", default="", help="cases whose name contains one of these (comma-separated)")
    ap.add_argument("--gen-dir", default=os.path.join(tempfile.gettempdir(), "kundenkpi-sql-gen"))
    a = ap.parse_args()
    generate(a.gen_dir)
    todo = [c for c in cases(a.gen_dir) if any(o in c["name"] for o in a.only.split(","))]
    import duckdb

    con = duckdb.connect()
    spark = None
    if a.spark:
        from pyspark.sql import SparkSession

        t0 = time.time()
        # tiny tables: one shuffle partition, no adaptive re-planning, no code generation
        # (compiling it costs more than it saves here); the scripts are the same either way
        spark = (SparkSession.builder.master("local[2]").appName("kundenkpi-sql-equality")
                 .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").config("spark.sql.shuffle.partitions", "1")
                 .config("spark.sql.adaptive.enabled", "false").config("spark.sql.codegen.wholeStage", "false")
                 .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
                 .config("spark.sql.session.timeZone", "UTC").config("spark.driver.memory", "1g")
                 .getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        print(f"spark started in {time.time() - t0:.1f} s")
    failures = 0
    totals = {"duckdb": 0, "spark": 0, "syntax": 0}
    work = tempfile.mkdtemp(prefix="kpi-sql-")
    for c in todo:
        args = [c["kind"]] + c["args"]
        report = json.loads(run_kpi(a.kpi, [c["kind"], c["file"], "--json"] + c["args"]))
        engines = (["duckdb"] if a.duckdb else []) + (["spark"] if a.spark and (c["spark"] or a.all_spark) else [])
        mapping = None
        for engine in engines:
            script = run_kpi(a.kpi, ["sql"] + args + ["--dialect", engine, "--table", "t", "--like", c["file"]])
            if mapping is None:
                mapping = mapping_of(script)
                load_duckdb(con, c, mapping)
            try:
                if engine == "duckdb":
                    res = con.execute(script)
                    names = [d[0] for d in res.description]
                    rows = res.fetchall()
                else:
                    pq = os.path.join(work, c["name"] + ".parquet")
                    con.execute(f"COPY t TO '{pq}' (FORMAT PARQUET)")
                    spark.read.parquet(pq).createOrReplaceTempView("t")
                    df = spark.sql(script)
                    names = df.columns
                    rows = [tuple(r) for r in df.collect()]
            except Exception as e:  # noqa: BLE001 - report the engine's message and go on
                failures += 1
                print(f"FAIL {engine} {c['name']}: {str(e).splitlines()[0][:400]}")
                continue
            diffs, checked = compare(c, rows, names, report)
            totals[engine] += checked
            if diffs:
                failures += 1
                print(f"FAIL {engine} {c['name']}: {len(diffs)} differences")
                for d in diffs[:12]:
                    print("   ", d)
            else:
                print(f"ok   {engine:6} {c['name']}: {len(rows)} rows, {checked} values equal")
        if a.syntax:
            import sqlglot

            for dialect in ["bigquery", "snowflake", "postgres"]:
                script = run_kpi(a.kpi, ["sql"] + args + ["--dialect", dialect, "--table", "crm.t", "--like", c["file"]])
                try:
                    parsed = sqlglot.parse(script, read=dialect)
                    assert len([p for p in parsed if p is not None]) == 1, "not one statement"
                    totals["syntax"] += 1
                except Exception as e:  # noqa: BLE001
                    failures += 1
                    print(f"FAIL syntax {dialect} {c['name']}: {str(e).splitlines()[0][:300]}")
    print(f"{len(todo)} cases; values compared: duckdb {totals['duckdb']}, spark {totals['spark']}; "
          f"scripts parsed: {totals['syntax']}; failures: {failures}")
    if spark:
        spark.stop()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
