// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_model_copytier.c - the fentry/kprobe tier on the kernels that have
 * it (Debian's 6.1 and 6.12: no tcp_sendmsg_locked tracepoint, so no tcp
 * or transmit records): a copy-path function's record measures the
 * transfer the tracepoint tier attributes or infers, and the transfer
 * comes out once, measured, cross-checked against the call's (or the
 * io_uring request's) result.  Also io_uring sized by its completions,
 * and the deferred copy of a zero-copy send that runs in the receiver.
 * The streams are shaped like the records of the demos on those kernels.
 */
#include "tests/unit/test_model_stream.h"

#define N 4
#define FILE_BYTES (N * CHUNK)
#define WORKER 102
#define NR_SENDMSG 46
#define NR_SETSOCKOPT 54
#define OP_SPLICE 30
#define OP_SEND_ZC 47

static void start(struct run *r)
{
	memset(r, 0, sizeof(*r));
	r->m = new_model(&r->fs, true);
	assert_non_null(r->m);
	feed_fork(r->m, SENDER, SENDER, 1000, RECEIVER, false);
	feed_phase(r->m, SENDER, 5000, CS_PHASE_TRANSFER);
}

/* Transfers of the sender on one route, of one evidence (-1: any). */
static size_t transfers(const struct run *r, int from, int to, int kind, int ev)
{
	size_t i, n = 0;

	for (i = 0; i < r->fs.n; i++) {
		const struct cs_fact *f = &r->fs.v[i];
		const struct cs_transfer *t = &f->u.transfer;

		if (f->type == CS_FACT_TRANSFER && f->counted &&
		    t->tgid == SENDER && t->from == from && t->to == to &&
		    t->kind == kind && (ev < 0 || t->evidence == ev))
			n++;
	}
	return n;
}

/* The receiver's call, its copies measured twice (tracepoint and
 * skb_copy_datagram_iter), as on 6.12: one receive copy, not two. */
static void receive(struct cs_model *m, uint64_t t)
{
	struct cs_syscall s;

	feed_recv_copy(m, RECEIVER, RECEIVER, t + 2 * US, CHUNK);
	feed_copy(m, RECEIVER, RECEIVER, t + 3 * US, CS_FN_SKB_COPY_DGRAM,
		  CHUNK, CS_ITER_UBUF);
	s = mk_sc(RECEIVER, RECEIVER, NR_READ, t + 1 * US, t + 4 * US, CHUNK);
	sc_fd(&s, 0, 4, CS_FD_SOCKET, CS_FF_TCP);
	FEED(m, s);
}

static void assert_receiver(const struct run *r)
{
	assert_int_equal(
		r->rcv.route_bytes[CS_PL_SOCKBUF][CS_PL_RECEIVER][CS_K_CPU],
		FILE_BYTES);
	assert_int_equal(r->rcv.cpu_bytes, FILE_BYTES);
	assert_int_equal(r->rcv.cpu_copies, N);
	assert_int_equal(r->rcv.mismatches, 0);
}

/*
 * read + write on 6.1/6.12: filemap_read inside read(), tcp_sendmsg_locked
 * inside write() and no tcp record.  Each call is one transfer, measured;
 * the last write's copy saw less than write() returned: reported, and the
 * transfer carries what was measured.
 */
static void test_read_write(void **state)
{
	struct cs_mismatch mm[4];
	struct cs_syscall s;
	struct run r;
	int i;

	(void)state;
	start(&r);
	for (i = 0; i < N; i++) {
		uint64_t t = base(i);
		int64_t sent = i == N - 1 ? CHUNK - 100 : CHUNK;

		feed_copy(r.m, SENDER, SENDER, t + 2 * US, CS_FN_FILEMAP_READ,
			  CHUNK, CS_ITER_UBUF);
		s = mk_sc(SENDER, SENDER, NR_READ, t + 1 * US, t + 3 * US,
			  CHUNK);
		sc_fd(&s, 0, 3, CS_FD_FILE, 0);
		FEED(r.m, s);
		feed_copy(r.m, SENDER, SENDER, t + 5 * US, CS_FN_TCP_SENDMSG,
			  sent, CS_ITER_UBUF);
		s = mk_sc(SENDER, SENDER, NR_WRITE, t + 4 * US, t + 6 * US,
			  CHUNK);
		sc_fd(&s, 0, 5, CS_FD_SOCKET, CS_FF_TCP);
		FEED(r.m, s);
		receive(r.m, t + 20 * US);
	}
	run_finish(&r, N);
	assert_int_equal(r.snd.strategy, CS_ST_READ_WRITE);
	assert_int_equal(
		r.snd.route_bytes[CS_PL_PAGE_CACHE][CS_PL_USER][CS_K_CPU],
		FILE_BYTES);
	assert_int_equal(r.snd.route_bytes[CS_PL_USER][CS_PL_SOCKBUF][CS_K_CPU],
			 FILE_BYTES - 100);
	assert_int_equal(r.snd.bytes[CS_K_CPU][CS_EVID_MEASURED],
			 2 * FILE_BYTES - 100);
	assert_int_equal(r.snd.bytes[CS_K_CPU][CS_EVID_ATTRIBUTED], 0);
	assert_int_equal(r.snd.bytes[CS_K_CPU][CS_EVID_INFERRED], 0);
	assert_int_equal(transfers(&r, CS_PL_USER, CS_PL_SOCKBUF, CS_K_CPU,
				   CS_EVID_MEASURED),
			 N);
	assert_int_equal(r.snd.cpu_copies, 2 * N);
	assert_int_equal(r.snd.mismatches, 1);
	assert_int_equal(model_mismatches(r.m, SENDER, mm, 4), 1);
	assert_int_equal(mm[0].rule, CS_R_TCP_USER);
	assert_int_equal(mm[0].syscall_nr, NR_WRITE);
	assert_int_equal(mm[0].syscall_seq, 2 * N);
	assert_int_equal(mm[0].expected, CHUNK);
	assert_int_equal(mm[0].seen, CHUNK - 100);
	assert_int_equal(facts_notes(&r.fs, CS_NOTE_MISMATCH), 1);
	assert_receiver(&r);
	run_end(&r);
}

/*
 * sendfile on 6.12: its internal pipe filled by filemap_splice_read, the
 * pages sent by tcp_sendmsg_locked (BVEC) through skb_splice_from_iter.
 * One transfer: page cache -> socket buffer by reference, measured.  On
 * 6.1 filemap_read fills the pipe (a pipe iterator) and tcp_sendpage, not
 * watched, sends: the same transfer, inferred, and no CPU copy.
 */
static void sendfile_run(struct run *r, bool v612)
{
	struct cs_syscall s;
	uint64_t t = base(0);
	int i;

	start(r);
	for (i = 0; i < N; i++) {
		uint64_t u = t + (uint64_t)(10 + 10 * i) * US;

		if (v612) {
			feed_copy(r->m, SENDER, SENDER, u, CS_FN_FILEMAP_SPLICE,
				  CHUNK, CS_ITER_BVEC);
			feed_copy(r->m, SENDER, SENDER, u + 1 * US,
				  CS_FN_SKB_SPLICE, CHUNK / 2, CS_ITER_BVEC);
			feed_copy(r->m, SENDER, SENDER, u + 2 * US,
				  CS_FN_SKB_SPLICE, CHUNK / 2, CS_ITER_BVEC);
			feed_copy(r->m, SENDER, SENDER, u + 3 * US,
				  CS_FN_TCP_SENDMSG, CHUNK, CS_ITER_BVEC);
		} else {
			feed_copy(r->m, SENDER, SENDER, u, CS_FN_FILEMAP_READ,
				  CHUNK, CS_ITER_PIPE);
		}
	}
	s = mk_sc(SENDER, SENDER, NR_SENDFILE, t, t + 60 * US, FILE_BYTES);
	sc_fd(&s, 0, 5, CS_FD_SOCKET, CS_FF_TCP);
	sc_fd(&s, 1, 3, CS_FD_FILE, 0);
	FEED(r->m, s);
	for (i = 0; i < N; i++)
		receive(r->m, base(i) + 80 * US);
	run_finish(r, N);
}

static void test_sendfile(void **state)
{
	struct run r;
	int v612;

	(void)state;
	for (v612 = 0; v612 < 2; v612++) {
		sendfile_run(&r, v612);
		assert_int_equal(r.snd.strategy, CS_ST_SENDFILE_GATHER);
		assert_int_equal(r.snd.route_bytes[CS_PL_PAGE_CACHE]
						  [CS_PL_SOCKBUF][CS_K_REF],
				 FILE_BYTES);
		assert_int_equal(
			transfers(&r, CS_PL_PAGE_CACHE, CS_PL_SOCKBUF, CS_K_REF,
				  v612 ? CS_EVID_MEASURED : CS_EVID_INFERRED),
			1);
		/* the internal pipe is part of the call, and nothing copies */
		assert_int_equal(r.snd.route_bytes[CS_PL_PAGE_CACHE][CS_PL_PIPE]
						  [CS_K_REF],
				 0);
		assert_int_equal(r.snd.ref_bytes, FILE_BYTES);
		assert_int_equal(r.snd.cpu_bytes, 0);
		assert_int_equal(r.snd.mismatches, 0);
		assert_receiver(&r);
		run_end(&r);
	}
}

/*
 * splice file -> pipe -> socket: on 6.1 filemap_read with a pipe iterator
 * measures the splice in (page references, not a CPU copy), on 6.12
 * filemap_splice_read; the splice out is tcp_sendmsg_locked with pages.
 */
static void test_splice(void **state)
{
	struct cs_syscall s;
	struct run r;
	int i, v612;

	(void)state;
	for (v612 = 0; v612 < 2; v612++) {
		start(&r);
		for (i = 0; i < N; i++) {
			uint64_t t = base(i);

			if (v612)
				feed_copy(r.m, SENDER, SENDER, t + 2 * US,
					  CS_FN_FILEMAP_SPLICE, CHUNK,
					  CS_ITER_BVEC);
			else
				feed_copy(r.m, SENDER, SENDER, t + 2 * US,
					  CS_FN_FILEMAP_READ, CHUNK,
					  CS_ITER_PIPE);
			s = mk_sc(SENDER, SENDER, NR_SPLICE, t + 1 * US,
				  t + 3 * US, CHUNK);
			sc_fd(&s, 0, 3, CS_FD_FILE, 0);
			sc_fd(&s, 1, 6, CS_FD_PIPE, 0);
			FEED(r.m, s);
			if (v612) {
				feed_copy(r.m, SENDER, SENDER, t + 5 * US,
					  CS_FN_SKB_SPLICE, CHUNK,
					  CS_ITER_BVEC);
				feed_copy(r.m, SENDER, SENDER, t + 6 * US,
					  CS_FN_TCP_SENDMSG, CHUNK,
					  CS_ITER_BVEC);
			}
			s = mk_sc(SENDER, SENDER, NR_SPLICE, t + 4 * US,
				  t + 7 * US, CHUNK);
			sc_fd(&s, 0, 7, CS_FD_PIPE, 0);
			sc_fd(&s, 1, 5, CS_FD_SOCKET, CS_FF_TCP);
			FEED(r.m, s);
			receive(r.m, t + 20 * US);
		}
		run_finish(&r, N);
		assert_int_equal(r.snd.strategy, CS_ST_SPLICE);
		assert_int_equal(r.snd.route_bytes[CS_PL_PAGE_CACHE][CS_PL_PIPE]
						  [CS_K_REF],
				 FILE_BYTES);
		assert_int_equal(transfers(&r, CS_PL_PAGE_CACHE, CS_PL_PIPE,
					   CS_K_REF, CS_EVID_MEASURED),
				 N);
		assert_int_equal(
			r.snd.route_bytes[CS_PL_PIPE][CS_PL_SOCKBUF][CS_K_REF],
			FILE_BYTES);
		assert_int_equal(
			transfers(&r, CS_PL_PIPE, CS_PL_SOCKBUF, CS_K_REF,
				  v612 ? CS_EVID_MEASURED : CS_EVID_INFERRED),
			N);
		/* no second send from the page cache, no copy */
		assert_int_equal(r.snd.route_bytes[CS_PL_PAGE_CACHE]
						  [CS_PL_SOCKBUF][CS_K_REF],
				 0);
		assert_int_equal(r.snd.cpu_bytes, 0);
		assert_int_equal(r.snd.mismatches, 0);
		assert_receiver(&r);
		run_end(&r);
	}
}

/*
 * MSG_ZEROCOPY on 6.1: setsockopt(SO_ZEROCOPY), sendmsg with the flag,
 * tcp_sendmsg_locked from an iovec (no zerocopy_fill_skb_from_iter
 * there): the pinned pages by reference, measured.  skb_copy_ubufs runs
 * when the receiver's read delivers the skb, in the receiver's context:
 * the deferred copy of the sender, measured - the receiver copied only
 * out of its socket buffer.
 */
static void test_zerocopy_copied_in_receiver(void **state)
{
	struct cs_syscall s;
	struct run r;
	int i;

	(void)state;
	start(&r);
	s = mk_sc(SENDER, SENDER, NR_SETSOCKOPT, 6000, 7000, 0);
	s.arg[1] = 1; /* SOL_SOCKET */
	s.arg[2] = 60; /* SO_ZEROCOPY */
	sc_fd(&s, 0, 5, CS_FD_SOCKET, CS_FF_TCP);
	FEED(r.m, s);
	for (i = 0; i < N; i++) {
		uint64_t t = base(i);

		feed_copy(r.m, SENDER, SENDER, t + 2 * US, CS_FN_TCP_SENDMSG,
			  CHUNK, CS_ITER_IOVEC);
		/* the receiver's call ends before the sender's: its record
		 * is interpreted first */
		feed_copy(r.m, RECEIVER, RECEIVER, t + 5 * US + 500,
			  CS_FN_SKB_COPY_UBUFS, CHUNK, CS_ITER_UNKNOWN);
		receive(r.m, t + 4 * US);
		s = mk_sc(SENDER, SENDER, NR_SENDMSG, t + 1 * US, t + 30 * US,
			  CHUNK);
		s.arg[2] = CS_MSG_ZEROCOPY;
		sc_fd(&s, 0, 5, CS_FD_SOCKET, CS_FF_TCP);
		FEED(r.m, s);
	}
	run_finish(&r, N);
	assert_int_equal(r.snd.strategy, CS_ST_MSG_ZEROCOPY);
	assert_int_equal(r.snd.route_bytes[CS_PL_USER][CS_PL_SOCKBUF][CS_K_REF],
			 FILE_BYTES);
	assert_int_equal(transfers(&r, CS_PL_USER, CS_PL_SOCKBUF, CS_K_REF,
				   CS_EVID_MEASURED),
			 N);
	assert_int_equal(r.snd.route_bytes[CS_PL_USER][CS_PL_SOCKBUF][CS_K_CPU],
			 FILE_BYTES);
	assert_int_equal(r.snd.deferred_copy_bytes, FILE_BYTES);
	assert_int_equal(r.snd.bytes[CS_K_CPU][CS_EVID_MEASURED], FILE_BYTES);
	assert_int_equal(r.snd.mismatches, 0);
	assert_int_equal(r.rcv.deferred_copy_bytes, 0);
	assert_int_equal(r.rcv.route_bytes[CS_PL_USER][CS_PL_SOCKBUF][CS_K_CPU],
			 0);
	assert_receiver(&r);
	run_end(&r);
}

/* One SEND_ZC request inside io_uring_enter, with its notification. */
static void send_zc(struct run *r, uint64_t t, uint64_t ud, int64_t measured,
		    bool copy_tier)
{
	struct cs_syscall s;

	feed_uring(r->m, SENDER, SENDER, t + 2 * US, CS_URING_SUBMIT,
		   OP_SEND_ZC, ud, 0, 0, false);
	if (copy_tier) {
		feed_copy(r->m, SENDER, SENDER, t + 3 * US, CS_FN_ZC_FILL,
			  measured, CS_ITER_UBUF);
		feed_copy(r->m, SENDER, SENDER, t + 4 * US, CS_FN_TCP_SENDMSG,
			  measured, CS_ITER_UBUF);
	}
	feed_uring(r->m, SENDER, SENDER, t + 5 * US, CS_URING_COMPLETE, 0xff,
		   ud, CHUNK, 1u << 1, false);
	if (copy_tier)
		feed_copy(r->m, SENDER, SENDER, t + 6 * US,
			  CS_FN_SKB_COPY_UBUFS, CHUNK, CS_ITER_UNKNOWN);
	feed_uring(r->m, SENDER, SENDER, t + 7 * US, CS_URING_COMPLETE, 0xff,
		   ud, (int32_t)0x80000000u, 1u << 3, false);
	s = mk_sc(SENDER, SENDER, NR_IO_URING_ENTER, t + 1 * US, t + 8 * US, 1);
	FEED(r->m, s);
}

/*
 * io_uring SEND_ZC on 6.12: tcp_sendmsg_locked and
 * zerocopy_fill_skb_from_iter inside io_uring_enter measure each request,
 * checked against its completion (the last one disagrees: reported, as a
 * request, not as io_uring_enter); skb_copy_ubufs measures the deferred
 * copy.  On the tracepoint tier of the same kernel (no transmit records)
 * the notifications that say "copied" prove the deferred copy: the same
 * routes, attributed.
 */
static void test_uring_send_zc(void **state)
{
	struct cs_mismatch mm[4];
	struct run r;
	int i, tier;

	(void)state;
	for (tier = 0; tier < 2; tier++) {
		bool copy_tier = tier == 0;

		start(&r);
		for (i = 0; i < N; i++)
			send_zc(&r, base(i), 0,
				i == N - 1 ? CHUNK - 4096 : CHUNK, copy_tier);
		for (i = 0; i < N; i++)
			receive(r.m, base(i) + 20 * US);
		run_finish(&r, N);
		assert_int_equal(r.snd.strategy, CS_ST_URING_SEND_ZC);
		assert_int_equal(
			r.snd.route_bytes[CS_PL_USER][CS_PL_SOCKBUF][CS_K_REF],
			copy_tier ? FILE_BYTES - 4096 : FILE_BYTES);
		assert_int_equal(transfers(&r, CS_PL_USER, CS_PL_SOCKBUF,
					   CS_K_REF,
					   copy_tier ? CS_EVID_MEASURED :
						       CS_EVID_INFERRED),
				 N);
		assert_int_equal(
			r.snd.route_bytes[CS_PL_USER][CS_PL_SOCKBUF][CS_K_CPU],
			FILE_BYTES);
		assert_int_equal(r.snd.deferred_copy_bytes, FILE_BYTES);
		assert_int_equal(transfers(&r, CS_PL_USER, CS_PL_SOCKBUF,
					   CS_K_CPU,
					   copy_tier ? CS_EVID_MEASURED :
						       CS_EVID_ATTRIBUTED),
				 N);
		assert_int_equal(r.snd.payload_bytes, FILE_BYTES);
		assert_int_equal(r.snd.mismatches, copy_tier ? 1 : 0);
		if (copy_tier) {
			assert_int_equal(model_mismatches(r.m, SENDER, mm, 4),
					 1);
			assert_int_equal(mm[0].rule, CS_R_TCP_ZEROCOPY);
			assert_int_equal(mm[0].syscall_nr, UINT32_MAX);
			assert_int_equal(mm[0].expected, CHUNK);
			assert_int_equal(mm[0].seen, CHUNK - 4096);
		}
		assert_receiver(&r);
		run_end(&r);
	}
}

/*
 * io_uring SPLICE in an io-wq worker, with tcp records (6.13 and later):
 * the worker's send leaves a record per attempt (one that found the
 * socket full, then the retry) and per skb.  The completion sizes the
 * request: the records prove how, once.
 */
static void test_uring_splice_records(void **state)
{
	struct cs_syscall s;
	struct run r;
	int i, k;

	(void)state;
	start(&r);
	feed_fork(r.m, SENDER, SENDER, 5500, WORKER, true);
	for (i = 0; i < N; i++) {
		uint64_t t = base(i), ud = 1;

		feed_uring(r.m, SENDER, SENDER, t + 2 * US, CS_URING_SUBMIT,
			   OP_SPLICE, ud, 0, 0, false);
		feed_uring(r.m, SENDER, SENDER, t + 3 * US, CS_URING_SUBMIT,
			   OP_SPLICE, ud + 1, 0, 0, false);
		s = mk_sc(SENDER, SENDER, NR_IO_URING_ENTER, t + 1 * US,
			  t + 4 * US, 2);
		FEED(r.m, s);
		feed_uring(r.m, WORKER, SENDER, t + 5 * US, CS_URING_COMPLETE,
			   0xff, ud, CHUNK, 0, true);
		for (k = 0; k < 3; k++)
			feed_tcp(r.m, WORKER, SENDER, t + (6 + k) * US, CHUNK,
				 CS_MSG_SPLICE_PAGES, CS_ITER_BVEC, 1);
		feed_xmit(r.m, SENDER, SENDER, t + 9 * US, CHUNK,
			  CS_SKBFL_SHARED_FRAG, "lo");
		feed_uring(r.m, WORKER, SENDER, t + 10 * US, CS_URING_COMPLETE,
			   0xff, ud + 1, CHUNK, 0, true);
		receive(r.m, t + 20 * US);
	}
	run_finish(&r, N);
	assert_int_equal(r.snd.strategy, CS_ST_URING_SPLICE);
	assert_int_equal(
		r.snd.route_bytes[CS_PL_PAGE_CACHE][CS_PL_PIPE][CS_K_REF],
		FILE_BYTES);
	assert_int_equal(r.snd.route_bytes[CS_PL_PIPE][CS_PL_SOCKBUF][CS_K_REF],
			 FILE_BYTES);
	assert_int_equal(transfers(&r, CS_PL_PIPE, CS_PL_SOCKBUF, CS_K_REF,
				   CS_EVID_ATTRIBUTED),
			 N);
	assert_int_equal(r.snd.payload_bytes, FILE_BYTES);
	assert_receiver(&r);
	run_end(&r);
}

/*
 * io_uring SPLICE where no record says which request sent (the
 * tracepoint tier before 6.13; the copy tier on 6.1-era kernels, where the
 * splice to a socket goes through tcp_sendpage): a request that finds the
 * pipe holding what earlier SPLICE requests put in took it out, to the
 * socket.  With the copy tier the splice in is measured (filemap_read into
 * the pipe), the splice out inferred.
 */
static void test_uring_splice_no_records(void **state)
{
	struct cs_syscall s;
	struct run r;
	int i, tier;

	(void)state;
	for (tier = 0; tier < 2; tier++) {
		bool copy_tier = tier == 0;

		start(&r);
		feed_fork(r.m, SENDER, SENDER, 5500, WORKER, true);
		for (i = 0; i < N; i++) {
			uint64_t t = base(i), ud = 1;

			feed_uring(r.m, SENDER, SENDER, t + 2 * US,
				   CS_URING_SUBMIT, OP_SPLICE, ud, 0, 0, false);
			feed_uring(r.m, SENDER, SENDER, t + 3 * US,
				   CS_URING_SUBMIT, OP_SPLICE, ud + 1, 0, 0,
				   false);
			s = mk_sc(SENDER, SENDER, NR_IO_URING_ENTER, t + 1 * US,
				  t + 4 * US, 2);
			FEED(r.m, s);
			if (copy_tier)
				feed_copy(r.m, WORKER, SENDER, t + 5 * US,
					  CS_FN_FILEMAP_READ, CHUNK,
					  CS_ITER_PIPE);
			feed_uring(r.m, WORKER, SENDER, t + 6 * US,
				   CS_URING_COMPLETE, 0xff, ud, CHUNK, 0, true);
			feed_uring(r.m, WORKER, SENDER, t + 7 * US,
				   CS_URING_COMPLETE, 0xff, ud + 1, CHUNK, 0,
				   true);
			receive(r.m, t + 20 * US);
		}
		feed_exit(r.m, WORKER, SENDER, base(N));
		run_finish(&r, N);
		assert_int_equal(r.snd.strategy, CS_ST_URING_SPLICE);
		assert_int_equal(r.snd.route_bytes[CS_PL_PAGE_CACHE][CS_PL_PIPE]
						  [CS_K_REF],
				 FILE_BYTES);
		assert_int_equal(transfers(&r, CS_PL_PAGE_CACHE, CS_PL_PIPE,
					   CS_K_REF,
					   copy_tier ? CS_EVID_MEASURED :
						       CS_EVID_INFERRED),
				 N);
		assert_int_equal(
			r.snd.route_bytes[CS_PL_PIPE][CS_PL_SOCKBUF][CS_K_REF],
			FILE_BYTES);
		assert_int_equal(transfers(&r, CS_PL_PIPE, CS_PL_SOCKBUF,
					   CS_K_REF, CS_EVID_INFERRED),
				 N);
		assert_int_equal(r.snd.cpu_bytes, 0);
		assert_int_equal(r.snd.payload_bytes, FILE_BYTES);
		assert_int_equal(r.snd.mismatches, 0);
		assert_receiver(&r);
		run_end(&r);
	}
}

/*
 * O_DIRECT read with no block completion inside the call (the request
 * was already done): iomap_dio_complete measures the DMA, checked against
 * the result.
 */
static void test_odirect_dio(void **state)
{
	struct cs_mismatch mm[2];
	struct cs_syscall s;
	struct run r;

	(void)state;
	start(&r);
	feed_copy(r.m, SENDER, SENDER, base(0) + 2 * US, CS_FN_DIO_RW, CHUNK,
		  CS_ITER_UNKNOWN);
	s = mk_sc(SENDER, SENDER, NR_READ, base(0) + 1 * US, base(0) + 3 * US,
		  CHUNK);
	sc_fd(&s, 0, 3, CS_FD_FILE, CS_FF_DIRECT);
	FEED(r.m, s);
	feed_copy(r.m, SENDER, SENDER, base(1) + 2 * US, CS_FN_DIO_RW, 4096,
		  CS_ITER_UNKNOWN);
	s = mk_sc(SENDER, SENDER, NR_READ, base(1) + 1 * US, base(1) + 3 * US,
		  CHUNK);
	sc_fd(&s, 0, 3, CS_FD_FILE, CS_FF_DIRECT);
	FEED(r.m, s);
	run_finish(&r, N);
	assert_int_equal(r.snd.route_bytes[CS_PL_DISK][CS_PL_USER][CS_K_DMA],
			 CHUNK + 4096);
	assert_int_equal(r.snd.bytes[CS_K_DMA][CS_EVID_MEASURED], CHUNK + 4096);
	assert_int_equal(r.snd.bytes[CS_K_DMA][CS_EVID_INFERRED], 0);
	assert_int_equal(model_mismatches(r.m, SENDER, mm, 2), 1);
	assert_int_equal(mm[0].rule, CS_R_READ_DIRECT);
	assert_int_equal(mm[0].expected, CHUNK);
	assert_int_equal(mm[0].seen, 4096);
	run_end(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_write),
		cmocka_unit_test(test_sendfile),
		cmocka_unit_test(test_splice),
		cmocka_unit_test(test_zerocopy_copied_in_receiver),
		cmocka_unit_test(test_uring_send_zc),
		cmocka_unit_test(test_uring_splice_records),
		cmocka_unit_test(test_uring_splice_no_records),
		cmocka_unit_test(test_odirect_dio),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
