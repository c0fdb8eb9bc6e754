// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_report.c - the comparison table: metrics per chunk, the reasons a
 * row differs from the textbook, and the exact text, markdown and JSON
 * output for rows built by the model from synthetic streams.
 */
#include <stdio.h>
#include <string.h>

#include "tests/unit/test_model_stream.h"
#include "views/report.h"

#define N 4
#define FILE_BYTES (N * CHUNK)

/* read + write, cold, over lo: 4 chunks of 64 KiB, with a receiver. */
static void read_write_row(struct report_row *row, struct cs_model **mp)
{
	struct cs_model *m = new_model(NULL, true);
	struct cs_syscall s;
	int i;

	model_set_sink(m, NULL, NULL);
	feed_fork(m, SENDER, SENDER, 1000, RECEIVER, false);
	feed_phase(m, SENDER, 5000, CS_PHASE_TRANSFER);
	for (i = 0; i < N; i++) {
		uint64_t t = base(i);

		feed_block(m, SENDER, SENDER, t + 2 * US, CHUNK, CS_BLK_READ);
		s = mk_sc(SENDER, SENDER, NR_READ, t + 1 * US, t + 5 * US,
			  CHUNK);
		sc_fd(&s, 0, 3, CS_FD_FILE, 0);
		FEED(m, s);
		feed_tcp(m, SENDER, SENDER, t + 7 * US, CHUNK, 0, CS_ITER_UBUF,
			 1);
		feed_xmit(m, SENDER, SENDER, t + 8 * US, CHUNK, 0, "lo");
		feed_switch(m, SENDER, SENDER, t + 8 * US, CS_SWITCH_OUT, i & 1,
			    0);
		feed_switch(m, SENDER, SENDER, t + 8 * US + 500, CS_SWITCH_IN,
			    false, 500);
		s = mk_sc(SENDER, SENDER, NR_WRITE, t + 6 * US, t + 9 * US,
			  CHUNK);
		sc_fd(&s, 0, 5, CS_FD_SOCKET, CS_FF_TCP);
		FEED(m, s);
		receive_chunk(m, t + 20 * US);
	}
	/* 400 us of transfer: 262144 B / 400 us = 655 MB/s */
	feed_phase(m, SENDER, 5000 + 400 * US, CS_PHASE_DONE);
	model_flush(m);
	report_row_from_model(row, m, "read_write");
	row->file_bytes = FILE_BYTES;
	row->chunk_bytes = CHUNK;
	row->cache = REPORT_CACHE_COLD;
	*mp = m;
}

static void test_metrics(void **state)
{
	struct report_metrics mt;
	struct report_row row;
	struct cs_model *m;
	const char *why[REPORT_MAX_WHY];

	(void)state;
	read_write_row(&row, &m);
	assert_int_equal(row.strategy, CS_ST_READ_WRITE);
	assert_true(row.has_receiver);
	assert_int_equal(row.sender.tgid, SENDER);
	assert_int_equal(row.receiver.tgid, RECEIVER);
	report_metrics(&row, &mt);
	assert_int_equal(mt.snd.chunks, N);
	assert_true(mt.snd.cpu == 2.0);
	assert_true(mt.snd.dma_disk == 1.0);
	assert_true(mt.snd.dma_nic == 0.0);
	assert_true(mt.snd.calls == 2.0);
	assert_true(mt.snd.mode == 4.0);
	assert_int_equal(mt.snd.csw_vol, 2);
	assert_int_equal(mt.snd.csw_invol, 2);
	assert_int_equal(mt.snd.nic_explained_bytes, FILE_BYTES);
	assert_true(mt.rcv.cpu == 1.0);
	assert_non_null(mt.book);
	assert_int_equal(mt.book->cpu, 2);
	assert_int_equal(report_why(&row, &mt, why, REPORT_MAX_WHY), 1);
	assert_non_null(strstr(why[0], "no network-card DMA"));

	/* the kernel's counters win over the records; the gap is reported */
	row.has_counters = true;
	row.counters.v[CS_C_SYSCALLS] = 2 * N + 2;
	row.counters.v[CS_C_MODE_SWITCHES] = 2 * (2 * N + 2);
	report_metrics(&row, &mt);
	assert_true(mt.snd.from_counters);
	assert_int_equal(mt.snd.syscalls, 2 * N + 2);
	assert_int_equal(mt.snd.record_syscalls, 2 * N);
	assert_int_equal(report_why(&row, &mt, why, REPORT_MAX_WHY), 2);
	assert_non_null(strstr(why[1], "disagree"));
	row.drops = 3;
	assert_int_equal(report_why(&row, &mt, why, REPORT_MAX_WHY), 2);
	assert_non_null(strstr(why[1], "records were lost"));

	/* the demo's end-to-end time replaces the sender's window */
	row.elapsed_ns = 1000000;
	report_metrics(&row, &mt);
	assert_int_equal(mt.snd.span_ns, 1000000);
	assert_true(mt.snd.mbps > 262.14 && mt.snd.mbps < 262.15);
	model_free(m);
}

/* Reasons by strategy, from hand-made metrics. */
static void test_why(void **state)
{
	struct report_row row;
	struct report_metrics mt;
	const char *why[REPORT_MAX_WHY];
	size_t n;

	(void)state;
	memset(&row, 0, sizeof(row));
	row.strategy = CS_ST_SPLICE;
	row.cache = REPORT_CACHE_WARM;
	row.file_bytes = 16 * MIB;
	row.chunk_bytes = CHUNK;
	row.sender.syscalls = 512;
	row.sender.mode_switches = 1024;
	row.sender.payload_bytes = 16 * MIB;
	row.sender.route_bytes[CS_PL_PAGE_CACHE][CS_PL_PIPE][CS_K_REF] =
		16 * MIB;
	report_metrics(&row, &mt);
	n = report_why(&row, &mt, why, REPORT_MAX_WHY);
	assert_int_equal(n, 2);
	assert_non_null(strstr(why[0], "warm cache"));
	assert_non_null(strstr(why[1], "splice needs a pipe"));

	/* a physical NIC, cold, matching counts: "matches" */
	memset(&row, 0, sizeof(row));
	row.strategy = CS_ST_READ_WRITE;
	row.cache = REPORT_CACHE_COLD;
	row.file_bytes = 16 * MIB;
	row.chunk_bytes = 16 * MIB;
	row.sender.syscalls = 2;
	row.sender.payload_bytes = 16 * MIB;
	row.sender.cpu_bytes = 32 * MIB;
	row.sender.disk_read_bytes = 16 * MIB;
	row.sender.route_bytes[CS_PL_SOCKBUF][CS_PL_NIC][CS_K_DMA] = 16 * MIB;
	report_metrics(&row, &mt);
	n = report_why(&row, &mt, why, REPORT_MAX_WHY);
	assert_int_equal(n, 1);
	assert_string_equal(why[0], "matches the article's row");

	/*
	 * The same cold run while someone else read the file: the sender
	 * filled 1000 of its 4096 pages and read a quarter from the disk.
	 */
	row.sender.cache_add_pages = 1000;
	row.sender.disk_read_bytes = 1000 * 4096;
	report_metrics(&row, &mt);
	assert_int_equal(mt.file_pages, 4096);
	assert_int_equal(mt.filled_by_others, 3096);
	n = report_why(&row, &mt, why, REPORT_MAX_WHY);
	assert_int_equal(n, 1);
	assert_non_null(strstr(why[0], "another process read the file"));
	/* O_DIRECT fills nothing but reads the whole file: not the others */
	row.sender.cache_add_pages = 0;
	row.sender.disk_read_bytes = 16 * MIB;
	report_metrics(&row, &mt);
	assert_int_equal(mt.filled_by_others, 0);
	/* every page its own: nothing to say */
	row.sender.cache_add_pages = 4096;
	report_metrics(&row, &mt);
	assert_int_equal(mt.filled_by_others, 0);

	/* no article row; zero-copy undone at delivery */
	memset(&row, 0, sizeof(row));
	row.strategy = CS_ST_MSG_ZEROCOPY;
	row.file_bytes = 16 * MIB;
	row.sender.deferred_copy_bytes = 16 * MIB;
	row.sender.cpu_bytes = 16 * MIB;
	row.sender.payload_calls = 256;
	row.sender.payload_bytes = 16 * MIB;
	row.sender.syscalls = 600;
	report_metrics(&row, &mt);
	assert_int_equal(mt.snd.chunks, 256);
	n = report_why(&row, &mt, why, REPORT_MAX_WHY);
	assert_int_equal(n, 2);
	assert_non_null(strstr(why[0], "not in the article"));
	assert_non_null(strstr(why[1], "deferred copy"));
	assert_null(report_textbook(CS_ST_MSG_ZEROCOPY));

	/* io_uring requests that ran out of sight: no made-up ratios */
	memset(&row, 0, sizeof(row));
	row.strategy = CS_ST_URING_SPLICE;
	row.file_bytes = 16 * MIB;
	row.sender.uring_submits = 512;
	row.sender.syscalls = 256;
	report_metrics(&row, &mt);
	assert_true(mt.snd.cpu < 0 && mt.snd.dma_disk < 0 && mt.snd.mbps < 0);
	n = report_why(&row, &mt, why, REPORT_MAX_WHY);
	assert_true(n >= 1);
	assert_non_null(strstr(why[0], "io-wq worker threads"));
	assert_string_equal(report_textbook(CS_ST_SENDFILE_GATHER)->row,
			    "sendfile + DMA gather");
}

static char *render(const struct report_row *rows, size_t n,
		    enum report_format fmt)
{
	struct report_opts o = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	o.format = fmt;
	o.kernel = "6.18.0-test";
	o.tier = "tracepoints";
	assert_int_equal(report_render(f, rows, n, &o), 0);
	fclose(f);
	return buf;
}

static const char expected_text[] =
	"copyscope report: 256 KiB file, 64 KiB chunks, cold cache, tier: tracepoints, kernel 6.18.0-test\n"
	"\n"
	"             ------------ per chunk ------------\n"
	"             CPU    DMA      calls  mode   ctx sw     CPU        DMA\n"
	"             copies disk+NIC        sw     vol/invol  copied     bytes      time      MB/s\n"
	"\n"
	"read_write: read + write\n"
	"  measured   2      1+0      2      4      2/2        512 KiB    256 KiB    400 us    655\n"
	"  receiver   1      -        1      2      0/0        256 KiB    0 B        303 us    865\n"
	"  textbook   2      1+1      2      4      -          -          -          -         -\n"
	"  differs:  - no network-card DMA: loopback and veth pass skbs in memory (a physical NIC would make\n"
	"              the article's second DMA)\n"
	"\n"
	"per chunk: CPU copies of each byte, DMA transfers (disk + network card), system\n"
	"calls and their user/kernel mode switches, two per call (the article calls these\n"
	"\"context switches\"; page faults and interrupts enter the kernel too, uncounted).\n"
	"ctx sw: the scheduler took the CPU away (voluntary/involuntary), whole transfer.\n"
	"time, MB/s: the transfer phase (for a demo, until its receiver had the last byte).\n"
	"receiver: the receiving process; its read()/recv() copies every byte out of the\n"
	"socket buffer (recv with MSG_TRUNC, splice from a socket and TCP_ZEROCOPY_RECEIVE\n"
	"do not; the article counts the sending side only).\n"
	"records dropped: 0\n";

static void test_text(void **state)
{
	struct report_row row;
	struct cs_model *m;
	char *out, *line;

	(void)state;
	read_write_row(&row, &m);
	out = render(&row, 1, REPORT_TEXT);
	assert_string_equal(out, expected_text);
	for (line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
		assert_true(strlen(line) <= 100);
	free(out);
	model_free(m);
}

static void test_markdown(void **state)
{
	struct report_row row;
	struct cs_model *m;
	char *out;

	(void)state;
	read_write_row(&row, &m);
	out = render(&row, 1, REPORT_MD);
	assert_non_null(strstr(
		out,
		"| read_write | read + write | measured | 2 | 1+0 | 2 | 4 | 2/2 | "
		"512 KiB | 256 KiB | 400 us | 655 | no network-card DMA"));
	assert_non_null(strstr(
		out,
		"| read_write | receiver | measured | 1 | - | 1 | 2 | 0/0 |"));
	assert_non_null(strstr(
		out,
		"| read_write | read + write | textbook | 2 | 1+1 | 2 | 4 | - |"));
	free(out);
	model_free(m);
}

/* A traced process may put a '|' in its name: it stays in its cell. */
static void test_markdown_bar(void **state)
{
	struct report_row row;
	struct cs_model *m;
	char *out;

	(void)state;
	read_write_row(&row, &m);
	row.label = "pid 7 (a|b): x -> y";
	out = render(&row, 1, REPORT_MD);
	assert_non_null(strstr(out, "| pid 7 (a\\|b): x -> y | read + write |"));
	assert_null(strstr(out, "(a|b)"));
	free(out);
	model_free(m);
}

static void test_json(void **state)
{
	struct report_row row;
	struct cs_model *m;
	char *out;
	int depth = 0, min = 0;
	const char *p;

	(void)state;
	read_write_row(&row, &m);
	out = render(&row, 1, REPORT_JSON);
	assert_non_null(strstr(
		out,
		"{\"report\":{\"kernel\":\"6.18.0-test\",\"tier\":\"tracepoints\","
		"\"rows\":[{\"demo\":\"read_write\",\"strategy\":\"read_write\","));
	assert_non_null(strstr(
		out,
		"\"per_chunk\":{\"cpu_copies\":2,\"dma_disk\":1,\"dma_nic\":0,\"ref\":0,\"map\":0,"
		"\"syscalls\":2,\"mode_switches\":4}"));
	assert_non_null(strstr(
		out,
		"\"textbook\":{\"row\":\"read + write\",\"cpu_copies\":2,"));
	assert_non_null(strstr(out, "\"differs\":[\"no network-card DMA"));
	/* the sender's time is its transfer phase */
	assert_non_null(strstr(out, "\"time_ns\":400000,"));
	/* what the ratios are made of, route by route */
	assert_non_null(strstr(
		out,
		"\"routes\":[{\"from\":\"disk\",\"to\":\"page_cache\","
		"\"kind\":\"DMA\",\"bytes\":262144},"
		"{\"from\":\"page_cache\",\"to\":\"user\",\"kind\":\"CPU\","
		"\"bytes\":262144},"
		"{\"from\":\"user\",\"to\":\"sockbuf\",\"kind\":\"CPU\","
		"\"bytes\":262144}]}"));
	assert_non_null(strstr(out, "\"page_cache_added_pages\":0,"
				    "\"disk_read_bytes\":262144,"));
	/* nothing was checked against the kernel's counters */
	assert_non_null(strstr(out, "\"drops\":0,\"checked_processes\":0,"
				    "\"counters_differ\":0,"
				    "\"counters_check\":\"none\","));
	for (p = out; *p; p++) {
		depth += *p == '{' || *p == '[';
		depth -= *p == '}' || *p == ']';
		if (depth < min)
			min = depth;
	}
	assert_int_equal(depth, 0);
	assert_int_equal(min, 0);
	assert_int_equal(out[strlen(out) - 1], '\n');
	free(out);

	/* checked, and as a line of 'trace --json': typed, one line */
	row.checked_procs = 2;
	row.counters_differ = 1;
	{
		struct report_opts o = { .format = REPORT_JSON,
					 .json_type = "report" };
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);

		assert_non_null(f);
		assert_int_equal(report_render(f, &row, 1, &o), 0);
		fclose(f);
	}
	assert_memory_equal(out, "{\"type\":\"report\",\"report\":{", 27);
	assert_non_null(strstr(out, "\"checked_processes\":2,"
				    "\"counters_differ\":1,"
				    "\"counters_check\":\"differ\","));
	assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1);
	free(out);
	model_free(m);
}

/* A row whose records do not add up names the counter, process, amount. */
static void test_check(void **state)
{
	struct cs_counters kernel;
	struct report_row row;
	struct cs_model *m;
	char *out;

	(void)state;
	read_write_row(&row, &m);
	assert_true(model_derived_counters(m, SENDER, &kernel));
	assert_int_equal(report_check_process(&row, m, SENDER, &kernel), 0);
	assert_int_equal(row.checked_procs, 1);
	assert_int_equal(row.n_diffs, 0);
	out = render(&row, 1, REPORT_TEXT);
	assert_non_null(strstr(out, "  checked:   the records of 1 process add "
				    "up to the kernel's counters\n"));
	free(out);

	/* one transmitted skb the records never showed */
	kernel.v[CS_C_XMIT_SKBS]++;
	kernel.v[CS_C_XMIT_COPIED_BYTES] += 53;
	assert_int_equal(report_check_process(&row, m, SENDER, &kernel), 2);
	assert_int_equal(row.checked_procs, 2);
	assert_int_equal(row.counters_differ, 2);
	assert_int_equal(row.n_diffs, 2);
	assert_int_equal(row.diffs[0].tgid, SENDER);
	assert_int_equal(row.diffs[0].counter, CS_C_XMIT_SKBS);
	assert_int_equal(row.diffs[0].kernel, row.diffs[0].records + 1);
	row.missed_runs = 3;
	out = render(&row, 1, REPORT_TEXT);
	assert_non_null(strstr(out, "  checked:   2 counters differ from the "
				    "kernel's (0 records lost): a loss "
				    "nothing counted, or a bug\n"));
	assert_non_null(strstr(out, " xmit_copied_bytes: the kernel counted "));
	assert_non_null(strstr(out, " (-53)\n"));
	assert_non_null(strstr(out, "  missed:    the kernel skipped 3 program "
				    "runs"));
	free(out);
	out = render(&row, 1, REPORT_JSON);
	assert_non_null(strstr(out, "\"counters_check\":\"differ\","
				    "\"counters_diffs\":[{\"pid\":100,"));
	assert_non_null(strstr(out, "\"counter\":\"xmit_skbs\",\"kernel\":"));
	assert_non_null(strstr(out, "\"missed_runs\":3,"));
	free(out);
	model_free(m);
}

/* Cold, every page filled by the sender, one chunk's disk read unseen. */
static void test_cold_unseen(void **state)
{
	struct report_row row;
	struct cs_model *m;
	char *out;

	(void)state;
	read_write_row(&row, &m);
	row.sender.cache_add_pages = FILE_BYTES / 4096;
	row.sender.disk_read_bytes = FILE_BYTES - CHUNK;
	out = render(&row, 1, REPORT_TEXT);
	assert_non_null(strstr(out, "some disk reads were not seen"));
	assert_null(strstr(out, "part of the file was already cached"));
	free(out);
	out = render(&row, 1, REPORT_JSON);
	assert_non_null(strstr(out, "\"fills_without_disk_read_bytes\":65536,"));
	assert_non_null(strstr(out, "\"cache_filled_by_others_pages\":0,"));
	free(out);
	/* every byte read from the disk: nothing unseen */
	row.sender.disk_read_bytes = FILE_BYTES;
	out = render(&row, 1, REPORT_TEXT);
	assert_null(strstr(out, "not seen"));
	free(out);
	model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metrics), cmocka_unit_test(test_why),
		cmocka_unit_test(test_text),	cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_json),	cmocka_unit_test(test_check),
		cmocka_unit_test(test_cold_unseen),
		cmocka_unit_test(test_markdown_bar),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
