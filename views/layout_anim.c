// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * layout_anim.c - the animation queue (see layout_anim.h).
 *
 * Grouping rule: a new fact joins the last waiting item when it is
 * similar; when ANIM_BUSY or more items are already waiting, it joins any
 * similar waiting item (the person is behind anyway, so the order of
 * similar things matters less than keeping up).  The item on screen never
 * grows: what it says stays what the person reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "views/layout_anim.h"

static const double speeds[ANIM_SPEEDS] = {
	0.125, 0.25, 0.5, 1, 2, 4, 8, 16, 32
};

#define MS 1000000ull

int anim_init(struct anim *a)
{
	memset(a, 0, sizeof(*a));
	a->cap = ANIM_QUEUE_MAX + 1;
	a->q = calloc(a->cap, sizeof(*a->q));
	a->speed = ANIM_SPEED_DEFAULT;
	return a->q ? 0 : -1;
}

void anim_free(struct anim *a)
{
	free(a->q);
	a->q = NULL;
	a->cap = 0;
	a->n = 0;
}

void anim_clear(struct anim *a)
{
	a->head = 0;
	a->n = 0;
	a->playing = false;
	a->pos_ns = 0;
	a->skipped = 0;
	a->pushed = 0;
	a->grouped = 0;
}

static struct anim_item *at(const struct anim *a, size_t i)
{
	return &a->q[(a->head + i) % a->cap];
}

bool anim_wanted(const struct anim *a, const struct cs_fact *f)
{
	bool focus = !a->focus_tgid || f->tgid == a->focus_tgid;

	switch (f->type) {
	case CS_FACT_TRANSFER:
		return true;
	case CS_FACT_MODE_SWITCH:
	case CS_FACT_CONTEXT_SWITCH:
	case CS_FACT_SYSCALL:
	case CS_FACT_FAULT:
		return focus;
	case CS_FACT_PROCESS:
		return f->u.proc.what != CS_PROC_FORK || focus;
	case CS_FACT_NOTE:
		return f->u.note.what != CS_NOTE_STEP;
	}
	return false;
}

bool anim_similar(const struct cs_fact *x, const struct cs_fact *y)
{
	if (x->type != y->type || x->tgid != y->tgid)
		return false;
	switch (x->type) {
	case CS_FACT_TRANSFER: {
		const struct cs_transfer *p = &x->u.transfer,
					 *q = &y->u.transfer;

		return p->from == q->from && p->to == q->to &&
		       p->kind == q->kind && p->evidence == q->evidence &&
		       p->flags == q->flags;
	}
	case CS_FACT_MODE_SWITCH:
		return x->u.mode.to_kernel == y->u.mode.to_kernel;
	case CS_FACT_CONTEXT_SWITCH:
		return x->u.ctx.out == y->u.ctx.out &&
		       x->u.ctx.involuntary == y->u.ctx.involuntary;
	case CS_FACT_SYSCALL:
		return x->u.syscall.nr == y->u.syscall.nr;
	case CS_FACT_FAULT:
		return x->u.fault.kernel == y->u.fault.kernel;
	case CS_FACT_PROCESS:
		return false;
	case CS_FACT_NOTE:
		return x->u.note.what == y->u.note.what &&
		       !strcmp(x->text, y->text);
	}
	return false;
}

uint64_t anim_duration(const struct cs_fact *f)
{
	switch (f->type) {
	case CS_FACT_TRANSFER:
		/* data moving along an arrow: long enough to follow it */
		if (f->u.transfer.kind == CS_K_DMA ||
		    f->u.transfer.kind == CS_K_CPU)
			return 1600 * MS;
		return 1400 * MS;
	case CS_FACT_MODE_SWITCH:
		return 500 * MS;
	case CS_FACT_CONTEXT_SWITCH:
		return 900 * MS;
	case CS_FACT_SYSCALL:
		return 700 * MS;
	case CS_FACT_FAULT:
		return 500 * MS;
	case CS_FACT_PROCESS:
		return 600 * MS;
	case CS_FACT_NOTE:
		return 1200 * MS;
	}
	return 500 * MS;
}

static void join(struct anim *a, struct anim_item *it, const struct cs_fact *f)
{
	it->count++;
	if (f->type == CS_FACT_TRANSFER)
		it->bytes += f->u.transfer.bytes;
	if (f->ts > it->last_ts)
		it->last_ts = f->ts;
	a->grouped++;
}

/* May f join the item it? */
static bool joins(const struct anim *a, const struct anim_item *it,
		  const struct cs_fact *f)
{
	/* a group plays or not as a whole: one flow per group */
	if (a->keep && it->f.flow != f->flow)
		return false;
	return anim_similar(&it->f, f);
}

bool anim_push(struct anim *a, const struct cs_fact *f)
{
	size_t first = a->playing ? 1 : 0, waiting, i;
	struct anim_item *it;

	if (!anim_wanted(a, f))
		return false;
	a->pushed++;
	waiting = a->n - first;
	if (waiting) {
		it = at(a, a->n - 1);
		if (joins(a, it, f)) {
			join(a, it, f);
			return true;
		}
	}
	if (waiting >= ANIM_BUSY) {
		for (i = a->n - 1; i-- > first;) {
			it = at(a, i);
			if (joins(a, it, f)) {
				join(a, it, f);
				return true;
			}
		}
	}
	if (a->n == a->cap) {
		/* full: the oldest waiting item goes, counted */
		struct anim_item *old = at(a, first);

		a->skipped += old->count;
		if (first) {
			/* keep the playing item, close the gap behind it */
			for (i = first; i + 1 < a->n; i++)
				*at(a, i) = *at(a, i + 1);
		} else {
			a->head = (a->head + 1) % a->cap;
		}
		a->n--;
	}
	it = at(a, a->n);
	memset(it, 0, sizeof(*it));
	it->f = *f;
	it->count = 1;
	it->bytes = f->type == CS_FACT_TRANSFER ? f->u.transfer.bytes : 0;
	it->last_ts = f->ts;
	it->dur_ns = anim_duration(f);
	it->focus = !a->focus_tgid || f->tgid == a->focus_tgid;
	it->seq = ++a->next_seq;
	a->n++;
	return true;
}

static void pop(struct anim *a, anim_done_fn done, void *data)
{
	if (done)
		done(at(a, 0), data);
	a->head = (a->head + 1) % a->cap;
	a->n--;
	a->playing = false;
	a->pos_ns = 0;
}

/* Items at the front that the filter turns down leave unplayed; true when
 * any did. */
static bool pass_unwanted(struct anim *a)
{
	bool any = false;

	while (a->keep && a->n && !a->playing &&
	       !a->keep(at(a, 0), a->keep_data)) {
		a->passed += at(a, 0)->count;
		a->head = (a->head + 1) % a->cap;
		a->n--;
		any = true;
	}
	return any;
}

void anim_refilter(struct anim *a)
{
	if (!a->keep || !a->n || !a->playing || a->keep(at(a, 0), a->keep_data))
		return;
	a->playing = false;
	a->pos_ns = 0;
	pass_unwanted(a);
}

bool anim_advance(struct anim *a, uint64_t dt_ns, anim_done_fn done, void *data)
{
	bool changed = pass_unwanted(a);
	uint64_t left;

	if (a->paused) {
		/* a fact that arrived while paused still appears, frozen half
		 * way (as anim_step shows it): on its arrow, not at its start
		 */
		if (!a->playing && a->n) {
			a->playing = true;
			a->pos_ns = at(a, 0)->dur_ns / 2;
			return true;
		}
		return changed;
	}
	left = (uint64_t)((double)dt_ns * speeds[a->speed]);
	while (a->n) {
		struct anim_item *it;

		if (pass_unwanted(a)) {
			changed = true;
			if (!a->n)
				break;
		}
		it = at(a, 0);
		if (!a->playing) {
			a->playing = true;
			a->pos_ns = 0;
			changed = true;
		}
		if (a->pos_ns + left < it->dur_ns) {
			a->pos_ns += left;
			return changed || left > 0;
		}
		left -= it->dur_ns - a->pos_ns;
		pop(a, done, data);
		changed = true;
	}
	return changed;
}

bool anim_step(struct anim *a, anim_done_fn done, void *data)
{
	if (!a->n)
		return false;
	if (a->playing)
		pop(a, done, data);
	pass_unwanted(a);
	if (!a->n)
		return true;
	a->playing = true;
	a->pos_ns = at(a, 0)->dur_ns / 2;
	return true;
}

void anim_finish_all(struct anim *a, anim_done_fn done, void *data)
{
	while (a->n) {
		if (pass_unwanted(a))
			continue;
		pop(a, done, data);
	}
}

const struct anim_item *anim_current(const struct anim *a, double *progress)
{
	const struct anim_item *it;

	if (!a->n || !a->playing) {
		if (progress)
			*progress = 0;
		return NULL;
	}
	it = at(a, 0);
	if (progress)
		*progress =
			it->dur_ns ? (double)a->pos_ns / (double)it->dur_ns : 1;
	return it;
}

size_t anim_waiting(const struct anim *a)
{
	return a->n - (a->playing ? 1 : 0);
}

const struct anim_item *anim_peek(const struct anim *a, size_t i)
{
	size_t first = a->playing ? 1 : 0;

	return first + i < a->n ? at(a, first + i) : NULL;
}

double anim_speed_factor(const struct anim *a)
{
	return speeds[a->speed];
}

double anim_speed_change(struct anim *a, int dir)
{
	a->speed += dir > 0 ? 1 : dir < 0 ? -1 : 0;
	if (a->speed < 0)
		a->speed = 0;
	if (a->speed >= ANIM_SPEEDS)
		a->speed = ANIM_SPEEDS - 1;
	return speeds[a->speed];
}

void anim_speed_set(struct anim *a, double factor)
{
	int i, best = ANIM_SPEED_DEFAULT;
	double bd = 1e18;

	for (i = 0; i < ANIM_SPEEDS; i++) {
		double d = speeds[i] > factor ? speeds[i] / factor :
						factor / speeds[i];

		if (factor > 0 && d < bd) {
			bd = d;
			best = i;
		}
	}
	a->speed = best;
}

void anim_speed_text(const struct anim *a, char *buf, size_t len)
{
	double s = speeds[a->speed];

	if (s >= 1)
		snprintf(buf, len, "%.0fx", s);
	else
		snprintf(buf, len, "%gx", s);
}
