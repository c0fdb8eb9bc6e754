// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * layout_flow.c - the flows the live screen lists and follows (see
 * layout_flow.h).
 */
#include <stdio.h>
#include <string.h>

#include "views/escape.h"
#include "views/layout_flow.h"

void flow_list_read(struct flow_list *l, const struct cs_model *m)
{
	struct cs_flow keep;
	size_t n, i;

	n = model_flows(m, 0, CS_FLOW_MIN_BYTES, l->f, FLOW_LIST_MAX);
	l->n = n < FLOW_LIST_MAX ? n : FLOW_LIST_MAX;
	/*
	 * The flows first, in their order, the "other" rows after them: the
	 * rows one can pick come first and in the order the key visits them.
	 * There is one "other" row per process, so few move each time.
	 */
	l->npick = 0;
	for (i = 0; i < l->n; i++) {
		if (l->f[i].other)
			continue;
		if (i != l->npick) {
			keep = l->f[i];
			memmove(&l->f[l->npick + 1], &l->f[l->npick],
				(i - l->npick) * sizeof(l->f[0]));
			l->f[l->npick] = keep;
		}
		l->npick++;
	}
}

int flow_list_find(const struct flow_list *l, const struct cs_model *m,
		   const struct flow_pick *p)
{
	uint32_t id;
	size_t i;

	if (!p->id)
		return -1;
	/* reads picked while waiting, since sent on: the flow that took them */
	id = model_flow_resolve(m, p->id);
	for (i = 0; i < l->npick; i++)
		if (l->f[i].id == id)
			return (int)i;
	return -1;
}

void flow_pick_next(struct flow_pick *p, const struct flow_list *l,
		    const struct cs_model *m, int dir)
{
	int i = flow_list_find(l, m, p), n = (int)l->npick;

	if (i < 0)
		i = dir < 0 ? n - 1 : 0;
	else
		i += dir < 0 ? -1 : 1;
	memset(p, 0, sizeof(*p));
	if (i < 0 || i >= n)
		return;
	p->id = l->f[i].id;
	p->tgid = l->f[i].tgid;
	flow_pick_label(m, p, p->label, sizeof(p->label));
}

bool flow_fact_picked(const struct cs_model *m, const struct flow_pick *p,
		      const struct cs_fact *f)
{
	uint32_t id;

	if (!p->id)
		return true;
	if (!f->flow || f->tgid != p->tgid)
		return false;
	id = model_flow_resolve(m, p->id);
	/* where its data went, or, for reads that still wait, their own
	 * flow (when that is the one picked: a program that only reads) */
	return model_flow_follow(m, f->flow) == id ||
	       model_flow_resolve(m, f->flow) == id;
}

bool flow_fact_may_join(const struct cs_model *m, const struct flow_pick *p,
			const struct cs_fact *f)
{
	struct cs_flow now;

	if (flow_fact_picked(m, p, f))
		return true;
	/* a flow only ever joins one of its own process's */
	if (!f->flow || f->tgid != p->tgid ||
	    model_flow_follow(m, f->flow) != f->flow)
		return false;
	if (!model_flow(m, f->flow, &now))
		return false;
	return now.dst.kind == CS_END_MEMORY || now.dst.kind == CS_END_PIPE;
}

void flow_pick_label(const struct cs_model *m, const struct flow_pick *p,
		     char *buf, size_t len)
{
	struct cs_flow f;
	char raw[256];

	if (!p->id) {
		snprintf(buf, len, "all flows");
		return;
	}
	if (!model_flow(m, p->id, &f)) {
		snprintf(buf, len, "%s", p->label[0] ? p->label : "a flow");
		return;
	}
	model_flow_label(m, &f, raw, sizeof(raw));
	esc_text(buf, len, raw, sizeof(raw));
}

void flow_row_name(const struct cs_flow *f, char *buf, size_t len)
{
	if (f->other)
		snprintf(buf, len, "other flows (%u)", f->nflows);
	else
		snprintf(buf, len, "%s", model_strategy_name(f->tot.strategy));
}
