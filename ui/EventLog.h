/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * EventLog.h - the event log: one line per animated item as it starts to
 * play (with "and N more like this" for groups), plus the demo's steps
 * and phases, the demo's own messages and errors.  Newest at the bottom.
 */
#ifndef COPYSCOPE_UI_EVENTLOG_H
#define COPYSCOPE_UI_EVENTLOG_H

#include <stdint.h>

#include "ui/Term.h"
#include "views/layout.h"

#define EVENTLOG_LINES 512
#define EVENTLOG_WIDTH 200

struct eventlog {
	struct {
		enum term_style style;
		char text[EVENTLOG_WIDTH];
	} line[EVENTLOG_LINES];
	unsigned long long n; /* lines ever added */
};

void EventLog_clear(struct eventlog *log);
void EventLog_add(struct eventlog *log, enum term_style style, const char *fmt,
		  ...) __attribute__((format(printf, 3, 4)));
/* The newest lines that fit in r (framed when r is tall enough). */
void EventLog_draw(const struct eventlog *log, const struct lay_rect *r);

#endif
