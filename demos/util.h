/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
#ifndef COPYSCOPE_DEMOS_UTIL_H
#define COPYSCOPE_DEMOS_UTIL_H

/* Small helpers every demo part uses: clocks, sizes, CPU pinning. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#define KIB 1024ULL
#define MIB (1024ULL * KIB)
#define GIB (1024ULL * MIB)

/* CLOCK_MONOTONIC in nanoseconds (the clock the tracer compares with). */
uint64_t now_ns(void);

/* User and system CPU seconds of a struct rusage. */
double ru_user_s(const struct rusage *ru);
double ru_sys_s(const struct rusage *ru);
/* b - a for user and system time, as a struct rusage with only those set. */
struct rusage ru_diff(const struct rusage *b, const struct rusage *a);

/*
 * "16M", "64K", "1G", "1000003", "64KiB", "2m": binary multiples.
 * Returns 0 and *out, or -1 for anything else (or 0 or more than max).
 */
int parse_size(const char *s, uint64_t max, uint64_t *out);

/*
 * A size for a human, exact: "64 KiB", "16 MiB", "16963 bytes".  Returns one
 * of a few static buffers used in turn, so that a label can hold two.
 */
const char *size_str(uint64_t n);

/* Pin the calling thread (and what it starts later) to one CPU; -1 = no-op. */
int pin_to_cpu(int cpu);

/* Round up to a multiple of a (a power of two). */
static inline uint64_t round_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

static inline uint64_t round_down(uint64_t x, uint64_t a)
{
	return x & ~(a - 1);
}

static inline uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/*
 * In a forked child: close every descriptor from 3 up except the n in keep,
 * so that the child holds no copy of the parent's sockets (a receiver
 * holding another connection's socket would keep that one from ever ending).
 */
void close_other_fds(const int *keep, int n);

/* Read or write exactly n bytes (pipes between our own processes). */
int read_full(int fd, void *buf, size_t n);
int write_full(int fd, const void *buf, size_t n);

#endif /* COPYSCOPE_DEMOS_UTIL_H */
