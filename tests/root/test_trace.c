// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_trace.c - the probe layer on the running kernel (root): trace
 * workloads with exactly known I/O and assert exact counts.
 *
 * CS_WORKLOAD names the workload program (tests/root/workload.c).
 * CS_EXPECT_TIER, when set, is the tier the kernel must give (the QEMU
 * matrix sets it); otherwise the tier must follow from what doctor finds.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "abi/record.h"
#include "abi/syscalls.h"
#include "run/session.h"
#include "model/model.h"

struct rec_list {
	unsigned char *buf;
	size_t len, cap;
	size_t count;
};

static void collect(const struct cs_hdr *rec, void *data)
{
	struct rec_list *l = data;

	if (l->len + rec->size > l->cap) {
		l->cap = l->cap ? l->cap * 2 : 1 << 20;
		l->buf = realloc(l->buf, l->cap);
		assert_non_null(l->buf);
	}
	memcpy(l->buf + l->len, rec, rec->size);
	l->len += rec->size;
	l->count++;
}

#define FOR_EACH(l, h)                                                     \
	for (const struct cs_hdr *h = (const void *)(l)->buf;              \
	     (const unsigned char *)h < (l)->buf + (l)->len;               \
	     h = (const void *)((const unsigned char *)h + h->size))

static const char *workload(void)
{
	const char *w = getenv("CS_WORKLOAD");

	return w ? w : "build/tests/workload";
}

/*
 * Trace argv to its end; records into l.  The session stays open.
 * entry_times: what trace -T asks for.
 */
static void run_opts(struct session *s, char **argv, size_t ringbuf,
		     struct rec_list *l, bool consume_while_running,
		     bool entry_times)
{
	struct session_opts o;
	char err[512];

	session_opts_default(&o);
	o.argv = argv;
	o.probe.entry_times = entry_times;
	if (ringbuf)
		o.probe.ringbuf_bytes = ringbuf;
	memset(l, 0, sizeof(*l));
	if (session_start(s, &o, err, sizeof(err))) {
		fail_msg("session_start: %s", err);
	}
	while (!session_wait(s, 10))
		if (consume_while_running)
			session_drain(s, collect, l);
	session_drain(s, collect, l);
}

static void run(struct session *s, char **argv, size_t ringbuf,
		struct rec_list *l, bool consume_while_running)
{
	run_opts(s, argv, ringbuf, l, consume_while_running, false);
}

static uint32_t child_of(const struct rec_list *l, uint32_t tgid)
{
	FOR_EACH(l, h)
	if (h->type == CS_EV_FORK && h->tgid == tgid &&
	    !((const struct cs_proc *)h)->is_thread)
		return ((const struct cs_proc *)h)->child_tgid;
	return 0;
}

struct io_count {
	unsigned calls;
	unsigned long long bytes;
};

/* Calls nr of tgid on an fd of this kind (and inode, when ino != 0). */
static struct io_count count_calls(const struct rec_list *l, uint32_t tgid,
				   uint32_t nr, int kind, uint64_t ino)
{
	struct io_count c = { 0, 0 };

	FOR_EACH(l, h)
	{
		const struct cs_syscall *r = (const void *)h;

		if (h->type != CS_EV_SYSCALL || h->tgid != tgid || r->nr != nr ||
		    r->file[0].kind != kind || (ino && r->file[0].ino != ino))
			continue;
		c.calls++;
		if (r->ret > 0)
			c.bytes += r->ret;
	}
	return c;
}

static void check_tier(struct session *s)
{
	const char *want = getenv("CS_EXPECT_TIER");
	int tier = probe_tier(s->probe);

	if (want) {
		assert_string_equal(tier_name(tier), want);
		return;
	}
	if (s->feat.fentry.status == CS_ST_WORKS)
		assert_int_equal(tier, CS_TIER_FENTRY);
	else if (s->feat.kprobe.status == CS_ST_WORKS)
		assert_int_equal(tier, CS_TIER_KPROBE);
	else
		assert_int_equal(tier, CS_TIER_TRACEPOINT);
}

/* A 1 MiB file of 16 chunks of 64 KiB, for the workload's "io". */
static void make_data(char *path, struct stat *st)
{
	static char chunk[65536];
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	for (int i = 0; i < 16; i++) {
		memset(chunk, 'a' + i, sizeof(chunk));
		assert_int_equal(write(fd, chunk, sizeof(chunk)), sizeof(chunk));
	}
	assert_int_equal(fstat(fd, st), 0);
	close(fd);
}

/* 1 MiB in 64 KiB chunks: file -> pipe and file -> TCP on loopback. */
static void test_known_io(void **state)
{
	char path[] = "/tmp/copyscope-test-XXXXXX";
	struct cs_counters pc, cc, sum;
	struct rec_list l;
	struct session s;
	struct io_count c;
	uint32_t parent, child;
	char *argv[4];
	struct stat st;

	(void)state;
	make_data(path, &st);
	argv[0] = (char *)workload();
	argv[1] = "io";
	argv[2] = path;
	argv[3] = NULL;
	run(&s, argv, 0, &l, true);
	unlink(path);
	check_tier(&s);

	parent = s.pid;
	child = child_of(&l, parent);
	assert_int_not_equal(child, 0);

	/* sender: 16 full reads and the one that finds the end */
	c = count_calls(&l, parent, NR_read, CS_FD_FILE, st.st_ino);
	assert_int_equal(c.calls, 17);
	assert_int_equal(c.bytes, 1 << 20);
	c = count_calls(&l, parent, NR_write, CS_FD_PIPE, 0);
	assert_int_equal(c.calls, 16);
	assert_int_equal(c.bytes, 1 << 20);
	c = count_calls(&l, parent, NR_write, CS_FD_SOCKET, 0);
	assert_int_equal(c.calls, 16);
	assert_int_equal(c.bytes, 1 << 20);
	/* receiver: everything arrives, from both */
	c = count_calls(&l, child, NR_read, CS_FD_PIPE, 0);
	assert_int_equal(c.bytes, 1 << 20);
	c = count_calls(&l, child, NR_read, CS_FD_SOCKET, 0);
	assert_int_equal(c.bytes, 1 << 20);

	assert_int_equal(probe_counters(s.probe, parent, &pc), 0);
	assert_int_equal(probe_counters(s.probe, child, &cc), 0);
	/* data from user memory into the socket: the CPU copies it */
	assert_int_equal(pc.v[CS_C_TCP_USER_BYTES], 1 << 20);
	assert_int_equal(pc.v[CS_C_TCP_PAGE_BYTES], 0);
	/* the receive side copies every byte out of the skbs */
	assert_int_equal(cc.v[CS_C_RECV_COPY_BYTES], 1 << 20);
	/* loopback skbs of a write() carry copied data: every byte once,
	 * and again what TCP sent again (a tail loss probe, when the
	 * receiver was slow to acknowledge on a busy machine) */
	assert_int_equal(pc.v[CS_C_XMIT_GATHER_BYTES], 0);
	assert_int_equal(pc.v[CS_C_XMIT_COPIED_BYTES],
			 (1 << 20) + pc.v[CS_C_XMIT_RETRANS_BYTES]);
	/* the kernel's counters and the records agree exactly */
	memset(&sum, 0, sizeof(sum));
	FOR_EACH(&l, h)
	if (h->type == CS_EV_SYSCALL && h->tgid == parent)
		sum.v[CS_C_SYSCALLS]++;
	assert_int_equal(pc.v[CS_C_DROPS], 0);
	assert_int_equal(probe_drops(s.probe), 0);
	assert_int_equal(pc.v[CS_C_SYSCALLS], sum.v[CS_C_SYSCALLS]);
	assert_int_equal(pc.v[CS_C_MODE_SWITCHES], 2 * pc.v[CS_C_SYSCALLS]);
	session_end(&s);
	free(l.buf);
}

/*
 * Entry times only when asked for (trace -T): without them no program runs
 * at system call entry.  close() names its file either way (the per-thread
 * memo of the kernel side: at exit the fd is gone).
 */
static void test_entry_times(void **state)
{
	char path[] = "/tmp/copyscope-test-XXXXXX";
	const struct cs_prog_state *ps;
	struct rec_list l;
	struct session s;
	char *argv[4];
	struct stat st;

	(void)state;
	make_data(path, &st);
	argv[0] = (char *)workload();
	argv[1] = "io";
	argv[2] = path;
	argv[3] = NULL;
	for (int on = 0; on < 2; on++) {
		unsigned reads = 0, timed = 0, pipe_closes = 0;
		int n, enter_loaded = -1;

		run_opts(&s, argv, 0, &l, true, on);
		ps = probe_programs(s.probe, &n);
		for (int i = 0; i < n; i++)
			if (!strcmp(ps[i].name, "cs_sys_enter"))
				enter_loaded = ps[i].loaded;
		assert_int_equal(enter_loaded, on);
		FOR_EACH(&l, h)
		{
			const struct cs_syscall *r = (const void *)h;

			if (h->type != CS_EV_SYSCALL || h->tgid != (uint32_t)s.pid)
				continue;
			if (r->nr == NR_close && r->file[0].kind == CS_FD_PIPE)
				pipe_closes++;
			if (r->nr != NR_read || r->file[0].ino != st.st_ino)
				continue;
			reads++;
			if (r->enter_ts) {
				assert_true(r->enter_ts <= h->ts);
				timed++;
			}
		}
		assert_int_equal(reads, 17);
		assert_int_equal(timed, on ? 17 : 0);
		/* close(pfd[1]) after the last write to the pipe */
		assert_true(pipe_closes >= 1);
		session_end(&s);
		free(l.buf);
	}
	unlink(path);
}

/* Threads, a child process and its thread are all followed. */
static void test_forks_and_threads(void **state)
{
	char *argv[] = { (char *)workload(), "forks", NULL };
	unsigned by_size[64] = { 0 };
	uint32_t tid_of[64] = { 0 }, tgid_of[64] = { 0 };
	unsigned threads = 0, processes = 0;
	struct rec_list l;
	struct session s;

	(void)state;
	run(&s, argv, 0, &l, true);
	FOR_EACH(&l, h)
	{
		const struct cs_syscall *r = (const void *)h;

		if (h->type == CS_EV_FORK) {
			if (((const struct cs_proc *)h)->is_thread)
				threads++;
			else
				processes++;
		}
		if (h->type != CS_EV_SYSCALL || r->nr != NR_write ||
		    r->file[0].kind != CS_FD_CHR || r->ret <= 0 || r->ret >= 64)
			continue;
		by_size[r->ret]++;
		tid_of[r->ret] = h->pid;
		tgid_of[r->ret] = h->tgid;
	}
	assert_int_equal(threads, 3);
	assert_int_equal(processes, 1);
	assert_int_equal(by_size[11], 10);
	assert_int_equal(by_size[22], 10);
	assert_int_equal(by_size[33], 5);
	assert_int_equal(by_size[44], 3);
	/* the two threads of the traced process */
	assert_int_equal(tgid_of[11], s.pid);
	assert_int_equal(tgid_of[22], s.pid);
	assert_int_not_equal(tid_of[11], s.pid);
	assert_int_not_equal(tid_of[22], s.pid);
	/* the child process, and the thread it made */
	assert_int_not_equal(tgid_of[33], s.pid);
	assert_int_equal(tid_of[33], tgid_of[33]);
	assert_int_equal(tgid_of[44], tgid_of[33]);
	assert_int_not_equal(tid_of[44], tid_of[33]);
	session_end(&s);
	free(l.buf);
}

/* A tiny ring buffer, read only at the end: records are lost, counted. */
static void test_overflow_counted(void **state)
{
	char *argv[] = { (char *)workload(), "spin", "20000", NULL };
	struct cs_counters small, big;
	struct rec_list l;
	struct session s;
	uint64_t drops;

	(void)state;
	run(&s, argv, 4096, &l, false);
	drops = probe_drops(s.probe);
	assert_int_equal(probe_counters(s.probe, s.pid, &small), 0);
	assert_true(drops > 0);
	assert_int_equal(small.v[CS_C_DROPS], drops);
	/* every record is either delivered or counted as lost */
	assert_int_equal(small.v[CS_C_RECORDS], l.count);
	session_end(&s);
	free(l.buf);

	run(&s, argv, 0, &l, true);
	assert_int_equal(probe_counters(s.probe, s.pid, &big), 0);
	assert_int_equal(probe_drops(s.probe), 0);
	session_end(&s);
	free(l.buf);

	/* the kernel counters are the same with and without losses */
	assert_int_equal(small.v[CS_C_BYTES_WRITTEN], 20000 + 0);
	assert_int_equal(big.v[CS_C_BYTES_WRITTEN], 20000);
	assert_int_equal(small.v[CS_C_SYSCALLS], big.v[CS_C_SYSCALLS]);
	assert_int_equal(small.v[CS_C_MODE_SWITCHES], big.v[CS_C_MODE_SWITCHES]);
	assert_true(small.v[CS_C_SYSCALLS] >= 20000);
}

/* A command that cannot be started, and a pid that does not exist. */
static void test_errors(void **state)
{
	char *argv[] = { "/nonexistent/copyscope-no-such-program", NULL };
	struct session_opts o;
	struct session s;
	char err[512];

	(void)state;
	session_opts_default(&o);
	o.argv = argv;
	assert_int_equal(session_start(&s, &o, err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "cannot run '/nonexistent/copyscope-no-such-program': "
				 "No such file or directory");
	session_opts_default(&o);
	o.targets.pids[o.targets.npids++] = 0x3ffffff0;
	assert_int_equal(session_start(&s, &o, err, sizeof(err)), -ESRCH);
	assert_string_equal(err, "no process with pid 1073741808");
}

/* What the model made of a run: copy-on-write copies by region. */
struct cow_seen {
	unsigned old, fresh, other;
};

static void cow_sink(const struct cs_fact *f, void *data)
{
	struct cow_seen *c = data;
	const struct cs_transfer *t = &f->u.transfer;

	if (f->type != CS_FACT_TRANSFER || t->rule != CS_R_COW)
		return;
	assert_int_equal(t->bytes, 4096);
	assert_int_equal(t->evidence, CS_EVID_ATTRIBUTED);
	if (t->address >= 0x7e0000000000ull && t->address < 0x7e0000100000ull)
		c->old++;
	else if (t->address >= 0x7e1000000000ull &&
		 t->address < 0x7e1000100000ull)
		c->fresh++;
	else
		c->other++;
}

/*
 * fork(), then 50 writes into pages the child still shares: exactly 50
 * copies on write there, and none for 50 first writes into pages that were
 * not present.
 */
static void test_copy_on_write(void **state)
{
	char *argv[] = { (char *)workload(), "cow", "50", NULL };
	struct cow_seen seen = { 0 };
	struct cs_model_opts mo = { .sink = cow_sink, .sink_data = &seen };
	struct cs_model *m;
	struct rec_list l;
	struct session s;

	(void)state;
	run(&s, argv, 0, &l, true);
	mo.focus_tgid = (uint32_t)s.pid;
	m = model_new(&mo);
	assert_non_null(m);
	FOR_EACH(&l, h)
	assert_int_equal(model_feed(m, h, h->size), 0);
	model_flush(m);
	assert_int_equal(seen.old, 50);
	assert_int_equal(seen.fresh, 0);
	model_free(m);
	session_end(&s);
	free(l.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_io),
		cmocka_unit_test(test_entry_times),
		cmocka_unit_test(test_forks_and_threads),
		cmocka_unit_test(test_copy_on_write),
		cmocka_unit_test(test_overflow_counted),
		cmocka_unit_test(test_errors),
	};

	if (geteuid() != 0) {
		fprintf(stderr, "root tests need root\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
