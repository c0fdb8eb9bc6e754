// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * rules_net.c - sockets: how bytes get into the socket buffer, what the
 * device does with them, and the receiver's copy.
 *
 * Each rule says which event proves what; tutorial/evidence.md has the
 * same rules for students, under the anchor given in brackets.
 */
#include <string.h>

#include "model/model_int.h"

#define MSG_ZEROCOPY_ CS_MSG_ZEROCOPY

/*
 * lo and veth pairs (and dummy devices) move skbs in memory: no DMA.  The
 * record carries only the device's name: "lo", names with "veth", and
 * "cs-*" (the veth pairs copyscope's demos create) are taken as virtual.
 */
bool virtual_device(const struct cs_xmit *x)
{
	char name[CS_NAME_LEN + 1];

	/* the probe says so (no bus device behind it); older recordings
	 * carry only the name */
	if (x->virtual_dev)
		return true;
	memcpy(name, x->dev, CS_NAME_LEN);
	name[CS_NAME_LEN] = 0;
	if (!name[0])
		return x->ifindex == 1; /* the loopback device is always 1 */
	return !strcmp(name, "lo") || strstr(name, "veth") ||
	       !strncmp(name, "dummy", 5) || !strncmp(name, "cs-", 3);
}

/* Where the bytes a receive copy delivers go, as the diagram draws it. */
static enum cs_place recv_dest(const struct sc_ctx *c)
{
	return c->p->tgid == c->m->focus ? CS_PL_USER : CS_PL_RECEIVER;
}

static uint64_t ts_of(const struct sc_ctx *c, const struct cs_tcp_send *tcp)
{
	if (tcp)
		return tcp->h.ts;
	return c->sc ? c->sc->h.ts : 0;
}

static void remember_tcp(struct sc_ctx *c, const struct cs_tcp_send *tcp)
{
	c->t->have_tcp = true;
	c->t->last_tcp = *tcp;
	c->t->tcp_since_complete = true;
	c->p->have_tcp = true;
	c->p->last_tcp = *tcp;
}

/*
 * tcp_sendmsg_locked fires once per send call and tells where the data
 * comes from:
 *
 * [tcp-user] the iterator is user memory (UBUF, IOVEC): the kernel copies
 *   it into the socket buffer.  CPU copy, attributed (size: the call's
 *   result).  From the page cache if the buffer is a file mapping.
 * [tcp-zerocopy] user memory with MSG_ZEROCOPY: the pages are pinned and
 *   put in the skb by reference.  REF, attributed.  Whether a copy follows
 *   anyway is decided at transmit ([deferred-copy]).
 * [tcp-pages-sg] pages (BVEC with MSG_SPLICE_PAGES: sendfile, splice) on a
 *   route that can gather (NETIF_F_SG): the skb takes the page-cache pages
 *   by reference.  REF, attributed.
 * [tcp-pages-nosg] the same pages on a route that cannot gather: the
 *   kernel copies them into the skb.  CPU copy, attributed.
 *
 * With the fentry/kprobe tier, tcp_sendmsg_locked's return value (and
 * skb_splice_from_iter / zerocopy_fill_skb_from_iter) measure the bytes,
 * and the call's result is cross-checked against them.
 */
void rule_tcp_send(struct sc_ctx *c, const struct cs_tcp_send *tcp,
		   enum cs_place from, uint64_t bytes, bool bytes_from_syscall,
		   uint16_t flags)
{
	bool zc = tcp && (tcp->msg_flags & CS_MSG_ZEROCOPY);
	bool pages = tcp && !zc &&
		     ((tcp->msg_flags & CS_MSG_SPLICE_PAGES) ||
		      tcp->iter == CS_ITER_BVEC);
	enum cs_evidence ev = CS_EVID_ATTRIBUTED;
	enum cs_kind kind = CS_K_CPU;
	enum cs_rule rule = CS_R_TCP_USER;
	uint64_t measured = 0;
	bool have_measure = false;

	if (zc) {
		kind = CS_K_REF;
		rule = CS_R_TCP_ZEROCOPY;
		from = CS_PL_USER;
		flags &= (uint16_t)~CS_TF_VIA_MAPPING;
	} else if (pages && tcp->route_sg) {
		kind = CS_K_REF;
		rule = CS_R_TCP_PAGES_SG;
	} else if (pages) {
		rule = CS_R_TCP_PAGES_NOSG;
		flags |= CS_TF_NO_SG;
	}
	if (c->sc) {
		/* the helpers only confirm: tcp_sendmsg_locked's total counts
		 */
		ctx_take_copy(c, CS_FN_SKB_SPLICE);
		ctx_take_copy(c, CS_FN_ZC_FILL);
		if (c->copy_seen[CS_FN_TCP_SENDMSG]) {
			measured = ctx_take_copy(c, CS_FN_TCP_SENDMSG);
			have_measure = true;
		}
	}
	if (have_measure) {
		if (bytes_from_syscall && measured != bytes)
			note_mismatch(c->m, c->p, c->sc->h.ts, c->sc->h.pid,
				      c->sc, c->seq, rule, (int64_t)bytes,
				      (int64_t)measured);
		bytes = measured;
		ev = CS_EVID_MEASURED;
	}
	fact_transfer(c->m, c->p, ts_of(c, tcp),
		      c->sc ? c->sc->h.pid : tcp->h.pid, c->sc, c->seq, bytes,
		      from, CS_PL_SOCKBUF, kind, ev, rule, flags);
	if (tcp)
		remember_tcp(c, tcp);
}

/*
 * The same sends on a kernel without the tcp_sendmsg_locked tracepoint
 * (it came in 6.13): only the copy tier sees them.  tcp_sendmsg_locked's
 * own return value measures the bytes, and the call says the kind: its
 * MSG_ZEROCOPY flag (or zerocopy_fill_skb_from_iter's records) a
 * [tcp-zerocopy] send, sendfile and splice pages offered by reference
 * (taken to be gathered, as for a TCP socket without the record), any
 * other a [tcp-user] copy.  Cross-checked against the call's result.
 */
enum send_src { SRC_USER, SRC_ZEROCOPY, SRC_PAGES };

static void rule_tcp_measured(struct sc_ctx *c, enum send_src src,
			      enum cs_place from, uint64_t expected,
			      uint16_t flags)
{
	enum cs_kind kind = CS_K_CPU;
	enum cs_rule rule = CS_R_TCP_USER;
	uint64_t got;

	/* parts of tcp_sendmsg_locked, which counts them whole */
	ctx_take_copy(c, CS_FN_SKB_SPLICE);
	ctx_take_copy(c, CS_FN_ZC_FILL);
	got = ctx_take_copy(c, CS_FN_TCP_SENDMSG);
	if (src == SRC_ZEROCOPY) {
		kind = CS_K_REF;
		rule = CS_R_TCP_ZEROCOPY;
		from = CS_PL_USER;
		flags &= (uint16_t)~CS_TF_VIA_MAPPING;
	} else if (src == SRC_PAGES) {
		kind = CS_K_REF;
		rule = CS_R_TCP_PAGES_SG;
	}
	if (got != expected)
		note_mismatch(c->m, c->p, c->sc->h.ts, c->sc->h.pid, c->sc,
			      c->seq, rule, (int64_t)expected, (int64_t)got);
	fact_transfer(c->m, c->p, c->sc->h.ts, c->sc->h.pid, c->sc, c->seq, got,
		      from, CS_PL_SOCKBUF, kind, CS_EVID_MEASURED, rule, flags);
}

/* The tcp record inside the call, marked as used. */
static const struct cs_tcp_send *take_tcp(struct sc_ctx *c)
{
	size_t i;

	for (i = 0; i < c->nitems; i++)
		if (c->items[i].r.h.type == CS_EV_TCP_SEND &&
		    &c->items[i].r.tcp == c->tcp) {
			c->items[i].consumed = true;
			return c->tcp;
		}
	return NULL;
}

/*
 * [sock-send] A send with no tcp_sendmsg_locked record (UDP, a Unix
 * socket, or a record that was dropped): every protocol but TCP with
 * MSG_SPLICE_PAGES or MSG_ZEROCOPY copies the data into an skb.  Inferred.
 */
static void rule_send(struct sc_ctx *c, enum sc_class cls)
{
	const struct cs_syscall *sc = c->sc;
	uint64_t r = sc_bytes(sc);
	const struct cs_tcp_send *tcp = take_tcp(c);
	const struct mapping *mp =
		mapping_find(c->p, syscall_user_buf(sc->nr, sc->arg[1]));
	enum cs_place from = mp ? CS_PL_PAGE_CACHE : CS_PL_USER;
	uint16_t flags = mp ? CS_TF_VIA_MAPPING : 0;
	bool zc_arg = sc->nr == NR_sendto ? (sc->arg[3] & MSG_ZEROCOPY_) :
		      sc->nr == NR_sendmsg ? (sc->arg[2] & MSG_ZEROCOPY_) :
				     false;
	bool zc;

	(void)cls;
	if (!r)
		return;
	if (tcp) {
		rule_tcp_send(c, tcp, from, r, true, flags);
		zc = tcp->msg_flags & CS_MSG_ZEROCOPY;
	} else if (c->copy_seen[CS_FN_TCP_SENDMSG]) {
		zc = zc_arg || c->copy_seen[CS_FN_ZC_FILL];
		rule_tcp_measured(c, zc ? SRC_ZEROCOPY : SRC_USER, from, r,
				  flags);
	} else {
		zc = zc_arg && (sc->file[0].fflags & CS_FF_TCP);
		fact_transfer(c->m, c->p, sc->h.ts, sc->h.pid, sc, c->seq, r,
			      zc ? CS_PL_USER : from, CS_PL_SOCKBUF,
			      zc ? CS_K_REF : CS_K_CPU, CS_EVID_INFERRED,
			      zc ? CS_R_TCP_ZEROCOPY : CS_R_SOCK_SEND,
			      zc ? 0 : flags);
	}
	strategy_stat(c->m, c->p, sc->h.ts,
		      zc ? STS_SEND_ZC :
		      mp ? STS_SEND_MAPPED :
			   STS_SEND_USER,
		      r);
}

/*
 * sendfile(socket, file) and splice(pipe, socket): the pages go to
 * tcp_sendmsg_locked as a BVEC with MSG_SPLICE_PAGES: [tcp-pages-sg] or
 * [tcp-pages-nosg].  Without the tcp record (a kernel before 6.13, another
 * protocol, or a dropped record) tcp_sendmsg_locked's copy-tier records
 * measure the send ([tcp-pages-sg], measured); without those either the
 * kind cannot be known: a TCP socket is taken to gather (inferred), any
 * other copies (inferred).
 */
static void rule_pages_to_socket(struct sc_ctx *c, enum sc_class cls)
{
	const struct cs_syscall *sc = c->sc;
	uint64_t r = sc_bytes(sc);
	const struct cs_tcp_send *tcp = take_tcp(c);
	enum cs_place from = cls == SCC_SPLICE ? CS_PL_PIPE : CS_PL_PAGE_CACHE;
	uint16_t sockflags =
		cls == SCC_SPLICE ? sc->file[1].fflags : sc->file[0].fflags;
	bool ref;

	/*
	 * sendfile reads the file through an internal pipe, by reference:
	 * part of the call (filemap_splice_read, or filemap_read into a pipe
	 * on 6.1-era kernels; the kprobe tier cannot tell filemap_read's
	 * iterator).
	 */
	ctx_take_copy(c, CS_FN_FILEMAP_SPLICE);
	ctx_take_copy(c, CS_FN_FILEMAP_READ);
	if (!r)
		return;
	if (tcp) {
		rule_tcp_send(c, tcp, from, r, true, 0);
		ref = !(tcp->msg_flags & CS_MSG_ZEROCOPY) && tcp->route_sg;
	} else if (c->copy_seen[CS_FN_TCP_SENDMSG]) {
		rule_tcp_measured(c, SRC_PAGES, from, r, 0);
		ref = true;
	} else {
		/* (on 6.1-era kernels the pages went to tcp_sendpage, which the
		 * copy tier does not watch: no record there either) */
		ref = sockflags & CS_FF_TCP;
		fact_transfer(c->m, c->p, sc->h.ts, sc->h.pid, sc, c->seq, r,
			      from, CS_PL_SOCKBUF, ref ? CS_K_REF : CS_K_CPU,
			      CS_EVID_INFERRED,
			      ref ? CS_R_TCP_PAGES_SG : CS_R_SOCK_SEND, 0);
	}
	if (cls == SCC_SPLICE)
		strategy_stat(c->m, c->p, sc->h.ts, STS_SPLICE_OUT, r);
	else
		strategy_stat(c->m, c->p, sc->h.ts,
			      ref ? STS_SENDFILE_REF : STS_SENDFILE_CPU, r);
}

/*
 * [recv-copy] skb_copy_datagram_iovec fires for every piece the kernel
 * copies from an skb into the receiver's buffer, with its length: the
 * copy itself, measured (made by rules_net_item).  The pieces of one
 * receive call must add up to its result: cross-checked here.
 *
 * [sock-recv] a receive that returned bytes with no receive-copy record
 * (dropped record, or a protocol that copies elsewhere): inferred.
 */
static void rule_recv(struct sc_ctx *c)
{
	const struct cs_syscall *sc = c->sc;
	uint64_t r = sc_bytes(sc), dgram;

	dgram = ctx_take_copy(c, CS_FN_SKB_COPY_DGRAM);
	if (!r || syscall_is_errqueue(sc->nr, sc->arg[2]))
		return;
	if (c->copy_seen[CS_FN_SKB_COPY_DGRAM] && dgram != r)
		note_mismatch(c->m, c->p, sc->h.ts, sc->h.pid, sc, c->seq,
			      CS_R_RECV_COPY, (int64_t)r, (int64_t)dgram);
	if (!c->recv_copy_bytes)
		fact_transfer(c->m, c->p, sc->h.ts, sc->h.pid, sc, c->seq, r,
			      CS_PL_SOCKBUF, recv_dest(c), CS_K_CPU,
			      CS_EVID_INFERRED, CS_R_SOCK_RECV, 0);
	else if (c->recv_copy_bytes != r)
		note_mismatch(c->m, c->p, sc->h.ts, sc->h.pid, sc, c->seq,
			      CS_R_RECV_COPY, (int64_t)r,
			      (int64_t)c->recv_copy_bytes);
	strategy_stat(c->m, c->p, sc->h.ts, STS_READ_SOCK, r);
}

bool rules_net(struct sc_ctx *c, enum sc_class cls)
{
	switch (cls) {
	case SCC_READ:
	case SCC_RECV:
		rule_recv(c);
		return true;
	case SCC_WRITE:
	case SCC_SEND:
		rule_send(c, cls);
		return true;
	case SCC_SENDFILE:
	case SCC_SPLICE:
		rule_pages_to_socket(c, cls);
		return true;
	default:
		return false;
	}
}

/*
 * [xmit-virtual] An skb of a traced socket reached lo or a veth: the
 * "device" hands the skb to the receiving socket in memory.  Nothing is
 * DMAed; a physical NIC would DMA these bytes here.  Shown as explained,
 * never as measured, and never counted as a DMA transfer.
 * [xmit-device] On a real device, the NIC DMAs the skb's bytes out of
 * memory after this point: attributed (the transmit proves it; the size is
 * the skb's payload).
 * [deferred-copy] An skb holding pinned user pages (MSG_ZEROCOPY) that
 * reaches a virtual device is delivered to a local socket, which must not
 * keep the sender's pages: skb_copy_ubufs copies them (every completion
 * then says "copied").  The deferred CPU copy, attributed, unless the
 * fentry/kprobe tier measures skb_copy_ubufs itself.
 */
/*
 * [xmit-copy] The socket took page references ([tcp-pages-sg]: since the
 * kernel segments in software, a socket offers to gather even when its
 * device cannot), but the skb reaching the device holds its whole payload
 * in its linear area, no page frags: segmentation for a device without
 * scatter-gather copied the payload into linear skbs.  CPU copy, attributed
 * (the transmit proves it; its payload is the size).  This is the copy of
 * the article's plain sendfile row.
 */
/*
 * A fact of a merged record stands for its skbs: one copy or transfer
 * each (0 in recordings made before records were merged: one).
 */
static void stands_for(struct cs_fact *f, uint32_t skbs)
{
	if (f)
		f->u.transfer.count = skbs ? skbs : 1;
}

static void rule_xmit_copy(struct sc_ctx *c, const struct cs_xmit *x)
{
	const struct cs_tcp_send *last =
		c->p->have_tcp ? &c->p->last_tcp : NULL;
	enum cs_place from;

	/* (a route that cannot gather copied already, at the send) */
	if (!last || last->sk != x->sk || (last->msg_flags & CS_MSG_ZEROCOPY) ||
	    !((last->msg_flags & CS_MSG_SPLICE_PAGES) ||
	      last->iter == CS_ITER_BVEC) ||
	    !last->route_sg)
		return;
	/* payload in page frags is still referenced (a retransmitted copy
	 * of an skb keeps the frags but not the shared-frag flag); all of it
	 * in the linear area means it was copied there */
	if (x->data_len || (x->shinfo_flags & CS_SKBFL_ZEROCOPY_ENABLE))
		return;
	from = c->p->seen_uring_splice ? CS_PL_PIPE : CS_PL_PAGE_CACHE;
	stands_for(fact_transfer(c->m, c->p, x->h.ts, x->h.pid, c->sc, c->seq,
				 x->len, from, CS_PL_SOCKBUF, CS_K_CPU,
				 CS_EVID_ATTRIBUTED, CS_R_XMIT_COPY,
				 CS_TF_NO_SG),
		   x->skbs);
	strategy_stat(c->m, c->p, x->h.ts, STS_XMIT_COPY, x->len);
}

static void rule_xmit(struct sc_ctx *c, const struct cs_xmit *x)
{
	bool virt = virtual_device(x);
	uint32_t pid = x->h.pid;

	rule_xmit_copy(c, x);
	stands_for(fact_transfer(c->m, c->p, x->h.ts, pid, c->sc, c->seq,
				 x->len, CS_PL_SOCKBUF, CS_PL_NIC, CS_K_DMA,
				 virt ? CS_EVID_EXPLAINED : CS_EVID_ATTRIBUTED,
				 virt ? CS_R_XMIT_VIRTUAL : CS_R_XMIT_DEVICE,
				 virt ? CS_TF_VIRTUAL_DEV : 0),
		   x->skbs);
	if (virt && (x->shinfo_flags & CS_SKBFL_ZEROCOPY_ENABLE) &&
	    !c->m->copy_fn_active[CS_FN_SKB_COPY_UBUFS])
		stands_for(fact_transfer(c->m, c->p, x->h.ts, pid, c->sc,
					 c->seq, x->len, CS_PL_USER,
					 CS_PL_SOCKBUF, CS_K_CPU,
					 CS_EVID_ATTRIBUTED,
					 CS_R_DEFERRED_COPY, CS_TF_DEFERRED),
			   x->skbs);
}

void rules_net_item(struct sc_ctx *c, struct held *it)
{
	const struct cs_tcp_send *tcp = &it->r.tcp;
	enum cs_place from;

	switch (it->r.h.type) {
	case CS_EV_RECV_COPY:
		stands_for(fact_transfer(c->m, c->p, it->r.h.ts, it->r.h.pid,
					 c->sc, c->seq, it->r.rc.len,
					 CS_PL_SOCKBUF, recv_dest(c), CS_K_CPU,
					 CS_EVID_MEASURED, CS_R_RECV_COPY, 0),
			   it->r.rc.skbs);
		c->t->recv_since_complete = true;
		break;
	case CS_EV_XMIT:
		rule_xmit(c, &it->r.xmit);
		break;
	case CS_EV_TCP_SEND:
		/*
		 * A send outside a send call: io_uring, inline in
		 * io_uring_enter or in an io-wq worker.  The record proves
		 * how the request sends; its completion's result sizes it
		 * (rules_uring.c): a request can leave several records (an
		 * attempt that found the socket full, then its retry; a
		 * worker's record per skb).
		 */
		remember_tcp(c, tcp);
		if (c->p->uses_uring || c->m->copy_fn_active[CS_FN_TCP_SENDMSG])
			break;
		/*
		 * Anywhere else, a send call whose own record was lost: the
		 * size is the request's (msg_data_left), attributed.  (With
		 * the copy tier on, tcp_sendmsg_locked's records measure it.)
		 */
		from = CS_PL_USER;
		if (!(tcp->msg_flags & CS_MSG_ZEROCOPY) &&
		    ((tcp->msg_flags & CS_MSG_SPLICE_PAGES) ||
		     tcp->iter == CS_ITER_BVEC))
			from = CS_PL_PAGE_CACHE;
		{
			struct sc_ctx alone = *c;

			alone.sc = NULL; /* not the enclosing call's result */
			rule_tcp_send(&alone, tcp, from, tcp->size, false, 0);
		}
		break;
	}
}
