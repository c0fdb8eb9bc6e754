/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * feed.h - where the TUI's facts come from: a bundled demo under the
 * tracer (with its control channel), any traced process, or a recording.  Each poll
 * drains the probe's ring buffer and the demo's control messages and hands
 * both to the model in time order (a phase message must reach the model
 * before the records of the calls it announces, or they would not count).
 * The model's facts go to the sink given at start; control messages to
 * on_control.
 */
#ifndef COPYSCOPE_RUN_FEED_H
#define COPYSCOPE_RUN_FEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/recording.h"
#include "model/model.h"
#include "run/demo_run.h"
#include "run/session.h"

typedef void (*feed_control_fn)(const struct cs_ctl_msg *m, void *data);

struct feed_ctl {
	struct cs_ctl_msg m;
	struct cs_phase rec;
	bool has_rec;
};

#define FEED_CTL_MAX 64

/* A recording played back: its records as their recorded times come due. */
struct feed_replay {
	struct recording rec; /* its file too */
	uint64_t t0; /* CLOCK_MONOTONIC when the replay started (moved
			back over idle gaps) */
	uint64_t last_ts; /* the latest record fed */
	unsigned char next[CS_REC_MAX_RECORD]; /* read, not yet due */
	size_t next_len;
	/* feed_replay_steps: the replay waits at each recorded step, as a
	 * stepped demo does, until feed_go */
	bool stop_at_steps, waiting, released;
	uint64_t waiting_since;
	char step_label[CS_CONTROL_MSG_MAX + 1];
};

struct feed {
	bool is_demo;
	bool is_replay; /* no session: replay */
	bool phase_gate; /* a demo (or its recording): its phases count */
	bool active; /* a session (or a recording) is attached */
	bool ended; /* the traced process (the demo) has ended */
	struct demo_run d; /* is_demo */
	struct session ts; /* a trace */
	struct feed_replay *r; /* is_replay */
	struct session *s; /* the one in use; NULL in a replay */
	struct cs_model *m;
	uint32_t focus; /* the demo process, or the traced one */

	cs_fact_sink sink;
	void *sink_data;
	feed_control_fn on_control;
	void *control_data;

	/* one poll's records, copied out of the ring buffer */
	unsigned char *arena;
	size_t alen, acap;
	struct feed_ctl ctl[FEED_CTL_MAX];
	int nctl;
	uint64_t records; /* fed so far */
	FILE *rec; /* feed_record: every record fed goes here too */
	bool rec_failed; /* a write to it failed */
	uint64_t drops; /* last read from the probe (kept after stop) */
	/* at the end: the records against the kernel's counters ("" until
	 * known or when they agree) */
	char check[96];
	char tier[16];
};

/* Start a demo.  err: one sentence on failure (nothing is left running). */
int feed_start_demo(struct feed *f, const struct demo_info *info,
		    const struct demo_opts *o, cs_fact_sink sink,
		    feed_control_fn on_control, void *data, char *err,
		    size_t errlen);
/* Start tracing (so: -p PID or a command). */
int feed_start_trace(struct feed *f, const struct session_opts *so,
		     cs_fact_sink sink, void *data, char *err, size_t errlen);

/*
 * Replay the recording at path: no probe, no privileges.  Its records are
 * fed as their recorded times come due, so the screen unfolds as it did
 * live.
 */
int feed_start_replay(struct feed *f, const char *path, cs_fact_sink sink,
		      void *data, char *err, size_t errlen);
/*
 * Save every record fed to the model from now on (the probe's and the
 * demo's phase and step records, in the order the model sees them) to
 * out, after a header naming what.  0, or a negative errno.  The caller
 * closes out after feed_stop.
 */
int feed_record(struct feed *f, FILE *out, const char *what);
/* The recording's header (a replay), else NULL. */
const struct cs_rec_header *feed_recording(const struct feed *f);
/* CLOCK_MONOTONIC when tracing began (the recording's, in a replay). */
uint64_t feed_start_ts(const struct feed *f);

/*
 * The one place a demo's phase and step records meet the probe's: recs
 * holds probe records back to back (len bytes), ctl the control records
 * in the order they came (at most FEED_CTL_MAX).  fn gets every one in
 * time order, each control record just before the first probe record
 * that is later, so that the model knows a phase before the records of
 * the calls it announces (or they would not count).  Returns the number
 * of probe records.
 */
typedef void (*feed_merge_fn)(const void *rec, size_t size, void *data);
int feed_merge(const unsigned char *recs, size_t len,
	       const struct cs_phase *const *ctl, int nctl, feed_merge_fn fn,
	       void *data);

/* Drain and feed; returns the number of records fed (0 when idle). */
int feed_poll(struct feed *f);

/* Step mode: let the announced system call run (a replay: let it go on
 * past the step it waits at). */
int feed_go(struct feed *f);
/* A replay: wait at each step the recording announces (the quiz). */
void feed_replay_steps(struct feed *f, bool on);
/* A replay waiting at a step: its label; else NULL. */
const char *feed_replay_waiting(const struct feed *f);

/*
 * Stop: ask a demo to quit (it cleans up) and wait for it a moment, then
 * detach.  The model stays (totals, final picture) until feed_free().
 */
void feed_stop(struct feed *f);
void feed_free(struct feed *f);

uint64_t feed_drops(struct feed *f);
/*
 * Once the run has ended: "" when every process's records add up to the
 * kernel's counters, else which counter differs first, by how much and
 * for which process ("xmit_skbs -1 (pid 123), 1 more").
 */
const char *feed_check(const struct feed *f);
const char *feed_tier(const struct feed *f);
/*
 * Through the tracing service: NULL while all is well, else what went
 * wrong (session_service_trouble(); *gone: it died, no counters).
 */
const char *feed_service_trouble(const struct feed *f, bool *gone);
/* The launched process's exit: "exit 0", "killed by signal 9", "" (in a
 * replay: the recorded process's, when the recording saw it end) */
void feed_exit_text(const struct feed *f, char *buf, size_t len);
bool feed_exit_ok(const struct feed *f);

#endif
