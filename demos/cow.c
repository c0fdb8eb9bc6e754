// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cow: fork() and copy-on-write, the copies nobody asked for.
 *
 *   fork()                   the child gets the parent's memory without a
 *                            copy: both page tables point at the same pages,
 *                            now marked read-only for both
 *   store(private memory)    the first write to such a page faults; the
 *                            kernel copies the 4 KiB page (a CPU copy) and
 *                            gives the writer its own copy, so that the
 *                            other process still sees the old bytes
 *   store(shared memory)     memory mapped MAP_SHARED is not copied on
 *                            write: both processes see every change, and
 *                            nothing faults
 *
 * The parent writes one byte into every page of each region; the child then
 * checks that its private memory still holds every original byte (the
 * copies happened) and that the shared memory shows the parent's writes.
 * The page faults the parent took are counted with getrusage().  Transparent
 * huge pages are switched off for the regions so that one fault is one
 * 4 KiB copy.  --size is the size of each region; the page cache plays no
 * part (--cold and --warm change nothing).
 */

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "demos/cleanup.h"
#include "demos/harness.h"
#include "demos/pattern.h"

#define PAGE 4096

/* What the child found. */
struct child_report {
	int64_t bad_private; /* first changed byte of its private copy, or -1 */
	int64_t bad_shared; /* first byte not showing the parent's write */
	long minflt; /* its own page faults (reading the shared region) */
};

/* Byte i of the shared region after the parent wrote: page starts flipped. */
static int64_t check_shared(const char *shared, uint64_t size)
{
	for (uint64_t p = 0; p < size; p += PAGE) {
		uint64_t n = min_u64(PAGE, size - p);
		uint8_t flipped = pattern_byte(p) ^ 0xffu;
		int64_t bad;

		if ((uint8_t)shared[p] != flipped)
			return (int64_t)p;
		bad = pattern_check(shared + p + 1, p + 1, n - 1);
		if (bad >= 0)
			return (int64_t)(p + 1) + bad;
	}
	return -1;
}

static void child(char *priv, char *shared, uint64_t size, int go_fd,
		  int report_fd)
{
	struct child_report rep;
	struct rusage ru;
	char c;

	if (read_full(go_fd, &c, 1) < 0)
		_exit(1);
	rep.bad_private = pattern_check(priv, 0, size);
	rep.bad_shared = check_shared(shared, size);
	getrusage(RUSAGE_SELF, &ru);
	rep.minflt = ru.ru_minflt;
	write_full(report_fd, &rep, sizeof(rep));
	_exit(0);
}

/* Write one byte into every page of region, a chunk per step. */
static void store_pages(struct xfer *x, char *region, const char *what)
{
	for (uint64_t off = 0; off < x->size; off += x->chunk) {
		uint64_t n = chunk_at(x, off);

		step("store(%s memory, %s)", what, size_str(n));
		for (uint64_t p = round_up(off, PAGE); p < off + n; p += PAGE)
			region[p] ^= (char)0xff;
	}
}

static int run(struct xfer *x)
{
	uint64_t pages = round_up(x->size, PAGE) / PAGE;
	struct rusage r0, r1, r2;
	struct child_report rep;
	int go[2] = { -1, -1 }, res[2] = { -1, -1 };
	char *priv, *shared;
	pid_t parent = getpid(), pid = -1;
	long cow_faults, shared_faults;
	int ret = -1;

	priv = mmap(NULL, x->size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	shared = mmap(NULL, x->size, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (priv == MAP_FAILED || shared == MAP_FAILED) {
		xfer_fail(x, "mmap");
		goto out;
	}
	madvise(priv, x->size, MADV_NOHUGEPAGE);
	madvise(shared, x->size, MADV_NOHUGEPAGE);
	/* Fill (and so fault in) both regions before the show starts. */
	pattern_fill(priv, 0, x->size);
	pattern_fill(shared, 0, x->size);
	if (pipe2(go, O_CLOEXEC) < 0 || pipe2(res, O_CLOEXEC) < 0) {
		xfer_fail(x, "pipe");
		goto out;
	}

	xfer_begin(x);
	step("fork()");
	pid = fork();
	if (pid < 0) {
		xfer_end(x);
		xfer_fail(x, "fork");
		goto out;
	}
	if (pid == 0) {
		int keep[] = { go[0], res[1] };

		ctl_close_in_child();
		close_other_fds(keep, 2);
		if (cleanup_child(parent) < 0)
			_exit(1);
		pin_to_cpu(x->opt->pin_receiver);
		child(priv, shared, x->size, go[0], res[1]);
	}
	cleanup_add_pid(pid);

	getrusage(RUSAGE_SELF, &r0);
	store_pages(x, priv, "private");
	getrusage(RUSAGE_SELF, &r1);
	store_pages(x, shared, "shared");
	getrusage(RUSAGE_SELF, &r2);
	xfer_end(x);
	cow_faults = r1.ru_minflt - r0.ru_minflt;
	shared_faults = r2.ru_minflt - r1.ru_minflt;

	if (write_full(go[1], "g", 1) < 0 ||
	    read_full(res[0], &rep, sizeof(rep)) < 0) {
		xfer_failf(x, "the child died before reporting");
		goto out;
	}
	xfer_extra_u64(x, "pages", pages);
	xfer_extra_u64(x, "private_write_faults", (uint64_t)cow_faults);
	xfer_extra_u64(x, "shared_write_faults", (uint64_t)shared_faults);
	xfer_note(x,
		  "after fork() the parent wrote one byte into each of the "
		  "%llu pages of its private memory and took %ld page "
		  "faults: the kernel copied each page (%s) so that the "
		  "child kept the original; the child checked all %s of it:"
		  " %s",
		  (unsigned long long)pages, cow_faults, size_str(pages * PAGE),
		  size_str(x->size),
		  rep.bad_private < 0 ? "unchanged" : "CHANGED");
	xfer_note(x,
		  "the same writes into MAP_SHARED memory: %ld page faults, "
		  "no copies, and the child %s every change",
		  shared_faults, rep.bad_shared < 0 ? "saw" : "did NOT see");

	if (rep.bad_private >= 0) {
		xfer_failf(x,
			   "the child's private memory changed at offset "
			   "%lld",
			   (long long)rep.bad_private);
		goto out;
	}
	if (rep.bad_shared >= 0) {
		xfer_failf(x,
			   "the shared memory lacks the parent's write at "
			   "offset %lld",
			   (long long)rep.bad_shared);
		goto out;
	}
	/* Each private page must have been copied on its first write. */
	if ((uint64_t)cow_faults < pages) {
		xfer_failf(x, "%ld faults for %llu copy-on-write pages",
			   cow_faults, (unsigned long long)pages);
		goto out;
	}
	x->sent = x->verified = x->size;
	ret = 0;
out:
	/* Closing the pipes first lets a child still waiting for "go" exit. */
	for (int i = 0; i < 2; i++) {
		if (go[i] >= 0)
			close(go[i]);
		if (res[i] >= 0)
			close(res[i]);
	}
	if (pid > 0) {
		waitpid(pid, NULL, 0);
		cleanup_del_pid(pid);
	}
	if (priv != MAP_FAILED)
		munmap(priv, x->size);
	if (shared != MAP_FAILED)
		munmap(shared, x->size);
	return ret;
}

static const struct demo demo = {
	.name = "cow",
	.summary = "fork(), then write into private and into shared memory: "
		   "copy-on-write copies\nevery private page the parent "
		   "touches, and none of the shared ones.",
	.no_source = true,
	.no_cache = true,
	.run = run,
};

int main(int argc, char **argv)
{
	return demo_main(&demo, argc, argv);
}
