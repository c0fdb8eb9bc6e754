// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * rules.c - which rule interprets what: system calls by what their file
 * descriptors are, held records by type.  The rules themselves, each
 * beside its explanation, are in rules_file.c (files, page cache, disk,
 * mappings), rules_net.c (sockets), rules_pipe.c (pipes: splice, tee,
 * vmsplice, sendfile to a file), rules_uring.c and rules_copy.c (the
 * fentry/kprobe tier).  tutorial/evidence.md tells the same in prose.
 */
#include <stdio.h>
#include <string.h>

#include "model/model_int.h"

uint64_t ctx_take_copy(struct sc_ctx *c, enum cs_copy_fn fn)
{
	size_t i;

	if ((unsigned)fn >= CS_FN_MAX || !c->copy_seen[fn])
		return 0;
	for (i = 0; i < c->nitems; i++)
		if (c->items[i].r.h.type == CS_EV_COPY &&
		    c->items[i].r.cp.fn < CS_FN_MAX &&
		    copy_slot(&c->items[i].r.cp) == fn)
			c->items[i].consumed = true;
	return c->copy_bytes[fn];
}

void rules_syscall(struct sc_ctx *c)
{
	enum sc_class cls = syscall_class(c->sc->nr);
	uint8_t k0 = c->sc->file[0].kind, k1 = c->sc->file[1].kind;

	switch (cls) {
	case SCC_READ:
	case SCC_WRITE:
		if (k0 == CS_FD_SOCKET)
			rules_net(c, cls);
		else if (k0 == CS_FD_PIPE)
			rules_pipe(c, cls);
		else
			rules_file(c, cls);
		break;
	case SCC_SEND:
	case SCC_RECV:
		rules_net(c, cls);
		break;
	case SCC_SENDFILE: /* fd[0] = out */
		if (k0 == CS_FD_SOCKET)
			rules_net(c, cls);
		else
			rules_pipe(c, cls);
		break;
	case SCC_SPLICE: /* fd[1] = out */
		if (k1 == CS_FD_SOCKET)
			rules_net(c, cls);
		else
			rules_pipe(c, cls);
		break;
	case SCC_TEE:
	case SCC_VMSPLICE:
		rules_pipe(c, cls);
		break;
	case SCC_COPY_RANGE:
	case SCC_MMAP:
	case SCC_MUNMAP:
		rules_file(c, cls);
		break;
	case SCC_URING_ENTER:
	case SCC_FD:
	case SCC_MEM:
	case SCC_OTHER:
		/* io_uring's records are interpreted one by one */
		break;
	}
}

static void switch_fact(struct sc_ctx *c, const struct cs_switch *sw)
{
	struct cs_fact *f = fv_push(&c->m->fv);
	char other[CS_COMM_LEN + 1];

	if (!f)
		return;
	memcpy(other, sw->other_comm, CS_COMM_LEN);
	other[CS_COMM_LEN] = 0;
	f->type = CS_FACT_CONTEXT_SWITCH;
	f->ts = sw->h.ts;
	f->pid = sw->h.pid;
	f->tgid = sw->h.tgid;
	f->u.ctx.out = sw->dir == CS_SWITCH_OUT;
	f->u.ctx.involuntary = f->u.ctx.out && sw->involuntary;
	f->u.ctx.off_ns = f->u.ctx.out ? 0 : sw->off_ns;
	f->u.ctx.other_pid = sw->other_pid;
	memcpy(f->u.ctx.other_comm, other, CS_COMM_LEN);
	if (f->u.ctx.out)
		snprintf(f->text, sizeof(f->text), "%s: %s takes the CPU",
			 f->u.ctx.involuntary ? "preempted" : "blocks", other);
	else
		snprintf(f->text, sizeof(f->text),
			 "back on the CPU after %llu us",
			 (unsigned long long)(sw->off_ns / 1000));
}

static void fault_fact(struct sc_ctx *c, const struct cs_fault *fl)
{
	struct cs_fact *f = fv_push(&c->m->fv);

	if (!f)
		return;
	f->type = CS_FACT_FAULT;
	f->ts = fl->h.ts;
	f->pid = fl->h.pid;
	f->tgid = fl->h.tgid;
	f->u.fault.kernel = fl->kernel;
	f->u.fault.address = fl->address;
	snprintf(f->text, sizeof(f->text), "page fault at 0x%llx %s",
		 (unsigned long long)fl->address,
		 fl->kernel ?
			 "inside the kernel (a copy touched an unmapped page)" :
			 "in user space");
}

static const char *lease_what(uint8_t what)
{
	switch (what) {
	case CS_LEASE_ADD:
		return "takes a lease on the file";
	case CS_LEASE_BREAK_BLOCK:
		return "must wait: another process holds a lease (the holder is told)";
	case CS_LEASE_BREAK_NOBLOCK:
		return "breaks a lease without waiting";
	case CS_LEASE_BREAK_UNBLOCK:
		return "may go on: the lease is gone";
	case CS_LEASE_DELETE:
		return "gives the lease back";
	}
	return "lease event";
}

static void lease_note(struct sc_ctx *c, const struct cs_lease *l)
{
	fact_note(c->m, l->h.ts, l->h.pid, l->h.tgid, CS_NOTE_LEASE,
		  "%u %s (inode %llu)", l->h.pid, lease_what(l->what),
		  (unsigned long long)l->ino);
}

static void signal_note(struct sc_ctx *c, const struct cs_signal *s)
{
	/* SIGBUS (7): a mapped page of a truncated file was touched */
	fact_note(c->m, s->h.ts, s->h.pid, s->h.tgid, CS_NOTE_SIGNAL,
		  "signal %d to %u%s", s->sig, s->h.pid,
		  s->sig == 7 ? ": SIGBUS, the mapped file shrank under it" :
				"");
}

void rules_item(struct sc_ctx *c, struct held *it)
{
	switch (it->r.h.type) {
	case CS_EV_SWITCH:
		switch_fact(c, &it->r.sw);
		break;
	case CS_EV_FAULT:
		fault_fact(c, &it->r.flt);
		rules_cow_fault(c, &it->r.flt);
		break;
	case CS_EV_LEASE:
		lease_note(c, &it->r.ls);
		break;
	case CS_EV_SIGNAL:
		signal_note(c, &it->r.sg);
		break;
	case CS_EV_TCP_SEND:
	case CS_EV_XMIT:
	case CS_EV_RECV_COPY:
		rules_net_item(c, it);
		break;
	case CS_EV_URING:
		rules_uring_item(c, it);
		break;
	case CS_EV_COPY:
		rules_copy_item(c, it);
		break;
	case CS_EV_BLOCK:
	case CS_EV_CACHE_ADD:
	case CS_EV_CACHE_WRITE:
		rules_file_item(c, it);
		break;
	}
	it->consumed = true;
}
