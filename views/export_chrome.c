// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * export_chrome.c - facts as Chrome trace events (see export_chrome.h).
 *
 * The format: {"traceEvents": [...]} where each event has a phase "ph":
 * "X" a slice with a duration, "i" an instant, "C" a counter's new values,
 * "M" metadata (a process's name).  pid and tid are the process and thread
 * ids, so the viewer groups threads under their process.
 */
#include <stdlib.h>
#include <string.h>

#include "views/export_chrome.h"
#include "views/json.h"

#define NAMED_MAX 1024 /* processes named and counted; more go unnamed */

struct proc_track {
	uint32_t tgid;
	uint64_t bytes[CS_K_MAX]; /* moved so far, by kind */
};

struct chrome_export {
	struct json j;
	FILE *out;
	uint64_t base;
	struct proc_track procs[NAMED_MAX];
	unsigned nprocs;
};

static uint64_t rel(const struct chrome_export *x, uint64_t ts)
{
	return ts > x->base ? ts - x->base : 0;
}

/* The opening of one event: its name, category, phase, time and track. */
static void event(struct chrome_export *x, const char *name, const char *cat,
		  const char *ph, uint64_t ts, uint32_t tgid, uint32_t pid)
{
	json_object_begin(&x->j, NULL);
	json_str(&x->j, "name", name);
	json_str(&x->j, "cat", cat);
	json_str(&x->j, "ph", ph);
	json_micros(&x->j, "ts", rel(x, ts));
	json_uint(&x->j, "pid", tgid);
	json_uint(&x->j, "tid", pid);
}

static struct proc_track *track(struct chrome_export *x, uint32_t tgid)
{
	unsigned i;

	for (i = 0; i < x->nprocs; i++)
		if (x->procs[i].tgid == tgid)
			return &x->procs[i];
	if (x->nprocs == NAMED_MAX)
		return NULL;
	x->procs[x->nprocs].tgid = tgid;
	return &x->procs[x->nprocs++];
}

static void process_name(struct chrome_export *x, uint32_t tgid,
			 const char *comm)
{
	json_object_begin(&x->j, NULL);
	json_str(&x->j, "name", "process_name");
	json_str(&x->j, "ph", "M");
	json_uint(&x->j, "pid", tgid);
	json_object_begin(&x->j, "args");
	json_strn(&x->j, "name", comm, CS_COMM_LEN);
	json_object_end(&x->j);
	json_object_end(&x->j);
}

static void syscall_slice(struct chrome_export *x, const struct cs_fact *f)
{
	const char *name = model_syscall_name(f->u.syscall.nr);
	uint64_t enter = f->u.syscall.enter_ts;

	if (!enter || enter > f->ts)
		enter = f->ts;
	event(x, name ? name : "syscall", "syscall", "X", enter, f->tgid,
	      f->pid);
	json_micros(&x->j, "dur", f->ts - enter);
	json_object_begin(&x->j, "args");
	json_str(&x->j, "call", f->text);
	json_int(&x->j, "ret", f->u.syscall.ret);
	json_object_end(&x->j);
	json_object_end(&x->j);
}

/* Coming back to the CPU: the time away, as a slice on the thread. */
static void off_cpu_slice(struct chrome_export *x, const struct cs_fact *f)
{
	uint64_t off = f->u.ctx.off_ns;

	if (f->u.ctx.out || !off || off > f->ts)
		return;
	event(x, f->u.ctx.involuntary ? "off CPU (preempted)" : "off CPU",
	      "sched", "X", f->ts - off, f->tgid, f->pid);
	json_micros(&x->j, "dur", off);
	json_object_begin(&x->j, "args");
	json_strn(&x->j, "other", f->u.ctx.other_comm, CS_COMM_LEN);
	json_object_end(&x->j);
	json_object_end(&x->j);
}

static void transfer(struct chrome_export *x, const struct cs_fact *f)
{
	const struct cs_transfer *t = &f->u.transfer;
	struct proc_track *p;

	if (t->kind >= CS_K_MAX || t->from >= CS_PL_MAX || t->to >= CS_PL_MAX ||
	    t->evidence >= CS_EVID_MAX)
		return;
	event(x, t->caption, model_kind_name(t->kind), "i", f->ts, f->tgid,
	      f->pid);
	json_str(&x->j, "s", "t");
	json_object_begin(&x->j, "args");
	json_uint(&x->j, "bytes", t->bytes);
	json_str(&x->j, "from", model_place_id(t->from));
	json_str(&x->j, "to", model_place_id(t->to));
	json_str(&x->j, "evidence", model_evidence_name(t->evidence));
	json_str(&x->j, "rule", model_rule_name(t->rule));
	json_uint(&x->j, "count", t->count ? t->count : 1);
	json_object_end(&x->j);
	json_object_end(&x->j);
	/* what only is explained (a virtual device's DMA) did not happen */
	p = t->evidence == CS_EVID_EXPLAINED ? NULL : track(x, f->tgid);
	if (!p)
		return;
	p->bytes[t->kind] += t->bytes;
	event(x, "bytes moved", "bytes", "C", f->ts, f->tgid, f->pid);
	json_object_begin(&x->j, "args");
	for (int k = 0; k < CS_K_MAX; k++)
		json_uint(&x->j, model_kind_name((enum cs_kind)k), p->bytes[k]);
	json_object_end(&x->j);
	json_object_end(&x->j);
}

static void instant(struct chrome_export *x, const struct cs_fact *f,
		    const char *cat)
{
	event(x, f->text, cat, "i", f->ts, f->tgid, f->pid);
	json_str(&x->j, "s", "t");
	json_object_end(&x->j);
}

void chrome_export_fact(const struct cs_fact *f, void *data)
{
	struct chrome_export *x = data;

	switch (f->type) {
	case CS_FACT_SYSCALL:
		syscall_slice(x, f);
		break;
	case CS_FACT_CONTEXT_SWITCH:
		off_cpu_slice(x, f);
		break;
	case CS_FACT_TRANSFER:
		transfer(x, f);
		break;
	case CS_FACT_FAULT:
		instant(x, f, "fault");
		break;
	case CS_FACT_NOTE:
		instant(x, f, "note");
		break;
	case CS_FACT_PROCESS:
		/* an exec renames the process; a fork names the child */
		if (f->u.proc.what == CS_PROC_EXEC)
			process_name(x, f->tgid, f->u.proc.comm);
		else if (f->u.proc.what == CS_PROC_FORK &&
			 f->u.proc.child_tgid != f->tgid)
			process_name(x, f->u.proc.child_tgid, f->u.proc.comm);
		break;
	case CS_FACT_MODE_SWITCH: /* the system call slices show them */
		break;
	}
}

struct chrome_export *chrome_export_begin(FILE *out, uint64_t base_ts,
					  const char *what)
{
	struct chrome_export *x = calloc(1, sizeof(*x));

	if (!x)
		return NULL;
	x->out = out;
	x->base = base_ts;
	json_init(&x->j, out);
	json_object_begin(&x->j, NULL);
	json_str(&x->j, "displayTimeUnit", "ns");
	json_object_begin(&x->j, "otherData");
	json_str(&x->j, "producer", "copyscope");
	json_str(&x->j, "what", what ? what : "");
	json_object_end(&x->j);
	json_array_begin(&x->j, "traceEvents");
	return x;
}

int chrome_export_end(struct chrome_export *x)
{
	int ret;

	json_array_end(&x->j);
	json_object_end(&x->j); /* the line ends, the buffer is written */
	ret = fflush(x->out) || ferror(x->out) ? -1 : 0;
	free(x);
	return ret;
}
