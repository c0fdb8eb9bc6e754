/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * evidence.bpf.h - tracepoints that prove how data moved (every tier).
 * Included by copyscope.bpf.c only; shares its maps and helpers.
 *
 * Most of these fire for every process on the machine; each starts with
 * the traced-bit test.  Transmits and block completions run in other
 * contexts (softirq, interrupt), so they are tied back to the traced
 * process through the socket or the request, never through current.
 */

/* ---- socket send path ---------------------------------------------------- */

SEC("tp_btf/tcp_sendmsg_locked")
int BPF_PROG(cs_tcp_sendmsg, const struct sock *sk, const struct msghdr *msg,
	     const struct sk_buff *skb, int size_goal)
{
	struct task_struct *t;
	__u64 skp = (__u64)sk;
	struct task_state *ts;
	struct cs_counters *c;
	struct cs_tcp_send *r;
	__u64 *owner, pt;
	__u32 flags;
	__u8 it;

	/* one helper call: the ids are direct loads from the task */
	t = bpf_get_current_task_btf();
	if (!is_traced(t->pid))
		return 0;
	pt = (__u64)t->tgid << 32 | (__u32)t->pid;
	ts = task_state(t);
	/*
	 * The tracepoint fires once per skb the loop fills: keep the first of
	 * each system call.  io-wq workers make no system calls (nothing
	 * resets send_seen): every firing of theirs is kept.
	 */
	if (!ts || ts->send_seen)
		return 0;
	if (!(t->flags & PF_IO_WORKER_))
		ts->send_seen = 1;
	/* an update costs more than a look: the socket rarely changes hands */
	owner = bpf_map_lookup_elem(&socks, &skp);
	if (!owner || *owner != pt)
		bpf_map_update_elem(&socks, &skp, &pt, BPF_ANY);

	/* sk and msg are BTF arguments: plain loads, no helper calls */
	it = iter_kind(msg->msg_iter.iter_type);
	flags = msg->msg_flags;
	if (flags & CS_MSG_ZEROCOPY)
		ts->send_kind = CS_C_TCP_ZC_BYTES;
	else if (flags & CS_MSG_SPLICE_PAGES)
		ts->send_kind = CS_C_TCP_PAGE_BYTES;
	else if (it == CS_ITER_UBUF || it == CS_ITER_IOVEC)
		ts->send_kind = CS_C_TCP_USER_BYTES;

	c = get_counters(pt >> 32);
	r = reserve(CS_EV_TCP_SEND, sizeof(*r), pt, c);
	if (!r)
		return 0;
	r->sk = skp;
	r->size = msg->msg_iter.count;
	r->msg_flags = flags;
	r->iter = it;
	r->route_sg = sk->sk_route_caps & (1ULL << NETIF_F_SG_BIT) ? 1 : 0;
	r->sport = sk->__sk_common.skc_num;
	r->dport = __builtin_bswap16(sk->__sk_common.skc_dport);
	r->pad = 0;
	submit(r);
	return 0;
}

/*
 * Payload bytes of a TCP skb at the device: its length less the headers.
 * The skb's fields are direct loads; the TCP header and the shared info
 * are raw addresses, cast to BTF objects where the kernel can
 * (bpf_rdonly_cast, 6.2 and later) and read with a helper before that.
 */
static __always_inline __u32 tcp_payload(const struct sk_buff *skb)
{
	unsigned char *head = skb->head;
	__u16 th = skb->transport_header;
	__u16 mh = skb->mac_header;
	__u32 len = skb->len;
	__u8 doff = 0;
	__u32 hdr;

	if (have_rdonly_cast) {
		struct tcphdr *tcp = bpf_rdonly_cast(
			head + th, bpf_core_type_id_kernel(struct tcphdr));

		doff = BPF_CORE_READ_BITFIELD(tcp, doff);
	} else {
		bpf_probe_read_kernel(&doff, 1, head + th + 12);
		doff >>= 4;
	}
	hdr = (th >= mh ? th - mh : 0) + doff * 4;
	return len > hdr ? len - hdr : 0;
}

/* The skb's shared info: its flags and how many page fragments it has. */
static __always_inline void skb_frags(const struct sk_buff *skb, __u8 *flags,
				      __u8 *nr_frags)
{
	unsigned char *end = skb->head + skb->end;

	if (have_rdonly_cast) {
		struct skb_shared_info *sh = bpf_rdonly_cast(
			end, bpf_core_type_id_kernel(struct skb_shared_info));

		*flags = sh->flags;
		*nr_frags = sh->nr_frags;
	} else {
		struct skb_shared_info *sh = (void *)end;

		*flags = BPF_CORE_READ(sh, flags);
		*nr_frags = BPF_CORE_READ(sh, nr_frags);
	}
}

/*
 * The ubuf_info of an skb holding pinned user pages (MSG_ZEROCOPY, io_uring
 * SEND_ZC), 0 for any other skb.  Helper reads: the skb may be a raw
 * pointer (kprobes), and this runs only for zero-copy sends.
 */
static __always_inline __u64 skb_zc_uarg(const struct sk_buff *skb)
{
	struct skb_shared_info *sh =
		(void *)(BPF_CORE_READ(skb, head) + BPF_CORE_READ(skb, end));

	if (!(BPF_CORE_READ(sh, flags) & CS_SKBFL_ZEROCOPY_ENABLE))
		return 0;
	return (__u64)BPF_CORE_READ(sh, destructor_arg);
}

/* key (a ubuf_info or a socket) belongs to thread id */
static __always_inline void zc_owner_set(__u64 key, __u64 id)
{
	__u64 *known;

	if (!key)
		return;
	known = bpf_map_lookup_elem(&zc_owners, &key);
	if (!known || *known != id)
		bpf_map_update_elem(&zc_owners, &key, &id, BPF_ANY);
}

/*
 * A zero-copy skb at transmit, of a socket that no tcp_sendmsg_locked
 * record named (kernels before 6.13 have no such tracepoint).  Its first
 * transmit runs in the sending process: the socket is learned there.
 * Later ones may run wherever its ACKs are processed (the receiver,
 * ksoftirqd): the socket still tells whose the skb's ubuf_info is.
 */
static __always_inline void zc_xmit_unnamed(const struct sk_buff *skb,
					    __u64 skp)
{
	__u64 uarg = skb_zc_uarg(skb), id, *known;

	if (!uarg)
		return;
	known = bpf_map_lookup_elem(&zc_owners, &skp);
	if (known) {
		id = *known;
	} else if (current_traced(&id)) {
		zc_owner_set(skp, id);
	} else {
		/* another process's: a freed ubuf_info of ours at this
		 * address must not take its copies */
		bpf_map_delete_elem(&zc_owners, &uarg);
		return;
	}
	zc_owner_set(uarg, id);
}

/*
 * A transmit the socket's owner makes in its own context (its send call,
 * or softirq work on its stack) is merged into its pending record when it
 * is alike (same socket, device, fragment flags, linear or not); the
 * call's exit writes it (cs_sys_exit).  Anything else is written now.
 */
static __always_inline struct cs_xmit *xmit_pending(__u64 owner)
{
	struct task_struct *t;
	struct task_state *ts;

	if (!(emit_mask & (1ULL << CS_EV_XMIT)))
		return NULL;
	t = bpf_get_current_task_btf();
	if (t->pid != (__u32)owner || (t->flags & PF_IO_WORKER_))
		return NULL;
	ts = task_state(t);
	if (!ts || ts->flushing || ts->exited)
		return NULL; /* written now, as a record of its own */
	return &ts->xmit;
}

static __always_inline bool xmit_alike(const struct cs_xmit *x, __u64 sk,
				       __u32 ifindex, __u8 fl, __u32 data_len,
				       __u8 virt)
{
	return x->skbs && x->skbs < 255 && x->sk == sk &&
	       x->ifindex == ifindex && x->shinfo_flags == fl &&
	       !x->data_len == !data_len && x->virtual_dev == virt;
}

SEC("tp_btf/net_dev_start_xmit")
int BPF_PROG(cs_xmit, const struct sk_buff *skb, const struct net_device *dev)
{
	__u64 skp = (__u64)skb->sk;
	struct cs_counters *c;
	struct cs_xmit *r, *pend;
	__u32 payload, data_len, ifindex;
	__u64 *owner, id;
	__u8 fl, nr_frags, virt;

	if (!skp)
		return 0;
	owner = bpf_map_lookup_elem(&socks, &skp);
	if (!owner) {
		if (watch_zc_owners)
			zc_xmit_unnamed(skb, skp);
		return 0;
	}
	id = *owner;
	payload = tcp_payload(skb);
	if (!payload)
		return 0; /* a pure ACK: no data crossed */
	skb_frags(skb, &fl, &nr_frags);
	if (watch_zc_owners && (fl & CS_SKBFL_ZEROCOPY_ENABLE))
		zc_owner_set(skb_zc_uarg(skb), id);
	c = get_counters(id >> 32);
	count(c, CS_C_XMIT_SKBS, 1);
	/* pinned user pages carry SHARED_FRAG too (0xf): test them first */
	if (fl & CS_SKBFL_ZEROCOPY_ENABLE)
		count(c, CS_C_XMIT_ZC_BYTES, payload);
	else if (fl & CS_SKBFL_SHARED_FRAG)
		count(c, CS_C_XMIT_GATHER_BYTES, payload);
	else
		count(c, CS_C_XMIT_COPIED_BYTES, payload);

	data_len = skb->data_len;
	ifindex = dev->ifindex;
	/* a physical NIC hangs off a bus device; lo, veth and dummy do not */
	virt = !dev->dev.parent;
	pend = xmit_pending(id);
	if (pend && xmit_alike(pend, skp, ifindex, fl, data_len, virt)) {
		pend->len += payload;
		pend->data_len += data_len;
		pend->skbs++;
		return 0;
	}
	if (pend) {
		/* unlike the pending one: that one is complete */
		if (pend->skbs)
			emit_kept(&pend->h, CS_EV_XMIT, sizeof(*pend), c);
		r = pend;
		/* kept in task state until the call's exit */
		hdr_fill(&r->h, CS_EV_XMIT, sizeof(*r), id, 0);
	} else {
		r = reserve(CS_EV_XMIT, sizeof(*r), id, c);
		if (!r)
			return 0;
	}
	r->sk = skp;
	r->len = payload;
	r->data_len = data_len;
	r->shinfo_flags = fl;
	r->nr_frags = nr_frags;
	r->virtual_dev = virt;
	r->skbs = 1;
	r->ifindex = ifindex;
	__builtin_memcpy(r->dev, dev->name, sizeof(r->dev));
	if (!pend)
		submit(r);
	return 0;
}

/*
 * A segment of a traced socket sent again (a retransmission timeout, or
 * the tail loss probe that a receiver slow to acknowledge brings on):
 * its transmit is counted above once more, and this says why.
 */
static __always_inline int retransmitted(const struct sock *sk,
					 const struct sk_buff *skb)
{
	__u64 skp = (__u64)sk, *owner;

	owner = bpf_map_lookup_elem(&socks, &skp);
	if (!owner)
		return 0;
	/* a segment of the write queue: its length is its payload */
	count(get_counters(*owner >> 32), CS_C_XMIT_RETRANS_BYTES, skb->len);
	return 0;
}

/* 6.13 and later: also called when the retransmit failed (err) */
SEC("tp_btf/tcp_retransmit_skb")
int BPF_PROG(cs_retransmit, const struct sock *sk, const struct sk_buff *skb,
	     int err)
{
	return err ? 0 : retransmitted(sk, skb);
}

/* Before 6.13: called only for a segment that went out again. */
SEC("tp_btf/tcp_retransmit_skb")
int BPF_PROG(cs_retransmit_v61, const struct sock *sk,
	     const struct sk_buff *skb)
{
	return retransmitted(sk, skb);
}

/*
 * A TCP socket closed: its address will come back as another socket,
 * maybe another process's, which must not inherit this one's owner.
 */
SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(cs_sock_closed, const struct sock *sk, const int oldstate,
	     const int newstate)
{
	__u64 skp = (__u64)sk;

	if (newstate != TCP_CLOSE)
		return 0;
	bpf_map_delete_elem(&socks, &skp);
	if (watch_zc_owners)
		bpf_map_delete_elem(&zc_owners, &skp);
	return 0;
}

/*
 * The receive side always copies: skb -> the receiver's buffer.  A system
 * call's copies are merged into one record, written at its exit; an io-wq
 * worker makes no system call to exit from: its copies are written now.
 */
SEC("tp_btf/skb_copy_datagram_iovec")
int BPF_PROG(cs_recv_copy, const struct sk_buff *skb, int len)
{
	struct task_struct *t;
	struct task_state *ts;
	struct cs_counters *c;
	struct cs_recv_copy *r;
	__u64 pt;

	if (!current_traced(&pt) || len <= 0)
		return 0;
	t = bpf_get_current_task_btf();
	if (talking_to_us(t))
		return 0;
	c = get_counters(pt >> 32);
	count(c, CS_C_RECV_COPY_BYTES, len);
	if (!(emit_mask & (1ULL << CS_EV_RECV_COPY)))
		return 0;
	ts = (t->flags & PF_IO_WORKER_) ? NULL : task_state(t);
	if (ts) {
		if (!ts->recv.skbs) {
			hdr_fill(&ts->recv.h, CS_EV_RECV_COPY,
				 sizeof(ts->recv), pt, 0);
			ts->recv.len = 0;
		}
		ts->recv.len += len;
		ts->recv.skbs++;
		return 0;
	}
	r = reserve(CS_EV_RECV_COPY, sizeof(*r), pt, c);
	if (!r)
		return 0;
	r->len = len;
	r->skbs = 1;
	submit(r);
	return 0;
}

/* ---- page cache ------------------------------------------------------------ */

struct folio___v61 {
	unsigned long flags; /* memdesc_flags_t (a struct) since 6.17 */
	unsigned char _folio_order;
} __attribute__((preserve_access_index));

static __always_inline __u32 folio_pages(struct folio *f)
{
	__u64 flags = 0;
	__u64 head = 1ULL << bpf_core_enum_value(enum pageflags, PG_head);
	__u32 order = 0;

	/* folio->flags is a plain long before 6.17 and a wrapper after it */
	/* (a field of another kind does not match: exists is false on 6.17+) */
	if (bpf_core_field_exists(((struct folio___v61 *)f)->flags))
		flags = ((struct folio___v61 *)f)->flags;
	else
		flags = f->flags.f;
	if (!(flags & head))
		return 1;
	/* 6.1 keeps the order in a field of its own; later kernels in the
	 * low byte of _flags_1 (a field 6.1 has too, for other bits) */
	if (bpf_core_field_exists(((struct folio___v61 *)f)->_folio_order))
		order = ((struct folio___v61 *)f)->_folio_order;
	else if (bpf_core_field_exists(f->_flags_1))
		order = f->_flags_1 & 0xff;
	return 1U << (order & 31);
}

SEC("tp_btf/mm_filemap_add_to_page_cache")
int BPF_PROG(cs_cache_add, struct folio *folio)
{
	__u64 pt;
	struct cs_counters *c;
	struct cs_cache_add *r;
	struct inode *host;
	__u32 pages;

	if (!current_traced(&pt))
		return 0;
	pages = folio_pages(folio);
	c = get_counters(pt >> 32);
	count(c, CS_C_CACHE_ADD_PAGES, pages);
	r = reserve(CS_EV_CACHE_ADD, sizeof(*r), pt, c);
	if (!r)
		return 0;
	host = folio->mapping->host;
	r->ino = host->i_ino;
	r->dev = host->i_sb->s_dev;
	r->index = folio->index;
	r->pages = pages;
	submit(r);
	return 0;
}

/* Every buffered write into ext4 copies user bytes into the page cache. */
SEC("tp_btf/ext4_da_write_begin")
int BPF_PROG(cs_cache_write, struct inode *inode, loff_t pos, unsigned int len)
{
	__u64 pt;
	struct cs_counters *c;
	struct cs_cache_write *r;

	if (!current_traced(&pt))
		return 0;
	c = get_counters(pt >> 32);
	count(c, CS_C_CACHE_WRITE_BYTES, len);
	r = reserve(CS_EV_CACHE_WRITE, sizeof(*r), pt, c);
	if (!r)
		return 0;
	r->ino = inode->i_ino;
	r->dev = inode->i_sb->s_dev;
	r->pos = pos;
	r->len = len;
	submit(r);
	return 0;
}

/* ---- block layer: disk DMA ---------------------------------------------- */

/*
 * Whose each disk read or write is.  A request is not a safe key: under
 * load, or when its queue is busy, a request is made from our bio and
 * started (block_io_start) by whoever runs the queue next - kblockd, an
 * interrupt, another process's submission - so a cold read was now and
 * then not ours (measured: 2 of 4 MiB unattributed in about one demo run
 * in 150 on this machine, while the disk read them).  The bio is: it is
 * queued (block_bio_queue) by the thread that submits it, always, and a
 * request's first bio is still there when the request completes.
 *
 * Bios are freed and their memory reused: one of ours that never reached
 * a completion here (merged behind another, split, failed) must not make
 * the next bio at its address ours, nor lend it its start time.
 */
static __always_inline int remember_bio(struct bio *bio)
{
	__u64 pt, key = (__u64)bio;
	struct req_owner o;

	if (!current_traced(&pt)) {
		if (bpf_map_lookup_elem(&reqs, &key))
			bpf_map_delete_elem(&reqs, &key);
		return 0;
	}
	o.id = pt;
	o.start_ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&reqs, &key, &o, BPF_ANY);
	return 0;
}

SEC("tp_btf/block_bio_queue")
int BPF_PROG(cs_bio_queue, struct bio *bio)
{
	return remember_bio(bio);
}

/*
 * A bio larger than the device takes is split, in the submitter: the
 * front part is a new bio that is never queued on its own (a 1 MiB
 * readahead bio over 254 segments here, so a quarter of every cold read
 * went unseen without this).
 */
SEC("tp_btf/block_split")
int BPF_PROG(cs_bio_split, struct bio *split, unsigned int new_sector)
{
	return remember_bio(split);
}

/* Bios of one request looked at for an owner, and forgotten at its end. */
#define CS_RQ_BIOS 16

SEC("tp_btf/block_rq_complete")
int BPF_PROG(cs_block_done, struct request *rq, blk_status_t error,
	     unsigned int nr_bytes)
{
	__u64 key;
	struct req_owner *o;
	struct cs_counters *c;
	struct cs_block *r;
	struct gendisk *disk;
	__u32 op, left;

	struct bio *bio = rq->bio;
	struct req_owner own;
	bool last;
	int i;

	/* the first of its bios that a traced thread queued */
	o = NULL;
	for (i = 0; i < CS_RQ_BIOS && bio && !o; i++) {
		key = (__u64)bio;
		o = bpf_map_lookup_elem(&reqs, &key);
		if (!o)
			bio = bio->bi_next;
	}
	if (!o)
		return 0;
	own = *o;
	op = rq->cmd_flags & 0xff;
	op = op == 0 ? CS_BLK_READ : op == 1 ? CS_BLK_WRITE : CS_BLK_OTHER;
	c = get_counters(own.id >> 32);
	if (op == CS_BLK_READ)
		count(c, CS_C_DISK_READ_BYTES, nr_bytes);
	else if (op == CS_BLK_WRITE)
		count(c, CS_C_DISK_WRITE_BYTES, nr_bytes);
	r = reserve(CS_EV_BLOCK, sizeof(*r), own.id, c);
	if (r) {
		r->sector = rq->__sector;
		r->latency_ns = bpf_ktime_get_ns() - own.start_ts;
		r->bytes = nr_bytes;
		disk = rq->q->disk;
		r->dev = (disk->major << 20) | disk->first_minor;
		r->op = op;
		r->error = error;
		r->pad = 0;
		r->pad2 = 0;
		submit(r);
	}
	/*
	 * The tracepoint runs before the update: at the last part every bio
	 * of the request ends, and each is forgotten.
	 */
	left = rq->__data_len;
	last = nr_bytes >= left;
	for (bio = rq->bio, i = 0; last && bio && i < CS_RQ_BIOS; i++) {
		key = (__u64)bio;
		bpf_map_delete_elem(&reqs, &key);
		bio = bio->bi_next;
	}
	return 0;
}

/* ---- page faults (x86 exception tracepoints) --------------------------- */

static __always_inline int fault(unsigned long address, unsigned long error,
				 bool kernel)
{
	__u64 pt;
	struct cs_counters *c;
	struct cs_fault *r;

	if (!current_traced(&pt))
		return 0;
	c = get_counters(pt >> 32);
	count(c, kernel ? CS_C_FAULTS_KERNEL : CS_C_FAULTS_USER, 1);
	r = reserve(CS_EV_FAULT, sizeof(*r), pt, c);
	if (!r)
		return 0;
	r->address = address;
	r->error_code = error;
	r->kernel = kernel;
	r->pad[0] = r->pad[1] = r->pad[2] = 0;
	submit(r);
	return 0;
}

SEC("tp_btf/page_fault_user")
int BPF_PROG(cs_fault_user, unsigned long address, struct pt_regs *regs,
	     unsigned long error_code)
{
	return fault(address, error_code, false);
}

SEC("tp_btf/page_fault_kernel")
int BPF_PROG(cs_fault_kernel, unsigned long address, struct pt_regs *regs,
	     unsigned long error_code)
{
	return fault(address, error_code, true);
}

/* ---- io_uring ----------------------------------------------------------------- */

static __always_inline struct cs_uring *uring_record(__u8 what,
						     struct cs_counters **cp)
{
	__u64 pt;
	struct task_struct *t;
	struct cs_uring *r;

	if (!current_traced(&pt))
		return NULL;
	*cp = get_counters(pt >> 32);
	count(*cp, what == CS_URING_SUBMIT   ? CS_C_URING_SUBMITS :
		   what == CS_URING_COMPLETE ? CS_C_URING_COMPLETES :
					       CS_C_URING_ASYNC,
	      1);
	r = reserve(CS_EV_URING, sizeof(*r), pt, *cp);
	if (!r)
		return NULL;
	t = bpf_get_current_task_btf();
	/* io-wq workers share the tgid: PF_IO_WORKER tells them apart */
	if (t->flags & PF_IO_WORKER_)
		r->h.flags |= CS_HF_IO_WORKER;
	r->what = what;
	r->pad = 0;
	r->pad2 = 0;
	r->res = 0;
	r->cflags = 0;
	return r;
}

/* A request entering the ring, or punted to an io-wq worker. */
static __always_inline int uring_req(__u8 what, struct io_kiocb *req)
{
	struct cs_counters *c;
	struct cs_uring *r = uring_record(what, &c);

	if (!r)
		return 0;
	r->opcode = BPF_CORE_READ(req, opcode);
	r->user_data = BPF_CORE_READ(req, cqe.user_data);
	submit(r);
	return 0;
}

/* A completion, whichever way the kernel reports it. */
static __always_inline int uring_cqe(__u64 user_data, __s32 res, __u32 cflags)
{
	struct cs_counters *c;
	struct cs_uring *r = uring_record(CS_URING_COMPLETE, &c);

	if (!r)
		return 0;
	r->opcode = 0xff;
	r->user_data = user_data;
	r->res = res;
	r->cflags = cflags;
	submit(r);
	return 0;
}

SEC("tp_btf/io_uring_submit_req")
int BPF_PROG(cs_uring_submit, struct io_kiocb *req)
{
	return uring_req(CS_URING_SUBMIT, req);
}

/* Before 6.2 the same event was io_uring_submit_sqe. */
SEC("tp_btf/io_uring_submit_sqe")
int BPF_PROG(cs_uring_submit_v61, struct io_kiocb *req)
{
	return uring_req(CS_URING_SUBMIT, req);
}

SEC("tp_btf/io_uring_queue_async_work")
int BPF_PROG(cs_uring_async, struct io_kiocb *req, int rw)
{
	return uring_req(CS_URING_ASYNC, req);
}

/* The first argument is named ring: "ctx" is taken by BPF_PROG. */
SEC("tp_btf/io_uring_complete")
int BPF_PROG(cs_uring_complete, struct io_ring_ctx *ring, void *req,
	     struct io_uring_cqe *cqe)
{
	return uring_cqe(BPF_CORE_READ(cqe, user_data), BPF_CORE_READ(cqe, res),
			 BPF_CORE_READ(cqe, flags));
}

/*
 * A completion that found the completion ring full is parked on the
 * overflow list and reported here instead of by io_uring_complete.
 */
SEC("tp_btf/io_uring_cqe_overflow")
int BPF_PROG(cs_uring_overflow, void *ring, __u64 user_data, __s32 res,
	     __u32 cflags, void *ocqe)
{
	return uring_cqe(user_data, res, cflags);
}

/* Kernels before the CQE-pointer form passed the CQE's fields one by one. */
SEC("tp_btf/io_uring_complete")
int BPF_PROG(cs_uring_complete_v61, void *ring, void *req, __u64 user_data,
	     int res, unsigned int cflags)
{
	return uring_cqe(user_data, res, cflags);
}

/* ---- leases and signals (the mmap + truncate story) --------------------- */

struct file_lease___new {
	struct file_lock_core c;
} __attribute__((preserve_access_index));

struct file_lock___old {
	unsigned char fl_type;
} __attribute__((preserve_access_index));

static __always_inline int lease(__u8 what, struct inode *inode, void *fl)
{
	__u64 pt;
	struct cs_counters *c;
	struct cs_lease *r;
	__u8 type = 0xff;

	if (!current_traced(&pt))
		return 0;
	c = get_counters(pt >> 32);
	r = reserve(CS_EV_LEASE, sizeof(*r), pt, c);
	if (!r)
		return 0;
	r->ino = BPF_CORE_READ(inode, i_ino);
	r->dev = BPF_CORE_READ(inode, i_sb, s_dev);
	if (fl) {
		if (bpf_core_type_exists(struct file_lease___new))
			type = BPF_CORE_READ((struct file_lease___new *)fl,
					     c.flc_type);
		else
			type = BPF_CORE_READ((struct file_lock___old *)fl,
					     fl_type);
	}
	r->what = what;
	r->type = type;
	r->pad = 0;
	submit(r);
	return 0;
}

/* The lease argument is nullable in some of these: leave it untyped. */
SEC("tp_btf/generic_add_lease")
int BPF_PROG(cs_lease_add, struct inode *inode, void *fl)
{
	return lease(CS_LEASE_ADD, inode, fl);
}

SEC("tp_btf/break_lease_block")
int BPF_PROG(cs_lease_block, struct inode *inode, void *fl)
{
	return lease(CS_LEASE_BREAK_BLOCK, inode, fl);
}

SEC("tp_btf/break_lease_noblock")
int BPF_PROG(cs_lease_noblock, struct inode *inode, void *fl)
{
	return lease(CS_LEASE_BREAK_NOBLOCK, inode, fl);
}

SEC("tp_btf/break_lease_unblock")
int BPF_PROG(cs_lease_unblock, struct inode *inode, void *fl)
{
	return lease(CS_LEASE_BREAK_UNBLOCK, inode, fl);
}

SEC("tp_btf/generic_delete_lease")
int BPF_PROG(cs_lease_delete, struct inode *inode, void *fl)
{
	return lease(CS_LEASE_DELETE, inode, fl);
}

SEC("tp_btf/signal_generate")
int BPF_PROG(cs_signal, int sig, struct kernel_siginfo *info,
	     struct task_struct *task, int group, int result)
{
	__u32 tpid = task->pid;
	struct cs_counters *c;
	struct cs_signal *r;
	int code = 0;

	if (!is_traced(tpid))
		return 0;
	c = get_counters(task->tgid);
	r = reserve(CS_EV_SIGNAL, sizeof(*r), (__u64)task->tgid << 32 | tpid, c);
	if (!r)
		return 0;
	/* SEND_SIG_NOINFO (0) and SEND_SIG_PRIV (1) are not pointers */
	if ((unsigned long)info > 1)
		code = BPF_CORE_READ(info, si_code);
	r->sig = sig;
	r->code = code;
	r->result = result;
	r->sender_pid = (__u32)bpf_get_current_pid_tgid();
	submit(r);
	return 0;
}
