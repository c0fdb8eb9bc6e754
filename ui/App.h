/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * App.h - the TUI as a whole: the main loop (data in, animation clock,
 * keys, frames) that ties the feed, the model, the animation queue and the
 * screen elements together.  Entered from 'copyscope' (the tour),
 * 'copyscope demo NAME', and 'copyscope trace' and 'copyscope replay' on a
 * terminal.
 */
#ifndef COPYSCOPE_UI_APP_H
#define COPYSCOPE_UI_APP_H

#include <stdbool.h>

#include "run/demo_run.h"
#include "run/session.h"

struct app_opts {
	/* A demo to start with; NULL with tour: the picker first. */
	const struct demo_info *demo;
	struct demo_opts dopts; /* step, cold, size, chunk, pin */
	bool tour; /* the demo picker is available (a) */
	double speed; /* animation speed factor; 0: 1x */
	/* Trace mode: this session instead of a demo. */
	const struct session_opts *trace;
	/* Replay mode: this recording instead (no probe, no privileges). */
	const char *replay;
	/* Demos: save each run to this file (the last run stays). */
	const char *record;
	const char *what; /* "pid 1234", "command dd" */
	/* Class mode: the article's row, why it differs, step captions
	 * naming what each call moved, scheduler events in the log only. */
	bool class_mode;
	/* Predict, then reveal: a question before each system call. */
	bool quiz;
};

/* Run until q (or a signal).  Returns the process exit status. */
int App_run(const struct app_opts *o);

#endif
