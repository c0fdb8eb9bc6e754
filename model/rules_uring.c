// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * rules_uring.c - io_uring.  One io_uring_enter() submits many requests;
 * each runs inline or in an io-wq worker thread (same process, flagged
 * CS_HF_IO_WORKER) and completes with a CQE.  The records carry no file
 * descriptors, so the copy a request made is proven by the records of the
 * same thread since its previous completion: a tcp_sendmsg_locked record
 * means the request sent on a socket, a receive copy that it received.
 *
 * Each rule says which event proves what; tutorial/evidence.md has the
 * same rules for students, under the anchor given in brackets.
 */
#include "model/model_int.h"

/* IORING_OP_* (include/uapi/linux/io_uring.h), stable kernel ABI. */
enum {
	OP_READV = 1,
	OP_WRITEV = 2,
	OP_READ_FIXED = 4,
	OP_WRITE_FIXED = 5,
	OP_SENDMSG = 9,
	OP_RECVMSG = 10,
	OP_READ = 22,
	OP_WRITE = 23,
	OP_SEND = 26,
	OP_RECV = 27,
	OP_SPLICE = 30,
	OP_TEE = 33,
	OP_SEND_ZC = 47,
	OP_SENDMSG_ZC = 48,
};

#define CQE_F_NOTIF (1U << 3)
#define NOTIF_USAGE_ZC_COPIED (1U << 31)

static struct uring_op *op_slot(struct proc *p, uint64_t user_data)
{
	uint64_t h = user_data * 0x9e3779b97f4a7c15ull;

	return &p->uring[(h >> 32) % MAX_URING_OPS];
}

static void transfer(struct sc_ctx *c, const struct cs_uring *u, uint64_t bytes,
		     enum cs_place from, enum cs_place to, enum cs_kind kind,
		     enum cs_evidence ev, enum cs_rule rule)
{
	fact_transfer(c->m, c->p, u->h.ts, u->h.pid, c->sc, c->seq, bytes, from,
		      to, kind, ev, rule, CS_TF_URING);
}

/* A send completion with no tcp record since the previous completion of
 * its thread: if the process never left one (another protocol, records
 * lost), the send is inferred from the request's opcode. */
static void send_without_record(struct sc_ctx *c, const struct cs_uring *u,
				uint64_t bytes, bool zc)
{
	const struct cs_tcp_send *last =
		c->p->have_tcp ? &c->p->last_tcp : NULL;
	const enum cs_evidence ev = CS_EVID_INFERRED;

	if (c->m->copy_fn_active[CS_FN_TCP_SENDMSG])
		return; /* the copy tier's records made the transfer */
	/*
	 * The process's sends leave tcp records: this completion's send had
	 * its own (a completion posted twice, or posted where the record of
	 * the send could not be matched); counting it again would double it.
	 */
	if (last)
		return;
	if (zc)
		transfer(c, u, bytes, CS_PL_USER, CS_PL_SOCKBUF, CS_K_REF, ev,
			 CS_R_TCP_ZEROCOPY);
	else
		transfer(c, u, bytes, CS_PL_USER, CS_PL_SOCKBUF, CS_K_CPU, ev,
			 CS_R_TCP_USER);
}

static void add_payload(struct sc_ctx *c, uint64_t ts, uint64_t bytes,
			bool received)
{
	if (!model_in_window(c->m, c->p, ts))
		return;
	if (received)
		c->p->tot.received_bytes += bytes;
	else {
		c->p->tot.payload_bytes += bytes;
		c->p->tot.payload_calls++;
	}
}

static void on_complete(struct sc_ctx *c, const struct cs_uring *u)
{
	struct uring_op *op = op_slot(c->p, u->user_data);
	uint8_t opcode = u->opcode;
	uint64_t res = u->res > 0 ? (uint64_t)u->res : 0;
	bool sent = c->t->tcp_since_complete, recvd = c->t->recv_since_complete;

	if (opcode == 0xff)
		opcode = op->used && op->user_data == u->user_data ?
				 op->opcode :
				 0xff;
	c->t->tcp_since_complete = false;
	c->t->recv_since_complete = false;

	/*
	 * [deferred-copy] The notification of a SEND_ZC request says whether
	 * the kernel had to copy the pages after all (always, on lo or veth).
	 * The copy itself is made by the transmit rule; this is its
	 * confirmation.
	 */
	if (u->cflags & CQE_F_NOTIF) {
		if ((uint32_t)u->res & NOTIF_USAGE_ZC_COPIED)
			fact_note(
				c->m, u->h.ts, u->h.pid, u->h.tgid,
				CS_NOTE_ZC_COPIED,
				"zero-copy send completed: the kernel reports it copied the data");
		return;
	}
	if (!res)
		return;
	switch (opcode) {
	case OP_READ:
	case OP_READV:
	case OP_READ_FIXED:
		/*
		 * [uring-read] a READ request read a file (no receive copy in
		 * between): page cache -> buffer, a CPU copy.  Inferred: the
		 * record names no file.  A socket read is the receive copy.
		 */
		if (recvd) {
			add_payload(c, u->h.ts, res, true);
			strategy_stat(c->m, c->p, u->h.ts, STS_READ_SOCK, res);
		} else if (!c->m->copy_fn_active[CS_FN_FILEMAP_READ]) {
			transfer(c, u, res, CS_PL_PAGE_CACHE, CS_PL_USER,
				 CS_K_CPU, CS_EVID_INFERRED, CS_R_URING_READ);
		}
		break;
	case OP_WRITE:
	case OP_WRITEV:
	case OP_WRITE_FIXED:
		/* [uring-write] a WRITE that did not send: buffer -> page cache
		 */
		if (!sent && !c->m->copy_fn_active[CS_FN_PERFORM_WRITE])
			transfer(c, u, res, CS_PL_USER, CS_PL_PAGE_CACHE,
				 CS_K_CPU, CS_EVID_INFERRED, CS_R_URING_WRITE);
		add_payload(c, u->h.ts, res, false);
		strategy_stat(c->m, c->p, u->h.ts, STS_URING_RW, res);
		break;
	case OP_SEND:
	case OP_SENDMSG:
		if (!sent)
			send_without_record(c, u, res, false);
		add_payload(c, u->h.ts, res, false);
		strategy_stat(c->m, c->p, u->h.ts, STS_URING_RW, res);
		break;
	case OP_SEND_ZC:
	case OP_SENDMSG_ZC:
		if (!sent)
			send_without_record(c, u, res, true);
		add_payload(c, u->h.ts, res, false);
		strategy_stat(c->m, c->p, u->h.ts, STS_URING_SEND_ZC, res);
		break;
	case OP_SPLICE:
		/*
		 * [uring-splice-in] a SPLICE that did not send moved file
		 * pages into a pipe by reference (inferred: the record names
		 * no file).  One that sent is [tcp-pages-sg] / -nosg.
		 */
		if (sent) {
			add_payload(c, u->h.ts, res, false);
			strategy_stat(c->m, c->p, u->h.ts, STS_URING_SPLICE,
				      res);
		} else if (!c->m->copy_fn_active[CS_FN_FILEMAP_SPLICE]) {
			transfer(c, u, res, CS_PL_PAGE_CACHE, CS_PL_PIPE,
				 CS_K_REF, CS_EVID_INFERRED,
				 CS_R_URING_SPLICE_IN);
		}
		break;
	case OP_TEE:
		transfer(c, u, res, CS_PL_PIPE, CS_PL_PIPE, CS_K_REF,
			 CS_EVID_INFERRED, CS_R_PIPE_PIPE);
		break;
	case OP_RECV:
	case OP_RECVMSG:
		add_payload(c, u->h.ts, res, true);
		strategy_stat(c->m, c->p, u->h.ts, STS_READ_SOCK, res);
		break;
	}
	op->last_res = u->res;
}

void rules_uring_item(struct sc_ctx *c, struct held *it)
{
	const struct cs_uring *u = &it->r.ur;
	struct uring_op *op;
	bool counted = model_in_window(c->m, c->p, u->h.ts);

	switch (u->what) {
	case CS_URING_SUBMIT:
		op = op_slot(c->p, u->user_data);
		op->user_data = u->user_data;
		op->opcode = u->opcode;
		op->used = true;
		op->last_res = 0;
		if (u->opcode == OP_SPLICE)
			c->p->seen_uring_splice = true;
		strategy_stat(c->m, c->p, u->h.ts,
			      u->opcode == OP_SPLICE ? STS_URING_SUBMIT_SPLICE :
			      u->opcode == OP_SEND_ZC ||
					      u->opcode == OP_SENDMSG_ZC ?
						       STS_URING_SUBMIT_ZC :
						       STS_URING_SUBMIT_RW,
			      1);
		if (counted)
			c->p->tot.uring_submits++;
		break;
	case CS_URING_COMPLETE:
		if (counted)
			c->p->tot.uring_completes++;
		on_complete(c, u);
		break;
	default:
		break;
	}
}
