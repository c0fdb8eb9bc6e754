// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_ui_table.c - the TUI's comparison table: which columns fit a
 * terminal width, and the exact text of headers, cells and rows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "views/layout_table.h"

static struct cs_totals read_write(void)
{
	struct cs_totals t;

	memset(&t, 0, sizeof(t));
	t.strategy = CS_ST_READ_WRITE;
	t.cpu_copies = 512;
	t.cpu_bytes = 32ull << 20;
	t.dma_transfers = 186;
	t.dma_bytes = 16ull << 20;
	t.syscalls = 513;
	t.mode_switches = 1026;
	t.csw_voluntary = 2;
	t.csw_involuntary = 135;
	t.payload_bytes = 16ull << 20;
	t.span_ns = 12345678;
	t.off_cpu_ns = 1500000000;
	t.faults_user = 3;
	t.faults_kernel = 4;
	return t;
}

static void test_columns_80(void **state)
{
	struct tcol_info c[TABLE_MAX_COLS];
	int n, i, w = 0;

	(void)state;
	n = table_columns(79, c);
	assert_int_equal(n, 6);
	assert_int_equal(c[0].id, TCOL_NAME);
	assert_int_equal(c[1].id, TCOL_CPU);
	assert_int_equal(c[2].id, TCOL_DMA);
	assert_int_equal(c[3].id, TCOL_NOCOPY);
	assert_int_equal(c[4].id, TCOL_SYSCALLS);
	assert_int_equal(c[5].id, TCOL_CSW);
	for (i = 0; i < n; i++)
		w += c[i].w;
	assert_true(w <= 79);
	/* 99 columns: mode switches and bytes moved join */
	n = table_columns(99, c);
	assert_int_equal(n, 8);
	assert_int_equal(c[6].id, TCOL_MODE);
	assert_int_equal(c[7].id, TCOL_PAYLOAD);
}

static void test_columns_wide(void **state)
{
	struct tcol_info c[TABLE_MAX_COLS];
	int n, i, w = 0;

	(void)state;
	n = table_columns(198, c);
	assert_int_equal(n, TCOL_MAX);
	for (i = 0; i < n; i++)
		w += c[i].w;
	/* the name column took some of the room left */
	assert_int_equal(c[0].w, 28);
	assert_true(w <= 198);
}

static void test_header_and_row(void **state)
{
	struct tcol_info c[TABLE_MAX_COLS];
	struct cs_totals t = read_write();
	char line[256];
	int n;

	(void)state;
	n = table_columns(79, c);
	table_line(c, n, NULL, NULL, line, sizeof(line));
	assert_string_equal(line,
			    "strategy              CPU copies          DMA "
			    "    no copy syscalls   csw v/i ");
	table_line(c, n, &t, "read + write", line, sizeof(line));
	assert_string_equal(line,
			    "read + write             512 32M      186 16M "
			    "          -      513     2/135 ");
	/* a long name is cut to leave a space before the numbers */
	table_line(c, n, &t, "io_uring read + send, and more", line,
		   sizeof(line));
	assert_int_equal(strncmp(line, "io_uring read + sen ", 20), 0);
	assert_int_equal((int)strlen(line), 77);
}

static void test_cells(void **state)
{
	struct cs_totals t = read_write();
	char b[64];

	(void)state;
	table_cell(TCOL_TIME, &t, NULL, b, sizeof(b));
	assert_string_equal(b, "12.3 ms");
	table_cell(TCOL_OFFCPU, &t, NULL, b, sizeof(b));
	assert_string_equal(b, "1.50 s");
	table_cell(TCOL_FAULTS, &t, NULL, b, sizeof(b));
	assert_string_equal(b, "7");
	table_cell(TCOL_MODE, &t, NULL, b, sizeof(b));
	assert_string_equal(b, "1026");
	table_cell(TCOL_PAYLOAD, &t, NULL, b, sizeof(b));
	assert_string_equal(b, "16M");
	/* a receiver moves nothing out: what it received */
	t.payload_bytes = 0;
	t.received_bytes = 1 << 20;
	table_cell(TCOL_PAYLOAD, &t, NULL, b, sizeof(b));
	assert_string_equal(b, "1M");
	/* zero copy: by reference, mapped, or both */
	t.ref_bytes = 16ull << 20;
	table_cell(TCOL_NOCOPY, &t, NULL, b, sizeof(b));
	assert_string_equal(b, "REF 16M");
	t.map_bytes = 16ull << 20;
	table_cell(TCOL_NOCOPY, &t, NULL, b, sizeof(b));
	assert_string_equal(b, "REF+MAP 32M");
	t.ref_bytes = 0;
	table_cell(TCOL_NOCOPY, &t, NULL, b, sizeof(b));
	assert_string_equal(b, "MAP 16M");
	/* a program that reads into its memory: what it read */
	t.received_bytes = 0;
	t.read_in_bytes = 2 << 20;
	table_cell(TCOL_PAYLOAD, &t, NULL, b, sizeof(b));
	assert_string_equal(b, "2M");
	t.span_ns = 999;
	table_cell(TCOL_TIME, &t, NULL, b, sizeof(b));
	assert_string_equal(b, "999 ns");
	t.span_ns = 25000000000ull;
	table_cell(TCOL_TIME, &t, NULL, b, sizeof(b));
	assert_string_equal(b, "25 s");
}

/* The rows shown when not all fit: the top ones while the one followed
 * is among them, else those that end with it. */
static void test_first_row(void **state)
{
	(void)state;
	assert_int_equal(table_first_row(2, 3, 1), 0);
	assert_int_equal(table_first_row(6, 3, -1), 0);
	assert_int_equal(table_first_row(6, 3, 2), 0);
	assert_int_equal(table_first_row(6, 3, 3), 1);
	assert_int_equal(table_first_row(6, 3, 5), 3);
	assert_int_equal(table_first_row(6, 3, 9), 3);
	assert_int_equal(table_first_row(6, 0, 4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns_80),
		cmocka_unit_test(test_columns_wide),
		cmocka_unit_test(test_header_and_row),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_first_row),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
