// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_model_core.c - the model's machinery: record checks, holding
 * evidence until its system call arrives, reordering, the counted window,
 * the copy tier replacing attributed bytes, cross-checks, the kernel
 * counters, names and captions.
 */
#include <errno.h>
#include <stdio.h>

#include "abi/record.h"
#include "tests/unit/test_model_stream.h"

static void test_rejects_malformed(void **state)
{
	struct cs_model *m = model_new(NULL);
	struct cs_syscall s = mk_sc(1, 1, NR_READ, 10, 20, 5);
	struct cs_hdr h;
	unsigned char buf[512];
	unsigned i;

	(void)state;
	assert_non_null(m);
	/* shorter than a header, or than the size it claims */
	assert_int_equal(model_feed(m, &s, 4), -EINVAL);
	assert_int_equal(model_feed(m, &s, sizeof(s) - 1), -EINVAL);
	assert_int_equal(model_feed(m, NULL, 100), -EINVAL);
	/* a size too small for the type */
	s.h.size = sizeof(struct cs_hdr) + 8;
	assert_int_equal(model_feed(m, &s, sizeof(s)), -EINVAL);
	/* unknown type, and no process */
	hdr(&h, 42, sizeof(h), 1, 1, 1);
	assert_int_equal(model_feed(m, &h, sizeof(h)), -EINVAL);
	hdr(&h, CS_EV_STEP, sizeof(h), 1, 1, 0);
	assert_int_equal(model_feed(m, &h, sizeof(h)), -EINVAL);
	assert_int_equal(model_rejected(m), 6);
	/* a larger record (a newer layout) is accepted, extra bytes ignored */
	s = mk_sc(1, 1, NR_READ, 10, 20, 5);
	memset(buf, 0xee, sizeof(buf));
	s.h.size = sizeof(s) + 40;
	memcpy(buf, &s, sizeof(s));
	assert_int_equal(model_feed(m, buf, sizeof(s) + 40), 0);
	/* unaligned input */
	s.h.size = sizeof(s);
	memcpy(buf + 1, &s, sizeof(s));
	assert_int_equal(model_feed(m, buf + 1, sizeof(s)), 0);
	for (i = CS_EV_SYSCALL; i < CS_EV_KERNEL_MAX; i++)
		assert_true(model_record_min_size((uint16_t)i) >=
			    sizeof(struct cs_hdr));
	assert_int_equal(model_record_min_size(0), 0);
	model_free(m);
}

/* Garbage must never crash the model or grow it without bound. */
static void test_garbage(void **state)
{
	struct cs_model *m = model_new(NULL);
	unsigned char buf[256];
	uint32_t seed = 12345;
	unsigned i, j;
	struct cs_totals t;

	(void)state;
	for (i = 0; i < 200000; i++) {
		struct cs_hdr *h = (struct cs_hdr *)buf;

		for (j = 0; j < sizeof(buf); j++) {
			seed = seed * 1103515245 + 12345;
			buf[j] = (unsigned char)(seed >> 16);
		}
		/* mostly plausible headers, so that the rules run */
		h->type = (uint16_t)(1 + (seed >> 8) % (CS_EV_KERNEL_MAX - 1));
		if (i % 7 == 0)
			h->type = CS_EV_PHASE;
		h->size = (uint16_t)model_record_min_size(h->type);
		h->pid = 1 + (seed >> 4) % 50;
		h->tgid = 1 + h->pid % 5;
		h->ts = i * 1000ull + (seed % 3000);
		model_feed(m, buf, (seed & 1) ? sizeof(buf) : h->size);
	}
	model_flush(m);
	model_totals_all(m, &t);
	/* forks of random children fill the table up to its limit, no more */
	assert_true(t.nprocs >= 5 && t.nprocs <= 4096);
	model_free(m);
}

/* Records of a call arrive before the call; some arrive out of order. */
static void test_reorder_and_attribution(void **state)
{
	struct facts fs = { 0 };
	struct cs_model *m = new_model(&fs, false);
	struct cs_syscall s;
	struct cs_totals t;
	size_t i, seen = 0;

	(void)state;
	/* the transmit (later) is fed before the tcp record (earlier) */
	feed_xmit(m, 1, 1, 3000, 100, 0, "lo");
	feed_tcp(m, 1, 1, 2000, 100, 0, CS_ITER_UBUF, 1);
	/* a context switch inside the call */
	feed_switch(m, 1, 1, 2500, CS_SWITCH_OUT, true, 0);
	feed_switch(m, 1, 1, 2600, CS_SWITCH_IN, false, 100);
	s = mk_sc(1, 1, NR_WRITE, 1000, 4000, 100);
	sc_fd(&s, 0, 5, CS_FD_SOCKET, CS_FF_TCP);
	FEED(m, s);
	/* a record of the call that comes after the call's record: it is
	 * kept, and goes out as outside any call at the next one */
	feed_recv_copy(m, 1, 1, 3500, 7);
	feed_sc(m, 1, 1, NR_CLOSE, 5000, 6000, 0);

	for (i = 0; i < fs.n; i++) {
		/* the write's facts are in time order */
		if (i && i < 7)
			assert_true(fs.v[i - 1].ts <= fs.v[i].ts);
		if (fs.v[i].type == CS_FACT_TRANSFER &&
		    fs.v[i].u.transfer.rule == CS_R_TCP_USER) {
			assert_int_equal(fs.v[i].u.transfer.syscall_seq, 1);
			assert_int_equal(fs.v[i].ts, 2000);
			seen++;
		}
		if (fs.v[i].type == CS_FACT_TRANSFER &&
		    fs.v[i].u.transfer.rule == CS_R_RECV_COPY) {
			assert_int_equal(fs.v[i].u.transfer.syscall_seq, 0);
			seen++;
		}
	}
	assert_int_equal(seen, 2);
	/* enter, tcp, out, in, xmit, write, exit, recv copy, enter, close, exit
	 */
	assert_int_equal(fs.n, 11);
	assert_int_equal(fs.v[0].type, CS_FACT_MODE_SWITCH);
	assert_int_equal(fs.v[2].type, CS_FACT_CONTEXT_SWITCH);
	assert_true(fs.v[2].u.ctx.involuntary);
	assert_int_equal(fs.v[3].u.ctx.off_ns, 100);
	assert_true(model_totals(m, 1, &t));
	assert_int_equal(t.csw_involuntary, 1);
	assert_int_equal(t.csw_voluntary, 0);
	assert_int_equal(t.off_cpu_ns, 100);
	assert_int_equal(t.syscalls, 2);
	model_free(m);
	facts_free(&fs);
}

/* Without an entry time (the call began before tracing started), the
 * call covers everything since the thread's previous exit. */
static void test_missing_enter(void **state)
{
	struct facts fs = { 0 };
	struct cs_model *m = new_model(&fs, false);
	struct cs_syscall s;
	struct cs_totals t;

	(void)state;
	feed_sc(m, 1, 1, NR_CLOSE, 100, 200, 0);
	feed_block(m, 1, 1, 300, 4096, CS_BLK_READ);
	s = mk_sc(1, 1, NR_READ, 0, 400, 4096);
	sc_fd(&s, 0, 3, CS_FD_FILE, CS_FF_DIRECT);
	FEED(m, s);
	assert_true(model_totals(m, 1, &t));
	assert_int_equal(t.route_bytes[CS_PL_DISK][CS_PL_USER][CS_K_DMA], 4096);
	model_free(m);
	facts_free(&fs);
}

/* The transfer phase: the sender counts inside it, its child (the
 * receiver) from its start until the child ends. */
static void test_phase_window(void **state)
{
	struct facts fs = { 0 };
	struct cs_model *m = new_model(&fs, true);
	struct cs_totals t;
	size_t i, uncounted = 0;

	(void)state;
	feed_fork(m, SENDER, SENDER, 100, RECEIVER, false);
	feed_sc(m, SENDER, SENDER, NR_CLOSE, 200, 300, 0); /* before: out */
	feed_sc(m, RECEIVER, RECEIVER, NR_CLOSE, 200, 300, 0); /* before: out */
	feed_phase(m, SENDER, 1000, CS_PHASE_TRANSFER);
	feed_sc(m, SENDER, SENDER, NR_CLOSE, 1100, 1200, 0);
	feed_phase(m, SENDER, 2000, CS_PHASE_DONE);
	feed_sc(m, SENDER, SENDER, NR_CLOSE, 2100, 2200, 0); /* after: out */
	feed_sc(m, RECEIVER, RECEIVER, NR_CLOSE, 2100, 2200,
		0); /* still copying: in */
	feed_phase(m, SENDER, 3000,
		   CS_PHASE_TRANSFER); /* --bench: a second window */
	feed_sc(m, SENDER, SENDER, NR_CLOSE, 3100, 3200, 0);
	feed_phase(m, SENDER, 4000, CS_PHASE_DONE);
	assert_true(model_totals(m, SENDER, &t));
	assert_int_equal(t.syscalls, 2);
	assert_int_equal(t.span_ns, 2000);
	assert_true(model_totals(m, RECEIVER, &t));
	assert_int_equal(t.syscalls, 1);
	for (i = 0; i < fs.n; i++)
		if (fs.v[i].type == CS_FACT_SYSCALL && !fs.v[i].counted)
			uncounted++;
	assert_int_equal(uncounted, 3);
	assert_int_equal(facts_notes(&fs, CS_NOTE_PHASE), 4);
	model_free(m);
	facts_free(&fs);
}

/* The fentry/kprobe tier: measured bytes replace attributed ones, and a
 * disagreement with the call's result is reported. */
static void test_copy_tier(void **state)
{
	struct facts fs = { 0 };
	struct cs_model *m = new_model(&fs, false);
	struct cs_mismatch mm[4];
	struct cs_syscall s;
	struct cs_totals t;

	(void)state;
	feed_copy(m, 1, 1, 1500, CS_FN_FILEMAP_READ, 4096, CS_ITER_UBUF);
	s = mk_sc(1, 1, NR_READ, 1000, 2000, 4096);
	sc_fd(&s, 0, 3, CS_FD_FILE, 0);
	FEED(m, s);
	/* a disagreement: the copy saw less than read() returned */
	feed_copy(m, 1, 1, 3500, CS_FN_FILEMAP_READ, 1000, CS_ITER_UBUF);
	s = mk_sc(1, 1, NR_READ, 3000, 4000, 4096);
	sc_fd(&s, 0, 3, CS_FD_FILE, 0);
	FEED(m, s);
	/* a send measured by tcp_sendmsg_locked */
	feed_tcp(m, 1, 1, 5100, 4096, 0, CS_ITER_UBUF, 1);
	feed_copy(m, 1, 1, 5200, CS_FN_TCP_SENDMSG, 4096, CS_ITER_UBUF);
	s = mk_sc(1, 1, NR_WRITE, 5000, 6000, 4096);
	sc_fd(&s, 0, 5, CS_FD_SOCKET, CS_FF_TCP);
	FEED(m, s);
	/* the deferred copy, measured: the transmit no longer infers it */
	feed_xmit(m, 1, 1, 7000, 4096, 0xf, "lo");
	feed_copy(m, 1, 1, 7100, CS_FN_SKB_COPY_UBUFS, 4096, CS_ITER_UNKNOWN);
	model_flush(m);

	assert_true(model_totals(m, 1, &t));
	assert_int_equal(t.bytes[CS_K_CPU][CS_EVID_MEASURED],
			 4096 + 1000 + 4096 + 4096);
	assert_int_equal(t.bytes[CS_K_CPU][CS_EVID_ATTRIBUTED], 0);
	assert_int_equal(t.deferred_copy_bytes, 4096);
	assert_int_equal(t.mismatches, 1);
	assert_int_equal(model_mismatches(m, 1, mm, 4), 1);
	assert_int_equal(mm[0].expected, 4096);
	assert_int_equal(mm[0].seen, 1000);
	assert_int_equal(mm[0].syscall_seq, 2);
	assert_int_equal(mm[0].rule, CS_R_READ_CACHE);
	assert_int_equal(facts_notes(&fs, CS_NOTE_MISMATCH), 1);
	model_free(m);
	facts_free(&fs);
}

/* A receive whose copies do not add up to its result is reported. */
static void test_recv_crosscheck(void **state)
{
	struct facts fs = { 0 };
	struct cs_model *m = new_model(&fs, false);
	struct cs_syscall s;
	struct cs_totals t;

	(void)state;
	model_set_sink(m, NULL, NULL); /* totals only from here on */
	feed_recv_copy(m, 1, 1, 1500, 1000);
	s = mk_sc(1, 1, NR_RECVFROM, 1000, 2000, 1500);
	sc_fd(&s, 0, 4, CS_FD_SOCKET, CS_FF_TCP);
	FEED(m, s);
	/* no receive-copy record at all: inferred */
	s = mk_sc(1, 1, NR_RECVFROM, 3000, 4000, 800);
	sc_fd(&s, 0, 4, CS_FD_SOCKET, CS_FF_UDP);
	FEED(m, s);
	assert_true(model_totals(m, 1, &t));
	assert_int_equal(t.mismatches, 1);
	assert_int_equal(t.bytes[CS_K_CPU][CS_EVID_MEASURED], 1000);
	assert_int_equal(t.bytes[CS_K_CPU][CS_EVID_INFERRED], 800);
	/* the only process is the focus: its receive lands in "your buffer" */
	assert_int_equal(t.route_bytes[CS_PL_SOCKBUF][CS_PL_USER][CS_K_CPU],
			 1800);
	assert_int_equal(t.received_bytes, 2300);
	model_free(m);
}

/* A recording's closing counters are kept as the kernel's, apart from the
 * counters the records add up to. */
static void test_recorded_counters(void **state)
{
	struct cs_model *m = model_new(NULL);
	struct cs_counters_rec kc;
	struct cs_counters c;

	(void)state;
	feed_sc(m, 9, 9, NR_READ, 100, 200, 10);
	assert_false(model_recorded_counters(m, 9, &c));
	memset(&kc, 0, sizeof(kc));
	hdr(&kc.h, CS_EV_COUNTERS, sizeof(kc), 300, 9, 9);
	kc.c.v[CS_C_SYSCALLS] = 1;
	kc.c.v[CS_C_DROPS] = 4;
	assert_int_equal(record_check(&kc, sizeof(kc)), sizeof(kc));
	assert_int_equal(record_check(&kc, sizeof(kc) - 1), 0);
	FEED(m, kc);
	assert_true(model_recorded_counters(m, 9, &c));
	assert_int_equal(c.v[CS_C_DROPS], 4);
	assert_int_equal(c.v[CS_C_SYSCALLS], 1);
	/* the records' own sum is untouched by it */
	assert_true(model_derived_counters(m, 9, &c));
	assert_int_equal(c.v[CS_C_SYSCALLS], 1);
	assert_int_equal(c.v[CS_C_DROPS], 0);
	assert_false(model_recorded_counters(m, 10, &c));
	model_free(m);
}

static void test_counters_compare(void **state)
{
	struct cs_counters a, b;
	enum cs_counter diff[4];

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	b.v[CS_C_DROPS] = 5; /* never derivable: not a difference */
	assert_int_equal(model_counters_compare(&a, &b, diff, 4), 0);
	b.v[CS_C_SYSCALLS] = 1;
	b.v[CS_C_RECORDS] = 9;
	assert_int_equal(model_counters_compare(&a, &b, diff, 4), 2);
	assert_int_equal(diff[0], CS_C_SYSCALLS);
	assert_int_equal(diff[1], CS_C_RECORDS);
	assert_false(model_counter_derivable(CS_C_DROPS));
}

/* A live view may release held records after a while. */
static void test_hold_ns(void **state)
{
	struct facts fs = { 0 };
	struct cs_model_opts o = { 0 };
	struct cs_model *m;

	(void)state;
	o.sink = facts_sink;
	o.sink_data = &fs;
	o.hold_ns = 1000000;
	m = model_new(&o);
	feed_block(m, 1, 1, 1000, 4096, CS_BLK_READ);
	assert_int_equal(facts_count(&fs, CS_FACT_TRANSFER, 0), 0);
	/* another thread's record moves the clock past the hold time */
	feed_fault(m, 2, 1, 3000000, 0x1000, false);
	assert_int_equal(facts_count(&fs, CS_FACT_TRANSFER, 0), 1);
	model_free(m);
	facts_free(&fs);
}

static size_t fact_index(const struct facts *fs, enum cs_fact_type type)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (fs->v[i].type == type)
			return i;
	return SIZE_MAX;
}

/* A read exiting at exit (entered at enter, 0: unknown): its entry time. */
static uint64_t entry_of(struct cs_model *m, struct facts *fs, uint32_t tid,
			 uint64_t enter, uint64_t exit)
{
	size_t i;

	facts_free(fs);
	feed_sc(m, tid, tid, NR_READ, enter, exit, 5);
	i = fact_index(fs, CS_FACT_MODE_SWITCH);
	assert_true(i < fs->n);
	return fs->v[i].ts;
}

/*
 * Without an entry time (trace without -T) the call began after the
 * thread's last user-mode fault: that fault is not part of the call, a
 * kernel-mode fault after it is.
 */
static void test_entry_inferred(void **state)
{
	struct facts fs = { 0 };
	struct cs_model *m = new_model(&fs, false);
	size_t fault, enter, i;

	(void)state;
	/* a thread's first call, with nothing before it: it entered at its
	 * exit, as far as anyone knows (not at the clock's start, which made
	 * a trace's time span the machine's uptime) */
	assert_int_equal(entry_of(m, &fs, 7, 0, 5000), 5000);
	facts_free(&fs);
	feed_sc(m, 1, 1, NR_CLOSE, 10, 50, 0);
	facts_free(&fs);
	feed_fault(m, 1, 1, 100, 0x1000, false);
	feed_fault(m, 1, 1, 200, 0x2000, true);
	feed_sc(m, 1, 1, NR_READ, 0, 300, 5);
	fault = fact_index(&fs, CS_FACT_FAULT);
	enter = fact_index(&fs, CS_FACT_MODE_SWITCH);
	assert_true(fault < enter);
	assert_false(fs.v[fault].u.fault.kernel);
	assert_true(fs.v[enter].u.mode.to_kernel);
	assert_int_equal(fs.v[enter].ts, 101);
	/* the kernel-mode fault comes inside the call, after the entry */
	for (i = enter + 1; i < fs.n; i++)
		if (fs.v[i].type == CS_FACT_FAULT)
			break;
	assert_true(i < fs.n);
	assert_true(fs.v[i].u.fault.kernel);
	/* with an entry time, the measured one is kept */
	assert_int_equal(entry_of(m, &fs, 1, 350, 400), 350);
	/* neither: the entry is taken as the last exit */
	assert_int_equal(entry_of(m, &fs, 1, 0, 500), 400);
	/*
	 * Phases the demo timed in user space, told before the records of
	 * the calls around them arrive: each call begins after the latest
	 * phase before its exit, not after a later one.
	 */
	feed_phase(m, 1, 600, CS_PHASE_TRANSFER);
	feed_phase(m, 1, 900, CS_PHASE_DONE);
	assert_int_equal(entry_of(m, &fs, 1, 0, 800), 601);
	assert_int_equal(entry_of(m, &fs, 1, 0, 1000), 901);
	model_free(m);
	facts_free(&fs);
}

/* Exit releases what the thread held; the process is marked. */
static void test_exit(void **state)
{
	struct facts fs = { 0 };
	struct cs_model *m = new_model(&fs, false);
	struct cs_proc_info pi;
	uint32_t tg[4];

	(void)state;
	feed_fork(m, 1, 1, 10, 2, false);
	feed_block(m, 2, 2, 20, 4096, CS_BLK_READ);
	feed_exit(m, 2, 2, 30);
	assert_int_equal(facts_count(&fs, CS_FACT_TRANSFER, 2), 1);
	assert_int_equal(facts_count(&fs, CS_FACT_PROCESS, 0), 2);
	assert_true(model_process(m, 2, &pi));
	assert_true(pi.exited);
	assert_int_equal(pi.parent_tgid, 1);
	assert_string_equal(pi.comm, "demo");
	assert_int_equal(model_processes(m, tg, 4), 2);
	assert_int_equal(tg[0], 1);
	assert_int_equal(tg[1], 2);
	assert_false(model_process(m, 3, &pi));
	model_free(m);
	facts_free(&fs);
}

static void test_sides(void **state)
{
	struct cs_model *m = model_new(NULL);
	struct cs_syscall s;
	uint32_t snd, rcv;

	(void)state;
	feed_fork(m, 50, 50, 10, 51, false); /* a launcher, the focus */
	feed_fork(m, 50, 50, 11, 52, false);
	feed_tcp(m, 51, 51, 150, 100, 0, CS_ITER_UBUF, 1);
	s = mk_sc(51, 51, NR_WRITE, 100, 200, 100);
	sc_fd(&s, 0, 5, CS_FD_SOCKET, CS_FF_TCP);
	FEED(m, s);
	feed_recv_copy(m, 52, 52, 250, 100);
	s = mk_sc(52, 52, NR_READ, 210, 300, 100);
	sc_fd(&s, 0, 5, CS_FD_SOCKET, CS_FF_TCP);
	FEED(m, s);
	model_sides(m, &snd, &rcv);
	assert_int_equal(snd, 51);
	assert_int_equal(rcv, 52);
	model_free(m);
}

static void test_names(void **state)
{
	char b[32];
	struct cs_transfer t;
	char cap[96];
	unsigned i;

	(void)state;
	assert_string_equal(model_syscall_name(0), "read");
	assert_string_equal(model_syscall_name(40), "sendfile");
	assert_string_equal(model_syscall_name(275), "splice");
	assert_string_equal(model_syscall_name(326), "copy_file_range");
	assert_string_equal(model_syscall_name(426), "io_uring_enter");
	assert_null(model_syscall_name(100000));
	assert_string_equal(model_format_ret(b, sizeof(b), 9, 0x7f0012345000),
			    "0x7f0012345000"); /* mmap */
	assert_string_equal(model_format_ret(b, sizeof(b), 12, 0x55d000),
			    "0x55d000"); /* brk */
	assert_string_equal(model_format_ret(b, sizeof(b), 9, -12), "-12");
	assert_string_equal(model_format_ret(b, sizeof(b), 9, -4096),
			    "0xfffffffffffff000"); /* not an errno */
	assert_string_equal(model_format_ret(b, sizeof(b), 0, 65536), "65536");
	assert_string_equal(model_format_ret(b, sizeof(b), 0, -4), "-4");
	assert_true(model_syscall_ret_is_address(25, 4096)); /* mremap */
	assert_false(model_syscall_ret_is_address(30, -22)); /* shmat */
	assert_true(model_syscall_moves_data(40));
	assert_false(model_syscall_moves_data(9));
	assert_false(model_syscall_moves_data(426));
	for (i = 0; i < CS_ST_MAX; i++) {
		assert_true(strlen(model_strategy_name(i)) > 0);
		assert_true(strlen(model_strategy_desc(i)) > 10);
	}
	assert_string_equal(model_strategy_id(CS_ST_SENDFILE_GATHER),
			    "sendfile_gather");
	for (i = 0; i < CS_R_MAX; i++)
		assert_string_not_equal(model_rule_name(i), "?");
	assert_string_equal(model_place_name(CS_PL_PAGE_CACHE), "page cache");
	assert_string_equal(model_kind_name(CS_K_REF), "REF");
	assert_string_equal(model_evidence_name(CS_EVID_ATTRIBUTED),
			    "attributed");

	model_format_bytes(b, sizeof(b), 512);
	assert_string_equal(b, "512 B");
	model_format_bytes(b, sizeof(b), 64 * KIB);
	assert_string_equal(b, "64 KiB");
	model_format_bytes(b, sizeof(b), 16 * MIB);
	assert_string_equal(b, "16 MiB");
	model_format_bytes(b, sizeof(b), 1536 * KIB);
	assert_string_equal(b, "1.5 MiB");

	memset(&t, 0, sizeof(t));
	t.bytes = 64 * KIB;
	t.kind = CS_K_CPU;
	t.from = CS_PL_PAGE_CACHE;
	t.to = CS_PL_USER;
	model_caption(cap, sizeof(cap), &t);
	assert_string_equal(
		cap, "CPU copies 64 KiB from the page cache to your buffer");
	t.kind = CS_K_DMA;
	t.from = CS_PL_DISK;
	t.to = CS_PL_PAGE_CACHE;
	model_caption(cap, sizeof(cap), &t);
	assert_string_equal(cap, "The disk DMAs 64 KiB into the page cache");
	t.kind = CS_K_REF;
	t.from = CS_PL_PAGE_CACHE;
	t.to = CS_PL_SOCKBUF;
	model_caption(cap, sizeof(cap), &t);
	assert_string_equal(
		cap,
		"The socket buffer takes 64 KiB from the page cache by reference: no copy");
	t.kind = CS_K_MAP;
	t.from = CS_PL_PAGE_CACHE;
	t.to = CS_PL_USER;
	model_caption(cap, sizeof(cap), &t);
	assert_string_equal(
		cap,
		"64 KiB of the page cache mapped into your process: no copy");
	t.kind = CS_K_CPU;
	t.from = CS_PL_USER;
	t.to = CS_PL_SOCKBUF;
	t.flags = CS_TF_DEFERRED;
	model_caption(cap, sizeof(cap), &t);
	assert_string_equal(
		cap,
		"Deferred copy: the CPU copies 64 KiB of your pinned pages after all");
}

/* Every rule has its section in tutorial/evidence.md, under its name. */
static void test_rules_documented(void **state)
{
	static char doc[65536];
	char path[512], anchor[64];
	const char *me = __FILE__, *tail = strstr(me, "tests/unit/");
	size_t n;
	unsigned r;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%.*stutorial/evidence.md",
		 (int)(tail ? tail - me : 0), me);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(doc, 1, sizeof(doc) - 1, f);
	fclose(f);
	doc[n] = 0;
	for (r = 1; r < CS_R_MAX; r++) {
		snprintf(anchor, sizeof(anchor), "[%s]", model_rule_name(r));
		if (!strstr(doc, anchor))
			fail_msg("rule %s has no section in %s", anchor, path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rejects_malformed),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_reorder_and_attribution),
		cmocka_unit_test(test_missing_enter),
		cmocka_unit_test(test_phase_window),
		cmocka_unit_test(test_copy_tier),
		cmocka_unit_test(test_recv_crosscheck),
		cmocka_unit_test(test_counters_compare),
		cmocka_unit_test(test_hold_ns),
		cmocka_unit_test(test_exit),
		cmocka_unit_test(test_entry_inferred),
		cmocka_unit_test(test_recorded_counters),
		cmocka_unit_test(test_sides),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_rules_documented),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
