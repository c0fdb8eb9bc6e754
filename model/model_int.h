/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * model_int.h - the model's private state, shared by the files of model/.
 * Nothing outside model/ includes this: views use model.h only.
 */
#ifndef COPYSCOPE_MODEL_INT_H
#define COPYSCOPE_MODEL_INT_H

#include "abi/record.h"
#include "abi/syscalls.h"
#include "model/model.h"

/* Limits that keep an untrusted recording from eating all memory. */
#define MAX_PROCS 4096
#define MAX_THREADS 16384
#define MAX_HELD 65536 /* records held back per thread */
#define MAX_WINDOWS 8 /* transfer phases per process */
#define MAX_MAPPINGS 64 /* file mappings remembered per process */
#define MAX_URING_OPS 64 /* io_uring requests remembered per process */
#define MAX_MISMATCHES 16 /* kept per process, newest last */
#define SYSCALL_NR_MAX 512 /* per-call counts for nr below this */
#define ANCESTOR_DEPTH 16
#define MAX_DISK_DEVS 32
#define MAX_PROC_FLOWS 128 /* more fold into the process's overflow flow */
#define MAX_FLOWS 8192 /* in all, beyond the overflow flows */
#define MAX_CODE_FILES 32 /* files a process mapped as code, remembered */
#define MAX_RELAYS 4 /* pipes a thread fills and drains itself */
#define MAX_ENDPOINTS 8192 /* full names of files and sockets kept */
#define ENDPOINT_WAYS 4 /* slots a (dev, ino) may take (endpoints.c) */

/* Any record, by its layout (abi/record.h has the list). */
#define CS_REC_MEMBER(type, layout, member, name, held) struct layout member;
#define CS_REC_SAME(type, layout, member, name, held)
union cs_rec {
	struct cs_hdr h;
	CS_RECORDS(CS_REC_MEMBER, CS_REC_SAME)
};

/* A record that happened in a thread's context, waiting for its syscall:
 * the layouts of the held types only, to keep it small. */
#define CS_HELD_MEMBER(type, layout, member, name, held) \
	CS_HELD_MEMBER_##held(layout, member)
#define CS_HELD_MEMBER_1(layout, member) struct layout member;
#define CS_HELD_MEMBER_0(layout, member)
struct held {
	union {
		struct cs_hdr h;
		CS_RECORDS(CS_HELD_MEMBER, CS_REC_SAME)
	} r;
	bool consumed; /* a system call rule used it */
};

struct window {
	uint64_t start, end; /* end UINT64_MAX: still open */
};

struct mapping {
	uint64_t start, len;
	uint64_t ino;
	uint32_t dev;
	bool shared; /* MAP_SHARED: a write fault there never copies */
	char name[CS_NAME_LEN];
};

struct uring_op {
	uint64_t user_data;
	uint8_t opcode;
	bool used;
	int64_t last_res; /* result of the request (for its notification) */
};

/* Byte counts that tell strategies apart (see strategy.c). */
enum st_stat {
	STS_READ_FILE = 0, /* buffered reads of regular files */
	STS_READ_DIRECT, /* O_DIRECT reads */
	STS_READ_SOCK, /* receives */
	STS_SEND_USER, /* user memory -> socket, copied */
	STS_SEND_MAPPED, /* file mapping -> socket, copied */
	STS_SEND_ZC, /* MSG_ZEROCOPY sends */
	STS_WRITE_FILE, /* writes of user memory to files */
	STS_WRITE_MAPPED, /* writes from a file mapping to a file */
	STS_WRITE_DIRECT, /* O_DIRECT writes of user memory */
	STS_SENDFILE_REF, /* sendfile, gathered by reference */
	STS_SENDFILE_CPU, /* sendfile, copied by the kernel */
	STS_SPLICE_IN, /* file -> pipe */
	STS_SPLICE_OUT, /* pipe -> socket or file */
	STS_VMSPLICE,
	STS_TEE,
	STS_COPY_RANGE,
	STS_URING_RW, /* io_uring read/write/send completions */
	STS_URING_SPLICE,
	STS_URING_SEND_ZC,
	STS_XMIT_COPY, /* page references copied at transmit (no gather) */
	STS_URING_SUBMIT_RW, /* io_uring submissions (counts, not bytes): a */
	STS_URING_SUBMIT_SPLICE, /* strategy even when the completions were */
	STS_URING_SUBMIT_ZC, /* not seen */
	STS_SPLICE_SOCK_IN, /* socket -> pipe */
	STS_READ_PIPE, /* read() from a pipe */
	STS_WRITE_PIPE, /* write() into a pipe */
	STS_MAX,
};

/* One flow (model.h), as it grows; flows.c. */
struct flow {
	uint32_t id, tgid;
	uint32_t merged_into; /* a read-ahead flow emptied into this one */
	struct cs_end src, dst;
	struct cs_totals tot; /* counted facts of its calls */
	uint64_t stat[STS_MAX];
	uint64_t bytes, calls; /* what its destination got */
	uint64_t first_ts, last_ts; /* first entry, last exit of its calls */
};

struct proc {
	uint32_t tgid, parent;
	char comm[CS_COMM_LEN];
	char path[CS_PATH_LEN];
	bool exited;
	int32_t exit_code;
	uint64_t exit_ts;
	/* copy-on-write (rules_cow.c): when fork() made it, when it last ran
	 * a new program (then its memory is its own); 0: not seen */
	uint64_t fork_ts, exec_ts;
	size_t order; /* index in m->order */

	uint64_t seq; /* system calls so far */
	struct cs_totals tot; /* counted window only */
	struct cs_counters derived; /* every record, as the kernel counts */
	struct cs_counters recorded; /* the kernel's, from a recording's end */
	bool have_recorded;
	uint64_t stat[STS_MAX];
	uint32_t *nr_count; /* SYSCALL_NR_MAX entries, counted window */

	struct window win[MAX_WINDOWS];
	unsigned nwin;

	struct mapping map[MAX_MAPPINGS];
	unsigned nmap;

	struct uring_op uring[MAX_URING_OPS];
	bool seen_uring_splice; /* pages sent from an io-wq worker came from a
				   pipe */
	/* bytes io_uring SPLICE requests put into pipes and did not take out
	 * yet: tells a splice out of a pipe from one into it when no record
	 * says which (rules_uring.c) */
	uint64_t uring_pipe_bytes;
	/* Set as records arrive (model_feed), before any rule runs: a rule
	 * interpreting a record of another thread may need them. */
	bool uses_uring; /* it has io_uring records */
	bool zc_sender; /* it made zero-copy sends (MSG_ZEROCOPY, SEND_ZC) */
	bool seen_xmit; /* transmit records of its sockets arrived */
	bool have_tcp; /* last_tcp is valid */
	struct cs_tcp_send
		last_tcp; /* how this process's sends go, last seen */

	struct cs_mismatch mis[MAX_MISMATCHES];
	uint64_t nmis; /* total; the ring keeps the last MAX_MISMATCHES */

	/* flows.c: its flows (ids into m->flows), the last one that moved
	 * data, the one that takes them when there are too many, and the
	 * files it mapped to run their code */
	uint32_t *flows;
	unsigned nflows, capflows;
	uint32_t last_flow, overflow;
	struct {
		uint32_t dev;
		uint64_t ino;
	} code[MAX_CODE_FILES];
	unsigned ncode;
};

#define USER_TS_KEPT 4

struct thread {
	uint32_t pid, tgid;
	struct held *held; /* sorted by h.ts */
	size_t nheld, capheld;
	uint64_t last_exit_ts; /* end of its previous system call */
	/*
	 * Times it was surely in user space (phases it timed with its own
	 * clock), the latest few: they reach the model before or after the
	 * records of the calls around them.
	 */
	uint64_t user_ts[USER_TS_KEPT];
	unsigned nuser_ts;
	uint16_t send_kind; /* counter for this call's send bytes (derived) */
	/* the last tcp_sendmsg_locked: tells later copy-function records and
	 * io_uring completions what kind of send they belong to */
	bool have_tcp;
	struct cs_tcp_send last_tcp;
	bool tcp_since_complete; /* a send since the last io_uring completion */
	bool recv_since_complete; /* a receive copy since then */
	/*
	 * Copy-function records of io_uring requests (inline in
	 * io_uring_enter, or in an io-wq worker), by slot (copy_slot()),
	 * waiting for the completion that tells which request they did.
	 */
	struct pend_copy {
		uint64_t bytes;
		uint64_t ts; /* the first record's */
		uint32_t pid;
		uint8_t iter; /* the last record's */
		bool seen;
	} pend[CS_FN_MAX];
	/* flows.c: where the data in its buffers came from (its last reads),
	 * the flow those reads wait in, and the pipes it fills itself */
	struct cs_end mem_src;
	uint32_t pending;
	struct relay {
		uint32_t dev;
		uint64_t ino; /* the pipe */
		struct cs_end src;
		uint32_t flow;
	} relay[MAX_RELAYS];
	unsigned nrelay;
};

/* Growable open-addressing table of pointers keyed by a 32-bit id. */
struct idtab {
	uint32_t *keys;
	void **vals;
	size_t cap, n;
};

/* endpoints.c: names by (dev, ino), MAX_ENDPOINTS slots once one came */
struct endpoint;
struct endpoint_table {
	struct endpoint *v;
	uint64_t taken; /* names taken so far: the age of a slot */
};

/* Facts a system call produced, sorted by time before they go out. */
struct factvec {
	struct cs_fact *v;
	size_t n, cap;
};

struct cs_model {
	struct cs_model_opts opts;
	struct idtab procs, threads;
	uint32_t *order; /* tgids in order of appearance */
	size_t norder, caporder;
	uint32_t focus;
	uint64_t now; /* newest timestamp fed */
	uint64_t last_release; /* last hold_ns scan */
	uint64_t rejected;
	bool copy_fn_active[CS_FN_MAX]; /* a CS_EV_COPY of that function was
					   seen */
	uint32_t zc_tgid; /* the latest process that made zero-copy sends */
	/* anonymous devices (major 0) that did block I/O: btrfs and the like
	 * have a disk after all (devices.c) */
	uint32_t disk_devs[MAX_DISK_DEVS];
	unsigned ndisk_devs;
	/* devices the kernel said have no disk under them (CS_FF_FS_NODISK) */
	uint32_t nodisk_devs[MAX_DISK_DEVS];
	unsigned nnodisk_devs;
	struct factvec fv;
	/* flows.c: every flow (id - 1 indexes it); the call being
	 * interpreted, and its flow */
	struct flow **flows;
	size_t nflows, capflows;
	struct thread *cur_t;
	const struct cs_syscall *cur_sc;
	uint32_t cur_flow;
	struct endpoint_table endpoints;
};

/* model.c */
struct proc *model_proc(struct cs_model *m, uint32_t tgid);
const struct proc *model_proc_find(const struct cs_model *m, uint32_t tgid);
bool model_in_window(const struct cs_model *m, const struct proc *p,
		     uint64_t ts);
bool model_in_window_after(const struct cs_model *m, const struct proc *p,
			   uint64_t ts);

/* endpoints.c */
void endpoints_note(struct cs_model *m, const struct cs_endpoint *e);
void endpoints_free(struct cs_model *m);

/* idtab.c */
void *idtab_get(const struct idtab *t, uint32_t key);
int idtab_put(struct idtab *t, uint32_t key, void *val);
void idtab_del(struct idtab *t, uint32_t key);
void idtab_free(struct idtab *t);

/* facts.c: build facts, then account and emit them */
struct cs_fact *fv_push(struct factvec *fv);
void fv_emit(struct cs_model *m, struct factvec *fv);
struct cs_fact *fact_transfer(struct cs_model *m, struct proc *p, uint64_t ts,
			      uint32_t pid, const struct cs_syscall *sc,
			      uint64_t seq, uint64_t bytes, enum cs_place from,
			      enum cs_place to, enum cs_kind kind,
			      enum cs_evidence ev, enum cs_rule rule,
			      uint16_t flags);
struct cs_fact *fact_note(struct cs_model *m, uint64_t ts, uint32_t pid,
			  uint32_t tgid, enum cs_note what, const char *fmt,
			  ...) __attribute__((format(printf, 6, 7)));
void note_mismatch(struct cs_model *m, struct proc *p, uint64_t ts,
		   uint32_t pid, const struct cs_syscall *sc, uint64_t seq,
		   enum cs_rule rule, int64_t expected, int64_t seen);

/* totals.c */
void totals_account(struct cs_model *m, struct proc *p,
		    const struct cs_fact *f);
/* the same into any totals (a flow's: nr_count NULL) */
void totals_account_into(struct cs_totals *t, uint32_t *nr_count,
			 const struct cs_fact *f);
void totals_add(struct cs_totals *sum, const struct cs_totals *t);
void totals_finish(const struct cs_model *m, const struct proc *p,
		   struct cs_totals *out);

/* counters.c */
void counters_on_record(struct proc *p, struct thread *t,
			const union cs_rec *r);

/* strategy.c */
enum cs_strategy strategy_of(const struct proc *p);
enum cs_strategy strategy_of_stat(const uint64_t *stat, bool pipes);
void strategy_stat(struct cs_model *m, struct proc *p, uint64_t ts,
		   enum st_stat s, uint64_t bytes);
/* Transfers that a send leaves behind (transmits, copies at transmit). */
bool rule_is_aftermath(enum cs_rule r);

/* syscalls.c: what a call does with its descriptors */
enum sc_class syscall_class(uint32_t nr);
/* The counter of the call's byte result (enum cs_counter), or -1. */
int syscall_bytes_counter(uint32_t nr);
/* The user buffer address of a read/write/send/recv (0: an iovec or none). */
uint64_t syscall_user_buf(uint32_t nr, uint64_t arg1);
uint64_t syscall_payload(const struct cs_fact *f); /* bytes delivered */
uint64_t syscall_received(const struct cs_fact *f); /* bytes received */
/* bytes a read of a file or block device returned */
uint64_t syscall_read_in(const struct cs_fact *f);

/* flows.c: a call (sc NULL: records outside any call) is about to be
 * interpreted; then each of its facts gets its flow, and is counted there */
void flows_begin(struct cs_model *m, struct thread *t,
		 const struct cs_syscall *sc);
void flows_fact(struct cs_model *m, struct proc *p, struct cs_fact *f);
void flows_end(struct cs_model *m);
void flows_free(struct cs_model *m);
struct flow *flow_at(const struct cs_model *m, uint32_t id); /* NULL: none */
/* a file the process mapped to run its code (the loader's work) */
bool flow_is_code(const struct proc *p, const struct cs_end *e);
/* the totals of the flow a rule adds to directly (not through a fact):
 * the current call's, else the process's last; NULL: none */
struct cs_totals *flows_tot(struct cs_model *m, struct proc *p);
/* strategy bytes of proc p counted by a rule (strategy_stat) */
void flows_stat(struct cs_model *m, struct proc *p, enum st_stat s,
		uint64_t bytes);

/* rules_file.c */
const struct mapping *mapping_find(const struct proc *p, uint64_t addr);

struct sc_ctx;

/* devices.c: is there a disk under a file system? */
void devices_on_call(struct sc_ctx *c);
bool device_no_disk(const struct cs_model *m, uint32_t dev);
void devices_count(struct sc_ctx *c);

/* rules_cow.c: copy-on-write, told by write faults */
void rules_cow_fault(struct sc_ctx *c, const struct cs_fault *fl);

/* thread.c: holding records and replaying them around system calls */
struct thread *model_thread(struct cs_model *m, uint32_t pid, uint32_t tgid);
int thread_hold(struct cs_model *m, struct thread *t, const union cs_rec *r);
void thread_syscall(struct cs_model *m, struct thread *t,
		    const struct cs_syscall *sc);
void thread_release(struct cs_model *m, struct thread *t, uint64_t before);
void thread_in_user(struct thread *t, uint64_t ts);
void thread_free(struct thread *t);

/* The context rules work in: one system call and what happened inside. */
struct sc_ctx {
	struct cs_model *m;
	struct proc *p;
	struct thread *t;
	const struct cs_syscall *sc; /* NULL: outside any system call */
	uint64_t seq;
	struct held *items; /* inside the call, sorted */
	size_t nitems;
	/* what the items add up to */
	struct cs_tcp_send *tcp; /* first tcp_sendmsg_locked inside */
	uint64_t copy_bytes[CS_FN_MAX];
	bool copy_seen[CS_FN_MAX];
	uint64_t recv_copy_bytes;
	uint64_t block_read_bytes, block_write_bytes;
	uint64_t cache_write_bytes;
};

/* rules_*.c: each returns true when it handled the call or the item */
void rules_syscall(struct sc_ctx *c); /* dispatch by class */
bool rules_file(struct sc_ctx *c, enum sc_class cls);
bool rules_net(struct sc_ctx *c, enum sc_class cls);
bool rules_pipe(struct sc_ctx *c, enum sc_class cls);
void rules_item(struct sc_ctx *c, struct held *it);
void rules_file_item(struct sc_ctx *c, struct held *it);
void rules_net_item(struct sc_ctx *c, struct held *it);
void rules_uring_item(struct sc_ctx *c, struct held *it);
void rules_copy_item(struct sc_ctx *c, struct held *it);
/* rules_copy.c: which transfer a copy record measures (enum cs_copy_fn
 * value whose rule covers it: filemap_read into a pipe is a splice read) */
enum cs_copy_fn copy_slot(const struct cs_copy *cp);
/* the copy records a thread holds for its next io_uring completion */
uint64_t pend_take(struct thread *t, enum cs_copy_fn slot, bool *seen);
/* emit what no completion claimed as transfers of their own */
void pend_flush(struct sc_ctx *c);
/* the process whose zero-copy sends a deferred copy undid */
struct proc *zc_owner(struct sc_ctx *c);
/* thread.c: a thread ends (exit, end of the feed): nothing is left over */
void thread_finish(struct cs_model *m, struct thread *t);
/* the tcp_sendmsg_locked rule, shared by write/send/sendfile/splice */
void rule_tcp_send(struct sc_ctx *c, const struct cs_tcp_send *tcp,
		   enum cs_place from, uint64_t bytes, bool bytes_from_syscall,
		   uint16_t flags);
/* consume the copy-function records of fn inside the call; returns bytes */
uint64_t ctx_take_copy(struct sc_ctx *c, enum cs_copy_fn fn);
bool virtual_device(const struct cs_xmit *x);
/* syscall: returned bytes (0 for errors) */
static inline uint64_t sc_bytes(const struct cs_syscall *sc)
{
	return sc && sc->ret > 0 ? (uint64_t)sc->ret : 0;
}

#endif /* COPYSCOPE_MODEL_INT_H */
