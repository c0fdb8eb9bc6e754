/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * layout_flow.h - the live screen following flows (model.h, "flows"):
 * which flows the table of a traced program lists, one row each; which one
 * the diagram draws (a key cycles: all flows, the first, the next, ...,
 * all again); which facts belong to it.  Pure C over the model, no
 * ncurses: unit-tested without a terminal.
 *
 * A fact's flow is resolved when it is drawn, not when it arrives: a
 * read's data joins the flow of the write that sends it on, which may come
 * later than the read.
 */
#ifndef COPYSCOPE_LAYOUT_FLOW_H
#define COPYSCOPE_LAYOUT_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

/* Rows kept; a program with more flows lists its first ones. */
#define FLOW_LIST_MAX 256

struct flow_list {
	struct cs_flow f[FLOW_LIST_MAX];
	size_t n; /* rows held */
	/* f[0..npick) are flows (model_flows() order), the processes'
	 * "other" rows follow: they stand for many flows, none to follow */
	size_t npick;
};

/* Every process's flows of CS_FLOW_MIN_BYTES or more, then the others. */
void flow_list_read(struct flow_list *l, const struct cs_model *m);

/* The flow the diagram draws; id 0: all of them. */
struct flow_pick {
	uint32_t id; /* as picked (model_flow_resolve() follows it on) */
	uint32_t tgid; /* its process */
	/* its name when picked (escaped), for a model that has not seen it
	 * yet: a recording played again from its start */
	char label[192];
};

/* Its row among l's flows; -1 for all flows, or one no longer listed. */
int flow_list_find(const struct flow_list *l, const struct cs_model *m,
		   const struct flow_pick *p);

/* The next pick: all -> the first flow -> ... -> the last -> all; dir < 0
 * goes the other way.  A pick no longer listed starts again at an end. */
void flow_pick_next(struct flow_pick *p, const struct flow_list *l,
		    const struct cs_model *m, int dir);

/* Does the fact belong to the picked flow (now)?  Always, for all flows;
 * never for a fact of no flow (start-up calls) while one is picked. */
bool flow_fact_picked(const struct cs_model *m, const struct flow_pick *p,
		      const struct cs_fact *f);

/*
 * Could it still come to (a read whose data waits in memory or in a pipe
 * until the process sends it on)?  A fact for which this is false can be
 * left out at once; the others wait for flow_fact_picked() when drawn.
 */
bool flow_fact_may_join(const struct cs_model *m, const struct flow_pick *p,
			const struct cs_fact *f);

/* The picked flow named for the screen, escaped: "cp: a.iso -> b.iso", or
 * "all flows"; its name when picked while the model has not seen it. */
void flow_pick_label(const struct cs_model *m, const struct flow_pick *p,
		     char *buf, size_t len);

/* A row's name in the table: its strategy, or "other flows (3)". */
void flow_row_name(const struct cs_flow *f, char *buf, size_t len);

#endif
