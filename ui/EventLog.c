// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* EventLog.c - the event log (see EventLog.h). */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ui/Draw.h"
#include "ui/EventLog.h"

void EventLog_clear(struct eventlog *log)
{
	log->n = 0;
}

void EventLog_add(struct eventlog *log, enum term_style style, const char *fmt,
		  ...)
{
	unsigned i = (unsigned)(log->n % EVENTLOG_LINES);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(log->line[i].text, sizeof(log->line[i].text), fmt, ap);
	va_end(ap);
	/* control characters are drawn escaped (Draw.c): one line each */
	log->line[i].style = style;
	log->n++;
}

void EventLog_draw(const struct eventlog *log, const struct lay_rect *r)
{
	struct lay_rect in = *r;
	unsigned long long first, k;
	int y;

	Draw_clear(r);
	if (r->h >= 6 && r->w >= 20) {
		Draw_box(r, "events", Term_attr(TS_DIM));
		in.y++;
		in.x += 2;
		in.h -= 2;
		in.w -= 3;
	} else {
		in.x += 1;
		in.w -= 1;
	}
	if (in.h <= 0)
		return;
	first = log->n > (unsigned long long)in.h ? log->n - in.h : 0;
	if (log->n - first > EVENTLOG_LINES)
		first = log->n - EVENTLOG_LINES;
	for (k = first, y = in.y; k < log->n; k++, y++) {
		unsigned i = (unsigned)(k % EVENTLOG_LINES);

		Draw_text_fit(y, in.x, in.w, log->line[i].text,
			  Term_attr(log->line[i].style));
	}
}
