// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * copyscope.bpf.c - the kernel side of copyscope.
 *
 * Three groups of programs:
 *  - system calls, scheduler and process lifetime (every tier): one record
 *    per system call of a traced thread, written at exit;
 *  - tracepoints that prove a mechanism (socket send path, transmit, receive
 *    copy, page cache, block layer, faults, io_uring, leases, signals);
 *  - copy-path functions (fexit or kprobe tier) that see the copy itself.
 *
 * Cost matters most for processes we do NOT trace: every system call on the
 * machine runs sys_exit (and sys_enter, with trace -T), so the first thing
 * each program does is a bit test in a global bitmap - one helper call
 * (the current task), no map lookup.  bench/overhead.md has the measured
 * costs, and a per-CPU hint that was tried instead of the helper call.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "abi/copyscope.h"
#include "abi/syscalls.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* ---- configuration, set by the loader before load -------------------- */

/* Bit (1 << enum cs_type) set: records of that type go to the ring buffer. */
const volatile __u64 emit_mask = ~0ULL;
/* Children and threads of a traced thread are traced too. */
const volatile bool follow_forks = true;
/* Record every system call, not only those that move data. */
const volatile bool emit_all_syscalls = true;
/* A demo's control channel: system calls on this fd are not counted. */
const volatile __s32 control_fd = -1;
/*
 * The tracing service: many clients' demos, each its own channel, so the
 * fd is looked up per process (ctl_fds) instead.
 */
const volatile bool control_fd_per_process = false;

/* ---- state ------------------------------------------------------------- */

#define CS_PID_WORDS (CS_PID_MAX / 64)

/*
 * The traced set: one bit per thread id.  User space sets the first bits
 * through the mmapped .bss, the fork handler sets the rest.
 */
__u64 traced[CS_PID_WORDS];

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 * 1024 * 1024); /* resized by the loader */
} rb SEC(".maps");

/*
 * Exact per-process counters, updated before any record is reserved.
 * Every system call of a traced thread counts, so finding a process's
 * counters must be cheap: a hash lookup costs about 30 ns here, an array
 * index about 1 ns.  Process tgid owns array slot tgid % CS_MAX_PROCS when
 * it is the first to claim it (owner[] then says so); a process whose slot
 * is taken by another keeps its counters in the spill hash instead.  User
 * space sums both places (a process whose threads raced for the slot may
 * have counted into both).
 */
#define CS_MAX_PROCS 4096

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CS_MAX_PROCS);
	__type(key, __u32); /* tgid % CS_MAX_PROCS */
	__type(value, struct cs_counters);
} counters SEC(".maps");

/* Only processes whose slot another took: few, so a small map. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32); /* tgid */
	__type(value, struct cs_counters);
} counters_spill SEC(".maps");

/* Slot claims: owner[i] is the tgid whose counters are counters[i]. */
__u32 owner[CS_MAX_PROCS];
__u64 claims[CS_MAX_PROCS];

/* Records lost because the ring buffer was full, all processes. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

/*
 * A description of an open file, kept per thread: calls name the same one
 * or two fds over and over, and describing a file takes more helper calls
 * than all the rest of a record.  A memo is used only while the fd still
 * holds the same struct file with the same inode, flags and name: a
 * closed file's struct file is soon reused by the next open, fcntl()
 * changes the flags and rename() the name in place.
 */
#define CS_FD_MEMO 4

struct fd_memo {
	__u64 file;
	__u64 inode;
	__u64 name_hash; /* the dentry's d_name.hash_len */
	__u32 f_flags;
	__s32 fd; /* close() finds its file here: at exit the fd is gone */
	struct cs_file desc;
};

/* Per-thread scratch: entry time, switch-out time, what a send saw. */
struct task_state {
	__u64 enter_ts; /* only with cs_sys_enter (trace -T) */
	__u64 switch_out_ts;
	__u32 enter_nr;
	__u8 send_seen; /* a tcp_sendmsg_locked record was sent this call */
	__u8 send_kind; /* counter that the call's bytes go to */
	/*
	 * The merged records below are being written out (flush_merged), or
	 * the thread has exited and nothing will write them again: a
	 * transmit that runs on this thread's stack meanwhile (softirq work
	 * interrupting the flush, or the socket's last packets after exit)
	 * must not add to them, or its record would be lost while the
	 * counters keep it.  Seen as one xmit skb missing from the records
	 * in about one report run in five, with no drop.
	 */
	__u8 flushing;
	__u8 exited;
	struct fd_memo memo[CS_FD_MEMO]; /* the last descriptions, by fd */
	/*
	 * Records merged over the current system call and written at its
	 * exit (skbs 0: none pending): a 64 KiB call copies two or three
	 * skbs, and fewer records cost the traced thread and the reader
	 * less (bench/overhead.md).
	 */
	struct cs_recv_copy recv;
	struct cs_xmit xmit;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_state);
} task_states SEC(".maps");

/* Sockets a traced process sends on: transmits happen in other contexts. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64); /* struct sock * */
	__type(value, __u64); /* tgid << 32 | pid */
} socks SEC(".maps");

/*
 * Whose zero-copy sends these are (copy tiers only): the skb that the
 * deferred copy (skb_copy_ubufs) undoes has lost its socket by then, and
 * the copy often runs where nothing traced is current; its ubuf_info
 * tells.  Keys are kernel addresses of two kinds, never equal: a struct
 * ubuf_info, and the struct sock that sent it.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 2048);
	__type(key, __u64); /* struct ubuf_info * or struct sock * */
	__type(value, __u64); /* tgid << 32 | pid */
} zc_owners SEC(".maps");

/* Bios a traced thread queued: their requests complete in IRQs. */
struct req_owner {
	__u64 id; /* tgid << 32 | pid */
	__u64 start_ts; /* queued */
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 8192);
	__type(key, __u64); /* struct bio * */
	__type(value, struct req_owner);
} reqs SEC(".maps");

/*
 * Commands copyscope starts: traced from their exec on, so that the
 * launcher's own few system calls between fork and exec are not counted.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32); /* pid */
	__type(value, __u8);
} exec_arm SEC(".maps");

/* With control_fd_per_process: a demo's control channel fd, by its tgid. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32); /* tgid */
	__type(value, __s32); /* fd */
} ctl_fds SEC(".maps");

/* ---- helpers ------------------------------------------------------------ */

static __always_inline bool is_traced(__u32 pid)
{
	return traced[(pid >> 6) & (CS_PID_WORDS - 1)] & (1ULL << (pid & 63));
}

/* The current task's ids when it is traced. */
static __always_inline bool current_traced(__u64 *pt)
{
	*pt = bpf_get_current_pid_tgid();
	return is_traced((__u32)*pt);
}

static __always_inline void set_traced(__u32 pid, bool on)
{
	__u64 bit = 1ULL << (pid & 63);
	__u32 w = (pid >> 6) & (CS_PID_WORDS - 1);

	if (on)
		__sync_fetch_and_or(&traced[w], bit);
	else
		__sync_fetch_and_and(&traced[w], ~bit);
}

static const struct cs_counters zero_counters;

/*
 * Claim slot i for tgid.  Only an atomic add without its result is at hand
 * (BPF CPU v1), so every claimant adds 1 and then looks: the one that saw
 * exactly 1 is the only one that can have, and becomes the owner.
 */
static __always_inline bool claim(__u32 i, __u32 tgid)
{
	if (claims[i])
		return false;
	__sync_fetch_and_add(&claims[i], 1);
	if (claims[i] != 1)
		return false;
	owner[i] = tgid;
	return true;
}

static __always_inline struct cs_counters *get_counters(__u32 tgid)
{
	__u32 i = tgid & (CS_MAX_PROCS - 1);
	struct cs_counters *c;

	if ((owner[i] == tgid && tgid) || claim(i, tgid))
		return bpf_map_lookup_elem(&counters, &i);
	c = bpf_map_lookup_elem(&counters_spill, &tgid);
	if (c)
		return c;
	bpf_map_update_elem(&counters_spill, &tgid, &zero_counters,
			    BPF_NOEXIST);
	return bpf_map_lookup_elem(&counters_spill, &tgid);
}

static __always_inline void count(struct cs_counters *c, __u32 idx, __u64 n)
{
	if (c)
		__sync_fetch_and_add(&c->v[idx & (CS_C_SLOTS - 1)], n);
}

static __always_inline struct task_state *task_state(struct task_struct *t)
{
	return bpf_task_storage_get(&task_states, t, 0,
				    BPF_LOCAL_STORAGE_GET_F_CREATE);
}

/* A record's header; ts 0: now. */
static __always_inline void hdr_fill(struct cs_hdr *h, __u16 type, __u16 size,
				     __u64 id, __u64 ts)
{
	h->ts = ts ? ts : bpf_ktime_get_ns();
	h->type = type;
	h->size = size;
	h->cpu = bpf_get_smp_processor_id();
	h->flags = 0;
	h->pid = (__u32)id;
	h->tgid = id >> 32;
}

/*
 * Reserve a record of a fixed size; count a drop when the buffer is full.
 * ts: the record's time when the caller has read the clock already, or 0.
 */
static __always_inline void *reserve_at(__u16 type, __u16 size, __u64 id,
					struct cs_counters *c, __u64 ts)
{
	struct cs_hdr *h;
	__u32 zero = 0;
	__u64 *d;

	if (!(emit_mask & (1ULL << type)))
		return NULL;
	h = bpf_ringbuf_reserve(&rb, size, 0);
	if (!h) {
		d = bpf_map_lookup_elem(&drops, &zero);
		if (d)
			*d += 1;
		count(c, CS_C_DROPS, 1);
		return NULL;
	}
	hdr_fill(h, type, size, id, ts);
	count(c, CS_C_RECORDS, 1);
	return h;
}

static __always_inline void *reserve(__u16 type, __u16 size, __u64 id,
				     struct cs_counters *c)
{
	return reserve_at(type, size, id, c, 0);
}

/* A task's comm: 16 bytes in every kernel, NUL-padded; direct loads. */
static __always_inline void copy_comm(char *dst, struct task_struct *t)
{
	__builtin_memcpy(dst, t->comm, CS_COMM_LEN);
}

/* Records are committed without waking the reader: it polls on a timer. */
static __always_inline void submit(void *rec)
{
	bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
}

/* Write a record kept in task state: its header as kept, then the rest. */
static __always_inline void emit_kept(struct cs_hdr *kept, __u16 type,
				      __u16 size, struct cs_counters *c)
{
	struct cs_hdr *r;

	r = reserve_at(type, size, (__u64)kept->tgid << 32 | kept->pid, c,
		       kept->ts);
	if (!r)
		return;
	__builtin_memcpy((void *)r + sizeof(*r), (void *)kept + sizeof(*r),
			 size - sizeof(*r));
	submit(r);
}

/* The records a system call merged (task_state recv, xmit): out now. */
static __always_inline void flush_merged(struct task_state *ts,
					 struct cs_counters *c)
{
	/* a softirq on this CPU may run cs_xmit between any two lines */
	ts->flushing = 1;
	barrier();
	if (ts->recv.skbs) {
		emit_kept(&ts->recv.h, CS_EV_RECV_COPY, sizeof(ts->recv), c);
		ts->recv.skbs = 0;
	}
	if (ts->xmit.skbs) {
		emit_kept(&ts->xmit.h, CS_EV_XMIT, sizeof(ts->xmit), c);
		ts->xmit.skbs = 0;
	}
	barrier();
	ts->flushing = 0;
}

/* Before 6.3 splice reads went through an iterator of pipe buffers. */
enum iter_type___v61 {
	ITER_PIPE = 3,
};

static __always_inline __u8 iter_kind(__u8 t)
{
	if (bpf_core_enum_value_exists(enum iter_type___v61, ITER_PIPE) &&
	    t == bpf_core_enum_value(enum iter_type___v61, ITER_PIPE))
		return CS_ITER_PIPE;
	if (bpf_core_enum_value_exists(enum iter_type, ITER_UBUF) &&
	    t == bpf_core_enum_value(enum iter_type, ITER_UBUF))
		return CS_ITER_UBUF;
	if (t == bpf_core_enum_value(enum iter_type, ITER_IOVEC))
		return CS_ITER_IOVEC;
	if (t == bpf_core_enum_value(enum iter_type, ITER_KVEC))
		return CS_ITER_KVEC;
	if (t == bpf_core_enum_value(enum iter_type, ITER_BVEC))
		return CS_ITER_BVEC;
	if (t == bpf_core_enum_value(enum iter_type, ITER_XARRAY))
		return CS_ITER_XARRAY;
	if (t == bpf_core_enum_value(enum iter_type, ITER_DISCARD))
		return CS_ITER_DISCARD;
	return CS_ITER_UNKNOWN;
}

#define PF_IO_WORKER_ 0x10 /* include/linux/sched.h */
#define S_IFMT 00170000
#define S_IFSOCK 0140000
#define S_IFREG 0100000
#define S_IFBLK 0060000
#define S_IFDIR 0040000
#define S_IFCHR 0020000
#define S_IFIFO 0010000
#define O_APPEND_ 00002000
#define O_NONBLOCK_ 00004000
#define O_DIRECT_ 00040000
#define AF_UNIX_ 1
#define AF_INET6_ 10
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17

/*
 * Describing the file behind an fd, cheaply.  Every record of a data call
 * describes one or two files, and a bpf_probe_read_kernel() costs about
 * 25 ns here, a direct load through a BTF pointer about 1 ns.  So:
 *  - where the kernel has the bpf_rdonly_cast() kfunc (6.2 and later) the
 *    fd table's slot is cast to a BTF object, and every field, up to the
 *    file's name, is a direct load (the verifier allows no variable index
 *    into a BTF object, hence the cast of the slot's address);
 *  - elsewhere the fields are read with a few helper calls, each copying
 *    the first bytes of struct file or struct inode at once;
 *  - a per-thread memo (struct fd_memo) keeps the last descriptions: the
 *    name string, the one field that always costs a helper call, is read
 *    again only when the fd holds another file or the name changed.
 */
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym __weak;

/* Set by the loader when the kernel has bpf_rdonly_cast(). */
const volatile bool have_rdonly_cast = false;

/* Set by the loader when a copy tier watches skb_copy_ubufs: zc_owners. */
const volatile bool watch_zc_owners = false;

/*
 * Whether a regular file's file system sits on a block device: its type
 * says so (FS_REQUIRES_DEV, a stable kernel constant).  tmpfs, overlayfs
 * and network file systems need none, ext4, xfs and btrfs do; a device
 * number of major 0 cannot tell btrfs from tmpfs.
 */
#define FS_REQUIRES_DEV_ 1

static __always_inline __u16 fs_disk_flag(int fs_flags)
{
	return fs_flags & FS_REQUIRES_DEV_ ? CS_FF_FS_DISK : CS_FF_FS_NODISK;
}

/* Kind and flags of a file from its mode, f_flags and socket. */
static __always_inline void describe_kind(struct cs_file *out, __u32 mode,
					  __u32 fl, struct socket *sock)
{
	__u16 ff = 0;

	if (fl & O_DIRECT_)
		ff |= CS_FF_DIRECT;
	if (fl & O_APPEND_)
		ff |= CS_FF_APPEND;
	if (fl & O_NONBLOCK_)
		ff |= CS_FF_NONBLOCK;
	switch (mode) {
	case S_IFREG:
		out->kind = CS_FD_FILE;
		break;
	case S_IFSOCK: {
		struct sock *sk = BPF_CORE_READ(sock, sk);
		__u16 proto = BPF_CORE_READ(sk, sk_protocol);
		__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);

		out->kind = CS_FD_SOCKET;
		if (family == AF_UNIX_)
			ff |= CS_FF_UNIX;
		else if (proto == IPPROTO_TCP_)
			ff |= CS_FF_TCP;
		else if (proto == IPPROTO_UDP_)
			ff |= CS_FF_UDP;
		if (family == AF_INET6_)
			ff |= CS_FF_INET6;
		break;
	}
	case S_IFIFO:
		out->kind = CS_FD_PIPE;
		break;
	case S_IFCHR:
		out->kind = CS_FD_CHR;
		break;
	case S_IFBLK:
		out->kind = CS_FD_BLK;
		break;
	case S_IFDIR:
		out->kind = CS_FD_DIR;
		break;
	default:
		out->kind = mode ? CS_FD_OTHER : CS_FD_ANON;
	}
	out->fflags = ff;
}

/* fd's memo slot (NULL without task state); *hit: it holds this file. */
static __always_inline struct fd_memo *
memo_find(struct task_state *ts, int fd, __u64 file, __u64 inode, __u32 fl,
	  __u64 name_hash, bool *hit)
{
	struct fd_memo *m;

	*hit = false;
	if (!ts)
		return NULL;
	m = &ts->memo[fd & (CS_FD_MEMO - 1)];
	*hit = m->file == file && m->inode == inode && m->f_flags == fl &&
	       m->name_hash == name_hash;
	return m;
}

static __always_inline void memo_keep(struct fd_memo *m, int fd, __u64 file,
				      __u64 inode, __u32 fl, __u64 name_hash,
				      const struct cs_file *desc)
{
	if (!m)
		return;
	m->fd = fd;
	m->file = file;
	m->inode = inode;
	m->f_flags = fl;
	m->name_hash = name_hash;
	__builtin_memcpy(&m->desc, desc, sizeof(m->desc));
}

/* f is a BTF pointer (bpf_rdonly_cast): direct loads. */
static __always_inline void describe_direct(struct task_state *ts, int fd,
					    struct file *f, struct cs_file *out)
{
	struct inode *inode = f->f_inode;
	struct dentry *dentry = f->f_path.dentry;
	__u64 name_hash = dentry->d_name.hash_len;
	__u32 fl = f->f_flags;
	struct fd_memo *m;
	bool hit;

	m = memo_find(ts, fd, (__u64)f, (__u64)inode, fl, name_hash, &hit);
	if (hit) {
		__builtin_memcpy(out, &m->desc, sizeof(*out));
		return;
	}
	out->ino = inode->i_ino;
	out->dev = inode->i_sb->s_dev;
	describe_kind(out, inode->i_mode & S_IFMT, fl, f->private_data);
	if (out->kind == CS_FD_FILE)
		out->fflags |= fs_disk_flag(inode->i_sb->s_type->fs_flags);
	bpf_probe_read_kernel_str(out->name, sizeof(out->name),
				  dentry->d_name.name);
	memo_keep(m, fd, (__u64)f, (__u64)inode, fl, name_hash, out);
}

/*
 * Most fields the slow way needs lie in the first bytes of struct file
 * and struct inode: each is copied with one helper call instead of one
 * call per field.  Offsets come from CO-RE; a field that lies beyond the
 * copy on some kernel is read on its own, so the result is the same.
 */
#define CS_WIN 96

#define win_field(win, src, type, field)                                      \
	({                                                                    \
		__u32 __off = bpf_core_field_offset(type, field);             \
		__u32 __sz = sizeof(((type *)0)->field);                      \
		void *__p = (void *)(win) + __off;                            \
		__u64 __v = 0;                                                \
		if (__off + __sz > CS_WIN)                                    \
			bpf_probe_read_kernel(&__v, __sz,                     \
					      (void *)(src) + __off);         \
		else if (__sz == 8)                                           \
			__v = *(__u64 *)__p;                                  \
		else if (__sz == 4)                                           \
			__v = *(__u32 *)__p;                                  \
		else if (__sz == 2)                                           \
			__v = *(__u16 *)__p;                                  \
		else                                                          \
			__v = *(__u8 *)__p;                                   \
		(typeof(((type *)0)->field))__v;                              \
	})

/* f is a plain address (no bpf_rdonly_cast): helper reads. */
static __always_inline void describe_read(struct task_state *ts, int fd,
					  struct file *f, struct cs_file *out)
{
	__u64 fwin[CS_WIN / 8], iwin[CS_WIN / 8];
	struct inode *inode;
	struct dentry *dentry;
	struct super_block *sb = NULL;
	struct fd_memo *m;
	__u32 fl, mode = 0;
	struct qstr q;
	bool hit;

	if (bpf_probe_read_kernel(fwin, sizeof(fwin), f))
		return;
	inode = win_field(fwin, f, struct file, f_inode);
	fl = win_field(fwin, f, struct file, f_flags);
	dentry = win_field(fwin, f, struct file, f_path.dentry);
	if (bpf_probe_read_kernel(&q, sizeof(q),
				  (void *)dentry +
					  bpf_core_field_offset(struct dentry, d_name)))
		return;
	m = memo_find(ts, fd, (__u64)f, (__u64)inode, fl, q.hash_len, &hit);
	if (hit) {
		__builtin_memcpy(out, &m->desc, sizeof(*out));
		return;
	}
	if (inode && !bpf_probe_read_kernel(iwin, sizeof(iwin), inode)) {
		mode = win_field(iwin, inode, struct inode, i_mode) & S_IFMT;
		out->ino = win_field(iwin, inode, struct inode, i_ino);
		sb = win_field(iwin, inode, struct inode, i_sb);
		out->dev = BPF_CORE_READ(sb, s_dev);
	}
	describe_kind(out, mode, fl,
		      win_field(fwin, f, struct file, private_data));
	if (out->kind == CS_FD_FILE && sb)
		out->fflags |= fs_disk_flag(BPF_CORE_READ(sb, s_type, fs_flags));
	bpf_probe_read_kernel_str(out->name, sizeof(out->name), q.name);
	memo_keep(m, fd, (__u64)f, (__u64)inode, fl, q.hash_len, out);
}

/*
 * Describe the file behind fd into out (zeroed by the caller).  t comes
 * from bpf_get_current_task_btf(): the walk to the fd table is direct.
 */
static __always_inline void describe_fd(struct task_struct *t,
					struct task_state *ts, int fd,
					struct cs_file *out)
{
	struct fdtable *fdt = t->files->fdt;
	struct file **arr;
	struct file *f = NULL;

	if (fd < 0 || !fdt || (unsigned int)fd >= fdt->max_fds)
		return;
	arr = fdt->fd;
	/*
	 * struct kiocb begins with a struct file pointer (ki_filp): cast to
	 * it, the slot &arr[fd] reads as a BTF pointer to the file.
	 */
	if (have_rdonly_cast &&
	    bpf_core_field_offset(struct kiocb, ki_filp) == 0) {
		struct kiocb *slot = bpf_rdonly_cast(
			&arr[fd], bpf_core_type_id_kernel(struct kiocb));

		f = slot->ki_filp;
		if (f)
			describe_direct(ts, fd, f, out);
		return;
	}
	bpf_probe_read_kernel(&f, sizeof(f), &arr[fd]);
	if (f)
		describe_read(ts, fd, f, out);
}

/*
 * close(): at exit the fd has left the table (its struct file lives on
 * until the return to user space, but nothing leads to it).  The memo
 * still knows the file when the thread used or opened the fd lately; the
 * slot is freed, as the fd is.
 */
static __always_inline void describe_closed(struct task_state *ts, int fd,
					    struct cs_file *out)
{
	struct fd_memo *m;

	if (!ts || fd < 0)
		return;
	m = &ts->memo[fd & (CS_FD_MEMO - 1)];
	if (m->fd != fd || !m->file)
		return;
	__builtin_memcpy(out, &m->desc, sizeof(*out));
	m->file = 0;
}

/* ---- system calls -------------------------------------------------------- */

/* Which calls to record, their descriptors and counter (abi/syscalls.h). */
/*
 * A power of two of rows (the ones past the table's last call are zero:
 * SCC_OTHER), so that the index can be masked: 6.1's verifier loses the
 * bounds check when the compiler reloads the index from the stack.
 */
#define SC_ROWS 1024
static const struct cs_sc_info sc_info[SC_ROWS] = { CS_SYSCALLS(CS_SC_INFO) };

/* Returns false for calls that have nothing to do with data. */
static __always_inline bool classify(__u32 nr, struct cs_sc_info *si)
{
	__u32 i = nr;

	if (nr >= SC_ROWS)
		return false;
	/* the compiler would drop the mask it can prove useless */
	barrier_var(i);
	*si = sc_info[i & (SC_ROWS - 1)];
	return si->cls != SCC_OTHER;
}

/* regs is a BTF argument of the tracepoint: plain loads, no helper. */
static __always_inline __u64 reg_arg(struct pt_regs *regs, int i)
{
	switch (i) {
	case 0:
		return regs->di;
	case 1:
		return regs->si;
	case 2:
		return regs->dx;
	case 3:
		return regs->r10;
	case 4:
		return regs->r8;
	case 5:
		return regs->r9;
	}
	return 0;
}

static __always_inline bool on_control_fd(__u32 tgid, __u32 nr, __u64 arg0)
{
	__s32 fd = control_fd, *v;

	if (control_fd < 0 && !control_fd_per_process)
		return false;
	switch (nr) {
	case NR_read:
	case NR_write:
	case NR_sendto:
	case NR_recvfrom:
	case NR_sendmsg:
	case NR_recvmsg:
		break;
	default:
		return false;
	}
	/* only for the calls that can be on the channel: a lookup costs */
	if (control_fd_per_process) {
		v = bpf_map_lookup_elem(&ctl_fds, &tgid);
		fd = v ? *v : -1;
	}
	return fd >= 0 && (__s32)arg0 == fd;
}

/*
 * Everything a call on the control channel causes (the receive copy of
 * "go", the switch while the demo waits for it) is copyscope talking to
 * the demo, not the lesson: the programs below skip it.  The call in
 * progress is read from the task's saved user registers, so no entry
 * program is needed: orig_ax holds the system call number, and -1 when
 * the task entered the kernel by an interrupt or exception.  io-wq
 * workers never came from user space (their registers are zeroed).
 */
static __always_inline bool talking_to_us(struct task_struct *t)
{
	struct pt_regs *regs;

	if ((control_fd < 0 && !control_fd_per_process) ||
	    (t->flags & PF_IO_WORKER_))
		return false;
	regs = (struct pt_regs *)bpf_task_pt_regs(t);
	return regs && on_control_fd(t->tgid, regs->orig_ax, regs->di);
}

/*
 * Entry: only the entry time, for the duration of each call (trace -T).
 * Everything else is read at exit, so without -T the loader leaves this
 * program out and every process on the machine runs one program per
 * system call instead of two (bench/overhead.md).
 */
SEC("tp_btf/sys_enter")
int BPF_PROG(cs_sys_enter, struct pt_regs *regs, long id)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct task_state *ts;

	if (!is_traced(t->pid))
		return 0;
	ts = task_state(t);
	if (!ts)
		return 0;
	ts->enter_ts = bpf_ktime_get_ns();
	ts->enter_nr = id;
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(cs_sys_exit, struct pt_regs *regs, long ret)
{
	struct task_struct *t;
	struct task_state *ts;
	struct cs_counters *c;
	struct cs_syscall *r;
	struct cs_sc_info si;
	__s32 fd0 = -1, fd1 = -1;
	__u32 nr, pid;
	bool io;
	int i;

	t = bpf_get_current_task_btf();
	pid = t->pid;
	if (!is_traced(pid))
		return 0;
	nr = regs->orig_ax;
	ts = task_state(t);
	c = get_counters(t->tgid);
	if (!c)
		return 0;
	/* before the call's own record, as they happened before its exit */
	if (ts)
		flush_merged(ts, c);
	/* The demo talks to copyscope on this fd: that is not the lesson. */
	if (on_control_fd(t->tgid, nr, regs->di))
		return 0;
	io = classify(nr, &si);
	/*
	 * The descriptors the call names, as plain scalars now: a byte of
	 * the table row picked out at the record's end, after many helper
	 * calls, was spilled where 6.1's verifier saw a task pointer.
	 */
	if (io && nr != NR_close) {
		if (si.fd0 == CS_FDARG_RET)
			fd0 = ret >= 0 ? ret : -1;
		else if (si.fd0 >= 0)
			fd0 = reg_arg(regs, si.fd0);
		if (si.fd1 >= 0)
			fd1 = reg_arg(regs, si.fd1);
	}
	count(c, CS_C_SYSCALLS, 1);
	/* entry counted here with the exit: an exact pair per system call */
	count(c, CS_C_MODE_SWITCHES, 2);
	if (io && si.counter >= 0) {
		count(c, CS_C_IO_SYSCALLS, 1);
		if (ret > 0) {
			if (!syscall_is_errqueue(nr, regs->dx))
				count(c, si.counter, ret);
			if (ts && ts->send_kind)
				count(c, ts->send_kind, ret);
		}
	} else if (io && nr == NR_mmap && ret > 0 &&
		   (__s64)regs->r8 >= 0) {
		count(c, CS_C_BYTES_MMAPPED, regs->si);
	}
	/* the call is over */
	if (ts) {
		ts->send_kind = 0;
		ts->send_seen = 0;
	}
	if (!io && !emit_all_syscalls)
		return 0;

	r = reserve(CS_EV_SYSCALL, sizeof(*r), (__u64)t->tgid << 32 | pid, c);
	if (!r)
		return 0;
	/* without cs_sys_enter (no -T) enter_ts stays 0: not measured */
	r->enter_ts = ts && ts->enter_nr == nr ? ts->enter_ts : 0;
	r->ret = ret;
	r->nr = nr;
	r->pad = 0;
	for (i = 0; i < 6; i++)
		r->arg[i] = reg_arg(regs, i);
	__builtin_memset(r->file, 0, sizeof(r->file));
	r->fd[0] = -1;
	r->fd[1] = -1;
	if (io) {
		if (nr == NR_close) {
			r->fd[0] = r->arg[0];
			describe_closed(ts, r->fd[0], &r->file[0]);
		} else {
			r->fd[0] = fd0;
			r->fd[1] = fd1;
			if (r->fd[0] >= 0)
				describe_fd(t, ts, r->fd[0], &r->file[0]);
			if (r->fd[1] >= 0)
				describe_fd(t, ts, r->fd[1], &r->file[1]);
		}
	}
	submit(r);
	return 0;
}

/* ---- scheduler and process lifetime ------------------------------------ */

SEC("tp_btf/sched_switch")
int BPF_PROG(cs_sched_switch, bool preempt, struct task_struct *prev,
	     struct task_struct *next, unsigned int prev_state)
{
	__u32 ppid = prev->pid, npid = next->pid;
	struct task_state *ts;
	struct cs_counters *c;
	struct cs_switch *r;
	__u64 now = 0, off = 0;
	bool invol;

	if (is_traced(ppid) && !talking_to_us(prev)) {
		now = bpf_ktime_get_ns();
		/* still runnable when it lost the CPU: it was preempted */
		invol = preempt || prev_state == 0;
		c = get_counters(prev->tgid);
		count(c, invol ? CS_C_CSW_INVOLUNTARY : CS_C_CSW_VOLUNTARY, 1);
		ts = task_state(prev);
		if (ts)
			ts->switch_out_ts = now;
		r = reserve_at(CS_EV_SWITCH, sizeof(*r),
			       (__u64)prev->tgid << 32 | ppid, c, now);
		if (r) {
			r->off_ns = 0;
			r->other_pid = npid;
			r->dir = CS_SWITCH_OUT;
			r->involuntary = invol;
			r->pad = 0;
			r->prev_state = prev_state;
			r->pad2 = 0;
			copy_comm(r->other_comm, next);
			submit(r);
		}
	}
	/*
	 * io_uring's io-wq workers are created without a fork event: adopt
	 * one the first time it runs, when its process is traced.
	 */
	if ((next->flags & PF_IO_WORKER_) && !is_traced(npid) &&
	    is_traced(next->tgid))
		set_traced(npid, true);
	if (is_traced(npid) && !talking_to_us(next)) {
		/* one clock read serves both halves of a switch */
		if (!now)
			now = bpf_ktime_get_ns();
		c = get_counters(next->tgid);
		ts = task_state(next);
		if (ts && ts->switch_out_ts && now > ts->switch_out_ts) {
			off = now - ts->switch_out_ts;
			count(c, CS_C_OFF_CPU_NS, off);
			ts->switch_out_ts = 0;
		}
		r = reserve_at(CS_EV_SWITCH, sizeof(*r),
			       (__u64)next->tgid << 32 | npid, c, now);
		if (r) {
			r->off_ns = off;
			r->other_pid = ppid;
			r->dir = CS_SWITCH_IN;
			r->involuntary = 0;
			r->pad = 0;
			r->prev_state = 0;
			r->pad2 = 0;
			copy_comm(r->other_comm, prev);
			submit(r);
		}
	}
	return 0;
}

static __always_inline void proc_record(__u16 type, struct task_struct *t,
					struct cs_counters *c, __u32 cpid,
					__u32 ctgid, __s32 code)
{
	struct cs_proc *r;

	r = reserve(type, sizeof(*r), (__u64)t->tgid << 32 | t->pid, c);
	if (!r)
		return;
	r->child_pid = cpid;
	r->child_tgid = ctgid;
	r->exit_code = code;
	r->is_thread = cpid && ctgid == t->tgid;
	copy_comm(r->comm, t);
	r->path[0] = 0;
	submit(r);
}

#include "select.bpf.h"

SEC("tp_btf/sched_process_fork")
int BPF_PROG(cs_fork, struct task_struct *parent, struct task_struct *child)
{
	struct cs_counters *c;

	if (!(follow_forks && is_traced(parent->pid)) &&
	    !((match_comms || match_cgroup) && chosen(child)))
		return 0;
	set_traced(child->pid, true);
	c = get_counters(parent->tgid);
	/* a new process starts with its own counters */
	if (child->tgid != parent->tgid)
		get_counters(child->tgid);
	proc_record(CS_EV_FORK, parent, c, child->pid, child->tgid, 0);
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(cs_exec, struct task_struct *p, pid_t old_pid,
	     struct linux_binprm *bprm)
{
	struct cs_counters *c;
	struct cs_proc *r;
	__u32 pid = p->pid;
	const char *fn;

	if (!is_traced(pid)) {
		if (bpf_map_lookup_elem(&exec_arm, &pid))
			bpf_map_delete_elem(&exec_arm, &pid);
		else if (!((match_comms || match_cgroup) && chosen(p)))
			return 0;
		set_traced(pid, true);
	}
	c = get_counters(p->tgid);
	r = reserve(CS_EV_EXEC, sizeof(*r), (__u64)p->tgid << 32 | p->pid, c);
	if (!r)
		return 0;
	r->child_pid = 0;
	r->child_tgid = 0;
	r->exit_code = 0;
	r->is_thread = 0;
	copy_comm(r->comm, p);
	fn = BPF_CORE_READ(bprm, filename);
	bpf_probe_read_kernel_str(r->path, sizeof(r->path), fn);
	submit(r);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(cs_exit, struct task_struct *p)
{
	struct task_state *ts;
	struct cs_counters *c;
	__u32 pid = p->pid;

	if (!is_traced(pid))
		return 0;
	c = get_counters(p->tgid);
	/* what its last call merged, had it no exit (exit() has none) */
	ts = task_state(p);
	if (ts) {
		/* nothing merged from now on: no exit of a call would write it */
		ts->exited = 1;
		barrier();
		if (c)
			flush_merged(ts, c);
	}
	proc_record(CS_EV_EXIT, p, c, 0, 0, p->exit_code);
	set_traced(pid, false);
	return 0;
}

#include "evidence.bpf.h"
#include "copypath.bpf.h"
