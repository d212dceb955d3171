/* enospc.c - a disk that fills up, for the tests (LD_PRELOAD).
 *
 * Writes to files whose path starts with $AS_ENOSPC_DIR fail with ENOSPC
 * from the one after the $AS_ENOSPC_AFTER-th on, every one of them, as on
 * a disk that has just filled up; other writes go through.  A stdio
 * stream's flush (fflush(), fclose()) is one write: glibc's own writes
 * go around write().  With
 * $AS_ENOSPC_COUNT set, the process says at its end how many such writes
 * it made, so that a test can fail each one in turn. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static long writes; /* under $AS_ENOSPC_DIR, so far */

/* Whether a write to fd fails (it is counted if under the directory). */
static int full(int fd)
{
    const char *dir = getenv("AS_ENOSPC_DIR");
    const char *after = getenv("AS_ENOSPC_AFTER");
    char link[64], path[PATH_MAX];
    ssize_t n;

    if (!dir || !*dir || fd < 0)
        return 0;
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    if ((n = readlink(link, path, sizeof path - 1)) < 0)
        return 0;
    path[n] = '\0';
    if (strncmp(path, dir, strlen(dir)) != 0)
        return 0;
    writes++;
    return after && writes > atol(after);
}

#define FAILING(name, args, call)                                              \
    ssize_t name args                                                          \
    {                                                                          \
        static ssize_t(*real) args;                                            \
        if (!real)                                                             \
            *(void **)&real = dlsym(RTLD_NEXT, #name);                         \
        if (full(fd)) {                                                        \
            errno = ENOSPC;                                                    \
            return -1;                                                         \
        }                                                                      \
        return real call;                                                      \
    }

FAILING(write, (int fd, const void *buf, size_t len), (fd, buf, len))
FAILING(pwrite, (int fd, const void *buf, size_t len, off_t at),
        (fd, buf, len, at))
FAILING(pwrite64, (int fd, const void *buf, size_t len, off_t at),
        (fd, buf, len, at))

/* What a stream holds unwritten is dropped, as a failed write drops it. */
int fflush(FILE *f)
{
    static int (*real)(FILE *);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "fflush");
    if (f && __fpending(f) > 0 && full(fileno(f))) {
        __fpurge(f);
        errno = ENOSPC;
        return EOF;
    }
    return real(f);
}

int fclose(FILE *f)
{
    static int (*real)(FILE *);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "fclose");
    if (f && __fpending(f) > 0 && full(fileno(f))) {
        __fpurge(f);
        real(f);
        errno = ENOSPC;
        return EOF;
    }
    return real(f);
}

__attribute__((destructor)) static void say_count(void)
{
    if (getenv("AS_ENOSPC_COUNT"))
        fprintf(stderr, "enospc: %ld writes\n", writes);
}
