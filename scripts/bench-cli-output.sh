#!/usr/bin/env bash
# Side by side: the CPU time (user + system: steadier than wall time on a shared machine) and peak
# memory of the human-readable (and JSON) output of two vanban binaries on the same database, each
# command run REPS times alternately; prints the medians and the ratio new/old.
#
#   scripts/bench-cli-output.sh OLD_BINARY NEW_BINARY DB [REPS]
#
# e.g. python3 Benchmarks/gen_corpus.py --docs 10000 --seed 1 --out /tmp/vb-gen-10k
#      .build/release/vanban index /tmp/vb-gen-10k/docs --db /tmp/vb-gen-10k/db --quiet
#      scripts/bench-cli-output.sh /tmp/old/vanban .build/release/vanban /tmp/vb-gen-10k/db 5
# Output goes to a pipe; with BENCH_COLUMNS=120 in the environment, COLUMNS=120 is set (the new
# binary then cuts and wraps lines as on a terminal of 120 columns).
set -euo pipefail
old=$1 new=$2 db=$3 reps=${4:-5}
commands=(
    "list"
    "list --json"
    "obligations --as-of 2026-11-22"
    "obligations --as-of 2026-11-22 --json"
    "search chan --limit 50"
    "cites 226-KL/TW --transitive"
    "answers 498/KH-UBND"
)
measure() {  # binary, command → "cpu-seconds maxrssKB"
    local t; t=$(mktemp)
    env ${BENCH_COLUMNS:+COLUMNS=$BENCH_COLUMNS} /usr/bin/time -f "%U %S %M" -o "$t" "$1" $2 --db "$db" > /dev/null 2>&1 || true
    tail -1 "$t" | awk '{printf "%.2f %d\n", $1 + $2, $3}'; rm -f "$t"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf "%-42s %9s %9s %6s %9s %9s\n" command "old cpu" "new cpu" ratio "old MB" "new MB"
for c in "${commands[@]}"; do
    ot=(); nt=(); om=(); nm=()
    for _ in $(seq "$reps"); do
        read -r s m < <(measure "$old" "$c"); ot+=("$s"); om+=("$m")
        read -r s m < <(measure "$new" "$c"); nt+=("$s"); nm+=("$m")
    done
    o=$(printf "%s\n" "${ot[@]}" | median); n=$(printf "%s\n" "${nt[@]}" | median)
    omb=$(printf "%s\n" "${om[@]}" | median); nmb=$(printf "%s\n" "${nm[@]}" | median)
    printf "%-42s %9.2f %9.2f %6.2f %9.1f %9.1f\n" "$c" "$o" "$n" "$(awk -v a="$n" -v b="$o" 'BEGIN{print (b>0)?a/b:0}')" \
        "$(awk -v k="$omb" 'BEGIN{print k/1024}')" "$(awk -v k="$nmb" 'BEGIN{print k/1024}')"
done
