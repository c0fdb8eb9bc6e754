// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_ui_layout.c - the TUI's screen geometry at several terminal sizes,
 * without a terminal: regions fit and do not overlap, boxes sit in their
 * bands, every route runs from next to its source box to next to its
 * destination box through free cells, and labels find room.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "views/layout.h"

static const int sizes[][2] = {
	/* rows, cols */
	{ 24, 80 }, { 30, 100 }, { 40, 120 }, { 43, 132 }, { 60, 200 },
	{ 50, 80 }, { 24, 250 }, { 25, 81 },  { 33, 129 }, { 34, 130 },
};

#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

static const enum cs_place pairs[][2] = {
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

#define NPAIRS (sizeof(pairs) / sizeof(pairs[0]))

static bool overlap(const struct lay_rect *a, const struct lay_rect *b)
{
	return a->x <= lay_right(b) && b->x <= lay_right(a) &&
	       a->y <= lay_bottom(b) && b->y <= lay_bottom(a);
}

static bool within(const struct lay_rect *in, const struct lay_rect *out)
{
	return in->x >= out->x && lay_right(in) <= lay_right(out) &&
	       in->y >= out->y && lay_bottom(in) <= lay_bottom(out);
}

static void test_too_small(void **state)
{
	struct layout l;

	(void)state;
	layout_compute(&l, 23, 80);
	assert_true(l.too_small);
	layout_compute(&l, 24, 79);
	assert_true(l.too_small);
	layout_compute(&l, 20, 60);
	assert_true(l.too_small);
	assert_false(layout_route(&l, CS_PL_DISK, CS_PL_PAGE_CACHE,
				  &(struct lay_route){ 0 }));
	layout_compute(&l, 24, 80);
	assert_false(l.too_small);
}

/* The exact picture at the smallest size (the tmux tests rely on it). */
static void test_80x24_exact(void **state)
{
	struct layout l;

	(void)state;
	layout_compute(&l, 24, 80);
	assert_int_equal(l.title.y, 0);
	assert_int_equal(l.status.y, 23);
	assert_int_equal(l.diagram.y, 1);
	assert_int_equal(l.diagram.h, 15);
	assert_int_equal(l.caption.y, 16);
	assert_int_equal(l.table.y, 17);
	assert_int_equal(l.table.h, 3);
	assert_int_equal(l.log.y, 20);
	assert_int_equal(l.log.h, 3);
	assert_false(l.side_log);
	assert_int_equal(l.sep[0], 5);
	assert_int_equal(l.sep[1], 11);
	assert_int_equal(l.box[CS_PL_PAGE_CACHE].y, 7);
	assert_int_equal(l.box[CS_PL_PAGE_CACHE].x, 12);
	assert_int_equal(l.box[CS_PL_PAGE_CACHE].w, 14);
	assert_int_equal(l.box[CS_PL_SOCKBUF].x, 62);
	assert_int_equal(lay_right(&l.box[CS_PL_SOCKBUF]), 78);
	assert_int_equal(l.box[CS_PL_PIPE].x, 39);
	assert_int_equal(l.box[CS_PL_USER].y, 1);
	assert_int_equal(l.box[CS_PL_USER].x, 22);
	assert_int_equal(lay_right(&l.box[CS_PL_USER]), 46);
	assert_int_equal(l.box[CS_PL_RECEIVER].x, 67);
	assert_int_equal(l.box[CS_PL_DISK].y, 13);
	assert_int_equal(l.box[CS_PL_DISK].x, 15);
	assert_int_equal(l.box[CS_PL_NIC].x, 61);
	assert_int_equal(l.cpu.x, 36);
	assert_int_equal(l.band_label_y[LAY_BAND_USER], 2);
	assert_int_equal(l.band_label_y[LAY_BAND_KERNEL], 8);
	assert_int_equal(l.band_label_y[LAY_BAND_HW], 14);
}

static void test_regions(void **state)
{
	struct layout l;
	size_t i;

	(void)state;
	for (i = 0; i < NSIZES; i++) {
		const struct lay_rect screen = { 0, 0, sizes[i][0],
						 sizes[i][1] };
		const struct lay_rect *reg[] = { &l.title,   &l.diagram,
						 &l.caption, &l.table,
						 &l.log,     &l.status };
		size_t a, b;
		int used = 0;

		layout_compute(&l, sizes[i][0], sizes[i][1]);
		assert_false(l.too_small);
		assert_int_equal(l.side_log, sizes[i][1] >= 130);
		for (a = 0; a < 6; a++) {
			assert_true(reg[a]->h > 0 && reg[a]->w > 0);
			assert_true(within(reg[a], &screen));
			used += reg[a]->h * reg[a]->w;
			for (b = a + 1; b < 6; b++)
				assert_false(overlap(reg[a], reg[b]));
		}
		/* every cell of the screen belongs to some region */
		assert_int_equal(used, sizes[i][0] * sizes[i][1]);
		assert_true(l.log.h >= 3);
		assert_true(l.table.h >= 3);
		assert_true(l.diagram.h >= 15);
	}
}

static void test_boxes_in_bands(void **state)
{
	static const struct {
		enum cs_place p;
		enum lay_band b;
	} where[] = {
		{ CS_PL_USER, LAY_BAND_USER },
		{ CS_PL_RECEIVER, LAY_BAND_USER },
		{ CS_PL_PAGE_CACHE, LAY_BAND_KERNEL },
		{ CS_PL_PIPE, LAY_BAND_KERNEL },
		{ CS_PL_SOCKBUF, LAY_BAND_KERNEL },
		{ CS_PL_DISK, LAY_BAND_HW },
		{ CS_PL_NIC, LAY_BAND_HW },
	};
	struct layout l;
	size_t i, k;
	int p, q;

	(void)state;
	for (i = 0; i < NSIZES; i++) {
		layout_compute(&l, sizes[i][0], sizes[i][1]);
		for (k = 0; k < sizeof(where) / sizeof(where[0]); k++) {
			const struct lay_rect *r = &l.box[where[k].p];

			assert_true(within(r, &l.band[where[k].b]));
			assert_true(r->x >= l.left &&
				    lay_right(r) <= l.right + 1);
			/* the box is wide enough for its name and a border */
			assert_true(r->w >=
				    (int)strlen(model_place_name(where[k].p)) +
					    2);
		}
		assert_true(within(&l.cpu, &l.band[LAY_BAND_HW]));
		for (p = 0; p < CS_PL_MAX; p++) {
			assert_false(overlap(&l.box[p], &l.cpu));
			for (q = p + 1; q < CS_PL_MAX; q++)
				assert_false(overlap(&l.box[p], &l.box[q]));
		}
		/* the boundary lines lie between the bands' boxes */
		assert_true(l.sep[0] > lay_bottom(&l.box[CS_PL_USER]));
		assert_true(l.sep[0] < l.box[CS_PL_PAGE_CACHE].y);
		assert_true(l.sep[1] > lay_bottom(&l.box[CS_PL_PAGE_CACHE]));
		assert_true(l.sep[1] < l.box[CS_PL_DISK].y);
	}
}

/* Is (y, x) the cell next to box r in direction dir? */
static bool next_to(const struct lay_rect *r, struct lay_pt c, uint8_t dir)
{
	switch (dir) {
	case LAY_N:
		return c.y == lay_bottom(r) + 1 && c.x >= r->x &&
		       c.x <= lay_right(r);
	case LAY_S:
		return c.y == r->y - 1 && c.x >= r->x && c.x <= lay_right(r);
	case LAY_W:
		return c.x == lay_right(r) + 1 && c.y >= r->y &&
		       c.y <= lay_bottom(r);
	case LAY_E:
		return c.x == r->x - 1 && c.y >= r->y && c.y <= lay_bottom(r);
	}
	return false;
}

static void check_route(const struct layout *l, enum cs_place from,
			enum cs_place to)
{
	struct lay_pt cells[512];
	uint8_t dirs[512];
	struct lay_route r;
	int n, i, p;

	assert_true(layout_route(l, from, to, &r));
	n = layout_route_cells(&r, cells, dirs, 512);
	assert_true(n >= 2 && n <= 512);
	assert_true(next_to(&l->box[from], cells[0], r.start_dir));
	assert_true(next_to(&l->box[to], cells[n - 1], r.end_dir));
	assert_true(dirs[0] & r.start_dir);
	assert_true(dirs[n - 1] & r.end_dir);
	for (i = 0; i < n; i++) {
		assert_true(lay_inside(&l->diagram, cells[i].y, cells[i].x));
		assert_true(cells[i].x >= l->left);
		for (p = 0; p < CS_PL_MAX; p++)
			assert_false(
				lay_inside(&l->box[p], cells[i].y, cells[i].x));
		assert_false(lay_inside(&l->cpu, cells[i].y, cells[i].x));
		if (i + 1 < n) {
			int dy = cells[i + 1].y - cells[i].y;
			int dx = cells[i + 1].x - cells[i].x;

			/* neighbours, and the directions agree on both sides */
			assert_int_equal(dy * dy + dx * dx, 1);
			assert_true(dirs[i] & (dy < 0 ? LAY_N :
					       dy > 0 ? LAY_S :
					       dx > 0 ? LAY_E :
							LAY_W));
			assert_true(dirs[i + 1] & (dy < 0 ? LAY_S :
						   dy > 0 ? LAY_N :
						   dx > 0 ? LAY_W :
							    LAY_E));
		}
	}
}

static void test_routes(void **state)
{
	struct layout l;
	size_t i, k;

	(void)state;
	for (i = 0; i < NSIZES; i++) {
		layout_compute(&l, sizes[i][0], sizes[i][1]);
		for (k = 0; k < NPAIRS; k++) {
			check_route(&l, pairs[k][0], pairs[k][1]);
			check_route(&l, pairs[k][1], pairs[k][0]);
		}
		/* no route where the model never moves data */
		assert_false(layout_route(&l, CS_PL_DISK, CS_PL_NIC,
					  &(struct lay_route){ 0 }));
		assert_false(layout_route(&l, CS_PL_RECEIVER, CS_PL_USER,
					  &(struct lay_route){ 0 }));
	}
}

static void test_reverse_is_mirror(void **state)
{
	struct lay_pt a[512], b[512];
	uint8_t da[512], db[512];
	struct lay_route r, s;
	struct layout l;
	int n, m, i;

	(void)state;
	layout_compute(&l, 30, 100);
	assert_true(layout_route(&l, CS_PL_USER, CS_PL_SOCKBUF, &r));
	assert_true(layout_route(&l, CS_PL_SOCKBUF, CS_PL_USER, &s));
	n = layout_route_cells(&r, a, da, 512);
	m = layout_route_cells(&s, b, db, 512);
	assert_int_equal(n, m);
	for (i = 0; i < n; i++) {
		assert_int_equal(a[i].y, b[n - 1 - i].y);
		assert_int_equal(a[i].x, b[n - 1 - i].x);
		assert_int_equal(da[i], db[n - 1 - i]);
	}
	/* user buffer -> socket buffer: right along the user band, then down */
	assert_int_equal(r.npts, 3);
	assert_int_equal(r.start_dir, LAY_W);
	assert_int_equal(r.end_dir, LAY_S);
	/* 80x24: the page cache -> user copy climbs three cells */
	layout_compute(&l, 24, 80);
	assert_true(layout_route(&l, CS_PL_PAGE_CACHE, CS_PL_USER, &r));
	n = layout_route_cells(&r, a, da, 512);
	assert_int_equal(n, 3);
	assert_int_equal(a[0].y, 6);
	assert_int_equal(a[0].x, 24);
	assert_int_equal(a[2].y, 4);
	assert_int_equal(da[0], LAY_S | LAY_N);
}

static void test_labels(void **state)
{
	struct layout l;
	struct lay_route r;
	struct lay_pt at;
	bool emb;
	size_t i, k;

	(void)state;
	/* the long kernel route carries its label inside the line */
	layout_compute(&l, 24, 80);
	assert_true(layout_route(&l, CS_PL_PAGE_CACHE, CS_PL_SOCKBUF, &r));
	assert_true(layout_route_label(&l, &r, 7, &at, &emb));
	assert_true(emb);
	assert_int_equal(at.y, 10);
	/* a vertical route's label sits beside it on a free row */
	assert_true(layout_route(&l, CS_PL_DISK, CS_PL_PAGE_CACHE, &r));
	assert_true(layout_route_label(&l, &r, 7, &at, &emb));
	assert_false(emb);
	assert_int_equal(at.x, 21);
	assert_true(at.y != l.sep[1]);
	for (i = 0; i < NSIZES; i++) {
		layout_compute(&l, sizes[i][0], sizes[i][1]);
		/* " system call boundary " fits a diagram of 100 columns */
		if (l.diagram.w >= 100)
			assert_true(layout_sep_label(&l, 0, 22) >= l.left);
		assert_true(layout_sep_label(&l, 1, 19) >= l.left);
		for (k = 0; k < NPAIRS; k++) {
			int p;

			assert_true(
				layout_route(&l, pairs[k][0], pairs[k][1], &r));
			if (!layout_route_label(&l, &r, 7, &at, &emb) || emb)
				continue;
			for (p = 0; p < CS_PL_MAX; p++) {
				struct lay_rect lab = { at.y, at.x, 1, 7 };

				assert_false(overlap(&lab, &l.box[p]));
			}
		}
	}
}

static void test_bytes_short(void **state)
{
	char b[16];

	(void)state;
	lay_bytes_short(b, sizeof(b), 0);
	assert_string_equal(b, "0B");
	lay_bytes_short(b, sizeof(b), 1023);
	assert_string_equal(b, "1023B");
	lay_bytes_short(b, sizeof(b), 65536);
	assert_string_equal(b, "64K");
	lay_bytes_short(b, sizeof(b), 16 << 20);
	assert_string_equal(b, "16M");
	lay_bytes_short(b, sizeof(b), 3 << 19);
	assert_string_equal(b, "1.5M");
	lay_bytes_short(b, sizeof(b), (16 << 20) + 4);
	assert_string_equal(b, "16.0M");
	lay_bytes_short(b, sizeof(b), 2ull << 30);
	assert_string_equal(b, "2G");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_too_small),
		cmocka_unit_test(test_80x24_exact),
		cmocka_unit_test(test_regions),
		cmocka_unit_test(test_boxes_in_bands),
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_reverse_is_mirror),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_bytes_short),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
