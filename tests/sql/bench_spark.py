"""Times the survey or subscription script of `kpi sql` on Spark local against a big CSV file
(read directly as a CSV table with a schema: parse and compute, as `kpi` does), and `kpi`
on the same file. Prints one line per run; the figures go to BENCHMARKS.md.

  python tests/sql/bench_spark.py --kpi target/cli/kpi KIND FILE [--threads 2]
"""

import argparse
import os
import subprocess
import time

SCHEMAS = {
    # bench/gen.mjs survey-*-en.csv, subscriptions-*-en.csv (snapshots); gen-kinds.mjs subscriptions.csv
    "survey": "date DATE, survey STRING, score DOUBLE, segment STRING",
    "snapshots": "customer STRING, month STRING, mrr DECIMAL(30, 10)",
    "subscriptions": "customer STRING, start DATE, `end` DATE, amount DECIMAL(30, 10), `interval` STRING, quantity DECIMAL(12, 4)",
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kpi", required=True)
    ap.add_argument("shape", choices=sorted(SCHEMAS))
    ap.add_argument("file")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--memory", default="6g")
    ap.add_argument("--skip-kpi", action="store_true")
    a = ap.parse_args()
    kind = "survey" if a.shape == "survey" else "subscriptions"
    size = os.path.getsize(a.file)
    rows = None
    script = subprocess.run([a.kpi, "sql", kind, "--dialect", "spark", "--table", "t", "--like", a.file],
                            check=True, capture_output=True, text=True).stdout
    from pyspark.sql import SparkSession

    t0 = time.time()
    spark = (SparkSession.builder.master(f"local[{a.threads}]").appName("kundenkpi-sql-bench")
             .config("spark.ui.enabled", "false").config("spark.driver.memory", a.memory)
             .config("spark.sql.session.timeZone", "UTC").config("spark.sql.shuffle.partitions", "8")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    start_s = time.time() - t0
    df = spark.read.csv(a.file, header=True, schema=SCHEMAS[a.shape])
    if a.shape == "snapshots":
        # "2023-01": the month as a DATE, as a warehouse column would hold it
        df = df.selectExpr("customer", "to_date(concat(month, '-01')) AS month", "mrr")
    df.createOrReplaceTempView("t")
    t1 = time.time()
    result = spark.sql(script).collect()
    spark_s = time.time() - t1
    t2 = time.time()
    rows = spark.sql("SELECT COUNT(*) FROM t").collect()[0][0]
    count_s = time.time() - t2
    spark.stop()
    print(f"spark {a.shape}: {size / 1e9:.2f} GB, {rows} rows, {len(result)} result rows, "
          f"script {spark_s:.1f} s ({rows / spark_s / 1e6:.2f} M rows/s), start {start_s:.1f} s, "
          f"count(*) alone {count_s:.1f} s, local[{a.threads}]")
    if not a.skip_kpi:
        t3 = time.time()
        p = subprocess.run(["/usr/bin/time", "-f", "%M", a.kpi, kind, a.file, "--json"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        kpi_s = time.time() - t3
        rss = p.stderr.strip().splitlines()[-1]
        print(f"kpi   {a.shape}: {kpi_s:.1f} s ({rows / kpi_s / 1e6:.2f} M rows/s), peak RSS {int(rss) / 1024:.0f} MB")


if __name__ == "__main__":
    main()
