// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * rules_uring.c - io_uring.  One io_uring_enter() submits many requests;
 * each runs inline or in an io-wq worker thread (same process, flagged
 * CS_HF_IO_WORKER) and completes with a CQE.  The records carry no file
 * descriptors, so the copy a request made is proven by the records of the
 * same thread since its previous completion: a tcp_sendmsg_locked record
 * means the request sent on a socket, a receive copy that it received.
 *
 * One transfer per request, sized by its completion's result: a request
 * can leave several records (a send that found the socket full and was
 * tried again; an io-wq worker's record per skb).  The copy tier's
 * records of the request (held by their thread until the completion,
 * rules_copy.c) measure it instead, checked against the result.
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

/*
 * Measured bytes of a request against its result: a disagreement is
 * reported, never hidden.
 */
static void check(struct sc_ctx *c, const struct cs_uring *u, enum cs_rule rule,
		  uint64_t res, uint64_t seen)
{
	/* the request's result, not the enclosing io_uring_enter's */
	if (seen != res)
		note_mismatch(c->m, c->p, u->h.ts, u->h.pid, NULL, 0, rule,
			      (int64_t)res, (int64_t)seen);
}

/* The transfer of a request, measured by the copy records of slot(s)
 * when its thread left some, else with the result and evidence ev. */
static void measured_or(struct sc_ctx *c, const struct cs_uring *u,
			uint64_t res, enum cs_copy_fn slot,
			enum cs_copy_fn slot2, enum cs_place from,
			enum cs_place to, enum cs_kind kind,
			enum cs_evidence ev, enum cs_rule rule)
{
	bool seen, seen2;
	uint64_t got = pend_take(c->t, slot, &seen);

	got += pend_take(c->t, slot2, &seen2);
	if (seen || seen2) {
		check(c, u, rule, res, got);
		transfer(c, u, got, from, to, kind, CS_EVID_MEASURED, rule);
	} else {
		transfer(c, u, res, from, to, kind, ev, rule);
	}
}

enum send_src { SRC_USER, SRC_ZEROCOPY, SRC_PIPE };

/*
 * A request that sent on a TCP socket (SEND, SEND_ZC, a WRITE or a SPLICE
 * to a socket): the same rules as a send call ([tcp-user],
 * [tcp-zerocopy], [tcp-pages-sg], [tcp-pages-nosg]), one transfer per
 * request, sized by its completion.  tcp_sendmsg_locked's records of the
 * request measure it; else a tcp_sendmsg_locked tracepoint record of
 * the thread since its previous completion proves it (attributed: a
 * request can leave several, one per attempt); else the opcode alone
 * (inferred).
 */
static void uring_send(struct sc_ctx *c, const struct cs_uring *u, uint64_t res,
		       enum send_src src)
{
	const struct cs_tcp_send *tcp =
		c->t->tcp_since_complete ? &c->t->last_tcp : NULL;
	enum cs_evidence ev = tcp ? CS_EVID_ATTRIBUTED : CS_EVID_INFERRED;
	enum cs_place from = CS_PL_USER;
	enum cs_kind kind = CS_K_CPU;
	enum cs_rule rule = CS_R_TCP_USER;
	uint16_t flags = CS_TF_URING;
	uint64_t got;
	bool seen;

	/* parts of tcp_sendmsg_locked, which counts them whole */
	pend_take(c->t, CS_FN_SKB_SPLICE, NULL);
	pend_take(c->t, CS_FN_ZC_FILL, NULL);
	got = pend_take(c->t, CS_FN_TCP_SENDMSG, &seen);
	if (src == SRC_ZEROCOPY) {
		kind = CS_K_REF;
		rule = CS_R_TCP_ZEROCOPY;
	} else if (src == SRC_PIPE) {
		from = CS_PL_PIPE;
		if (tcp && !tcp->route_sg) {
			rule = CS_R_TCP_PAGES_NOSG;
			flags |= CS_TF_NO_SG;
		} else {
			kind = CS_K_REF;
			rule = CS_R_TCP_PAGES_SG;
		}
	}
	if (seen) {
		check(c, u, rule, res, got);
		res = got;
		ev = CS_EVID_MEASURED;
	}
	fact_transfer(c->m, c->p, u->h.ts, u->h.pid, c->sc, c->seq, res, from,
		      CS_PL_SOCKBUF, kind, ev, rule, flags);
}

static void add_payload(struct sc_ctx *c, uint64_t ts, uint64_t bytes,
			bool received)
{
	struct cs_totals *t[2] = { &c->p->tot, flows_tot(c->m, c->p) };

	if (!model_in_window(c->m, c->p, ts))
		return;
	for (int i = 0; i < 2 && t[i]; i++) {
		if (received) {
			t[i]->received_bytes += bytes;
		} else {
			t[i]->payload_bytes += bytes;
			t[i]->payload_calls++;
		}
	}
}

/* Bytes the process's io_uring SPLICE requests hold in pipes. */
static void pipe_in(struct proc *p, uint64_t bytes)
{
	p->uring_pipe_bytes += bytes;
}

static void pipe_out(struct proc *p, uint64_t bytes)
{
	p->uring_pipe_bytes -=
		bytes < p->uring_pipe_bytes ? bytes : p->uring_pipe_bytes;
}

/*
 * [deferred-copy] The notification of a SEND_ZC request says whether the
 * kernel had to copy the pages after all (always, on lo or veth).  Where
 * the transmit records show the copy ([deferred-copy] in rules_net.c) or
 * the copy tier measures skb_copy_ubufs itself, this is their
 * confirmation.  Where neither can (a kernel without the
 * tcp_sendmsg_locked tracepoint has no transmit records of the socket),
 * the notification proves the copy; its size is the request's result:
 * attributed.
 */
static void on_notification(struct sc_ctx *c, const struct cs_uring *u,
			    const struct uring_op *op)
{
	if (!((uint32_t)u->res & NOTIF_USAGE_ZC_COPIED))
		return;
	fact_note(
		c->m, u->h.ts, u->h.pid, u->h.tgid, CS_NOTE_ZC_COPIED,
		"zero-copy send completed: the kernel reports it copied the data");
	if (c->p->seen_xmit || c->m->copy_fn_active[CS_FN_SKB_COPY_UBUFS] ||
	    !op->used || op->user_data != u->user_data || op->last_res <= 0)
		return;
	fact_transfer(c->m, c->p, u->h.ts, u->h.pid, c->sc, c->seq,
		      (uint64_t)op->last_res, CS_PL_USER, CS_PL_SOCKBUF,
		      CS_K_CPU, CS_EVID_ATTRIBUTED, CS_R_DEFERRED_COPY,
		      CS_TF_DEFERRED | CS_TF_URING);
}

/*
 * A SPLICE request.  What its thread did since its previous completion
 * tells the direction: a send ([tcp-pages-sg] from the pipe), pages into
 * the pipe ([uring-splice-in]: filemap_splice_read, or filemap_read into
 * the pipe on 6.1-era kernels, by reference; copy_splice_read copies), or
 * a write into a file's page cache ([splice-out-file]).
 *
 * With no record at all (the tracepoint tier on a kernel without the
 * tcp_sendmsg_locked tracepoint, before 6.13; the copy tier on 6.1-era
 * kernels, where splice to a socket goes through tcp_sendpage), a request
 * that finds its process's pipes holding at least its result, put there
 * by earlier SPLICE requests, took them out: to a socket, by reference
 * ([tcp-pages-sg], inferred; a write into a file's page cache would have
 * left records).  Otherwise it is [uring-splice-in], inferred.  A process
 * whose sends leave tcp_sendmsg_locked records never needs this guess.
 */
static void on_splice(struct sc_ctx *c, const struct cs_uring *u, uint64_t res)
{
	struct thread *t = c->t;
	bool sent = t->tcp_since_complete || t->pend[CS_FN_TCP_SENDMSG].seen ||
		    t->pend[CS_FN_SKB_SPLICE].seen;

	if (sent) {
		uring_send(c, u, res, SRC_PIPE);
		pipe_out(c->p, res);
	} else if (t->pend[CS_FN_COPY_SPLICE].seen) {
		measured_or(c, u, res, CS_FN_COPY_SPLICE, CS_FN_COPY_SPLICE,
			    CS_PL_PAGE_CACHE, CS_PL_PIPE, CS_K_CPU,
			    CS_EVID_INFERRED, CS_R_URING_SPLICE_IN);
		pipe_in(c->p, res);
		return;
	} else if (t->pend[CS_FN_FILEMAP_SPLICE].seen ||
		   t->pend[CS_FN_FILEMAP_READ].seen) {
		measured_or(c, u, res, CS_FN_FILEMAP_SPLICE, CS_FN_FILEMAP_READ,
			    CS_PL_PAGE_CACHE, CS_PL_PIPE, CS_K_REF,
			    CS_EVID_INFERRED, CS_R_URING_SPLICE_IN);
		pipe_in(c->p, res);
		return;
	} else if (t->pend[CS_FN_PERFORM_WRITE].seen) {
		measured_or(c, u, res, CS_FN_PERFORM_WRITE, CS_FN_PERFORM_WRITE,
			    CS_PL_PIPE, CS_PL_PAGE_CACHE, CS_K_CPU,
			    CS_EVID_INFERRED, CS_R_SPLICE_OUT_FILE);
		pipe_out(c->p, res);
		add_payload(c, u->h.ts, res, false);
		return;
	} else if (!c->p->have_tcp && c->p->uring_pipe_bytes >= res) {
		transfer(c, u, res, CS_PL_PIPE, CS_PL_SOCKBUF, CS_K_REF,
			 CS_EVID_INFERRED, CS_R_TCP_PAGES_SG);
		pipe_out(c->p, res);
	} else {
		transfer(c, u, res, CS_PL_PAGE_CACHE, CS_PL_PIPE, CS_K_REF,
			 CS_EVID_INFERRED, CS_R_URING_SPLICE_IN);
		pipe_in(c->p, res);
		return;
	}
	add_payload(c, u->h.ts, res, false);
	strategy_stat(c->m, c->p, u->h.ts, STS_URING_SPLICE, res);
}

static void on_complete(struct sc_ctx *c, const struct cs_uring *u)
{
	struct uring_op *op = op_slot(c->p, u->user_data);
	uint8_t opcode = u->opcode;
	uint64_t res = u->res > 0 ? (uint64_t)u->res : 0;
	struct thread *t = c->t;
	bool sent, recvd = t->recv_since_complete;

	if (opcode == 0xff)
		opcode = op->used && op->user_data == u->user_data ?
				 op->opcode :
				 0xff;
	/* a notification ends no request of this thread: its records wait */
	if (u->cflags & CQE_F_NOTIF) {
		on_notification(c, u, op);
		return;
	}
	sent = t->tcp_since_complete || t->pend[CS_FN_TCP_SENDMSG].seen;
	if (res) {
		switch (opcode) {
		case OP_READ:
		case OP_READV:
		case OP_READ_FIXED:
			/*
			 * [uring-read] a READ request read a file (no receive
			 * copy in between): page cache -> buffer, a CPU
			 * copy.  Inferred: the record names no file;
			 * measured by filemap_read's records.  A socket
			 * read is the receive copy; an O_DIRECT read
			 * (iomap_dio_complete) the disk's DMA, measured by
			 * the block completions.
			 */
			if (recvd) {
				add_payload(c, u->h.ts, res, true);
				strategy_stat(c->m, c->p, u->h.ts,
					      STS_READ_SOCK, res);
			} else if (t->pend[CS_FN_DIO_RW].seen) {
				check(c, u, CS_R_READ_DIRECT, res,
				      pend_take(t, CS_FN_DIO_RW, NULL));
			} else {
				measured_or(c, u, res, CS_FN_FILEMAP_READ,
					    CS_FN_FILEMAP_READ,
					    CS_PL_PAGE_CACHE, CS_PL_USER,
					    CS_K_CPU, CS_EVID_INFERRED,
					    CS_R_URING_READ);
			}
			break;
		case OP_WRITE:
		case OP_WRITEV:
		case OP_WRITE_FIXED:
			/* [uring-write] a WRITE that did not send: buffer ->
			 * page cache, measured by generic_perform_write */
			if (sent)
				uring_send(c, u, res, SRC_USER);
			else
				measured_or(c, u, res, CS_FN_PERFORM_WRITE,
					    CS_FN_PERFORM_WRITE, CS_PL_USER,
					    CS_PL_PAGE_CACHE, CS_K_CPU,
					    CS_EVID_INFERRED, CS_R_URING_WRITE);
			add_payload(c, u->h.ts, res, false);
			strategy_stat(c->m, c->p, u->h.ts, STS_URING_RW, res);
			break;
		case OP_SEND:
		case OP_SENDMSG:
			uring_send(c, u, res, SRC_USER);
			add_payload(c, u->h.ts, res, false);
			strategy_stat(c->m, c->p, u->h.ts, STS_URING_RW, res);
			break;
		case OP_SEND_ZC:
		case OP_SENDMSG_ZC:
			uring_send(c, u, res, SRC_ZEROCOPY);
			add_payload(c, u->h.ts, res, false);
			strategy_stat(c->m, c->p, u->h.ts, STS_URING_SEND_ZC,
				      res);
			break;
		case OP_SPLICE:
			on_splice(c, u, res);
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
	}
	op->last_res = u->res;
	/* copy records this request did not claim did happen: on their own */
	pend_flush(c);
	t->tcp_since_complete = false;
	t->recv_since_complete = false;
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
