// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * hold_pages FILE: map FILE, touch every page, print "held N" and keep the
 * mapping until a signal ends us (SIGTERM from the test, or SIGKILL when the
 * test's shell dies first).
 *
 * A page that is mapped cannot be evicted by posix_fadvise(DONTNEED): the
 * tests use this to make a demo's --cold meet pages that will not go, as
 * socket buffers that the kernel frees late make them after sendfile, but
 * every time.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	volatile const char *p;
	long page = sysconf(_SC_PAGESIZE);
	struct stat st;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: hold_pages FILE\n");
		return 2;
	}
	/* Never outlive the test that started us, holding pages forever. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() == 1)
		return 1;
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || st.st_size == 0) {
		perror(argv[1]);
		return 1;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (off_t off = 0; off < st.st_size; off += page)
		(void)p[off]; /* volatile: really read, faulting it in */
	printf("held %lld\n", (long long)((st.st_size + page - 1) / page));
	fflush(stdout);
	for (;;)
		pause();
}
