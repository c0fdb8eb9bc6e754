// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_ui_anim.c - the TUI's animation queue: what is animated, the clock
 * and speed, pause and single steps, and the grouping of similar facts
 * when they arrive faster than a person can follow.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "views/layout_anim.h"

#define SENDER 100
#define RECEIVER 200
#define MS 1000000ull

static struct cs_fact transfer(uint32_t tgid, enum cs_place from,
			       enum cs_place to, enum cs_kind kind,
			       uint64_t bytes)
{
	struct cs_fact f;

	memset(&f, 0, sizeof(f));
	f.type = CS_FACT_TRANSFER;
	f.tgid = f.pid = tgid;
	f.ts = 1000;
	f.u.transfer.from = (uint8_t)from;
	f.u.transfer.to = (uint8_t)to;
	f.u.transfer.kind = (uint8_t)kind;
	f.u.transfer.evidence = CS_EVID_MEASURED;
	f.u.transfer.bytes = bytes;
	return f;
}

static struct cs_fact mode(uint32_t tgid, bool to_kernel)
{
	struct cs_fact f;

	memset(&f, 0, sizeof(f));
	f.type = CS_FACT_MODE_SWITCH;
	f.tgid = f.pid = tgid;
	f.u.mode.to_kernel = to_kernel;
	f.u.mode.syscall_nr = 0;
	return f;
}

static struct cs_fact syscall_fact(uint32_t tgid, uint32_t nr)
{
	struct cs_fact f;

	memset(&f, 0, sizeof(f));
	f.type = CS_FACT_SYSCALL;
	f.tgid = f.pid = tgid;
	f.u.syscall.nr = nr;
	return f;
}

struct done_log {
	uint64_t seq[64];
	uint32_t count[64];
	int n;
};

static void done(const struct anim_item *it, void *data)
{
	struct done_log *d = data;

	if (d->n < 64) {
		d->seq[d->n] = it->seq;
		d->count[d->n] = it->count;
		d->n++;
	}
}

static void test_wanted(void **state)
{
	struct anim a;
	struct cs_fact f;

	(void)state;
	assert_int_equal(anim_init(&a), 0);
	a.focus_tgid = SENDER;
	f = transfer(RECEIVER, CS_PL_SOCKBUF, CS_PL_RECEIVER, CS_K_CPU, 10);
	assert_true(anim_wanted(&a, &f));
	f = mode(SENDER, true);
	assert_true(anim_wanted(&a, &f));
	f = mode(RECEIVER, true);
	assert_false(anim_wanted(&a, &f));
	f = syscall_fact(RECEIVER, 0);
	assert_false(anim_wanted(&a, &f));
	memset(&f, 0, sizeof(f));
	f.type = CS_FACT_NOTE;
	f.tgid = SENDER;
	f.u.note.what = CS_NOTE_STEP;
	assert_false(anim_wanted(&a, &f));
	f.u.note.what = CS_NOTE_PHASE;
	assert_true(anim_wanted(&a, &f));
	assert_false(
		anim_push(&a, &(struct cs_fact){ .type = CS_FACT_MODE_SWITCH,
						 .tgid = RECEIVER }));
	assert_int_equal(a.n, 0);
	anim_free(&a);
}

static void test_clock_and_order(void **state)
{
	struct done_log d = { 0 };
	struct cs_fact f;
	struct anim a;
	const struct anim_item *cur;
	double p;

	(void)state;
	anim_init(&a);
	a.focus_tgid = SENDER;
	f = mode(SENDER, true);
	anim_push(&a, &f);
	f = transfer(SENDER, CS_PL_PAGE_CACHE, CS_PL_USER, CS_K_CPU, 65536);
	anim_push(&a, &f);
	f = syscall_fact(SENDER, 0);
	anim_push(&a, &f);
	assert_int_equal(a.n, 3);
	assert_null(anim_current(&a, &p));

	/* 250 ms into the 500 ms mode switch */
	assert_true(anim_advance(&a, 250 * MS, done, &d));
	cur = anim_current(&a, &p);
	assert_non_null(cur);
	assert_int_equal(cur->f.type, CS_FACT_MODE_SWITCH);
	assert_true(p > 0.499 && p < 0.501);
	assert_int_equal(anim_waiting(&a), 2);

	/* 250 + 400 ms: the switch is done, the copy 150 ms in */
	anim_advance(&a, 400 * MS, done, &d);
	assert_int_equal(d.n, 1);
	cur = anim_current(&a, &p);
	assert_int_equal(cur->f.type, CS_FACT_TRANSFER);
	assert_int_equal(a.pos_ns, 150 * MS);
	assert_int_equal(cur->dur_ns, anim_duration(&cur->f));
	assert_int_equal(cur->dur_ns, 1600 * MS);

	/* far ahead: everything plays, in order */
	anim_advance(&a, 10000 * MS, done, &d);
	assert_int_equal(d.n, 3);
	assert_true(d.seq[0] < d.seq[1] && d.seq[1] < d.seq[2]);
	assert_null(anim_current(&a, NULL));
	assert_int_equal(a.n, 0);
	anim_free(&a);
}

static void test_group_behind_current(void **state)
{
	struct anim a;
	struct cs_fact f;
	const struct anim_item *it;
	int i;

	(void)state;
	anim_init(&a);
	a.focus_tgid = SENDER;
	f = transfer(SENDER, CS_PL_PAGE_CACHE, CS_PL_USER, CS_K_CPU, 65536);
	anim_push(&a, &f);
	anim_advance(&a, 1 * MS, NULL, NULL);
	/* 256 copies arrive while the first one plays: one waiting group */
	for (i = 0; i < 256; i++)
		anim_push(&a, &f);
	assert_int_equal(a.n, 2);
	assert_int_equal(anim_current(&a, NULL)->count, 1);
	it = anim_peek(&a, 0);
	assert_non_null(it);
	assert_int_equal(it->count, 256);
	assert_int_equal(it->bytes, 256ull * 65536);
	assert_int_equal(a.pushed, 257);
	assert_int_equal(a.grouped, 255);
	anim_free(&a);
}

static void test_group_only_when_busy(void **state)
{
	struct anim a;
	struct cs_fact enter = mode(SENDER, true), leave = mode(SENDER, false);
	struct cs_fact copy =
		transfer(SENDER, CS_PL_USER, CS_PL_SOCKBUF, CS_K_CPU, 100);
	struct cs_fact call = syscall_fact(SENDER, 1);

	(void)state;
	anim_init(&a);
	a.focus_tgid = SENDER;
	/* a person can follow: similar facts apart stay apart */
	anim_push(&a, &enter);
	anim_push(&a, &leave);
	anim_push(&a, &enter);
	assert_int_equal(a.n, 3);
	/* three waiting: the queue is busy, similar facts join earlier items */
	anim_push(&a, &leave);
	assert_int_equal(a.n, 3);
	assert_int_equal(anim_peek(&a, 1)->count, 2);
	anim_push(&a, &copy);
	anim_push(&a, &call);
	anim_push(&a, &enter);
	anim_push(&a, &copy);
	anim_push(&a, &call);
	assert_int_equal(a.n, 5);
	/* a fact joins the newest similar item: the order stays closest */
	assert_int_equal(anim_peek(&a, 0)->count, 1); /* enter */
	assert_int_equal(anim_peek(&a, 1)->count, 2); /* leave */
	assert_int_equal(anim_peek(&a, 2)->count, 2); /* enter, pushed third */
	assert_int_equal(anim_peek(&a, 3)->count, 2); /* copy */
	assert_int_equal(anim_peek(&a, 3)->bytes, 200);
	assert_int_equal(anim_peek(&a, 4)->count, 2); /* call */
	/* another process's copy is never grouped with the sender's */
	copy.tgid = RECEIVER;
	anim_push(&a, &copy);
	assert_int_equal(a.n, 6);
	anim_free(&a);
}

static void test_full_queue_skips(void **state)
{
	struct anim a;
	struct cs_fact f;
	int i;

	(void)state;
	anim_init(&a);
	a.focus_tgid = 0; /* every process animates */
	/* every fact of its own process: nothing groups */
	for (i = 0; i < ANIM_QUEUE_MAX + 11; i++) {
		f = transfer(1000 + i, CS_PL_DISK, CS_PL_PAGE_CACHE, CS_K_DMA,
			     4096);
		anim_push(&a, &f);
	}
	assert_int_equal(a.n, a.cap);
	assert_int_equal(a.skipped, 11 - (a.cap - ANIM_QUEUE_MAX));
	/* the oldest went: the first left is the one pushed after them */
	assert_int_equal(anim_peek(&a, 0)->f.tgid,
			 1000 + (ANIM_QUEUE_MAX + 11 - (int)a.cap));
	anim_free(&a);
}

static void test_pause_step_speed(void **state)
{
	struct done_log d = { 0 };
	struct anim a;
	struct cs_fact f =
		transfer(SENDER, CS_PL_DISK, CS_PL_PAGE_CACHE, CS_K_DMA, 4096);
	struct cs_fact g =
		transfer(SENDER, CS_PL_PAGE_CACHE, CS_PL_USER, CS_K_CPU, 4096);
	char t[16];
	double p;

	(void)state;
	anim_init(&a);
	a.focus_tgid = SENDER;
	a.paused = true;
	anim_push(&a, &f);
	anim_push(&a, &g);
	/* paused: the first item shows, frozen half way along */
	assert_true(anim_advance(&a, 5000 * MS, done, &d));
	assert_non_null(anim_current(&a, &p));
	assert_true(p > 0.499 && p < 0.501);
	assert_false(anim_advance(&a, 5000 * MS, done, &d));
	assert_int_equal(d.n, 0);
	/* n: the next item, half played, still paused */
	assert_true(anim_step(&a, done, &d));
	assert_int_equal(d.n, 1);
	assert_int_equal(anim_current(&a, &p)->f.u.transfer.kind, CS_K_CPU);
	assert_true(p > 0.499 && p < 0.501);
	assert_true(anim_step(&a, done, &d));
	assert_int_equal(d.n, 2);
	assert_false(anim_step(&a, done, &d));

	/* speed: 2x plays the 1.6 s copy in 0.8 s */
	a.paused = false;
	assert_true(anim_speed_factor(&a) == 1);
	anim_speed_change(&a, 1);
	anim_speed_text(&a, t, sizeof(t));
	assert_string_equal(t, "2x");
	anim_push(&a, &g);
	anim_advance(&a, 799 * MS, done, &d);
	assert_int_equal(d.n, 2);
	anim_advance(&a, 1 * MS, done, &d);
	assert_int_equal(d.n, 3);
	/* the speed stays within its steps */
	for (int i = 0; i < 20; i++)
		anim_speed_change(&a, -1);
	assert_true(anim_speed_factor(&a) == 0.125);
	anim_speed_text(&a, t, sizeof(t));
	assert_string_equal(t, "0.125x");
	for (int i = 0; i < 20; i++)
		anim_speed_change(&a, 1);
	assert_true(anim_speed_factor(&a) == 32);
	anim_speed_set(&a, 0.5);
	assert_true(anim_speed_factor(&a) == 0.5);
	anim_speed_set(&a, 3);
	assert_true(anim_speed_factor(&a) == 2 || anim_speed_factor(&a) == 4);
	anim_free(&a);
}

/* The filter of a followed flow: flow 1 plays, flow 2 does not. */
static bool flow_one(const struct anim_item *it, void *data)
{
	(void)data;
	return it->f.flow == 1;
}

static struct cs_fact in_flow(struct cs_fact f, uint32_t flow)
{
	f.flow = flow;
	return f;
}

/*
 * Following one flow: the others' items leave unplayed as they come to
 * the front (counted, not passed to done), the one on screen goes when
 * the filter changes, and facts of two flows never group.
 */
static void test_keep_one_flow(void **state)
{
	struct done_log d = { 0 };
	struct anim a;
	struct cs_fact copy =
		transfer(SENDER, CS_PL_PAGE_CACHE, CS_PL_USER, CS_K_CPU, 100);
	struct cs_fact f;
	int i;

	(void)state;
	anim_init(&a);
	a.focus_tgid = SENDER;
	f = in_flow(mode(SENDER, true), 2);
	anim_push(&a, &f);
	f = in_flow(syscall_fact(SENDER, 0), 1);
	anim_push(&a, &f);
	f = in_flow(copy, 2);
	anim_push(&a, &f);
	f = in_flow(mode(SENDER, false), 1);
	anim_push(&a, &f);
	a.keep = flow_one;
	/* the first item is of flow 2: never on screen */
	anim_advance(&a, 1 * MS, done, &d);
	assert_int_equal(anim_current(&a, NULL)->f.type, CS_FACT_SYSCALL);
	assert_int_equal(a.passed, 1);
	anim_advance(&a, 10000 * MS, done, &d);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.seq[0], 2);
	assert_int_equal(d.seq[1], 4);
	assert_int_equal(a.passed, 2);
	assert_int_equal(a.n, 0);

	/* the filter changes while an item of the other flow plays */
	a.keep = NULL;
	f = in_flow(copy, 2);
	anim_push(&a, &f);
	f = in_flow(syscall_fact(SENDER, 0), 1);
	anim_push(&a, &f);
	anim_advance(&a, 1 * MS, done, &d);
	assert_int_equal(anim_current(&a, NULL)->f.flow, 2);
	a.keep = flow_one;
	anim_refilter(&a);
	assert_null(anim_current(&a, NULL));
	assert_int_equal(a.n, 1);
	anim_advance(&a, 1 * MS, done, &d);
	assert_int_equal(anim_current(&a, NULL)->f.flow, 1);
	anim_finish_all(&a, done, &d);
	assert_int_equal(d.n, 3);

	/* busy: similar copies of two flows stay apart while one is followed,
	 * and group as before when all are */
	for (i = 0; i < 3; i++) {
		f = in_flow(syscall_fact(SENDER, (uint32_t)i), 1);
		anim_push(&a, &f);
	}
	f = in_flow(copy, 1);
	anim_push(&a, &f);
	f = in_flow(copy, 2);
	anim_push(&a, &f);
	assert_int_equal(a.n, 5);
	a.keep = NULL;
	f = in_flow(copy, 1);
	anim_push(&a, &f);
	assert_int_equal(a.n, 5);
	assert_int_equal(anim_peek(&a, 4)->count, 2);
	anim_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wanted),
		cmocka_unit_test(test_clock_and_order),
		cmocka_unit_test(test_group_behind_current),
		cmocka_unit_test(test_group_only_when_busy),
		cmocka_unit_test(test_full_queue_skips),
		cmocka_unit_test(test_pause_step_speed),
		cmocka_unit_test(test_keep_one_flow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
