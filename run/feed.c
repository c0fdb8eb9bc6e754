// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * feed.c - the TUI's data source (see feed.h), and the merge of a demo's
 * control records with the probe's that 'copyscope report' uses too.
 *
 * Ordering: the records of a poll are copied out of the ring buffer first,
 * then the control channel is read.  Every control message that was sent
 * before one of those records' system calls started is therefore already
 * in our socket's queue, and the two streams merge by timestamp: a phase
 * record carries the demo's own clock reading, a step record the time we
 * received it (after the previous call completed).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "abi/record.h"
#include "run/feed.h"
#include "views/report.h"

#define HOLD_NS 200000000ull /* idle threads' records show after 200 ms */
#define QUIT_WAIT_MS 2000
#define REPLAY_BATCH 4096 /* records per poll at most: keys stay live */
#define REPLAY_GAP_NS 1000000000ull /* longer idle gaps are cut to this */

static int model_for(struct feed *f, bool phase_gate, char *err, size_t errlen)
{
	struct cs_model_opts mo;

	memset(&mo, 0, sizeof(mo));
	mo.sink = f->sink;
	mo.sink_data = f->sink_data;
	mo.focus_tgid = f->focus;
	mo.phase_gate = phase_gate;
	f->phase_gate = phase_gate;
	mo.hold_ns = HOLD_NS;
	f->m = model_new(&mo);
	if (!f->m) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	return 0;
}

static void base_opts(struct session_opts *so)
{
	session_opts_default(so);
	so->probe.emit_mask = ~0ULL;
	so->probe.follow_forks = true;
	so->probe.all_syscalls = true;
}

static void remember_tier(struct feed *f)
{
	snprintf(f->tier, sizeof(f->tier), "%s", tier_name(session_tier(f->s)));
}

int feed_start_demo(struct feed *f, const struct demo_info *info,
		    const struct demo_opts *o, cs_fact_sink sink,
		    feed_control_fn on_control, void *data, char *err,
		    size_t errlen)
{
	struct session_opts so;
	int ret;

	memset(f, 0, sizeof(*f));
	f->is_demo = true;
	f->sink = sink;
	f->sink_data = data;
	f->on_control = on_control;
	f->control_data = data;
	base_opts(&so);
	ret = demo_run_start(&f->d, info, o, &so, err, errlen);
	if (ret)
		return ret;
	f->s = &f->d.s;
	f->active = true;
	remember_tier(f);
	f->focus = (uint32_t)f->s->pid;
	ret = model_for(f, true, err, errlen);
	if (ret)
		feed_stop(f);
	return ret;
}

int feed_start_trace(struct feed *f, const struct session_opts *so,
		     cs_fact_sink sink, void *data, char *err, size_t errlen)
{
	int ret;

	memset(f, 0, sizeof(*f));
	f->sink = sink;
	f->sink_data = data;
	ret = session_start(&f->ts, so, err, errlen);
	if (ret)
		return ret;
	f->s = &f->ts;
	f->active = true;
	remember_tier(f);
	f->focus = (uint32_t)f->s->pid;
	ret = model_for(f, false, err, errlen);
	if (ret)
		feed_stop(f);
	return ret;
}

int feed_start_replay(struct feed *f, const char *path, cs_fact_sink sink,
		      void *data, char *err, size_t errlen)
{
	struct feed_replay *r;
	int ret;

	memset(f, 0, sizeof(*f));
	f->sink = sink;
	f->sink_data = data;
	f->is_replay = true;
	r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	if (recording_open_path(&r->rec, path, err, errlen)) {
		free(r);
		return -EINVAL;
	}
	f->r = r;
	f->active = true;
	snprintf(f->tier, sizeof(f->tier), "%s", tier_name((int)r->rec.h.tier));
	f->focus = r->rec.h.pid;
	r->t0 = monotonic_ns();
	/* a demo's recording: only its transfer counts, as it did live */
	ret = model_for(f, recording_has_phases(&r->rec), err, errlen);
	if (ret)
		feed_stop(f);
	return ret;
}

const struct cs_rec_header *feed_recording(const struct feed *f)
{
	return f->r ? &f->r->rec.h : NULL;
}

uint64_t feed_start_ts(const struct feed *f)
{
	if (f->r)
		return f->r->rec.h.start_ts;
	return f->s ? f->s->start_ts : 0;
}

/*
 * The records of every process against the kernel's counters: the live
 * session's, or those the recording closed with (kernel NULL).
 */
static void check_counters(struct feed *f, struct session *kernel)
{
	static uint32_t tgids[1024];
	size_t n = model_processes(f->m, tgids, 1024);
	struct report_row row;
	struct cs_counters c;
	const struct report_diff *d;

	memset(&row, 0, sizeof(row));
	for (size_t i = 0; i < n && i < 1024; i++) {
		if (kernel ? session_counters(kernel, tgids[i], &c) :
			     !model_recorded_counters(f->m, tgids[i], &c))
			continue;
		report_check_process(&row, f->m, tgids[i], &c);
	}
	f->check[0] = 0;
	if (!row.n_diffs)
		return;
	d = &row.diffs[0];
	snprintf(f->check, sizeof(f->check), "%s %s%" PRIu64 " (pid %u)%s",
		 counter_name(d->counter), d->kernel > d->records ? "-" : "+",
		 d->kernel > d->records ? d->kernel - d->records :
					  d->records - d->kernel,
		 d->tgid, row.counters_differ > 1 ? ", more" : "");
}

const char *feed_check(const struct feed *f)
{
	return f->check;
}

/* What the recording's closing counters say was lost. */
static uint64_t recorded_drops(const struct cs_model *m)
{
	static uint32_t tgids[1024];
	size_t n = model_processes(m, tgids, 1024);
	struct cs_counters c;
	uint64_t drops = 0;

	for (size_t i = 0; i < n && i < 1024; i++)
		if (model_recorded_counters(m, tgids[i], &c))
			drops += c.v[CS_C_DROPS];
	return drops;
}

/* The records whose recorded time has come; at the end, flush. */
static int replay_poll(struct feed *f)
{
	struct feed_replay *r = f->r;
	uint64_t due = r->rec.h.start_ts + (monotonic_ns() - r->t0);
	int n = 0;

	while (n < REPLAY_BATCH) {
		struct cs_hdr h;

		if (!r->next_len)
			r->next_len = recording_next(&r->rec, r->next,
						     sizeof(r->next));
		if (!r->next_len) {
			f->ended = true;
			model_flush(f->m);
			f->drops = recorded_drops(f->m);
			check_counters(f, NULL);
			break;
		}
		memcpy(&h, r->next, sizeof(h));
		/*
		 * Idle time is cut to a second (a process traced while it
		 * waited for minutes, or a damaged time stamp): the clock
		 * jumps to the next record.
		 */
		if (h.ts > due && h.ts - due > REPLAY_GAP_NS &&
		    h.ts - r->last_ts > REPLAY_GAP_NS) {
			r->t0 -= h.ts - due - REPLAY_GAP_NS;
			due = h.ts - REPLAY_GAP_NS;
		}
		if (h.ts > due)
			break;
		/* a step: wait for feed_go, time standing still */
		if (h.type == CS_EV_STEP && r->stop_at_steps && !r->released) {
			struct cs_phase st;

			if (!r->waiting) {
				memcpy(&st, r->next,
				       r->next_len < sizeof(st) ? r->next_len :
								  sizeof(st));
				snprintf(r->step_label, sizeof(r->step_label),
					 "%.*s", (int)sizeof(st.label),
					 st.label);
				r->waiting = true;
				r->waiting_since = monotonic_ns();
			}
			break;
		}
		r->released = false;
		model_feed(f->m, r->next, r->next_len);
		if (h.ts > r->last_ts)
			r->last_ts = h.ts;
		r->next_len = 0;
		n++;
	}
	f->records += (uint64_t)n;
	return n;
}

static void copy_record(const struct cs_hdr *rec, void *data)
{
	struct feed *f = data;
	size_t need = rec->size;

	if (f->alen + need > f->acap) {
		size_t ncap = f->acap ? f->acap * 2 : 1 << 16;
		unsigned char *na;

		while (ncap < f->alen + need)
			ncap *= 2;
		na = realloc(f->arena, ncap);
		if (!na)
			return; /* the model misses it; the counters do not */
		f->arena = na;
		f->acap = ncap;
	}
	memcpy(f->arena + f->alen, rec, need);
	f->alen += need;
}

static void copy_control(const struct cs_ctl_msg *m, const struct cs_phase *rec,
			 void *data)
{
	struct feed *f = data;
	struct feed_ctl *c;

	if (f->nctl == FEED_CTL_MAX)
		return;
	c = &f->ctl[f->nctl++];
	c->m = *m;
	c->has_rec = rec != NULL;
	if (rec)
		c->rec = *rec;
}

/* One record to the model, and to the recording when there is one. */
static void feed_one(struct feed *f, const void *rec, size_t size)
{
	model_feed(f->m, rec, size);
	if (f->rec && recording_write(f->rec, rec))
		f->rec_failed = true;
}

int feed_record(struct feed *f, FILE *out, const char *what)
{
	if (!f->s)
		return -EINVAL;
	if (session_record_begin(f->s, out, what))
		return -EIO;
	f->rec = out;
	return 0;
}

int feed_merge(const unsigned char *recs, size_t len,
	       const struct cs_phase *const *ctl, int nctl, feed_merge_fn fn,
	       void *data)
{
	const struct cs_phase *order[FEED_CTL_MAX];
	int i, j, k = 0, nrec = 0, n = 0;
	size_t off = 0;

	/* the control records stably sorted by their time */
	for (i = 0; i < nctl && nrec < FEED_CTL_MAX; i++) {
		for (j = nrec; j > 0 && order[j - 1]->h.ts > ctl[i]->h.ts; j--)
			order[j] = order[j - 1];
		order[j] = ctl[i];
		nrec++;
	}
	while (off + sizeof(struct cs_hdr) <= len) {
		struct cs_hdr h;

		memcpy(&h, recs + off, sizeof(h));
		if (h.size < sizeof(h) || off + h.size > len)
			break;
		for (; k < nrec && order[k]->h.ts <= h.ts; k++)
			fn(order[k], sizeof(*order[k]), data);
		fn(recs + off, h.size, data);
		off += h.size;
		n++;
	}
	for (; k < nrec; k++)
		fn(order[k], sizeof(*order[k]), data);
	return n;
}

static void feed_merged(const void *rec, size_t size, void *data)
{
	feed_one(data, rec, size);
}

/*
 * Feed the records of one poll and the control messages' records to the
 * model in time order, then tell on_control about every message in the
 * order the demo sent them (its step and phase bookkeeping needs that
 * order; the model needs time order).
 */
static int drain_once(struct feed *f)
{
	const struct cs_phase *ctl[FEED_CTL_MAX];
	int i, nrec = 0, n;

	f->alen = 0;
	f->nctl = 0;
	session_drain(f->s, copy_record, f);
	if (f->is_demo)
		demo_run_control(&f->d, copy_control, f);
	for (i = 0; i < f->nctl; i++)
		if (f->ctl[i].has_rec)
			ctl[nrec++] = &f->ctl[i].rec;
	n = feed_merge(f->arena, f->alen, ctl, nrec, feed_merged, f);
	if (f->on_control)
		for (i = 0; i < f->nctl; i++)
			f->on_control(&f->ctl[i].m, f->control_data);
	f->records += (uint64_t)n;
	return n + f->nctl;
}

int feed_poll(struct feed *f)
{
	int n = 0, k;

	if (!f->active)
		return 0;
	if (f->is_replay)
		return f->ended ? 0 : replay_poll(f);
	/* a full control queue means more is waiting */
	do {
		k = drain_once(f);
		n += k;
	} while (f->nctl == FEED_CTL_MAX);
	if (!f->ended && session_wait(f->s, 0)) {
		f->ended = true;
		/* what the last calls wrote, and the demo's last words */
		n += drain_once(f);
		model_flush(f->m);
	}
	return n;
}

int feed_go(struct feed *f)
{
	if (f->active && f->is_replay && f->r->waiting) {
		f->r->t0 += monotonic_ns() - f->r->waiting_since;
		f->r->waiting = false;
		f->r->released = true;
		return 0;
	}
	if (!f->active || !f->is_demo)
		return -EINVAL;
	return demo_run_go(&f->d);
}

void feed_replay_steps(struct feed *f, bool on)
{
	if (f->is_replay && f->r)
		f->r->stop_at_steps = on;
}

const char *feed_replay_waiting(const struct feed *f)
{
	return f->active && f->is_replay && f->r && f->r->waiting ?
		       f->r->step_label :
		       NULL;
}

void feed_stop(struct feed *f)
{
	int waited = 0;

	if (!f->active)
		return;
	if (f->is_replay) {
		if (f->m && !f->ended)
			model_flush(f->m);
		recording_close(&f->r->rec);
		free(f->r);
		f->r = NULL;
		f->active = false;
		return;
	}
	if (f->is_demo && !f->ended) {
		demo_run_quit(&f->d);
		while (!session_wait(f->s, 20) && (waited += 20) < QUIT_WAIT_MS)
			;
		if (!f->s->ended) {
			kill(f->s->pid, SIGKILL);
			session_wait(f->s, 500);
		}
	}
	if (f->m && !f->ended) {
		drain_once(f);
		model_flush(f->m);
	}
	if (f->rec && session_record_counters(f->s, f->rec))
		f->rec_failed = true;
	f->drops = session_drops(f->s);
	if (f->m)
		check_counters(f, f->s);
	if (f->is_demo)
		demo_run_end(&f->d);
	else
		session_end(&f->ts);
	f->active = false;
}

void feed_free(struct feed *f)
{
	feed_stop(f);
	model_free(f->m);
	f->m = NULL;
	free(f->arena);
	f->arena = NULL;
	f->acap = f->alen = 0;
}

uint64_t feed_drops(struct feed *f)
{
	if (f->is_replay) /* known at the end (replay_poll) */
		return f->drops;
	if (f->active && f->s && (f->s->probe || f->s->remote))
		f->drops = session_drops(f->s);
	return f->drops;
}

const char *feed_service_trouble(const struct feed *f, bool *gone)
{
	*gone = false;
	return f->s && !f->is_replay ? session_service_trouble(f->s, gone) :
				       NULL;
}

const char *feed_tier(const struct feed *f)
{
	return f->tier[0] ? f->tier : "-";
}

/*
 * The wait status of the process that was watched: the session's, or in a
 * replay the exit record's (the kernel keeps exit_code in the same
 * encoding).  False when unknown.
 */
static bool exit_status(const struct feed *f, int *status)
{
	const struct session *s = f->s;
	struct cs_proc_info pi;

	if (f->is_replay) {
		if (!f->m || !model_process(f->m, f->focus, &pi) || !pi.exited)
			return false;
		*status = pi.exit_code;
		return true;
	}
	if (!s || !s->launched || !s->ended)
		return false;
	*status = s->status;
	return true;
}

void feed_exit_text(const struct feed *f, char *buf, size_t len)
{
	int st;

	buf[0] = 0;
	if (!exit_status(f, &st))
		return;
	if (WIFEXITED(st))
		snprintf(buf, len, "exit %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, len, "killed by signal %d (%s)", WTERMSIG(st),
			 strsignal(WTERMSIG(st)));
}

bool feed_exit_ok(const struct feed *f)
{
	int st;

	return exit_status(f, &st) && WIFEXITED(st) && !WEXITSTATUS(st);
}
