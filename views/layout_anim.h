/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * layout_anim.h - the TUI's animation queue: the layout of facts over
 * time.  Facts arrive from the model in bursts (a whole system call's worth
 * in microseconds); the animation plays them one at a time on its own
 * clock, at a speed a person can follow.  When facts come faster than
 * that, similar ones are grouped into one item ("and 255 more like this"):
 * the queue stays short and the picture stays close to the present, while
 * the counters (read from the model, never from here) stay exact.
 *
 * Pure C, no ncurses: unit-tested without a terminal.
 */
#ifndef COPYSCOPE_LAYOUT_ANIM_H
#define COPYSCOPE_LAYOUT_ANIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

/* Items waiting before similar facts are grouped with any waiting item,
 * not only the last one. */
#define ANIM_BUSY 3
/* Distinct items waiting at most: beyond, the oldest are skipped. */
#define ANIM_QUEUE_MAX 96

struct anim_item {
	struct cs_fact f; /* the first fact of the group */
	uint32_t count; /* facts in the group, >= 1 */
	uint64_t bytes; /* transfers: bytes of the whole group */
	uint64_t last_ts; /* newest fact in the group */
	uint64_t dur_ns; /* how long it plays at speed 1 */
	bool focus; /* a fact of the focus process (the sender) */
	uint64_t seq; /* 1, 2, ... in the order items were made (= played) */
};

typedef void (*anim_done_fn)(const struct anim_item *it, void *data);
typedef bool (*anim_keep_fn)(const struct anim_item *it, void *data);

struct anim {
	struct anim_item *q; /* ring of cap items */
	size_t cap, head, n; /* n includes the playing item */
	bool playing; /* q[head] is on screen */
	uint64_t pos_ns; /* how far q[head] has played, at speed 1 */
	uint64_t skipped; /* facts dropped because the queue was full */
	uint64_t pushed, grouped; /* facts in; facts merged into an item */
	uint64_t next_seq;
	int speed; /* index into the speed table */
	bool paused;
	uint32_t focus_tgid; /* mode and context switches of this process */
	/*
	 * Which items play (NULL: all).  Asked when an item comes to the
	 * front, so that what it says about a fact is as late as can be; an
	 * item it turns down leaves unplayed (not passed to done), counted in
	 * passed.  While it is set, facts join an item only when they are of
	 * the same flow.
	 */
	anim_keep_fn keep;
	void *keep_data;
	uint64_t passed;
};

/* Speed steps, slowest first; ANIM_SPEED_DEFAULT is 1x. */
#define ANIM_SPEEDS 9
#define ANIM_SPEED_DEFAULT 3

int anim_init(struct anim *a);
void anim_free(struct anim *a);
/* Forget every item (restart); keeps speed and pause state. */
void anim_clear(struct anim *a);

/* Should this fact be animated at all?  (The receiver's own mode switches
 * and the model's "step" notes are not.) */
bool anim_wanted(const struct anim *a, const struct cs_fact *f);
/* Same kind of thing: could be one item "and N more like this". */
bool anim_similar(const struct cs_fact *x, const struct cs_fact *y);
/* How long a fact plays at speed 1, in ns. */
uint64_t anim_duration(const struct cs_fact *f);

/* Queue a fact (grouping it when the queue is busy).  false: not wanted. */
bool anim_push(struct anim *a, const struct cs_fact *f);

/*
 * Advance the clock by dt_ns of wall time (scaled by the speed; nothing
 * when paused, except that an item arriving then is shown half played).  Every
 * item that finishes is passed to done (may be NULL) before it leaves.  Returns
 * true when what is on screen changed.
 */
bool anim_advance(struct anim *a, uint64_t dt_ns, anim_done_fn done,
		  void *data);
/*
 * One item forward by hand: finish the current item (passed to done) and
 * show the next one half played.  Returns false when nothing is waiting.
 */
bool anim_step(struct anim *a, anim_done_fn done, void *data);
/* The filter changed: the item on screen goes if it no longer plays. */
void anim_refilter(struct anim *a);
/* Play every item to its end at once (passed to done in order). */
void anim_finish_all(struct anim *a, anim_done_fn done, void *data);

/* The item on screen and how far it has played (0..1); NULL when idle. */
const struct anim_item *anim_current(const struct anim *a, double *progress);
/* Items waiting behind the current one. */
size_t anim_waiting(const struct anim *a);
/* The i-th waiting item (0: next). */
const struct anim_item *anim_peek(const struct anim *a, size_t i);

double anim_speed_factor(const struct anim *a);
/* +1 faster, -1 slower; returns the new factor. */
double anim_speed_change(struct anim *a, int dir);
/* Choose the speed step nearest to factor. */
void anim_speed_set(struct anim *a, double factor);
/* "1x", "0.25x", "16x" */
void anim_speed_text(const struct anim *a, char *buf, size_t len);

#endif
