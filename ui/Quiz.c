// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Quiz.c - the quiz on screen (see Quiz.h). */
#include <curses.h>
#include <stdio.h>

#include "ui/Draw.h"
#include "ui/Quiz.h"
#include "ui/Term.h"
#include "views/wrap.h"

/* Wrapped text from *y on, not below last; returns false when cut. */
static bool para(int *y, int last, int x, int w, const char *s, int attr)
{
	char lines[12][WRAP_LINE];
	size_t n = wrap_lines(s, w, lines, 12), i;

	for (i = 0; i < n && i < 12; i++, (*y)++) {
		if (*y > last)
			return false;
		Draw_text(*y, x, w, lines[i], attr);
	}
	return true;
}

static void frame(const struct lay_rect *r, const char *title)
{
	int y;

	for (y = r->y; y <= lay_bottom(r); y++)
		Draw_fill(y, r->x, r->w, Term_attr(TS_NORMAL));
	Draw_box(r, title, Term_attr(TS_BOX_ACTIVE));
}

static void summary(const struct layout *l, const struct quiz_view *v)
{
	struct lay_rect r = { l->diagram.y, l->diagram.x + 1, l->diagram.h,
			      l->diagram.w - 2 };
	int y = r.y + 1, last = lay_bottom(&r) - 1, x = r.x + 2, w = r.w - 4;
	char t[160], line[1024];
	bool fits = true;
	int i;

	snprintf(t, sizeof(t), "quiz over: %d of %d right (w hides)",
		 v->qz->right, v->qz->judged);
	frame(&r, t);
	if (v->qz->right == v->qz->judged)
		para(&y, last, x, w, "Every answer was right.",
		     Term_attr(TS_GOOD));
	for (i = 0; i < v->qz->n && fits; i++) {
		const struct quiz_q *q = &v->qz->q[i];
		char said[96];

		if (!q->judged || q->right)
			continue;
		quiz_answer_text(&q->said, said, sizeof(said));
		snprintf(line, sizeof(line), "%d. not %s: %s", i + 1, said,
			 q->why);
		fits = para(&y, last, x, w, line, Term_attr(TS_NORMAL));
	}
	if (!fits)
		Draw_text_fit(last, x, w,
			      "(more wrong answers than room: a taller "
			      "terminal shows them all)",
			      Term_attr(TS_DIM));
}

void Quiz_draw(const struct layout *l, const struct quiz_view *v)
{
	struct lay_rect r;
	int y, last, x, w;
	char t[96], line[1024], ans[96];

	if (v->over) {
		summary(l, v);
		return;
	}
	if (!v->open && !v->waiting && !v->last)
		return;
	r.y = l->sep[0] + 1;
	r.x = l->diagram.x + 1;
	r.h = lay_bottom(&l->diagram) - r.y + 1;
	r.w = l->diagram.w - 2;
	y = r.y + 1;
	last = lay_bottom(&r) - 1;
	x = r.x + 2;
	w = r.w - 4;
	snprintf(t, sizeof(t), "quiz: %d of %d right", v->qz->right,
		 v->qz->judged);
	frame(&r, t);
	if (v->last) {
		para(&y, last, x, w, quiz_reveal(v->last, line, sizeof(line)),
		     Term_attr(v->last->right ? TS_GOOD : TS_WARN) | A_BOLD);
		if (!v->last->right)
			para(&y, last, x, w, v->last->why,
			     Term_attr(TS_NORMAL));
		quiz_disagree(v->last, line, sizeof(line));
		if (line[0])
			para(&y, last, x, w, line, Term_attr(TS_DIM));
	}
	if (v->waiting) {
		para(&y, last, x, w, "the call runs ...", Term_attr(TS_DIM));
		return;
	}
	if (!v->open)
		return;
	snprintf(line, sizeof(line), "Next: %s. What will it move?",
		 v->open->label);
	para(&y, last, x, w, line, Term_attr(TS_BOLD));
	para(&y, last, x, w,
	     "d DMA  c CPU copy  r by reference  m mapping  x none;  then the "
	     "mode switches: a digit 0-9 answers and runs it",
	     Term_attr(TS_DIM));
	snprintf(line, sizeof(line), "your answer: %s",
		 quiz_kinds_text(v->open->said.kinds, ans, sizeof(ans)));
	para(&y, last, x, w, line, Term_attr(TS_BOX_ACTIVE));
}
