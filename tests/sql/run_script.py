"""Runs one DuckDB script of `kpi sql` (or the app's "Show as SQL") on a file and prints its
rows as JSON: [{column: value}, …]. The file is loaded as the typed table `t`, exactly as
the equality tests load it (equality.load_duckdb). Used by tests/e2e/sql.test.mjs to run
the script copied from the app.

  python tests/sql/run_script.py FILE SCRIPT_FILE [--comma] [--delim CHAR]
"""

import argparse
import json
import os
import sys
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import equality  # noqa: E402


def plain(v):
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, (int, float, str, bool)) or v is None:
        return v
    return str(v)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("script")
    ap.add_argument("--comma", action="store_true", help="decimal commas")
    ap.add_argument("--delim", default=None)
    a = ap.parse_args()
    import duckdb

    with open(a.script, encoding="utf-8") as f:
        script = f.read()
    con = duckdb.connect()
    c = {"file": a.file, "comma": a.comma, "delim": a.delim, "datefmt": None}
    equality.load_duckdb(con, c, equality.mapping_of(script))
    res = con.execute(script)
    names = [d[0] for d in res.description]
    rows = [{n: plain(v) for n, v in zip(names, r)} for r in res.fetchall()]
    json.dump(rows, sys.stdout)


if __name__ == "__main__":
    main()
