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
 * end of the run, which the records must add up to.  Recordings of
 * Debian's 6.1 and 6.12 (the fentry tier) follow: tests/data/README.md.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "abi/record.h"
#include "abi/recording.h"
#include "tests/unit/test_model_stream.h"

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
	/* sender and receiver, every counter the records can reproduce (the
	 * .counters files predate xmit_retrans_bytes: its line is absent) */
	assert_true(checked >= 2 * (CS_C_MAX - 2));
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

/*
 * Runs on Debian's 6.1 and 6.12 under QEMU (make check-kernels), recorded
 * with 'copyscope report --size 1M --tier T --record-dir tests/data/K-T'.
 * These kernels have no tcp_sendmsg_locked tracepoint (no tcp or transmit
 * records); the fentry tier sees the copy-path functions.  Each fentry
 * run must show the routes of the tracepoint tier, once, with measured
 * bytes wherever a copy function saw the copy (unmeasured: what no
 * function covers), and no measured copy may disagree with its call.
 */
struct route {
	uint8_t from, to, kind;
	uint64_t bytes;
};

#define MAX_ROUTES 5

struct kexpect {
	const char *name;
	enum cs_strategy strategy;
	uint64_t unmeasured; /* CPU and REF bytes attributed or inferred */
	uint64_t deferred;
	struct route routes[MAX_ROUTES]; /* the sender's, every one */
};

#define R_DISK_CACHE                                       \
	{                                                  \
		CS_PL_DISK, CS_PL_PAGE_CACHE, CS_K_DMA, M1 \
	}
#define R_MAPPED                                           \
	{                                                  \
		CS_PL_PAGE_CACHE, CS_PL_USER, CS_K_MAP, M1 \
	}

static const struct kexpect kexpects[] = {
	{ "6.12-fentry/read_write",
	  CS_ST_READ_WRITE,
	  0,
	  0,
	  { R_DISK_CACHE,
	    { CS_PL_PAGE_CACHE, CS_PL_USER, CS_K_CPU, M1 },
	    { CS_PL_USER, CS_PL_SOCKBUF, CS_K_CPU, M1 } } },
	{ "6.12-fentry/mmap_write",
	  CS_ST_MMAP_WRITE,
	  0,
	  0,
	  { R_DISK_CACHE,
	    R_MAPPED,
	    { CS_PL_PAGE_CACHE, CS_PL_SOCKBUF, CS_K_CPU, M1 } } },
	{ "6.12-fentry/sendfile",
	  CS_ST_SENDFILE_GATHER,
	  0,
	  0,
	  { R_DISK_CACHE, { CS_PL_PAGE_CACHE, CS_PL_SOCKBUF, CS_K_REF, M1 } } },
	/* the copy into linear packets at transmit: no record shows it here */
	{ "6.12-fentry/sendfile_nogather",
	  CS_ST_SENDFILE_GATHER,
	  0,
	  0,
	  { R_DISK_CACHE, { CS_PL_PAGE_CACHE, CS_PL_SOCKBUF, CS_K_REF, M1 } } },
	{ "6.12-fentry/splice",
	  CS_ST_SPLICE,
	  0,
	  0,
	  { R_DISK_CACHE,
	    { CS_PL_PAGE_CACHE, CS_PL_PIPE, CS_K_REF, M1 },
	    { CS_PL_PIPE, CS_PL_SOCKBUF, CS_K_REF, M1 } } },
	/* vmsplice itself: no copy function */
	{ "6.12-fentry/vmsplice",
	  CS_ST_VMSPLICE,
	  M1,
	  0,
	  { R_DISK_CACHE,
	    R_MAPPED,
	    { CS_PL_USER, CS_PL_PIPE, CS_K_REF, M1 },
	    { CS_PL_PIPE, CS_PL_SOCKBUF, CS_K_REF, M1 } } },
	{ "6.12-fentry/odirect",
	  CS_ST_ODIRECT,
	  0,
	  0,
	  { { CS_PL_DISK, CS_PL_USER, CS_K_DMA, M1 },
	    { CS_PL_USER, CS_PL_SOCKBUF, CS_K_CPU, M1 } } },
	{ "6.12-fentry/msg_zerocopy",
	  CS_ST_MSG_ZEROCOPY,
	  0,
	  M1,
	  { R_DISK_CACHE,
	    R_MAPPED,
	    { CS_PL_USER, CS_PL_SOCKBUF, CS_K_REF, M1 },
	    { CS_PL_USER, CS_PL_SOCKBUF, CS_K_CPU, M1 } } },
	{ "6.12-fentry/io_uring",
	  CS_ST_URING_RW,
	  0,
	  0,
	  { R_DISK_CACHE,
	    { CS_PL_PAGE_CACHE, CS_PL_USER, CS_K_CPU, M1 },
	    { CS_PL_USER, CS_PL_SOCKBUF, CS_K_CPU, M1 } } },
	{ "6.12-fentry/io_uring_splice",
	  CS_ST_URING_SPLICE,
	  0,
	  0,
	  { R_DISK_CACHE,
	    { CS_PL_PAGE_CACHE, CS_PL_PIPE, CS_K_REF, M1 },
	    { CS_PL_PIPE, CS_PL_SOCKBUF, CS_K_REF, M1 } } },
	{ "6.12-fentry/io_uring_send_zc",
	  CS_ST_URING_SEND_ZC,
	  0,
	  M1,
	  { R_DISK_CACHE,
	    R_MAPPED,
	    { CS_PL_USER, CS_PL_SOCKBUF, CS_K_REF, M1 },
	    { CS_PL_USER, CS_PL_SOCKBUF, CS_K_CPU, M1 } } },
	/* 6.1: splice reads through filemap_read into a pipe (references,
	 * not a copy); the pages go to tcp_sendpage, which no tier sees */
	{ "6.1-fentry/sendfile",
	  CS_ST_SENDFILE_GATHER,
	  M1,
	  0,
	  { R_DISK_CACHE, { CS_PL_PAGE_CACHE, CS_PL_SOCKBUF, CS_K_REF, M1 } } },
	{ "6.1-fentry/splice",
	  CS_ST_SPLICE,
	  M1,
	  0,
	  { R_DISK_CACHE,
	    { CS_PL_PAGE_CACHE, CS_PL_PIPE, CS_K_REF, M1 },
	    { CS_PL_PIPE, CS_PL_SOCKBUF, CS_K_REF, M1 } } },
	{ "6.1-fentry/io_uring_splice",
	  CS_ST_URING_SPLICE,
	  M1,
	  0,
	  { R_DISK_CACHE,
	    { CS_PL_PAGE_CACHE, CS_PL_PIPE, CS_K_REF, M1 },
	    { CS_PL_PIPE, CS_PL_SOCKBUF, CS_K_REF, M1 } } },
	/* the tracepoint tier of 6.12: no record says which SPLICE sent */
	{ "6.12-tracepoint/io_uring_splice",
	  CS_ST_URING_SPLICE,
	  2 * M1,
	  0,
	  { R_DISK_CACHE,
	    { CS_PL_PAGE_CACHE, CS_PL_PIPE, CS_K_REF, M1 },
	    { CS_PL_PIPE, CS_PL_SOCKBUF, CS_K_REF, M1 } } },
	/* no transmit records: the notifications prove the deferred copy */
	{ "6.12-tracepoint/io_uring_send_zc",
	  CS_ST_URING_SEND_ZC,
	  2 * M1,
	  M1,
	  { R_DISK_CACHE,
	    R_MAPPED,
	    { CS_PL_USER, CS_PL_SOCKBUF, CS_K_REF, M1 },
	    { CS_PL_USER, CS_PL_SOCKBUF, CS_K_CPU, M1 } } },
};

static void test_kernel_recordings(void **state)
{
	size_t i, k, nroutes;

	(void)state;
	for (i = 0; i < sizeof(kexpects) / sizeof(kexpects[0]); i++) {
		const struct kexpect *e = &kexpects[i];
		struct cs_totals t, v;
		uint32_t pid, snd, rcv;
		struct cs_model *m = replay(e->name, &pid);
		unsigned from, to, kind;

		print_message("%s\n", e->name);
		model_sides(m, &snd, &rcv);
		assert_int_equal(snd, pid);
		assert_true(model_totals(m, snd, &t));
		assert_true(model_totals(m, rcv, &v));
		assert_int_equal(t.strategy, e->strategy);
		nroutes = 0;
		for (k = 0; k < MAX_ROUTES && e->routes[k].bytes; k++) {
			const struct route *r = &e->routes[k];

			if (t.route_bytes[r->from][r->to][r->kind] != r->bytes)
				fail_msg("%s: route %s -> %s %s: %" PRIu64
					 ", expected %" PRIu64,
					 e->name, model_place_id(r->from),
					 model_place_id(r->to),
					 model_kind_name(r->kind),
					 t.route_bytes[r->from][r->to][r->kind],
					 r->bytes);
			nroutes++;
		}
		/*
		 * and no other route: nothing counted twice.  The pages the
		 * sender copied on write after forking its receiver are a
		 * route of their own, one page per copy.
		 */
		assert_int_equal(
			t.route_bytes[CS_PL_USER][CS_PL_USER][CS_K_CPU],
			t.cow_copies * 4096);
		if (t.cow_copies)
			nroutes++;
		for (from = 0; from < CS_PL_MAX; from++)
			for (to = 0; to < CS_PL_MAX; to++)
				for (kind = 0; kind < CS_K_MAX; kind++)
					if (t.route_bytes[from][to][kind])
						nroutes--;
		assert_int_equal(nroutes, 0);
		assert_int_equal(t.bytes[CS_K_CPU][CS_EVID_ATTRIBUTED] -
					 t.cow_copies * 4096 +
					 t.bytes[CS_K_CPU][CS_EVID_INFERRED] +
					 t.bytes[CS_K_REF][CS_EVID_ATTRIBUTED] +
					 t.bytes[CS_K_REF][CS_EVID_INFERRED],
				 e->unmeasured);
		assert_int_equal(t.deferred_copy_bytes, e->deferred);
		assert_int_equal(t.payload_bytes, M1);
		assert_int_equal(t.mismatches, 0);
		assert_int_equal(v.strategy, CS_ST_RECEIVER);
		assert_int_equal(
			v.route_bytes[CS_PL_SOCKBUF][CS_PL_RECEIVER][CS_K_CPU],
			M1);
		assert_int_equal(v.deferred_copy_bytes, 0);
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
		cmocka_unit_test(test_kernel_recordings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
