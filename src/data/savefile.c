#include "savefile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SUFFIX ".tmp"
#define RANDOM_CHARS 6

/* The signals whose default action ends the process: on each the temporary
 * file goes first. */
static const int fatal_sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM};
#define NSIGS (sizeof fatal_sigs / sizeof fatal_sigs[0])

/* What the handler removes: set before it is installed, so the handler only
 * reads a finished string. */
static char pending[PATH_MAX];
static volatile sig_atomic_t armed;
static struct sigaction previous[NSIGS];
static int installed[NSIGS];

/* Removes the temporary file, then hands the signal to whoever had it
 * before (the terminal's restorer, or the default action). */
static void on_fatal(int sig)
{
    int saved = errno;
    if (armed)
        unlink(pending);
    armed = 0;
    for (size_t i = 0; i < NSIGS; i++)
        if (fatal_sigs[i] == sig && installed[i]) {
            sigaction(sig, &previous[i], NULL);
            installed[i] = 0;
        }
    raise(sig); /* delivered once this handler returns */
    errno = saved;
}

static void arm(const char *tmp)
{
    snprintf(pending, sizeof pending, "%s", tmp);
    armed = 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal;
    sigfillset(&sa.sa_mask);
    for (size_t i = 0; i < NSIGS; i++) {
        struct sigaction old;
        if (sigaction(fatal_sigs[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
            continue; /* ignored (nohup): it cannot end us */
        previous[i] = old;
        installed[i] = sigaction(fatal_sigs[i], &sa, NULL) == 0;
    }
}

static void disarm(void)
{
    armed = 0;
    for (size_t i = 0; i < NSIGS; i++)
        if (installed[i]) {
            sigaction(fatal_sigs[i], &previous[i], NULL);
            installed[i] = 0;
        }
}

/* The temporary name: the target's folder, as much of its name as fits in
 * NAME_MAX with ".tmp" and six random characters after it. */
static void temp_name(const char *path, char *out, size_t outlen, unsigned long seed)
{
    static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0, base = strlen(path) - dir;
    size_t room = NAME_MAX - (sizeof SUFFIX - 1) - RANDOM_CHARS;
    char rnd[RANDOM_CHARS + 1];
    for (int k = 0; k < RANDOM_CHARS; k++) {
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        rnd[k] = chars[(seed >> 33) % (sizeof chars - 1)];
    }
    rnd[RANDOM_CHARS] = '\0';
    snprintf(out, outlen, "%.*s%.*s" SUFFIX "%s", (int)dir, path, (int)(base < room ? base : room),
             path + dir, rnd);
}

int savefile_open(savefile *s, const char *path, char *err, size_t errlen)
{
    s->fd = -1;
    size_t len = strlen(path) + sizeof SUFFIX + RANDOM_CHARS + 1;
    s->tmp = len <= PATH_MAX ? malloc(len) : NULL;
    if (!s->tmp) {
        snprintf(err, errlen, "%s: %s", path,
                 len > PATH_MAX ? strerror(ENAMETOOLONG) : "out of memory");
        return -1;
    }
    unsigned long seed = (unsigned long)getpid() ^ (unsigned long)time(NULL) << 16 ^
                         (unsigned long)(size_t)s->tmp;
    /* Block the fatal signals between creating the file and arming their
     * handler, so no signal lands in between. */
    sigset_t all, old;
    sigfillset(&all);
    for (int tries = 0; tries < 100 && s->fd < 0; tries++) {
        temp_name(path, s->tmp, len, seed + (unsigned long)tries * 7919);
        pthread_sigmask(SIG_BLOCK, &all, &old);
        s->fd = open(s->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        int saved = errno;
        if (s->fd >= 0)
            arm(s->tmp);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        errno = saved;
        if (s->fd < 0 && errno != EEXIST)
            break;
    }
    if (s->fd < 0) {
        snprintf(err, errlen, "%s: cannot create a temporary file: %s", path, strerror(errno));
        free(s->tmp);
        s->tmp = NULL;
        return -1;
    }
    return 0;
}

int savefile_write(savefile *s, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(s->fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = EIO;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int savefile_commit(savefile *s, const char *path, char *err, size_t errlen)
{
    int ok = fsync(s->fd) == 0, saved = errno;
    if (close(s->fd) != 0 && ok) {
        ok = 0;
        saved = errno;
    }
    s->fd = -1;
    if (ok && rename(s->tmp, path) != 0) {
        ok = 0;
        saved = errno;
    }
    if (!ok) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(saved));
        unlink(s->tmp);
    }
    disarm();
    free(s->tmp);
    s->tmp = NULL;
    return ok ? 0 : -1;
}

void savefile_abandon(savefile *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
    if (s->tmp)
        unlink(s->tmp);
    disarm();
    free(s->tmp);
    s->tmp = NULL;
}
