/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * test_model_stream.h - build record streams the way bpf/copyscope.bpf.c
 * writes them, feed them to a model and collect what it says.  Shared by
 * the tests/unit/test_model_*.c programs (header only: each test is one
 * program).
 */
#ifndef TEST_MODEL_STREAM_H
#define TEST_MODEL_STREAM_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "model/model.h"

#define KIB 1024ull
#define MIB (1024ull * 1024)
#define US 1000ull

/* x86_64 numbers used by the streams */
enum {
	NR_READ = 0,
	NR_WRITE = 1,
	NR_CLOSE = 3,
	NR_FSTAT = 5,
	NR_MMAP = 9,
	NR_MUNMAP = 11,
	NR_BRK = 12,
	NR_SENDFILE = 40,
	NR_SENDTO = 44,
	NR_RECVFROM = 45,
	NR_RECVMSG = 47,
	NR_WAIT4 = 61,
	NR_SPLICE = 275,
	NR_TEE = 276,
	NR_VMSPLICE = 278,
	NR_OPENAT = 257,
	NR_COPY_FILE_RANGE = 326,
	NR_IO_URING_ENTER = 426,
};

/* ---- facts the model emitted ------------------------------------------- */

struct facts {
	struct cs_fact *v;
	size_t n, cap;
};

static void facts_sink(const struct cs_fact *f, void *data)
{
	struct facts *fs = data;

	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? fs->cap * 2 : 256;
		fs->v = realloc(fs->v, fs->cap * sizeof(*fs->v));
		assert_non_null(fs->v);
	}
	fs->v[fs->n++] = *f;
}

static inline void facts_free(struct facts *fs)
{
	free(fs->v);
	memset(fs, 0, sizeof(*fs));
}

/* Sum of transfer bytes matching (tgid, from, to, kind, evidence); -1 = any. */
static inline uint64_t facts_bytes(const struct facts *fs, uint32_t tgid,
				   int from, int to, int kind, int ev)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < fs->n; i++) {
		const struct cs_transfer *t = &fs->v[i].u.transfer;

		if (fs->v[i].type != CS_FACT_TRANSFER ||
		    (tgid && t->tgid != tgid) ||
		    (from >= 0 && t->from != from) ||
		    (to >= 0 && t->to != to) ||
		    (kind >= 0 && t->kind != kind) ||
		    (ev >= 0 && t->evidence != ev))
			continue;
		sum += t->bytes;
	}
	return sum;
}

/* Number of facts of a type for a process (0 = any). */
static inline size_t facts_count(const struct facts *fs, enum cs_fact_type type,
				 uint32_t tgid)
{
	size_t i, n = 0;

	for (i = 0; i < fs->n; i++)
		if (fs->v[i].type == type && (!tgid || fs->v[i].tgid == tgid))
			n++;
	return n;
}

static inline size_t facts_notes(const struct facts *fs, enum cs_note what)
{
	size_t i, n = 0;

	for (i = 0; i < fs->n; i++)
		if (fs->v[i].type == CS_FACT_NOTE &&
		    fs->v[i].u.note.what == what)
			n++;
	return n;
}

/* ---- records ---------------------------------------------------------- */

/* Kernel names: fixed size, NUL-terminated only when shorter. */
static inline void copy_name(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	memset(dst, 0, size);
	memcpy(dst, src, n < size ? n : size);
}

static inline void hdr(struct cs_hdr *h, uint16_t type, uint16_t size,
		       uint64_t ts, uint32_t pid, uint32_t tgid)
{
	h->ts = ts;
	h->type = type;
	h->size = size;
	h->cpu = 0;
	h->flags = 0;
	h->pid = pid;
	h->tgid = tgid;
}

#define FEED(m, rec) assert_int_equal(model_feed((m), &(rec), sizeof(rec)), 0)

static inline void set_file(struct cs_file *f, uint8_t kind, uint16_t fflags,
			    uint64_t ino, const char *name)
{
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->fflags = fflags;
	f->ino = ino;
	f->dev = 0x800001;
	copy_name(f->name, sizeof(f->name), name);
}

/* A system call record; fd kinds as the kernel side fills them. */
static inline struct cs_syscall mk_sc(uint32_t pid, uint32_t tgid, uint32_t nr,
				      uint64_t enter, uint64_t exit,
				      int64_t ret)
{
	struct cs_syscall s;

	memset(&s, 0, sizeof(s));
	hdr(&s.h, CS_EV_SYSCALL, sizeof(s), exit, pid, tgid);
	s.enter_ts = enter;
	s.ret = ret;
	s.nr = nr;
	s.fd[0] = -1;
	s.fd[1] = -1;
	return s;
}

static inline void sc_fd(struct cs_syscall *s, int i, int fd, uint8_t kind,
			 uint16_t fflags)
{
	s->fd[i] = fd;
	set_file(&s->file[i], kind, fflags, kind == CS_FD_FILE ? 12 : 99,
		 kind == CS_FD_FILE   ? "data.bin" :
		 kind == CS_FD_SOCKET ? "TCP" :
					"pipe");
}

static inline void feed_sc(struct cs_model *m, uint32_t pid, uint32_t tgid,
			   uint32_t nr, uint64_t enter, uint64_t exit,
			   int64_t ret)
{
	struct cs_syscall s = mk_sc(pid, tgid, nr, enter, exit, ret);

	FEED(m, s);
}

static inline void feed_tcp(struct cs_model *m, uint32_t pid, uint32_t tgid,
			    uint64_t ts, uint32_t size, uint32_t msg_flags,
			    uint8_t iter, uint8_t route_sg)
{
	struct cs_tcp_send r;

	memset(&r, 0, sizeof(r));
	hdr(&r.h, CS_EV_TCP_SEND, sizeof(r), ts, pid, tgid);
	r.sk = 0xffff888000001000ull;
	r.size = size;
	r.msg_flags = msg_flags;
	r.iter = iter;
	r.route_sg = route_sg;
	r.sport = 40000;
	r.dport = 7000;
	FEED(m, r);
}

static inline void feed_xmit(struct cs_model *m, uint32_t pid, uint32_t tgid,
			     uint64_t ts, uint32_t len, uint8_t shinfo,
			     const char *dev)
{
	struct cs_xmit r;

	memset(&r, 0, sizeof(r));
	hdr(&r.h, CS_EV_XMIT, sizeof(r), ts, pid, tgid);
	r.sk = 0xffff888000001000ull;
	r.len = len;
	/* copied into the skb (flags 0): linear on a device that cannot
	 * gather; otherwise in page frags */
	r.data_len = shinfo || !strncmp(dev, "lo", 3) ? len : 0;
	r.shinfo_flags = shinfo;
	r.nr_frags = r.data_len ? 16 : 0;
	r.ifindex = strcmp(dev, "lo") ? 7 : 1;
	copy_name(r.dev, sizeof(r.dev), dev);
	FEED(m, r);
}

/* skbs 0: a record as recordings made before merging have it (one skb) */
static inline void feed_recv_copies(struct cs_model *m, uint32_t pid,
				    uint32_t tgid, uint64_t ts, uint32_t len,
				    uint32_t skbs)
{
	struct cs_recv_copy r;

	memset(&r, 0, sizeof(r));
	hdr(&r.h, CS_EV_RECV_COPY, sizeof(r), ts, pid, tgid);
	r.len = len;
	r.skbs = skbs;
	FEED(m, r);
}

static inline void feed_recv_copy(struct cs_model *m, uint32_t pid,
				  uint32_t tgid, uint64_t ts, uint32_t len)
{
	feed_recv_copies(m, pid, tgid, ts, len, 0);
}

static inline void feed_cache_add(struct cs_model *m, uint32_t pid,
				  uint32_t tgid, uint64_t ts, uint64_t index,
				  uint32_t pages)
{
	struct cs_cache_add r;

	memset(&r, 0, sizeof(r));
	hdr(&r.h, CS_EV_CACHE_ADD, sizeof(r), ts, pid, tgid);
	r.ino = 12;
	r.index = index;
	r.dev = 0x800001;
	r.pages = pages;
	FEED(m, r);
}

static inline void feed_block(struct cs_model *m, uint32_t pid, uint32_t tgid,
			      uint64_t ts, uint32_t bytes, uint8_t op)
{
	struct cs_block r;

	memset(&r, 0, sizeof(r));
	hdr(&r.h, CS_EV_BLOCK, sizeof(r), ts, pid, tgid);
	r.sector = 2048;
	r.latency_ns = 50 * US;
	r.bytes = bytes;
	r.dev = 0xfd00000;
	r.op = op;
	FEED(m, r);
}

/* A fault with an x86 error code (bit 0 present, 1 write, 2 user mode). */
static inline void feed_fault_ec(struct cs_model *m, uint32_t pid,
				 uint32_t tgid, uint64_t ts, uint64_t addr,
				 uint32_t error_code)
{
	struct cs_fault r;

	memset(&r, 0, sizeof(r));
	hdr(&r.h, CS_EV_FAULT, sizeof(r), ts, pid, tgid);
	r.address = addr;
	r.error_code = error_code;
	r.kernel = !(error_code & 4);
	FEED(m, r);
}

static inline void feed_fault(struct cs_model *m, uint32_t pid, uint32_t tgid,
			      uint64_t ts, uint64_t addr, bool kernel)
{
	feed_fault_ec(m, pid, tgid, ts, addr, kernel ? 0 : 4);
}

static inline void feed_switch(struct cs_model *m, uint32_t pid, uint32_t tgid,
			       uint64_t ts, uint8_t dir, bool invol,
			       uint64_t off_ns)
{
	struct cs_switch r;

	memset(&r, 0, sizeof(r));
	hdr(&r.h, CS_EV_SWITCH, sizeof(r), ts, pid, tgid);
	r.dir = dir;
	r.involuntary = invol;
	r.off_ns = off_ns;
	r.other_pid = 7;
	strcpy(r.other_comm, "ksoftirqd/0");
	FEED(m, r);
}

static inline void feed_uring(struct cs_model *m, uint32_t pid, uint32_t tgid,
			      uint64_t ts, uint8_t what, uint8_t opcode,
			      uint64_t user_data, int32_t res, uint32_t cflags,
			      bool worker)
{
	struct cs_uring r;

	memset(&r, 0, sizeof(r));
	hdr(&r.h, CS_EV_URING, sizeof(r), ts, pid, tgid);
	if (worker)
		r.h.flags = CS_HF_IO_WORKER;
	r.what = what;
	r.opcode = opcode;
	r.user_data = user_data;
	r.res = res;
	r.cflags = cflags;
	FEED(m, r);
}

static inline void feed_copy(struct cs_model *m, uint32_t pid, uint32_t tgid,
			     uint64_t ts, uint8_t fn, int64_t bytes,
			     uint8_t iter)
{
	struct cs_copy r;

	memset(&r, 0, sizeof(r));
	hdr(&r.h, CS_EV_COPY, sizeof(r), ts, pid, tgid);
	r.fn = fn;
	r.bytes = bytes;
	r.tier = CS_TIER_FENTRY;
	r.iter = iter;
	FEED(m, r);
}

static inline void feed_cache_write(struct cs_model *m, uint32_t pid,
				    uint32_t tgid, uint64_t ts, uint64_t pos,
				    uint32_t len)
{
	struct cs_cache_write r;

	memset(&r, 0, sizeof(r));
	hdr(&r.h, CS_EV_CACHE_WRITE, sizeof(r), ts, pid, tgid);
	r.ino = 13;
	r.pos = pos;
	r.dev = 0x800001;
	r.len = len;
	FEED(m, r);
}

static inline void feed_fork(struct cs_model *m, uint32_t pid, uint32_t tgid,
			     uint64_t ts, uint32_t child, bool thread)
{
	struct cs_proc r;

	memset(&r, 0, sizeof(r));
	hdr(&r.h, CS_EV_FORK, sizeof(r), ts, pid, tgid);
	r.child_pid = child;
	r.child_tgid = thread ? tgid : child;
	r.is_thread = thread;
	strcpy(r.comm, "demo");
	FEED(m, r);
}

static inline void feed_exit(struct cs_model *m, uint32_t pid, uint32_t tgid,
			     uint64_t ts)
{
	struct cs_proc r;

	memset(&r, 0, sizeof(r));
	hdr(&r.h, CS_EV_EXIT, sizeof(r), ts, pid, tgid);
	strcpy(r.comm, "demo");
	FEED(m, r);
}

static inline void feed_phase(struct cs_model *m, uint32_t tgid, uint64_t ts,
			      uint32_t phase)
{
	struct cs_phase r;

	memset(&r, 0, sizeof(r));
	hdr(&r.h, CS_EV_PHASE, sizeof(r), ts, tgid, tgid);
	r.phase = phase;
	strcpy(r.label, "test");
	FEED(m, r);
}

/* ---- whole strategies, as the demos run them ----------------------------- */

#define SENDER 100
#define RECEIVER 101
#define CHUNK (64 * KIB)

/*
 * The receiver (a child of the sender): one read() per chunk, the kernel
 * copying with skb_copy_datagram_iovec in two pieces: one record merged
 * over the call (as the kernel side writes it now) every other chunk, two
 * records of one skb (as recordings made before merging have them) in
 * between.
 */
static inline void receive_chunk(struct cs_model *m, uint64_t t)
{
	static unsigned n;
	struct cs_syscall s;

	if (n++ % 2) {
		feed_recv_copies(m, RECEIVER, RECEIVER, t + 2 * US, CHUNK, 2);
	} else {
		feed_recv_copy(m, RECEIVER, RECEIVER, t + 2 * US, 40 * KIB);
		feed_recv_copy(m, RECEIVER, RECEIVER, t + 3 * US, 24 * KIB);
	}
	s = mk_sc(RECEIVER, RECEIVER, NR_READ, t + 1 * US, t + 4 * US, CHUNK);
	sc_fd(&s, 0, 4, CS_FD_SOCKET, CS_FF_TCP);
	FEED(m, s);
}

static inline struct cs_model *new_model(struct facts *fs, bool gate)
{
	struct cs_model_opts o = { 0 };

	o.sink = facts_sink;
	o.sink_data = fs;
	o.phase_gate = gate;
	return model_new(&o);
}

/* A sender/receiver run fed chunk by chunk: chunk i starts at base(i). */
static inline uint64_t base(int i)
{
	return 1000000ull + (uint64_t)i * 100000ull;
}

struct run {
	struct facts fs;
	struct cs_model *m;
	struct cs_totals snd, rcv;
};

/* The transfer phase ends after n chunks; read both sides' totals. */
static inline void run_finish(struct run *r, int n)
{
	feed_phase(r->m, SENDER, base(n) + 50 * US, CS_PHASE_DONE);
	model_flush(r->m);
	assert_true(model_totals(r->m, SENDER, &r->snd));
	assert_true(model_totals(r->m, RECEIVER, &r->rcv));
}

static inline void run_end(struct run *r)
{
	model_free(r->m);
	facts_free(&r->fs);
}

#endif /* TEST_MODEL_STREAM_H */
