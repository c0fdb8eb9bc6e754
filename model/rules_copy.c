// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * rules_copy.c - [copy-fn] the fentry/kprobe tier: a copy-path function
 * returned, with the bytes it moved.
 *
 * A copy record measures a transfer that the tracepoint tier attributes
 * or infers from other records.  The same transfer must come out once:
 *
 *  - inside a system call, the call's rule (rules_file.c, rules_net.c,
 *    rules_pipe.c) takes the records of the functions that did its
 *    transfer (ctx_take_copy()), emits the transfer with evidence
 *    "measured" and their bytes, and cross-checks them against the call's
 *    result (a disagreement is a mismatch note, never hidden);
 *  - for io_uring (inline in io_uring_enter, or in an io-wq worker) the
 *    records wait in their thread for the request's completion, whose
 *    rule (rules_uring.c) does the same against the CQE's result;
 *  - what neither claims (a call whose record was lost, a copy no rule
 *    covers) becomes a measured transfer of its own, here.
 *
 * Which transfer each function measures (one table, fn_rules[] below;
 * tutorial/evidence.md, "The copy tier", says the same):
 *
 *   filemap_read, iterator UBUF/IOVEC  page cache -> user, CPU
 *   filemap_read, iterator PIPE        page cache -> pipe, REF: on 6.1-era
 *                                      kernels splice and sendfile read a
 *                                      file through filemap_read into a
 *                                      pipe iterator, which takes page
 *                                      references, copying nothing
 *   generic_perform_write              user (or pipe) -> page cache, CPU
 *   skb_copy_datagram_iter             socket buffer -> receiver, CPU: the
 *                                      receive-copy tracepoint measures the
 *                                      same copy; a cross-check only
 *   tcp_sendmsg_locked                 user -> socket buffer, CPU (UBUF,
 *                                      IOVEC); REF with MSG_ZEROCOPY
 *                                      (pinned pages) or with pages
 *                                      (BVEC: sendfile, splice)
 *   skb_splice_from_iter               page references into an skb: part
 *                                      of tcp_sendmsg_locked's REF send
 *   zerocopy_fill_skb_from_iter        pinned user pages into an skb: part
 *                                      of tcp_sendmsg_locked's zero-copy
 *                                      send (no copy)
 *   skb_copy_ubufs                     the deferred CPU copy that undoes a
 *                                      zero-copy send, user -> socket
 *                                      buffer, of the process that sent
 *   filemap_splice_read                page cache -> pipe, REF
 *   copy_splice_read                   page cache -> pipe, CPU (a file
 *                                      system that cannot lend its pages)
 *   iomap_dio_complete                 disk -> user (O_DIRECT), DMA: the
 *                                      block completions measure the DMA;
 *                                      this cross-checks the call
 */
#include "model/model_int.h"

struct fn_rule {
	bool transfer; /* false: a cross-check only, another record covers it */
	uint8_t from, to, kind;
	uint16_t flags;
};

static const struct fn_rule fn_rules[CS_FN_MAX] = {
	[CS_FN_FILEMAP_READ] = { true, CS_PL_PAGE_CACHE, CS_PL_USER, CS_K_CPU,
				 0 },
	[CS_FN_PERFORM_WRITE] = { true, CS_PL_USER, CS_PL_PAGE_CACHE, CS_K_CPU,
				  0 },
	[CS_FN_SKB_COPY_DGRAM] = { false, 0, 0, 0, 0 },
	/* kind and source decided by the send it belongs to, below */
	[CS_FN_TCP_SENDMSG] = { true, CS_PL_USER, CS_PL_SOCKBUF, CS_K_CPU, 0 },
	[CS_FN_SKB_SPLICE] = { false, 0, 0, 0, 0 },
	[CS_FN_ZC_FILL] = { false, 0, 0, 0, 0 },
	[CS_FN_SKB_COPY_UBUFS] = { true, CS_PL_USER, CS_PL_SOCKBUF, CS_K_CPU,
				   CS_TF_DEFERRED },
	/* filemap_read into a pipe counts here too (copy_slot()) */
	[CS_FN_FILEMAP_SPLICE] = { true, CS_PL_PAGE_CACHE, CS_PL_PIPE, CS_K_REF,
				   0 },
	[CS_FN_COPY_SPLICE] = { true, CS_PL_PAGE_CACHE, CS_PL_PIPE, CS_K_CPU,
				0 },
	[CS_FN_DIO_RW] = { false, 0, 0, 0, 0 },
};

enum cs_copy_fn copy_slot(const struct cs_copy *cp)
{
	/* a pipe iterator takes the page-cache pages by reference */
	if (cp->fn == CS_FN_FILEMAP_READ && cp->iter == CS_ITER_PIPE)
		return CS_FN_FILEMAP_SPLICE;
	return (enum cs_copy_fn)cp->fn;
}

/*
 * The deferred copy undoes a zero-copy send where the skb is delivered:
 * on loopback often in the receiving process's context, whose pid the
 * record carries.  It belongs to the process that sent with MSG_ZEROCOPY
 * or io_uring SEND_ZC (known as soon as its records arrived).
 */
struct proc *zc_owner(struct sc_ctx *c)
{
	struct proc *p;

	if (c->p->zc_sender || !c->m->zc_tgid)
		return c->p;
	p = model_proc(c->m, c->m->zc_tgid);
	return p ? p : c->p;
}

/* One measured transfer of slot's function, on its own. */
static void copy_transfer(struct sc_ctx *c, uint64_t ts, uint32_t pid,
			  enum cs_copy_fn slot, uint8_t iter, uint64_t bytes,
			  bool zc)
{
	const struct fn_rule *r = &fn_rules[slot];
	const struct cs_tcp_send *last;
	struct proc *p = c->p;
	uint8_t from = r->from, kind = r->kind;
	enum cs_rule rule = CS_R_COPY_FN;

	if (!r->transfer || !bytes)
		return;
	if (slot == CS_FN_SKB_COPY_UBUFS) {
		p = zc_owner(c);
		rule = CS_R_DEFERRED_COPY;
		if (p != c->p) /* the sender's copy, not the receiver's */
			pid = p->tgid;
	} else if (slot == CS_FN_TCP_SENDMSG) {
		last = c->t->have_tcp ? &c->t->last_tcp : NULL;
		if (zc || (last && (last->msg_flags & CS_MSG_ZEROCOPY))) {
			kind = CS_K_REF;
			rule = CS_R_TCP_ZEROCOPY;
		} else if ((last && ((last->msg_flags & CS_MSG_SPLICE_PAGES) ||
				     last->iter == CS_ITER_BVEC)) ||
			   iter == CS_ITER_BVEC) {
			from = c->p->seen_uring_splice ? CS_PL_PIPE :
							 CS_PL_PAGE_CACHE;
			kind = last && !last->route_sg ? CS_K_CPU : CS_K_REF;
			rule = kind == CS_K_REF ? CS_R_TCP_PAGES_SG :
						  CS_R_TCP_PAGES_NOSG;
		} else {
			rule = CS_R_TCP_USER;
		}
	}
	fact_transfer(c->m, p, ts, pid, p == c->p ? c->sc : NULL, c->seq, bytes,
		      from, r->to, kind, CS_EVID_MEASURED, rule, r->flags);
}

/* In io_uring's hands: the request's completion will say what it was. */
static bool for_a_completion(const struct sc_ctx *c)
{
	return c->p->uses_uring &&
	       (!c->sc || syscall_class(c->sc->nr) == SCC_URING_ENTER);
}

void rules_copy_item(struct sc_ctx *c, struct held *it)
{
	const struct cs_copy *cp = &it->r.cp;
	enum cs_copy_fn slot;
	struct pend_copy *pc;

	if (cp->fn >= CS_FN_MAX || cp->bytes <= 0)
		return;
	slot = copy_slot(cp);
	if (slot != CS_FN_SKB_COPY_UBUFS && slot != CS_FN_SKB_COPY_DGRAM &&
	    for_a_completion(c)) {
		pc = &c->t->pend[slot];
		if (!pc->seen) {
			pc->ts = cp->h.ts;
			pc->pid = cp->h.pid;
		}
		pc->seen = true;
		pc->bytes += (uint64_t)cp->bytes;
		pc->iter = cp->iter;
		return;
	}
	copy_transfer(c, cp->h.ts, cp->h.pid, slot, cp->iter,
		      (uint64_t)cp->bytes, false);
}

uint64_t pend_take(struct thread *t, enum cs_copy_fn slot, bool *seen)
{
	struct pend_copy *pc = &t->pend[slot];
	uint64_t b = pc->bytes;

	if (seen)
		*seen = pc->seen;
	pc->bytes = 0;
	pc->seen = false;
	return b;
}

void pend_flush(struct sc_ctx *c)
{
	/* pinned pages went into the skbs: the send was a zero-copy one */
	bool zc = c->t->pend[CS_FN_ZC_FILL].seen;
	unsigned s;

	for (s = 0; s < CS_FN_MAX; s++) {
		struct pend_copy pc = c->t->pend[s];

		if (!pc.seen)
			continue;
		pend_take(c->t, (enum cs_copy_fn)s, NULL);
		copy_transfer(c, pc.ts, pc.pid, (enum cs_copy_fn)s, pc.iter,
			      pc.bytes, zc);
	}
}
