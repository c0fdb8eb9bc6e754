// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* TitleBar.c - the top line (see TitleBar.h). */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui/Draw.h"
#include "ui/Term.h"
#include "ui/TitleBar.h"

void TitleBar_draw(const struct layout *l, const struct scene *s)
{
	const struct lay_rect *r = &l->title;
	int attr = Term_attr(TS_TITLE);
	char left[256], right[192] = "";
	int rw, lw;

	Draw_fill(r->y, r->x, r->w, attr);
	if (s->step_mode && s->next[0] && !s->ended)
		snprintf(right, sizeof(right), " next: %s%s ", s->next,
			 s->auto_go    ? "" :
			 s->waiting_go ? "  [s]" :
					 "  ...");
	else if (s->ended)
		snprintf(right, sizeof(right), " %s ", s->state);
	snprintf(left, sizeof(left), " copyscope  %s%s%s%s%s",
		 s->title ? s->title : "",
		 s->strategy && *s->strategy ? "  \u2502 " : "",
		 s->strategy ? s->strategy : "",
		 s->summary && *s->summary ? "  \u2502 " : "",
		 s->summary ? s->summary : "");
	if (!Term_utf8()) {
		char *p;

		/* the separators above are UTF-8; plain bars otherwise */
		while ((p = strstr(left, "\u2502")))
			memmove(p, "|  ", 3);
	}
	rw = Draw_width(right);
	if (rw > r->w / 2)
		rw = r->w / 2;
	/* a clipped title ends in an ellipsis, a column before the right */
	lw = r->w - rw - (rw ? 1 : 0);
	Draw_text_fit(r->y, r->x, lw, left, attr);
	if (rw)
		Draw_text(r->y, r->x + r->w - rw, rw, right,
			  s->ended && s->state_bad ?
				  Term_attr(TS_WARN) | (int)A_REVERSE :
				  attr);
}
