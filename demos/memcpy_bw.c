// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * memcpy_bw: how fast can this machine's CPU copy memory?  The upper limit of
 * any strategy that copies with the CPU, measured beside the demos in
 * `make bench`.
 *
 *   memcpy_bw [--size BYTES] [--reps N] [--json]
 *
 * Two numbers, medians of N repetitions:
 *   large   one buffer of --size (default 256M, far larger than the caches)
 *           copied into another: memory to memory
 *   chunk   a 16 MiB source copied 64 KiB at a time into one 64 KiB buffer,
 *           the way read() fills a reused user buffer: the destination stays
 *           in the cache
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MIB (1024.0 * 1024.0)

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * Keep the compiler from dropping copies whose result is never read: the
 * destination "escapes" through an empty asm statement.
 */
static void use(void *p)
{
	__asm__ volatile("" : : "r"(p) : "memory");
}

int main(int argc, char **argv)
{
	size_t size = 256UL << 20, chunk_src = 16UL << 20, chunk = 64UL << 10;
	int reps = 7, json = 0;
	double *large, *small;
	char *src, *dst;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = 1;
		} else if (!strcmp(argv[i], "--reps") && i + 1 < argc) {
			reps = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--size") && i + 1 < argc) {
			char *end;

			size = strtoul(argv[++i], &end, 10);
			if (*end == 'M' || *end == 'm')
				size <<= 20;
			else if (*end == 'G' || *end == 'g')
				size <<= 30;
		} else {
			fprintf(stderr,
				"usage: memcpy_bw [--size BYTES] [--reps N] "
				"[--json]\n");
			return 2;
		}
	}
	if (reps < 1 || size < chunk_src) {
		fprintf(stderr, "memcpy_bw: --reps >= 1, --size >= 16M\n");
		return 2;
	}
	src = malloc(size);
	dst = malloc(size);
	large = calloc((size_t)reps, sizeof(double));
	small = calloc((size_t)reps, sizeof(double));
	if (!src || !dst || !large || !small) {
		perror("memcpy_bw: malloc");
		return 1;
	}
	/* Touch every page first: page faults are not copies. */
	memset(src, 0x5a, size);
	memset(dst, 0xa5, size);

	for (int r = 0; r < reps; r++) {
		double t = now_s();

		memcpy(dst, src, size);
		use(dst);
		large[r] = (double)size / MIB / (now_s() - t);

		t = now_s();
		for (size_t off = 0; off < chunk_src; off += chunk) {
			memcpy(dst, src + off, chunk);
			use(dst);
		}
		small[r] = (double)chunk_src / MIB / (now_s() - t);
	}
	if (json)
		printf("{\"program\":\"memcpy_bw\",\"size\":%zu,\"reps\":%d,"
		       "\"large_mib_per_s\":%.1f,\"chunk_64k_mib_per_s\":%.1f}\n",
		       size, reps, median(large, reps), median(small, reps));
	else
		printf("memcpy_bw: %.1f MiB/s copying %zu MiB to memory, "
		       "%.1f MiB/s copying 64 KiB chunks into one cached "
		       "buffer (medians of %d)\n",
		       median(large, reps), size >> 20, median(small, reps),
		       reps);
	free(src);
	free(dst);
	free(large);
	free(small);
	return 0;
}
