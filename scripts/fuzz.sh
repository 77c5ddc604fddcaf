#!/usr/bin/env bash
# Builds and runs the libFuzzer targets of Fuzz/ (splitter, metadata parser, references,
# obligations, dates, query language; the file readers: RTF, HTML, .docx, encodings, PDF text),
# one after the other, each for SECONDS (default 600).
#
#   scripts/fuzz.sh                          # build, then run all eleven targets for 10 minutes each
#   scripts/fuzz.sh 60                       # one minute each
#   scripts/fuzz.sh 600 FuzzQuery FuzzDates  # some targets only
#   scripts/fuzz.sh build                    # build only
#   scripts/fuzz.sh report                   # the latest run of each target as a Markdown table
#   FUZZ_NO_BUILD=1 scripts/fuzz.sh 600 FuzzRTF &  FUZZ_NO_BUILD=1 scripts/fuzz.sh 600 FuzzHTML
#                                            # two at once, after one `build`
#
# Not part of `swift build` / `swift test` / scripts/test.sh. Needs a Linux Swift toolchain
# (libFuzzer ships with it) and libxapian (scripts/install-deps.sh). Runs under `nice`.
# Per target: corpus in Fuzz/corpus/NAME (seeded from corpus/ and the dev sets, or from the
# committed Fuzz/seeds/: queries, dates, and the format readers' fixtures cut to 8 KB), crash/timeout
# inputs in Fuzz/artifacts/NAME, the log in Fuzz/logs/NAME.log.
# Each finished run appends one line to Fuzz/logs/runs.tsv:
#   date  target  seconds  executions  exec/s  coverage  features  corpus  crashes (new inputs)
# A crash stops that target (libFuzzer's default); turn the input into a regression test,
# fix, and run again.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
ALL=(FuzzSplitter FuzzParser FuzzReferences FuzzObligations FuzzDates FuzzQuery FuzzRTF FuzzHTML FuzzDocx FuzzEncoding FuzzPDFText)

build() {
    echo "fuzz: building (release, -sanitize=fuzzer,address)" >&2
    nice -n 10 swift build -c release --package-path Fuzz --scratch-path Fuzz/.build 2>&1 | grep -v '^\[' >&2 || true
    BIN="$(swift build -c release --package-path Fuzz --scratch-path Fuzz/.build --show-bin-path)"
    for t in "${ALL[@]}"; do [ -x "$BIN/$t" ] || { echo "fuzz: $t not built" >&2; exit 2; }; done
}

seed() {
    local t="$1" dir="Fuzz/corpus/$1"
    mkdir -p "$dir"
    [ -n "$(ls -A "$dir")" ] && return 0
    case "$t" in
        FuzzQuery) cp Fuzz/seeds/queries/* "$dir"/ ;;
        FuzzDates) cp Fuzz/seeds/dates/* "$dir"/ ;;
        FuzzRTF) cp Fuzz/seeds/rtf/* "$dir"/ ;;
        FuzzHTML) cp Fuzz/seeds/html/* "$dir"/ ;;
        FuzzDocx) cp Fuzz/seeds/docx/* "$dir"/ ;;
        FuzzEncoding) cp Fuzz/seeds/encoding/* "$dir"/ ;;
        FuzzPDFText) cp Fuzz/seeds/pdftext/* "$dir"/ ;;
        *) cp corpus/*.txt Tests/Fixtures/eval/dev/*.txt Tests/Fixtures/eval/dev-health/*.txt "$dir"/ ;;
    esac
}

if [ "${1:-}" = build ]; then build; exit 0; fi
if [ "${1:-}" = report ]; then
    # The latest run of each target, as a Markdown table (for Fuzz/RESULTS.md).
    echo "| target | finished (UTC) | seconds | executions | exec/s | coverage (edges) | features | corpus | crash/timeout inputs |"
    echo "|---|---|---|---|---|---|---|---|---|"
    for t in "${ALL[@]}"; do
        grep -P "\t$t\t" Fuzz/logs/runs.tsv | tail -1 | awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $2, $1, $3, $4, $5, $6, $7, $8, $9}'
    done
    exit 0
fi
SECONDS_EACH="${1:-600}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL[@]}")
if [ -n "${FUZZ_NO_BUILD:-}" ]; then
    BIN="$(swift build -c release --package-path Fuzz --scratch-path Fuzz/.build --show-bin-path)"
else
    build
fi
mkdir -p Fuzz/logs
for t in "${TARGETS[@]}"; do
    seed "$t"
    mkdir -p "Fuzz/artifacts/$t"
    case "$t" in
        FuzzQuery|FuzzDates) MAXLEN=2048 ;;
        *) MAXLEN=16384 ;;
    esac
    LOG="Fuzz/logs/$t.log"
    # Run a copy, so the package can be rebuilt while a target runs.
    mkdir -p Fuzz/.build/run
    cp "$BIN/$t" "Fuzz/.build/run/$t"
    echo "fuzz: $t for ${SECONDS_EACH}s (log: $LOG)" >&2
    BEFORE=$(ls "Fuzz/artifacts/$t" | grep -cE '^(crash|timeout|oom|leak)-' || true)
    START=$(date +%s)
    set +e
    ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 nice -n 19 "Fuzz/.build/run/$t" "Fuzz/corpus/$t" \
        -dict=Fuzz/vanban.dict -max_len=$MAXLEN -timeout=10 -rss_limit_mb=3072 -detect_leaks=0 \
        -max_total_time="$SECONDS_EACH" -print_final_stats=1 \
        -artifact_prefix="Fuzz/artifacts/$t/" >"$LOG" 2>&1
    RC=$?
    set -e
    ELAPSED=$(( $(date +%s) - START ))
    EXECS=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$LOG" | grep -o '[0-9]*$' || true)
    RATE=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$LOG" | grep -o '[0-9]*$' || true)
    LAST=$(grep -E '^#[0-9]+' "$LOG" | tail -1 || true)
    COV=$(echo "$LAST" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*' || true)
    FT=$(echo "$LAST" | grep -o 'ft: [0-9]*' | grep -o '[0-9]*' || true)
    CORP=$(echo "$LAST" | grep -o 'corp: [0-9]*' | grep -o '[0-9]*' || true)
    [ -z "$EXECS" ] && EXECS=$(echo "$LAST" | grep -o '^#[0-9]*' | tr -d '#' || true)
    CRASHES=$(( $(ls "Fuzz/artifacts/$t" | grep -cE '^(crash|timeout|oom|leak)-' || true) - BEFORE ))
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$ELAPSED" "${EXECS:-?}" "${RATE:-?}" \
        "${COV:-?}" "${FT:-?}" "${CORP:-?}" "$CRASHES" >> Fuzz/logs/runs.tsv
    if [ $RC -ne 0 ]; then
        echo "fuzz: $t stopped with exit $RC after ${ELAPSED}s; inputs in Fuzz/artifacts/$t:" >&2
        ls "Fuzz/artifacts/$t" >&2
    else
        echo "fuzz: $t: ${EXECS:-?} executions in ${ELAPSED}s, no crash" >&2
    fi
done
column -t -s $'\t' Fuzz/logs/runs.tsv | tail -n ${#TARGETS[@]} >&2
