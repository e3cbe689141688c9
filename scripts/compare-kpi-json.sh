#!/usr/bin/env bash
# Proof that a refactoring changed no number: builds `kpi` at BASE_REV and at the work tree,
# runs both over every fixture, every sample and generated files, with every kind, several
# periods, segments, date ranges and options (JSON, and the text table in both languages),
# and compares stdout, stderr and the exit code byte for byte.
#
#   bash scripts/compare-kpi-json.sh [BASE_REV]        (default: main)
#   KPI_PROFILE=dev bash scripts/compare-kpi-json.sh   (the work tree built quickly, unoptimised;
#                                                       the output does not depend on the profile)
#
# Exits 1 and prints the first differences when any run differs. The base binary is cached
# in /tmp/kpi-base-<rev> (same rev, same bytes); the base is built in a temporary git
# worktree with this tree's target directory, so only the crate itself is recompiled.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BASE_REV=${1:-main}
BASE_SHA=$(git rev-parse --short=12 "$BASE_REV")
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
PROFILE=${KPI_PROFILE:-cli}
PROFILE_DIR=$PROFILE
[ "$PROFILE" = dev ] && PROFILE_DIR=debug
WORK=$(mktemp -d /tmp/kpi-compare.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

BASE_BIN=/tmp/kpi-base-$BASE_SHA
if [ ! -x "$BASE_BIN" ]; then
  echo "building kpi at $BASE_SHA ..."
  git worktree add --detach "$WORK/base" "$BASE_SHA" >/dev/null
  (cd "$WORK/base" && CARGO_TARGET_DIR=$TARGET cargo build --locked --quiet --profile cli --bin kpi)
  cp "$TARGET/cli/kpi" "$BASE_BIN"
  git worktree remove --force "$WORK/base"
fi
echo "building kpi at the work tree ..."
cargo build --locked --quiet --profile "$PROFILE" --bin kpi
cp "$TARGET/$PROFILE_DIR/kpi" "$WORK/kpi-head"
HEAD_BIN=$WORK/kpi-head

# Generated files: small sizes of the benchmark generators (same seed, same bytes).
GEN=$WORK/gen
node bench/gen.mjs "$GEN" 2000 >/dev/null
node bench/gen-kinds.mjs "$GEN" 3000 >/dev/null

mapfile -t FILES < <(
  { find tests/fixtures public/samples -type f ! -name '*.md' ! -name '*.py'; find "$GEN" -type f; } | sort
)
KINDS=(survey subscriptions orders tickets usage funnel health)
OPTIONS="--survey-type csat --csat-scale 7 --csat-threshold 5 --ces-scale 5 --ces-lower-is-easier \
--surveys-sent 100 --gross-margin 80 --ltv-churn-months 6 --net-churn chartmogul \
--lifespan-years 3 --arpa 50 --customers 200 --ttv-feature export"

# Candidate segment columns: the first line's fields (text files only), at most five.
segments() {
  case "$1" in *.xlsx | *.ods) echo "segment"; return ;; esac
  head -c 4096 "$1" | head -n 1 | tr -d '\r"\357\273\277' | tr ',;\t' '\n\n\n' | grep -av "^$" |
    grep -av "^[{[]" | head -n 5 || true
}

runs=0
diffs=0
compare() { # args: kpi arguments
  local a=$WORK/a b=$WORK/b ra=0 rb=0
  "$BASE_BIN" "$@" >"$a.out" 2>"$a.err" || ra=$?
  "$HEAD_BIN" "$@" >"$b.out" 2>"$b.err" || rb=$?
  # coverage: keys added after the base (ADDED_KEYS="coverage", last in the JSON object) are
  # taken off the work tree's output, so every key the base has is still compared
  for key in ${ADDED_KEYS:-}; do
    sed -i -E "s/,\"$key\":(null|\{[^{}]*\})\}\$/}/" "$b.out"
  done
  runs=$((runs + 1))
  if [ "$ra" != "$rb" ] || ! cmp -s "$a.out" "$b.out" || ! cmp -s "$a.err" "$b.err"; then
    diffs=$((diffs + 1))
    if [ "$diffs" -le 5 ]; then
      echo "DIFFERS: kpi $* (exit $ra vs $rb)"
      diff <(cat "$a.out" "$a.err") <(cat "$b.out" "$b.err") | head -n 20 || true
    fi
  fi
}

for f in "${FILES[@]}"; do
  mapfile -t SEGS < <(segments "$f")
  for k in "${KINDS[@]}"; do
    compare "$k" "$f" --json
    compare "$k" "$f" --lang de
    compare "$k" "$f"
    compare "$k" "$f" --json --period week
    compare "$k" "$f" --json --period quarter
    compare "$k" "$f" --json --from 2024-01-01 --to 2024-06-30
    # shellcheck disable=SC2086
    compare "$k" "$f" --json $OPTIONS
    for s in "${SEGS[@]}"; do
      compare "$k" "$f" --json --segment "$s"
      compare "$k" "$f" --json --period quarter --segment "$s" --from 2023-01-01 --to 2024-12-31
    done
  done
done

# Large files (the work tree reads them in parts, one per core; KPI_THREADS as set): the
# 1 M-row benchmark files (22-23 MB) with segment columns added, "region" with values first
# seen half-way and late in the file (in a later part), "plan" from the MRR; then orders,
# tickets and usage. Skipped with KPI_COMPARE_LARGE=0.
if [ "${KPI_COMPARE_LARGE:-1}" = 1 ]; then
  BIG=$WORK/big
  node bench/gen.mjs "$BIG" 1000000 >/dev/null
  region='r = (NR % 7 == 0) ? "" : (NR > 800000 && NR % 3 == 0) ? "Süd" : (NR > 450000 && NR % 4 == 0) ? "West" : (NR % 2 ? "Nord" : "Ost")'
  awk -F, -v OFS=, "NR == 1 { print \$0, \"region\"; next } { $region; print \$0, r }" \
    "$BIG/survey-1M-en.csv" >"$BIG/survey-region-en.csv"
  awk -F';' -v OFS=';' "NR == 1 { print \$0, \"Region\"; next } { $region; print \$0, r }" \
    "$BIG/survey-1M-de.csv" >"$BIG/survey-region-de.csv"
  awk -F, -v OFS=, "NR == 1 { print \$0, \"plan\", \"region\"; next }
    { $region; p = (\$3 + 0 < 30) ? \"Starter\" : (\$3 + 0 < 100) ? \"Growth\" : \"Scale\"; print \$0, p, r }" \
    "$BIG/subscriptions-1M-en.csv" >"$BIG/subscriptions-region-en.csv"
  rm -f "$BIG"/*-1M-*.csv
  for lang in en de; do
    f=$BIG/survey-region-$lang.csv
    seg="segment region"
    [ "$lang" = de ] && seg="Segment Region"
    for s in $seg; do
      compare survey "$f" --json --segment "$s"
      compare survey "$f" --json --period week --segment "$s" --from 2023-03-01 --to 2024-10-31
      compare survey "$f" --comments --segment "$s"
    done
    compare survey "$f" --json
    compare survey "$f" --lang de
  done
  f=$BIG/subscriptions-region-en.csv
  for s in plan region; do
    compare subscriptions "$f" --json --segment "$s"
    compare subscriptions "$f" --json --period quarter --segment "$s" --from 2022-06-01
  done
  compare subscriptions "$f" --json
  compare subscriptions "$f" --lang de --segment region
  rm -rf "$BIG"
  # the kinds whose rows are kept (each part keeps its rows): 600 k rows each, 21-60 MB
  node bench/gen-kinds.mjs "$BIG" 600000 >/dev/null
  rm -f "$BIG/survey.csv" "$BIG/snapshots.csv" "$BIG/subscriptions.csv"
  compare orders "$BIG/orders.csv" --json --segment channel
  compare orders "$BIG/orders.csv" --json --period quarter
  compare tickets "$BIG/tickets.csv" --json --segment category
  compare usage "$BIG/usage.csv" --json --segment account
  rm -rf "$BIG"
fi

echo "$runs runs over ${#FILES[@]} files, $diffs differ (base $BASE_SHA)"
[ "$diffs" -eq 0 ]
