#!/usr/bin/env bash
# Native `kpi` on files of about 1 GB: wall time and peak resident memory.
#
#   bash bench/big.sh            # survey and subscriptions, ~1 GB each
#   KPI_BIG_COPIES=9 bash bench/big.sh   # ~200 MB each
#
# The files are the 1 M-row benchmark files repeated (bench/gen.mjs makes those): the survey
# file as is (same answers again), the subscription file with every repetition's customers
# renamed, so that the customer-months really grow with the file. Prints one line per run;
# the figures quoted in BENCHMARKS.md (Notes) come from here.
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${KPI_BIG_COPIES:-45}
data=bench/data
[ -f "$data/survey-1M-en.csv" ] && [ -f "$data/subscriptions-1M-en.csv" ] || node bench/gen.mjs "$data" 1000000 >/dev/null
cargo build --quiet --profile cli --bin kpi

survey="$data/survey-big-$copies.csv"
if [ ! -f "$survey" ]; then
  head -n 1 "$data/survey-1M-en.csv" >"$survey.tmp"
  for _ in $(seq "$copies"); do tail -n +2 "$data/survey-1M-en.csv"; done >>"$survey.tmp"
  mv "$survey.tmp" "$survey"
fi
subs="$data/subscriptions-big-$copies.csv"
if [ ! -f "$subs" ]; then
  head -n 1 "$data/subscriptions-1M-en.csv" >"$subs.tmp"
  for i in $(seq "$copies"); do tail -n +2 "$data/subscriptions-1M-en.csv" | sed "s/^c/r${i}c/"; done >>"$subs.tmp"
  mv "$subs.tmp" "$subs"
fi

run() { # kind file [options]
  local kind=$1 file=$2
  shift 2
  /usr/bin/time -f "%e %M" -o /tmp/kpi-big-time target/cli/kpi "$kind" "$file" --json "$@" >/tmp/kpi-big-out.json
  node -e '
    const fs = require("fs");
    const [kind, file, opts] = process.argv.slice(1);
    const [secs, kb] = fs.readFileSync("/tmp/kpi-big-time", "utf8").trim().split(/\s+/).map(Number);
    const r = JSON.parse(fs.readFileSync("/tmp/kpi-big-out.json", "utf8"));
    const mb = fs.statSync(file).size / 1e6, peak = kb * 1024 / 1e6;
    console.log(`${kind} ${file.split("/").pop()} ${opts}: ${mb.toFixed(0)} MB, ${r.rows} rows used, ${secs} s, ${(mb / secs).toFixed(0)} MB/s, peak RSS ${peak.toFixed(1)} MB = ${(peak / mb).toFixed(3)}x the file`);
  ' "$kind" "$file" "${*:-}"
}
run survey "$survey"
run survey "$survey" --segment segment --period week
run subscriptions "$subs"
