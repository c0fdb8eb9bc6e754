// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * layout.c - the screen's geometry.  The diagram is laid out around three
 * columns of kernel places (page cache, pipe, socket buffer), so that every
 * route the model can produce is one to three straight segments that
 * neither cross a box nor run along another route:
 *
 *   USER        [ user buffer       ]---------+     [receiver]
 *   - - - - - - - -|- - - -|- - - - - - - - - | - - - - -|- -
 *   KERNEL  [page cache]--[pipe]--[socket buffer]
 *   - - - - - - |- - - - - - - - - - - - - - - - | - - - - - -
 *   HARDWARE [disk]        [CPU]           [network device]
 *
 * Everything is computed from the terminal size alone.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "views/layout.h"

/* Box widths: the place's name plus a border and a space on each side. */
#define BOX_H 3
#define W_CACHE 14
#define W_PIPE 8
#define W_SOCK 17
#define W_DISK 8
#define W_NIC 18
#define W_RECV 12
#define W_CPU 16

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static struct lay_rect rect(int y, int x, int h, int w)
{
	struct lay_rect r = { y, x, h, w };

	return r;
}

static void layout_diagram(struct layout *l)
{
	const struct lay_rect *d = &l->diagram;
	struct lay_rect *b = l->box;
	int gh, used, pad, ut, kt, ht;
	struct lay_rect *pc = &b[CS_PL_PAGE_CACHE], *pipe = &b[CS_PL_PIPE];
	struct lay_rect *sock = &b[CS_PL_SOCKBUF], *user = &b[CS_PL_USER];

	/* Rows: three rows of boxes, gh rows between bands (the line in the
	 * middle), taller gaps on taller terminals so that moving data has
	 * some way to go. */
	gh = clampi((d->h - 3 * BOX_H) / 2, 3, 7);
	used = 3 * BOX_H + 2 * gh;
	pad = (d->h - used) / 2;
	if (pad < 0)
		pad = 0;
	ut = d->y + pad;
	kt = ut + BOX_H + gh;
	ht = kt + BOX_H + gh;
	l->sep[0] = ut + BOX_H + gh / 2;
	l->sep[1] = kt + BOX_H + gh / 2;
	l->band[LAY_BAND_USER] = rect(d->y, d->x, l->sep[0] - d->y, d->w);
	l->band[LAY_BAND_KERNEL] =
		rect(l->sep[0] + 1, d->x, l->sep[1] - l->sep[0] - 1, d->w);
	l->band[LAY_BAND_HW] =
		rect(l->sep[1] + 1, d->x, lay_bottom(d) - l->sep[1], d->w);
	l->band_label_y[LAY_BAND_USER] = ut + 1;
	l->band_label_y[LAY_BAND_KERNEL] = kt + 1;
	l->band_label_y[LAY_BAND_HW] = ht + 1;

	/* Columns: page cache at the left (two columns for its self-loop),
	 * socket buffer at the right, the pipe half way. */
	l->left = d->x + LAY_LABEL_W;
	l->right = d->x + d->w - 2;
	*pc = rect(kt, l->left + 2, BOX_H, W_CACHE);
	*sock = rect(kt, l->right - W_SOCK + 1, BOX_H, W_SOCK);
	*pipe = rect(kt, (lay_right(pc) + sock->x) / 2 - W_PIPE / 2, BOX_H,
		     W_PIPE);
	l->channel_x = (lay_right(pc) + pipe->x) / 2;

	/* The user buffer spans the three columns its routes leave from:
	 * the page cache's right end, the channel, the pipe. */
	user->y = ut;
	user->h = BOX_H;
	user->x = lay_right(pc) - 3;
	user->w = lay_cx(pipe) + 3 - user->x + 1;
	b[CS_PL_RECEIVER] = rect(ut, sock->x + 5, BOX_H, W_RECV);

	b[CS_PL_DISK] = rect(ht, lay_cx(pc) - W_DISK / 2, BOX_H, W_DISK);
	b[CS_PL_NIC] = rect(ht, lay_cx(sock) - W_NIC / 2, BOX_H, W_NIC);
	l->cpu = rect(ht, lay_cx(pipe) - W_CPU / 2 + 1, BOX_H, W_CPU);
}

void layout_compute(struct layout *l, int rows, int cols)
{
	int extra, dh, dw, caph, below, rest, th, logw;

	memset(l, 0, sizeof(*l));
	l->rows = rows;
	l->cols = cols;
	l->too_small = rows < LAY_MIN_ROWS || cols < LAY_MIN_COLS;
	if (l->too_small)
		return;

	l->title = rect(0, 0, 1, cols);
	l->status = rect(rows - 1, 0, 1, cols);
	extra = rows - LAY_MIN_ROWS;
	dh = 15 + 2 * clampi(extra / 3, 0, 4);
	l->side_log = cols >= 130;
	logw = l->side_log ? clampi(cols / 3, 40, 70) : 0;
	dw = cols - logw;
	caph = rows >= 34 ? 2 : 1;
	l->diagram = rect(1, 0, dh, dw);
	l->caption = rect(1 + dh, 0, caph, dw);
	below = 1 + dh + caph;
	rest = rows - 1 - below;
	if (l->side_log) {
		l->log = rect(1, dw, dh + caph, logw);
		l->table = rect(below, 0, rest, cols);
	} else {
		th = clampi(3 + (rest - 6) / 2, 3, 8);
		l->table = rect(below, 0, th, cols);
		l->log = rect(below + th, 0, rest - th, cols);
	}
	layout_diagram(l);
}

/* ---- routes -------------------------------------------------------------- */

static void route_set(struct lay_route *r, uint8_t sd, uint8_t ed, int n,
		      const struct lay_pt *pts)
{
	memset(r, 0, sizeof(*r));
	r->npts = n;
	memcpy(r->pt, pts, (size_t)n * sizeof(*pts));
	r->start_dir = sd;
	r->end_dir = ed;
}

static uint8_t opposite(uint8_t dir)
{
	switch (dir) {
	case LAY_N:
		return LAY_S;
	case LAY_S:
		return LAY_N;
	case LAY_E:
		return LAY_W;
	default:
		return LAY_E;
	}
}

/* The routes in one direction; the other direction is the same reversed. */
static bool canonical(const struct layout *l, enum cs_place a, enum cs_place b,
		      struct lay_route *r)
{
	const struct lay_rect *pc = &l->box[CS_PL_PAGE_CACHE];
	const struct lay_rect *pipe = &l->box[CS_PL_PIPE];
	const struct lay_rect *sock = &l->box[CS_PL_SOCKBUF];
	const struct lay_rect *user = &l->box[CS_PL_USER];
	const struct lay_rect *disk = &l->box[CS_PL_DISK];
	const struct lay_rect *nic = &l->box[CS_PL_NIC];
	const struct lay_rect *recv = &l->box[CS_PL_RECEIVER];
	int below = lay_bottom(pc) + 1, above = pc->y - 1;

#define ROUTE(sd, ed, ...)                                            \
	do {                                                          \
		const struct lay_pt p_[] = { __VA_ARGS__ };           \
		route_set(r, sd, ed, sizeof(p_) / sizeof(p_[0]), p_); \
		return true;                                          \
	} while (0)

	if (a == CS_PL_DISK && b == CS_PL_PAGE_CACHE)
		ROUTE(LAY_S, LAY_N, { disk->y - 1, lay_cx(pc) },
		      { below, lay_cx(pc) });
	if (a == CS_PL_DISK && b == CS_PL_USER)
		ROUTE(LAY_W, LAY_N, { lay_cy(disk), lay_right(disk) + 1 },
		      { lay_cy(disk), l->channel_x },
		      { lay_bottom(user) + 1, l->channel_x });
	if (a == CS_PL_PAGE_CACHE && b == CS_PL_USER)
		ROUTE(LAY_S, LAY_N, { above, lay_right(pc) - 1 },
		      { lay_bottom(user) + 1, lay_right(pc) - 1 });
	if (a == CS_PL_PAGE_CACHE && b == CS_PL_PAGE_CACHE) {
		r->loop = true;
		ROUTE(LAY_S, LAY_N, { above, pc->x + 2 }, { above, pc->x - 2 },
		      { below, pc->x - 2 }, { below, pc->x + 2 });
	}
	if (a == CS_PL_PAGE_CACHE && b == CS_PL_PIPE)
		ROUTE(LAY_W, LAY_E, { lay_cy(pc), lay_right(pc) + 1 },
		      { lay_cy(pipe), pipe->x - 1 });
	if (a == CS_PL_PAGE_CACHE && b == CS_PL_SOCKBUF)
		ROUTE(LAY_N, LAY_N, { below, lay_right(pc) - 2 },
		      { below, sock->x + 2 });
	if (a == CS_PL_PIPE && b == CS_PL_SOCKBUF)
		ROUTE(LAY_W, LAY_E, { lay_cy(pipe), lay_right(pipe) + 1 },
		      { lay_cy(sock), sock->x - 1 });
	if (a == CS_PL_USER && b == CS_PL_PIPE)
		ROUTE(LAY_N, LAY_S, { lay_bottom(user) + 1, lay_cx(pipe) },
		      { pipe->y - 1, lay_cx(pipe) });
	/* copy-on-write: a loop left of the user buffer, in from below */
	if (a == CS_PL_USER && b == CS_PL_USER) {
		r->loop = true;
		ROUTE(LAY_E, LAY_N, { lay_cy(user), user->x - 1 },
		      { lay_cy(user), user->x - 4 },
		      { lay_bottom(user) + 1, user->x - 4 },
		      { lay_bottom(user) + 1, user->x + 1 });
	}
	if (a == CS_PL_PIPE && b == CS_PL_PIPE) {
		r->loop = true;
		ROUTE(LAY_N, LAY_N, { below, pipe->x + 1 },
		      { below, lay_right(pipe) - 1 });
	}
	if (a == CS_PL_SOCKBUF && b == CS_PL_NIC)
		ROUTE(LAY_N, LAY_S, { below, lay_cx(sock) },
		      { nic->y - 1, lay_cx(sock) });
	if (a == CS_PL_SOCKBUF && b == CS_PL_RECEIVER)
		ROUTE(LAY_S, LAY_N, { above, recv->x + 2 },
		      { lay_bottom(recv) + 1, recv->x + 2 });
	if (a == CS_PL_USER && b == CS_PL_SOCKBUF)
		ROUTE(LAY_W, LAY_S, { lay_cy(user), lay_right(user) + 1 },
		      { lay_cy(user), sock->x + 2 }, { above, sock->x + 2 });
#undef ROUTE
	return false;
}

bool layout_route(const struct layout *l, enum cs_place from, enum cs_place to,
		  struct lay_route *r)
{
	struct lay_route c;
	int i;

	memset(r, 0, sizeof(*r));
	if (l->too_small || (unsigned)from >= CS_PL_MAX ||
	    (unsigned)to >= CS_PL_MAX)
		return false;
	if (canonical(l, from, to, r))
		return true;
	if (!canonical(l, to, from, &c))
		return false;
	r->npts = c.npts;
	r->loop = c.loop;
	for (i = 0; i < c.npts; i++)
		r->pt[i] = c.pt[c.npts - 1 - i];
	r->start_dir = c.end_dir;
	r->end_dir = c.start_dir;
	return true;
}

static uint8_t dir_to(struct lay_pt a, struct lay_pt b)
{
	if (b.y < a.y)
		return LAY_N;
	if (b.y > a.y)
		return LAY_S;
	if (b.x > a.x)
		return LAY_E;
	return LAY_W;
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

int layout_route_cells(const struct lay_route *r, struct lay_pt *cells,
		       uint8_t *dirs, int max)
{
	struct lay_pt cur, prev;
	int n = 0, i;

	if (r->npts < 1)
		return 0;
	cur = r->pt[0];
	if (max > 0) {
		cells[0] = cur;
		dirs[0] = r->start_dir;
	}
	n = 1;
	for (i = 1; i < r->npts; i++) {
		struct lay_pt end = r->pt[i];

		while (cur.y != end.y || cur.x != end.x) {
			uint8_t d;

			prev = cur;
			cur.y += sign(end.y - cur.y);
			cur.x += sign(end.x - cur.x);
			d = dir_to(prev, cur);
			if (n - 1 < max)
				dirs[n - 1] |= d;
			if (n < max) {
				cells[n] = cur;
				dirs[n] = opposite(d);
			}
			n++;
		}
	}
	if (n <= max)
		dirs[n - 1] |= r->end_dir;
	return n;
}

/* Every route of the diagram, one direction of each. */
static const enum cs_place route_pairs[][2] = {
	{ CS_PL_DISK, CS_PL_PAGE_CACHE },
	{ CS_PL_DISK, CS_PL_USER },
	{ CS_PL_PAGE_CACHE, CS_PL_USER },
	{ CS_PL_PAGE_CACHE, CS_PL_PAGE_CACHE },
	{ CS_PL_PAGE_CACHE, CS_PL_PIPE },
	{ CS_PL_PAGE_CACHE, CS_PL_SOCKBUF },
	{ CS_PL_PIPE, CS_PL_SOCKBUF },
	{ CS_PL_USER, CS_PL_PIPE },
	{ CS_PL_PIPE, CS_PL_PIPE },
	{ CS_PL_SOCKBUF, CS_PL_NIC },
	{ CS_PL_SOCKBUF, CS_PL_RECEIVER },
	{ CS_PL_USER, CS_PL_SOCKBUF },
};

#define NPAIRS ((int)(sizeof(route_pairs) / sizeof(route_pairs[0])))

static bool on_segment(struct lay_pt a, struct lay_pt b, int y, int x)
{
	int y0 = a.y < b.y ? a.y : b.y, y1 = a.y < b.y ? b.y : a.y;
	int x0 = a.x < b.x ? a.x : b.x, x1 = a.x < b.x ? b.x : a.x;

	return y >= y0 && y <= y1 && x >= x0 && x <= x1;
}

/* Does any route of the diagram pass through (y, x)? */
static bool on_a_route(const struct layout *l, int y, int x)
{
	struct lay_route r;
	int p, i;

	for (p = 0; p < NPAIRS; p++) {
		if (!canonical(l, route_pairs[p][0], route_pairs[p][1], &r))
			continue;
		for (i = 0; i + 1 < r.npts; i++)
			if (on_segment(r.pt[i], r.pt[i + 1], y, x))
				return true;
	}
	return false;
}

/* Free for a label: inside the diagram, on no box, separator or route. */
static bool span_free(const struct layout *l, int y, int x, int len)
{
	int i, c;

	if (x < l->left || x + len - 1 > lay_right(&l->diagram) ||
	    y <= l->diagram.y || y > lay_bottom(&l->diagram) ||
	    y == l->sep[0] || y == l->sep[1])
		return false;
	for (c = x; c < x + len; c++) {
		for (i = 0; i < CS_PL_MAX; i++)
			if (lay_inside(&l->box[i], y, c))
				return false;
		if (lay_inside(&l->cpu, y, c))
			return false;
		if (on_a_route(l, y, c))
			return false;
	}
	return true;
}

bool layout_route_label(const struct layout *l, const struct lay_route *r,
			int len, struct lay_pt *at, bool *embedded)
{
	int i, best = -1, blen = 0, vbest = -1, vlen = 0, y0, y1, x, k;

	if (r->npts < 1 || len <= 0)
		return false;
	for (i = 0; i + 1 < r->npts; i++) {
		int dy = r->pt[i + 1].y - r->pt[i].y;
		int dx = r->pt[i + 1].x - r->pt[i].x;
		int n = (dy ? (dy < 0 ? -dy : dy) : (dx < 0 ? -dx : dx)) + 1;

		if (!dy && n > blen) {
			blen = n;
			best = i;
		}
		if (dy && n > vlen) {
			vlen = n;
			vbest = i;
		}
	}
	/* a horizontal segment with room for the text and two line cells on
	 * each side of it */
	if (best >= 0 && blen >= len + 4 && !r->loop) {
		int x0 = r->pt[best].x < r->pt[best + 1].x ? r->pt[best].x :
							     r->pt[best + 1].x;

		at->y = r->pt[best].y;
		at->x = x0 + (blen - len) / 2;
		*embedded = true;
		return true;
	}
	*embedded = false;
	if (vbest < 0) {
		/* a short horizontal route: under or over it */
		if (best < 0)
			return false;
		x = r->pt[best].x < r->pt[best + 1].x ? r->pt[best].x :
							r->pt[best + 1].x;
		for (k = -1; k <= 1; k += 2) {
			if (span_free(l, r->pt[best].y + k, x, len)) {
				at->y = r->pt[best].y + k;
				at->x = x;
				return true;
			}
		}
		return false;
	}
	y0 = r->pt[vbest].y < r->pt[vbest + 1].y ? r->pt[vbest].y :
						   r->pt[vbest + 1].y;
	y1 = y0 + vlen - 1;
	x = r->pt[vbest].x;
	/* rows from the middle outwards, right side first */
	for (k = 0; k < vlen; k++) {
		int y = (y0 + y1) / 2 + (k % 2 ? (k + 1) / 2 : -(k / 2));

		if (y < y0 || y > y1)
			continue;
		if (span_free(l, y, x + 2, len)) {
			at->y = y;
			at->x = x + 2;
			return true;
		}
		if (span_free(l, y, x - 1 - len, len)) {
			at->y = y;
			at->x = x - 1 - len;
			return true;
		}
	}
	return false;
}

int layout_sep_label(const struct layout *l, int i, int len)
{
	bool used[512] = { false };
	struct lay_pt cells[256];
	uint8_t dirs[256];
	struct lay_route r;
	int y, p, c, n, x, run = 0, best = 0, bstart = -1;

	if (l->too_small || i < 0 || i > 1 || l->right >= 512)
		return -1;
	y = l->sep[i];
	for (p = 0; p < NPAIRS; p++) {
		if (!layout_route(l, route_pairs[p][0], route_pairs[p][1], &r))
			continue;
		n = layout_route_cells(&r, cells, dirs, 256);
		for (c = 0; c < n && c < 256; c++)
			if (cells[c].y == y && cells[c].x >= 0)
				used[cells[c].x] = true;
	}
	/* a space on each side of the text: one cell of margin per route */
	for (x = l->left; x <= l->right + 1; x++) {
		bool blocked = x > l->right || used[x] ||
			       (x > 0 && used[x - 1]) || used[x + 1];

		if (!blocked) {
			run++;
			continue;
		}
		if (run > best) {
			best = run;
			bstart = x - run;
		}
		run = 0;
	}
	if (best < len + 2)
		return -1;
	return bstart + (best - len) / 2;
}

void lay_bytes_short(char *buf, size_t len, uint64_t bytes)
{
	model_format_bytes_short(buf, len, bytes);
}
