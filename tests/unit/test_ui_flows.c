// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_ui_flows.c - the live screen following flows (views/layout_flow.c):
 * the flows a traced program's table lists, the key's cycle through them,
 * which facts play while one is followed (resolved when drawn: a copy's
 * reads belong to its writes' flow, its last read too), and the name the
 * status line gives it, escaped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/test_model_stream.h"
#include "views/layout_flow.h"
#include "views/layout_table.h"

#define CP 600 /* copies file 10 to file 11 with read + write */
#define WEB 700 /* sends file 12 to a socket with sendfile */
#define CHUNK (64 * KIB)
#define N 8

static uint64_t t0;

static void exec_as(struct cs_model *m, uint32_t tgid, const char *comm)
{
	struct cs_proc r;

	memset(&r, 0, sizeof(r));
	hdr(&r.h, CS_EV_EXEC, sizeof(r), t0, tgid, tgid);
	copy_name(r.comm, sizeof(r.comm), comm);
	FEED(m, r);
	t0 += US;
}

static void fd_arg(struct cs_syscall *s, int i, uint8_t kind, uint64_t ino,
		   const char *name)
{
	s->fd[i] = 3 + i;
	set_file(&s->file[i], kind, kind == CS_FD_SOCKET ? CS_FF_TCP : 0, ino,
		 name);
}

/* One call of tgid on up to two descriptors (kind 0: none). */
static void call(struct cs_model *m, uint32_t tgid, uint32_t nr, int64_t ret,
		 uint8_t k0, uint64_t i0, uint8_t k1, uint64_t i1)
{
	struct cs_syscall s = mk_sc(tgid, tgid, nr, t0 + US, t0 + 2 * US, ret);
	char name[CS_NAME_LEN];

	snprintf(name, sizeof(name), "f%llu", (unsigned long long)i0);
	if (k0)
		fd_arg(&s, 0, k0, i0, name);
	snprintf(name, sizeof(name), "f%llu", (unsigned long long)i1);
	if (k1)
		fd_arg(&s, 1, k1, i1, name);
	t0 += 3 * US;
	FEED(m, s);
}

static struct cs_model *model(struct facts *fs)
{
	struct cs_model_opts o = { .sink = facts_sink, .sink_data = fs };

	t0 = 1000000;
	memset(fs, 0, sizeof(*fs));
	return model_new(&o);
}

/* cp copies file 10 to file 11 (its start-up opens a file first, its
 * last read finds the end), then the server sends file 12. */
static struct cs_model *two_programs(struct facts *fs)
{
	struct cs_model *m = model(fs);
	int i;

	exec_as(m, CP, "cp");
	call(m, CP, NR_OPENAT, 3, CS_FD_FILE, 10, 0, 0);
	for (i = 0; i < N; i++) {
		call(m, CP, NR_READ, CHUNK, CS_FD_FILE, 10, 0, 0);
		call(m, CP, NR_WRITE, CHUNK, CS_FD_FILE, 11, 0, 0);
	}
	call(m, CP, NR_READ, 0, CS_FD_FILE, 10, 0, 0);
	exec_as(m, WEB, "httpd");
	for (i = 0; i < 2 * N; i++)
		call(m, WEB, NR_SENDFILE, CHUNK, CS_FD_SOCKET, 30, CS_FD_FILE,
		     12);
	model_flush(m);
	return m;
}

static struct flow_list list;

/* The flows first, in the model's order, the "other" rows after them. */
static void lists_flows_then_others(void **state)
{
	struct facts fs;
	struct cs_model *m = two_programs(&fs);
	char name[40];

	(void)state;
	flow_list_read(&list, m);
	assert_int_equal(list.npick, 2);
	assert_int_equal(list.n, 3);
	assert_int_equal(list.f[0].tgid, CP);
	assert_int_equal(list.f[0].src.ino, 10);
	assert_int_equal(list.f[0].dst.ino, 11);
	assert_int_equal(list.f[1].tgid, WEB);
	assert_int_equal(list.f[1].dst.kind, CS_END_SOCKET);
	/* cp's last read, which found nothing, is all its "other" row */
	assert_true(list.f[2].other);
	assert_int_equal(list.f[2].tgid, CP);
	flow_row_name(&list.f[0], name, sizeof(name));
	assert_string_equal(name, "read + write");
	flow_row_name(&list.f[1], name, sizeof(name));
	assert_string_equal(name, "sendfile + gather");
	flow_row_name(&list.f[2], name, sizeof(name));
	assert_string_equal(name, "other flows (1)");
	model_free(m);
	facts_free(&fs);
}

/* all -> the first -> the second -> all, and the other way round; the
 * "other" row is never picked. */
static void the_key_cycles(void **state)
{
	struct flow_pick p = { 0 };
	struct facts fs;
	struct cs_model *m = two_programs(&fs);
	char label[192];

	(void)state;
	flow_list_read(&list, m);
	assert_int_equal(flow_list_find(&list, m, &p), -1);
	flow_pick_label(m, &p, label, sizeof(label));
	assert_string_equal(label, "all flows");

	flow_pick_next(&p, &list, m, 1);
	assert_int_equal(p.id, list.f[0].id);
	assert_int_equal(p.tgid, CP);
	assert_int_equal(flow_list_find(&list, m, &p), 0);
	flow_pick_label(m, &p, label, sizeof(label));
	assert_string_equal(label, "cp: f10 -> f11");

	flow_pick_next(&p, &list, m, 1);
	assert_int_equal(p.id, list.f[1].id);
	assert_int_equal(p.tgid, WEB);
	flow_pick_label(m, &p, label, sizeof(label));
	assert_string_equal(label, "httpd: f12 -> TCP socket");

	flow_pick_next(&p, &list, m, 1);
	assert_int_equal(p.id, 0);
	assert_int_equal(flow_list_find(&list, m, &p), -1);

	/* backwards: all -> the last -> the first -> all */
	flow_pick_next(&p, &list, m, -1);
	assert_int_equal(p.id, list.f[1].id);
	flow_pick_next(&p, &list, m, -1);
	assert_int_equal(p.id, list.f[0].id);
	flow_pick_next(&p, &list, m, -1);
	assert_int_equal(p.id, 0);

	/* a pick no longer listed starts again at the first */
	p.id = 9999;
	p.tgid = CP;
	flow_pick_next(&p, &list, m, 1);
	assert_int_equal(p.id, list.f[0].id);
	model_free(m);
	facts_free(&fs);
}

/* Facts of system calls of a process (nr -1: any), and how many of them
 * the pick lets play. */
static void count_picked(const struct cs_model *m, const struct facts *fs,
			 const struct flow_pick *p, uint32_t tgid, int nr,
			 size_t *calls, size_t *picked)
{
	size_t i;

	*calls = *picked = 0;
	for (i = 0; i < fs->n; i++) {
		const struct cs_fact *f = &fs->v[i];

		if (f->type != CS_FACT_SYSCALL || f->tgid != tgid ||
		    (nr >= 0 && f->u.syscall.nr != (uint32_t)nr))
			continue;
		(*calls)++;
		if (flow_fact_picked(m, p, f))
			(*picked)++;
	}
}

/*
 * Following cp's copy: every read and write plays, its last read too
 * (whose flow still waits for a write that never comes), not its start-up
 * call, not the server's; following all flows, everything plays.
 */
static void facts_of_the_picked_flow(void **state)
{
	struct flow_pick p = { 0 }, all = { 0 };
	struct facts fs;
	struct cs_model *m = two_programs(&fs);
	size_t calls, picked, i, transfers = 0, tpicked = 0;

	(void)state;
	flow_list_read(&list, m);
	flow_pick_next(&p, &list, m, 1);
	count_picked(m, &fs, &p, CP, NR_READ, &calls, &picked);
	assert_int_equal(calls, N + 1);
	assert_int_equal(picked, N + 1);
	count_picked(m, &fs, &p, CP, NR_WRITE, &calls, &picked);
	assert_int_equal(picked, N);
	count_picked(m, &fs, &p, CP, NR_OPENAT, &calls, &picked);
	assert_int_equal(calls, 1);
	assert_int_equal(picked, 0);
	count_picked(m, &fs, &p, WEB, -1, &calls, &picked);
	assert_int_equal(calls, 2 * N);
	assert_int_equal(picked, 0);
	/* its CPU copies play, the server's transfers do not */
	for (i = 0; i < fs.n; i++) {
		if (fs.v[i].type != CS_FACT_TRANSFER)
			continue;
		transfers++;
		if (flow_fact_picked(m, &p, &fs.v[i])) {
			assert_int_equal(fs.v[i].tgid, CP);
			tpicked++;
		}
	}
	assert_true(tpicked > 0 && tpicked < transfers);

	count_picked(m, &fs, &all, WEB, -1, &calls, &picked);
	assert_int_equal(picked, 2 * N);
	count_picked(m, &fs, &all, CP, NR_OPENAT, &calls, &picked);
	assert_int_equal(picked, 1);
	model_free(m);
	facts_free(&fs);
}

/*
 * A read waiting for its write may still join the flow followed; what
 * has no flow, or another process's, never can.
 */
static void a_waiting_read_may_join(void **state)
{
	struct flow_pick p = { 0 };
	struct facts fs;
	struct cs_model *m = two_programs(&fs);
	size_t i, n;

	(void)state;
	flow_list_read(&list, m);
	flow_pick_next(&p, &list, m, 1);
	/* one more read, its write not seen yet */
	n = fs.n;
	call(m, CP, NR_READ, CHUNK, CS_FD_FILE, 13, 0, 0);
	model_flush(m);
	for (i = n; i < fs.n; i++)
		if (fs.v[i].type == CS_FACT_SYSCALL)
			break;
	assert_true(i < fs.n);
	assert_false(flow_fact_picked(m, &p, &fs.v[i]));
	assert_true(flow_fact_may_join(m, &p, &fs.v[i]));
	for (i = 0; i < n; i++) {
		const struct cs_fact *f = &fs.v[i];

		if (f->type != CS_FACT_SYSCALL)
			continue;
		if (f->tgid == WEB || f->u.syscall.nr == NR_OPENAT)
			assert_false(flow_fact_may_join(m, &p, f));
		else
			assert_true(flow_fact_may_join(m, &p, f));
	}
	model_free(m);
	facts_free(&fs);
}

/* A program that only reads: its flow ends in its memory, and is followed
 * by its own reads. */
static void a_reader_is_followed(void **state)
{
	struct flow_pick p = { 0 };
	struct facts fs;
	struct cs_model *m = model(&fs);
	size_t calls, picked;
	int i;

	(void)state;
	exec_as(m, CP, "md5sum");
	for (i = 0; i < N; i++)
		call(m, CP, NR_READ, CHUNK, CS_FD_FILE, 10, 0, 0);
	model_flush(m);
	flow_list_read(&list, m);
	assert_int_equal(list.npick, 1);
	assert_int_equal(list.f[0].dst.kind, CS_END_MEMORY);
	flow_pick_next(&p, &list, m, 1);
	count_picked(m, &fs, &p, CP, NR_READ, &calls, &picked);
	assert_int_equal(picked, N);
	model_free(m);
	facts_free(&fs);
}

/*
 * The name comes from the traced program: escaped.  A model that has not
 * seen the picked flow yet (a recording played again) shows the name it
 * had when it was picked.
 */
static void the_label_is_escaped_and_kept(void **state)
{
	struct flow_pick p = { 0 };
	struct facts fs, fs2;
	struct cs_model *m = model(&fs), *fresh = model(&fs2);
	char label[192];
	int i;

	(void)state;
	exec_as(m, CP, "x\033]0;pwned\a");
	for (i = 0; i < N; i++)
		call(m, CP, NR_SENDFILE, CHUNK, CS_FD_SOCKET, 30, CS_FD_FILE,
		     12);
	model_flush(m);
	flow_list_read(&list, m);
	flow_pick_next(&p, &list, m, 1);
	flow_pick_label(m, &p, label, sizeof(label));
	assert_string_equal(label, "x\\33]0;pwned\\x07: f12 -> TCP socket");
	assert_null(strchr(label, '\033'));
	flow_pick_label(fresh, &p, label, sizeof(label));
	assert_string_equal(label, "x\\33]0;pwned\\x07: f12 -> TCP socket");
	model_free(m);
	model_free(fresh);
	facts_free(&fs);
	facts_free(&fs2);
}

/*
 * The table of a traced program: a row per flow, each with its own
 * calls, copies and bytes (cp's 16 calls, not its start-up's nor its last
 * read's), in 100 columns.
 */
static void a_table_row_per_flow(void **state)
{
	struct tcol_info cols[TABLE_MAX_COLS];
	struct facts fs;
	struct cs_model *m = two_programs(&fs);
	static const char *const want[3] = {
		"read + write               16 1M         0 0B           -"
		"       16       0/0        32      512K ",
		"sendfile + gather           0 0B         0 0B      REF 1M"
		"       16       0/0        32        1M ",
		"other flows (1)             0 0B         0 0B           -"
		"        1       0/0         2        0B ",
	};
	char name[40], line[256];
	int ncols = table_columns(98, cols);
	size_t i;

	(void)state;
	flow_list_read(&list, m);
	for (i = 0; i < 3; i++) {
		flow_row_name(&list.f[i], name, sizeof(name));
		table_line(cols, ncols, &list.f[i].tot, name, line,
			   sizeof(line));
		assert_string_equal(line, want[i]);
	}
	model_free(m);
	facts_free(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lists_flows_then_others),
		cmocka_unit_test(the_key_cycles),
		cmocka_unit_test(facts_of_the_picked_flow),
		cmocka_unit_test(a_waiting_read_may_join),
		cmocka_unit_test(a_reader_is_followed),
		cmocka_unit_test(the_label_is_escaped_and_kept),
		cmocka_unit_test(a_table_row_per_flow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
