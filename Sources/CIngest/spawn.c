// Running external tools (pdftotext, antiword, tesseract…) so that none outlives VanBan, hangs it,
// or fills its memory or disk.
//
// Foundation's Process cannot do it (no parent-death signal, no process group, no output cap) and
// posix_spawn cannot set a parent-death signal, so the child is made here with fork + execve; the
// child runs only async-signal-safe system calls between the two:
// - its own process group (setpgid), so a time-out or cap kills the tool and anything it started;
// - PR_SET_PDEATHSIG = SIGKILL (Linux): when the thread that started it dies (VanBan exits, is
//   killed, even with kill -9), the kernel kills the tool;
// - no descriptor of ours but stdin, stdout, stderr and the input file as descriptor 3 (a tool
//   never holds the database's lock or files);
// - stdout and stderr are pipes read here with poll until EOF, the deadline, or the output cap:
//   nothing is written to disk (no temporary file to leave behind, no ENOSPC to cut the text);
// - RLIMIT_CORE 0, RLIMIT_FSIZE for files the tool writes on its own, a lower priority.
#define _GNU_SOURCE
#include "cingest.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#define ERR_KEEP (64 * 1024)

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int cloexec_pipe(int fds[2]) {
#ifdef __linux__
    return pipe2(fds, O_CLOEXEC);
#else
    if (pipe(fds) != 0) return -1;
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    return 0;
#endif
}

static void set_nonblock(int fd) {
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static void close_from(int first) {
#if defined(__linux__) && defined(SYS_close_range)
    if (syscall(SYS_close_range, (unsigned)first, ~0U, 0) == 0) return;
#endif
    struct rlimit rl;
    long max = 65536;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && (long)rl.rlim_cur < max) max = (long)rl.rlim_cur;
    for (long fd = first; fd < max; fd++) close((int)fd);
}

// The child, between fork and execve: system calls only.
static void child(const char *path, char *const argv[], char *const envp[], int in_fd, int out_fd, int err_fd,
                  int input_fd, int report_fd, pid_t parent, int niceness, const char *cwd, uint64_t file_cap) {
    int e;
    setpgid(0, 0);
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);   // the parent died before prctl
#endif
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (int s = 1; s < 32; s++) if (s != SIGKILL && s != SIGSTOP) sigaction(s, &dfl, NULL);
    // Move every descriptor we keep above 20 first, so that the dup2s below cannot overwrite one.
    int hi_in = fcntl(in_fd, F_DUPFD, 20), hi_out = fcntl(out_fd, F_DUPFD, 20), hi_err = fcntl(err_fd, F_DUPFD, 20);
    int hi_input = input_fd >= 0 ? fcntl(input_fd, F_DUPFD, 20) : -1;
    int hi_report = fcntl(report_fd, F_DUPFD, 20);
    if (hi_in < 0 || hi_out < 0 || hi_err < 0 || hi_report < 0 || (input_fd >= 0 && hi_input < 0)) goto fail;
    if (dup2(hi_in, 0) < 0 || dup2(hi_out, 1) < 0 || dup2(hi_err, 2) < 0) goto fail;
    if (hi_input >= 0 && dup2(hi_input, 3) < 0) goto fail;
    int keep = hi_input >= 0 ? 4 : 3;
    if (dup2(hi_report, keep) < 0) goto fail;
    fcntl(keep, F_SETFD, FD_CLOEXEC);
    report_fd = keep;
    close_from(keep + 1);
    struct rlimit zero = {0, 0};
    setrlimit(RLIMIT_CORE, &zero);
    if (file_cap > 0) {
        struct rlimit fs = {(rlim_t)file_cap, (rlim_t)file_cap};
        setrlimit(RLIMIT_FSIZE, &fs);
    }
    if (niceness > 0) {
        errno = 0;
        int cur = getpriority(PRIO_PROCESS, 0);
        if (errno == 0) setpriority(PRIO_PROCESS, 0, cur + niceness > 19 ? 19 : cur + niceness);
    }
    if (cwd && chdir(cwd) != 0) goto fail;
    execve(path, argv, envp);
fail:
    e = errno;
    if (write(report_fd, &e, sizeof e) < 0) { /* nothing more to do */ }
    _exit(127);
}

static int append(unsigned char **buf, size_t *len, size_t *cap, const unsigned char *src, size_t n) {
    if (*len + n > *cap) {
        size_t want = *cap ? *cap : 65536;
        while (want < *len + n) want *= 2;
        unsigned char *b = realloc(*buf, want);
        if (!b) return -1;
        *buf = b;
        *cap = want;
    }
    memcpy(*buf + *len, src, n);
    *len += n;
    return 0;
}

static void kill_group(pid_t pid) {
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
}

int vb_run(const char *path, char *const argv[], char *const envp[], int input_fd,
           const unsigned char *stdin_data, size_t stdin_len, long timeout_ms, size_t out_cap,
           int niceness, const char *cwd, uint64_t file_cap, vb_run_result *r) {
    memset(r, 0, sizeof *r);
    int out[2] = {-1, -1}, err[2] = {-1, -1}, report[2] = {-1, -1}, in[2] = {-1, -1};
    int devnull = -1;
    if (cloexec_pipe(out) != 0 || cloexec_pipe(err) != 0 || cloexec_pipe(report) != 0) goto setup_failed;
    if (stdin_data) {
        // A socket pair rather than a pipe: send(MSG_NOSIGNAL) cannot raise SIGPIPE in VanBan when
        // the tool stops reading.
#ifdef SOCK_CLOEXEC
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) != 0) goto setup_failed;
#else
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, in) != 0) goto setup_failed;
        fcntl(in[0], F_SETFD, FD_CLOEXEC);
        fcntl(in[1], F_SETFD, FD_CLOEXEC);
#endif
        shutdown(in[0], SHUT_WR);
    } else {
        devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (devnull < 0) goto setup_failed;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) goto setup_failed;
    if (pid == 0) {
        child(path, argv, envp, stdin_data ? in[0] : devnull, out[1], err[1], input_fd, report[1], parent, niceness, cwd, file_cap);
        _exit(127);
    }
    // Parent.
    setpgid(pid, pid);   // also here, so the group exists before any kill below
    close(out[1]); close(err[1]); close(report[1]);
    if (stdin_data) close(in[0]);
    if (devnull >= 0) close(devnull);
    int child_errno = 0;
    ssize_t got;
    do { got = read(report[0], &child_errno, sizeof child_errno); } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got == (ssize_t)sizeof child_errno) {
        int st;
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
        close(out[0]); close(err[0]);
        if (stdin_data) close(in[1]);
        r->spawn_errno = child_errno ? child_errno : ENOEXEC;
        return -1;
    }
    r->started = 1;
    long long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
    int fo = out[0], fe = err[0], fi = stdin_data ? in[1] : -1;
    set_nonblock(fo); set_nonblock(fe);
    if (fi >= 0) { set_nonblock(fi); if (stdin_len == 0) { close(fi); fi = -1; } }
    size_t sent = 0, out_cap_bytes = 0;
    size_t err_cap_bytes = 0;
    unsigned char chunk[65536];
    int killed = 0;
    while (fo >= 0 || fe >= 0) {
        long long left = deadline - now_ms();
        if (left <= 0) { r->timed_out = 1; break; }
        struct pollfd p[3];
        int n = 0, io = -1, ie = -1, ii = -1;
        if (fo >= 0) { p[n].fd = fo; p[n].events = POLLIN; io = n++; }
        if (fe >= 0) { p[n].fd = fe; p[n].events = POLLIN; ie = n++; }
        if (fi >= 0) { p[n].fd = fi; p[n].events = POLLOUT; ii = n++; }
        int k = poll(p, (nfds_t)n, left > 1000 ? 1000 : (int)left);
        if (k < 0) { if (errno == EINTR) continue; break; }
        if (io >= 0 && p[io].revents) {
            ssize_t m = read(fo, chunk, sizeof chunk);
            if (m > 0) {
                if (r->out_len + (size_t)m > out_cap) {
                    size_t keep = out_cap - r->out_len;
                    append(&r->out, &r->out_len, &out_cap_bytes, chunk, keep);
                    r->output_capped = 1;
                    break;
                }
                if (append(&r->out, &r->out_len, &out_cap_bytes, chunk, (size_t)m) != 0) { r->output_capped = 1; break; }
            } else if (m == 0 || (errno != EINTR && errno != EAGAIN)) { close(fo); fo = -1; }
        }
        if (ie >= 0 && p[ie].revents) {
            ssize_t m = read(fe, chunk, sizeof chunk);
            if (m > 0) {
                size_t room = r->err_len < ERR_KEEP ? ERR_KEEP - r->err_len : 0;
                if (room) append(&r->err, &r->err_len, &err_cap_bytes, chunk, (size_t)m < room ? (size_t)m : room);
            } else if (m == 0 || (errno != EINTR && errno != EAGAIN)) { close(fe); fe = -1; }
        }
        if (ii >= 0 && p[ii].revents) {
            ssize_t m = send(fi, stdin_data + sent, stdin_len - sent, MSG_NOSIGNAL);
            if (m > 0) sent += (size_t)m;
            if ((m < 0 && errno != EINTR && errno != EAGAIN) || sent == stdin_len) { close(fi); fi = -1; }
        }
    }
    if (r->timed_out || r->output_capped) { kill_group(pid); killed = 1; }
    if (fo >= 0) close(fo);
    if (fe >= 0) close(fe);
    if (fi >= 0) close(fi);
    // Wait for the exit without reaping, so the group can be killed (a tool's leftover children)
    // while its id cannot be reused.
    siginfo_t info;
    for (;;) {
        memset(&info, 0, sizeof info);
        int w = waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT | (killed ? 0 : WNOHANG));
        if (w < 0 && errno == EINTR) continue;
        if (w < 0 || info.si_pid == pid) break;
        if (now_ms() >= deadline) { r->timed_out = 1; kill_group(pid); killed = 1; continue; }
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
    }
    kill(-pid, SIGKILL);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
    if (WIFEXITED(st)) { r->exited = 1; r->status = WEXITSTATUS(st); }
    if (WIFSIGNALED(st)) r->signal = WTERMSIG(st);
    return 0;

setup_failed: {
        r->spawn_errno = errno ? errno : EIO;
        int fds[] = {out[0], out[1], err[0], err[1], report[0], report[1], in[0], in[1], devnull};
        for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++) if (fds[i] >= 0) close(fds[i]);
        return -1;
    }
}

void vb_run_free(vb_run_result *r) {
    free(r->out);
    free(r->err);
    r->out = NULL;
    r->err = NULL;
    r->out_len = r->err_len = 0;
}
