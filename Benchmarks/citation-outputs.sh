#!/bin/bash
# usage: Benchmarks/citation-outputs.sh BIN DB OUTDIR QUERIES.tsv — every cites/answers/obligations form of the non-search lines, for cmp between binaries
BIN=$1; DB=$2; OUT=$3; Q=$4
mkdir -p "$OUT"; rm -f "$OUT"/*.json "$OUT"/*.txt
i=0
while IFS=$'\t' read -r kind cmd arg y iss; do
  case $cmd in search) continue;; esac
  i=$((i+1))
  extra=()
  [ -n "$y" ] && extra+=(--year "${y#year=}")
  [ -n "$iss" ] && extra+=(--issuer "${iss#issuer=}")
  case $cmd in
    cites-transitive)
      $BIN cites "$arg" --transitive --json --db $DB > $OUT/$i.cites.json 2>&1; echo "rc=$?" >> $OUT/$i.cites.json
      $BIN cites "$arg" --transitive --db $DB > $OUT/$i.cites.txt 2>&1
      $BIN cites "$arg" --db $DB --relation implements > $OUT/$i.cites1.txt 2>&1
      ;;
    answers)
      $BIN answers "$arg" "${extra[@]}" --json --db $DB > $OUT/$i.answers.json 2>&1; echo "rc=$?" >> $OUT/$i.answers.json
      $BIN answers "$arg" "${extra[@]}" --db $DB > $OUT/$i.answers.txt 2>&1
      $BIN obligations --plan "$arg" "${extra[@]}" --as-of 2025-06-30 --json --db $DB > $OUT/$i.oblplan.json 2>&1
      $BIN obligations --plan "$arg" "${extra[@]}" --as-of 2025-06-30 --db $DB > $OUT/$i.oblplan.txt 2>&1
      $BIN refs "$arg" "${extra[@]}" --json --db $DB > $OUT/$i.refs.json 2>&1
      ;;
    obligations)
      $BIN obligations --as-of "$arg" --json --db $DB > $OUT/$i.obl.json 2>&1; echo "rc=$?" >> $OUT/$i.obl.json
      $BIN obligations --as-of "$arg" --db $DB > $OUT/$i.obl.txt 2>&1
      ;;
  esac
done < $Q
