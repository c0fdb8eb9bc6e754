// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_model_cow.c - copy-on-write from page faults (model/rules_cow.c):
 * a write fault on a present private page that a forked process still
 * shares is one attributed CPU copy of one page; a fault on a page that
 * was not present, a read fault, a write into MAP_SHARED memory, and any
 * fault once the sharer has exited or run a new program are not copies.
 */
#include <stdio.h>

#include "tests/unit/test_model_stream.h"

#define PARENT 200
#define CHILD 201
#define PAGE 4096
#define REGION 0x7f0000000000ull

/* x86 error code bits */
#define PF_PROT 0x1
#define PF_WRITE 0x2
#define PF_USER 0x4

static void fault(struct cs_model *m, uint32_t tgid, uint64_t ts,
		  uint64_t addr, uint32_t code)
{
	feed_fault_ec(m, tgid, tgid, ts, addr, code);
}

/* A system call that ends the faults' wait (their thread's next call). */
static void call(struct cs_model *m, uint32_t tgid, uint64_t ts)
{
	feed_sc(m, tgid, tgid, NR_WAIT4, ts, ts + 1, 0);
}

static void exec_rec(struct cs_model *m, uint32_t tgid, uint64_t ts)
{
	struct cs_proc r;

	memset(&r, 0, sizeof(r));
	hdr(&r.h, CS_EV_EXEC, sizeof(r), ts, tgid, tgid);
	strcpy(r.comm, "sh");
	strcpy(r.path, "/bin/sh");
	FEED(m, r);
}

static size_t cow_copies(const struct facts *fs, uint32_t tgid)
{
	size_t i, n = 0;

	for (i = 0; i < fs->n; i++) {
		const struct cs_transfer *t = &fs->v[i].u.transfer;

		if (fs->v[i].type != CS_FACT_TRANSFER || t->rule != CS_R_COW ||
		    t->tgid != tgid)
			continue;
		assert_int_equal(t->kind, CS_K_CPU);
		assert_int_equal(t->evidence, CS_EVID_ATTRIBUTED);
		assert_int_equal(t->from, CS_PL_USER);
		assert_int_equal(t->to, CS_PL_USER);
		assert_int_equal(t->bytes, PAGE);
		assert_true(t->address >= REGION &&
			    t->address < REGION + 64 * PAGE);
		n++;
	}
	return n;
}

static struct cs_model *model(struct facts *fs)
{
	struct cs_model_opts o = { .sink = facts_sink,
				   .sink_data = fs,
				   .focus_tgid = PARENT };
	struct cs_model *m = model_new(&o);

	assert_non_null(m);
	call(m, PARENT, 10 * US); /* the parent is known before it forks */
	return m;
}

/* The cow demo: fork, then the parent writes into 16 pages it shares. */
static void test_parent_writes_shared_pages(void **state)
{
	struct facts fs = { 0 };
	struct cs_model *m = model(&fs);
	struct cs_totals t;
	int i;

	(void)state;
	feed_fork(m, PARENT, PARENT, 100 * US, CHILD, false);
	for (i = 0; i < 16; i++)
		fault(m, PARENT, 200 * US + i, REGION + (uint64_t)i * PAGE,
		      PF_USER | PF_WRITE | PF_PROT);
	call(m, PARENT, 300 * US);
	model_flush(m);
	assert_int_equal(cow_copies(&fs, PARENT), 16);
	assert_true(model_totals(m, PARENT, &t));
	assert_int_equal(t.cow_copies, 16);
	assert_int_equal(t.route_bytes[CS_PL_USER][CS_PL_USER][CS_K_CPU],
			 16 * PAGE);
	/* not the data a strategy moves: not in the table's copies */
	assert_int_equal(t.cpu_copies, 0);
	assert_int_equal(t.cpu_bytes, 0);
	model_free(m);
	facts_free(&fs);
}

/* The child's own first writes copy too: the parent still shares. */
static void test_child_writes_shared_pages(void **state)
{
	struct facts fs = { 0 };
	struct cs_model *m = model(&fs);

	(void)state;
	feed_fork(m, PARENT, PARENT, 100 * US, CHILD, false);
	fault(m, CHILD, 200 * US, REGION, PF_USER | PF_WRITE | PF_PROT);
	/* a write inside a system call (read() into a shared buffer) */
	fault(m, CHILD, 201 * US, REGION + PAGE, PF_WRITE | PF_PROT);
	call(m, CHILD, 300 * US);
	model_flush(m);
	assert_int_equal(cow_copies(&fs, CHILD), 2);
	model_free(m);
	facts_free(&fs);
}

/* Writes into pages that were not there, and reads: no copy. */
static void test_not_present_and_reads(void **state)
{
	struct facts fs = { 0 };
	struct cs_model *m = model(&fs);

	(void)state;
	feed_fork(m, PARENT, PARENT, 100 * US, CHILD, false);
	fault(m, PARENT, 200 * US, REGION, PF_USER | PF_WRITE);
	fault(m, PARENT, 201 * US, REGION + PAGE, PF_USER);
	fault(m, PARENT, 202 * US, REGION + 2 * PAGE, PF_USER | PF_PROT);
	call(m, PARENT, 300 * US);
	model_flush(m);
	assert_int_equal(cow_copies(&fs, PARENT), 0);
	assert_int_equal(facts_count(&fs, CS_FACT_FAULT, PARENT), 3);
	model_free(m);
	facts_free(&fs);
}

/* Nobody to share with: before the fork, after the child exited or ran a
 * new program, the kernel reuses the page. */
static void test_no_sharer(void **state)
{
	struct facts fs = { 0 };
	struct cs_model *m = model(&fs);
	const uint32_t w = PF_USER | PF_WRITE | PF_PROT;

	(void)state;
	fault(m, PARENT, 50 * US, REGION, w); /* before any fork */
	call(m, PARENT, 60 * US);
	feed_fork(m, PARENT, PARENT, 100 * US, CHILD, false);
	call(m, CHILD, 110 * US);
	exec_rec(m, CHILD, 150 * US);
	fault(m, PARENT, 200 * US, REGION + PAGE, w);
	call(m, PARENT, 210 * US);
	feed_fork(m, PARENT, PARENT, 300 * US, CHILD + 1, false);
	fault(m, PARENT, 310 * US, REGION + 2 * PAGE, w); /* shared: a copy */
	call(m, PARENT, 320 * US);
	feed_exit(m, CHILD + 1, CHILD + 1, 400 * US);
	fault(m, PARENT, 410 * US, REGION + 3 * PAGE, w);
	call(m, PARENT, 420 * US);
	/* a thread shares the whole memory: nothing to copy */
	feed_fork(m, PARENT, PARENT, 500 * US, PARENT + 50, true);
	fault(m, PARENT, 510 * US, REGION + 4 * PAGE, w);
	call(m, PARENT, 520 * US);
	model_flush(m);
	assert_int_equal(cow_copies(&fs, PARENT), 1);
	model_free(m);
	facts_free(&fs);
}

/* A write into a MAP_SHARED file mapping only marks the page dirty. */
static void test_shared_mapping(void **state)
{
	struct facts fs = { 0 };
	struct cs_model *m = model(&fs);
	struct cs_syscall s = mk_sc(PARENT, PARENT, NR_MMAP, 20 * US, 21 * US,
				    (int64_t)REGION);

	(void)state;
	s.arg[1] = 64 * PAGE;
	s.arg[3] = 0x01; /* MAP_SHARED */
	s.arg[4] = 3;
	sc_fd(&s, 0, 3, CS_FD_FILE, 0);
	FEED(m, s);
	feed_fork(m, PARENT, PARENT, 100 * US, CHILD, false);
	fault(m, PARENT, 200 * US, REGION, PF_USER | PF_WRITE | PF_PROT);
	call(m, PARENT, 300 * US);
	model_flush(m);
	assert_int_equal(cow_copies(&fs, PARENT), 0);
	model_free(m);
	facts_free(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parent_writes_shared_pages),
		cmocka_unit_test(test_child_writes_shared_pages),
		cmocka_unit_test(test_not_present_and_reads),
		cmocka_unit_test(test_no_sharer),
		cmocka_unit_test(test_shared_mapping),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
