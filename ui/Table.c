// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Table.c - the comparison table (see Table.h). */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui/Draw.h"
#include "ui/Table.h"
#include "ui/Term.h"
#include "views/layout_table.h"

/* Which rows to show when not all fit: the current run's rows always,
 * then the newest others; the order on screen stays the order of runs. */
static int pick_rows(const struct scene *s, int room, bool *show)
{
	int i, n = 0;

	memset(show, 0, sizeof(bool) * SCENE_ROWS);
	for (i = 0; i < s->nrows && n < room; i++)
		if (s->rows[i].current && (!s->rows[i].sub || room > 1)) {
			show[i] = true;
			n++;
		}
	for (i = s->nrows - 1; i >= 0 && n < room; i--) {
		if (show[i] || s->rows[i].sub)
			continue;
		show[i] = true;
		n++;
		/* its receiver too, when there is room for both */
		if (i + 1 < s->nrows && s->rows[i + 1].sub && n < room &&
		    room - n > 1) {
			show[i + 1] = true;
			n++;
		}
	}
	return n;
}

/* A traced program's flows: in their order, the followed one in sight. */
static void pick_flow_rows(const struct scene *s, int room, bool *show)
{
	int first = table_first_row(s->nrows, room, s->flow_sel), i;

	memset(show, 0, sizeof(bool) * SCENE_ROWS);
	for (i = first; i < s->nrows && i < first + room; i++)
		show[i] = true;
}

void Table_draw(const struct layout *l, const struct scene *s)
{
	const struct lay_rect *r = &l->table;
	struct tcol_info cols[TABLE_MAX_COLS];
	bool show[SCENE_ROWS];
	char line[512];
	int ncols, y, i;

	Draw_clear(r);
	if (r->h < 1)
		return;
	ncols = table_columns(r->w - 2, cols);
	table_line(cols, ncols, NULL, NULL, line, sizeof(line));
	Draw_text(r->y, r->x + 1, r->w - 1, line,
		  Term_attr(TS_BOLD) | A_UNDERLINE);
	/* the article's row takes one line under the current run's */
	if (s->flow_rows)
		pick_flow_rows(s, r->h - 1, show);
	else
		pick_rows(s, r->h - 1 - (s->have_book ? 1 : 0), show);
	y = r->y + 1;
	for (i = 0; i < s->nrows && y <= lay_bottom(r); i++) {
		const struct scene_row *row = &s->rows[i];
		char name[48];
		int attr = row->current ? Term_attr(TS_BOLD) :
			   row->other	? Term_attr(TS_DIM) :
					  Term_attr(TS_NORMAL);

		if (!show[i])
			continue;
		if (row->sub)
			snprintf(name, sizeof(name), "  %s", row->name);
		else
			snprintf(name, sizeof(name), "%s", row->name);
		table_line(cols, ncols, &row->t, name, line, sizeof(line));
		if (row->current && !row->sub)
			Draw_glyph(y, r->x, Term_glyph(TG_SELECT),
				   Term_attr(TS_BOX_ACTIVE));
		Draw_text(y, r->x + 1, r->w - 1, line,
			  row->sub ? Term_attr(TS_DIM) |
					     (row->current ? (int)A_BOLD : 0) :
				     attr);
		if (row->live && !row->sub)
			Draw_glyph(y, r->x + cols[0].w, "*",
				   Term_attr(TS_BOX_ACTIVE));
		y++;
		/* the article's row closes the current run's rows (its
		 * receiver's too, when shown) */
		if (row->current && s->have_book && !s->flow_rows &&
		    y <= lay_bottom(r) &&
		    !(i + 1 < s->nrows && show[i + 1] && s->rows[i + 1].sub &&
		      s->rows[i + 1].current)) {
			table_book_line(cols, ncols, &s->book, "the article",
					line, sizeof(line));
			Draw_text(y++, r->x + 1, r->w - 1, line,
				  Term_attr(TS_BOX_ACTIVE));
		}
	}
	if (!s->nrows)
		Draw_text(
			r->y + 1, r->x + 1, r->w - 2,
			"(no run yet: the measured row appears here as it fills)",
			Term_attr(TS_DIM));
}
