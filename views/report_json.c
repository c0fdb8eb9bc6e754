// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * report_json.c - the table for scripts, through the shared JSON writer:
 * one document, {"report": {..., "rows": [...]}}.  Ratios that are
 * unknown are null; bytes and counts are integers.
 */
#include <stdio.h>

#include "views/json.h"
#include "abi/record.h"
#include "views/report.h"

static void ratio(struct json *j, const char *key, double v)
{
	if (v < 0)
		json_null(j, key);
	else
		json_double(j, key, v);
}

/* Bytes by route and kind: what the table's ratios are made of. */
static void routes(struct json *j, const struct cs_totals *t)
{
	unsigned from, to, k;

	json_array_begin(j, "routes");
	for (from = 0; from < CS_PL_MAX; from++)
		for (to = 0; to < CS_PL_MAX; to++)
			for (k = 0; k < CS_K_MAX; k++) {
				if (!t->route_bytes[from][to][k])
					continue;
				json_object_begin(j, NULL);
				json_str(j, "from", model_place_id(from));
				json_str(j, "to", model_place_id(to));
				json_str(j, "kind", model_kind_name(k));
				json_uint(j, "bytes",
					  t->route_bytes[from][to][k]);
				json_object_end(j);
			}
	json_array_end(j);
}

static void side(struct json *j, const char *key, const struct report_side *s,
		 const struct cs_totals *t)
{
	json_object_begin(j, key);
	json_uint(j, "pid", t->tgid);
	json_strn(j, "comm", t->comm, sizeof(t->comm));
	json_uint(j, "bytes", s->bytes);
	json_uint(j, "chunks", s->chunks);
	json_object_begin(j, "per_chunk");
	ratio(j, "cpu_copies", s->cpu);
	ratio(j, "dma_disk", s->dma_disk);
	ratio(j, "dma_nic", s->dma_nic);
	ratio(j, "ref", s->ref);
	ratio(j, "map", s->map);
	ratio(j, "syscalls", s->calls);
	ratio(j, "mode_switches", s->mode);
	json_object_end(j);
	json_uint(j, "syscalls", s->syscalls);
	json_uint(j, "mode_switches", s->mode_switches);
	json_str(j, "counts_from",
		 s->from_counters ? "kernel_counters" : "records");
	json_uint(j, "syscalls_in_records", s->record_syscalls);
	json_uint(j, "csw_voluntary", s->csw_vol);
	json_uint(j, "csw_involuntary", s->csw_invol);
	json_uint(j, "off_cpu_ns", s->off_cpu_ns);
	json_uint(j, "cpu_bytes", s->cpu_bytes);
	json_uint(j, "dma_bytes", s->dma_bytes);
	json_uint(j, "nic_dma_explained_bytes", s->nic_explained_bytes);
	json_uint(j, "ref_bytes", s->ref_bytes);
	json_uint(j, "map_bytes", s->map_bytes);
	json_uint(j, "deferred_copy_bytes", s->deferred_bytes);
	json_uint(j, "time_ns", s->span_ns);
	ratio(j, "mb_per_s", s->mbps);
	json_uint(j, "mismatches", s->mismatches);
	json_uint(j, "page_cache_added_pages", t->cache_add_pages);
	json_uint(j, "disk_read_bytes", t->disk_read_bytes);
	json_uint(j, "disk_write_bytes", t->disk_write_bytes);
	json_uint(j, "faults_user", t->faults_user);
	json_uint(j, "faults_kernel", t->faults_kernel);
	routes(j, t);
	json_object_end(j);
}

static void textbook(struct json *j, const struct report_textbook *b)
{
	if (!b) {
		json_null(j, "textbook");
		return;
	}
	json_object_begin(j, "textbook");
	json_str(j, "row", b->row);
	json_uint(j, "cpu_copies", b->cpu);
	json_uint(j, "dma_disk", b->dma_disk);
	json_uint(j, "dma_nic", b->dma_nic);
	json_uint(j, "syscalls", b->calls);
	json_uint(j, "mode_switches", b->mode);
	json_str(j, "syscall_names", b->syscalls);
	json_object_end(j);
}

static const char *cache_name(int cache)
{
	return cache == REPORT_CACHE_COLD ? "cold" :
	       cache == REPORT_CACHE_WARM ? "warm" :
					    NULL;
}

/* The counters that differ, named: "counters_diffs" (doc/json.md). */
static void counter_diffs(struct json *j, const struct report_row *r)
{
	json_array_begin(j, "counters_diffs");
	for (unsigned i = 0; i < r->n_diffs; i++) {
		const struct report_diff *d = &r->diffs[i];

		json_object_begin(j, NULL);
		json_uint(j, "pid", d->tgid);
		json_strn(j, "comm", d->comm, sizeof(d->comm));
		json_str(j, "counter", counter_name(d->counter));
		json_uint(j, "kernel", d->kernel);
		json_uint(j, "records", d->records);
		json_object_end(j);
	}
	json_array_end(j);
}

static void end_obj(struct json *j, const char *key, const struct cs_end *e,
		    const char *label, const char *text)
{
	const char *proto = e->fflags & CS_FF_TCP  ? "tcp" :
			    e->fflags & CS_FF_UDP  ? "udp" :
			    e->fflags & CS_FF_UNIX ? "unix" :
						     NULL;

	json_object_begin(j, key);
	json_str(j, "kind", model_end_kind_id(e->kind));
	if (e->name[0])
		json_strn(j, "name", e->name, sizeof(e->name));
	else
		json_null(j, "name");
	if (e->kind == CS_END_SOCKET && proto)
		json_str(j, "protocol", proto);
	else
		json_null(j, "protocol");
	if (label)
		json_str(j, "label", label);
	else
		json_null(j, "label");
	if (text)
		json_str(j, "text", text);
	else
		json_null(j, "text");
	json_object_end(j);
}

/* The flow a row is ("flow" in doc/json.md); null for a demo's run. */
static void flow_obj(struct json *j, const struct report_row *r)
{
	const struct cs_flow *f = r->flow;

	if (!f) {
		json_null(j, "flow");
		return;
	}
	json_object_begin(j, "flow");
	json_uint(j, "pid", f->tgid);
	json_strn(j, "comm", f->comm, sizeof(f->comm));
	json_bool(j, "other", f->other);
	json_uint(j, "flows", f->nflows);
	if (f->other) {
		json_null(j, "source");
		json_null(j, "destination");
	} else {
		end_obj(j, "source", &f->src, r->src_label, r->src_text);
		end_obj(j, "destination", &f->dst, r->dst_label, r->dst_text);
	}
	json_uint(j, "bytes", f->bytes);
	json_uint(j, "calls", f->calls);
	json_object_end(j);
}

int report_render_json(FILE *out, const struct report_row *rows, size_t n,
		       const struct report_opts *o)
{
	const char *why[REPORT_MAX_WHY];
	struct report_metrics mt;
	struct json j;
	size_t i, k, nwhy;

	json_init(&j, out);
	json_object_begin(&j, NULL);
	if (o->json_type)
		json_str(&j, "type", o->json_type);
	json_object_begin(&j, "report");
	if (o->kernel)
		json_str(&j, "kernel", o->kernel);
	else
		json_null(&j, "kernel");
	if (o->tier)
		json_str(&j, "tier", o->tier);
	else
		json_null(&j, "tier");
	json_array_begin(&j, "rows");
	for (i = 0; i < n; i++) {
		const struct report_row *r = &rows[i];

		report_metrics(r, &mt);
		json_object_begin(&j, NULL);
		if (r->label)
			json_str(&j, "demo", r->label);
		else
			json_null(&j, "demo");
		json_str(&j, "strategy", model_strategy_id(r->strategy));
		json_str(&j, "strategy_name", model_strategy_name(r->strategy));
		flow_obj(&j, r);
		if (cache_name(r->cache))
			json_str(&j, "cache", cache_name(r->cache));
		else
			json_null(&j, "cache");
		json_uint(&j, "file_bytes", mt.snd.bytes);
		json_uint(&j, "chunk_bytes", r->chunk_bytes);
		/* cold: file pages another process brought into the cache */
		if (r->cache == REPORT_CACHE_COLD && mt.file_pages)
			json_uint(&j, "cache_filled_by_others_pages",
				  mt.filled_by_others);
		else
			json_null(&j, "cache_filled_by_others_pages");
		if (r->cache == REPORT_CACHE_COLD && mt.file_pages)
			json_uint(&j, "fills_without_disk_read_bytes",
				  mt.fills_unread_bytes);
		else
			json_null(&j, "fills_without_disk_read_bytes");
		json_uint(&j, "drops", r->drops);
		json_uint(&j, "checked_processes", r->checked_procs);
		json_uint(&j, "counters_differ", r->counters_differ);
		/* the text's "checked:" line: the records of every process,
		 * whole run, against the kernel's exact counters */
		json_str(&j, "counters_check",
			 !r->checked_procs  ? "none" :
			 r->counters_differ ? "differ" :
					      "match");
		counter_diffs(&j, r);
		if (r->missed_runs == REPORT_MISSED_UNKNOWN)
			json_null(&j, "missed_runs");
		else
			json_uint(&j, "missed_runs", r->missed_runs);
		side(&j, "sender", &mt.snd, &r->sender);
		if (mt.rcv.present)
			side(&j, "receiver", &mt.rcv, &r->receiver);
		else
			json_null(&j, "receiver");
		if (o->no_textbook)
			json_null(&j, "textbook");
		else
			textbook(&j, mt.book);
		nwhy = report_why(r, &mt, why, REPORT_MAX_WHY);
		json_array_begin(&j, "differs");
		for (k = 0; k < nwhy; k++)
			json_str(&j, NULL, why[k]);
		json_array_end(&j);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	json_object_end(&j);
	return ferror(out) ? -1 : 0;
}
