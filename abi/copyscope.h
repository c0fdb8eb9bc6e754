/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * copyscope.h - the one header shared by the BPF programs and user space.
 *
 * Every record in the ring buffer starts with struct cs_hdr (timestamp
 * first).  Types are fixed width so that the same bytes mean the same thing
 * on both sides and in recordings written on one machine and replayed on
 * another.  Bump CS_ABI_VERSION whenever a layout below changes.
 */
#ifndef COPYSCOPE_H
#define COPYSCOPE_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define CS_ABI_VERSION 1

#define CS_NAME_LEN 16 /* short file name, like the kernel's comm */
#define CS_COMM_LEN 16
#define CS_PATH_LEN 64 /* exec file name, truncated at the front */

/* The traced set is a bitmap indexed by thread id: PID_MAX_LIMIT bits. */
#define CS_PID_MAX (4 * 1024 * 1024)
enum cs_type {
	CS_EV_SYSCALL = 1, /* one record per system call, written at exit */
	CS_EV_SWITCH = 2, /* scheduler switched a traced thread out or in */
	CS_EV_FORK = 3, /* a traced thread created a process or thread */
	CS_EV_EXEC = 4,
	CS_EV_EXIT = 5,
	CS_EV_TCP_SEND = 6, /* tcp_sendmsg_locked: where the data comes from */
	CS_EV_XMIT = 7, /* an skb of a traced socket reached a device */
	CS_EV_RECV_COPY = 8, /* skb_copy_datagram_iovec: skb -> user copy */
	CS_EV_CACHE_ADD = 9, /* a folio was added to the page cache */
	CS_EV_BLOCK = 10, /* a block request completed (disk DMA) */
	CS_EV_FAULT = 11, /* page fault, user or kernel mode */
	CS_EV_URING = 12, /* io_uring submit / complete / punt to io-wq */
	CS_EV_LEASE = 13, /* file lease added / broken / removed */
	CS_EV_SIGNAL = 14, /* a signal generated for a traced thread */
	CS_EV_COPY = 15, /* a copy-path function returned (fentry/kprobe) */
	CS_EV_CACHE_WRITE = 16, /* buffered write into the page cache begins */
	CS_EV_KERNEL_MAX,
	/* Records made by user space (recordings, control channel). */
	CS_EV_PHASE = 64, /* a demo entered a phase (setup/transfer/done) */
	CS_EV_STEP = 65, /* a demo announced its next system call */
	CS_EV_COUNTERS = 66, /* a recording's last words: kernel counters */
	CS_EV_NAME = 67, /* a process already running when tracing began:
			    its name and program from /proc (cs_proc) */
	CS_EV_ENDPOINT = 68, /* the full name of a file or socket a system
				call named, from /proc (cs_endpoint) */
	CS_EV_TYPE_MAX,
};

struct cs_hdr {
	__u64 ts; /* CLOCK_MONOTONIC nanoseconds (bpf_ktime_get_ns) */
	__u16 type; /* enum cs_type */
	__u16 size; /* bytes in the whole record, header included */
	__u16 cpu;
	__u16 flags; /* CS_HF_* */
	__u32 pid; /* thread id (global pid namespace) */
	__u32 tgid; /* process id */
};

#define CS_HF_IO_WORKER 0x1 /* current thread is an io_uring io-wq worker */
#define CS_HF_KTHREAD 0x2

/* What an fd refers to. */
enum cs_fd_kind {
	CS_FD_NONE = 0, /* no fd argument, or the fd was not open */
	CS_FD_FILE = 1, /* regular file */
	CS_FD_SOCKET = 2,
	CS_FD_PIPE = 3,
	CS_FD_CHR = 4, /* character device (/dev/zero, a tty) */
	CS_FD_BLK = 5,
	CS_FD_DIR = 6,
	CS_FD_ANON = 7, /* anon inode: eventfd, io_uring, epoll, ... */
	CS_FD_OTHER = 8,
};

#define CS_FF_DIRECT 0x1 /* opened with O_DIRECT */
#define CS_FF_APPEND 0x2
#define CS_FF_NONBLOCK 0x4
#define CS_FF_TCP 0x8 /* socket: TCP */
#define CS_FF_UDP 0x10
#define CS_FF_UNIX 0x20
#define CS_FF_INET6 0x40
/* A regular file: its file system type needs a block device (ext4, xfs,
 * btrfs: FS_REQUIRES_DEV), or needs none (tmpfs, overlayfs, NFS, 9p): the
 * evidence for "is there a disk under it".  Neither: not known (a
 * recording made before these were written). */
#define CS_FF_FS_DISK 0x80
#define CS_FF_FS_NODISK 0x100

struct cs_file {
	__u64 ino;
	__u32 dev; /* superblock device, kernel encoding (MAJOR<<20|MINOR) */
	__u8 kind; /* enum cs_fd_kind */
	__u8 pad;
	__u16 fflags; /* CS_FF_* */
	char name[CS_NAME_LEN]; /* last path component, truncated */
};

/*
 * One system call of a traced thread.  h.ts is the exit time, enter_ts the
 * entry time (trace -T only; 0 when not measured).  arg[] are the raw arguments; fd[] the file descriptor
 * arguments that file[] describes (-1 when unused).  For openat and
 * accept-like calls fd[0] is the returned descriptor.
 */
struct cs_syscall {
	struct cs_hdr h;
	__u64 enter_ts;
	__s64 ret;
	__u64 arg[6];
	__u32 nr; /* x86_64 system call number */
	__s32 fd[2];
	__u32 pad;
	struct cs_file file[2];
};

#define CS_SWITCH_OUT 1
#define CS_SWITCH_IN 2

struct cs_switch {
	struct cs_hdr h; /* pid/tgid: the traced thread */
	__u64 off_ns; /* switch-in: time spent off the CPU (0 if unknown) */
	__u32 other_pid; /* the thread that took or gave the CPU */
	__u8 dir; /* CS_SWITCH_OUT or CS_SWITCH_IN */
	__u8 involuntary; /* preempted, or still runnable when switched out */
	__u16 pad;
	__u32 prev_state;
	__u32 pad2;
	char other_comm[CS_COMM_LEN];
};

/* Fork, exec and exit share one layout. */
struct cs_proc {
	struct cs_hdr h; /* fork: the parent; exec/exit: the thread itself */
	__u32 child_pid; /* fork only */
	__u32 child_tgid;
	__s32 exit_code; /* exit only: exit_code as the kernel keeps it */
	__u32 is_thread; /* fork: the child shares the parent's tgid */
	char comm[CS_COMM_LEN];
	char path[CS_PATH_LEN]; /* exec: the file name, tail kept */
};

/* Iterator types, stable across kernels (CO-RE maps the kernel's enum). */
enum cs_iter {
	CS_ITER_UNKNOWN = 0,
	CS_ITER_UBUF = 1, /* one user buffer */
	CS_ITER_IOVEC = 2, /* several user buffers */
	CS_ITER_KVEC = 3,
	CS_ITER_BVEC = 4, /* pages (page cache, pipe buffers) */
	CS_ITER_XARRAY = 5,
	CS_ITER_FOLIOQ = 6,
	CS_ITER_DISCARD = 7,
	CS_ITER_PIPE = 8,
};

/* msghdr flags we report (same values as the kernel's MSG_*). */
#define CS_MSG_ERRQUEUE 0x2000 /* recvmsg: read the error queue */
#define CS_MSG_ZEROCOPY 0x4000000
#define CS_MSG_SPLICE_PAGES 0x8000000

struct cs_tcp_send {
	struct cs_hdr h;
	__u64 sk; /* socket address: ties later transmits to this sender */
	__u32 size; /* bytes the caller asked to send (msg_data_left) */
	__u32 msg_flags;
	__u8 iter; /* enum cs_iter */
	__u8 route_sg; /* the route can gather (NETIF_F_SG) */
	__u16 sport;
	__u16 dport;
	__u16 pad;
};

/* skb_shinfo(skb)->flags values that tell how the payload got there. */
#define CS_SKBFL_ZEROCOPY_ENABLE 0x1
#define CS_SKBFL_SHARED_FRAG 0x2 /* page-cache pages by reference */
#define CS_SKBFL_PURE_ZEROCOPY 0x4
#define CS_SKBFL_DONT_ORPHAN 0x8

/*
 * Transmitted TCP skbs of one socket.  The skbs a system call of the
 * socket's owner sends in its own context, alike in every field below but
 * their sizes, make one record at the call's exit (h.ts: the first one);
 * any other transmit (softirq elsewhere, another thread) is a record of
 * its own.  skbs == 0 (recordings of ABI 1 before the merge): one.
 */
struct cs_xmit {
	struct cs_hdr h; /* pid/tgid: owner of the socket, not current */
	__u64 sk;
	__u32 len; /* TCP payload bytes (skb->len less the headers), all skbs */
	__u32 data_len; /* bytes held in page fragments, all skbs */
	__u8 shinfo_flags; /* CS_SKBFL_* */
	__u8 nr_frags; /* of the first skb */
	__u8 virtual_dev; /* no bus device behind it (lo, veth): no DMA */
	__u8 skbs; /* how many skbs this record stands for */
	__u32 ifindex;
	char dev[CS_NAME_LEN];
};

/*
 * The receive copies of one system call (skb by skb into the user's
 * buffer), one record at its exit; h.ts: the first copy.  skbs == 0
 * (recordings of ABI 1 before the merge): one.
 */
struct cs_recv_copy {
	struct cs_hdr h;
	__u32 len; /* bytes, all skbs */
	__u32 skbs;
};

struct cs_cache_add {
	struct cs_hdr h;
	__u64 ino;
	__u64 index; /* page index in the file */
	__u32 dev;
	__u32 pages; /* pages in the folio */
};

#define CS_BLK_READ 0
#define CS_BLK_WRITE 1
#define CS_BLK_OTHER 2

struct cs_block {
	struct cs_hdr h; /* pid/tgid: the thread that submitted the request */
	__u64 sector;
	__u64 latency_ns; /* submit -> completion */
	__u32 bytes; /* completed this time */
	__u32 dev; /* disk device number */
	__u8 op; /* CS_BLK_* */
	__u8 error;
	__u16 pad;
	__u32 pad2;
};

struct cs_fault {
	struct cs_hdr h;
	__u64 address;
	__u32 error_code; /* x86: bit 1 write, bit 2 user */
	__u8 kernel; /* fault taken in kernel mode (inside a copy) */
	__u8 pad[3];
};

#define CS_URING_SUBMIT 1
#define CS_URING_COMPLETE 2
#define CS_URING_ASYNC 3 /* punted to an io-wq worker */

struct cs_uring {
	struct cs_hdr h;
	__u64 user_data;
	__s32 res; /* complete: the CQE result */
	__u32 cflags;
	__u8 what; /* CS_URING_* */
	__u8 opcode; /* IORING_OP_*; 0xff when unknown (complete) */
	__u16 pad;
	__u32 pad2;
};

#define CS_LEASE_ADD 1
#define CS_LEASE_BREAK_BLOCK 2 /* a truncate/open waits for the holder */
#define CS_LEASE_BREAK_NOBLOCK 3
#define CS_LEASE_BREAK_UNBLOCK 4
#define CS_LEASE_DELETE 5

struct cs_lease {
	struct cs_hdr h;
	__u64 ino;
	__u32 dev;
	__u8 what; /* CS_LEASE_* */
	__u8 type; /* F_RDLCK 0, F_WRLCK 1, F_UNLCK 2 */
	__u16 pad;
};

struct cs_signal {
	struct cs_hdr h; /* pid/tgid: the target */
	__s32 sig;
	__s32 code; /* si_code */
	__s32 result; /* TRACE_SIGNAL_* */
	__u32 sender_pid;
};

/* Copy-path functions watched by the fentry and kprobe tiers. */
enum cs_copy_fn {
	CS_FN_FILEMAP_READ = 0, /* page cache -> user (return: bytes) */
	CS_FN_PERFORM_WRITE, /* user -> page cache (return: bytes) */
	CS_FN_SKB_COPY_DGRAM, /* skb -> user on receive (len argument) */
	CS_FN_TCP_SENDMSG, /* tcp_sendmsg_locked (return: bytes taken) */
	CS_FN_SKB_SPLICE, /* skb_splice_from_iter: page refs into an skb */
	CS_FN_ZC_FILL, /* zerocopy_fill_skb_from_iter: pinned user pages */
	CS_FN_SKB_COPY_UBUFS, /* skb_copy_ubufs: the copy that undoes zerocopy */
	CS_FN_FILEMAP_SPLICE, /* filemap_splice_read: page cache -> pipe refs */
	CS_FN_COPY_SPLICE, /* copy_splice_read: copies into pipe pages */
	CS_FN_DIO_RW, /* iomap_dio_complete: O_DIRECT bytes done */
	CS_FN_MAX,
};

#define CS_TIER_NONE 0
#define CS_TIER_FENTRY 1
#define CS_TIER_KPROBE 2
#define CS_TIER_TRACEPOINT 3

struct cs_copy {
	struct cs_hdr h;
	__s64 bytes; /* the function's result, or its length argument */
	__u8 fn; /* enum cs_copy_fn */
	__u8 tier; /* CS_TIER_FENTRY or CS_TIER_KPROBE */
	__u8 iter; /* enum cs_iter of the data's source or destination */
	__u8 pad[5];
};

struct cs_cache_write {
	struct cs_hdr h;
	__u64 ino;
	__u64 pos;
	__u32 dev;
	__u32 len;
};

/* User-space records (never produced by BPF). */
struct cs_phase {
	struct cs_hdr h;
	__u32 phase; /* CS_PHASE_* */
	__u32 pad;
	char label[96];
};

/*
 * The full name of what a descriptor refers to, which struct cs_file has
 * only the last path component of: written by user space when a system
 * call record names a (dev, ino) it has not named yet, read from
 * /proc/PID/fd/N (checked to still be that dev and ino) and, for sockets,
 * /proc/PID/net/{tcp,tcp6,udp,udp6,unix}.  It has the time of that system
 * call's record and comes close to it among the records, before or after
 * (run/ends.h).  text, NUL-padded (a recording may lack the NUL: readers
 * stop at CS_ENDPOINT_LEN):
 *   a file, device or FIFO  its path as /proc/PID/fd/N reads ("/srv/a.iso",
 *                           "/dev/null"; "... (deleted)"); a path too long
 *                           keeps its tail, after "..."
 *   a pipe                  "pipe"
 *   a TCP or UDP socket     "TCP 127.0.0.1:45678 -> 127.0.0.1:8080" (local
 *                           -> remote), "TCP *:8080" (listening on every
 *                           address), "UDP 10.0.0.1:53", IPv6 in brackets
 *   a unix socket           "unix /run/a.sock" (bound; "@name": abstract),
 *                           or "unix socket"
 */
#define CS_ENDPOINT_LEN 128

struct cs_endpoint {
	struct cs_hdr h; /* pid/tgid: the process whose descriptor was read */
	__u64 ino; /* as struct cs_file has them */
	__u32 dev;
	__s32 fd; /* the descriptor it was read from */
	__u8 kind; /* enum cs_fd_kind */
	__u8 pad;
	__u16 fflags; /* CS_FF_* */
	__u32 pad2;
	char text[CS_ENDPOINT_LEN];
};

#define CS_PHASE_SETUP 1
#define CS_PHASE_TRANSFER 2 /* counting starts */
#define CS_PHASE_DONE 3 /* counting stops */

/*
 * Exact per-process counters kept in a kernel map.  They are updated before
 * any record is reserved, so they stay right when the ring buffer is full.
 */
enum cs_counter {
	CS_C_SYSCALLS = 0, /* completed system calls */
	CS_C_MODE_SWITCHES, /* user->kernel entries plus kernel->user exits */
	CS_C_CSW_VOLUNTARY, /* switch-outs while blocking */
	CS_C_CSW_INVOLUNTARY, /* switch-outs while runnable (preempted) */
	CS_C_OFF_CPU_NS,
	CS_C_IO_SYSCALLS, /* system calls that move data (the list in BPF) */
	CS_C_BYTES_READ, /* read, pread64, readv, preadv(2): bytes returned */
	CS_C_BYTES_WRITTEN, /* write, pwrite64, writev, pwritev(2) */
	CS_C_BYTES_SENT, /* sendto, sendmsg */
	CS_C_BYTES_RECEIVED, /* recvfrom, recvmsg (not MSG_ERRQUEUE) */
	CS_C_BYTES_SENDFILE,
	CS_C_BYTES_SPLICE,
	CS_C_BYTES_TEE,
	CS_C_BYTES_VMSPLICE,
	CS_C_BYTES_COPY_RANGE, /* copy_file_range */
	CS_C_BYTES_MMAPPED, /* length of successful file mappings */
	CS_C_FAULTS_USER,
	CS_C_FAULTS_KERNEL,
	CS_C_CACHE_ADD_PAGES, /* page-cache fills caused by this process */
	CS_C_DISK_READ_BYTES, /* block completions, attributed to submitter */
	CS_C_DISK_WRITE_BYTES,
	CS_C_RECV_COPY_BYTES, /* skb_copy_datagram_iovec */
	CS_C_TCP_USER_BYTES, /* tcp_sendmsg_locked from user memory */
	CS_C_TCP_PAGE_BYTES, /* tcp_sendmsg_locked with pages (splice) */
	CS_C_TCP_ZC_BYTES, /* tcp_sendmsg_locked with MSG_ZEROCOPY */
	CS_C_XMIT_SKBS,
	CS_C_XMIT_GATHER_BYTES, /* skbs carrying page-cache frags (0x2) */
	CS_C_XMIT_ZC_BYTES, /* skbs carrying pinned user pages */
	CS_C_XMIT_COPIED_BYTES, /* skbs whose data was copied in */
	CS_C_CACHE_WRITE_BYTES, /* buffered writes into the page cache */
	CS_C_URING_SUBMITS,
	CS_C_URING_COMPLETES,
	CS_C_URING_ASYNC,
	CS_C_COPY_FN_BYTES, /* bytes seen by copy-path functions (fentry/kprobe) */
	CS_C_RECORDS, /* records written to the ring buffer */
	CS_C_DROPS, /* records lost because the ring buffer was full */
	/*
	 * TCP payload bytes sent again (tcp_retransmit_skb: a timeout, or the
	 * tail loss probe a slow receiver brings on): the transmits above
	 * count them twice.  After DROPS so that older recordings' counters
	 * keep their places.
	 */
	CS_C_XMIT_RETRANS_BYTES,
	CS_C_MAX,
};

/*
 * 64 slots, more than CS_C_MAX: the BPF side indexes with (idx & 63), which
 * the verifier accepts without a bounds branch the compiler may reorder.
 */
#define CS_C_SLOTS 64

struct cs_counters {
	__u64 v[CS_C_SLOTS];
};

/*
 * The kernel's exact counters of one process (h.tgid) when a recorded
 * session ended, written after its last record: a replay can then say
 * what was lost and check the records against them.
 */
struct cs_counters_rec {
	struct cs_hdr h;
	struct cs_counters c;
};

#endif /* COPYSCOPE_H */
