#define _GNU_SOURCE
#include "cguard.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int guard_fd = -1;
/// Which slots a thread is reading (set by enter, cleared by leave), for the memory watcher.
enum { VB_GUARD_MAX_SLOTS = 1024 };
static volatile char slot_active[VB_GUARD_MAX_SLOTS];
/// Orders the watcher's marks with enter and leave (never taken by a signal handler).
static pthread_mutex_t slots_mutex = PTHREAD_MUTEX_INITIALIZER;
static __thread int current_slot = -1;
static __thread int has_altstack = 0;

static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT };
static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define NCRASH (int)(sizeof crash_signals / sizeof crash_signals[0])
#define NSTOP (int)(sizeof stop_signals / sizeof stop_signals[0])
static struct sigaction previous_crash[NCRASH];
static struct sigaction previous_stop[NSTOP];

static void pass_on(int sig, siginfo_t *info, void *ctx, struct sigaction *prev) {
    // Put back what handled the signal before, and let it handle this one.
    sigaction(sig, prev, NULL);
    if ((prev->sa_flags & SA_SIGINFO) && prev->sa_sigaction) {
        prev->sa_sigaction(sig, info, ctx);
        return;
    }
    if (prev->sa_handler == SIG_IGN) return;
    if (prev->sa_handler != SIG_DFL && prev->sa_handler) {
        prev->sa_handler(sig);
        return;
    }
    // The default action: the signal raised again is blocked until this handler returns, then
    // delivered with the default action in place.
    raise(sig);
}

static void on_crash(int sig, siginfo_t *info, void *ctx) {
    int saved = errno;
    if (guard_fd >= 0 && current_slot > 0) {
        const char c = 'C';
        (void)!pwrite(guard_fd, &c, 1, (off_t)current_slot * VB_GUARD_SLOT);
    }
    errno = saved;
    for (int i = 0; i < NCRASH; i++) if (crash_signals[i] == sig) { pass_on(sig, info, ctx, &previous_crash[i]); return; }
}

static void on_stop(int sig, siginfo_t *info, void *ctx) {
    int saved = errno;
    if (guard_fd >= 0) {
        const char c = 'I';
        (void)!pwrite(guard_fd, &c, 1, 0);
    }
    errno = saved;
    for (int i = 0; i < NSTOP; i++) if (stop_signals[i] == sig) { pass_on(sig, info, ctx, &previous_stop[i]); return; }
}

int vb_guard_open(const char *path, int slots) {
    if (guard_fd >= 0) vb_guard_close();
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return errno;
    if (ftruncate(fd, 0) != 0 || ftruncate(fd, (off_t)(slots + 1) * VB_GUARD_SLOT) != 0) {
        int e = errno;
        close(fd);
        return e;
    }
    guard_fd = fd;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sa.sa_sigaction = on_crash;
    for (int i = 0; i < NCRASH; i++) sigaction(crash_signals[i], &sa, &previous_crash[i]);
    sa.sa_sigaction = on_stop;
    sa.sa_flags = SA_SIGINFO;
    sigset_t stops;
    sigemptyset(&stops);
    for (int i = 0; i < NSTOP; i++) {
        sigaction(stop_signals[i], NULL, &previous_stop[i]);
        // An ignored signal stays ignored (nohup).
        if (!(previous_stop[i].sa_flags & SA_SIGINFO) && previous_stop[i].sa_handler == SIG_IGN) continue;
        sigaction(stop_signals[i], &sa, NULL);
        sigaddset(&stops, stop_signals[i]);
    }
    // A run is stopped by these even when the process that started it blocked them (some test
    // runners and process managers spawn children with their signals blocked); the threads the
    // run starts inherit this thread's mask.
    pthread_sigmask(SIG_UNBLOCK, &stops, NULL);
    return 0;
}

void vb_guard_enter(int slot, const char *record, size_t length) {
    if (!has_altstack) {
        size_t size = 64 * 1024;
        void *mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (mem != MAP_FAILED) {
            stack_t ss;
            ss.ss_sp = mem;
            ss.ss_size = size;
            ss.ss_flags = 0;
            if (sigaltstack(&ss, NULL) == 0) has_altstack = 1; else munmap(mem, size);
        }
    }
    if (guard_fd < 0 || slot <= 0) return;
    char buf[VB_GUARD_SLOT];
    memset(buf, 0, sizeof buf);
    buf[0] = 'R';
    if (length > VB_GUARD_SLOT - 2) length = VB_GUARD_SLOT - 2;
    memcpy(buf + 1, record, length);
    pthread_mutex_lock(&slots_mutex);
    (void)!pwrite(guard_fd, buf, sizeof buf, (off_t)slot * VB_GUARD_SLOT);
    current_slot = slot;
    if (slot < VB_GUARD_MAX_SLOTS) slot_active[slot] = 1;
    pthread_mutex_unlock(&slots_mutex);
}

void vb_guard_leave(int slot) {
    current_slot = -1;
    if (guard_fd < 0 || slot <= 0) return;
    pthread_mutex_lock(&slots_mutex);
    if (slot < VB_GUARD_MAX_SLOTS) slot_active[slot] = 0;
    const char c = 0;
    (void)!pwrite(guard_fd, &c, 1, (off_t)slot * VB_GUARD_SLOT);
    pthread_mutex_unlock(&slots_mutex);
}

void vb_guard_mark_memory(void) {
    if (guard_fd < 0) return;
    const char m = 'M';
    pthread_mutex_lock(&slots_mutex);
    for (int s = 1; s < VB_GUARD_MAX_SLOTS; s++) {
        if (slot_active[s]) (void)!pwrite(guard_fd, &m, 1, (off_t)s * VB_GUARD_SLOT);
    }
    pthread_mutex_unlock(&slots_mutex);
}

void vb_guard_phase(char phase) {
    if (guard_fd >= 0) (void)!pwrite(guard_fd, &phase, 1, 0);
}

void vb_guard_close(void) {
    if (guard_fd < 0) return;
    pthread_mutex_lock(&slots_mutex);
    memset((void *)slot_active, 0, sizeof slot_active);
    pthread_mutex_unlock(&slots_mutex);
    for (int i = 0; i < NCRASH; i++) sigaction(crash_signals[i], &previous_crash[i], NULL);
    for (int i = 0; i < NSTOP; i++) sigaction(stop_signals[i], &previous_stop[i], NULL);
    (void)!ftruncate(guard_fd, 0);
    close(guard_fd);
    guard_fd = -1;
}
