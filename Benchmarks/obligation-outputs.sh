#!/bin/bash
# usage: Benchmarks/obligation-outputs.sh BIN DB OUTDIR "DATES" "STATUSES" — whole-archive `obligations`, text and --json, for cmp between binaries
# STATUSES: space-separated, "all" for no --status filter.
BIN=$1; DB=$2; OUT=$3; DATES=${4:-"2019-12-31 2022-06-30 2024-12-31 2026-06-30 2026-11-22 2031-01-01"}; STATUSES=${5:-"all fulfilled late overdue upcoming unscheduled"}
mkdir -p "$OUT"; rm -f "$OUT"/*.json "$OUT"/*.txt
for d in $DATES; do
  for s in $STATUSES; do
    f=()
    [ "$s" != all ] && f=(--status "$s")
    $BIN obligations --as-of "$d" "${f[@]}" --json --db "$DB" > "$OUT/$d.$s.json" 2>&1; echo "rc=$?" >> "$OUT/$d.$s.json"
    $BIN obligations --as-of "$d" "${f[@]}" --db "$DB" > "$OUT/$d.$s.txt" 2>&1; echo "rc=$?" >> "$OUT/$d.$s.txt"
  done
done
