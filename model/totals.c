// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * totals.c - per-process sums of the facts inside the counted window, and
 * sums of several processes (per strategy, everything).
 */
#include <string.h>

#include "model/model_int.h"

/*
 * A call that moved data: the first one's entry and the last one's exit
 * bound the transfer; calls is the count with this one.
 */
static void mark(const struct cs_fact *f, uint64_t calls, uint64_t *first,
		 uint64_t *last, uint64_t *before, uint64_t *through)
{
	uint64_t enter = f->u.syscall.enter_ts;

	if (!*first) {
		*first = enter && enter <= f->ts ? enter : f->ts;
		*before = calls - 1;
	}
	*last = f->ts;
	*through = calls;
}

void totals_account(struct cs_model *m, struct proc *p, const struct cs_fact *f)
{
	(void)m;
	totals_account_into(&p->tot, p->nr_count, f);
}

void totals_account_into(struct cs_totals *t, uint32_t *nr_count,
			 const struct cs_fact *f)
{
	const struct cs_transfer *x;
	uint32_t nr, n;

	if (!t->first_ts || f->ts < t->first_ts)
		t->first_ts = f->ts;
	if (f->ts > t->last_ts)
		t->last_ts = f->ts;

	switch (f->type) {
	case CS_FACT_TRANSFER:
		x = &f->u.transfer;
		if (x->kind >= CS_K_MAX || x->evidence >= CS_EVID_MAX ||
		    x->from >= CS_PL_MAX || x->to >= CS_PL_MAX)
			return;
		n = x->count ? x->count : 1;
		t->bytes[x->kind][x->evidence] += x->bytes;
		t->count[x->kind][x->evidence] += n;
		if (x->flags & CS_TF_DEFERRED)
			t->deferred_copy_bytes += x->bytes;
		/* What is only explained (a virtual device's missing DMA) is
		 * kept apart from everything that really happened. */
		if (x->evidence == CS_EVID_EXPLAINED) {
			if (x->kind == CS_K_DMA && x->to == CS_PL_NIC)
				t->nic_dma_explained_bytes += x->bytes;
			return;
		}
		t->route_bytes[x->from][x->to][x->kind] += x->bytes;
		switch (x->kind) {
		case CS_K_CPU:
			/* copy-on-write copies pages, not the data being moved:
			 * counted apart from the table's copies */
			if (x->rule == CS_R_COW) {
				t->cow_copies += n;
				break;
			}
			t->cpu_copies += n;
			t->cpu_bytes += x->bytes;
			break;
		case CS_K_DMA:
			t->dma_transfers += n;
			t->dma_bytes += x->bytes;
			if (x->from == CS_PL_DISK)
				t->disk_read_bytes += x->bytes;
			if (x->to == CS_PL_DISK)
				t->disk_write_bytes += x->bytes;
			break;
		case CS_K_REF:
			t->ref_bytes += x->bytes;
			break;
		case CS_K_MAP:
			t->map_bytes += x->bytes;
			break;
		}
		break;
	case CS_FACT_MODE_SWITCH:
		t->mode_switches++;
		break;
	case CS_FACT_CONTEXT_SWITCH:
		if (f->u.ctx.out) {
			if (f->u.ctx.involuntary)
				t->csw_involuntary++;
			else
				t->csw_voluntary++;
		} else {
			t->off_cpu_ns += f->u.ctx.off_ns;
		}
		break;
	case CS_FACT_FAULT:
		if (f->u.fault.kernel)
			t->faults_kernel++;
		else
			t->faults_user++;
		break;
	case CS_FACT_SYSCALL:
		nr = f->u.syscall.nr;
		t->syscalls++;
		if (model_syscall_moves_data(nr))
			t->io_syscalls++;
		if (nr < SYSCALL_NR_MAX && nr_count)
			nr_count[nr]++;
		if (syscall_payload(f)) {
			t->payload_bytes += syscall_payload(f);
			t->payload_calls++;
			mark(f, t->syscalls, &t->first_out_ts, &t->last_out_ts,
			     &t->calls_before_out, &t->calls_to_out);
		}
		t->received_bytes += syscall_received(f);
		if (syscall_read_in(f)) {
			t->read_in_bytes += syscall_read_in(f);
			t->read_in_calls++;
			mark(f, t->syscalls, &t->first_in_ts, &t->last_in_ts,
			     &t->calls_before_in, &t->calls_to_in);
		}
		break;
	case CS_FACT_NOTE:
		if (f->u.note.what == CS_NOTE_MISMATCH)
			t->mismatches++;
		else if (f->u.note.what == CS_NOTE_ZC_COPIED)
			t->zc_copied_notes++;
		break;
	default:
		break;
	}
}

/* Merge a list of (nr, count) into the top list, keeping it sorted. */
static void top_add(struct cs_syscall_count *top, uint32_t nr, uint64_t count)
{
	unsigned i, j;

	if (!count)
		return;
	for (i = 0; i < CS_TOP_SYSCALLS; i++) {
		if (top[i].count && top[i].nr == nr) {
			top[i].count += count;
			count = top[i].count;
			/* remove it; re-inserted below at its new rank */
			for (j = i; j + 1 < CS_TOP_SYSCALLS; j++)
				top[j] = top[j + 1];
			memset(&top[CS_TOP_SYSCALLS - 1], 0, sizeof(top[0]));
			break;
		}
	}
	for (i = 0; i < CS_TOP_SYSCALLS; i++)
		if (count > top[i].count ||
		    (count == top[i].count && nr < top[i].nr) || !top[i].count)
			break;
	if (i == CS_TOP_SYSCALLS)
		return;
	for (j = CS_TOP_SYSCALLS - 1; j > i; j--)
		top[j] = top[j - 1];
	top[i].nr = nr;
	top[i].count = count;
}

void totals_add(struct cs_totals *sum, const struct cs_totals *t)
{
	unsigned k, e, a, b;

	for (k = 0; k < CS_K_MAX; k++)
		for (e = 0; e < CS_EVID_MAX; e++) {
			sum->bytes[k][e] += t->bytes[k][e];
			sum->count[k][e] += t->count[k][e];
		}
	for (a = 0; a < CS_PL_MAX; a++)
		for (b = 0; b < CS_PL_MAX; b++)
			for (k = 0; k < CS_K_MAX; k++)
				sum->route_bytes[a][b][k] +=
					t->route_bytes[a][b][k];
#define ADD(f) sum->f += t->f
	ADD(cpu_copies);
	ADD(cpu_bytes);
	ADD(dma_transfers);
	ADD(dma_bytes);
	ADD(ref_bytes);
	ADD(map_bytes);
	ADD(nic_dma_explained_bytes);
	ADD(deferred_copy_bytes);
	ADD(syscalls);
	ADD(io_syscalls);
	ADD(mode_switches);
	ADD(csw_voluntary);
	ADD(csw_involuntary);
	ADD(off_cpu_ns);
	ADD(faults_user);
	ADD(faults_kernel);
	ADD(cache_add_pages);
	ADD(disk_read_bytes);
	ADD(nodisk_file_bytes);
	ADD(cow_copies);
	ADD(disk_write_bytes);
	ADD(payload_bytes);
	ADD(payload_calls);
	ADD(read_in_bytes);
	ADD(active_syscalls);
	ADD(read_in_calls);
	ADD(received_bytes);
	ADD(uring_submits);
	ADD(uring_completes);
	ADD(zc_copied_notes);
	ADD(mismatches);
#undef ADD
	sum->nprocs += t->nprocs ? t->nprocs : 1;
	if (t->first_ts && (!sum->first_ts || t->first_ts < sum->first_ts))
		sum->first_ts = t->first_ts;
	if (t->last_ts > sum->last_ts)
		sum->last_ts = t->last_ts;
	/* processes of one demo run side by side: the longest window */
	if (t->span_ns > sum->span_ns)
		sum->span_ns = t->span_ns;
	for (k = 0; k < CS_TOP_SYSCALLS; k++)
		top_add(sum->top, t->top[k].nr, t->top[k].count);
}

/* The length of the counted window: the transfer phases if the process
 * has its own, else the span of its counted facts. */
static uint64_t span(const struct cs_model *m, const struct proc *p)
{
	uint64_t s = 0;
	unsigned i;

	if (!m->opts.phase_gate || !p->nwin)
		return p->tot.last_ts > p->tot.first_ts ?
			       p->tot.last_ts - p->tot.first_ts :
			       0;
	for (i = 0; i < p->nwin; i++) {
		uint64_t end = p->win[i].end;

		if (end == UINT64_MAX)
			end = p->tot.last_ts > p->win[i].start ?
				      p->tot.last_ts :
				      p->win[i].start;
		s += end - p->win[i].start;
	}
	return s;
}

void totals_finish(const struct cs_model *m, const struct proc *p,
		   struct cs_totals *out)
{
	unsigned nr;

	*out = p->tot;
	out->tgid = p->tgid;
	out->nprocs = 1;
	memcpy(out->comm, p->comm, sizeof(out->comm));
	out->strategy = strategy_of(p);
	out->span_ns = span(m, p);
	/* without phases, the transfer is what delivered the data: a server
	 * traced for 3 s that sent for 10 ms sent at its 10 ms rate */
	if (!m->opts.phase_gate) {
		bool in = !p->tot.payload_bytes && p->tot.read_in_bytes;
		uint64_t first = in ? p->tot.first_in_ts : p->tot.first_out_ts;
		uint64_t last = in ? p->tot.last_in_ts : p->tot.last_out_ts;

		if (first && last >= first) {
			out->active_ns = last - first;
			out->active_syscalls =
				in ? p->tot.calls_to_in -
						p->tot.calls_before_in :
				     p->tot.calls_to_out -
						p->tot.calls_before_out;
			out->span_ns = out->active_ns;
		}
	}
	memset(out->top, 0, sizeof(out->top));
	if (p->nr_count)
		for (nr = 0; nr < SYSCALL_NR_MAX; nr++)
			top_add(out->top, nr, p->nr_count[nr]);
}
