/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * layout_table.h - the comparison table of the TUI: which columns fit a
 * width, and the text of each cell.  Pure C (unit-tested without a
 * terminal); ui/Table.c draws it.
 */
#ifndef COPYSCOPE_LAYOUT_TABLE_H
#define COPYSCOPE_LAYOUT_TABLE_H

#include <stddef.h>

#include "model/model.h"
#include "views/layout.h"

enum tcol {
	TCOL_NAME = 0, /* strategy, or process */
	TCOL_CPU, /* CPU copies: count and bytes */
	TCOL_DMA, /* DMA transfers: count and bytes */
	TCOL_NOCOPY, /* bytes handed over by reference or mapped */
	TCOL_SYSCALLS,
	TCOL_CSW, /* context switches, voluntary/involuntary */
	TCOL_MODE, /* mode switches */
	TCOL_FAULTS,
	TCOL_OFFCPU, /* time off the CPU */
	TCOL_TIME, /* the counted window */
	TCOL_PAYLOAD, /* bytes delivered, or received */
	TCOL_MAX,
};

struct tcol_info {
	enum tcol id;
	int w; /* characters, spacing included */
	const char *head;
};

#define TABLE_MAX_COLS TCOL_MAX

/*
 * Columns that fit in width characters (a marker column comes first and is
 * not counted here): the article's columns always, more when there is
 * room.  Returns how many were written to cols.
 */
int table_columns(int width, struct tcol_info *cols);

/* The text of one cell, right-aligned numbers left to the caller. */
void table_cell(enum tcol c, const struct cs_totals *t, const char *name,
		char *buf, size_t len);

/* One whole line: header when t is NULL (name ignored). */
void table_line(const struct tcol_info *cols, int ncols,
		const struct cs_totals *t, const char *name, char *buf,
		size_t len);

/*
 * The article's row (class_book_totals()) in the same columns: its
 * numbers where the article has a column, "-" where it has none.
 */
void table_book_line(const struct tcol_info *cols, int ncols,
		     const struct cs_totals *book, const char *name, char *buf,
		     size_t len);

/*
 * The first of nrows rows to show in room lines, so that row keep (-1:
 * none) is among them: the top rows while it is, else the rows that end
 * with it.
 */
int table_first_row(int nrows, int room, int keep);

/* Give the table n more rows, taken from the log below it (if it has
 * them to spare: one stays). */
void layout_grow_table(struct layout *l, int n);

#endif
