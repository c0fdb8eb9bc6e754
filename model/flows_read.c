// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * flows_read.c - the flows as views read them (model.h, "flows"): each
 * flow's totals finished like a process's, a process's small flows folded
 * into its "other" row, and the names of their ends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_int.h"

static const char *const end_ids[CS_END_MAX] = {
	[CS_END_NONE] = "unknown",   [CS_END_MEMORY] = "memory",
	[CS_END_FILE] = "file",	     [CS_END_SOCKET] = "socket",
	[CS_END_PIPE] = "pipe",	     [CS_END_DEVICE] = "device",
	[CS_END_URING] = "io_uring",
};

const char *model_end_kind_id(enum cs_end_kind k)
{
	return (unsigned)k < CS_END_MAX ? end_ids[k] : "unknown";
}

uint32_t model_flow_resolve(const struct cs_model *m, uint32_t id)
{
	unsigned hops;

	/* a chain never loops back (a flow is merged only into a flow made
	 * for a later call), but a bound costs nothing */
	for (hops = 0; hops < 8; hops++) {
		const struct flow *f = flow_at(m, id);

		if (!f || !f->merged_into || f->tot.first_ts)
			break;
		id = f->merged_into;
	}
	return id;
}

uint32_t model_flow_follow(const struct cs_model *m, uint32_t id)
{
	unsigned hops;

	for (hops = 0; hops < 8; hops++) {
		const struct flow *f = flow_at(m, id);

		if (!f || !f->merged_into)
			break;
		id = f->merged_into;
	}
	return id;
}

/* ---- reading the flows out ------------------------------------------- */

static void finish(const struct cs_model *m, const struct proc *p,
		   const struct flow *fl, struct cs_flow *out)
{
	struct cs_totals *t = &out->tot;
	bool in;

	(void)m;
	memset(out, 0, sizeof(*out));
	out->id = fl->id;
	out->tgid = p->tgid;
	memcpy(out->comm, p->comm, sizeof(out->comm));
	out->nflows = 1;
	out->src = fl->src;
	out->dst = fl->dst;
	out->bytes = fl->bytes;
	out->calls = fl->calls;
	*t = fl->tot;
	t->tgid = p->tgid;
	t->nprocs = 1;
	memcpy(t->comm, p->comm, sizeof(t->comm));
	t->strategy = strategy_of_stat(fl->stat, true);
	if (fl->src.kind == CS_END_URING) {
		out->bytes = t->payload_bytes + t->read_in_bytes;
		out->calls = t->payload_calls + t->read_in_calls;
	}
	if (t->strategy == CS_ST_UNKNOWN && fl->dst.kind == CS_END_MEMORY &&
	    fl->src.kind == CS_END_FILE && t->map_bytes)
		t->strategy = CS_ST_MMAP_READ;
	/* the flow's delivery, as the report reads a process's */
	in = model_strategy_inward(t->strategy);
	t->payload_bytes = in ? 0 : out->bytes;
	t->payload_calls = in ? 0 : out->calls;
	t->read_in_bytes = in ? out->bytes : 0;
	t->read_in_calls = in ? out->calls : 0;
	t->active_syscalls = 0;
	t->active_ns =
		fl->last_ts > fl->first_ts ? fl->last_ts - fl->first_ts : 0;
	t->span_ns = t->active_ns;
	memset(t->top, 0, sizeof(t->top));
}

static void fold(struct cs_flow *other, const struct cs_flow *f)
{
	uint64_t span = other->tot.span_ns + f->tot.span_ns;

	if (!other->nflows) {
		other->tgid = f->tgid;
		memcpy(other->comm, f->comm, sizeof(other->comm));
		other->other = true;
		memcpy(other->tot.comm, f->comm, sizeof(other->tot.comm));
		other->tot.tgid = f->tgid;
	}
	totals_add(&other->tot, &f->tot);
	other->tot.nprocs = 1;
	/* the folded flows' active times, added: a sum of small transfers */
	other->tot.span_ns = other->tot.active_ns = span;
	other->bytes += f->bytes;
	other->calls += f->calls;
	other->nflows++;
}

/*
 * A mapping only moved what the process touched.  Each user fault in it
 * maps at least one page (more with fault-around), so faults x page size
 * is a lower bound: a locale file mapped whole and read for one table
 * stays under the threshold, a file read through its mapping does not.
 */
static bool barely_touched(const struct cs_flow *f, uint64_t min_bytes)
{
	return f->tot.strategy == CS_ST_MMAP_READ &&
	       f->tot.faults_user * 4096 < min_bytes;
}

static int by_bytes(const void *a, const void *b)
{
	const struct cs_flow *x = a, *y = b;

	if (x->bytes != y->bytes)
		return x->bytes > y->bytes ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* One process's rows into out[*n...]; counts past max are not written. */
static void proc_flows(const struct cs_model *m, const struct proc *p,
		       uint64_t min_bytes, struct cs_flow *out, size_t max,
		       size_t *n)
{
	struct cs_flow other, f;
	size_t first = *n;
	unsigned i;

	memset(&other, 0, sizeof(other));
	for (i = 0; i < p->nflows + (p->overflow ? 1 : 0); i++) {
		const struct flow *fl =
			flow_at(m, i < p->nflows ? p->flows[i] : p->overflow);

		if (!fl || !fl->tot.first_ts)
			continue; /* emptied into another, or never counted */
		finish(m, p, fl, &f);
		if (f.bytes < min_bytes || !fl->src.kind ||
		    flow_is_code(p, &fl->src) ||
		    barely_touched(&f, min_bytes)) {
			fold(&other, &f);
			continue;
		}
		if (*n < max)
			out[*n] = f;
		(*n)++;
	}
	if (*n > first && *n <= max)
		qsort(out + first, *n - first, sizeof(*out), by_bytes);
	if (other.nflows) {
		other.tot.strategy = CS_ST_UNKNOWN;
		if (*n < max)
			out[*n] = other;
		(*n)++;
	}
}

size_t model_flows(const struct cs_model *m, uint32_t tgid, uint64_t min_bytes,
		   struct cs_flow *out, size_t max)
{
	size_t n = 0, i;

	for (i = 0; i < m->norder; i++) {
		const struct proc *p = model_proc_find(m, m->order[i]);

		if (p && (!tgid || p->tgid == tgid))
			proc_flows(m, p, min_bytes, out, max, &n);
	}
	return n;
}

bool model_flow(const struct cs_model *m, uint32_t id, struct cs_flow *out)
{
	const struct flow *fl = flow_at(m, model_flow_resolve(m, id));
	const struct proc *p = fl ? model_proc_find(m, fl->tgid) : NULL;

	if (!p)
		return false;
	finish(m, p, fl, out);
	return true;
}

/* The full name a CS_EV_ENDPOINT record gave the end; NULL: none. */
static const char *end_text(const struct cs_model *m, const struct cs_end *e)
{
	switch (e->kind) {
	case CS_END_FILE:
	case CS_END_SOCKET:
	case CS_END_DEVICE:
		return model_endpoint_text(m, e->dev, e->ino);
	default:
		return NULL;
	}
}

const char *model_end_text(const struct cs_model *m, const struct cs_end *e)
{
	return end_text(m, e);
}

void model_end_label(const struct cs_model *m, const struct cs_end *e,
		     char *buf, size_t len)
{
	const char *proto = e->fflags & CS_FF_TCP  ? "TCP" :
			    e->fflags & CS_FF_UDP  ? "UDP" :
			    e->fflags & CS_FF_UNIX ? "unix" :
						     NULL;
	const char *text = end_text(m, e), *peer;

	switch (e->kind) {
	case CS_END_MEMORY:
		snprintf(buf, len, "memory");
		break;
	case CS_END_FILE:
		snprintf(buf, len, "%s",
			 text	    ? text :
			 e->name[0] ? e->name :
				      "a file");
		break;
	case CS_END_SOCKET:
		/* "TCP 10.0.0.1:40000 -> 10.0.0.2:80": the peer names it */
		peer = text ? strstr(text, " -> ") : NULL;
		if (peer && proto)
			snprintf(buf, len, "%s %s", proto, peer + 4);
		else if (text)
			snprintf(buf, len, "%s", text);
		else
			snprintf(buf, len, "%s socket", proto ? proto : "a");
		break;
	case CS_END_PIPE:
		snprintf(buf, len, "pipe");
		break;
	case CS_END_DEVICE:
		if (text)
			snprintf(buf, len, "%s", text);
		else
			snprintf(buf, len, "device %s",
				 e->name[0] ? e->name : "?");
		break;
	case CS_END_URING:
		snprintf(buf, len, "io_uring requests");
		break;
	default:
		snprintf(buf, len, "unknown");
		break;
	}
}

void model_flow_label(const struct cs_model *m, const struct cs_flow *f,
		      char *buf, size_t len)
{
	char a[160], b[160];

	if (f->other) {
		snprintf(buf, len, "%.*s: other flows (%u)", CS_COMM_LEN,
			 f->comm, f->nflows);
		return;
	}
	model_end_label(m, &f->src, a, sizeof(a));
	model_end_label(m, &f->dst, b, sizeof(b));
	snprintf(buf, len, "%.*s: %s -> %s", CS_COMM_LEN, f->comm, a, b);
}
