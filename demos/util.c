// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <ctype.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <linux/close_range.h>

#include "demos/util.h"

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static double tv_s(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

double ru_user_s(const struct rusage *ru)
{
	return tv_s(&ru->ru_utime);
}

double ru_sys_s(const struct rusage *ru)
{
	return tv_s(&ru->ru_stime);
}

struct rusage ru_diff(const struct rusage *b, const struct rusage *a)
{
	struct rusage d;

	memset(&d, 0, sizeof(d));
	timersub(&b->ru_utime, &a->ru_utime, &d.ru_utime);
	timersub(&b->ru_stime, &a->ru_stime, &d.ru_stime);
	d.ru_minflt = b->ru_minflt - a->ru_minflt;
	d.ru_majflt = b->ru_majflt - a->ru_majflt;
	d.ru_nvcsw = b->ru_nvcsw - a->ru_nvcsw;
	d.ru_nivcsw = b->ru_nivcsw - a->ru_nivcsw;
	return d;
}

int parse_size(const char *s, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	uint64_t mult = 1;
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	switch (tolower((unsigned char)*end)) {
	case 'k':
		mult = KIB;
		break;
	case 'm':
		mult = MIB;
		break;
	case 'g':
		mult = GIB;
		break;
	case '\0':
		break;
	default:
		return -1;
	}
	if (*end) {
		end++;
		/* Accept K, KB, KiB (all binary). */
		if (!strcasecmp(end, "ib") || !strcasecmp(end, "b"))
			end += strlen(end);
		if (*end)
			return -1;
	}
	if (v == 0 || v > max / mult)
		return -1;
	*out = v * mult;
	return 0;
}

const char *size_str(uint64_t n)
{
	static char bufs[4][32];
	static unsigned int next;
	char *b = bufs[next++ % 4];

	if (n >= MIB && n % MIB == 0)
		snprintf(b, sizeof(bufs[0]), "%llu MiB",
			 (unsigned long long)(n / MIB));
	else if (n >= KIB && n % KIB == 0)
		snprintf(b, sizeof(bufs[0]), "%llu KiB",
			 (unsigned long long)(n / KIB));
	else
		snprintf(b, sizeof(bufs[0]), "%llu bytes",
			 (unsigned long long)n);
	return b;
}

int pin_to_cpu(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

void close_other_fds(const int *keep, int n)
{
	unsigned int from = 3;

	/* Close the gaps between the kept descriptors, lowest first. */
	for (;;) {
		unsigned int next = ~0U;

		for (int i = 0; i < n; i++)
			if (keep[i] >= (int)from &&
			    (unsigned int)keep[i] < next)
				next = (unsigned int)keep[i];
		if (next > from)
			close_range(from, next == ~0U ? ~0U : next - 1, 0);
		if (next == ~0U)
			return;
		from = next + 1;
	}
}

int read_full(int fd, void *buf, size_t n)
{
	char *p = buf;

	while (n) {
		ssize_t r = read(fd, p, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int write_full(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n) {
		ssize_t r = write(fd, p, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}
