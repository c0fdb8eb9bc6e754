// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_model_recorded.c - recordings of real runs of the demos on this
 * project's machine (kernel 6.18, tracepoint tier, 1 MiB, cold cache
 * unless named _warm), made with
 *
 *     copyscope report --size 1M --record-dir tests/data
 *
 * Each tests/data/DEMO.rec is read back into the model exactly as the
 * report does (phase gate on, the demo's process as the focus) and must
 * give these totals; DEMO.counters holds the kernel's exact counters at the
 * end of the run, which the records must add up to.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "model/record.h"
#include "tests/unit/test_model_stream.h"
#include "views/recording.h"

struct expect {
	const char *name;
	enum cs_strategy strategy;
	/* the sender, inside the transfer phase */
	uint64_t cpu_bytes, ref_bytes, map_bytes, disk_dma, nic_explained,
		deferred;
	uint64_t syscalls, mode_switches, payload, cpu_copies;
	/* the receiver */
	uint64_t received, receiver_copy;
};

#define M1 1048576ull

static const struct expect expects[] = {
	/* 2 CPU copies per chunk: page cache -> buffer -> socket buffer */
	{ "read_write", CS_ST_READ_WRITE, 2 * M1, 0, 0, M1, M1, 0, 32, 64, M1,
	  32, M1, M1 },
	/* warm: no disk DMA */
	{ "read_write_warm", CS_ST_READ_WRITE, 2 * M1, 0, 0, 0, M1, 0, 32, 64,
	  M1, 32, M1, M1 },
	/* 1 CPU copy: from the mapping to the socket buffer */
	{ "mmap_write", CS_ST_MMAP_WRITE, M1, 0, M1, M1, M1, 0, 18, 36, M1, 16,
	  M1, M1 },
	/* gather: page references, no CPU copy; one call */
	{ "sendfile", CS_ST_SENDFILE_GATHER, 0, M1, 0, M1, M1, 0, 1, 2, M1, 0,
	  M1, M1 },
	/* no gather on the veth: the socket takes page references, which are
	 * copied into linear packets at transmit (736 of them) */
	{ "sendfile_nogather", CS_ST_SENDFILE, M1, M1, 0, M1, M1, 0, 1, 2, M1,
	  736, M1, M1 },
	/* file -> pipe -> socket by reference; two calls per chunk */
	{ "splice", CS_ST_SPLICE, 0, 2 * M1, 0, M1, M1, 0, 32, 64, M1, 0, M1,
	  M1 },
	{ "vmsplice", CS_ST_VMSPLICE, 0, 2 * M1, M1, M1, M1, 0, 34, 68, M1, 0,
	  M1, M1 },
	/* the disk DMAs into the buffer; one CPU copy to the socket */
	{ "odirect", CS_ST_ODIRECT, M1, 0, 0, M1, M1, 0, 32, 64, M1, 16, M1,
	  M1 },
	/* pinned at send, copied at delivery on lo */
	{ "msg_zerocopy", CS_ST_MSG_ZEROCOPY, M1, M1, M1, M1, M1, M1, 47, 94,
	  M1, 32, M1, M1 },
	{ "io_uring", CS_ST_URING_RW, 2 * M1, 0, 0, M1, M1, 0, 16, 32, M1, 32,
	  M1, M1 },
	/* the io-wq workers were not traced on this kernel side: only the
	 * submissions are seen (the strategy still is) */
	{ "io_uring_splice", CS_ST_URING_SPLICE, 0, 0, 0, 0, 0, 0, 16, 32, 0, 0,
	  M1, M1 },
	{ "io_uring_send_zc", CS_ST_URING_SEND_ZC, M1, M1, M1, M1, M1, M1, 17,
	  34, M1, 33, M1, M1 },
};

static void data_path(char *buf, size_t len, const char *name, const char *ext)
{
	const char *me = __FILE__, *tail = strstr(me, "tests/unit/");

	snprintf(buf, len, "%.*stests/data/%s.%s", (int)(tail ? tail - me : 0),
		 me, name, ext);
}

/* Feed a recording to a model the way 'copyscope report' does. */
static struct cs_model *replay(const char *name, uint32_t *pid)
{
	static unsigned char buf[CS_REC_MAX_RECORD];
	struct cs_model_opts o = { 0 };
	struct recording r;
	struct cs_model *m;
	char path[512], err[256];
	size_t n;
	FILE *f;

	data_path(path, sizeof(path), name, "rec");
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	if (recording_open(&r, f, err, sizeof(err)))
		fail_msg("%s: %s", path, err);
	o.focus_tgid = r.h.pid;
	o.phase_gate = true;
	m = model_new(&o);
	assert_non_null(m);
	while ((n = recording_next(&r, buf, sizeof(buf))))
		assert_int_equal(model_feed(m, buf, n), 0);
	assert_false(r.corrupt);
	assert_int_equal(r.bad, 0);
	model_flush(m);
	fclose(f);
	*pid = r.h.pid;
	return m;
}

/* The kernel's counters at the end of the run against the records. */
static void check_counters(struct cs_model *m, const char *name)
{
	char path[512], cname[64];
	unsigned long long v;
	unsigned tgid, checked = 0;
	struct cs_counters d;
	FILE *f;

	data_path(path, sizeof(path), name, "counters");
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	while (fscanf(f, "%u %63s %llu", &tgid, cname, &v) == 3) {
		enum cs_counter c;

		assert_true(model_derived_counters(m, tgid, &d));
		for (c = 0; c < CS_C_MAX; c++)
			if (!strcmp(counter_name(c), cname))
				break;
		assert_true(c < CS_C_MAX);
		if (!model_counter_derivable(c)) {
			assert_int_equal(v, 0); /* drops: none in these runs */
			continue;
		}
		if (d.v[c] != v)
			fail_msg(
				"%s: process %u counter %s: records %llu, kernel %llu",
				name, tgid, cname, (unsigned long long)d.v[c],
				v);
		checked++;
	}
	fclose(f);
	assert_true(checked >= 2 * (CS_C_MAX - 1)); /* sender and receiver */
}

static void test_recordings(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(expects) / sizeof(expects[0]); i++) {
		const struct expect *e = &expects[i];
		struct cs_totals t, v;
		uint32_t pid, snd, rcv;
		struct cs_model *m = replay(e->name, &pid);

		print_message("%s\n", e->name);
		model_sides(m, &snd, &rcv);
		assert_int_equal(snd, pid);
		assert_true(rcv != 0 && rcv != pid);
		assert_true(model_totals(m, snd, &t));
		assert_true(model_totals(m, rcv, &v));
		assert_int_equal(t.strategy, e->strategy);
		assert_int_equal(t.cpu_bytes, e->cpu_bytes);
		assert_int_equal(t.ref_bytes, e->ref_bytes);
		assert_int_equal(t.map_bytes, e->map_bytes);
		assert_int_equal(t.disk_read_bytes, e->disk_dma);
		assert_int_equal(t.nic_dma_explained_bytes, e->nic_explained);
		assert_int_equal(t.deferred_copy_bytes, e->deferred);
		assert_int_equal(t.syscalls, e->syscalls);
		assert_int_equal(t.mode_switches, e->mode_switches);
		assert_int_equal(t.payload_bytes, e->payload);
		assert_int_equal(t.cpu_copies, e->cpu_copies);
		assert_int_equal(t.mismatches, 0);
		assert_int_equal(v.strategy, CS_ST_RECEIVER);
		assert_int_equal(v.received_bytes, e->received);
		assert_int_equal(
			v.route_bytes[CS_PL_SOCKBUF][CS_PL_RECEIVER][CS_K_CPU],
			e->receiver_copy);
		assert_int_equal(v.mismatches, 0);
		assert_int_equal(model_rejected(m), 0);
		check_counters(m, e->name);
		model_free(m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recordings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
