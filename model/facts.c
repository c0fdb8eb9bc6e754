// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * facts.c - facts are built into a vector while one system call (or one
 * batch of released records) is interpreted, then sorted by time,
 * accounted in the process totals and handed to the sink.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_int.h"

struct cs_fact *fv_push(struct factvec *fv)
{
	struct cs_fact *f;

	if (fv->n == fv->cap) {
		size_t ncap = fv->cap ? fv->cap * 2 : 64;
		struct cs_fact *nv = realloc(fv->v, ncap * sizeof(*nv));

		if (!nv)
			return NULL;
		fv->v = nv;
		fv->cap = ncap;
	}
	f = &fv->v[fv->n++];
	memset(f, 0, sizeof(*f));
	return f;
}

/*
 * Stable insertion sort by time: the vector is nearly sorted already
 * (records arrive in order; a call's own facts are pushed at its exit
 * time), and facts with equal times keep the order they were made in.
 */
static void fv_sort(struct factvec *fv)
{
	size_t i, j;
	struct cs_fact tmp;

	for (i = 1; i < fv->n; i++) {
		if (fv->v[i - 1].ts <= fv->v[i].ts)
			continue;
		tmp = fv->v[i];
		for (j = i; j > 0 && fv->v[j - 1].ts > tmp.ts; j--)
			fv->v[j] = fv->v[j - 1];
		fv->v[j] = tmp;
	}
}

void fv_emit(struct cs_model *m, struct factvec *fv)
{
	size_t i;

	fv_sort(fv);
	for (i = 0; i < fv->n; i++) {
		struct cs_fact *f = &fv->v[i];
		struct proc *p = model_proc(m, f->tgid);

		if (!p)
			f->counted = false;
		else if (f->type == CS_FACT_TRANSFER &&
			 rule_is_aftermath(f->u.transfer.rule))
			f->counted = model_in_window_after(m, p, f->ts);
		else
			f->counted = model_in_window(m, p, f->ts);
		if (f->counted)
			totals_account(m, p, f);
		flows_fact(m, p, f);
		if (m->opts.sink)
			m->opts.sink(f, m->opts.sink_data);
	}
	fv->n = 0;
}

struct cs_fact *fact_transfer(struct cs_model *m, struct proc *p, uint64_t ts,
			      uint32_t pid, const struct cs_syscall *sc,
			      uint64_t seq, uint64_t bytes, enum cs_place from,
			      enum cs_place to, enum cs_kind kind,
			      enum cs_evidence ev, enum cs_rule rule,
			      uint16_t flags)
{
	struct cs_fact *f;
	struct cs_transfer *t;
	char b[32];

	if (!bytes)
		return NULL;
	f = fv_push(&m->fv);
	if (!f)
		return NULL;
	f->type = CS_FACT_TRANSFER;
	f->ts = ts;
	f->pid = pid;
	f->tgid = p->tgid;
	t = &f->u.transfer;
	t->ts = ts;
	t->pid = pid;
	t->tgid = p->tgid;
	t->bytes = bytes;
	t->syscall_seq = sc ? seq : 0;
	t->syscall_nr = sc ? sc->nr : UINT32_MAX;
	t->from = (uint8_t)from;
	t->to = (uint8_t)to;
	t->kind = (uint8_t)kind;
	t->evidence = (uint8_t)ev;
	t->flags = flags;
	t->rule = (uint16_t)rule;
	t->count = 1;
	model_caption(t->caption, sizeof(t->caption), t);
	model_format_bytes(b, sizeof(b), bytes);
	snprintf(f->text, sizeof(f->text), "%s %s %s -> %s, %s [%s]",
		 model_kind_name(kind), b, model_place_name(from),
		 model_place_name(to), model_evidence_name(ev),
		 model_rule_name(rule));
	return f;
}

struct cs_fact *fact_note(struct cs_model *m, uint64_t ts, uint32_t pid,
			  uint32_t tgid, enum cs_note what, const char *fmt,
			  ...)
{
	struct cs_fact *f = fv_push(&m->fv);
	va_list ap;

	if (!f)
		return NULL;
	f->type = CS_FACT_NOTE;
	f->ts = ts;
	f->pid = pid;
	f->tgid = tgid;
	f->u.note.what = (uint8_t)what;
	va_start(ap, fmt);
	vsnprintf(f->text, sizeof(f->text), fmt, ap);
	va_end(ap);
	return f;
}

/*
 * A copy that was measured by a copy-path function (or the receive-copy
 * tracepoint) and does not add up to what the system call returned.  Kept
 * in the process, shown as a note: a disagreement is a finding, not noise.
 */
void note_mismatch(struct cs_model *m, struct proc *p, uint64_t ts,
		   uint32_t pid, const struct cs_syscall *sc, uint64_t seq,
		   enum cs_rule rule, int64_t expected, int64_t seen)
{
	struct cs_mismatch *mm = &p->mis[p->nmis % MAX_MISMATCHES];
	const char *name = sc ? model_syscall_name(sc->nr) : NULL;

	memset(mm, 0, sizeof(*mm));
	mm->ts = ts;
	mm->pid = pid;
	mm->tgid = p->tgid;
	mm->syscall_seq = sc ? seq : 0;
	mm->syscall_nr = sc ? sc->nr : UINT32_MAX;
	mm->rule = (uint16_t)rule;
	mm->expected = expected;
	mm->seen = seen;
	p->nmis++;
	fact_note(m, ts, pid, p->tgid, CS_NOTE_MISMATCH,
		  "cross-check [%s]: %s returned %" PRId64
		  " bytes, copy events saw %" PRId64,
		  model_rule_name(rule),
		  name ? name :
		  sc   ? "the call" :
			 "the io_uring request",
		  expected, seen);
}
