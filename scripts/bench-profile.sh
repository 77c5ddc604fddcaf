#!/usr/bin/env bash
# Instruction-count profile of `vanban index` with callgrind (timings on a shared machine are
# noisy; instruction counts are not).
#
#   scripts/bench-profile.sh                 # 2,000 generated documents, seed 1
#   DOCS=500 REV=HEAD~3 scripts/bench-profile.sh
#   MODE=parse DOCS=300 scripts/bench-profile.sh   # the parser alone (`vanban bench parse-dump`)
#   MODE=bulk scripts/bench-profile.sh             # parse+build+write, no per-file transactions
#   MODE=queries DB=/tmp/db QUERIES=q.tsv scripts/bench-profile.sh  # `vanban bench queries --repeat 1`
#
# Builds the release binary with DWARF 4 (valgrind 3.19 cannot read the toolchain's DWARF 5) in a
# scratch path (REV other than the work tree: a `git archive` copy under $WORK), generates the
# corpus with Benchmarks/gen_corpus.py, runs `valgrind --tool=callgrind` on
# `vanban index DOCS --db ... --quiet` and prints the total and the top functions, inclusive and
# exclusive. The raw profile stays in $WORK/callgrind.<rev>.out (open with callgrind_annotate or
# kcachegrind). The sigsuspend LD_PRELOAD shim is the one scripts/leakcheck.sh explains.
set -euo pipefail
cd "$(dirname "$0")/.."
DOCS="${DOCS:-2000}"
SEED="${SEED:-1}"
REV="${REV:-}"
WORK="${WORK:-/tmp/vanban-profile}"
mkdir -p "$WORK"
FLAGS=(-c release -Xswiftc -dwarf-version=4 -Xcc -gdwarf-4 -Xcxx -gdwarf-4)

if [ -z "$REV" ]; then
    SRC="$PWD"; SCRATCH="$WORK/build-worktree"; TAG=worktree
else
    TAG="$(git rev-parse --short "$REV")"; SRC="$WORK/src-$TAG"; SCRATCH="$WORK/build-$TAG"
    if [ ! -d "$SRC" ]; then mkdir -p "$SRC"; git archive "$REV" | tar -x -C "$SRC"; fi
fi
(cd "$SRC" && swift build --scratch-path "$SCRATCH" "${FLAGS[@]}" >/dev/null)
BIN="$(cd "$SRC" && swift build --scratch-path "$SCRATCH" "${FLAGS[@]}" --show-bin-path)/vanban"

CORPUS="$WORK/corpus-$DOCS-s$SEED"
[ -f "$CORPUS/manifest.jsonl" ] || python3 Benchmarks/gen_corpus.py --docs "$DOCS" --seed "$SEED" --out "$CORPUS" >/dev/null

SIGFIX="$WORK/sigsuspend-fix.so"
if [ ! -f "$SIGFIX" ]; then
    cat > "$WORK/sigsuspend-fix.c" <<'C'
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>
int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, sizeof(unsigned long));
}
C
    cc -shared -fPIC -O2 "$WORK/sigsuspend-fix.c" -o "$SIGFIX"
fi

MODE="${MODE:-index}"
OUT="$WORK/callgrind.$TAG.$MODE.$DOCS.out"
rm -rf "$WORK/db-$TAG"
case "$MODE" in
    index) CMD=("$BIN" index "$CORPUS/docs" --db "$WORK/db-$TAG" --quiet) ;;
    parse) CMD=("$BIN" bench parse-dump "$CORPUS/docs") ;;
    bulk)  CMD=("$BIN" bench index "$CORPUS/docs" --db "$WORK/db-$TAG" --write one --threads 1 --flush-threshold "${FLUSH:-2000}") ;;
    queries) CMD=("$BIN" bench queries --db "${DB:?DB: an index folder}" --queries "${QUERIES:?QUERIES: a query file}" --repeat 1)
             OUT="$WORK/callgrind.$TAG.$MODE.$(basename "$QUERIES").out" ;;
    *) echo "MODE: index, parse, bulk or queries" >&2; exit 64 ;;
esac
LD_PRELOAD="$SIGFIX" valgrind --tool=callgrind --callgrind-out-file="$OUT" "${CMD[@]}" >/dev/null 2>"$WORK/valgrind.$TAG.$MODE.log"
echo "profile: $OUT (MODE=$MODE, $DOCS documents, REV=${REV:-work tree at $(git rev-parse --short HEAD)})"
callgrind_annotate --inclusive=yes "$OUT" 2>/dev/null | sed -n '1,60p' | cut -c1-220
echo
echo "--- exclusive"
callgrind_annotate "$OUT" 2>/dev/null | sed -n '/^Ir/,$p' | sed -n '1,45p' | cut -c1-220
