#!/usr/bin/env bash
# `kpi` reading a large file in parts, one per core (src/parallel.rs), against one thread:
# wall and user CPU time with KPI_THREADS=1 and KPI_THREADS=N alternating, median of RUNS,
# with and without --segment, and the load average before each run (on a shared machine a
# second thread only helps when a second core is free). Each pair of outputs is compared
# byte for byte. Prints a Markdown table.
#
#   bash bench/parts.sh                  # RUNS=5, N = every core; 1 M-row files + 203 MB survey
#   PARTS_BIG=0 bash bench/parts.sh      # the 1 M-row files only
#   PARTS_RT=1 bash bench/parts.sh       # each run at real-time priority (chrt -f 10; root):
#                                        # other work on the machine cannot take its cores
#
# Files: bench/gen.mjs's 1 M-row survey and subscription files (a "plan" column from the MRR
# added to the latter, which has no segment column), and the survey file 9 times (203 MB,
# as bench/big.sh makes it).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
threads=${THREADS:-$(nproc)}
data=bench/data
[ -f "$data/survey-1M-en.csv" ] && [ -f "$data/subscriptions-1M-en.csv" ] || node bench/gen.mjs "$data" 1000000 >/dev/null
plan="$data/subscriptions-1M-en-plan.csv"
[ -f "$plan" ] || awk -F, -v OFS=, 'NR == 1 { print $0, "plan"; next }
  { print $0, ($3 + 0 < 30) ? "Starter" : ($3 + 0 < 100) ? "Growth" : "Scale" }' \
  "$data/subscriptions-1M-en.csv" >"$plan"
big="$data/survey-big-9.csv"
if [ "${PARTS_BIG:-1}" = 1 ] && [ ! -f "$big" ]; then
  head -n 1 "$data/survey-1M-en.csv" >"$big.tmp"
  for _ in $(seq 9); do tail -n +2 "$data/survey-1M-en.csv"; done >>"$big.tmp"
  mv "$big.tmp" "$big"
fi
cargo build --quiet --profile cli --bin kpi
kpi=target/cli/kpi
rt=()
[ "${PARTS_RT:-0}" = 1 ] && rt=(chrt -f 10)
out=$(mktemp -d /tmp/kpi-parts.XXXXXX)
trap 'rm -rf "$out"' EXIT

bench() { # label kind file [kpi options]
  local label=$1 kind=$2 file=$3
  shift 3
  for i in $(seq "$runs"); do
    for t in 1 "$threads"; do
      local load
      load=$(cut -d' ' -f1 /proc/loadavg)
      KPI_THREADS=$t "${rt[@]}" /usr/bin/time -f "%e %U %M" -o "$out/time" \
        "$kpi" "$kind" "$file" --json "$@" >"$out/json-$t"
      echo "$label $t $(cat "$out/time") $load" >>"$out/runs"
    done
    cmp -s "$out/json-1" "$out/json-$threads" || { echo "$label: outputs differ" >&2; exit 1; }
  done
}

bench "survey-1M-en" survey "$data/survey-1M-en.csv"
bench "survey-1M-en --segment segment" survey "$data/survey-1M-en.csv" --segment segment
bench "subscriptions-1M-en (+plan)" subscriptions "$plan"
bench "subscriptions-1M-en (+plan) --segment plan" subscriptions "$plan" --segment plan
if [ "${PARTS_BIG:-1}" = 1 ]; then
  bench "survey 203 MB" survey "$big"
  bench "survey 203 MB --segment segment" survey "$big" --segment segment
fi

node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n");
const n = Number(process.argv[2]);
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); const k = s.length; return k % 2 ? s[(k - 1) / 2] : (s[k / 2 - 1] + s[k / 2]) / 2; };
const by = new Map();
for (const l of lines) {
  const f = l.split(" ");
  const [load, kb, user, wall, t] = [f.pop(), f.pop(), f.pop(), f.pop(), f.pop()].map(Number);
  const label = f.join(" ");
  if (!by.has(label)) by.set(label, { 1: [], [n]: [], load: [] });
  by.get(label)[t].push({ wall, user, kb });
  by.get(label).load.push(load);
}
console.log(`| file | wall, 1 thread | wall, ${n} threads | speed-up | user CPU 1 / ${n} | peak memory 1 / ${n} | load average |`);
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const [label, r] of by) {
  const w1 = med(r[1].map((x) => x.wall)), wn = med(r[n].map((x) => x.wall));
  const u1 = med(r[1].map((x) => x.user)), un = med(r[n].map((x) => x.user));
  const m1 = Math.max(...r[1].map((x) => x.kb)) / 1024, mn = Math.max(...r[n].map((x) => x.kb)) / 1024;
  console.log(`| ${label} | ${w1.toFixed(2)} s | ${wn.toFixed(2)} s | **${(w1 / wn).toFixed(2)}×** | ${u1.toFixed(2)} / ${un.toFixed(2)} s | ${m1.toFixed(0)} / ${mn.toFixed(0)} MB | ${Math.min(...r.load)}–${Math.max(...r.load)} |`);
}
' "$out/runs" "$threads"
