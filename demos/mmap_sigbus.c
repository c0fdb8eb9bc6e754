// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * mmap_sigbus: the pitfall of sending from a mapping, and the file lease that
 * avoids it.
 *
 * Scenario 1, no lease.  This process maps a file and sends it in chunks,
 * reading each chunk first (as a server might, to checksum it).  Another
 * process truncates the file to half its size partway through.  The mapping
 * still covers the old size, but the pages beyond the new end are gone:
 *   - touching them from user space raises SIGBUS (si_code BUS_ADRERR),
 *     which by default kills the process; here a handler catches it;
 *   - write() from the same addresses does not raise SIGBUS: the kernel's own
 *     access fails quietly, and write() returns the bytes it managed to copy
 *     (some or all of what is left before the new end), or fails with
 *     EFAULT if that is nothing.
 *
 * Scenario 2, with a read lease (fcntl F_SETLEASE F_RDLCK, and F_SETSIG to
 * choose the signal).  When the other process tries to truncate, the kernel
 * makes it wait and sends this process the lease signal first: "someone
 * wants to change this file".  This process stops sending, unmaps, releases
 * the lease (F_UNLCK), and only then does the truncation go ahead.  No
 * SIGBUS.  (Without a release the kernel breaks the lease itself after
 * /proc/sys/fs/lease-break-time seconds.)
 *
 * --variant sendfile asks the same question of sendfile(), chunk by chunk,
 * with the cut a little past a page boundary:
 *   - no lease: nothing is mapped, so there is nothing to fault on and no
 *     signal; the kernel reads the page cache as it is now.  The call that
 *     crosses the new end returns short (the bytes up to it), the next one
 *     returns 0, end of file, and errno is untouched: the file simply ends
 *     early, and the receiver gets less than the sender first saw;
 *   - with a read lease: the truncate() waits, the lease signal comes, and
 *     the file is still whole, so this process sends the rest of it (the
 *     lease buys time to finish cleanly, up to lease-break-time), then
 *     releases the lease; only then is the file cut.  A call the signal
 *     interrupts returns short (what it sent so far), and the loop goes
 *     on from there.  It releases only after the receiver has
 *     every byte: sendfile() returns once the socket holds references to
 *     the page-cache pages, and a truncation before the receiver read them
 *     would change what it reads (it read zeros where this was tried).
 *
 * Each scenario uses its own scratch copy of the file (it gets truncated),
 * in the directory of --file, removed at the end.  A lease needs a file the
 * caller owns (or CAP_LEASE), on a local file system.  Exit status 0 when
 * both scenarios behaved exactly as described.
 */

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/wait.h>
#include <unistd.h>

#include "demos/cleanup.h"
#include "demos/harness.h"
#include "demos/srcfile.h"

#define PAGE 4096

enum { OPT_VARIANT = 256 };

/* mmap: send from a mapping; sendfile: from the file, no mapping. */
static bool via_sendfile;

static const struct option options[] = {
	{ "variant", required_argument, NULL, OPT_VARIANT },
	{ NULL, 0, NULL, 0 },
};

static int option(int val, const char *arg)
{
	if (val != OPT_VARIANT)
		return -1;
	if (strcmp(arg, "mmap") && strcmp(arg, "sendfile"))
		return -1;
	via_sendfile = !strcmp(arg, "sendfile");
	return 0;
}

struct scenario {
	bool lease;
	char path[4200];
	int fd; /* the scratch file, read-only */
	pid_t truncator;
	int go_fd, report_fd; /* pipes to and from the truncator */
	struct receiver r;
	int sock;
	uint64_t cut; /* the size the truncator cuts the file to */
	uint64_t trigger; /* offset at which it is told to do so */

	/* What happened. */
	uint64_t sent; /* bytes written to the socket */
	bool sigbus;
	uint64_t bus_off; /* offset in the mapping that raised SIGBUS */
	int bus_code;
	uint64_t retry_off; /* write() retried from here after SIGBUS */
	ssize_t write_after; /* its result */
	int write_errno;
	uint64_t stop_off; /* lease: where this process stopped */
	/* sendfile: the call that met the new end, and where it was */
	uint64_t short_off;
	ssize_t short_ret;
	uint64_t eof_off; /* the call that returned 0 */
	bool collected; /* the receiver's result is in already */
	unsigned shorts; /* calls that returned less than asked */
	uint64_t release_ns; /* lease: when it was released */
	struct {
		int32_t err; /* truncate()'s errno, or 0 */
		int32_t pad;
		uint64_t start_ns, end_ns;
	} trunc;
};

static struct scenario sc[2];

/* The signal handlers talk to the transfer loop through these. */
static sigjmp_buf bus_jmp;
static volatile sig_atomic_t bus_armed, lease_broken;
static void *volatile bus_addr;
static volatile int bus_code;

static void on_sigbus(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	if (!bus_armed) {
		/* Not ours to catch: die of it as usual. */
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	bus_armed = 0;
	bus_addr = si->si_addr;
	bus_code = si->si_code;
	siglongjmp(bus_jmp, 1);
}

static void on_lease(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)si;
	(void)ctx;
	lease_broken = 1;
}

static int setup(struct xfer *x)
{
	struct sigaction sa;

	if (x->size < 4 * PAGE)
		return xfer_failf(x, "--size must be at least 16K here");
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_SIGINFO;
	sa.sa_sigaction = on_sigbus;
	sigaction(SIGBUS, &sa, NULL);
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sa.sa_sigaction = on_lease;
	sigaction(SIGRTMIN, &sa, NULL);
	xfer_extra_str(x, "variant", via_sendfile ? "sendfile" : "mmap");
	return 0;
}

/* Read one byte of every page, as a server checksumming the data would. */
static __attribute__((noinline)) unsigned int touch(const char *p, size_t n)
{
	const volatile char *v = p;
	unsigned int sum = 0;

	for (size_t i = 0; i < n; i += PAGE)
		sum += (unsigned char)v[i];
	return sum + (unsigned char)v[n - 1];
}

/* The other process: wait for the word, truncate, report, exit. */
static void truncator(struct scenario *s, int go_fd, int report_fd)
{
	char c;

	if (read_full(go_fd, &c, 1) < 0)
		_exit(1);
	s->trunc.start_ns = now_ns();
	/* With a lease on the file, this blocks until the lease is gone. */
	s->trunc.err = truncate(s->path, (off_t)s->cut) < 0 ? errno : 0;
	s->trunc.end_ns = now_ns();
	write_full(report_fd, &s->trunc, sizeof(s->trunc));
	_exit(0);
}

static int prepare(struct xfer *x, struct scenario *s, bool lease)
{
	pid_t parent = getpid();
	int go[2], rep[2], fd;
	char dir[4096];
	uint64_t done;

	s->lease = lease;
	s->fd = s->sock = -1;
	s->cut = round_down(x->size / 2, PAGE);
	/* sendfile: a cut inside a chunk, to show the short count */
	if (via_sendfile)
		s->cut += PAGE / 2;
	s->trigger = round_down(x->size / 4, x->chunk);

	dir_of(x->path, dir, sizeof(dir));
	snprintf(s->path, sizeof(s->path), "%s/copyscope-sigbus-%d-%d.dat", dir,
		 (int)getpid(), lease);
	cleanup_add_path(s->path);
	fd = open(s->path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || pattern_write_fd(fd, x->size, &done) < 0) {
		xfer_failf(x, "cannot create %s: %s", s->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	/* --cold: written back and evicted, like the harness's own file. */
	if (x->opt->cold && cache_make_cold(fd, NULL, NULL) < 0) {
		xfer_fail(x, "evicting the scratch file");
		close(fd);
		return -1;
	}
	close(fd);
	/* A read lease needs a file nobody has open for writing. */
	s->fd = open(s->path, O_RDONLY | O_CLOEXEC);
	if (s->fd < 0)
		return xfer_fail(x, "open(scratch file)");
	if (lease) {
		if (fcntl(s->fd, F_SETSIG, SIGRTMIN) < 0)
			return xfer_fail(x, "fcntl(F_SETSIG)");
		if (fcntl(s->fd, F_SETLEASE, F_RDLCK) < 0)
			return xfer_fail(x, "fcntl(F_SETLEASE, F_RDLCK)");
	}
	if (pipe2(go, O_CLOEXEC) < 0 || pipe2(rep, O_CLOEXEC) < 0)
		return xfer_fail(x, "pipe");
	s->truncator = fork();
	if (s->truncator < 0)
		return xfer_fail(x, "fork");
	if (s->truncator == 0) {
		int keep[] = { go[0], rep[1] };

		ctl_close_in_child();
		close_other_fds(keep, 2);
		if (cleanup_child(parent) < 0)
			_exit(1);
		truncator(s, go[0], rep[1]);
	}
	cleanup_add_pid(s->truncator);
	close(go[0]);
	close(rep[1]);
	s->go_fd = go[1];
	s->report_fd = rep[0];
	s->sock = xfer_connect(x, &s->r);
	return s->sock < 0 ? -1 : 0;
}

/* Wait for the truncator's report (after the lease, if any, is gone). */
static int truncator_report(struct xfer *x, struct scenario *s)
{
	int rc = read_full(s->report_fd, &s->trunc, sizeof(s->trunc));

	close(s->report_fd);
	s->report_fd = -1;
	waitpid(s->truncator, NULL, 0);
	cleanup_del_pid(s->truncator);
	s->truncator = 0;
	if (rc < 0)
		return xfer_failf(x, "the truncating process died");
	return 0;
}

/* Tell the other process to truncate now; without a lease, wait for it. */
static int trigger_truncation(struct xfer *x, struct scenario *s)
{
	if (write_full(s->go_fd, "t", 1) < 0)
		return xfer_fail(x, "pipe to the truncator");
	return s->lease ? 0 : truncator_report(x, s);
}

/* The lease is done with: let the truncation go ahead, and hear of it. */
static int release_lease(struct xfer *x, struct scenario *s)
{
	/* The signal may still be on its way if we finished first. */
	for (int i = 0; i < 2000 && !lease_broken; i++)
		usleep(1000);
	s->release_ns = now_ns();
	fcntl(s->fd, F_SETLEASE, F_UNLCK);
	close(s->fd);
	s->fd = -1;
	return truncator_report(x, s);
}

/*
 * sendfile() the file chunk by chunk until it says end of file (the
 * truncation can make that early).  With a lease the file cannot change
 * under us: send all of it, then release.
 */
static int run_sendfile(struct xfer *x, struct scenario *s)
{
	off_t off = 0;
	bool triggered = false;

	lease_broken = 0;
	for (;;) {
		uint64_t at = (uint64_t)off;
		uint64_t want = at < x->size ? chunk_at(x, at) : x->chunk;
		ssize_t n;

		if (!triggered && at >= s->trigger) {
			if (trigger_truncation(x, s) < 0)
				return -1;
			triggered = true;
		}
		step("sendfile(socket <- file, %s)", size_str(want));
		n = sendfile(s->sock, s->fd, &off, want);
		if (n < 0)
			return xfer_fail(x, "sendfile");
		if (n == 0) {
			s->eof_off = at;
			break;
		}
		if ((uint64_t)n < want) {
			s->shorts++;
			s->short_off = at;
			s->short_ret = n;
		}
		s->sent += (uint64_t)n;
	}
	s->stop_off = (uint64_t)off;
	if (!s->lease)
		return 0;
	/*
	 * sendfile() returned once the socket held references to the
	 * page-cache pages, not once the bytes had left them: released now,
	 * the truncation would zero pages the receiver has yet to read.
	 * Hold the lease until the receiver has every byte.
	 */
	if (xfer_collect(x, &s->r, s->sock, s->sent) < 0) {
		s->sock = -1;
		return -1;
	}
	s->sock = -1;
	s->collected = true;
	return release_lease(x, s);
}

/*
 * Send the mapped file chunk by chunk, reading each chunk in user space
 * first.  Returns 0 when the scenario ran (whatever it showed), -1 on error.
 */
static int run_scenario(struct xfer *x, struct scenario *s)
{
	/* volatile: these live across the siglongjmp from the handler. */
	volatile uint64_t off = 0;
	volatile bool triggered = false;
	char *map;

	lease_broken = 0;
	step("mmap(file, %s)", size_str(x->size));
	map = mmap(NULL, x->size, PROT_READ, MAP_SHARED, s->fd, 0);
	if (map == MAP_FAILED)
		return xfer_fail(x, "mmap(file)");

	if (sigsetjmp(bus_jmp, 1)) {
		/* SIGBUS: the page under our feet is gone. */
		uint64_t want = chunk_at(x, off);

		s->sigbus = true;
		s->bus_off = (uint64_t)((char *)bus_addr - map);
		s->bus_code = bus_code;
		/* The same addresses, touched by the kernel instead. */
		s->retry_off = off;
		step("write(socket, %s)", size_str(want));
		s->write_after = write(s->sock, map + off, want);
		s->write_errno = s->write_after < 0 ? errno : 0;
		if (s->write_after > 0)
			s->sent += (uint64_t)s->write_after;
		goto stop;
	}
	while (off < x->size) {
		uint64_t want = chunk_at(x, off);
		ssize_t n;

		if (s->lease && lease_broken)
			break; /* told in time: stop before the next chunk */
		if (!triggered && off >= s->trigger) {
			/* "Now truncate it", to the other process. */
			triggered = true;
			if (trigger_truncation(x, s) < 0) {
				munmap(map, x->size);
				return -1;
			}
		}
		bus_armed = 1;
		touch(map + off, want);
		bus_armed = 0;

		step("write(socket, %s)", size_str(want));
		n = write(s->sock, map + off, want);
		if (n < 0) {
			munmap(map, x->size);
			return xfer_fail(x, "write(socket)");
		}
		s->sent += (uint64_t)n;
		off += (uint64_t)n;
	}
stop:
	bus_armed = 0;
	s->stop_off = off;
	munmap(map, x->size);
	return s->lease ? release_lease(x, s) : 0;
}

static const char *bus_code_name(int code)
{
	return code == BUS_ADRERR ? "BUS_ADRERR" :
	       code == BUS_ADRALN ? "BUS_ADRALN" :
	       code == BUS_OBJERR ? "BUS_OBJERR" :
				    "another si_code";
}

/* Did scenario 1 go as the comment at the top says?  Explain either way. */
static bool judge_no_lease(struct xfer *x, const struct scenario *s)
{
	/*
	 * The kernel copies in pieces (the socket's buffer pages) and gives
	 * up at the first piece it cannot complete: write() returns what it
	 * managed, never more than what is left before the new end, or fails
	 * with EFAULT if that is nothing.
	 */
	ssize_t left =
		s->retry_off < s->cut ? (ssize_t)(s->cut - s->retry_off) : 0;
	bool write_ok = s->write_after < 0 ?
				s->write_errno == EFAULT :
				s->write_after > 0 && s->write_after <= left;
	bool ok = s->sigbus && s->bus_off == s->cut &&
		  s->bus_code == BUS_ADRERR && s->trunc.err == 0 && write_ok;
	char wr[200];

	if (s->write_after >= 0)
		snprintf(wr, sizeof(wr),
			 "returned %zd (%zd bytes were left before the new "
			 "end): the kernel copied what it could and stopped, "
			 "without a signal",
			 s->write_after, left);
	else
		snprintf(wr, sizeof(wr),
			 "failed with %s: the kernel's own access to a missing "
			 "page fails without a signal",
			 strerrorname_np(s->write_errno) ?
				 strerrorname_np(s->write_errno) :
				 "an error");
	if (!s->sigbus)
		xfer_note(x,
			  "without a lease: the file was truncated to %s "
			  "but no SIGBUS came (unexpected)",
			  size_str(s->cut));
	else
		xfer_note(x,
			  "without a lease: another process truncated the "
			  "file to %s while it was mapped; reading offset "
			  "%llu through the mapping raised SIGBUS (%s), "
			  "caught; write() from the same mapping at offset "
			  "%llu %s; %llu bytes sent",
			  size_str(s->cut), (unsigned long long)s->bus_off,
			  bus_code_name(s->bus_code),
			  (unsigned long long)s->retry_off, wr,
			  (unsigned long long)s->sent);
	return ok;
}

static bool judge_lease(struct xfer *x, const struct scenario *s)
{
	bool ok = lease_broken && !s->sigbus && s->trunc.err == 0 &&
		  s->trunc.end_ns >= s->release_ns;

	if (!lease_broken)
		xfer_note(x, "with a lease: no lease signal arrived "
			     "(unexpected)");
	else
		xfer_note(x,
			  "with a read lease: the other process's "
			  "truncate() waited while the kernel sent the "
			  "lease signal (SIGRTMIN, set with F_SETSIG); this "
			  "process %s %llu, unmapped, "
			  "released the lease, and only then did the "
			  "truncation finish (%.1f ms after it began)%s; "
			  "%llu bytes sent",
			  s->stop_off == x->size ?
				  "had already sent the whole file when it "
				  "came, at offset" :
				  "stopped at offset",
			  (unsigned long long)s->stop_off,
			  (double)(s->trunc.end_ns - s->trunc.start_ns) / 1e6,
			  s->sigbus ? ", but SIGBUS came anyway" :
				      ": no SIGBUS",
			  (unsigned long long)s->sent);
	return ok;
}

/* sendfile, no lease: a short count at the new end, then 0; no signal. */
static bool judge_sendfile_no_lease(struct xfer *x, const struct scenario *s)
{
	uint64_t chunk_start = round_down(s->cut, x->chunk);
	bool ok = !s->sigbus && s->trunc.err == 0 && s->sent == s->cut &&
		  s->short_off == chunk_start &&
		  s->short_ret == (ssize_t)(s->cut - chunk_start) &&
		  s->eof_off == s->cut;

	xfer_note(x,
		  "without a lease: another process truncated the file to "
		  "%llu bytes; sendfile() at offset %llu returned %zd (a "
		  "short count: the bytes up to the new end), the next one "
		  "at %llu returned 0 (end of file); no signal, no error; "
		  "%llu of %llu bytes sent",
		  (unsigned long long)s->cut, (unsigned long long)s->short_off,
		  s->short_ret, (unsigned long long)s->eof_off,
		  (unsigned long long)s->sent, (unsigned long long)x->size);
	return ok;
}

/* sendfile, lease: every chunk whole, the truncation after the release. */
static bool judge_sendfile_lease(struct xfer *x, const struct scenario *s)
{
	bool ok = lease_broken && !s->sigbus && s->trunc.err == 0 &&
		  s->sent == x->size && s->trunc.end_ns >= s->release_ns;
	char shorts[160] = "every sendfile() returned a full chunk";

	/* The signal can cut a call short (it returns what it sent, and
	 * SA_RESTART cannot restart a call that made progress). */
	if (s->shorts)
		snprintf(shorts, sizeof(shorts),
			 "%u sendfile() call%s returned short when the lease "
			 "signal interrupted %s, and the loop went on",
			 s->shorts, s->shorts == 1 ? "" : "s",
			 s->shorts == 1 ? "it" : "them");

	xfer_note(x,
		  "with a read lease: the other process's truncate() waited; "
		  "the lease signal %s; %s; %llu of %llu bytes sent; once the "
		  "receiver had them all the lease was released, and only "
		  "then did the truncation finish (%.1f ms after it began)",
		  lease_broken ? "came (SIGRTMIN, set with F_SETSIG)" :
				 "never came (unexpected)",
		  shorts, (unsigned long long)s->sent,
		  (unsigned long long)x->size,
		  (double)(s->trunc.end_ns - s->trunc.start_ns) / 1e6);
	return ok;
}

static void undo(struct scenario *s)
{
	if (s->fd >= 0)
		close(s->fd);
	if (s->go_fd >= 0)
		close(s->go_fd);
	if (s->report_fd >= 0)
		close(s->report_fd);
	if (s->truncator > 0) {
		kill(s->truncator, SIGKILL);
		waitpid(s->truncator, NULL, 0);
		cleanup_del_pid(s->truncator);
	}
	if (s->sock >= 0)
		close(s->sock);
	if (s->r.pid > 0)
		receiver_kill(&s->r);
	unlink(s->path);
	cleanup_del_path(s->path);
}

static int run(struct xfer *x)
{
	bool ok1, ok2;
	int rc = -1;

	for (int i = 0; i < 2; i++) {
		memset(&sc[i], 0, sizeof(sc[i]));
		sc[i].fd = sc[i].sock = sc[i].go_fd = sc[i].report_fd = -1;
		sc[i].r.pid = -1;
	}
	if (prepare(x, &sc[0], false) < 0 || prepare(x, &sc[1], true) < 0)
		goto out;

	xfer_begin(x);
	if (via_sendfile ?
		    run_sendfile(x, &sc[0]) < 0 || run_sendfile(x, &sc[1]) < 0 :
		    run_scenario(x, &sc[0]) < 0 ||
			    run_scenario(x, &sc[1]) < 0) {
		xfer_end(x);
		goto out;
	}
	xfer_end(x);

	for (int i = 0; i < 2; i++) {
		int err;

		if (sc[i].collected)
			continue;
		err = xfer_collect(x, &sc[i].r, sc[i].sock, sc[i].sent);

		sc[i].sock = -1;
		if (err < 0)
			goto out;
	}
	ok1 = via_sendfile ? judge_sendfile_no_lease(x, &sc[0]) :
			     judge_no_lease(x, &sc[0]);
	ok2 = via_sendfile ? judge_sendfile_lease(x, &sc[1]) :
			     judge_lease(x, &sc[1]);
	xfer_extra_bool(x, "sigbus_without_lease", sc[0].sigbus);
	xfer_extra_u64(x, "sigbus_offset", sc[0].bus_off);
	xfer_extra_bool(x, "lease_signal", lease_broken);
	xfer_extra_bool(x, "sigbus_with_lease", sc[1].sigbus);
	if (!ok1 || !ok2) {
		xfer_failf(x, "scenario %s did not behave as explained",
			   !ok1 ? "1 (no lease)" : "2 (lease)");
		goto out;
	}
	rc = 0;
out:
	undo(&sc[0]);
	undo(&sc[1]);
	return rc;
}

static const struct demo demo = {
	.name = "mmap_sigbus",
	.summary = "Send from a mapping while another process truncates the "
		   "file: SIGBUS; then the same\nwith a file lease, which "
		   "warns this process in time.",
	.no_source = true,
	.options = options,
	.options_help =
		"  --variant V      mmap (default): send from a mapping; "
		"sendfile: sendfile()\n",
	.option = option,
	.setup = setup,
	.run = run,
};

int main(int argc, char **argv)
{
	return demo_main(&demo, argc, argv);
}
