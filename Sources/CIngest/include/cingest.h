#ifndef VANBAN_CINGEST_H
#define VANBAN_CINGEST_H
// C helpers of Ingest: running an external tool so that it cannot outlive VanBan, hang it, or
// fill its memory or disk (spawn.c), and inflating zip entries with zlib (inflate.c).
#include <stddef.h>
#include <stdint.h>

typedef struct {
    int started;          // 1 when the program was executed
    int spawn_errno;      // fork/pipe/exec failure (errno), 0 otherwise
    int exited;           // 1: exited with `status`
    int status;
    int signal;           // signal that ended it (0: none)
    int timed_out;        // 1: killed at the deadline
    int output_capped;    // 1: killed because its stdout went past the cap
    unsigned char *out;   // stdout (at most the cap), malloc'ed, free with vb_run_free
    size_t out_len;
    unsigned char *err;   // stderr (at most 64 KB kept)
    size_t err_len;
} vb_run_result;

/// Runs `path` with `argv` (NULL-terminated) and `envp` in a process group of its own, killed when
/// the calling thread dies (PR_SET_PDEATHSIG on Linux), with no descriptor of ours but: `input_fd`
/// (>= 0) as its descriptor 3 (read it as /dev/fd/3), stdin from `stdin_data` (or /dev/null when
/// NULL), stdout and stderr to pipes read here. After `timeout_ms` milliseconds, or as soon as
/// stdout passes `out_cap` bytes, the whole process group is killed. `niceness` > 0 lowers its
/// priority; `cwd` (may be NULL) is its working folder; `file_cap` > 0 limits any file it writes
/// (RLIMIT_FSIZE). Returns 0, or -1 when it could not be started (`spawn_errno`).
int vb_run(const char *path, char *const argv[], char *const envp[], int input_fd,
           const unsigned char *stdin_data, size_t stdin_len, long timeout_ms, size_t out_cap,
           int niceness, const char *cwd, uint64_t file_cap, vb_run_result *result);

void vb_run_free(vb_run_result *result);

// Inflating a raw deflate stream (a zip entry) step by step, with zlib (inflate.c).
typedef struct vb_inflater vb_inflater;

/// A new inflater for raw deflate data, or NULL (out of memory).
vb_inflater *vb_inflate_new(void);

/// Inflates from `in` (`in_len` bytes) into `out` (room for `out_len`): `*in_used` and
/// `*out_made` say how much was taken and made. Returns 1 at the end of the stream, 0 when more
/// can be made (call again), -1 on damaged data, -2 when the input ended before the stream.
int vb_inflate_step(vb_inflater *z, const unsigned char *in, size_t in_len, size_t *in_used,
                    unsigned char *out, size_t out_len, size_t *out_made);

void vb_inflate_free(vb_inflater *z);

/// CRC-32 of `n` bytes, continuing `crc` (0 to start).
uint32_t vb_crc32(uint32_t crc, const unsigned char *p, size_t n);

#endif
