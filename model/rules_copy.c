// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * rules_copy.c - [copy-fn] the fentry/kprobe tier: a copy-path function
 * returned, with the bytes it moved.  Inside a system call the call's rule
 * takes these records and turns its attributed transfer into a measured
 * one (and cross-checks the call's result).  What is left here happened
 * outside any call the model can tie it to (an io-wq worker, a softirq
 * running in a traced thread) or is a copy no call rule covers (the
 * deferred copy of a zero-copy send): each becomes a measured transfer.
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
	/* skb_copy_datagram_iovec's tracepoint measures the same copy */
	[CS_FN_SKB_COPY_DGRAM] = { false, 0, 0, 0, 0 },
	/* decided by the thread's last tcp record, below */
	[CS_FN_TCP_SENDMSG] = { true, CS_PL_USER, CS_PL_SOCKBUF, CS_K_CPU, 0 },
	/* parts of tcp_sendmsg_locked, which counts them whole */
	[CS_FN_SKB_SPLICE] = { false, 0, 0, 0, 0 },
	[CS_FN_ZC_FILL] = { false, 0, 0, 0, 0 },
	[CS_FN_SKB_COPY_UBUFS] = { true, CS_PL_USER, CS_PL_SOCKBUF, CS_K_CPU,
				   CS_TF_DEFERRED },
	[CS_FN_FILEMAP_SPLICE] = { true, CS_PL_PAGE_CACHE, CS_PL_PIPE, CS_K_REF,
				   0 },
	[CS_FN_COPY_SPLICE] = { true, CS_PL_PAGE_CACHE, CS_PL_PIPE, CS_K_CPU,
				0 },
	/* the block completions measure O_DIRECT */
	[CS_FN_DIO_RW] = { false, 0, 0, 0, 0 },
};

void rules_copy_item(struct sc_ctx *c, struct held *it)
{
	const struct cs_copy *cp = &it->r.cp;
	const struct fn_rule *r;
	const struct cs_tcp_send *last;
	uint8_t from, kind;
	enum cs_rule rule = CS_R_COPY_FN;
	uint16_t flags;

	if (cp->fn >= CS_FN_MAX || cp->bytes <= 0)
		return;
	r = &fn_rules[cp->fn];
	if (!r->transfer)
		return;
	from = r->from;
	kind = r->kind;
	flags = r->flags;
	if (cp->fn == CS_FN_SKB_COPY_UBUFS)
		rule = CS_R_DEFERRED_COPY;
	if (cp->fn == CS_FN_TCP_SENDMSG) {
		last = c->t->have_tcp ? &c->t->last_tcp : NULL;
		if (last && (last->msg_flags & CS_MSG_ZEROCOPY)) {
			kind = CS_K_REF;
			rule = CS_R_TCP_ZEROCOPY;
		} else if ((last && ((last->msg_flags & CS_MSG_SPLICE_PAGES) ||
				     last->iter == CS_ITER_BVEC)) ||
			   (!last && cp->iter == CS_ITER_BVEC)) {
			from = c->p->seen_uring_splice ? CS_PL_PIPE :
							 CS_PL_PAGE_CACHE;
			kind = last && !last->route_sg ? CS_K_CPU : CS_K_REF;
			rule = kind == CS_K_REF ? CS_R_TCP_PAGES_SG :
						  CS_R_TCP_PAGES_NOSG;
		} else {
			rule = CS_R_TCP_USER;
		}
		c->t->tcp_since_complete = true;
	}
	fact_transfer(c->m, c->p, cp->h.ts, cp->h.pid, c->sc, c->seq,
		      (uint64_t)cp->bytes, from, r->to, kind, CS_EVID_MEASURED,
		      rule, flags);
}
