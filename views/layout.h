/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * layout.h - where everything goes on the TUI's screen, for a terminal of
 * a given size: the title and status lines, the diagram (three bands, the
 * places as boxes, the routes between them), the caption, the comparison
 * table and the event log.  Pure arithmetic, no ncurses, so that every
 * size can be checked by unit tests without a terminal.
 */
#ifndef COPYSCOPE_LAYOUT_H
#define COPYSCOPE_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

/* The smallest terminal the screen fits in. */
#define LAY_MIN_ROWS 24
#define LAY_MIN_COLS 80

/* Width of the band label column at the diagram's left edge. */
#define LAY_LABEL_W 10

struct lay_rect {
	int y, x, h, w;
};

struct lay_pt {
	int y, x;
};

static inline int lay_bottom(const struct lay_rect *r)
{
	return r->y + r->h - 1;
}

static inline int lay_right(const struct lay_rect *r)
{
	return r->x + r->w - 1;
}

static inline int lay_cx(const struct lay_rect *r)
{
	return r->x + r->w / 2;
}

static inline int lay_cy(const struct lay_rect *r)
{
	return r->y + r->h / 2;
}

static inline bool lay_inside(const struct lay_rect *r, int y, int x)
{
	return y >= r->y && y <= lay_bottom(r) && x >= r->x &&
	       x <= lay_right(r);
}

enum lay_band {
	LAY_BAND_USER = 0,
	LAY_BAND_KERNEL,
	LAY_BAND_HW,
	LAY_BANDS,
};

/* Directions a line leaves a cell in (OR-ed): the glyph joins them. */
#define LAY_N 1
#define LAY_E 2
#define LAY_S 4
#define LAY_W 8

struct layout {
	int rows, cols;
	bool too_small; /* below LAY_MIN_ROWS x LAY_MIN_COLS */
	bool side_log; /* the log is a column right of the diagram */

	struct lay_rect title, diagram, caption, table, log, status;

	/* Inside the diagram. */
	struct lay_rect band[LAY_BANDS];
	int band_label_y[LAY_BANDS]; /* row of each band's name */
	int sep[2]; /* rows of the user/kernel and kernel/hardware lines */
	int left, right; /* columns the boxes and routes use */
	struct lay_rect box[CS_PL_MAX];
	struct lay_rect cpu; /* the CPU, in the hardware band */
	int channel_x; /* the column routes cross the kernel band in */
};

/* Fill l for a terminal of rows x cols. */
void layout_compute(struct layout *l, int rows, int cols);

/*
 * A route between two places: a polyline of corner points from the cell
 * next to the source's box to the cell next to the destination's box,
 * each segment horizontal or vertical.  start_dir / end_dir: the
 * direction from the first / last cell towards its box.
 */
#define LAY_ROUTE_PTS 6

struct lay_route {
	int npts;
	struct lay_pt pt[LAY_ROUTE_PTS];
	uint8_t start_dir, end_dir; /* LAY_N, LAY_E, LAY_S or LAY_W */
	bool loop; /* a place to itself */
};

/*
 * The route for a transfer from -> to, oriented that way.  false: the
 * screen has no route for this pair (the transfer is shown by its caption
 * and the two boxes only).
 */
bool layout_route(const struct layout *l, enum cs_place from, enum cs_place to,
		  struct lay_route *r);

/*
 * Every cell of a route in order, with the directions its line leaves the
 * cell in (towards the previous and next cell; the first cell also towards
 * the source box).  Returns the number of cells (at most max are written).
 */
int layout_route_cells(const struct lay_route *r, struct lay_pt *cells,
		       uint8_t *dirs, int max);

/*
 * Where a route's label of len characters goes: embedded in its longest
 * horizontal segment when that is long enough (*embedded = true), else
 * beside its longest vertical segment.  false: no room.
 */
bool layout_route_label(const struct layout *l, const struct lay_route *r,
			int len, struct lay_pt *at, bool *embedded);

/*
 * The column where a text of len characters fits on separator line i (0:
 * user/kernel, 1: kernel/hardware) without covering a route that crosses
 * it: the middle of the widest free stretch.  -1 when nothing fits.
 */
int layout_sep_label(const struct layout *l, int i, int len);

/* Short sizes for labels: "512B", "64K", "1.5M", "16M", "2.0G". */
void lay_bytes_short(char *buf, size_t len, uint64_t bytes);

#endif
