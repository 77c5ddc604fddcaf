#ifndef VANBAN_CGUARD_H
#define VANBAN_CGUARD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The record of what an index run is reading, kept in a file so that a run that dies can be
/// understood by the next one (see Archive's `ReadingLog`).
///
/// Layout: a header slot, then one slot per worker, each `VB_GUARD_SLOT` bytes. A worker writes
/// the file it starts reading into its slot and clears the slot when done. If the process is
/// killed by a crash signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT) on a worker that
/// is reading a file, the handler marks that worker's slot ('C' as its first byte) before the
/// signal goes on to whatever handled it before (Swift's backtracer, or the default action). On
/// SIGINT, SIGTERM or SIGHUP it marks the header 'I' (interrupted: the files being read are not
/// to blame) and goes on likewise.
enum { VB_GUARD_SLOT = 1024 };

/// Opens (creating, mode 0600, not following a link) and resets the file for `slots` workers and
/// installs the handlers. Returns 0, or an errno value.
int vb_guard_open(const char *path, int slots);

/// The calling thread starts reading: `record` (at most VB_GUARD_SLOT - 2 bytes) goes into `slot`
/// (1-based: slot 0 is the header), marked 'R'. Also gives the thread an alternate signal stack, so
/// that a stack overflow is caught too.
void vb_guard_enter(int slot, const char *record, size_t length);

/// The calling thread is done with its file: its slot is cleared.
void vb_guard_leave(int slot);

/// The files being read are over their memory budget: their slots are marked 'M' (until each is
/// cleared when its file is done).
void vb_guard_mark_memory(void);

/// Writes the header's first byte: 'S' while files suspected by the last run are read alone, 0
/// otherwise.
void vb_guard_phase(char phase);

/// The run ended normally: the file is emptied and the handlers are put back as they were.
void vb_guard_close(void);

#ifdef __cplusplus
}
#endif

#endif
