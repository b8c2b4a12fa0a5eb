/*
 * Load generator for bench/live.sh: open/read/close of one temp file in a tight loop for N seconds,
 * then prints "iterations N seconds S per_second R cpu_seconds C per_cpu_second P" on stdout: the
 * rate by wall clock and by the CPU time the loop itself used (user + system, which includes the
 * probe's time in the syscall path but not time other processes took from this one, so it is the
 * steadier figure on a shared machine). Each iteration is three syscalls (openat, read, close), so
 * events/s under capture is about 3 x iterations/s.
 *
 *   loadgen SECONDS [FILE]
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double cpu_seconds(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: loadgen SECONDS [FILE]\n");
        return 2;
    }
    double seconds = atof(argv[1]);
    char path[256];
    if (argc > 2) {
        snprintf(path, sizeof path, "%s", argv[2]);
    } else {
        snprintf(path, sizeof path, "/tmp/talon-loadgen-%d", (int)getpid());
    }
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
    if (fd < 0 || write(fd, "talon loadgen payload\n", 22) != 22) {
        perror(path);
        return 1;
    }
    close(fd);

    char buf[64];
    unsigned long long iterations = 0;
    double cpu0 = cpu_seconds();
    double start = now(), end = start + seconds, t = start;
    while (t < end) {
        /* check the clock every 1024 iterations so clock_gettime (vDSO, no syscall) costs nothing */
        for (int i = 0; i < 1024; i++) {
            fd = open(path, O_RDONLY);
            if (fd < 0) {
                perror(path);
                return 1;
            }
            if (read(fd, buf, sizeof buf) < 0) {
                perror("read");
                return 1;
            }
            close(fd);
        }
        iterations += 1024;
        t = now();
    }
    if (argc <= 2) {
        unlink(path);
    }
    double cpu = cpu_seconds() - cpu0;
    printf("iterations %llu seconds %.3f per_second %.0f cpu_seconds %.3f per_cpu_second %.0f\n", iterations,
           t - start, iterations / (t - start), cpu, iterations / cpu);
    return 0;
}
