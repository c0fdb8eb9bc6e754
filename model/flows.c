// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * flows.c - where each process's data goes (model.h, "flows").  Before a
 * call's rules run, its ends decide its flow: the call's own descriptors,
 * and for a write the source of the data in the buffer (a file mapped
 * there, else what the thread last read).  Reads wait in a flow of their
 * own (source -> memory) until a write sends the data on; that write's
 * flow then takes in everything they did.  A pipe that a thread fills and
 * drains itself (splice in, splice out) is a relay in the same way.
 *
 * Only data-moving calls join a flow: the calls of start-up (exec, the
 * loader's opens and mappings, configuration) stay out, so a flow's calls
 * per chunk and its time are its own.  Records outside any call (a
 * transmit in softirq, a disk completion) join the process's last flow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_int.h"

#define PROT_EXEC_BIT 0x4

/* A descriptor as a flow's end; kind CS_END_NONE for what moves no data
 * (an eventfd, a directory, a closed fd). */
static void end_of(struct cs_end *e, const struct cs_file *f)
{
	memset(e, 0, sizeof(*e));
	switch (f->kind) {
	case CS_FD_FILE:
		e->kind = CS_END_FILE;
		break;
	case CS_FD_SOCKET:
		e->kind = CS_END_SOCKET;
		break;
	case CS_FD_PIPE:
		e->kind = CS_END_PIPE;
		break;
	case CS_FD_CHR:
	case CS_FD_BLK:
		e->kind = CS_END_DEVICE;
		break;
	default:
		return;
	}
	e->fflags = f->fflags;
	e->dev = f->dev;
	e->ino = f->ino;
	memcpy(e->name, f->name, sizeof(e->name));
	e->name[CS_NAME_LEN - 1] = 0;
}

static void end_simple(struct cs_end *e, enum cs_end_kind k)
{
	memset(e, 0, sizeof(*e));
	e->kind = k;
}

static bool same_end(const struct cs_end *a, const struct cs_end *b)
{
	return a->kind == b->kind && a->dev == b->dev && a->ino == b->ino;
}

struct flow *flow_at(const struct cs_model *m, uint32_t id)
{
	return id && id <= m->nflows ? m->flows[id - 1] : NULL;
}

static bool grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *nv;

	if (n < *cap)
		return true;
	ncap = *cap ? *cap * 2 : 16;
	nv = realloc(*v, ncap * size);
	if (!nv)
		return false;
	*v = nv;
	*cap = ncap;
	return true;
}

/* A new flow, known to the model (not yet to its process's list). */
static struct flow *flow_alloc(struct cs_model *m, struct proc *p,
			       const struct cs_end *src,
			       const struct cs_end *dst)
{
	struct flow *f;

	if (!grow((void **)&m->flows, &m->capflows, m->nflows,
		  sizeof(*m->flows)))
		return NULL;
	f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	m->flows[m->nflows++] = f;
	f->id = (uint32_t)m->nflows;
	f->tgid = p->tgid;
	f->src = *src;
	f->dst = *dst;
	return f;
}

/*
 * The flow that takes a process's flows beyond the limits: ends unknown,
 * folded into its "other" row.  One per process at most, so not counted
 * against MAX_FLOWS.
 */
static struct flow *overflow(struct cs_model *m, struct proc *p)
{
	struct cs_end none;
	struct flow *f;

	if (p->overflow)
		return flow_at(m, p->overflow);
	end_simple(&none, CS_END_NONE);
	f = flow_alloc(m, p, &none, &none);
	if (f)
		p->overflow = f->id;
	return f;
}

static struct flow *flow_get(struct cs_model *m, struct proc *p,
			     const struct cs_end *src, const struct cs_end *dst)
{
	struct flow *f;
	size_t pcap;
	unsigned i;

	for (i = p->nflows; i-- > 0;) {
		f = flow_at(m, p->flows[i]);
		if (f && same_end(&f->src, src) && same_end(&f->dst, dst))
			return f;
	}
	if (p->nflows >= MAX_PROC_FLOWS || m->nflows >= MAX_FLOWS)
		return overflow(m, p);
	pcap = p->capflows;
	if (!grow((void **)&p->flows, &pcap, p->nflows, sizeof(*p->flows)))
		return overflow(m, p);
	p->capflows = (unsigned)pcap;
	f = flow_alloc(m, p, src, dst);
	if (!f)
		return overflow(m, p);
	p->flows[p->nflows++] = f->id;
	return f;
}

/* The flow of reads (or of a relay pipe) takes its part in the flow that
 * sent their data on, and remembers where it went. */
static void absorb(struct flow *into, struct flow *from)
{
	unsigned s;

	if (!from || !into || from == into)
		return;
	from->merged_into = into->id;
	if (!from->tot.first_ts)
		return;
	totals_add(&into->tot, &from->tot);
	into->tot.nprocs = 0;
	for (s = 0; s < STS_MAX; s++)
		into->stat[s] += from->stat[s];
	if (from->first_ts &&
	    (!into->first_ts || from->first_ts < into->first_ts))
		into->first_ts = from->first_ts;
	if (from->last_ts > into->last_ts)
		into->last_ts = from->last_ts;
	memset(&from->tot, 0, sizeof(from->tot));
	memset(from->stat, 0, sizeof(from->stat));
	from->bytes = from->calls = 0;
	from->first_ts = from->last_ts = 0;
}

static struct relay *relay_find(struct thread *t, const struct cs_end *pipe)
{
	unsigned i;

	for (i = 0; i < t->nrelay; i++)
		if (t->relay[i].dev == pipe->dev &&
		    t->relay[i].ino == pipe->ino)
			return &t->relay[i];
	return NULL;
}

static void relay_set(struct thread *t, const struct cs_end *pipe,
		      const struct cs_end *src, uint32_t flow)
{
	struct relay *r = relay_find(t, pipe);

	if (!r) {
		if (t->nrelay == MAX_RELAYS) {
			memmove(t->relay, t->relay + 1,
				(MAX_RELAYS - 1) * sizeof(t->relay[0]));
			t->nrelay--;
		}
		r = &t->relay[t->nrelay++];
	}
	r->dev = pipe->dev;
	r->ino = pipe->ino;
	r->src = *src;
	r->flow = flow;
}

/* Where the data of a pipe came from: what the thread put into it, else
 * the pipe itself (another process filled it: a shell pipeline). */
static const struct cs_end *
pipe_source(struct thread *t, const struct cs_end *pipe, struct relay **r)
{
	*r = pipe->kind == CS_END_PIPE ? relay_find(t, pipe) : NULL;
	return *r ? &(*r)->src : pipe;
}

static void code_add(struct proc *p, const struct cs_end *e)
{
	unsigned i;

	for (i = 0; i < p->ncode; i++)
		if (p->code[i].dev == e->dev && p->code[i].ino == e->ino)
			return;
	if (p->ncode == MAX_CODE_FILES)
		return;
	p->code[p->ncode].dev = e->dev;
	p->code[p->ncode].ino = e->ino;
	p->ncode++;
}

bool flow_is_code(const struct proc *p, const struct cs_end *e)
{
	unsigned i;

	if (e->kind != CS_END_FILE)
		return false;
	for (i = 0; i < p->ncode; i++)
		if (p->code[i].dev == e->dev && p->code[i].ino == e->ino)
			return true;
	return false;
}

/* A write's data: from a file mapped at its buffer, else from what the
 * thread last read, else made in memory. */
static void write_source(const struct proc *p, const struct thread *t,
			 const struct cs_syscall *sc, struct cs_end *src)
{
	const struct mapping *mp =
		mapping_find(p, syscall_user_buf(sc->nr, sc->arg[1]));

	if (mp) {
		end_simple(src, CS_END_FILE);
		src->dev = mp->dev;
		src->ino = mp->ino;
		memcpy(src->name, mp->name, sizeof(src->name));
	} else if (t->mem_src.kind) {
		*src = t->mem_src;
	} else {
		end_simple(src, CS_END_MEMORY);
	}
}

/* Reads (and mappings) into memory: they wait for a write. */
static struct flow *into_memory(struct cs_model *m, struct proc *p,
				struct thread *t, const struct cs_end *src,
				bool buffer)
{
	struct cs_end mem;
	struct flow *f;

	end_simple(&mem, CS_END_MEMORY);
	f = flow_get(m, p, src, &mem);
	if (f)
		t->pending = f->id;
	if (buffer)
		t->mem_src = *src;
	return f;
}

/* Out of memory (a write, a send, a vmsplice): the flow from the data's
 * source, which takes in the reads that brought it. */
static struct flow *out_of_memory(struct cs_model *m, struct proc *p,
				  struct thread *t, const struct cs_end *src,
				  const struct cs_end *dst)
{
	struct flow *f = flow_get(m, p, src, dst);
	struct flow *pend = flow_at(m, t->pending);

	if (f && pend && same_end(&pend->src, src)) {
		absorb(f, pend);
		t->pending = 0;
	}
	return f;
}

static struct flow *call_flow(struct cs_model *m, struct proc *p,
			      struct thread *t, const struct cs_syscall *sc)
{
	struct cs_end a, b, src;
	struct relay *r;
	struct flow *f;

	end_of(&a, &sc->file[0]);
	end_of(&b, &sc->file[1]);
	switch (syscall_class(sc->nr)) {
	case SCC_READ:
	case SCC_RECV:
		return a.kind ? into_memory(m, p, t, &a, true) : NULL;
	case SCC_WRITE:
	case SCC_SEND:
		if (!a.kind)
			return NULL;
		write_source(p, t, sc, &src);
		return out_of_memory(m, p, t, &src, &a);
	case SCC_VMSPLICE:
		if (a.kind != CS_END_PIPE)
			return NULL;
		if (t->mem_src.kind)
			src = t->mem_src;
		else
			end_simple(&src, CS_END_MEMORY);
		f = out_of_memory(m, p, t, &src, &a);
		if (f)
			relay_set(t, &a, &src, f->id);
		return f;
	case SCC_SENDFILE: /* sendfile(out, in) */
		return a.kind && b.kind ? flow_get(m, p, &b, &a) : NULL;
	case SCC_COPY_RANGE:
		return a.kind && b.kind ? flow_get(m, p, &a, &b) : NULL;
	case SCC_SPLICE: /* splice(in, out) */
	case SCC_TEE:
		if (!a.kind || !b.kind)
			return NULL;
		src = *pipe_source(t, &a, &r);
		f = flow_get(m, p, &src, &b);
		if (!f)
			return NULL;
		if (b.kind == CS_END_PIPE)
			relay_set(t, &b, &src, f->id);
		else if (r)
			absorb(f, flow_at(m, r->flow));
		return f;
	case SCC_MMAP:
		/* a file mapping: the process reads it where it lies */
		if ((int64_t)sc->arg[4] < 0 || a.kind != CS_END_FILE ||
		    sc->ret <= 0 || (uint64_t)sc->ret >= (uint64_t)-4096)
			return NULL;
		if (sc->arg[2] & PROT_EXEC_BIT)
			code_add(p, &a);
		return into_memory(m, p, t, &a, false);
	case SCC_URING_ENTER:
		end_simple(&a, CS_END_URING);
		return flow_get(m, p, &a, &a);
	default:
		return NULL;
	}
}

void flows_begin(struct cs_model *m, struct thread *t,
		 const struct cs_syscall *sc)
{
	struct proc *p = t ? model_proc(m, t->tgid) : NULL;
	struct flow *f = NULL;

	m->cur_t = t;
	m->cur_sc = sc;
	if (p && sc && !m->opts.counters_only)
		f = call_flow(m, p, t, sc);
	m->cur_flow = f ? f->id : 0;
}

void flows_end(struct cs_model *m)
{
	m->cur_t = NULL;
	m->cur_sc = NULL;
	m->cur_flow = 0;
}

/* Is this fact part of the call being interpreted? */
static bool of_call(const struct cs_model *m, const struct cs_fact *f)
{
	return m->cur_sc && m->cur_t && f->tgid == m->cur_t->tgid;
}

/* The flow the call being interpreted feeds; outside one (or for another
 * process's record), the process's last. */
static struct flow *cur_flow(struct cs_model *m, const struct proc *p)
{
	bool mine = m->cur_sc && m->cur_t && p->tgid == m->cur_t->tgid;

	return flow_at(m, mine && m->cur_flow ? m->cur_flow : p->last_flow);
}

void flows_stat(struct cs_model *m, struct proc *p, enum st_stat s,
		uint64_t bytes)
{
	struct flow *f = cur_flow(m, p);

	if (f)
		f->stat[s] += bytes;
}

struct cs_totals *flows_tot(struct cs_model *m, struct proc *p)
{
	struct flow *f = m->opts.counters_only ? NULL : cur_flow(m, p);

	return f ? &f->tot : NULL;
}

/* The flow of a fault in a file mapping: the last one from that file. */
static uint32_t fault_flow(const struct cs_model *m, const struct proc *p,
			   uint64_t addr)
{
	const struct mapping *mp = mapping_find(p, addr);
	unsigned i;

	if (!mp)
		return 0;
	for (i = p->nflows; i-- > 0;) {
		const struct flow *f = flow_at(m, p->flows[i]);

		if (f && f->src.kind == CS_END_FILE && f->src.dev == mp->dev &&
		    f->src.ino == mp->ino)
			return model_flow_resolve(m, f->id);
	}
	return 0;
}

/*
 * A transfer outside any call (a disk write-back, a transmit in softirq,
 * a disk read completing late): the last flow whose end it is on.
 */
static uint32_t route_flow(const struct cs_model *m, const struct proc *p,
			   const struct cs_transfer *x)
{
	bool disk_out = x->to == CS_PL_DISK, disk_in = x->from == CS_PL_DISK;
	bool net = x->from == CS_PL_SOCKBUF || x->to == CS_PL_NIC ||
		   x->to == CS_PL_RECEIVER;
	unsigned i;

	if (!disk_out && !disk_in && !net)
		return p->last_flow;
	for (i = p->nflows; i-- > 0;) {
		const struct flow *f = flow_at(m, p->flows[i]);
		const struct cs_end *e = !f	 ? NULL :
					 disk_in ? &f->src :
						   &f->dst;

		if (!e)
			continue;
		if (net ? e->kind == CS_END_SOCKET :
			  e->kind == CS_END_FILE || e->kind == CS_END_DEVICE)
			return model_flow_resolve(m, f->id);
	}
	return p->last_flow;
}

/* What a data call gave its flow's destination. */
static uint64_t moved(const struct flow *fl, const struct cs_fact *f)
{
	uint64_t r = f->u.syscall.ret > 0 ? (uint64_t)f->u.syscall.ret : 0;

	switch (syscall_class(f->u.syscall.nr)) {
	case SCC_READ:
	case SCC_RECV:
		return fl->dst.kind == CS_END_MEMORY ? r : 0;
	case SCC_MMAP:
		return fl->dst.kind == CS_END_MEMORY && r ?
			       f->u.syscall.arg[1] :
			       0;
	case SCC_URING_ENTER:
		return 0; /* the completions' results: at the end */
	default:
		return r;
	}
}

static void account(struct flow *fl, const struct cs_fact *f)
{
	uint64_t enter, n;

	totals_account_into(&fl->tot, NULL, f);
	/* touching a mapping is part of reading it */
	if (f->type == CS_FACT_FAULT && fl->first_ts && f->ts > fl->last_ts)
		fl->last_ts = f->ts;
	if (f->type != CS_FACT_SYSCALL)
		return;
	enter = f->u.syscall.enter_ts && f->u.syscall.enter_ts <= f->ts ?
			f->u.syscall.enter_ts :
			f->ts;
	if (!fl->first_ts || enter < fl->first_ts)
		fl->first_ts = enter;
	if (f->ts > fl->last_ts)
		fl->last_ts = f->ts;
	n = moved(fl, f);
	if (n) {
		fl->bytes += n;
		fl->calls++;
	}
}

void flows_fact(struct cs_model *m, struct proc *p, struct cs_fact *f)
{
	uint32_t id = 0;

	if (!p || m->opts.counters_only)
		return;
	if (of_call(m, f) && m->cur_flow)
		id = m->cur_flow;
	else if (f->type == CS_FACT_FAULT && !f->u.fault.kernel)
		id = fault_flow(m, p, f->u.fault.address);
	else if (f->type == CS_FACT_TRANSFER)
		id = route_flow(m, p, &f->u.transfer);
	f->flow = id;
	if (!id)
		return;
	if (of_call(m, f) && f->type == CS_FACT_SYSCALL)
		p->last_flow = id;
	if (f->counted)
		account(flow_at(m, id), f);
}

void flows_free(struct cs_model *m)
{
	size_t i;

	for (i = 0; i < m->nflows; i++)
		free(m->flows[i]);
	free(m->flows);
	m->flows = NULL;
	m->nflows = m->capflows = 0;
}
