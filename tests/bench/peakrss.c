/* peakrss.c - run a command; report its wall time and peak memory.
 *
 * Usage: peakrss [-o FILE] COMMAND [ARG]...
 *
 * Runs COMMAND (searched in PATH) with this program's standard streams,
 * waits for it, and appends one line "SECONDS KIB" to FILE (or writes it
 * to stderr): the wall-clock time from just before the fork to the end
 * of the wait, and the peak resident set size of the command
 * (ru_maxrss of wait4(), which covers the process itself, not its
 * children).  Exits with the command's status (128+N when killed by
 * signal N, 127 when it could not be run).  Stands in for GNU time,
 * which may not be installed.  Benchmark tooling: not installed.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    const char *out_path = NULL;
    struct timespec t0, t1;
    struct rusage usage;
    int i = 1, wstatus;
    pid_t pid;
    FILE *out = stderr;

    if (argc > 2 && strcmp(argv[1], "-o") == 0) {
        out_path = argv[2];
        i = 3;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: peakrss [-o FILE] COMMAND [ARG]...\n");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid = fork();
    if (pid < 0) {
        perror("peakrss: fork");
        return 127;
    }
    if (pid == 0) {
        execvp(argv[i], argv + i);
        perror(argv[i]);
        _exit(127);
    }
    if (wait4(pid, &wstatus, 0, &usage) < 0) {
        perror("peakrss: wait4");
        return 127;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (out_path && (out = fopen(out_path, "a")) == NULL) {
        perror(out_path);
        return 127;
    }
    fprintf(out, "%.6f %ld\n",
            (double)(t1.tv_sec - t0.tv_sec) +
                (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
            usage.ru_maxrss);
    if (out != stderr && fclose(out) != 0) {
        perror(out_path);
        return 127;
    }
    if (WIFSIGNALED(wstatus))
        return 128 + WTERMSIG(wstatus);
    return WEXITSTATUS(wstatus);
}
