// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* WhyPanel.c - why the row differs (see WhyPanel.h). */
#include <curses.h>

#include "ui/Draw.h"
#include "ui/Term.h"
#include "ui/WhyPanel.h"
#include "views/wrap.h"

#define MAX_LINES 32

void WhyPanel_draw(const struct layout *l, const struct scene *s)
{
	static char lines[MAX_LINES][WRAP_LINE];
	bool cont[MAX_LINES];
	struct lay_rect r;
	int n = 0, i, y, room;

	if (!s->show_why)
		return;
	r.y = l->sep[0] + 1;
	r.x = l->diagram.x + 1;
	r.h = lay_bottom(&l->diagram) - r.y + 1;
	r.w = l->diagram.w - 2;
	if (r.h < 3 || r.w < 20)
		return;
	/* each reason a bullet, wrapped with a hanging indent */
	for (i = 0; i < s->nwhy && n < MAX_LINES; i++) {
		char part[MAX_LINES][WRAP_LINE];
		size_t k, m = wrap_lines(s->why[i], r.w - 6, part, MAX_LINES);

		for (k = 0; k < m && k < MAX_LINES && n < MAX_LINES; k++) {
			snprintf(lines[n], WRAP_LINE, "%s", part[k]);
			cont[n++] = k > 0;
		}
	}
	for (y = r.y; y <= lay_bottom(&r); y++)
		Draw_fill(y, r.x, r.w, Term_attr(TS_NORMAL));
	Draw_box(&r,
		 "why the measured row differs from the article's "
		 "(w hides)",
		 Term_attr(TS_BOX_ACTIVE));
	room = r.h - 2;
	for (i = 0, y = r.y + 1; i < n && i < room; i++, y++) {
		if (i == room - 1 && n > room) {
			Draw_text_fit(y, r.x + 2, r.w - 4,
				      "(more: a taller terminal shows every "
				      "reason, as 'copyscope report' does)",
				      Term_attr(TS_DIM));
			break;
		}
		if (!cont[i])
			Draw_text(y, r.x + 2, 2, "-", Term_attr(TS_BOX_ACTIVE));
		Draw_text(y, r.x + 4, r.w - 6, lines[i], Term_attr(TS_NORMAL));
	}
}
