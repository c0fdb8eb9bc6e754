// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * report_text.c - the table for people: aligned text that fits 100
 * columns, or a markdown table for documents.
 *
 * Text: one block per row, its title naming the demo and the strategy
 * recognised, then the measured sender, the receiver, the textbook, and
 * the reasons they differ, wrapped.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "views/escape.h"
#include "views/report.h"

#define WIDTH 100

struct cells {
	char cpu[16], dma[40], calls[16], mode[16], csw[32], cpu_bytes[24],
		dma_bytes[24], time[24], mbps[24];
};

static void measured_cells(struct cells *c, const struct report_side *s,
			   bool receiver)
{
	char disk[16], nic[16];

	report_fmt_ratio(c->cpu, sizeof(c->cpu), s->cpu);
	if (receiver) {
		snprintf(c->dma, sizeof(c->dma), "-");
	} else {
		report_fmt_ratio(disk, sizeof(disk), s->dma_disk);
		report_fmt_ratio(nic, sizeof(nic), s->dma_nic);
		snprintf(c->dma, sizeof(c->dma), "%s+%s", disk, nic);
	}
	report_fmt_ratio(c->calls, sizeof(c->calls), s->calls);
	report_fmt_ratio(c->mode, sizeof(c->mode), s->mode);
	snprintf(c->csw, sizeof(c->csw), "%" PRIu64 "/%" PRIu64, s->csw_vol,
		 s->csw_invol);
	model_format_bytes(c->cpu_bytes, sizeof(c->cpu_bytes), s->cpu_bytes);
	model_format_bytes(c->dma_bytes, sizeof(c->dma_bytes), s->dma_bytes);
	report_fmt_ns(c->time, sizeof(c->time), s->span_ns);
	if (s->mbps < 0)
		snprintf(c->mbps, sizeof(c->mbps), "-");
	else
		snprintf(c->mbps, sizeof(c->mbps), "%.0f", s->mbps);
}

static void book_cells(struct cells *c, const struct report_textbook *b)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->cpu, sizeof(c->cpu), "%u", b->cpu);
	snprintf(c->dma, sizeof(c->dma), "%u+%u", b->dma_disk, b->dma_nic);
	snprintf(c->calls, sizeof(c->calls), "%u", b->calls);
	snprintf(c->mode, sizeof(c->mode), "%u", b->mode);
	strcpy(c->csw, "-");
	strcpy(c->cpu_bytes, "-");
	strcpy(c->dma_bytes, "-");
	strcpy(c->time, "-");
	strcpy(c->mbps, "-");
}

/* ---- text ---------------------------------------------------------------- */

#define TEXT_ROW "  %-10s %-6s %-8s %-6s %-6s %-10s %-10s %-10s %-9s %s\n"

/* Aligned columns leave spaces after an empty last one: not in the output. */
static void put_trimmed(FILE *out, char *line)
{
	size_t n = strlen(line);

	while (n && (line[n - 1] == ' ' || line[n - 1] == '\n'))
		line[--n] = 0;
	fprintf(out, "%s\n", line);
}

static void text_cols(FILE *out, const char *what, const char *cpu,
		      const char *dma, const char *calls, const char *mode,
		      const char *csw, const char *cpu_bytes,
		      const char *dma_bytes, const char *time, const char *mbps)
{
	char line[256];

	snprintf(line, sizeof(line), TEXT_ROW, what, cpu, dma, calls, mode, csw,
		 cpu_bytes, dma_bytes, time, mbps);
	put_trimmed(out, line);
}

static void text_line(FILE *out, const char *what, const struct cells *c)
{
	text_cols(out, what, c->cpu, c->dma, c->calls, c->mode, c->csw,
		  c->cpu_bytes, c->dma_bytes, c->time, c->mbps);
}

/* "  why: " then the sentence, wrapped at WIDTH with a hanging indent. */
static void text_wrapped(FILE *out, const char *lead, const char *s)
{
	const size_t indent = strlen(lead);
	size_t col = indent;
	const char *p = s;

	fputs(lead, out);
	while (*p) {
		size_t w = strcspn(p, " ");

		if (col > indent && col + 1 + w > WIDTH) {
			fprintf(out, "\n%*s", (int)indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, w, out);
		col += w;
		p += w;
		while (*p == ' ')
			p++;
	}
	fputc('\n', out);
}

static void text_header(FILE *out, const struct report_opts *o,
			const struct report_row *rows, size_t n)
{
	char size[32] = "", chunk[32] = "";
	const char *cache = "";

	if (n) {
		if (rows[0].file_bytes)
			model_format_bytes(size, sizeof(size),
					   rows[0].file_bytes);
		if (rows[0].chunk_bytes)
			model_format_bytes(chunk, sizeof(chunk),
					   rows[0].chunk_bytes);
		cache = rows[0].cache == REPORT_CACHE_COLD ? "cold cache" :
			rows[0].cache == REPORT_CACHE_WARM ? "warm cache" :
							     "";
	}
	fprintf(out, "%s", o->title ? o->title : "copyscope report");
	if (size[0])
		fprintf(out, ": %s file", size);
	if (chunk[0])
		fprintf(out, ", %s chunks", chunk);
	if (cache[0])
		fprintf(out, ", %s", cache);
	if (o->tier)
		fprintf(out, ", tier: %s", o->tier);
	/* a replayed recording's kernel name is the recording's word */
	if (o->kernel) {
		fputs(", kernel ", out);
		esc_fputs(out, o->kernel, SIZE_MAX);
	}
	fputs("\n\n", out);
	fprintf(out, "  %-10s %s\n", "", "------------ per chunk ------------");
	text_cols(out, "", "CPU", "DMA", "calls", "mode", "ctx sw", "CPU",
		  "DMA", "", "");
	text_cols(out, "", "copies", "disk+NIC", "", "sw", "vol/invol",
		  "copied", "bytes", "time", "MB/s");
}

/* Which counters differ, for which process, by how much, and why. */
static void text_check_failed(FILE *out, const struct report_row *row)
{
	char buf[160], comm[ESC_SIZE(CS_COMM_LEN)];

	fprintf(out,
		"  checked:   %u counter%s differ%s from the kernel's (%" PRIu64
		" records lost)%s\n",
		row->counters_differ, row->counters_differ == 1 ? "" : "s",
		row->counters_differ == 1 ? "s" : "", row->drops,
		row->drops ? "" : ": a loss nothing counted, or a bug");
	for (unsigned i = 0; i < row->n_diffs; i++) {
		report_fmt_diff(buf, sizeof(buf), &row->diffs[i]);
		fprintf(out, "             pid %u (%s) %s\n",
			row->diffs[i].tgid,
			esc_str(comm, sizeof(comm), row->diffs[i].comm,
				CS_COMM_LEN),
			buf);
	}
}

static void text_block(FILE *out, const struct report_row *row,
		       const struct report_opts *o)
{
	const char *why[REPORT_MAX_WHY];
	struct report_metrics mt;
	struct cells c;
	size_t i, nwhy;
	char title[ESC_SIZE(160) + 64], label[ESC_SIZE(160)];

	report_metrics(row, &mt);
	/* a trace's label holds the traced process's name and its files */
	snprintf(title, sizeof(title), "%s%s%s",
		 row->label ? esc_str(label, sizeof(label), row->label, 160) :
			      "",
		 row->label ? ": " : "", model_strategy_name(row->strategy));
	/* a process's small flows together have no one strategy */
	if (row->flow && row->flow->other)
		snprintf(title, sizeof(title), "%s",
			 esc_str(label, sizeof(label), row->label, 160));
	fprintf(out, "\n%s\n", title);
	measured_cells(&c, &mt.snd, false);
	text_line(out, "measured", &c);
	if (mt.rcv.present) {
		measured_cells(&c, &mt.rcv, true);
		text_line(out, "receiver", &c);
	}
	if (!o->no_textbook && !(row->flow && row->flow->other)) {
		if (mt.book) {
			book_cells(&c, mt.book);
			text_line(out, "textbook", &c);
		} else {
			fprintf(out, "  %-10s %s\n", "textbook", "-");
		}
	}
	nwhy = report_why(row, &mt, why, REPORT_MAX_WHY);
	for (i = 0; i < nwhy; i++)
		text_wrapped(out, i ? "            - " : "  differs:  - ",
			     why[i]);
	if (mt.snd.from_counters && mt.snd.syscalls != mt.snd.record_syscalls)
		fprintf(out,
			"  note:      the kernel counted %" PRIu64
			" system calls, the records show %" PRIu64 "\n",
			mt.snd.syscalls, mt.snd.record_syscalls);
	if (row->checked_procs && !row->counters_differ)
		fprintf(out,
			"  checked:   the records of %u process%s add up to the kernel's counters\n",
			row->checked_procs,
			row->checked_procs == 1 ? "" : "es");
	else if (row->checked_procs)
		text_check_failed(out, row);
	if (row->missed_runs && row->missed_runs != REPORT_MISSED_UNKNOWN)
		fprintf(out,
			"  missed:    the kernel skipped %" PRIu64
			" program run%s (an event inside another's run): "
			"neither recorded nor counted\n",
			row->missed_runs, row->missed_runs == 1 ? "" : "s");
}

static void text_footer(FILE *out, const struct report_row *rows, size_t n)
{
	uint64_t drops = 0;
	size_t i;

	for (i = 0; i < n; i++)
		drops += rows[i].drops;
	fputs("\nper chunk: CPU copies of each byte, DMA transfers (disk + network card), system\n"
	      "calls and their user/kernel mode switches, two per call (the article calls these\n"
	      "\"context switches\"; page faults and interrupts enter the kernel too, uncounted).\n"
	      "ctx sw: the scheduler took the CPU away (voluntary/involuntary), whole transfer.\n"
	      "time, MB/s: the transfer phase (for a demo, until its receiver had the last byte).\n"
	      "receiver: the receiving process; its read()/recv() copies every byte out of the\n"
	      "socket buffer (recv with MSG_TRUNC, splice from a socket and TCP_ZEROCOPY_RECEIVE\n"
	      "do not; the article counts the sending side only).\n",
	      out);
	fprintf(out, "records dropped: %" PRIu64 "%s\n", drops,
		drops ? " (counts from the kernel's counters stay exact)" : "");
}

/* ---- markdown -------------------------------------------------------------
 */

static void md_row(FILE *out, const char *label, const char *strategy,
		   const char *what, const struct cells *c, const char *why)
{
	fprintf(out,
		"| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
		label, strategy, what, c->cpu, c->dma, c->calls, c->mode,
		c->csw, c->cpu_bytes, c->dma_bytes, c->time, c->mbps, why);
}

/* A markdown table cell: escaped for the terminal, and a '|' (a process
 * may put one in its name) kept from ending the cell. */
static void md_cell(char *out, size_t len, const char *raw)
{
	char esc[ESC_SIZE(160)];
	size_t i, o = 0;

	esc_text(esc, sizeof(esc), raw, 160);
	for (i = 0; esc[i] && o + 3 < len; i++) {
		if (esc[i] == '|')
			out[o++] = '\\';
		out[o++] = esc[i];
	}
	out[o] = 0;
}

static void md_block(FILE *out, const struct report_row *row,
		     const struct report_opts *o)
{
	const char *why[REPORT_MAX_WHY];
	struct report_metrics mt;
	struct cells c;
	char whys[1024] = "";
	size_t i, nwhy, used;
	char label[2 * ESC_SIZE(160)];

	md_cell(label, sizeof(label), row->label ? row->label : "");
	report_metrics(row, &mt);
	nwhy = report_why(row, &mt, why, REPORT_MAX_WHY);
	for (i = 0; i < nwhy; i++) {
		used = strlen(whys);
		snprintf(whys + used, sizeof(whys) - used, "%s%s",
			 i ? "; " : "", why[i]);
	}
	measured_cells(&c, &mt.snd, false);
	md_row(out, label, model_strategy_name(row->strategy), "measured", &c,
	       whys);
	if (mt.rcv.present) {
		measured_cells(&c, &mt.rcv, true);
		md_row(out, label, "receiver", "measured", &c, "");
	}
	if (!o->no_textbook && mt.book) {
		book_cells(&c, mt.book);
		md_row(out, label, mt.book->row, "textbook", &c, "");
	}
}

int report_render_text(FILE *out, const struct report_row *rows, size_t n,
		       const struct report_opts *o, bool markdown)
{
	size_t i;

	if (markdown) {
		fprintf(out,
			"| demo | strategy | row | CPU copies/chunk | DMA/chunk (disk+NIC) | "
			"calls/chunk | mode switches/chunk | ctx sw (vol/invol) | CPU copied | "
			"DMA bytes | time | MB/s | differs because |\n");
		fprintf(out,
			"|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
		for (i = 0; i < n; i++)
			md_block(out, &rows[i], o);
	} else {
		text_header(out, o, rows, n);
		for (i = 0; i < n; i++)
			text_block(out, &rows[i], o);
		text_footer(out, rows, n);
	}
	return ferror(out) ? -1 : 0;
}
