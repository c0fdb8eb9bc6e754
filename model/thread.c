// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * thread.c - records held per thread until the system call they belong to
 * is known.
 *
 * The kernel writes a system call's record at its exit (with its entry
 * time under trace -T).  Evidence produced inside the call (tcp_sendmsg_locked,
 * page-cache fills, receive copies, context switches, faults, block completions
 * the call waited for) therefore arrives first.  Each thread keeps such records
 * sorted by time; when the call's record arrives, those inside
 * [entry, exit] are interpreted with the call, those before it on their
 * own.  The CPUs' records are merged, so arrival order is only roughly time
 * order: sorting on insertion absorbs the small reorderings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/record.h"
#include "model/model_int.h"

struct thread *model_thread(struct cs_model *m, uint32_t pid, uint32_t tgid)
{
	struct thread *t = idtab_get(&m->threads, pid);

	if (t) {
		t->tgid = tgid; /* exec from a non-leader thread changes nothing
				   else */
		return t;
	}
	if (m->threads.n >= MAX_THREADS)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->pid = pid;
	t->tgid = tgid;
	if (idtab_put(&m->threads, pid, t)) {
		free(t);
		return NULL;
	}
	return t;
}

void thread_free(struct thread *t)
{
	if (!t)
		return;
	free(t->held);
	free(t);
}

static void make_ctx(struct cs_model *m, struct thread *t, struct sc_ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->m = m;
	c->t = t;
	c->p = model_proc(m, t->tgid);
}

/* Interpret n held records as happening outside any system call. */
static void run_outside(struct cs_model *m, struct thread *t, size_t n)
{
	struct sc_ctx c;
	size_t i;

	make_ctx(m, t, &c);
	if (!c.p)
		return;
	c.items = t->held;
	c.nitems = n;
	flows_begin(m, t, NULL);
	for (i = 0; i < n; i++)
		rules_item(&c, &t->held[i]);
	fv_emit(m, &m->fv);
	flows_end(m);
}

static void drop_front(struct thread *t, size_t n)
{
	if (!n)
		return;
	memmove(t->held, t->held + n, (t->nheld - n) * sizeof(*t->held));
	t->nheld -= n;
}

void thread_finish(struct cs_model *m, struct thread *t)
{
	struct sc_ctx c;

	thread_release(m, t, UINT64_MAX);
	make_ctx(m, t, &c);
	if (!c.p)
		return;
	flows_begin(m, t, NULL);
	pend_flush(&c);
	fv_emit(m, &m->fv);
	flows_end(m);
}

void thread_release(struct cs_model *m, struct thread *t, uint64_t before)
{
	size_t n = 0;

	while (n < t->nheld && t->held[n].r.h.ts < before)
		n++;
	if (!n)
		return;
	run_outside(m, t, n);
	drop_front(t, n);
}

int thread_hold(struct cs_model *m, struct thread *t, const union cs_rec *r)
{
	size_t i;

	if (t->nheld == MAX_HELD) {
		/* a thread that never makes a system call: let the oldest go */
		run_outside(m, t, 1);
		drop_front(t, 1);
	}
	if (t->nheld == t->capheld) {
		size_t ncap = t->capheld ? t->capheld * 2 : 16;
		struct held *nh;

		if (ncap > MAX_HELD)
			ncap = MAX_HELD;
		nh = realloc(t->held, ncap * sizeof(*nh));
		if (!nh)
			return -1;
		t->held = nh;
		t->capheld = ncap;
	}
	/* insertion from the back: records are nearly in order */
	for (i = t->nheld; i > 0 && t->held[i - 1].r.h.ts > r->h.ts; i--)
		;
	memmove(t->held + i + 1, t->held + i,
		(t->nheld - i) * sizeof(*t->held));
	memset(&t->held[i], 0, sizeof(t->held[i]));
	memcpy(&t->held[i].r, r, sizeof(t->held[i].r));
	t->nheld++;
	return 0;
}

/* What the records inside the call add up to, for the call's rules. */
static void summarize(struct sc_ctx *c)
{
	size_t i;

	for (i = 0; i < c->nitems; i++) {
		struct held *it = &c->items[i];

		switch (it->r.h.type) {
		case CS_EV_TCP_SEND:
			if (!c->tcp)
				c->tcp = &it->r.tcp;
			break;
		case CS_EV_COPY:
			if (it->r.cp.fn < CS_FN_MAX && it->r.cp.bytes > 0) {
				enum cs_copy_fn s = copy_slot(&it->r.cp);

				c->copy_bytes[s] += (uint64_t)it->r.cp.bytes;
				c->copy_seen[s] = true;
			}
			break;
		case CS_EV_RECV_COPY:
			c->recv_copy_bytes += it->r.rc.len;
			break;
		case CS_EV_BLOCK:
			if (it->r.blk.error)
				break;
			if (it->r.blk.op == CS_BLK_READ)
				c->block_read_bytes += it->r.blk.bytes;
			else if (it->r.blk.op == CS_BLK_WRITE)
				c->block_write_bytes += it->r.blk.bytes;
			break;
		case CS_EV_CACHE_WRITE:
			c->cache_write_bytes += it->r.cw.len;
			break;
		}
	}
}

static void syscall_fact(struct sc_ctx *c, uint64_t enter, uint64_t exit)
{
	const struct cs_syscall *sc = c->sc;
	const char *name = model_syscall_name(sc->nr);
	struct cs_fact *f;
	char fds[96] = "", ret[24];
	unsigned i;

	f = fv_push(&c->m->fv);
	if (!f)
		return;
	f->type = CS_FACT_SYSCALL;
	f->ts = exit;
	f->pid = sc->h.pid;
	f->tgid = sc->h.tgid;
	f->u.syscall.seq = c->seq;
	f->u.syscall.nr = sc->nr;
	f->u.syscall.ret = sc->ret;
	f->u.syscall.enter_ts = enter;
	memcpy(f->u.syscall.arg, sc->arg, sizeof(f->u.syscall.arg));
	for (i = 0; i < 2; i++) {
		size_t used = strlen(fds);
		char nm[CS_NAME_LEN + 1];

		f->u.syscall.fd[i] = sc->fd[i];
		f->u.syscall.fd_kind[i] = sc->file[i].kind;
		f->u.syscall.fd_flags[i] = sc->file[i].fflags;
		memcpy(nm, sc->file[i].name, CS_NAME_LEN);
		nm[CS_NAME_LEN] = 0;
		memcpy(f->u.syscall.fd_name[i], nm, CS_NAME_LEN);
		if (sc->fd[i] >= 0 && used < sizeof(fds))
			snprintf(fds + used, sizeof(fds) - used, "%s%d %s%s%s",
				 i ? ", " : "", sc->fd[i],
				 fd_kind_name(sc->file[i].kind),
				 nm[0] ? " " : "", nm);
	}
	model_format_ret(ret, sizeof(ret), sc->nr, sc->ret);
	/* bounded so that the line always fits f->text (128) */
	if (name)
		snprintf(f->text, sizeof(f->text), "%.24s(%.70s) = %.23s", name,
			 fds, ret);
	else
		snprintf(f->text, sizeof(f->text), "syscall %u(%.70s) = %.23s",
			 sc->nr, fds, ret);
}

static void mode_fact(struct sc_ctx *c, uint64_t ts, bool to_kernel)
{
	struct cs_fact *f = fv_push(&c->m->fv);
	const char *name = model_syscall_name(c->sc->nr);

	if (!f)
		return;
	f->type = CS_FACT_MODE_SWITCH;
	f->ts = ts;
	f->pid = c->sc->h.pid;
	f->tgid = c->sc->h.tgid;
	f->u.mode.to_kernel = to_kernel;
	f->u.mode.syscall_nr = c->sc->nr;
	snprintf(f->text, sizeof(f->text), "%s: %s",
		 to_kernel ? "user -> kernel" : "kernel -> user",
		 name ? name : "system call");
}

/* The thread was in user space at ts: the call after it began later. */
void thread_in_user(struct thread *t, uint64_t ts)
{
	t->user_ts[t->nuser_ts++ % USER_TS_KEPT] = ts;
}

/*
 * When the call entered the kernel.  The kernel side measures it only when
 * asked (trace -T: it costs every process a second program per system
 * call), and not for a call that began before tracing.  Without it the
 * call began after the thread's last exit, after the last time it was
 * known to be in user space (thread_in_user) and after the last fault it
 * took in user mode.
 */
static uint64_t entry_time(const struct thread *t, const struct cs_syscall *sc)
{
	uint64_t exit = sc->h.ts, enter = 0;
	size_t i;

	if (sc->enter_ts && sc->enter_ts <= exit)
		return sc->enter_ts;
	/* each a time it was in user space; later ones are of later calls */
	if (t->last_exit_ts <= exit)
		enter = t->last_exit_ts;
	for (i = 0; i < USER_TS_KEPT; i++) /* 0: a slot not used yet */
		if (t->user_ts[i] && t->user_ts[i] < exit &&
		    t->user_ts[i] + 1 > enter)
			enter = t->user_ts[i] + 1;
	for (i = 0; i < t->nheld && t->held[i].r.h.ts < exit; i++) {
		const struct held *h = &t->held[i];

		if (h->r.h.type == CS_EV_FAULT && !h->r.flt.kernel &&
		    h->r.h.ts + 1 > enter)
			enter = h->r.h.ts + 1;
	}
	return enter ? enter : exit;
}

void thread_syscall(struct cs_model *m, struct thread *t,
		    const struct cs_syscall *sc)
{
	uint64_t exit = sc->h.ts;
	uint64_t enter = entry_time(t, sc);
	struct sc_ctx c;
	size_t n = 0, i;

	thread_release(m, t, enter);
	while (n < t->nheld && t->held[n].r.h.ts <= exit)
		n++;

	make_ctx(m, t, &c);
	if (!c.p)
		return;
	/*
	 * A send attempt of an earlier io_uring_enter that completed
	 * elsewhere (punted to an io-wq worker) says nothing about the
	 * requests of this one.  Copy records stay: they did happen, and the
	 * next completion of this thread claims them or lets them go.
	 */
	if (syscall_class(sc->nr) == SCC_URING_ENTER) {
		t->tcp_since_complete = false;
		t->recv_since_complete = false;
	}
	c.sc = sc;
	c.seq = ++c.p->seq;
	c.items = t->held;
	c.nitems = n;
	summarize(&c);
	devices_on_call(&c);
	flows_begin(m, t, sc);

	mode_fact(&c, enter, true);
	rules_syscall(&c);
	devices_count(&c);
	for (i = 0; i < n; i++)
		if (!t->held[i].consumed)
			rules_item(&c, &t->held[i]);
	syscall_fact(&c, enter, exit);
	mode_fact(&c, exit, false);
	fv_emit(m, &m->fv);
	flows_end(m);

	drop_front(t, n);
	t->last_exit_ts = exit;
}
