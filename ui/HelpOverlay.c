// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * HelpOverlay.c - the help box (see HelpOverlay.h): the keys on one page,
 * what the picture means on the other, each wrapped to fit an 80x24
 * terminal.
 */
#include <curses.h>
#include <stdio.h>

#include "ui/Draw.h"
#include "ui/HelpOverlay.h"
#include "ui/Term.h"
#include "views/wrap.h"

static const struct {
	const char *key, *text;
} keys[] = {
	{ "Space", "pause / resume the animation (the demo keeps running)" },
	{ "n", "show the next event" },
	{ "s", "step: run the demo's next system call, show all it causes" },
	{ "f", "let a stepped demo run on freely" },
	{ "+ -", "animation faster / slower" },
	{ "r", "run the demo again" },
	{ "c", "cold / warm page cache, and run again" },
	{ "a", "pick another demo" },
	{ "w", "show / hide why the measured row differs from the article's" },
	{ "k", "quiz: predict each system call before it runs" },
	{ "Tab", "a traced program: follow its next flow, alone in the "
		 "picture and the log (Shift-Tab: the one before)" },
	{ "?", "the next help page (any other key closes help)" },
	{ "q", "quit" },
};

/* Page 2: the legend.  kind < 0: a plain sentence. */
static const struct {
	int glyph; /* enum term_glyph, or -1 */
	int style;
	const char *text;
} legend[] = {
	{ -1, TS_BOLD, "How bytes move:" },
	{ TG_DMA, TS_DMA,
	  "DMA  a device (disk, network card) moves the data; the CPU does not" },
	{ TG_CPU, TS_CPU,
	  "CPU  the processor copies it, with wide moves (many bytes per "
	  "instruction), still costing CPU time for every byte" },
	{ TG_REF_H, TS_REF,
	  "REF  only references to the pages are handed over: no copy" },
	{ TG_MAP_H, TS_MAP,
	  "MAP  the pages are mapped into the process: no copy" },
	{ -1, TS_BOLD, "How we know:" },
	{ -1, TS_DIM,
	  "[measured] an event is the transfer itself, with its size; "
	  "[attributed] an event proves it, the call's result sizes it; "
	  "[inferred] from the system call alone" },
	{ -1, TS_BOLD, "Switches:" },
	{ -1, TS_DIM,
	  "mode switch: the CPU enters the kernel and returns (a system call, "
	  "a page fault, an interrupt); the table counts those of system "
	  "calls, two per call" },
	{ -1, TS_DIM,
	  "context switch: the scheduler takes the CPU from one task and "
	  "gives it to another" },
};

#define NKEYS (int)(sizeof(keys) / sizeof(keys[0]))
#define NLEGEND (int)(sizeof(legend) / sizeof(legend[0]))

int HelpOverlay_pages(void)
{
	return 2;
}

/* Wrapped text at (*y, x) within w columns, not below last; hanging
 * indent for the lines after the first. */
static void para(int *y, int last, int x, int w, int hang, const char *s,
		 int attr)
{
	char lines[8][WRAP_LINE];
	size_t n = wrap_lines(s, w - hang, lines, 8), i;

	if (n > 8)
		n = 8;
	for (i = 0; i < n && *y <= last; i++, (*y)++)
		Draw_text(*y, x + (i ? hang : 0), w - (i ? hang : 0), lines[i],
			  attr);
}

void HelpOverlay_draw(const struct layout *l, const struct scene *s, int page)
{
	int w = l->cols - 4 > 76 ? 76 : l->cols - 4;
	int h = l->rows - 2 > 20 ? 20 : l->rows - 2;
	struct lay_rect r = { (l->rows - h) / 2, (l->cols - w) / 2, h, w };
	int last = lay_bottom(&r) - 2, x = r.x + 2, iw = r.w - 4;
	int i, y;
	char foot[96];

	(void)s;
	for (y = r.y; y <= lay_bottom(&r); y++)
		Draw_fill(y, r.x, r.w, Term_attr(TS_NORMAL));
	Draw_box(&r, page <= 1 ? "copyscope: keys" : "copyscope: the picture",
		 Term_attr(TS_BOX_ACTIVE));
	y = r.y + 1;
	if (page <= 1) {
		for (i = 0; i < NKEYS && y <= last; i++) {
			Draw_text(y, x, 6, keys[i].key,
				  Term_attr(TS_BOX_ACTIVE) | A_BOLD);
			para(&y, last, x + 7, iw - 7, 0, keys[i].text,
			     Term_attr(TS_NORMAL));
		}
	} else {
		for (i = 0; i < NLEGEND && y <= last; i++) {
			if (legend[i].glyph >= 0) {
				Draw_glyph(y, x + 1,
					   Term_glyph(legend[i].glyph),
					   Term_attr(legend[i].style));
				para(&y, last, x + 4, iw - 4, 5, legend[i].text,
				     Term_attr(TS_NORMAL));
			} else {
				para(&y, last, x, iw, 0, legend[i].text,
				     Term_attr(legend[i].style));
			}
		}
	}
	snprintf(foot, sizeof(foot),
		 "page %d of %d: ? %s, any other key closes", page <= 1 ? 1 : 2,
		 HelpOverlay_pages(),
		 page <= 1 ? "the next page" : "the first page");
	Draw_text_fit(lay_bottom(&r) - 1, x, iw, foot, Term_attr(TS_DIM));
}
