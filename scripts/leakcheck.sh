#!/usr/bin/env bash
# Runs the Xapian binding's tests (Swift Testing, filter XapianTests) under
# valgrind and exits non-zero on definite leaks or memory errors.
#
#   scripts/leakcheck.sh                     # skips the remote-server test
#   INCLUDE_REMOTE=1 scripts/leakcheck.sh    # include it (fails: see below)
#
# Two workarounds for valgrind 3.19 with Swift 6.3 on Linux:
#  * the toolchain emits DWARF 5, which valgrind 3.19 cannot read ("Possibly
#    corrupted debuginfo file ... Giving up"), so the tests are built into a
#    separate scratch path with DWARF 4 (-dwarf-version=4, -gdwarf-4);
#  * the Swift concurrency runtime calls sigsuspend() with a mask in read-only
#    memory and valgrind 3.19 writes into that mask (SIGSEGV inside valgrind),
#    so a tiny LD_PRELOAD shim copies the mask first.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH="${SCRATCH:-.build-xap-vg}"

command -v valgrind >/dev/null || { echo "valgrind not installed" >&2; exit 2; }

FLAGS=(-Xswiftc -dwarf-version=4 -Xcc -gdwarf-4 -Xcxx -gdwarf-4)
swift build --scratch-path "$SCRATCH" --build-tests "${FLAGS[@]}" >/dev/null
BIN="$(swift build --scratch-path "$SCRATCH" "${FLAGS[@]}" --show-bin-path)/VanBanPackageTests.xctest"
[ -x "$BIN" ] || { echo "test bundle not found: $BIN" >&2; exit 2; }

SIGFIX="$SCRATCH/sigsuspend-fix.so"
cat > "$SCRATCH/sigsuspend-fix.c" <<'C'
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>
int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;  /* writable copy: valgrind 3.19 writes to the mask */
    return (int)syscall(SYS_rt_sigsuspend, &copy, sizeof(unsigned long));
}
C
cc -shared -fPIC -O2 "$SCRATCH/sigsuspend-fix.c" -o "$SIGFIX"

ARGS=(--testing-library swift-testing --filter XapianTests)
if [ "${INCLUDE_REMOTE:-0}" != 1 ]; then
    # remoteDatabase() spawns xapian-tcpsrv with Foundation.Process, which
    # fails under valgrind (EBADF: valgrind reserves descriptors that
    # Process tries to close) and trips uninitialised-value reports inside
    # Foundation itself, so it is skipped. The network error path is still
    # covered by unreachableServerIsIOError().
    ARGS+=(--skip remoteDatabase)
fi

LOG="$SCRATCH/valgrind.log"
set +e
LD_PRELOAD="$PWD/$SIGFIX" valgrind --leak-check=full --errors-for-leak-kinds=definite \
    --error-exitcode=1 --show-leak-kinds=definite --num-callers=30 --log-file="$LOG" \
    "$BIN" "${ARGS[@]}"
rc=$?
set -e
grep -E "definitely lost|indirectly lost|possibly lost|still reachable|ERROR SUMMARY" "$LOG" \
    | sed 's/^==[0-9]*== *//'
if [ $rc -ne 0 ]; then
    echo "leakcheck FAILED (exit $rc); see $LOG" >&2
    exit 1
fi
echo "leakcheck OK (log: $LOG)"
