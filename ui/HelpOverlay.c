// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* HelpOverlay.c - the help box (see HelpOverlay.h). */
#include <curses.h>
#include <stdio.h>

#include "ui/Draw.h"
#include "ui/HelpOverlay.h"
#include "ui/Term.h"

static const struct {
	const char *key, *text;
} keys[] = {
	{ "Space", "pause / resume the animation (the demo keeps running)" },
	{ "n", "show the next event" },
	{ "s",
	  "step mode: run the demo's next system call and show all it causes" },
	{ "f", "step mode: let the demo run on freely" },
	{ "+ -", "animation faster / slower" },
	{ "r", "run the demo again" },
	{ "c", "cold / warm page cache, and run again" },
	{ "a", "pick another demo" },
	{ "?", "this help (any key closes it)" },
	{ "q", "quit" },
};

void HelpOverlay_draw(const struct layout *l, const struct scene *s)
{
	int n = (int)(sizeof(keys) / sizeof(keys[0]));
	int w = l->cols - 8 > 76 ? 76 : l->cols - 8;
	int h = n + 10;
	struct lay_rect r = { (l->rows - h) / 2, (l->cols - w) / 2, h, w };
	int i, y;

	(void)s;
	if (h > l->rows - 2) {
		h = l->rows - 2;
		r.h = h;
		r.y = 1;
	}
	for (y = r.y; y <= lay_bottom(&r); y++)
		Draw_fill(y, r.x, r.w, Term_attr(TS_NORMAL));
	Draw_box(&r, "copyscope: keys", Term_attr(TS_BOX_ACTIVE));
	y = r.y + 1;
	for (i = 0; i < n && y < lay_bottom(&r) - 6; i++, y++) {
		Draw_text(y, r.x + 2, 6, keys[i].key,
			  Term_attr(TS_BOX_ACTIVE) | A_BOLD);
		Draw_text(y, r.x + 9, r.w - 11, keys[i].text,
			  Term_attr(TS_NORMAL));
	}
	y++;
	Draw_text(y++, r.x + 2, r.w - 4, "How bytes move:", Term_attr(TS_BOLD));
	{
		static const struct {
			enum term_glyph g;
			enum term_style st;
			const char *t;
		} k[] = {
			{ TG_DMA, TS_DMA,
			  "DMA  a device (disk, network card) moves the data" },
			{ TG_CPU, TS_CPU,
			  "CPU  the processor copies it in wide moves" },
			{ TG_REF_H, TS_REF,
			  "REF  only references to the pages are handed over" },
			{ TG_MAP_H, TS_MAP,
			  "MAP  the pages are mapped into the process: no copy" },
		};
		for (i = 0; i < 4 && y < lay_bottom(&r); i++, y++) {
			Draw_glyph(y, r.x + 3, Term_glyph(k[i].g),
				   Term_attr(k[i].st));
			Draw_text(y, r.x + 6, r.w - 8, k[i].t,
				  Term_attr(TS_NORMAL));
		}
	}
	if (y < lay_bottom(&r))
		Draw_text(
			y++, r.x + 2, r.w - 4,
			"[measured] an event is the copy itself, with its size;",
			Term_attr(TS_DIM));
	if (y < lay_bottom(&r))
		Draw_text(
			y, r.x + 2, r.w - 4,
			"[attributed] an event proves it, the call's result sizes it; "
			"[inferred] from the call alone",
			Term_attr(TS_DIM));
}
