// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * layout_table.c - columns and cells of the TUI's comparison table: the
 * article's columns (CPU copies, DMA transfers, system calls, context
 * switches) measured, plus what a wider terminal has room for.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "views/layout.h"
#include "views/layout_table.h"

/* In the order they are added while they fit. */
static const struct tcol_info all[TCOL_MAX] = {
	{ TCOL_NAME, 20, "strategy" },	  { TCOL_CPU, 13, "CPU copies" },
	{ TCOL_DMA, 13, "DMA" },	  { TCOL_NOCOPY, 12, "no copy" },
	{ TCOL_SYSCALLS, 9, "syscalls" }, { TCOL_CSW, 10, "csw v/i" },
	{ TCOL_MODE, 10, "mode sw" },	  { TCOL_PAYLOAD, 10, "moved" },
	{ TCOL_TIME, 10, "time" },	  { TCOL_FAULTS, 8, "faults" },
	{ TCOL_OFFCPU, 10, "off CPU" },
};

int table_columns(int width, struct tcol_info *cols)
{
	int n = 0, used = 0, i;

	for (i = 0; i < TCOL_MAX; i++) {
		if (used + all[i].w > width)
			break;
		cols[n++] = all[i];
		used += all[i].w;
	}
	/* a wide terminal: the name column takes some of what is left */
	if (n == TCOL_MAX && width - used > 0) {
		int more = width - used;

		cols[0].w += more > 8 ? 8 : more;
	}
	return n;
}

static void duration(char *buf, size_t len, uint64_t ns)
{
	if (ns >= 10000000000ull)
		snprintf(buf, len, "%.0f s", (double)ns / 1e9);
	else if (ns >= 1000000000ull)
		snprintf(buf, len, "%.2f s", (double)ns / 1e9);
	else if (ns >= 1000000ull)
		snprintf(buf, len, "%.1f ms", (double)ns / 1e6);
	else if (ns >= 1000ull)
		snprintf(buf, len, "%.0f us", (double)ns / 1e3);
	else
		snprintf(buf, len, "%" PRIu64 " ns", ns);
}

void table_cell(enum tcol c, const struct cs_totals *t, const char *name,
		char *buf, size_t len)
{
	char b[32];

	buf[0] = 0;
	switch (c) {
	case TCOL_NAME:
		snprintf(buf, len, "%s", name ? name : "");
		break;
	case TCOL_CPU:
		lay_bytes_short(b, sizeof(b), t->cpu_bytes);
		snprintf(buf, len, "%" PRIu64 " %s", t->cpu_copies, b);
		break;
	case TCOL_DMA:
		lay_bytes_short(b, sizeof(b), t->dma_bytes);
		snprintf(buf, len, "%" PRIu64 " %s", t->dma_transfers, b);
		break;
	case TCOL_NOCOPY:
		if (t->ref_bytes && t->map_bytes) {
			lay_bytes_short(b, sizeof(b),
					t->ref_bytes + t->map_bytes);
			snprintf(buf, len, "REF+MAP %s", b);
		} else if (t->ref_bytes) {
			lay_bytes_short(b, sizeof(b), t->ref_bytes);
			snprintf(buf, len, "REF %s", b);
		} else if (t->map_bytes) {
			lay_bytes_short(b, sizeof(b), t->map_bytes);
			snprintf(buf, len, "MAP %s", b);
		} else {
			snprintf(buf, len, "-");
		}
		break;
	case TCOL_SYSCALLS:
		snprintf(buf, len, "%" PRIu64, t->syscalls);
		break;
	case TCOL_CSW:
		snprintf(buf, len, "%" PRIu64 "/%" PRIu64, t->csw_voluntary,
			 t->csw_involuntary);
		break;
	case TCOL_MODE:
		snprintf(buf, len, "%" PRIu64, t->mode_switches);
		break;
	case TCOL_FAULTS:
		snprintf(buf, len, "%" PRIu64,
			 t->faults_user + t->faults_kernel);
		break;
	case TCOL_OFFCPU:
		duration(buf, len, t->off_cpu_ns);
		break;
	case TCOL_TIME:
		duration(buf, len, t->span_ns);
		break;
	case TCOL_PAYLOAD:
		/* sent on, else received, else read into memory */
		lay_bytes_short(b, sizeof(b),
				t->payload_bytes  ? t->payload_bytes :
				t->received_bytes ? t->received_bytes :
						    t->read_in_bytes);
		snprintf(buf, len, "%s", b);
		break;
	case TCOL_MAX:
		break;
	}
}

/* The cells of one line, aligned: names left and cut, numbers right. */
static void align(const struct tcol_info *cols, int ncols, char cells[][64],
		  char *buf, size_t len)
{
	size_t used = 0;
	int i;

	if (!len)
		return;
	buf[0] = 0;
	for (i = 0; i < ncols && used + 1 < len; i++) {
		int w = cols[i].w, n;

		/* one space before the next column */
		if (cols[i].id == TCOL_NAME)
			n = snprintf(buf + used, len - used, "%-*.*s", w, w - 1,
				     cells[i]);
		else
			n = snprintf(buf + used, len - used, "%*.*s ", w - 1,
				     w - 1, cells[i]);
		if (n < 0)
			break;
		used += (size_t)n < len - used ? (size_t)n : len - used - 1;
	}
}

void table_line(const struct tcol_info *cols, int ncols,
		const struct cs_totals *t, const char *name, char *buf,
		size_t len)
{
	char cells[TCOL_MAX][64];
	int i;

	for (i = 0; i < ncols && i < TCOL_MAX; i++) {
		if (t)
			table_cell(cols[i].id, t, name, cells[i],
				   sizeof(cells[i]));
		else
			snprintf(cells[i], sizeof(cells[i]), "%s",
				 cols[i].head);
	}
	align(cols, ncols < TCOL_MAX ? ncols : TCOL_MAX, cells, buf, len);
}

void table_book_line(const struct tcol_info *cols, int ncols,
		     const struct cs_totals *book, const char *name, char *buf,
		     size_t len)
{
	char cells[TCOL_MAX][64];
	int i;

	for (i = 0; i < ncols && i < TCOL_MAX; i++) {
		switch (cols[i].id) {
		case TCOL_NAME:
		case TCOL_CPU:
		case TCOL_DMA:
		case TCOL_SYSCALLS:
		case TCOL_MODE:
		case TCOL_PAYLOAD:
			table_cell(cols[i].id, book, name, cells[i],
				   sizeof(cells[i]));
			break;
		default: /* not a column of the article's */
			snprintf(cells[i], sizeof(cells[i]), "-");
		}
	}
	align(cols, ncols < TCOL_MAX ? ncols : TCOL_MAX, cells, buf, len);
}

int table_first_row(int nrows, int room, int keep)
{
	int first;

	if (room <= 0 || nrows <= room)
		return 0;
	/* from the top while it shows; else it is the last row shown */
	first = keep >= room ? keep - room + 1 : 0;
	return first + room > nrows ? nrows - room : first;
}

void layout_grow_table(struct layout *l, int n)
{
	if (l->too_small || l->side_log)
		return;
	if (n > l->log.h - 1)
		n = l->log.h - 1;
	if (n <= 0)
		return;
	l->table.h += n;
	l->log.y += n;
	l->log.h -= n;
}
