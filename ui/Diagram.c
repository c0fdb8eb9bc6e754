// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Diagram.c - draws the picture (see Diagram.h).
 *
 * How each kind of transfer looks, so that it reads without colour too:
 *   DMA  a block (#) moving along solid lines, cyan: a device moves data
 *   CPU  a dot (@) moving along solid lines, red: the processor copies
 *   REF  a dotted line growing from source to destination, green: only a
 *        reference to the pages travels, the bytes stay where they are
 *   MAP  a double line joining both places at once, magenta: the same
 *        pages seen from two places, nothing moves
 * Several facts grouped into one item move as a stream of tokens.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui/Diagram.h"
#include "ui/Draw.h"
#include "ui/Term.h"

#define MAX_CELLS 512

static const char *const band_names[LAY_BANDS] = { "USER", "KERNEL",
						   "HARDWARE" };

int Diagram_kindAttr(int kind, int evidence)
{
	if (evidence == CS_EVID_EXPLAINED)
		return Term_attr(TS_EXPLAINED);
	switch (kind) {
	case CS_K_DMA:
		return Term_attr(TS_DMA);
	case CS_K_CPU:
		return Term_attr(TS_CPU);
	case CS_K_REF:
		return Term_attr(TS_REF);
	case CS_K_MAP:
		return Term_attr(TS_MAP);
	}
	return Term_attr(TS_NORMAL);
}

static const char *arrow(uint8_t dir)
{
	switch (dir) {
	case LAY_N:
		return Term_glyph(TG_ARROW_N);
	case LAY_E:
		return Term_glyph(TG_ARROW_E);
	case LAY_S:
		return Term_glyph(TG_ARROW_S);
	default:
		return Term_glyph(TG_ARROW_W);
	}
}

/* The glyph of a route cell for a kind of transfer. */
static const char *cell_glyph(int kind, uint8_t dirs)
{
	bool h = !(dirs & (LAY_N | LAY_S)), v = !(dirs & (LAY_E | LAY_W));

	if (kind == CS_K_REF && (h || v))
		return Term_glyph(h ? TG_REF_H : TG_REF_V);
	if (kind == CS_K_MAP && (h || v))
		return Term_glyph(h ? TG_MAP_H : TG_MAP_V);
	return Term_line(dirs);
}

/* The border cell a route's end touches becomes a junction. */
static void junction(const struct lay_pt *c, uint8_t dir, int attr)
{
	switch (dir) {
	case LAY_N:
		Draw_glyph(c->y - 1, c->x, Term_line(LAY_E | LAY_W | LAY_S),
			   attr);
		break;
	case LAY_S:
		Draw_glyph(c->y + 1, c->x, Term_line(LAY_E | LAY_W | LAY_N),
			   attr);
		break;
	case LAY_W:
		Draw_glyph(c->y, c->x - 1, Term_line(LAY_N | LAY_S | LAY_E),
			   attr);
		break;
	case LAY_E:
		Draw_glyph(c->y, c->x + 1, Term_line(LAY_N | LAY_S | LAY_W),
			   attr);
		break;
	}
}

/* ---- bands, separators, the user/kernel marker ----------------------------
 */

static bool in_kernel_now(const struct scene *s, double *marker_frac)
{
	const struct anim_item *it = s->cur;

	*marker_frac = -1;
	if (it && it->focus && it->f.type == CS_FACT_MODE_SWITCH) {
		bool to_k = it->f.u.mode.to_kernel;

		*marker_frac = to_k ? s->progress : 1 - s->progress;
		return s->progress >= 0.5 ? to_k : !to_k;
	}
	return s->kernel;
}

static void draw_sep(const struct layout *l, int i)
{
	static const char *const texts[2][3] = {
		{ "user / kernel: the system call boundary",
		  "system call boundary", "syscalls" },
		{ "kernel / hardware", "hardware", "hw" },
	};
	int y = l->sep[i], x, k;
	const struct lay_rect *d = &l->diagram;

	for (x = d->x; x <= lay_right(d); x++)
		Draw_glyph(y, x, Term_glyph(TG_SEP), Term_attr(TS_SEP));
	for (k = 0; k < 3; k++) {
		char t[64];
		int w;

		snprintf(t, sizeof(t), " %s ", texts[i][k]);
		w = Draw_width(t);
		x = layout_sep_label(l, i, w);
		if (x >= 0) {
			Draw_text(y, x, w, t, Term_attr(TS_SEP));
			break;
		}
	}
}

static void draw_bands(const struct layout *l, const struct scene *s)
{
	double frac;
	bool kernel = in_kernel_now(s, &frac);
	int b, x = l->diagram.x;

	draw_sep(l, 0);
	draw_sep(l, 1);
	for (b = 0; b < LAY_BANDS; b++) {
		bool on = (b == LAY_BAND_KERNEL) == kernel && b != LAY_BAND_HW;
		char t[16];

		snprintf(t, sizeof(t), "%-8s", band_names[b]);
		Draw_text(l->band_label_y[b], x + 2, 8, t,
			  Term_attr(on ? TS_BAND_ON : TS_BAND));
	}
	/* The marker: beside the band the focus process is in, sliding
	 * across the boundary line while a mode switch plays. */
	{
		int yu = l->band_label_y[LAY_BAND_USER];
		int yk = l->band_label_y[LAY_BAND_KERNEL];
		int y = frac >= 0 ? yu + (int)((yk - yu) * frac + 0.5) :
			kernel	  ? yk :
				    yu;

		Draw_glyph(y, x, Term_glyph(TG_MARK),
			   Term_attr(frac >= 0 ? TS_BOX_ACTIVE : TS_BOLD));
		if (frac >= 0 && s->cur) {
			const char *nm =
				model_syscall_name(s->cur->f.u.mode.syscall_nr);
			char t[16];

			snprintf(t, sizeof(t), "%s", nm ? nm : "syscall");
			if (y != yu && y != yk && y != l->sep[0])
				Draw_text(y, x + 2, LAY_LABEL_W - 2, t,
					  Term_attr(TS_BOX_ACTIVE));
		}
	}
}

/* ---- routes -----------------------------------------------------------------
 */

static uint64_t route_sum(const struct scene *s, int a, int b, int *kind)
{
	uint64_t sum = 0, best = 0;
	int k;

	*kind = -1;
	for (k = 0; k < CS_K_MAX; k++) {
		uint64_t v =
			s->route[a][b][k] + (a != b ? s->route[b][a][k] : 0);

		sum += v;
		if (v > best) {
			best = v;
			*kind = k;
		}
	}
	return sum;
}

static void draw_label(const struct layout *l, const struct lay_route *r,
		       const char *text, int attr)
{
	struct lay_pt at;
	bool emb;
	int n = Draw_width(text);

	if (!layout_route_label(l, r, n, &at, &emb))
		return;
	if (emb) {
		Draw_glyph(at.y, at.x - 1, " ", attr);
		Draw_glyph(at.y, at.x + n, " ", attr);
	}
	Draw_text(at.y, at.x, n, text, attr);
}

/* A route data has taken: line in the kind's colour, arrowheads where
 * bytes arrived, the byte count beside it. */
static void draw_used_route(const struct layout *l, const struct scene *s,
			    int a, int b)
{
	static struct lay_pt cells[MAX_CELLS];
	static uint8_t dirs[MAX_CELLS];
	struct lay_route r;
	uint64_t ab = 0, ba = 0, total;
	int kind, n, i, attr, evid = CS_EVID_MEASURED;
	char lab[32], bytes[16];

	total = route_sum(s, a, b, &kind);
	if (a == CS_PL_SOCKBUF && b == CS_PL_NIC && !total &&
	    s->nic_explained) {
		total = s->nic_explained;
		kind = CS_K_DMA;
		evid = CS_EVID_EXPLAINED;
		ab = total;
	}
	if (!total || kind < 0 || !layout_route(l, a, b, &r))
		return;
	for (i = 0; i < CS_K_MAX; i++) {
		ab += s->route[a][b][i];
		if (a != b)
			ba += s->route[b][a][i];
	}
	n = layout_route_cells(&r, cells, dirs, MAX_CELLS);
	if (n > MAX_CELLS)
		n = MAX_CELLS;
	attr = Diagram_kindAttr(kind, evid) & ~A_BOLD;
	for (i = 0; i < n; i++)
		Draw_glyph(
			cells[i].y, cells[i].x,
			cell_glyph(evid == CS_EVID_EXPLAINED ? CS_K_REF : kind,
				   dirs[i]),
			attr);
	if (ab)
		Draw_glyph(cells[n - 1].y, cells[n - 1].x, arrow(r.end_dir),
			   attr);
	else
		junction(&cells[n - 1], r.end_dir, attr);
	if (ba && n > 1)
		Draw_glyph(cells[0].y, cells[0].x, arrow(r.start_dir), attr);
	else
		junction(&cells[0], r.start_dir, attr);
	if (evid == CS_EVID_EXPLAINED) {
		snprintf(lab, sizeof(lab), "no DMA");
	} else {
		lay_bytes_short(bytes, sizeof(bytes),
				s->route[a][b][kind] +
					(a != b ? s->route[b][a][kind] : 0));
		snprintf(lab, sizeof(lab), "%s %s", model_kind_name(kind),
			 bytes);
	}
	draw_label(l, &r, lab, attr | A_BOLD);
}

static void draw_routes(const struct layout *l, const struct scene *s)
{
	int a, b;

	for (a = 0; a < CS_PL_MAX; a++)
		for (b = a; b < CS_PL_MAX; b++)
			draw_used_route(l, s, a, b);
}

/* ---- boxes -----------------------------------------------------------------
 */

static void draw_place(const struct layout *l, const struct scene *s, int p,
		       int attr)
{
	const struct lay_rect *r = &l->box[p];
	const char *name = model_place_name(p);
	char t[48];

	Draw_box(r, NULL, attr);
	Draw_fill(lay_cy(r), r->x + 1, r->w - 2, A_NORMAL);
	Draw_centred(lay_cy(r), r->x + 1, r->w - 2, name, attr | A_BOLD);
	/* the user box's frame names the last system call of the focus */
	if (p == CS_PL_USER && s->last_call[0] && r->w > 8) {
		snprintf(t, sizeof(t), " %s ", s->last_call);
		Draw_text(r->y, r->x + 2, r->w - 4, t, attr);
	}
	if (p == CS_PL_RECEIVER && !s->have_receiver)
		Draw_centred(lay_cy(r), r->x + 1, r->w - 2, name,
			     Term_attr(TS_DIM));
}

static void draw_cpu(const struct layout *l, const struct scene *s, bool active)
{
	const struct lay_rect *r = &l->cpu;
	const struct anim_item *it = s->cur;
	bool off = s->off_cpu;
	char t[48];
	int attr = Term_attr(active ? TS_BOX_ACTIVE : TS_BOX);

	if (active && it && it->f.type == CS_FACT_CONTEXT_SWITCH)
		off = s->progress >= 0.5 ? it->f.u.ctx.out : !it->f.u.ctx.out;
	Draw_box(r, "CPU", attr);
	Draw_fill(lay_cy(r), r->x + 1, r->w - 2, A_NORMAL);
	if (!off) {
		snprintf(t, sizeof(t), "%s %s", Term_glyph(TG_ON),
			 s->focus_name[0] ? s->focus_name : "running");
		Draw_text(lay_cy(r), r->x + 2, r->w - 3, t, Term_attr(TS_GOOD));
	} else {
		const char *who = s->cpu_other[0] ? s->cpu_other : "other";

		if (active && it && it->f.type == CS_FACT_CONTEXT_SWITCH &&
		    it->f.u.ctx.other_comm[0])
			who = it->f.u.ctx.other_comm;
		snprintf(t, sizeof(t), "%s %s", Term_glyph(TG_OFF), who);
		Draw_text(lay_cy(r), r->x + 2, r->w - 3, t, Term_attr(TS_DIM));
	}
}

/* ---- the item playing now -------------------------------------------------
 */

/* Which way a route goes on from cell i (i + 1 exists). */
static uint8_t travel(const struct lay_pt *c, int i)
{
	if (c[i + 1].y < c[i].y)
		return LAY_N;
	if (c[i + 1].y > c[i].y)
		return LAY_S;
	return c[i + 1].x > c[i].x ? LAY_E : LAY_W;
}

static void draw_transfer(const struct layout *l, const struct scene *s)
{
	static struct lay_pt cells[MAX_CELLS];
	static uint8_t dirs[MAX_CELLS];
	const struct anim_item *it = s->cur;
	const struct cs_transfer *t = &it->f.u.transfer;
	int attr = Diagram_kindAttr(t->kind, t->evidence);
	struct lay_route r;
	int n, i, head;

	if (t->from < CS_PL_MAX)
		draw_place(l, s, t->from, attr);
	if (t->to < CS_PL_MAX && t->to != t->from)
		draw_place(l, s, t->to, attr);
	if (!layout_route(l, t->from, t->to, &r))
		return;
	n = layout_route_cells(&r, cells, dirs, MAX_CELLS);
	if (n > MAX_CELLS)
		n = MAX_CELLS;
	/* the boxes were drawn again: the route leaves its source here */
	junction(&cells[0], r.start_dir, attr);
	head = (int)(s->progress * (n - 1) + 0.5);
	if (head >= n)
		head = n - 1;

	if (t->kind == CS_K_REF || t->kind == CS_K_MAP) {
		/* a reference is handed along; a mapping joins at once */
		int upto = t->kind == CS_K_MAP ? n - 1 : head;

		for (i = 0; i <= upto; i++)
			Draw_glyph(cells[i].y, cells[i].x,
				   cell_glyph(t->kind, dirs[i]), attr);
		Draw_glyph(cells[upto].y, cells[upto].x,
			   upto == n - 1 ? arrow(r.end_dir) :
					   arrow(travel(cells, upto)),
			   attr);
		if (t->kind == CS_K_MAP && n > 1)
			Draw_glyph(cells[0].y, cells[0].x, arrow(r.start_dir),
				   attr);
		return;
	}

	/* DMA and CPU: the data itself moves.  A group moves as a stream. */
	for (i = 0; i < n; i++)
		Draw_glyph(cells[i].y, cells[i].x, Term_line(dirs[i]),
			   attr & ~A_BOLD);
	Draw_glyph(cells[n - 1].y, cells[n - 1].x, arrow(r.end_dir), attr);
	{
		enum term_glyph tok = t->kind == CS_K_DMA ? TG_DMA : TG_CPU;
		enum term_glyph trail =
			t->kind == CS_K_DMA ? TG_DMA_TRAIL : TG_CPU_TRAIL;
		int streams = it->count > 1 ? 4 : 1, k;

		if (t->evidence == CS_EVID_EXPLAINED)
			tok = trail;
		for (k = 0; k < streams; k++) {
			int p = head - k * 4;

			if (p < 0)
				break;
			if (p - 1 >= 0)
				Draw_glyph(cells[p - 1].y, cells[p - 1].x,
					   Term_glyph(trail), attr);
			Draw_glyph(cells[p].y, cells[p].x, Term_glyph(tok),
				   attr | A_BOLD);
		}
	}
}

static void draw_current(const struct layout *l, const struct scene *s)
{
	const struct anim_item *it = s->cur;

	if (!it)
		return;
	switch (it->f.type) {
	case CS_FACT_TRANSFER:
		draw_transfer(l, s);
		break;
	case CS_FACT_CONTEXT_SWITCH:
		draw_cpu(l, s, true);
		break;
	case CS_FACT_SYSCALL:
		draw_place(l, s, CS_PL_USER, Term_attr(TS_BOX_ACTIVE));
		break;
	case CS_FACT_FAULT:
		draw_place(l, s, CS_PL_USER, Term_attr(TS_WARN));
		break;
	default:
		break;
	}
}

void Diagram_draw(const struct layout *l, const struct scene *s)
{
	int p;

	Draw_clear(&l->diagram);
	draw_bands(l, s);
	for (p = 0; p < CS_PL_MAX; p++)
		draw_place(l, s, p, Term_attr(TS_BOX));
	draw_cpu(l, s, false);
	draw_routes(l, s);
	draw_current(l, s);
}
