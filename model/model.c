// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * model.c - the model object: checks each record, keeps the process and
 * thread tables, and routes records to the thread that holds them until
 * their system call is known (thread.c), or handles them at once (process
 * lifetime, phases).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_int.h"

struct cs_model *model_new(const struct cs_model_opts *opts)
{
	struct cs_model *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	if (opts)
		m->opts = *opts;
	m->focus = m->opts.focus_tgid;
	return m;
}

static void free_proc(void *v)
{
	struct proc *p = v;

	if (!p)
		return;
	free(p->nr_count);
	free(p->flows);
	free(p);
}

void model_free(struct cs_model *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->threads.cap; i++)
		if (m->threads.keys[i])
			thread_free(m->threads.vals[i]);
	for (i = 0; i < m->procs.cap; i++)
		if (m->procs.keys[i])
			free_proc(m->procs.vals[i]);
	idtab_free(&m->threads);
	idtab_free(&m->procs);
	flows_free(m);
	endpoints_free(m);
	free(m->order);
	free(m->fv.v);
	free(m);
}

void model_set_sink(struct cs_model *m, cs_fact_sink sink, void *data)
{
	m->opts.sink = sink;
	m->opts.sink_data = data;
}

uint64_t model_rejected(const struct cs_model *m)
{
	return m->rejected;
}

/* A newer layout may be longer: the model reads the part it knows. */
size_t model_record_min_size(uint16_t type)
{
	return record_size(type);
}

/* Copy a fixed-size string field that may lack its terminating NUL. */
static void copy_str(char *dst, size_t dlen, const char *src, size_t slen)
{
	size_t n = strnlen(src, slen);

	if (n >= dlen)
		n = dlen - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

struct proc *model_proc(struct cs_model *m, uint32_t tgid)
{
	struct proc *p = idtab_get(&m->procs, tgid);

	if (p || !tgid)
		return p;
	if (m->procs.n >= MAX_PROCS)
		return NULL;
	if (m->norder == m->caporder) {
		size_t ncap = m->caporder ? m->caporder * 2 : 16;
		uint32_t *no = realloc(m->order, ncap * sizeof(*no));

		if (!no)
			return NULL;
		m->order = no;
		m->caporder = ncap;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->nr_count = calloc(SYSCALL_NR_MAX, sizeof(*p->nr_count));
	if (!p->nr_count || idtab_put(&m->procs, tgid, p)) {
		free_proc(p);
		return NULL;
	}
	p->tgid = tgid;
	p->tot.tgid = tgid;
	p->order = m->norder;
	m->order[m->norder++] = tgid;
	if (!m->focus)
		m->focus = tgid;
	return p;
}

const struct proc *model_proc_find(const struct cs_model *m, uint32_t tgid)
{
	return idtab_get(&m->procs, tgid);
}

/*
 * Inside the counted window?  A process with phase records of its own
 * counts inside its windows.  One without (the demo's receiver) counts from
 * the start of its nearest ancestor's first window on: it keeps copying
 * what the sender sent after the sender said "done".
 */
bool model_in_window(const struct cs_model *m, const struct proc *p,
		     uint64_t ts)
{
	const struct proc *q = p;
	unsigned i, depth;

	if (!m->opts.phase_gate)
		return true;
	if (p->nwin) {
		for (i = 0; i < p->nwin; i++)
			if (ts >= p->win[i].start && ts <= p->win[i].end)
				return true;
		return false;
	}
	for (depth = 0;
	     depth < ANCESTOR_DEPTH && q->parent && q->parent != q->tgid;
	     depth++) {
		q = model_proc_find(m, q->parent);
		if (!q)
			return false;
		if (q->nwin)
			return ts >= q->win[0].start;
	}
	return false;
}

/*
 * For what a transfer leaves behind: a transmit (and the copies made at
 * transmit) happens when the device gets to the data, which may be after
 * the sender said "done" - the send that caused it was inside the window.
 * Counted from a window's start until the next window starts.
 */
bool model_in_window_after(const struct cs_model *m, const struct proc *p,
			   uint64_t ts)
{
	unsigned i;

	if (!m->opts.phase_gate || !p->nwin)
		return model_in_window(m, p, ts);
	for (i = 0; i < p->nwin; i++)
		if (ts >= p->win[i].start &&
		    (i + 1 == p->nwin || ts < p->win[i + 1].start))
			return true;
	return false;
}

static void on_phase(struct cs_model *m, struct proc *p,
		     const struct cs_phase *ph)
{
	struct window *w = p->nwin ? &p->win[p->nwin - 1] : NULL;
	char label[sizeof(ph->label) + 1];
	struct cs_fact *f;

	if (ph->phase == CS_PHASE_TRANSFER) {
		if ((!w || w->end != UINT64_MAX) && p->nwin < MAX_WINDOWS) {
			p->win[p->nwin].start = ph->h.ts;
			p->win[p->nwin].end = UINT64_MAX;
			p->nwin++;
		}
	} else if (w && w->end == UINT64_MAX) {
		w->end = ph->h.ts >= w->start ? ph->h.ts : w->start;
	}
	copy_str(label, sizeof(label), ph->label, sizeof(ph->label));
	f = fact_note(m, ph->h.ts, ph->h.pid, p->tgid, CS_NOTE_PHASE,
		      "phase %s%s%s",
		      ph->phase == CS_PHASE_SETUP    ? "setup" :
		      ph->phase == CS_PHASE_TRANSFER ? "transfer" :
		      ph->phase == CS_PHASE_DONE     ? "done" :
						       "?",
		      label[0] ? ": " : "", label);
	if (f)
		f->u.note.phase = ph->phase;
	fv_emit(m, &m->fv);
}

/* A demo announces its next system call: the record is a cs_phase with the
 * step's number in .phase and its label ("read(file, 64 KiB)"). */
static void on_step(struct cs_model *m, const union cs_rec *r)
{
	char label[sizeof(r->ph.label) + 1] = "";
	struct cs_fact *f;

	copy_str(label, sizeof(label), r->ph.label, sizeof(r->ph.label));
	f = fact_note(m, r->h.ts, r->h.pid, r->h.tgid, CS_NOTE_STEP,
		      "step %u%s%s", r->ph.phase, label[0] ? ": " : "", label);
	if (f)
		f->u.note.phase = r->ph.phase;
	fv_emit(m, &m->fv);
}

static void on_proc(struct cs_model *m, struct proc *p, struct thread *t,
		    const union cs_rec *r)
{
	const struct cs_proc *pr = &r->proc;
	struct cs_fact *f;
	struct proc *child;

	/* an exiting thread makes no more calls: what it did goes out first */
	if (t && r->h.type == CS_EV_EXIT)
		thread_release(m, t, r->h.ts + 1);
	f = fv_push(&m->fv);
	if (f) {
		f->type = CS_FACT_PROCESS;
		f->ts = r->h.ts;
		f->pid = r->h.pid;
		f->tgid = r->h.tgid;
		copy_str(f->u.proc.comm, sizeof(f->u.proc.comm), pr->comm,
			 sizeof(pr->comm));
	}
	switch (r->h.type) {
	case CS_EV_FORK:
		if (f) {
			f->u.proc.what = CS_PROC_FORK;
			f->u.proc.child_pid = pr->child_pid;
			f->u.proc.child_tgid = pr->child_tgid;
			snprintf(f->text, sizeof(f->text),
				 "%s %u creates %s %u", f->u.proc.comm, p->tgid,
				 pr->is_thread ? "thread" : "process",
				 pr->child_pid);
		}
		if (!p->comm[0])
			copy_str(p->comm, sizeof(p->comm), pr->comm,
				 sizeof(pr->comm));
		if (pr->child_tgid && pr->child_tgid != p->tgid) {
			child = model_proc(m, pr->child_tgid);
			if (child && !child->parent && child != p) {
				child->parent = p->tgid;
				child->fork_ts = r->h.ts;
				memcpy(child->comm, p->comm,
				       sizeof(child->comm));
			}
		}
		break;
	case CS_EV_EXEC:
		p->exec_ts = r->h.ts;
		copy_str(p->comm, sizeof(p->comm), pr->comm, sizeof(pr->comm));
		copy_str(p->path, sizeof(p->path), pr->path, sizeof(pr->path));
		if (f) {
			f->u.proc.what = CS_PROC_EXEC;
			copy_str(f->u.proc.path, sizeof(f->u.proc.path),
				 pr->path, sizeof(pr->path));
			snprintf(f->text, sizeof(f->text), "%u runs %s",
				 p->tgid, p->path);
		}
		break;
	case CS_EV_EXIT:
		if (f) {
			f->u.proc.what = CS_PROC_EXIT;
			f->u.proc.exit_code = pr->exit_code;
			snprintf(f->text, sizeof(f->text), "%s %u exits (%d)",
				 f->u.proc.comm, r->h.pid, pr->exit_code);
		}
		if (r->h.pid == p->tgid) {
			p->exited = true;
			p->exit_code = pr->exit_code;
			p->exit_ts = r->h.ts;
		}
		break;
	}
	fv_emit(m, &m->fv);
	if (r->h.type == CS_EV_EXIT && t) {
		thread_finish(m, t);
		idtab_del(&m->threads, t->pid);
		thread_free(t);
	}
}

#define SOL_SOCKET_ 1
#define SO_ZEROCOPY_ 60
#define OP_SEND_ZC 47
#define OP_SENDMSG_ZC 48

/* A zero-copy send of this process: MSG_ZEROCOPY, or io_uring SEND_ZC. */
static bool zerocopy_evidence(const union cs_rec *r)
{
	const struct cs_syscall *sc = &r->sc;

	switch (r->h.type) {
	case CS_EV_SYSCALL:
		if (sc->nr == NR_setsockopt)
			return sc->ret == 0 && sc->arg[1] == SOL_SOCKET_ &&
			       sc->arg[2] == SO_ZEROCOPY_;
		if (sc->ret <= 0)
			return false;
		if (sc->nr == NR_sendto || sc->nr == NR_sendmmsg)
			return sc->arg[3] & CS_MSG_ZEROCOPY;
		if (sc->nr == NR_sendmsg)
			return sc->arg[2] & CS_MSG_ZEROCOPY;
		return false;
	case CS_EV_TCP_SEND:
		return r->tcp.msg_flags & CS_MSG_ZEROCOPY;
	case CS_EV_COPY:
		return r->cp.fn == CS_FN_ZC_FILL;
	case CS_EV_URING:
		return r->ur.what == CS_URING_SUBMIT &&
		       (r->ur.opcode == OP_SEND_ZC ||
			r->ur.opcode == OP_SENDMSG_ZC);
	default:
		return false;
	}
}

/*
 * What a process is, known as soon as its records arrive: records of one
 * thread are interpreted when that thread's system call ends, which may
 * be after another thread's records needed to know.  The deferred copy of
 * a zero-copy send runs where the skb is delivered, often in the
 * receiver's context, and belongs to the sender (rules_copy.c).
 */
static void note_arrival(struct cs_model *m, struct proc *p,
			 const union cs_rec *r)
{
	if (r->h.type == CS_EV_URING)
		p->uses_uring = true;
	if (r->h.type == CS_EV_XMIT)
		p->seen_xmit = true;
	if (zerocopy_evidence(r)) {
		p->zc_sender = true;
		m->zc_tgid = p->tgid;
	}
}

static void release_old(struct cs_model *m)
{
	uint64_t before;
	size_t i;

	if (!m->opts.hold_ns || m->now < m->opts.hold_ns)
		return;
	/* scan at most four times per hold period */
	if (m->now - m->last_release < m->opts.hold_ns / 4)
		return;
	m->last_release = m->now;
	before = m->now - m->opts.hold_ns;
	for (i = 0; i < m->threads.cap; i++)
		if (m->threads.keys[i])
			thread_release(m, m->threads.vals[i], before);
}

int model_feed(struct cs_model *m, const void *rec, size_t size)
{
	union cs_rec r;
	struct cs_hdr h;
	struct thread *t = NULL;
	struct proc *p;
	size_t min, n;

	if (!m)
		return -EINVAL;
	if (!rec || size < sizeof(h))
		goto bad;
	memcpy(&h, rec, sizeof(h));
	min = model_record_min_size(h.type);
	if (!min || h.size < min || h.size > size || !h.tgid)
		goto bad;
	if (!h.pid)
		h.pid = h.tgid; /* user-space records may leave the thread out
				 */
	memset(&r, 0, sizeof(r));
	n = h.size < sizeof(r) ? h.size : sizeof(r);
	memcpy(&r, rec, n);
	r.h = h;

	p = model_proc(m, h.tgid);
	if (!p)
		goto full;
	if (h.ts > m->now)
		m->now = h.ts;
	if (h.type < CS_EV_KERNEL_MAX) {
		t = model_thread(m, h.pid, h.tgid);
		if (!t)
			goto full;
	}
	counters_on_record(p, t, &r);
	if (h.type == CS_EV_ENDPOINT) {
		/* no event: a name for what the system calls will show */
		endpoints_note(m, &r.ep);
		return 0;
	}
	if (m->opts.counters_only) {
		if (h.type == CS_EV_FORK || h.type == CS_EV_EXEC ||
		    h.type == CS_EV_EXIT)
			on_proc(m, p, t, &r);
		else if (h.type == CS_EV_NAME)
			copy_str(p->comm, sizeof(p->comm), r.proc.comm,
				 sizeof(r.proc.comm));
		return 0;
	}
	if (h.type == CS_EV_COPY && r.cp.fn < CS_FN_MAX)
		m->copy_fn_active[r.cp.fn] = true;
	note_arrival(m, p, &r);

	switch (h.type) {
	case CS_EV_SYSCALL:
		thread_syscall(m, t, &r.sc);
		break;
	case CS_EV_FORK:
	case CS_EV_EXEC:
	case CS_EV_EXIT:
		on_proc(m, p, t, &r);
		break;
	case CS_EV_NAME:
		/* no event: the process was there before the trace */
		copy_str(p->comm, sizeof(p->comm), r.proc.comm,
			 sizeof(r.proc.comm));
		copy_str(p->path, sizeof(p->path), r.proc.path,
			 sizeof(r.proc.path));
		break;
	case CS_EV_PHASE:
		/* timed by the demo itself, in user space, before it told us */
		t = model_thread(m, h.pid, h.tgid);
		if (t)
			thread_in_user(t, h.ts);
		on_phase(m, p, &r.ph);
		break;
	case CS_EV_STEP:
		on_step(m, &r);
		break;
	case CS_EV_COUNTERS:
		p->recorded = r.kc.c;
		p->have_recorded = true;
		break;
	default:
		if (record_held(h.type) && thread_hold(m, t, &r))
			return -ENOMEM;
		break;
	}
	release_old(m);
	return 0;
bad:
	m->rejected++;
	return -EINVAL;
full:
	m->rejected++;
	return -ENOMEM;
}

void model_flush(struct cs_model *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->threads.cap; i++)
		if (m->threads.keys[i])
			thread_finish(m, m->threads.vals[i]);
}

/* ---- queries ------------------------------------------------------------ */

size_t model_processes(const struct cs_model *m, uint32_t *tgids, size_t max)
{
	size_t i;

	for (i = 0; i < m->norder && i < max; i++)
		tgids[i] = m->order[i];
	return m->norder;
}

bool model_process(const struct cs_model *m, uint32_t tgid,
		   struct cs_proc_info *out)
{
	const struct proc *p = model_proc_find(m, tgid);

	if (!p)
		return false;
	memset(out, 0, sizeof(*out));
	out->tgid = p->tgid;
	out->parent_tgid = p->parent;
	memcpy(out->comm, p->comm, sizeof(out->comm));
	memcpy(out->path, p->path, sizeof(out->path));
	out->exited = p->exited;
	out->exit_code = p->exit_code;
	out->strategy = strategy_of(p);
	return true;
}

bool model_totals(const struct cs_model *m, uint32_t tgid,
		  struct cs_totals *out)
{
	const struct proc *p = model_proc_find(m, tgid);

	memset(out, 0, sizeof(*out));
	if (!p)
		return false;
	totals_finish(m, p, out);
	return true;
}

static void sum_where(const struct cs_model *m, bool all, enum cs_strategy s,
		      struct cs_totals *out)
{
	struct cs_totals t;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->strategy = all ? CS_ST_UNKNOWN : s;
	for (i = 0; i < m->norder; i++) {
		const struct proc *p = model_proc_find(m, m->order[i]);

		if (!p)
			continue;
		totals_finish(m, p, &t);
		if (!all && t.strategy != s)
			continue;
		totals_add(out, &t);
		if (out->nprocs == 1) {
			out->tgid = t.tgid;
			memcpy(out->comm, t.comm, sizeof(out->comm));
		} else {
			out->tgid = 0;
		}
	}
}

void model_totals_strategy(const struct cs_model *m, enum cs_strategy s,
			   struct cs_totals *out)
{
	sum_where(m, false, s, out);
}

void model_totals_all(const struct cs_model *m, struct cs_totals *out)
{
	sum_where(m, true, CS_ST_UNKNOWN, out);
}

enum cs_strategy model_strategy(const struct cs_model *m, uint32_t tgid)
{
	const struct proc *p = model_proc_find(m, tgid);

	return p ? strategy_of(p) : CS_ST_UNKNOWN;
}

void model_sides(const struct cs_model *m, uint32_t *sender, uint32_t *receiver)
{
	const struct proc *focus = model_proc_find(m, m->focus);
	uint64_t best = 0;
	size_t i;

	*sender = 0;
	*receiver = 0;
	if (focus && focus->tot.payload_bytes)
		*sender = focus->tgid;
	for (i = 0; !*sender && i < m->norder; i++) {
		const struct proc *p = model_proc_find(m, m->order[i]);

		if (p && p->tot.payload_bytes > best) {
			best = p->tot.payload_bytes;
			*sender = p->tgid;
		}
	}
	/* nobody delivered anything visible: the focus is still the sender */
	if (!*sender && focus)
		*sender = focus->tgid;
	best = 0;
	for (i = 0; i < m->norder; i++) {
		const struct proc *p = model_proc_find(m, m->order[i]);

		if (p && p->tgid != *sender && p->tot.received_bytes > best) {
			best = p->tot.received_bytes;
			*receiver = p->tgid;
		}
	}
}

size_t model_mismatches(const struct cs_model *m, uint32_t tgid,
			struct cs_mismatch *out, size_t max)
{
	const struct proc *p = model_proc_find(m, tgid);
	uint64_t kept, first, i;
	size_t n = 0;

	if (!p)
		return 0;
	kept = p->nmis < MAX_MISMATCHES ? p->nmis : MAX_MISMATCHES;
	first = p->nmis - kept;
	for (i = first; i < p->nmis && n < max; i++)
		out[n++] = p->mis[i % MAX_MISMATCHES];
	return (size_t)kept;
}

bool model_recorded_counters(const struct cs_model *m, uint32_t tgid,
			     struct cs_counters *out)
{
	const struct proc *p = model_proc_find(m, tgid);

	memset(out, 0, sizeof(*out));
	if (!p || !p->have_recorded)
		return false;
	*out = p->recorded;
	return true;
}

bool model_derived_counters(const struct cs_model *m, uint32_t tgid,
			    struct cs_counters *out)
{
	const struct proc *p = model_proc_find(m, tgid);

	memset(out, 0, sizeof(*out));
	if (!p)
		return false;
	*out = p->derived;
	return true;
}
