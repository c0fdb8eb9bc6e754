// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_model_strategies.c - one synthetic stream per strategy, shaped the
 * way the kernel side writes records for the demos (a sender moving 4
 * chunks of 64 KiB to a receiver child over loopback), and the exact
 * transfers and totals the model must make of it.
 */
#include "tests/unit/test_model_stream.h"

#define N 4
#define FILE_BYTES (N * CHUNK)

/* Fork of the receiver, the transfer phase, and its end after the chunks. */
static void start(struct run *r)
{
	memset(r, 0, sizeof(*r));
	r->m = new_model(&r->fs, true);
	assert_non_null(r->m);
	feed_fork(r->m, SENDER, SENDER, 1000, RECEIVER, false);
	/* a setup call before the phase: must not be counted */
	feed_sc(r->m, SENDER, SENDER, NR_WAIT4, 2000, 3000, 0);
	feed_phase(r->m, SENDER, 5000, CS_PHASE_TRANSFER);
}

/* What every TCP demo's receiver shows: it copies every byte, measured. */
static void assert_receiver(const struct run *r)
{
	assert_int_equal(r->rcv.strategy, CS_ST_RECEIVER);
	assert_int_equal(
		r->rcv.route_bytes[CS_PL_SOCKBUF][CS_PL_RECEIVER][CS_K_CPU],
		FILE_BYTES);
	assert_int_equal(r->rcv.bytes[CS_K_CPU][CS_EVID_MEASURED], FILE_BYTES);
	assert_int_equal(r->rcv.cpu_copies, 2 * N); /* two pieces per chunk */
	assert_int_equal(r->rcv.received_bytes, FILE_BYTES);
	assert_int_equal(r->rcv.syscalls, N);
	assert_int_equal(r->rcv.mode_switches, 2 * N);
	assert_int_equal(r->rcv.mismatches, 0);
}

/* The disk's DMA into the page cache, cold cache: measured. */
static void cold_chunk(struct cs_model *m, uint64_t t, int i)
{
	feed_cache_add(m, SENDER, SENDER, t, (uint64_t)i * 16, 16);
	feed_block(m, SENDER, SENDER, t + 500, CHUNK, CS_BLK_READ);
}

static void write_sock(struct cs_model *m, uint64_t t, uint64_t buf,
		       uint32_t nr, uint64_t flags_arg, uint32_t msg_flags,
		       uint8_t shinfo)
{
	struct cs_syscall s;

	feed_tcp(m, SENDER, SENDER, t + 1 * US, CHUNK, msg_flags, CS_ITER_UBUF,
		 1);
	feed_xmit(m, SENDER, SENDER, t + 2 * US, CHUNK, shinfo, "lo");
	s = mk_sc(SENDER, SENDER, nr, t, t + 3 * US, CHUNK);
	s.arg[1] = buf;
	s.arg[3] = flags_arg;
	sc_fd(&s, 0, 5, CS_FD_SOCKET, CS_FF_TCP);
	FEED(m, s);
}

static void test_read_write(void **state)
{
	struct cs_counters d;
	struct cs_syscall s;
	struct run r;
	int i;
	size_t k, first_write = 0;

	(void)state;
	start(&r);
	for (i = 0; i < N; i++) {
		uint64_t t = base(i);

		cold_chunk(r.m, t + 2 * US, i);
		s = mk_sc(SENDER, SENDER, NR_READ, t + 1 * US, t + 5 * US,
			  CHUNK);
		s.arg[1] = 0x5000000;
		sc_fd(&s, 0, 3, CS_FD_FILE, 0);
		FEED(r.m, s);
		write_sock(r.m, t + 6 * US, 0x5000000, NR_WRITE, 0, 0, 0);
		receive_chunk(r.m, t + 20 * US);
	}
	s = mk_sc(SENDER, SENDER, NR_READ, base(N) + 1 * US, base(N) + 2 * US,
		  0);
	sc_fd(&s, 0, 3, CS_FD_FILE, 0);
	FEED(r.m, s);
	run_finish(&r, N);

	assert_int_equal(r.snd.strategy, CS_ST_READ_WRITE);
	/* two CPU copies per chunk, attributed */
	assert_int_equal(r.snd.cpu_copies, 2 * N);
	assert_int_equal(r.snd.cpu_bytes, 2 * FILE_BYTES);
	assert_int_equal(r.snd.bytes[CS_K_CPU][CS_EVID_ATTRIBUTED],
			 2 * FILE_BYTES);
	assert_int_equal(
		r.snd.route_bytes[CS_PL_PAGE_CACHE][CS_PL_USER][CS_K_CPU],
		FILE_BYTES);
	assert_int_equal(r.snd.route_bytes[CS_PL_USER][CS_PL_SOCKBUF][CS_K_CPU],
			 FILE_BYTES);
	/* the disk DMA, measured; lo's missing DMA, explained */
	assert_int_equal(r.snd.dma_transfers, N);
	assert_int_equal(
		r.snd.route_bytes[CS_PL_DISK][CS_PL_PAGE_CACHE][CS_K_DMA],
		FILE_BYTES);
	assert_int_equal(r.snd.bytes[CS_K_DMA][CS_EVID_MEASURED], FILE_BYTES);
	assert_int_equal(r.snd.nic_dma_explained_bytes, FILE_BYTES);
	assert_int_equal(r.snd.bytes[CS_K_DMA][CS_EVID_EXPLAINED], FILE_BYTES);
	assert_int_equal(r.snd.disk_read_bytes, FILE_BYTES);
	assert_int_equal(r.snd.cache_add_pages, 16 * N);
	/* N reads + N writes + the read at EOF; the wait4 before the phase is
	 * out */
	assert_int_equal(r.snd.syscalls, 2 * N + 1);
	assert_int_equal(r.snd.io_syscalls, 2 * N + 1);
	assert_int_equal(r.snd.mode_switches, 2 * (2 * N + 1));
	assert_int_equal(r.snd.payload_bytes, FILE_BYTES);
	assert_int_equal(r.snd.ref_bytes, 0);
	assert_int_equal(r.snd.top[0].nr, NR_READ);
	assert_int_equal(r.snd.top[0].count, N + 1);
	assert_int_equal(r.snd.top[1].nr, NR_WRITE);
	assert_int_equal(r.snd.top[1].count, N);
	assert_int_equal(r.snd.span_ns, base(N) + 50 * US - 5000);
	assert_receiver(&r);

	/* the kernel's counters, recomputed from every record */
	assert_true(model_derived_counters(r.m, SENDER, &d));
	assert_int_equal(d.v[CS_C_SYSCALLS], 2 * N + 2); /* with the wait4 */
	assert_int_equal(d.v[CS_C_MODE_SWITCHES], 2 * (2 * N + 2));
	assert_int_equal(d.v[CS_C_IO_SYSCALLS], 2 * N + 1);
	assert_int_equal(d.v[CS_C_BYTES_READ], FILE_BYTES);
	assert_int_equal(d.v[CS_C_BYTES_WRITTEN], FILE_BYTES);
	assert_int_equal(d.v[CS_C_TCP_USER_BYTES], FILE_BYTES);
	assert_int_equal(d.v[CS_C_XMIT_SKBS], N);
	assert_int_equal(d.v[CS_C_XMIT_COPIED_BYTES], FILE_BYTES);
	assert_int_equal(d.v[CS_C_CACHE_ADD_PAGES], 16 * N);
	assert_int_equal(d.v[CS_C_DISK_READ_BYTES], FILE_BYTES);
	assert_int_equal(d.v[CS_C_RECORDS],
			 6 * N + 3); /* + EOF read, fork, wait4 */
	assert_true(model_derived_counters(r.m, RECEIVER, &d));
	assert_int_equal(d.v[CS_C_RECV_COPY_BYTES], FILE_BYTES);
	assert_int_equal(d.v[CS_C_BYTES_READ], FILE_BYTES);

	/* one write, in time order: enter, copy in, transmit, the call, exit */
	for (k = 0; k < r.fs.n; k++)
		if (r.fs.v[k].type == CS_FACT_MODE_SWITCH &&
		    r.fs.v[k].tgid == SENDER &&
		    r.fs.v[k].u.mode.syscall_nr == NR_WRITE) {
			first_write = k;
			break;
		}
	assert_true(first_write > 0);
	assert_true(r.fs.v[first_write].u.mode.to_kernel);
	assert_int_equal(r.fs.v[first_write + 1].type, CS_FACT_TRANSFER);
	assert_int_equal(r.fs.v[first_write + 1].u.transfer.rule,
			 CS_R_TCP_USER);
	assert_int_equal(r.fs.v[first_write + 1].u.transfer.syscall_seq,
			 3); /* wait4, read */
	assert_int_equal(r.fs.v[first_write + 1].u.transfer.syscall_nr,
			 NR_WRITE);
	assert_string_equal(
		r.fs.v[first_write + 1].u.transfer.caption,
		"CPU copies 64 KiB from your buffer to the socket buffer");
	assert_int_equal(r.fs.v[first_write + 2].u.transfer.rule,
			 CS_R_XMIT_VIRTUAL);
	assert_string_equal(
		r.fs.v[first_write + 2].u.transfer.caption,
		"Virtual device: no DMA (a real NIC would DMA 64 KiB here)");
	assert_int_equal(r.fs.v[first_write + 3].type, CS_FACT_SYSCALL);
	assert_string_equal(r.fs.v[first_write + 3].text,
			    "write(5 socket TCP) = 65536");
	assert_int_equal(r.fs.v[first_write + 4].type, CS_FACT_MODE_SWITCH);
	assert_false(r.fs.v[first_write + 4].u.mode.to_kernel);
	run_end(&r);
}

static void test_mmap_write(void **state)
{
	const uint64_t map = 0x7f0000000000ull;
	struct cs_syscall s;
	struct run r;
	int i;

	(void)state;
	start(&r);
	s = mk_sc(SENDER, SENDER, NR_MMAP, 6000, 7000, (int64_t)map);
	s.arg[1] = FILE_BYTES;
	s.arg[4] = 3;
	sc_fd(&s, 0, 3, CS_FD_FILE, 0);
	FEED(r.m, s);
	for (i = 0; i < N; i++) {
		uint64_t t = base(i);

		/* the copy from the mapping faults inside the kernel */
		feed_fault(r.m, SENDER, SENDER, t + 500,
			   map + (uint64_t)i * CHUNK, true);
		cold_chunk(r.m, t + 600, i);
		write_sock(r.m, t, map + (uint64_t)i * CHUNK, NR_WRITE, 0, 0,
			   0);
		receive_chunk(r.m, t + 20 * US);
	}
	s = mk_sc(SENDER, SENDER, NR_MUNMAP, base(N), base(N) + 1000, 0);
	s.arg[0] = map;
	s.arg[1] = FILE_BYTES;
	FEED(r.m, s);
	/* after munmap, a write from that address is plain user memory */
	write_sock(r.m, base(N) + 2 * US, map, NR_WRITE, 0, 0, 0);
	run_finish(&r, N);

	assert_int_equal(r.snd.strategy, CS_ST_MMAP_WRITE);
	assert_int_equal(
		r.snd.route_bytes[CS_PL_PAGE_CACHE][CS_PL_SOCKBUF][CS_K_CPU],
		FILE_BYTES);
	assert_int_equal(r.snd.route_bytes[CS_PL_USER][CS_PL_SOCKBUF][CS_K_CPU],
			 CHUNK);
	assert_int_equal(r.snd.cpu_copies, N + 1);
	assert_int_equal(
		r.snd.route_bytes[CS_PL_PAGE_CACHE][CS_PL_USER][CS_K_CPU], 0);
	assert_int_equal(r.snd.map_bytes, FILE_BYTES);
	assert_int_equal(r.snd.bytes[CS_K_MAP][CS_EVID_ATTRIBUTED], FILE_BYTES);
	assert_int_equal(r.snd.faults_kernel, N);
	assert_int_equal(r.snd.faults_user, 0);
	assert_int_equal(
		r.snd.route_bytes[CS_PL_DISK][CS_PL_PAGE_CACHE][CS_K_DMA],
		FILE_BYTES);
	assert_int_equal(r.snd.syscalls,
			 N + 3); /* mmap, N writes, munmap, a write */
	assert_int_equal(r.snd.payload_bytes, FILE_BYTES + CHUNK);
	assert_receiver(&r);
	run_end(&r);
}

static void sendfile_run(struct run *r, uint8_t route_sg, uint8_t shinfo,
			 const char *dev)
{
	struct cs_syscall s;
	int i;

	start(r);
	feed_tcp(r->m, SENDER, SENDER, base(0) + 10 * US, CHUNK,
		 CS_MSG_SPLICE_PAGES | 0x8000, CS_ITER_BVEC, route_sg);
	for (i = 0; i < N; i++) {
		cold_chunk(r->m, base(i) + 2 * US, i);
		feed_xmit(r->m, SENDER, SENDER, base(i) + 30 * US, CHUNK,
			  shinfo, dev);
	}
	s = mk_sc(SENDER, SENDER, NR_SENDFILE, base(0), base(N), FILE_BYTES);
	sc_fd(&s, 0, 5, CS_FD_SOCKET, CS_FF_TCP);
	sc_fd(&s, 1, 3, CS_FD_FILE, 0);
	FEED(r->m, s);
	for (i = 0; i < N; i++)
		receive_chunk(r->m, base(i) + 40 * US);
	run_finish(r, N);
}

static void test_sendfile_gather(void **state)
{
	struct cs_counters d;
	struct run r;

	(void)state;
	sendfile_run(&r, 1, CS_SKBFL_SHARED_FRAG, "lo");
	assert_int_equal(r.snd.strategy, CS_ST_SENDFILE_GATHER);
	assert_int_equal(r.snd.cpu_copies, 0);
	assert_int_equal(r.snd.cpu_bytes, 0);
	assert_int_equal(
		r.snd.route_bytes[CS_PL_PAGE_CACHE][CS_PL_SOCKBUF][CS_K_REF],
		FILE_BYTES);
	assert_int_equal(r.snd.bytes[CS_K_REF][CS_EVID_ATTRIBUTED], FILE_BYTES);
	assert_int_equal(
		r.snd.route_bytes[CS_PL_DISK][CS_PL_PAGE_CACHE][CS_K_DMA],
		FILE_BYTES);
	assert_int_equal(r.snd.syscalls, 1);
	assert_int_equal(r.snd.mode_switches, 2);
	assert_int_equal(r.snd.payload_bytes, FILE_BYTES);
	assert_int_equal(r.snd.nic_dma_explained_bytes, FILE_BYTES);
	assert_receiver(&r);
	assert_true(model_derived_counters(r.m, SENDER, &d));
	assert_int_equal(d.v[CS_C_TCP_PAGE_BYTES], FILE_BYTES);
	assert_int_equal(d.v[CS_C_BYTES_SENDFILE], FILE_BYTES);
	assert_int_equal(d.v[CS_C_XMIT_GATHER_BYTES], FILE_BYTES);
	/* every DMA of the call belongs to it: syscall 2 (after the wait4) */
	assert_int_equal(facts_bytes(&r.fs, SENDER, CS_PL_DISK,
				     CS_PL_PAGE_CACHE, CS_K_DMA,
				     CS_EVID_MEASURED),
			 FILE_BYTES);
	run_end(&r);
}

/*
 * Over a device without scatter-gather: the socket still takes the pages
 * by reference (software segmentation lets it), and the copy happens when
 * the big skb is cut into linear packets on the way out.
 */
static void test_sendfile_nogather(void **state)
{
	struct run r;
	size_t k, n = 0;

	(void)state;
	sendfile_run(&r, 1, 0, "cs-nog0-s");
	assert_int_equal(r.snd.strategy, CS_ST_SENDFILE);
	assert_int_equal(
		r.snd.route_bytes[CS_PL_PAGE_CACHE][CS_PL_SOCKBUF][CS_K_REF],
		FILE_BYTES);
	assert_int_equal(
		r.snd.route_bytes[CS_PL_PAGE_CACHE][CS_PL_SOCKBUF][CS_K_CPU],
		FILE_BYTES);
	assert_int_equal(r.snd.cpu_copies, N); /* one per transmitted skb */
	assert_int_equal(r.snd.nic_dma_explained_bytes,
			 FILE_BYTES); /* a veth: virtual */
	for (k = 0; k < r.fs.n; k++)
		if (r.fs.v[k].type == CS_FACT_TRANSFER &&
		    r.fs.v[k].u.transfer.rule == CS_R_XMIT_COPY) {
			assert_true(r.fs.v[k].u.transfer.flags & CS_TF_NO_SG);
			n++;
		}
	assert_int_equal(n, N);
	assert_receiver(&r);
	run_end(&r);
}

/* A route that cannot gather at all: the copy happens at the send. */
static void test_sendfile_nosg_route(void **state)
{
	struct run r;
	size_t k;

	(void)state;
	sendfile_run(&r, 0, 0, "cs-nog0-s");
	assert_int_equal(r.snd.strategy, CS_ST_SENDFILE);
	assert_int_equal(r.snd.cpu_copies,
			 1); /* one call: one transfer of the whole file */
	assert_int_equal(
		r.snd.route_bytes[CS_PL_PAGE_CACHE][CS_PL_SOCKBUF][CS_K_CPU],
		FILE_BYTES);
	assert_int_equal(r.snd.ref_bytes, 0);
	for (k = 0; k < r.fs.n; k++)
		if (r.fs.v[k].type == CS_FACT_TRANSFER &&
		    r.fs.v[k].u.transfer.rule == CS_R_TCP_PAGES_NOSG) {
			assert_true(r.fs.v[k].u.transfer.flags & CS_TF_NO_SG);
			assert_string_equal(
				r.fs.v[k].u.transfer.caption,
				"CPU copies 256 KiB from the page cache to the socket buffer (no gather here)");
		}
	assert_receiver(&r);
	run_end(&r);
}

static void test_splice(void **state)
{
	struct cs_syscall s;
	struct run r;
	int i;

	(void)state;
	start(&r);
	for (i = 0; i < N; i++) {
		uint64_t t = base(i);

		cold_chunk(r.m, t + 2 * US, i);
		s = mk_sc(SENDER, SENDER, NR_SPLICE, t + 1 * US, t + 3 * US,
			  CHUNK);
		sc_fd(&s, 0, 3, CS_FD_FILE, 0);
		sc_fd(&s, 1, 6, CS_FD_PIPE, 0);
		FEED(r.m, s);
		feed_tcp(r.m, SENDER, SENDER, t + 5 * US, CHUNK,
			 CS_MSG_SPLICE_PAGES, CS_ITER_BVEC, 1);
		feed_xmit(r.m, SENDER, SENDER, t + 6 * US, CHUNK,
			  CS_SKBFL_SHARED_FRAG, "lo");
		s = mk_sc(SENDER, SENDER, NR_SPLICE, t + 4 * US, t + 7 * US,
			  CHUNK);
		sc_fd(&s, 0, 7, CS_FD_PIPE, 0);
		sc_fd(&s, 1, 5, CS_FD_SOCKET, CS_FF_TCP);
		FEED(r.m, s);
		receive_chunk(r.m, t + 20 * US);
	}
	run_finish(&r, N);
	assert_int_equal(r.snd.strategy, CS_ST_SPLICE);
	assert_int_equal(r.snd.cpu_copies, 0);
	assert_int_equal(
		r.snd.route_bytes[CS_PL_PAGE_CACHE][CS_PL_PIPE][CS_K_REF],
		FILE_BYTES);
	assert_int_equal(r.snd.route_bytes[CS_PL_PIPE][CS_PL_SOCKBUF][CS_K_REF],
			 FILE_BYTES);
	assert_int_equal(r.snd.syscalls, 2 * N);
	assert_int_equal(r.snd.mode_switches, 4 * N);
	assert_int_equal(r.snd.payload_bytes,
			 FILE_BYTES); /* the pipe is half way */
	assert_int_equal(r.snd.dma_bytes, FILE_BYTES);
	assert_receiver(&r);
	run_end(&r);
}

static void test_vmsplice(void **state)
{
	struct cs_syscall s;
	struct run r;
	int i;

	(void)state;
	start(&r);
	for (i = 0; i < N; i++) {
		uint64_t t = base(i);

		s = mk_sc(SENDER, SENDER, NR_VMSPLICE, t + 1 * US, t + 3 * US,
			  CHUNK);
		sc_fd(&s, 0, 7, CS_FD_PIPE, 0);
		FEED(r.m, s);
		feed_tcp(r.m, SENDER, SENDER, t + 5 * US, CHUNK,
			 CS_MSG_SPLICE_PAGES, CS_ITER_BVEC, 1);
		s = mk_sc(SENDER, SENDER, NR_SPLICE, t + 4 * US, t + 7 * US,
			  CHUNK);
		sc_fd(&s, 0, 6, CS_FD_PIPE, 0);
		sc_fd(&s, 1, 5, CS_FD_SOCKET, CS_FF_TCP);
		FEED(r.m, s);
		receive_chunk(r.m, t + 20 * US);
	}
	run_finish(&r, N);
	assert_int_equal(r.snd.strategy, CS_ST_VMSPLICE);
	assert_int_equal(r.snd.route_bytes[CS_PL_USER][CS_PL_PIPE][CS_K_REF],
			 FILE_BYTES);
	assert_int_equal(r.snd.route_bytes[CS_PL_PIPE][CS_PL_SOCKBUF][CS_K_REF],
			 FILE_BYTES);
	assert_int_equal(r.snd.cpu_copies, 0);
	assert_int_equal(r.snd.dma_bytes, 0); /* warm: nothing from the disk */
	assert_receiver(&r);
	run_end(&r);
}

static void test_odirect(void **state)
{
	struct cs_syscall s;
	struct run r;
	int i;
	size_t k, direct = 0;

	(void)state;
	start(&r);
	for (i = 0; i < N; i++) {
		uint64_t t = base(i);

		feed_block(r.m, SENDER, SENDER, t + 2 * US, CHUNK, CS_BLK_READ);
		s = mk_sc(SENDER, SENDER, NR_READ, t + 1 * US, t + 3 * US,
			  CHUNK);
		sc_fd(&s, 0, 3, CS_FD_FILE, CS_FF_DIRECT);
		FEED(r.m, s);
		write_sock(r.m, t + 4 * US, 0x5000000, NR_WRITE, 0, 0, 0);
		receive_chunk(r.m, t + 20 * US);
	}
	run_finish(&r, N);
	assert_int_equal(r.snd.strategy, CS_ST_ODIRECT);
	assert_int_equal(r.snd.route_bytes[CS_PL_DISK][CS_PL_USER][CS_K_DMA],
			 FILE_BYTES);
	assert_int_equal(
		r.snd.route_bytes[CS_PL_DISK][CS_PL_PAGE_CACHE][CS_K_DMA], 0);
	assert_int_equal(
		r.snd.route_bytes[CS_PL_PAGE_CACHE][CS_PL_USER][CS_K_CPU], 0);
	assert_int_equal(r.snd.cache_add_pages, 0);
	assert_int_equal(r.snd.cpu_copies, N); /* only buffer -> socket */
	assert_int_equal(r.snd.bytes[CS_K_DMA][CS_EVID_MEASURED], FILE_BYTES);
	for (k = 0; k < r.fs.n; k++)
		if (r.fs.v[k].type == CS_FACT_TRANSFER &&
		    r.fs.v[k].u.transfer.rule == CS_R_BLOCK_READ) {
			assert_true(r.fs.v[k].u.transfer.flags &
				    CS_TF_O_DIRECT);
			direct++;
		}
	assert_int_equal(direct, N);
	assert_receiver(&r);
	run_end(&r);
}

static void test_msg_zerocopy(void **state)
{
	struct cs_syscall s;
	struct run r;
	int i;

	(void)state;
	start(&r);
	for (i = 0; i < N; i++) {
		uint64_t t = base(i);

		write_sock(r.m, t, 0x5000000, NR_SENDTO, CS_MSG_ZEROCOPY,
			   CS_MSG_ZEROCOPY,
			   CS_SKBFL_ZEROCOPY_ENABLE | CS_SKBFL_SHARED_FRAG |
				   CS_SKBFL_PURE_ZEROCOPY |
				   CS_SKBFL_DONT_ORPHAN);
		/* reading the completion: no data */
		s = mk_sc(SENDER, SENDER, NR_RECVMSG, t + 5 * US, t + 6 * US,
			  0);
		s.arg[2] = 0x2000;
		sc_fd(&s, 0, 5, CS_FD_SOCKET, CS_FF_TCP);
		FEED(r.m, s);
		receive_chunk(r.m, t + 20 * US);
	}
	run_finish(&r, N);
	assert_int_equal(r.snd.strategy, CS_ST_MSG_ZEROCOPY);
	assert_int_equal(r.snd.route_bytes[CS_PL_USER][CS_PL_SOCKBUF][CS_K_REF],
			 FILE_BYTES);
	/* lo hands pinned pages to a local socket: the deferred copy */
	assert_int_equal(r.snd.deferred_copy_bytes, FILE_BYTES);
	assert_int_equal(r.snd.route_bytes[CS_PL_USER][CS_PL_SOCKBUF][CS_K_CPU],
			 FILE_BYTES);
	assert_int_equal(r.snd.cpu_copies, N);
	assert_int_equal(r.snd.received_bytes, 0);
	assert_int_equal(r.snd.syscalls, 2 * N);
	assert_receiver(&r);
	run_end(&r);
}

/* io_uring READ + SEND, both inline inside io_uring_enter. */
static void test_uring_rw(void **state)
{
	struct cs_syscall s;
	struct run r;
	int i;

	(void)state;
	start(&r);
	for (i = 0; i < N; i++) {
		uint64_t t = base(i), ud = 10 + 2 * (uint64_t)i;

		feed_uring(r.m, SENDER, SENDER, t + 2 * US, CS_URING_SUBMIT, 22,
			   ud, 0, 0, false);
		feed_uring(r.m, SENDER, SENDER, t + 3 * US, CS_URING_COMPLETE,
			   0xff, ud, CHUNK, 0, false);
		feed_uring(r.m, SENDER, SENDER, t + 4 * US, CS_URING_SUBMIT, 26,
			   ud + 1, 0, 0, false);
		feed_tcp(r.m, SENDER, SENDER, t + 5 * US, CHUNK, 0x100,
			 CS_ITER_UBUF, 1);
		feed_xmit(r.m, SENDER, SENDER, t + 6 * US, CHUNK, 0, "lo");
		feed_uring(r.m, SENDER, SENDER, t + 7 * US, CS_URING_COMPLETE,
			   0xff, ud + 1, CHUNK, 0, false);
		s = mk_sc(SENDER, SENDER, NR_IO_URING_ENTER, t + 1 * US,
			  t + 8 * US, 2);
		sc_fd(&s, 0, 8, CS_FD_ANON, 0);
		FEED(r.m, s);
		receive_chunk(r.m, t + 20 * US);
	}
	run_finish(&r, N);
	assert_int_equal(r.snd.strategy, CS_ST_URING_RW);
	assert_int_equal(
		r.snd.route_bytes[CS_PL_PAGE_CACHE][CS_PL_USER][CS_K_CPU],
		FILE_BYTES);
	assert_int_equal(r.snd.bytes[CS_K_CPU][CS_EVID_INFERRED], FILE_BYTES);
	assert_int_equal(r.snd.route_bytes[CS_PL_USER][CS_PL_SOCKBUF][CS_K_CPU],
			 FILE_BYTES);
	assert_int_equal(r.snd.bytes[CS_K_CPU][CS_EVID_ATTRIBUTED], FILE_BYTES);
	assert_int_equal(r.snd.cpu_copies, 2 * N);
	assert_int_equal(r.snd.syscalls, N);
	assert_int_equal(r.snd.io_syscalls, 0);
	assert_int_equal(r.snd.uring_submits, 2 * N);
	assert_int_equal(r.snd.uring_completes, 2 * N);
	assert_int_equal(r.snd.payload_bytes, FILE_BYTES);
	assert_receiver(&r);
	run_end(&r);
}

/* io_uring SPLICE: the requests run in an io-wq worker of the sender. */
static void test_uring_splice(void **state)
{
	const uint32_t worker = 102;
	struct cs_syscall s;
	struct run r;
	int i;

	(void)state;
	start(&r);
	feed_fork(r.m, SENDER, SENDER, 5500, worker, true);
	for (i = 0; i < N; i++) {
		uint64_t t = base(i), ud = 10 + 2 * (uint64_t)i;

		feed_uring(r.m, SENDER, SENDER, t + 2 * US, CS_URING_SUBMIT, 30,
			   ud, 0, 0, false);
		feed_uring(r.m, SENDER, SENDER, t + 3 * US, CS_URING_SUBMIT, 30,
			   ud + 1, 0, 0, false);
		s = mk_sc(SENDER, SENDER, NR_IO_URING_ENTER, t + 1 * US,
			  t + 4 * US, 2);
		FEED(r.m, s);
		feed_uring(r.m, worker, SENDER, t + 5 * US, CS_URING_COMPLETE,
			   0xff, ud, CHUNK, 0, true);
		feed_tcp(r.m, worker, SENDER, t + 6 * US, CHUNK,
			 CS_MSG_SPLICE_PAGES, CS_ITER_BVEC, 1);
		feed_xmit(r.m, SENDER, SENDER, t + 7 * US, CHUNK,
			  CS_SKBFL_SHARED_FRAG, "lo");
		feed_uring(r.m, worker, SENDER, t + 8 * US, CS_URING_COMPLETE,
			   0xff, ud + 1, CHUNK, 0, true);
		receive_chunk(r.m, t + 20 * US);
	}
	run_finish(&r, N);
	assert_int_equal(r.snd.strategy, CS_ST_URING_SPLICE);
	assert_int_equal(
		r.snd.route_bytes[CS_PL_PAGE_CACHE][CS_PL_PIPE][CS_K_REF],
		FILE_BYTES);
	assert_int_equal(r.snd.route_bytes[CS_PL_PIPE][CS_PL_SOCKBUF][CS_K_REF],
			 FILE_BYTES);
	assert_int_equal(r.snd.cpu_copies, 0);
	assert_int_equal(r.snd.payload_bytes, FILE_BYTES);
	assert_receiver(&r);
	run_end(&r);
}

static void test_uring_send_zc(void **state)
{
	struct cs_syscall s;
	struct run r;
	int i;

	(void)state;
	start(&r);
	for (i = 0; i < N; i++) {
		uint64_t t = base(i), ud = 10 + (uint64_t)i;

		feed_uring(r.m, SENDER, SENDER, t + 2 * US, CS_URING_SUBMIT, 47,
			   ud, 0, 0, false);
		feed_tcp(r.m, SENDER, SENDER, t + 3 * US, CHUNK,
			 CS_MSG_ZEROCOPY, CS_ITER_UBUF, 1);
		feed_xmit(r.m, SENDER, SENDER, t + 4 * US, CHUNK, 0xf, "lo");
		feed_uring(r.m, SENDER, SENDER, t + 5 * US, CS_URING_COMPLETE,
			   0xff, ud, CHUNK, 1u << 1, false);
		feed_uring(r.m, SENDER, SENDER, t + 6 * US, CS_URING_COMPLETE,
			   0xff, ud, (int32_t)0x80000000u, 1u << 3, false);
		s = mk_sc(SENDER, SENDER, NR_IO_URING_ENTER, t + 1 * US,
			  t + 7 * US, 1);
		FEED(r.m, s);
		receive_chunk(r.m, t + 20 * US);
	}
	run_finish(&r, N);
	assert_int_equal(r.snd.strategy, CS_ST_URING_SEND_ZC);
	assert_int_equal(r.snd.route_bytes[CS_PL_USER][CS_PL_SOCKBUF][CS_K_REF],
			 FILE_BYTES);
	assert_int_equal(r.snd.deferred_copy_bytes, FILE_BYTES);
	assert_int_equal(r.snd.zc_copied_notes, N);
	assert_int_equal(facts_notes(&r.fs, CS_NOTE_ZC_COPIED), N);
	assert_int_equal(r.snd.payload_bytes, FILE_BYTES);
	assert_receiver(&r);
	run_end(&r);
}

/* File to file: copy_file_range, and read + write into a file. */
static void test_file_copy(void **state)
{
	struct cs_model *m;
	struct facts fs = { 0 };
	struct cs_totals t;
	struct cs_syscall s;

	(void)state;
	m = new_model(&fs, false);
	s = mk_sc(SENDER, SENDER, NR_COPY_FILE_RANGE, 1000, 9000, FILE_BYTES);
	sc_fd(&s, 0, 3, CS_FD_FILE, 0);
	sc_fd(&s, 1, 4, CS_FD_FILE, 0);
	FEED(m, s);
	s = mk_sc(200, 200, NR_READ, 9500, 9900, CHUNK);
	sc_fd(&s, 0, 3, CS_FD_FILE, 0);
	FEED(m, s);
	feed_cache_write(m, 200, 200, 10000 + 500, 0, CHUNK);
	s = mk_sc(200, 200, NR_WRITE, 10000, 11000, CHUNK);
	sc_fd(&s, 0, 4, CS_FD_FILE, 0);
	FEED(m, s);
	model_flush(m);
	assert_true(model_totals(m, SENDER, &t));
	assert_int_equal(t.strategy, CS_ST_COPY_FILE_RANGE);
	assert_int_equal(
		t.route_bytes[CS_PL_PAGE_CACHE][CS_PL_PAGE_CACHE][CS_K_CPU],
		FILE_BYTES);
	assert_int_equal(t.bytes[CS_K_CPU][CS_EVID_INFERRED], FILE_BYTES);
	assert_int_equal(t.payload_bytes, FILE_BYTES);
	assert_true(model_totals(m, 200, &t));
	assert_int_equal(t.strategy, CS_ST_READ_WRITE);
	assert_int_equal(t.route_bytes[CS_PL_USER][CS_PL_PAGE_CACHE][CS_K_CPU],
			 CHUNK);
	/* the read's copy and the write's */
	assert_int_equal(t.bytes[CS_K_CPU][CS_EVID_ATTRIBUTED], 2 * CHUNK);
	model_free(m);
	facts_free(&fs);
}

/* pid does n calls nr of CHUNK bytes on fd 3 of this kind, from ts on */
static void calls(struct cs_model *m, uint32_t pid, uint32_t nr, int n,
		  uint8_t kind, uint16_t fflags, uint64_t ts)
{
	struct cs_syscall s;

	for (int i = 0; i < n; i++) {
		s = mk_sc(pid, pid, nr, ts + i * 10 * US, ts + i * 10 * US + US,
			  CHUNK);
		sc_fd(&s, 0, 3, kind, fflags);
		FEED(m, s);
	}
}

/*
 * Programs whose data ends or starts in their memory, and a downloader:
 * each path has a name (dd iflag=direct of=/dev/null was "unknown"), and
 * what the reading ones delivered is what their reads returned.
 */
static void test_memory_ends(void **state)
{
	static const struct {
		uint32_t pid;
		enum cs_strategy want;
	} procs[] = {
		{ 300, CS_ST_ODIRECT_READ }, { 301, CS_ST_READ },
		{ 302, CS_ST_WRITE },	     { 303, CS_ST_ODIRECT_WRITE },
		{ 304, CS_ST_RECV_WRITE },   { 305, CS_ST_READ_WRITE },
	};
	struct cs_model *m;
	struct facts fs = { 0 };
	struct cs_totals t;
	uint64_t ts = 1000 * US;

	(void)state;
	m = new_model(&fs, false);
	/* dd iflag=direct of=/dev/null: the device write delivers nothing */
	calls(m, 300, NR_READ, 4, CS_FD_FILE, CS_FF_DIRECT, ts);
	calls(m, 300, NR_WRITE, 4, CS_FD_CHR, 0, ts + 5 * US);
	calls(m, 301, NR_READ, 3, CS_FD_FILE, 0, ts);
	calls(m, 302, NR_WRITE, 2, CS_FD_FILE, 0, ts);
	calls(m, 303, NR_WRITE, 2, CS_FD_FILE, CS_FF_DIRECT, ts);
	calls(m, 304, NR_RECVFROM, 5, CS_FD_SOCKET, 0, ts);
	calls(m, 304, NR_WRITE, 5, CS_FD_FILE, 0, ts + 5 * US);
	calls(m, 305, NR_READ, 2, CS_FD_FILE, 0, ts);
	calls(m, 305, NR_WRITE, 2, CS_FD_FILE, 0, ts + 5 * US);
	model_flush(m);
	for (size_t i = 0; i < sizeof(procs) / sizeof(procs[0]); i++) {
		assert_true(model_totals(m, procs[i].pid, &t));
		assert_int_equal(t.strategy, procs[i].want);
		assert_string_not_equal(model_strategy_id(t.strategy),
					"unknown");
	}
	assert_true(model_totals(m, 300, &t));
	assert_true(model_strategy_inward(t.strategy));
	assert_int_equal(t.payload_bytes, 0);
	assert_int_equal(t.read_in_bytes, 4 * CHUNK);
	assert_int_equal(t.read_in_calls, 4);
	/* disk -> buffer by DMA, no CPU copy (inferred: no block records) */
	assert_int_equal(t.route_bytes[CS_PL_DISK][CS_PL_USER][CS_K_DMA],
			 4 * CHUNK);
	assert_int_equal(t.cpu_bytes, 0);
	assert_true(model_totals(m, 301, &t));
	assert_int_equal(t.route_bytes[CS_PL_PAGE_CACHE][CS_PL_USER][CS_K_CPU],
			 3 * CHUNK);
	assert_true(model_totals(m, 303, &t));
	assert_int_equal(t.route_bytes[CS_PL_USER][CS_PL_DISK][CS_K_DMA],
			 2 * CHUNK);
	assert_false(model_strategy_inward(t.strategy));
	model_free(m);
	facts_free(&fs);
}

/*
 * Without phases (trace --report), the transfer is its own calls: a
 * program that starts up, sends 4 chunks in 40 us and then waits 3 s is
 * timed over those 40 us, and its calls per chunk are the sends', not the
 * start-up's or the wait's.
 */
static void test_active_time(void **state)
{
	struct cs_model *m;
	struct facts fs = { 0 };
	struct cs_totals t;
	uint64_t ts = 1000 * US;

	(void)state;
	m = new_model(&fs, false);
	calls(m, 400, NR_CLOSE, 20, CS_FD_NONE, 0, ts); /* start-up */
	calls(m, 400, NR_SENDTO, 4, CS_FD_SOCKET, 0, ts + 1000 * US);
	feed_sc(m, 400, 400, NR_WAIT4, ts + 2000 * US, ts + 3000000 * US,
		0); /* the wait */
	model_flush(m);
	assert_true(model_totals(m, 400, &t));
	assert_int_equal(t.payload_bytes, 4 * CHUNK);
	assert_int_equal(t.syscalls, 25);
	assert_int_equal(t.active_syscalls, 4);
	/* first send's entry to the last one's exit */
	assert_int_equal(t.active_ns, 3 * 10 * US + US);
	assert_int_equal(t.span_ns, t.active_ns);
	model_free(m);
	facts_free(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_write),
		cmocka_unit_test(test_mmap_write),
		cmocka_unit_test(test_sendfile_gather),
		cmocka_unit_test(test_sendfile_nogather),
		cmocka_unit_test(test_sendfile_nosg_route),
		cmocka_unit_test(test_splice),
		cmocka_unit_test(test_vmsplice),
		cmocka_unit_test(test_odirect),
		cmocka_unit_test(test_msg_zerocopy),
		cmocka_unit_test(test_uring_rw),
		cmocka_unit_test(test_uring_splice),
		cmocka_unit_test(test_uring_send_zc),
		cmocka_unit_test(test_file_copy),
		cmocka_unit_test(test_memory_ends),
		cmocka_unit_test(test_active_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
