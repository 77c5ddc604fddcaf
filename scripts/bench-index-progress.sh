#!/usr/bin/env bash
# Runs `vanban index` on a (large) folder and records how many documents the database holds every
# INTERVAL seconds, so the indexing rate can be followed as the index grows (is the time per
# document flat?). Stops the run after MAX seconds if it has not finished.
#
#   scripts/bench-index-progress.sh BIN DOCS_DIR DB LOG [MAX=2700] [INTERVAL=60]
#
# LOG gets one line per sample: elapsed seconds, documents, documents/s since the last sample,
# peak RSS of the indexer so far (MB, from /proc), CPU seconds of the indexer so far (user +
# system, all threads, from /proc) and CPU milliseconds per document since the last sample (the
# figure to follow on a shared machine: wall rates move with the neighbours' load, CPU per
# document much less). Needs xapian-delve (xapian-tools). Extra arguments after INTERVAL go to
# `vanban index` (e.g. --jobs 2).
set -uo pipefail
BIN="$1"; DOCS="$2"; DB="$3"; LOG="$4"; MAX="${5:-2700}"; INTERVAL="${6:-60}"
shift 6 2>/dev/null || shift $#
rm -rf "$DB"
start=$(date +%s.%N)
TICKS=$(getconf CLK_TCK)
"$BIN" index "$DOCS" --db "$DB" --quiet --json "$@" > "$LOG.out" 2>&1 &
pid=$!
echo "# $BIN index $DOCS $* (pid $pid), max ${MAX}s; elapsed_s docs docs_per_s_since_last peak_rss_mb cpu_s cpu_ms_per_doc_since_last" > "$LOG"
last_n=0; last_t=0; last_cpu=0
while kill -0 "$pid" 2>/dev/null; do
    sleep "$INTERVAL"
    now=$(date +%s.%N); t=$(echo "$now - $start" | bc)
    n=$(xapian-delve "$DB" 2>/dev/null | sed -n 's/^number of documents = //p'); n=${n:-0}
    rss=$(awk '/VmHWM/ {print int($2/1024)}' /proc/$pid/status 2>/dev/null)
    rate=$(echo "scale=1; ($n - $last_n) / ($t - $last_t)" | bc)
    cpu=$(awk -v tck="$TICKS" '{print ($14 + $15) / tck}' /proc/$pid/stat 2>/dev/null)
    if [ -n "$cpu" ] && [ "$n" -gt "$last_n" ]; then per=$(echo "scale=3; 1000 * ($cpu - $last_cpu) / ($n - $last_n)" | bc); else per="?"; cpu=${cpu:-$last_cpu}; fi
    echo "$t $n $rate ${rss:-?} $cpu $per" >> "$LOG"
    last_n=$n; last_t=$t; last_cpu=$cpu
    if [ "$(echo "$t > $MAX" | bc)" = 1 ]; then kill "$pid"; echo "# stopped after ${MAX}s" >> "$LOG"; break; fi
done
wait "$pid" 2>/dev/null
end=$(date +%s.%N)
echo "# finished after $(echo "$end - $start" | bc) s: $(cat "$LOG.out" | tail -1)" >> "$LOG"
