// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* DemoPicker.c - the tour's menu (see DemoPicker.h). */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "run/demo_run.h"
#include "ui/DemoPicker.h"
#include "ui/Draw.h"
#include "ui/Term.h"

#define HEAD 3 /* rows above the list */
#define FOOT 3

struct lay_rect DemoPicker_area(const struct layout *l)
{
	struct lay_rect r = { 1, 0, lay_bottom(&l->caption), l->cols };

	/* the table stays visible below when the menu fits above it */
	if (r.h < (int)demo_count + HEAD + FOOT)
		r.h = l->rows - 2;
	return r;
}

void DemoPicker_draw(const struct layout *l, const struct picker *p)
{
	struct lay_rect r = DemoPicker_area(l);
	int rows = r.h - HEAD - FOOT, top = 0, i, y;
	bool wide = r.w >= 110;
	int tw = 0, nw = 0;
	size_t k;

	/* columns as wide as the longest name and title, plus a gap */
	for (k = 0; k < demo_count; k++) {
		int a = (int)strlen(demo_list[k].title) + 2;
		int b = (int)strlen(demo_list[k].name) + 2;

		tw = a > tw ? a : tw;
		nw = b > nw ? b : nw;
	}
	if (!wide)
		nw = 0;

	Draw_clear(&r);
	Draw_text_fit(
		r.y, r.x + 2, r.w - 4,
		"The tour: pick a way to send a file, and watch where its bytes go.",
		Term_attr(TS_BOLD));
	Draw_text_fit(
		r.y + 1, r.x + 2, r.w - 4,
		"Each demo moves a file to a receiver over TCP on this machine; "
		"copyscope traces it live.",
		Term_attr(TS_DIM));
	if (rows < 1)
		return;
	if (p->sel >= rows)
		top = p->sel - rows + 1;
	for (i = top, y = r.y + HEAD;
	     i < (int)demo_count && y < r.y + HEAD + rows; i++, y++) {
		const struct demo_info *d = &demo_list[i];
		bool sel = i == p->sel;
		int attr = sel ? Term_attr(TS_HILITE) : Term_attr(TS_NORMAL);
		char line[256];

		if (wide)
			snprintf(line, sizeof(line), " %-*s%-*s%s", nw, d->name,
				 tw, d->title, d->summary);
		else
			snprintf(line, sizeof(line), " %-*s%s", tw, d->title,
				 d->summary);
		Draw_fill(y, r.x + 1, r.w - 2, attr);
		if (sel)
			Draw_glyph(y, r.x, Term_glyph(TG_SELECT),
				   Term_attr(TS_BOX_ACTIVE));
		Draw_text_fit(y, r.x + 1, r.w - 2, line, attr);
	}
	if (p->msg[0]) {
		/* two lines at most, broken at a space */
		int w = r.w - 4, len = (int)strlen(p->msg), cut = len;

		if (Draw_width(p->msg) > w) {
			for (cut = w; cut > 0 && p->msg[cut] != ' '; cut--)
				;
			if (cut == 0)
				cut = w;
		}
		Draw_text(lay_bottom(&r) - 2, r.x + 2, cut < w ? cut : w,
			  p->msg, Term_attr(TS_WARN));
		if (cut < len)
			Draw_text_fit(lay_bottom(&r) - 1, r.x + 2, w,
				      p->msg + cut + 1, Term_attr(TS_WARN));
	}
	Draw_text_fit(
		lay_bottom(&r), r.x + 2, r.w - 4,
		p->can_close ?
			"Enter watch it run   s step through it   Esc back   q quit" :
			"Enter watch it run   s step through it, one system call at a time   q quit",
		Term_attr(TS_BOX_ACTIVE));
}

enum picker_action DemoPicker_key(struct picker *p, int ch)
{
	switch (ch) {
	case KEY_UP:
	case 'k':
		if (p->sel > 0)
			p->sel--;
		return PICK_NONE;
	case KEY_DOWN:
	case 'j':
		if (p->sel + 1 < (int)demo_count)
			p->sel++;
		return PICK_NONE;
	case KEY_HOME:
		p->sel = 0;
		return PICK_NONE;
	case KEY_END:
		p->sel = (int)demo_count - 1;
		return PICK_NONE;
	case '\n':
	case '\r':
	case KEY_ENTER:
		return PICK_RUN;
	case 's':
		return PICK_STEP;
	case 27: /* Esc */
	case 'a':
		return p->can_close ? PICK_CLOSE : PICK_NONE;
	case 'q':
	case 'Q':
		return PICK_QUIT;
	}
	if (ch >= '1' && ch <= '9' && ch - '1' < (int)demo_count)
		p->sel = ch - '1';
	return PICK_NONE;
}
