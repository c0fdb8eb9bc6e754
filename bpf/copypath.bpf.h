/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * copypath.bpf.h - the copy-path functions, seen directly.
 *
 * The copy primitives themselves (_copy_to_iter and friends) live in lib/,
 * which the kernel builds without ftrace hooks: nothing can attach there on
 * any stock kernel.  The functions below call them and are traceable where
 * function tracing is allowed.  Each exists twice: an fexit program (tier 1)
 * and a kprobe/kretprobe program (tier 2).  The loader turns on at most one
 * of the two per function, after a real attach probe.
 */

/* One copy record of thread pt (tgid << 32 | pid). */
static __always_inline int copy_emit(__u64 pt, __u8 fn, __u8 tier, __s64 bytes,
				     __u8 it)
{
	struct cs_counters *c;
	struct cs_copy *r;

	if (bytes <= 0)
		return 0;
	c = get_counters(pt >> 32);
	count(c, CS_C_COPY_FN_BYTES, bytes);
	r = reserve(CS_EV_COPY, sizeof(*r), pt, c);
	if (!r)
		return 0;
	r->bytes = bytes;
	r->fn = fn;
	r->tier = tier;
	r->iter = it;
	__builtin_memset(r->pad, 0, sizeof(r->pad));
	submit(r);
	return 0;
}

/* A copy-path function returned in a traced thread. */
static __always_inline int copy_seen(__u8 fn, __u8 tier, __s64 bytes, __u8 it)
{
	__u64 pt;

	if (!current_traced(&pt))
		return 0;
	return copy_emit(pt, fn, tier, bytes, it);
}

/*
 * The deferred copy runs where the skb is delivered: on loopback in the
 * receive softirq, in the sender's context or the receiver's when they
 * are current, or in ksoftirqd or any task an interrupt found when the
 * softirq was put off.  It belongs to the process whose zero-copy send
 * the skb's ubuf_info is (cs_xmit learned it: zc_owners), whoever is
 * current; failing that, to a traced current thread (the model gives
 * that one's to the session's zero-copy sender).
 */
static __always_inline int copy_ubufs_seen(struct sk_buff *skb, __u8 tier)
{
	__s64 bytes = BPF_CORE_READ(skb, data_len);
	__u64 pt, uarg = skb_zc_uarg(skb), *owner;

	owner = uarg ? bpf_map_lookup_elem(&zc_owners, &uarg) : NULL;
	if (owner)
		pt = *owner;
	else if (!current_traced(&pt))
		return 0;
	return copy_emit(pt, CS_FN_SKB_COPY_UBUFS, tier, bytes,
			 CS_ITER_UNKNOWN);
}

static __always_inline __u8 iter_of(struct iov_iter *i)
{
	return i ? iter_kind(BPF_CORE_READ(i, iter_type)) : CS_ITER_UNKNOWN;
}

/* ---- tier 1: fexit ------------------------------------------------------ */

/* page cache -> user: the result counts already_read too */
SEC("fexit/filemap_read")
int BPF_PROG(cs_fx_filemap_read, struct kiocb *iocb, struct iov_iter *iter,
	     ssize_t already_read, ssize_t ret)
{
	return copy_seen(CS_FN_FILEMAP_READ, CS_TIER_FENTRY, ret - already_read,
			 iter_of(iter));
}

/* user -> page cache */
SEC("fexit/generic_perform_write")
int BPF_PROG(cs_fx_perform_write, struct kiocb *iocb, struct iov_iter *i,
	     ssize_t ret)
{
	return copy_seen(CS_FN_PERFORM_WRITE, CS_TIER_FENTRY, ret, iter_of(i));
}

/* skb -> user on receive: 0 means all len bytes were copied */
SEC("fexit/skb_copy_datagram_iter")
int BPF_PROG(cs_fx_skb_copy_dgram, const struct sk_buff *skb, int offset,
	     struct iov_iter *to, int len, int ret)
{
	return copy_seen(CS_FN_SKB_COPY_DGRAM, CS_TIER_FENTRY, ret ? 0 : len,
			 iter_of(to));
}

SEC("fexit/tcp_sendmsg_locked")
int BPF_PROG(cs_fx_tcp_sendmsg, struct sock *sk, struct msghdr *msg,
	     size_t size, int ret)
{
	return copy_seen(CS_FN_TCP_SENDMSG, CS_TIER_FENTRY, ret,
			 iter_kind(BPF_CORE_READ(msg, msg_iter.iter_type)));
}

/* page references put into an skb (sendfile, splice): no copy */
SEC("fexit/skb_splice_from_iter")
int BPF_PROG(cs_fx_skb_splice, struct sk_buff *skb, struct iov_iter *iter,
	     ssize_t maxsize, gfp_t gfp, ssize_t ret)
{
	return copy_seen(CS_FN_SKB_SPLICE, CS_TIER_FENTRY, ret, CS_ITER_BVEC);
}

/* pinned user pages (MSG_ZEROCOPY, io_uring send_zc) */
SEC("fexit/zerocopy_fill_skb_from_iter")
int BPF_PROG(cs_fx_zc_fill, struct sk_buff *skb, struct iov_iter *from,
	     size_t length, int ret)
{
	return copy_seen(CS_FN_ZC_FILL, CS_TIER_FENTRY, ret ? 0 : length,
			 iter_of(from));
}

/* the deferred copy that undoes zerocopy (loopback, veth) */
SEC("fentry/skb_copy_ubufs")
int BPF_PROG(cs_fx_copy_ubufs, struct sk_buff *skb, gfp_t gfp_mask)
{
	return copy_ubufs_seen(skb, CS_TIER_FENTRY);
}

/* page cache -> pipe by reference */
SEC("fexit/filemap_splice_read")
int BPF_PROG(cs_fx_filemap_splice, struct file *in, loff_t *ppos, void *pipe,
	     size_t len, unsigned int flags, ssize_t ret)
{
	return copy_seen(CS_FN_FILEMAP_SPLICE, CS_TIER_FENTRY, ret,
			 CS_ITER_BVEC);
}

/* files without splice_read support: copied into fresh pipe pages */
SEC("fexit/copy_splice_read")
int BPF_PROG(cs_fx_copy_splice, struct file *in, loff_t *ppos, void *pipe,
	     size_t len, unsigned int flags, ssize_t ret)
{
	return copy_seen(CS_FN_COPY_SPLICE, CS_TIER_FENTRY, ret, CS_ITER_BVEC);
}

/*
 * O_DIRECT: the device moves data straight to or from user pages.  The
 * completion, not iomap_dio_rw itself: that one has seven arguments, more
 * than the x86 BPF trampoline takes before 6.5.
 */
SEC("fexit/iomap_dio_complete")
int BPF_PROG(cs_fx_dio_rw, struct iomap_dio *dio, ssize_t ret)
{
	return copy_seen(CS_FN_DIO_RW, CS_TIER_FENTRY, ret, CS_ITER_UNKNOWN);
}

/* ---- tier 2: kprobes ------------------------------------------------------ */
/*
 * A kretprobe sees only the result, a kprobe only the arguments; each
 * function gets whichever tells the byte count.  Known approximation: the
 * kretprobe on filemap_read counts already_read too (0 except after a
 * partial O_DIRECT read).
 */

SEC("kretprobe/filemap_read")
int BPF_KRETPROBE(cs_kp_filemap_read, ssize_t ret)
{
	return copy_seen(CS_FN_FILEMAP_READ, CS_TIER_KPROBE, ret,
			 CS_ITER_UNKNOWN);
}

SEC("kretprobe/generic_perform_write")
int BPF_KRETPROBE(cs_kp_perform_write, ssize_t ret)
{
	return copy_seen(CS_FN_PERFORM_WRITE, CS_TIER_KPROBE, ret,
			 CS_ITER_UNKNOWN);
}

SEC("kprobe/skb_copy_datagram_iter")
int BPF_KPROBE(cs_kp_skb_copy_dgram, const struct sk_buff *skb, int offset,
	       struct iov_iter *to, int len)
{
	return copy_seen(CS_FN_SKB_COPY_DGRAM, CS_TIER_KPROBE, len,
			 iter_of(to));
}

SEC("kretprobe/tcp_sendmsg_locked")
int BPF_KRETPROBE(cs_kp_tcp_sendmsg, int ret)
{
	return copy_seen(CS_FN_TCP_SENDMSG, CS_TIER_KPROBE, ret,
			 CS_ITER_UNKNOWN);
}

SEC("kretprobe/skb_splice_from_iter")
int BPF_KRETPROBE(cs_kp_skb_splice, ssize_t ret)
{
	return copy_seen(CS_FN_SKB_SPLICE, CS_TIER_KPROBE, ret, CS_ITER_BVEC);
}

SEC("kprobe/zerocopy_fill_skb_from_iter")
int BPF_KPROBE(cs_kp_zc_fill, struct sk_buff *skb, struct iov_iter *from,
	       size_t length)
{
	return copy_seen(CS_FN_ZC_FILL, CS_TIER_KPROBE, length, iter_of(from));
}

SEC("kprobe/skb_copy_ubufs")
int BPF_KPROBE(cs_kp_copy_ubufs, struct sk_buff *skb)
{
	return copy_ubufs_seen(skb, CS_TIER_KPROBE);
}

SEC("kretprobe/filemap_splice_read")
int BPF_KRETPROBE(cs_kp_filemap_splice, ssize_t ret)
{
	return copy_seen(CS_FN_FILEMAP_SPLICE, CS_TIER_KPROBE, ret,
			 CS_ITER_BVEC);
}

SEC("kretprobe/copy_splice_read")
int BPF_KRETPROBE(cs_kp_copy_splice, ssize_t ret)
{
	return copy_seen(CS_FN_COPY_SPLICE, CS_TIER_KPROBE, ret, CS_ITER_BVEC);
}

SEC("kretprobe/iomap_dio_complete")
int BPF_KRETPROBE(cs_kp_dio_rw, ssize_t ret)
{
	return copy_seen(CS_FN_DIO_RW, CS_TIER_KPROBE, ret, CS_ITER_UNKNOWN);
}
