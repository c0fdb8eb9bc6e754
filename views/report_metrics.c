// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * report_metrics.c - from model totals to the numbers of one table row,
 * and the reasons (report_data.c) that apply to it.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "views/report.h"
#include "views/report_int.h"

void report_fmt_ratio(char *buf, size_t len, double v)
{
	if (v < 0)
		snprintf(buf, len, "-");
	else if (fabs(v - round(v)) < 1e-9)
		snprintf(buf, len, "%.0f", round(v));
	else
		snprintf(buf, len, "%.2f", v);
}

void report_fmt_ns(char *buf, size_t len, uint64_t ns)
{
	if (!ns)
		snprintf(buf, len, "-");
	else if (ns < 1000000)
		snprintf(buf, len, "%.0f us", (double)ns / 1e3);
	else if (ns < 1000000000)
		snprintf(buf, len, "%.1f ms", (double)ns / 1e6);
	else
		snprintf(buf, len, "%.2f s", (double)ns / 1e9);
}

static double per(uint64_t what, uint64_t by)
{
	return by ? (double)what / (double)by : -1;
}

static void side(struct report_side *s, const struct cs_totals *t,
		 uint64_t bytes, uint64_t chunks, const struct cs_counters *c)
{
	memset(s, 0, sizeof(*s));
	s->present = true;
	s->bytes = bytes;
	s->chunks = chunks;
	s->record_syscalls = t->syscalls;
	if (c) {
		s->from_counters = true;
		s->syscalls = c->v[CS_C_SYSCALLS];
		s->mode_switches = c->v[CS_C_MODE_SWITCHES];
		s->csw_vol = c->v[CS_C_CSW_VOLUNTARY];
		s->csw_invol = c->v[CS_C_CSW_INVOLUNTARY];
		s->off_cpu_ns = c->v[CS_C_OFF_CPU_NS];
	} else {
		s->syscalls = t->syscalls;
		s->mode_switches = t->mode_switches;
		s->csw_vol = t->csw_voluntary;
		s->csw_invol = t->csw_involuntary;
		s->off_cpu_ns = t->off_cpu_ns;
	}
	/*
	 * Without phases: the transfer's own calls, not the start-up's.  The
	 * calls the records place outside it come off the kernel's count, so
	 * calls no record showed still count.
	 */
	if (t->active_syscalls && t->active_syscalls <= t->syscalls) {
		uint64_t outside = t->syscalls - t->active_syscalls;

		s->record_syscalls = t->active_syscalls;
		s->syscalls = s->syscalls > outside ? s->syscalls - outside : 0;
		s->mode_switches = s->mode_switches > 2 * outside ?
					   s->mode_switches - 2 * outside :
					   0;
	}
	s->cpu_bytes = t->cpu_bytes;
	s->dma_bytes = t->dma_bytes;
	s->nic_explained_bytes = t->nic_dma_explained_bytes;
	s->ref_bytes = t->ref_bytes;
	s->map_bytes = t->map_bytes;
	s->deferred_bytes = t->deferred_copy_bytes;
	s->mismatches = t->mismatches;
	s->span_ns = t->span_ns;
	/* per chunk: how many times each byte was copied, and how often the
	 * process entered the kernel for each chunk */
	s->cpu = per(t->cpu_bytes, bytes);
	s->ref = per(t->ref_bytes, bytes);
	s->map = per(t->map_bytes, bytes);
	s->dma_disk = per(t->disk_read_bytes, bytes);
	s->dma_nic =
		per(t->route_bytes[CS_PL_SOCKBUF][CS_PL_NIC][CS_K_DMA], bytes);
	s->calls = per(s->syscalls, chunks);
	s->mode = per(s->mode_switches, chunks);
	s->mbps = t->span_ns && bytes ?
			  (double)bytes * 1e3 / (double)t->span_ns :
			  -1;
}

/*
 * What the sender delivered, and in how many calls: its payload, or for a
 * program whose data ends in its own memory, what its reads returned.
 */
static uint64_t delivered(const struct report_row *row, uint64_t *calls)
{
	const struct cs_totals *t = &row->sender;

	if (!t->payload_bytes && model_strategy_inward(row->strategy)) {
		*calls = t->read_in_calls;
		return t->read_in_bytes;
	}
	*calls = t->payload_calls;
	return t->payload_bytes;
}

/*
 * A cold run starts with none of the file cached (the demo checks with
 * mincore), so its sender fills every page itself: the pages it did not
 * fill were brought in by someone else while it ran.  Only when its disk
 * reads fell short too: O_DIRECT reads the whole file and fills nothing.
 */
static void others_filled(const struct report_row *row,
			  struct report_metrics *out)
{
	uint64_t page = row->page_bytes ? row->page_bytes : 4096;
	uint64_t self = row->sender.cache_add_pages;

	if (row->cache != REPORT_CACHE_COLD || !row->file_bytes ||
	    !row->sender.payload_bytes ||
	    row->sender.disk_read_bytes >= row->file_bytes)
		return;
	out->file_pages = (row->file_bytes + page - 1) / page;
	out->filled_by_others =
		self < out->file_pages ? out->file_pages - self : 0;
	/* every page its own, yet fewer bytes read from the disk */
	if (!out->filled_by_others &&
	    row->sender.disk_read_bytes < row->file_bytes)
		out->fills_unread_bytes =
			row->file_bytes - row->sender.disk_read_bytes;
}

void report_metrics(const struct report_row *row, struct report_metrics *out)
{
	uint64_t calls, got = delivered(row, &calls);
	uint64_t bytes = row->file_bytes ? row->file_bytes : got;
	uint64_t chunks;

	memset(out, 0, sizeof(*out));
	if (row->chunk_bytes)
		chunks = (bytes + row->chunk_bytes - 1) / row->chunk_bytes;
	else
		chunks = calls;
	if (bytes && !chunks)
		chunks = 1;
	side(&out->snd, &row->sender, bytes, chunks,
	     row->has_counters ? &row->counters : NULL);
	if (row->elapsed_ns) {
		out->snd.span_ns = row->elapsed_ns;
		out->snd.mbps =
			bytes ? (double)bytes * 1e3 / (double)row->elapsed_ns :
				-1;
	}
	/* nothing the sender delivered was seen, or small flows of many
	 * kinds summed: ratios would be made up */
	if (!got || (row->flow && row->flow->other)) {
		out->snd.cpu = out->snd.dma_disk = out->snd.dma_nic = -1;
		out->snd.ref = out->snd.map = -1;
		out->snd.calls = out->snd.mode = -1;
		out->snd.mbps = -1;
	}
	if (row->has_receiver)
		side(&out->rcv, &row->receiver, row->receiver.received_bytes,
		     chunks,
		     row->has_receiver_counters ? &row->receiver_counters :
						  NULL);
	out->book = row->flow && row->flow->other ?
			    NULL :
			    report_textbook(row->strategy);
	others_filled(row, out);
}

/* The sender read file data through the page cache (so a warm cache
 * explains a missing disk DMA). */
static bool reads_cache(const struct cs_totals *t)
{
	unsigned to, k;

	if (t->map_bytes)
		return true;
	for (to = 0; to < CS_PL_MAX; to++)
		for (k = 0; k < CS_K_MAX; k++)
			if (to != CS_PL_PAGE_CACHE &&
			    t->route_bytes[CS_PL_PAGE_CACHE][to][k])
				return true;
	return false;
}

static bool holds(enum why_test w, const struct report_row *row,
		  const struct report_metrics *mt)
{
	const struct report_side *s = &mt->snd;
	const struct report_textbook *b = mt->book;
	uint64_t calls;

	switch (w) {
	case W_ALWAYS:
		return true;
	case W_NO_BOOK:
		return !b;
	case W_SOCKET_COPY:
		return s->cpu > 0.5;
	case W_DEFERRED:
		return s->deferred_bytes > 0;
	case W_NIC_VIRTUAL:
		return s->nic_explained_bytes > 0 && s->dma_nic < 0.5;
	case W_NO_DISK:
		return row->sender.nodisk_file_bytes > 0 && s->dma_disk >= 0 &&
		       s->dma_disk < 0.01;
	case W_DISK_DMA:
		return s->dma_disk >= 0.5;
	case W_WARM:
		return s->dma_disk >= 0 && s->dma_disk < 0.01 &&
		       !row->sender.nodisk_file_bytes &&
		       (row->cache == REPORT_CACHE_WARM ||
			(row->cache == REPORT_CACHE_UNKNOWN &&
			 reads_cache(&row->sender)));
	case W_COLD_SHARED:
		return mt->filled_by_others > 0;
	case W_COLD_PARTLY:
		return row->cache == REPORT_CACHE_COLD &&
		       !mt->filled_by_others && !mt->fills_unread_bytes &&
		       s->dma_disk >= 0.01 && s->dma_disk < 0.95;
	case W_COLD_UNSEEN:
		return mt->fills_unread_bytes > 0;
	case W_CALLS_MORE:
		return b && s->calls > b->calls + 0.5;
	case W_CALLS_FEWER:
		return b ? s->calls >= 0 && s->calls < b->calls - 0.5 :
			   s->calls >= 0 && s->calls < 1.5;
	case W_CPU_MORE:
		return b && !s->deferred_bytes && s->cpu > b->cpu + 0.05;
	case W_CPU_FEWER:
		return b && s->cpu >= 0 && s->cpu < b->cpu - 0.05;
	case W_MISMATCH:
		return s->mismatches + mt->rcv.mismatches > 0;
	case W_DROPS:
		return row->drops > 0;
	case W_COUNTERS:
		return !row->drops && (row->counters_differ ||
				       (s->from_counters &&
					s->syscalls != s->record_syscalls));
	case W_UNSEEN:
		return !delivered(row, &calls) && !row->sender.uring_submits;
	case W_UNSEEN_URING:
		return !row->sender.payload_bytes && row->sender.uring_submits;
	case W_MATCH:
		return b != NULL; /* decided by report_why: only when alone */
	}
	return false;
}

size_t report_why(const struct report_row *row, const struct report_metrics *mt,
		  const char **why, size_t max)
{
	size_t i, n = 0;

	/* a process's small flows together: no one transfer to explain */
	if (row->flow && row->flow->other)
		return 0;
	for (i = 0; i < why_rules_n && n < max; i++) {
		const struct why_rule *r = &why_rules[i];

		if (r->strategy != CS_ST_MAX && r->strategy != row->strategy)
			continue;
		/* "matches" only when nothing else was said */
		if (r->test == W_MATCH && n)
			continue;
		if (!holds(r->test, row, mt))
			continue;
		why[n++] = r->text;
	}
	return n;
}

void report_row_from_model(struct report_row *row, const struct cs_model *m,
			   const char *label)
{
	uint32_t snd = 0, rcv = 0;

	memset(row, 0, sizeof(*row));
	row->label = label;
	row->missed_runs = REPORT_MISSED_UNKNOWN;
	model_sides(m, &snd, &rcv);
	if (snd && model_totals(m, snd, &row->sender))
		row->strategy = row->sender.strategy;
	if (rcv && model_totals(m, rcv, &row->receiver))
		row->has_receiver = true;
}
