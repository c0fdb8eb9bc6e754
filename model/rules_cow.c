// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * rules_cow.c - copy-on-write, from page faults.
 *
 * [cow] fork() gives the child the parent's memory without copying it: both
 * page tables point at the same pages, write-protected.  The first write to
 * such a page by either process faults, and the kernel copies the page (a
 * CPU copy of one page) so that the other process keeps the old bytes.
 *
 * The fault record carries the x86 error code: bit 1 says the access was a
 * write, bit 0 that the page was present (a protection fault, not a missing
 * page).  So:
 *   - a write fault on a present page of private memory, while a process
 *     forked from the same memory (parent or child, neither having exited or
 *     run a new program since) still shares it: one page copied, attributed
 *     (the fault proves it, the page size sizes it);
 *   - a write fault on a page that was not present is a new page (zeroes,
 *     or a file's page read in), not a copy of a shared page;
 *   - a write fault in a shared file mapping never copies (the kernel only
 *     notes that the page is now dirty).
 * The copies count apart from the table's CPU copies (cs_totals.cow_copies):
 * they copy pages of a process, not the data a strategy moves.
 * Without a sharer a write-protected private page is simply reused: no
 * copy, and nothing is said.
 */
#include "model/model_int.h"

#define PF_PROT 0x1 /* x86 error code: the page was present */
#define PF_WRITE 0x2
#define COW_PAGE 4096 /* a small page: what one fault copies */

/* Does q's memory, as fork() left it, still exist at ts? */
static bool mm_alive(const struct proc *q, uint64_t ts)
{
	if (q->exited && q->exit_ts && q->exit_ts <= ts)
		return false;
	return !q->exec_ts || q->exec_ts > ts || q->exec_ts < q->fork_ts;
}

/* Child c shares pages with its parent p at ts. */
static bool pair_shares(const struct proc *parent, const struct proc *c,
			uint64_t ts)
{
	if (!c->fork_ts || c->fork_ts > ts || !mm_alive(c, ts))
		return false;
	/* the parent must not have run a new program since the fork */
	if (parent->exec_ts > c->fork_ts && parent->exec_ts <= ts)
		return false;
	return !(parent->exited && parent->exit_ts && parent->exit_ts <= ts);
}

static bool shared_at(const struct cs_model *m, const struct proc *p,
		      uint64_t ts)
{
	const struct proc *q;
	size_t i;

	if (p->parent) {
		q = model_proc_find(m, p->parent);
		if (q && pair_shares(q, p, ts))
			return true;
	}
	for (i = 0; i < m->norder; i++) {
		q = model_proc_find(m, m->order[i]);
		if (q && q != p && q->parent == p->tgid &&
		    pair_shares(p, q, ts))
			return true;
	}
	return false;
}

void rules_cow_fault(struct sc_ctx *c, const struct cs_fault *fl)
{
	const struct mapping *mp = mapping_find(c->p, fl->address);
	struct cs_fact *f;

	if (!(fl->error_code & PF_WRITE) || !(fl->error_code & PF_PROT) ||
	    (mp && mp->shared) || !shared_at(c->m, c->p, fl->h.ts))
		return;
	f = fact_transfer(c->m, c->p, fl->h.ts, fl->h.pid, c->sc, c->seq,
			  COW_PAGE, CS_PL_USER, CS_PL_USER, CS_K_CPU,
			  CS_EVID_ATTRIBUTED, CS_R_COW, 0);
	if (f)
		f->u.transfer.address = fl->address;
}
