/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * model.h - the heart of copyscope: raw probe records (abi/copyscope.h)
 * become transfers between places, mode switches, context switches and
 * faults, with the evidence for each.  Pure C: no ncurses, no libbpf, no
 * root.  Views (TUI, report, JSON, recordings) read what the model emits.
 *
 * Data flow: the probe (live ring buffer or a recording) calls
 * model_feed() with each record in timestamp order; the model updates its
 * totals and calls the sink with every fact it derives.  A view that
 * animates queues those facts; a view that only prints totals reads
 * model_totals() at the end.
 *
 * Ordering: the system call record is written at the call's exit, so the
 * evidence a call produced (a tcp_sendmsg_locked record, a page-cache fill,
 * a receive copy, a context switch inside the call) arrives BEFORE the
 * record of the call itself.  The model therefore holds each thread's
 * records until that thread's next system call record arrives (or the
 * thread exits, or model_flush() is called) and then emits, in time order:
 * the entry mode switch, everything that happened inside the call, the
 * call, the exit mode switch.  Facts of one thread come out in time order;
 * facts of different threads may interleave out of order.
 */
#ifndef COPYSCOPE_MODEL_H
#define COPYSCOPE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/copyscope.h"

/* Where bytes can be. */
enum cs_place {
	CS_PL_DISK = 0,
	CS_PL_PAGE_CACHE, /* the kernel buffer of the article */
	CS_PL_USER, /* the process's own buffer */
	CS_PL_PIPE, /* pipe buffers (splice, tee, vmsplice) */
	CS_PL_SOCKBUF, /* socket send buffer (skbs) */
	CS_PL_NIC, /* network device */
	CS_PL_RECEIVER, /* the receiving process on this machine */
	CS_PL_MAX,
};

/* How bytes move. */
enum cs_kind {
	CS_K_DMA = 0, /* a device moves the data, not the CPU */
	CS_K_CPU, /* the processor copies it */
	CS_K_REF, /* pages handed over by reference (gather, splice) */
	CS_K_MAP, /* pages mapped into a process: no copy */
	CS_K_MAX,
};

/* How we know. */
enum cs_evidence {
	CS_EVID_MEASURED = 0, /* an event that is the transfer, with its size */
	CS_EVID_ATTRIBUTED, /* an event proves the mechanism; size from the
			       syscall */
	CS_EVID_INFERRED, /* from system call semantics alone */
	CS_EVID_EXPLAINED, /* not observable here (NIC DMA on a virtual device)
			    */
	CS_EVID_MAX,
};

/* Transfer flags (struct cs_transfer.flags). */
#define CS_TF_DEFERRED 0x1 /* the copy that undoes a zero-copy send */
#define CS_TF_VIRTUAL_DEV 0x2 /* on loopback/veth: no device did anything */
#define CS_TF_VIA_MAPPING                                   \
	0x4 /* the source is a file mapped into the process \
	     */
#define CS_TF_O_DIRECT 0x8 /* the page cache was bypassed */
#define CS_TF_URING 0x10 /* done for an io_uring request */
#define CS_TF_NO_SG \
	0x20 /* pages offered by reference, but the route cannot gather */

/* Which rule made a transfer: one per section of tutorial/evidence.md. */
enum cs_rule {
	CS_R_NONE = 0,
	CS_R_READ_CACHE, /* read() of a regular file: page cache -> user */
	CS_R_READ_DIRECT, /* read() with O_DIRECT: disk -> user by DMA */
	CS_R_BLOCK_READ, /* block completion: disk -> page cache */
	CS_R_BLOCK_WRITE, /* block completion: page cache (or user) -> disk */
	CS_R_WRITE_CACHE, /* write() to a regular file: user -> page cache */
	CS_R_TCP_USER, /* tcp_sendmsg_locked with user memory: CPU copy */
	CS_R_TCP_PAGES_SG, /* pages offered by reference, route gathers: REF */
	CS_R_TCP_PAGES_NOSG, /* pages offered, route cannot gather: CPU copy */
	CS_R_TCP_ZEROCOPY, /* MSG_ZEROCOPY: user pages pinned, no copy yet */
	CS_R_DEFERRED_COPY, /* pinned pages reached a local receiver: copied */
	CS_R_SOCK_SEND, /* send on a non-TCP socket (no tcp evidence) */
	CS_R_RECV_COPY, /* skb_copy_datagram_iovec: socket buffer -> receiver */
	CS_R_SOCK_RECV, /* receive without a receive-copy record */
	CS_R_XMIT_VIRTUAL, /* transmit on lo/veth: no DMA */
	CS_R_XMIT_DEVICE, /* transmit on a real device: the NIC DMAs */
	CS_R_MMAP, /* mmap of a file: page cache mapped into the process */
	CS_R_SPLICE_IN, /* file -> pipe: page references */
	CS_R_SPLICE_OUT_FILE, /* pipe -> file: CPU copy into the page cache */
	CS_R_PIPE_PIPE, /* splice/tee between pipes: buffer references */
	CS_R_VMSPLICE, /* user pages -> pipe by reference */
	CS_R_PIPE_READ, /* read() from a pipe: CPU copy */
	CS_R_PIPE_WRITE, /* write() to a pipe: CPU copy */
	CS_R_SENDFILE_FILE, /* sendfile / copy_file_range between files */
	CS_R_SOCK_SPLICE_IN, /* socket -> pipe */
	CS_R_URING_READ, /* io_uring read completion */
	CS_R_URING_WRITE, /* io_uring write completion */
	CS_R_URING_SPLICE_IN, /* io_uring splice file -> pipe */
	CS_R_COPY_FN, /* fentry/kprobe tier: the copy function itself */
	CS_R_XMIT_COPY, /* pages by reference, device cannot gather: copied at
			   transmit */
	CS_R_DIRECT_NODISK, /* O_DIRECT on a file system with no disk: CPU */
	CS_R_COW, /* a write fault on a shared private page: copy-on-write */
	CS_R_MAX,
};

struct cs_transfer {
	uint64_t ts; /* when it happened (ns, CLOCK_MONOTONIC) */
	uint32_t pid, tgid;
	uint64_t bytes;
	uint64_t syscall_seq; /* which system call of this process caused it (0:
				 none) */
	uint32_t syscall_nr; /* x86_64 number, or UINT32_MAX */
	uint8_t from, to; /* enum cs_place */
	uint8_t kind; /* enum cs_kind */
	uint8_t evidence; /* enum cs_evidence */
	char caption[96]; /* "CPU copies 64 KiB from the page cache to your
			     buffer" */
	uint16_t flags; /* CS_TF_* */
	uint16_t rule; /* enum cs_rule: which rule of tutorial/evidence.md */
	uint32_t count; /* copies or transfers it stands for: the skbs of a
			   merged receive-copy or transmit record; 1 else */
	uint64_t address; /* CS_R_COW: the faulting address; 0 else */
};

enum cs_fact_type {
	CS_FACT_TRANSFER = 1,
	CS_FACT_MODE_SWITCH, /* user -> kernel (enter) or kernel -> user (exit)
			      */
	CS_FACT_CONTEXT_SWITCH, /* the scheduler takes the CPU away or gives it
				   back */
	CS_FACT_FAULT,
	CS_FACT_SYSCALL, /* a whole system call, with its name and result */
	CS_FACT_PROCESS, /* fork / exec / exit */
	CS_FACT_NOTE, /* an explanation worth showing (lease broken, SIGBUS,
			 ...) */
};

/* CS_FACT_PROCESS: what happened. */
#define CS_PROC_FORK 1
#define CS_PROC_EXEC 2
#define CS_PROC_EXIT 3

/* CS_FACT_NOTE: what about (u.note.what). */
enum cs_note {
	CS_NOTE_INFO = 0,
	CS_NOTE_MISMATCH, /* measured bytes disagree with the system call */
	CS_NOTE_LEASE, /* a file lease was taken, broken or removed */
	CS_NOTE_SIGNAL, /* a signal was generated for a traced thread */
	CS_NOTE_PHASE, /* a demo entered a phase */
	CS_NOTE_ZC_COPIED, /* a zero-copy completion says the kernel copied */
	CS_NOTE_STEP, /* a demo announced its next system call */
};

struct cs_fact {
	enum cs_fact_type type;
	uint64_t ts;
	uint32_t pid, tgid;
	union {
		struct cs_transfer transfer;
		struct {
			bool to_kernel; /* true: entry; false: exit */
			uint32_t syscall_nr;
		} mode;
		struct {
			bool out; /* true: left the CPU; false: came back */
			bool involuntary;
			uint64_t off_ns; /* coming back: time spent off the CPU
					  */
			uint32_t other_pid; /* who took or gave the CPU */
			char other_comm[CS_COMM_LEN];
		} ctx;
		struct {
			bool kernel; /* taken in kernel mode (inside a copy) */
			uint64_t address;
		} fault;
		struct {
			uint64_t seq; /* 1, 2, ... per process */
			uint32_t nr;
			int64_t ret;
			uint64_t enter_ts;
			uint64_t arg[6];
			int32_t fd[2]; /* -1: unused */
			uint8_t fd_kind[2]; /* enum cs_fd_kind */
			uint16_t fd_flags[2]; /* CS_FF_* */
			char fd_name[2][CS_NAME_LEN];
		} syscall;
		struct {
			uint8_t what; /* CS_PROC_* */
			uint32_t child_pid, child_tgid; /* fork */
			int32_t exit_code; /* exit */
			char comm[CS_COMM_LEN];
			char path[CS_PATH_LEN]; /* exec */
		} proc;
		struct {
			uint8_t what; /* enum cs_note */
			uint32_t phase; /* CS_NOTE_PHASE: CS_PHASE_*;
					   CS_NOTE_STEP: step number */
		} note;
	} u;
	char text[128]; /* one human line: log entry / caption */
	/* the flow it belongs to (model_flow_resolve()), 0: none (start-up
	 * calls, calls on no data) */
	uint32_t flow;
	bool counted; /* inside the counted window (see
			 cs_model_opts.phase_gate) */
};

typedef void (*cs_fact_sink)(const struct cs_fact *fact, void *data);

/* ---- strategies ------------------------------------------------------- */

/* How a process moves its data, recognised from its system calls. */
enum cs_strategy {
	CS_ST_UNKNOWN = 0, /* no data-moving system call seen yet */
	CS_ST_READ_WRITE, /* read() into a buffer, write()/send() it out */
	CS_ST_MMAP_WRITE, /* mmap() the file, write() from the mapping */
	CS_ST_SENDFILE, /* sendfile(), and the kernel copies (no gather) */
	CS_ST_SENDFILE_GATHER, /* sendfile(), pages gathered by reference */
	CS_ST_SPLICE, /* splice() file -> pipe -> socket */
	CS_ST_VMSPLICE, /* vmsplice() user pages into a pipe, splice() out */
	CS_ST_TEE, /* tee() duplicates pipe pages to a second consumer */
	CS_ST_COPY_FILE_RANGE, /* copy_file_range() between two files */
	CS_ST_ODIRECT, /* O_DIRECT read: disk -> user, no page cache */
	CS_ST_MSG_ZEROCOPY, /* send(MSG_ZEROCOPY): user pages pinned */
	CS_ST_URING_RW, /* io_uring READ + SEND/WRITE */
	CS_ST_URING_SPLICE, /* io_uring SPLICE */
	CS_ST_URING_SEND_ZC, /* io_uring SEND_ZC */
	CS_ST_RECEIVER, /* only receives from a socket (the demo's receiver) */
	/* programs whose data ends in their memory or starts there */
	CS_ST_READ, /* read() files into memory, nothing sent on */
	CS_ST_ODIRECT_READ, /* O_DIRECT read into memory: disk -> user */
	CS_ST_WRITE, /* write()/send() from memory, nothing read in */
	CS_ST_ODIRECT_WRITE, /* O_DIRECT write from memory: user -> disk */
	CS_ST_RECV_WRITE, /* receive from a socket, write() into a file */
	CS_ST_MMAP_READ, /* mmap() a file and touch it: no copy at all */
	CS_ST_SPLICE_RECV, /* splice() socket -> pipe -> file */
	CS_ST_MAX,
};

const char *model_strategy_name(enum cs_strategy s); /* "sendfile + gather" */
const char *
model_strategy_id(enum cs_strategy s); /* "sendfile_gather": JSON, CLI */
const char *model_strategy_desc(enum cs_strategy s); /* one line for students */
/* Its data ends in the process's memory: what it delivered is what its
 * reads of files returned (cs_totals.read_in_bytes), not what it sent. */
bool model_strategy_inward(enum cs_strategy s);

/* ---- names and captions ---------------------------------------------------
 */

const char *model_place_name(enum cs_place p); /* "page cache" */
const char *model_place_id(enum cs_place p); /* "page_cache": JSON */
const char *model_kind_name(enum cs_kind k); /* "DMA", "CPU", "REF", "MAP" */
const char *model_evidence_name(enum cs_evidence e); /* "measured" ... */
const char *model_rule_name(enum cs_rule r); /* "tcp-user": tutorial anchor */
/* System call name by x86_64 number; NULL when not in the table. */
const char *model_syscall_name(uint32_t nr);
/*
 * A system call's result as people read it, like strace: an address in
 * hex for the calls that return one (mmap, brk, mremap, shmat), -errno and
 * counts in decimal.  Returns buf.
 */
bool model_syscall_ret_is_address(uint32_t nr, int64_t ret);
const char *model_format_ret(char *buf, size_t len, uint32_t nr, int64_t ret);
/* True for calls that move data (read, write, sendfile, splice, ...). */
bool model_syscall_moves_data(uint32_t nr);
/* "64 KiB", "1.5 MiB", "512 B": sizes for people; returns buf. */
const char *model_format_bytes(char *buf, size_t len, uint64_t bytes);
/* The same, compact for the diagram: "64K", "1.5M", "17B". */
const char *model_format_bytes_short(char *buf, size_t len, uint64_t bytes);
/* The plain-English caption of a transfer (what cs_transfer.caption holds). */
void model_caption(char *buf, size_t len, const struct cs_transfer *t);

/* ---- the model object ------------------------------------------------- */

struct cs_model_opts {
	cs_fact_sink sink; /* may be NULL: totals only */
	void *sink_data;
	/*
	 * The process whose buffer is "your buffer": receive copies of other
	 * processes go to CS_PL_RECEIVER.  0: the first process seen.
	 */
	uint32_t focus_tgid;
	/*
	 * Count only inside the transfer phase (CS_EV_PHASE records).  A
	 * process without phase records of its own inherits the window of its
	 * nearest ancestor that has some, and counts from that window's start
	 * until it exits (a receiver finishes copying after the sender is
	 * done). Facts are emitted either way, with fact.counted telling which.
	 */
	bool phase_gate;
	/*
	 * Held records older than the newest timestamp minus hold_ns are
	 * released as if outside any system call.  0: hold until the thread's
	 * next system call record, its exit, or model_flush() (right for
	 * reports; a live view may prefer ~200 ms so that idle threads show).
	 */
	uint64_t hold_ns;
	/*
	 * Only add up the records into each process's counters (and learn
	 * names from fork and exec): no transfers, no totals.  What 'trace'
	 * needs to check its records against the kernel's counters, at a
	 * fraction of the cost.
	 */
	bool counters_only;
};

struct cs_model;

struct cs_model *model_new(const struct cs_model_opts *opts);
void model_free(struct cs_model *m);
void model_set_sink(struct cs_model *m, cs_fact_sink sink, void *data);

/*
 * Feed one record.  rec need not be aligned; size is the number of bytes
 * available at rec.  Records come from the kernel or from an untrusted
 * file: every size and index is checked.  Returns 0, -EINVAL for a
 * malformed record (counted, ignored), -ENOMEM.
 */
int model_feed(struct cs_model *m, const void *rec, size_t size);
/* The minimum size of a record of this type; 0 for an unknown type. */
size_t model_record_min_size(uint16_t type);
/* Emit everything held back (end of a recording, idle live feed, exit). */
void model_flush(struct cs_model *m);

/* Records model_feed() refused (malformed) and processes/threads it could
 * not track (table full). */
uint64_t model_rejected(const struct cs_model *m);

/* ---- totals ------------------------------------------------------------- */

struct cs_syscall_count {
	uint32_t nr;
	uint64_t count;
};

#define CS_TOP_SYSCALLS 6

struct cs_totals {
	uint32_t tgid; /* 0 for a sum over several processes */
	uint32_t nprocs; /* processes summed */
	char comm[CS_COMM_LEN];
	enum cs_strategy strategy;

	/* transfers by kind x evidence */
	uint64_t bytes[CS_K_MAX][CS_EVID_MAX];
	uint64_t count[CS_K_MAX][CS_EVID_MAX];
	/* bytes by route and kind (all evidence except EXPLAINED) */
	uint64_t route_bytes[CS_PL_MAX][CS_PL_MAX][CS_K_MAX];

	/* the table's columns: CPU and DMA exclude EXPLAINED */
	uint64_t cpu_copies, cpu_bytes;
	uint64_t dma_transfers, dma_bytes;
	uint64_t ref_bytes, map_bytes;
	uint64_t nic_dma_explained_bytes; /* a physical NIC would have moved
					     these */
	uint64_t deferred_copy_bytes; /* CPU copies that undid a zero-copy send
				       */

	uint64_t syscalls, io_syscalls;
	uint64_t mode_switches; /* 2 per system call */
	uint64_t csw_voluntary, csw_involuntary;
	uint64_t off_cpu_ns;
	uint64_t faults_user, faults_kernel;
	uint64_t cache_add_pages;
	uint64_t disk_read_bytes, disk_write_bytes;
	/* file bytes read from a file system with no disk seen under it (an
	 * anonymous device, no block I/O: tmpfs): no disk DMA can come */
	uint64_t nodisk_file_bytes;
	uint64_t cow_copies; /* copy-on-write page copies (CS_R_COW) */
	/* what the process delivered: bytes out of sends, writes, sendfile,
	 * splice to a non-pipe, copy_file_range, io_uring send/write */
	uint64_t payload_bytes;
	uint64_t payload_calls; /* calls (or io_uring requests) that delivered
				   some */
	uint64_t received_bytes; /* bytes its receive calls returned */
	/* what its reads of files and block devices returned, and in how
	 * many calls: the delivery of a program that reads into memory */
	uint64_t read_in_bytes, read_in_calls;
	uint64_t uring_submits, uring_completes;
	uint64_t zc_copied_notes; /* completions that said "copied" */
	uint64_t mismatches; /* cross-checks that disagreed */
	uint64_t first_ts, last_ts; /* counted facts' time span */
	/*
	 * The transfer's own part, without phases (trace --report): from the
	 * entry of the first call that delivered data (or, for a program
	 * whose data ends in its memory, read it in) to the exit of the last.
	 * active_ns and active_syscalls are set by model_totals() when the
	 * model has no phase gate; the rest are their running marks.
	 */
	uint64_t active_ns, active_syscalls;
	uint64_t first_out_ts, last_out_ts, calls_before_out, calls_to_out;
	uint64_t first_in_ts, last_in_ts, calls_before_in, calls_to_in;
	/* the counted window's length: the transfer phase when there is one,
	 * else last_ts - first_ts */
	uint64_t span_ns;
	struct cs_syscall_count top[CS_TOP_SYSCALLS]; /* most frequent calls */
};

/* Processes seen, in order of first appearance; returns how many exist
 * (may exceed max). */
size_t model_processes(const struct cs_model *m, uint32_t *tgids, size_t max);

struct cs_proc_info {
	uint32_t tgid, parent_tgid; /* parent 0: unknown */
	char comm[CS_COMM_LEN];
	char path[CS_PATH_LEN];
	bool exited;
	int32_t exit_code;
	enum cs_strategy strategy;
};
bool model_process(const struct cs_model *m, uint32_t tgid,
		   struct cs_proc_info *out);

/* Totals of one process (counted window only); false if unknown. */
bool model_totals(const struct cs_model *m, uint32_t tgid,
		  struct cs_totals *out);
/* Sum over every process whose strategy is s. */
void model_totals_strategy(const struct cs_model *m, enum cs_strategy s,
			   struct cs_totals *out);
/* Sum over every process. */
void model_totals_all(const struct cs_model *m, struct cs_totals *out);
/* Strategy of a process (CS_ST_UNKNOWN if unknown). */
enum cs_strategy model_strategy(const struct cs_model *m, uint32_t tgid);

/*
 * The two sides of a file transfer: the sender is the focus process (or
 * the process that delivered the most payload), the receiver the other
 * process that received the most.  0 when absent.
 */
void model_sides(const struct cs_model *m, uint32_t *sender,
		 uint32_t *receiver);

/* ---- flows ------------------------------------------------------------- */

/*
 * A flow is where a process's data goes: from a source to a destination,
 * each a file, a socket, a pipe, a device or the process's own memory.
 * The model joins the calls on both ends: read(A) + write(B) is one flow
 * A -> B, as are sendfile(B, A), splice(A, pipe) + splice(pipe, B),
 * mmap(A) + write(B) and recv(A) + write(B).  Data read into memory and
 * never written on is a flow A -> memory.  Every flow has its own totals:
 * its calls only (start-up calls belong to no flow), its own transfers,
 * its own strategy and its own active time.
 */
enum cs_end_kind {
	CS_END_NONE = 0,
	CS_END_MEMORY, /* the process's own buffers */
	CS_END_FILE,
	CS_END_SOCKET,
	CS_END_PIPE,
	CS_END_DEVICE, /* a character or block device */
	CS_END_URING, /* io_uring requests: their files are not seen */
	CS_END_MAX,
};

struct cs_end {
	uint8_t kind; /* enum cs_end_kind */
	uint16_t fflags; /* CS_FF_*: a socket's protocol, O_DIRECT */
	uint32_t dev;
	uint64_t ino;
	char name[CS_NAME_LEN]; /* the record's: last path component */
};

/* Flows that moved less fold into one "other" row per process. */
#define CS_FLOW_MIN_BYTES (64 * 1024)

struct cs_flow {
	uint32_t id; /* 1, 2, ... in order of appearance; 0 for "other" */
	uint32_t tgid;
	char comm[CS_COMM_LEN];
	bool other; /* the process's flows under the threshold, summed */
	uint32_t nflows; /* flows it stands for */
	struct cs_end src, dst;
	/* bytes the destination got (for memory: what the reads returned, or
	 * the length mapped), and in how many calls */
	uint64_t bytes, calls;
	/* strategy, transfers, calls and mode switches of its own calls;
	 * payload_bytes or read_in_bytes are the bytes above; span_ns its
	 * active time, from the first call's entry to the last one's exit */
	struct cs_totals tot;
};

/*
 * The flows of one process (tgid), or of every process (0), biggest first
 * within a process, processes in order of appearance; flows under
 * min_bytes (and the loading of program code) fold into one "other" row
 * per process, last.  Returns how many exist (may exceed max).
 */
size_t model_flows(const struct cs_model *m, uint32_t tgid, uint64_t min_bytes,
		   struct cs_flow *out, size_t max);
/* One flow by id (after model_flow_resolve()); false when unknown. */
bool model_flow(const struct cs_model *m, uint32_t id, struct cs_flow *out);
/*
 * The flow a fact's flow id stands for now: reads into memory wait in a
 * flow of their own until a write sends their data on, then join the
 * write's flow.
 */
uint32_t model_flow_resolve(const struct cs_model *m, uint32_t id);
/*
 * Where a fact's data went, for a view that follows one flow: as
 * model_flow_resolve(), except that reads which have sent data on stand
 * for the flow they sent it to even while newer reads wait in their flow
 * (a copy's last read, which found the end of the file, waits forever):
 * the facts of the earlier reads belong to that flow, not to the waiting.
 */
uint32_t model_flow_follow(const struct cs_model *m, uint32_t id);
/* "file", "socket", ...: JSON ids */
const char *model_end_kind_id(enum cs_end_kind k);
/* The full path or socket addresses (model_endpoint_text()); NULL when no
 * record named the end, or it has none (memory, a pipe) */
const char *model_end_text(const struct cs_model *m, const struct cs_end *e);
/* "/srv/big.iso", "TCP 127.0.0.1:8080" (the peer), "memory"; the short
 * name of the record ("big.iso", "TCP socket") when no endpoint record
 * named it: raw, the caller escapes it */
void model_end_label(const struct cs_model *m, const struct cs_end *e,
		     char *buf, size_t len);
/* "cp: a.iso -> b.iso", or "cp: other flows (3)": raw, to be escaped */
void model_flow_label(const struct cs_model *m, const struct cs_flow *f,
		      char *buf, size_t len);
/* ---- endpoints ---------------------------------------------------------- */

/*
 * The full name of a file or socket, as a CS_EV_ENDPOINT record gave it
 * (abi/copyscope.h: a path, "TCP 127.0.0.1:45678 -> 127.0.0.1:8080",
 * "pipe", ...), by the (dev, ino) of struct cs_file; NULL when no record
 * named it.  The text is as the traced system wrote it: escape it before
 * it is shown (views/escape.h).  It stays valid until the next
 * model_feed() or model_free().  The model keeps a bounded number of
 * them (MAX_ENDPOINTS, model_int.h); a trace naming more forgets those
 * named longest ago.
 */
const char *model_endpoint_text(const struct cs_model *m, uint32_t dev,
				uint64_t ino);

/* ---- cross-checks ------------------------------------------------------- */

/* A measured copy that disagrees with its system call's result. */
struct cs_mismatch {
	uint64_t ts;
	uint32_t pid, tgid;
	uint64_t syscall_seq;
	uint32_t syscall_nr;
	uint16_t rule; /* enum cs_rule */
	int64_t expected; /* the system call's result */
	int64_t seen; /* bytes the copy events add up to */
};

/* The most recent mismatches of a process (newest last); returns how many
 * are kept (may exceed max). */
size_t model_mismatches(const struct cs_model *m, uint32_t tgid,
			struct cs_mismatch *out, size_t max);

/*
 * The kernel's counters (struct cs_counters) recomputed from the records of
 * one process, every record (not only the counted window).  When no record
 * was dropped they must equal the kernel's; model_counters_compare() lists
 * the counters that the records can reproduce and that differ.
 */
bool model_derived_counters(const struct cs_model *m, uint32_t tgid,
			    struct cs_counters *out);
/*
 * The kernel's own counters of one process, as a recording's closing
 * CS_EV_COUNTERS record gave them; false when it had none (a recording
 * made before they were written, or cut short).
 */
bool model_recorded_counters(const struct cs_model *m, uint32_t tgid,
			     struct cs_counters *out);
/* True when counter c can be recomputed exactly from records (names:
 * counter_name() in abi/record.h). */
bool model_counter_derivable(enum cs_counter c);
/* Fills diff[] with the derivable counters that differ; returns how many. */
size_t model_counters_compare(const struct cs_counters *derived,
			      const struct cs_counters *kernel,
			      enum cs_counter *diff, size_t max);

#endif /* COPYSCOPE_MODEL_H */
