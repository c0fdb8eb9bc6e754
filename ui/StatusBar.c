// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* StatusBar.c - the bottom line (see StatusBar.h). */
#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ui/Draw.h"
#include "ui/StatusBar.h"
#include "ui/Term.h"

/* Write text at *x if it fits before end; returns false when it did not. */
static bool seg(int y, int *x, int end, const char *text, int attr)
{
	int n = Draw_width(text);

	if (*x + n > end)
		return false;
	*x += Draw_text(y, *x, n, text, attr);
	return true;
}

void StatusBar_draw(const struct layout *l, const struct scene *s)
{
	/* in display order; prio 0 is kept longest when space runs out;
	 * flows: only on a traced program's screen, where Tab picks one */
	static const struct {
		const char *key, *what;
		int prio;
		bool flows;
	} keys[] = {
		{ "Tab", "flow", 1, true },  { "Spc", "pause", 3, false },
		{ "n", "event", 5, false },  { "s", "syscall", 4, false },
		{ "+-", "speed", 6, false }, { "r", "restart", 7, false },
		{ "a", "demos", 8, false },  { "?", "help", 0, false },
		{ "q", "quit", 2, false },
	};
	const struct lay_rect *r = &l->status;
	int bar = Term_attr(TS_STATUS), x = r->x, end = r->x + r->w;
	int warn = Term_attr(TS_WARN) | (int)A_REVERSE;
	int nk = (int)(sizeof(keys) / sizeof(keys[0])), prio, need, kx, i;
	char t[160], chk[128], fl[sizeof(s->flow_label) + 4];

	Draw_fill(r->y, r->x, r->w, bar);
	/*
	 * Records that do not add up to the kernel's counters matter more
	 * than the name of what runs: it gives way (clipped with an
	 * ellipsis) so that the difference is said, right after it.
	 */
	chk[0] = 0;
	if (s->check && *s->check)
		snprintf(chk, sizeof(chk), "| differ: %s ", s->check);
	snprintf(t, sizeof(t), " %s ", s->what ? s->what : "copyscope");
	need = Draw_width(t);
	if (chk[0] && need > r->w - Draw_width(chk))
		need = r->w - Draw_width(chk);
	if (need > 0)
		x += Draw_text_fit(r->y, x, need, t, bar | A_BOLD);
	seg(r->y, &x, end, chk, warn);
	/* the flow the picture follows: clipped rather than left out */
	if (s->flow_rows && s->flow_label[0] && x < end) {
		snprintf(fl, sizeof(fl), "| %s ", s->flow_label);
		need = Draw_width(fl);
		x += Draw_text_fit(r->y, x, need < end - x ? need : end - x, fl,
				   bar | A_BOLD);
	}
	snprintf(t, sizeof(t), "| tier %s ", s->tier ? s->tier : "-");
	seg(r->y, &x, end, t, bar);
	snprintf(t, sizeof(t), "| speed %s%s ", s->speed,
		 s->paused ? " PAUSED" : "");
	seg(r->y, &x, end, t, bar);
	if (s->is_demo) {
		if (s->step_mode)
			snprintf(t, sizeof(t), "| step %" PRIu32 "%s ",
				 s->steps_done, s->auto_go ? " auto" : "");
		else
			snprintf(t, sizeof(t), "| free run ");
		seg(r->y, &x, end, t, bar);
		if (s->no_disk)
			snprintf(t, sizeof(t), "| %s ",
				 s->cold ? "cold: no disk" : "warm: no disk");
		else if (s->cold_others)
			snprintf(t, sizeof(t),
				 "| cold, but %" PRIu64 " pages read in by "
				 "another process ",
				 s->cold_others);
		else
			snprintf(t, sizeof(t), "| %s ",
				 s->cold ? "cold" : "warm");
		seg(r->y, &x, end, t, s->cold_others ? warn : bar);
	}
	snprintf(t, sizeof(t), "| drops %" PRIu64 " ", s->drops);
	seg(r->y, &x, end, t, s->drops ? warn : bar);
	if (s->waiting) {
		snprintf(t, sizeof(t), "| queue %zu ", s->waiting);
		seg(r->y, &x, end, t, bar);
	}

	/* the keys, right-aligned: as many as fit, most useful first */
	for (prio = nk - 1; prio >= 0; prio--) {
		need = 0;
		for (i = 0; i < nk; i++)
			if (keys[i].prio <= prio &&
			    (!keys[i].flows || s->flow_rows))
				need += Draw_width(keys[i].key) +
					Draw_width(keys[i].what) + 2;
		if (x + need + 1 <= end)
			break;
	}
	if (prio < 0)
		return;
	kx = end - need;
	for (i = 0; i < nk; i++) {
		if (keys[i].prio > prio || (keys[i].flows && !s->flow_rows))
			continue;
		kx += Draw_text(r->y, kx, end - kx, keys[i].key,
				Term_attr(TS_KEY));
		snprintf(t, sizeof(t), " %s ", keys[i].what);
		kx += Draw_text(r->y, kx, end - kx, t, bar);
	}
}
