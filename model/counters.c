// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * counters.c - the kernel's exact counters (enum cs_counter), recomputed
 * from the records the same way bpf/copyscope.bpf.c adds them up.  When no
 * record was dropped the two must agree; a difference means a lost record
 * or a bug on one side, and the views show it.  Their names are
 * counter_name() (abi/record.c).
 */
#include <string.h>

#include "model/model_int.h"

/* Every counter but the drops (a lost record is by definition not seen)
 * and the retransmitted bytes. */
bool model_counter_derivable(enum cs_counter c)
{
	/* no record says what was sent again: the counter alone knows */
	return (unsigned)c < CS_C_MAX && c != CS_C_DROPS &&
	       c != CS_C_XMIT_RETRANS_BYTES;
}

void counters_on_record(struct proc *p, struct thread *t, const union cs_rec *r)
{
	__u64 *v = p->derived.v;
	const struct cs_syscall *sc;
	int bc;

	if (r->h.type < CS_EV_KERNEL_MAX)
		v[CS_C_RECORDS]++;
	switch (r->h.type) {
	case CS_EV_SYSCALL:
		sc = &r->sc;
		v[CS_C_SYSCALLS]++;
		v[CS_C_MODE_SWITCHES] += 2;
		bc = syscall_bytes_counter(sc->nr);
		if (bc >= 0) {
			v[CS_C_IO_SYSCALLS]++;
			if (sc->ret > 0) {
				if (!syscall_is_errqueue(sc->nr, sc->arg[2]))
					v[bc] += (uint64_t)sc->ret;
				/* the send's bytes go where its tcp record said
				 */
				if (t && t->send_kind)
					v[t->send_kind] += (uint64_t)sc->ret;
			}
		} else if (sc->nr == NR_mmap && sc->ret > 0 &&
			   (int64_t)sc->arg[4] >= 0) {
			v[CS_C_BYTES_MMAPPED] += sc->arg[1];
		}
		if (t)
			t->send_kind = 0;
		break;
	case CS_EV_SWITCH:
		if (r->sw.dir == CS_SWITCH_OUT)
			v[r->sw.involuntary ? CS_C_CSW_INVOLUNTARY :
					      CS_C_CSW_VOLUNTARY]++;
		else
			v[CS_C_OFF_CPU_NS] += r->sw.off_ns;
		break;
	case CS_EV_FAULT:
		v[r->flt.kernel ? CS_C_FAULTS_KERNEL : CS_C_FAULTS_USER]++;
		break;
	case CS_EV_CACHE_ADD:
		v[CS_C_CACHE_ADD_PAGES] += r->ca.pages;
		break;
	case CS_EV_BLOCK:
		if (r->blk.op == CS_BLK_READ)
			v[CS_C_DISK_READ_BYTES] += r->blk.bytes;
		else if (r->blk.op == CS_BLK_WRITE)
			v[CS_C_DISK_WRITE_BYTES] += r->blk.bytes;
		break;
	case CS_EV_RECV_COPY:
		v[CS_C_RECV_COPY_BYTES] += r->rc.len;
		break;
	case CS_EV_TCP_SEND:
		/* same precedence as the kernel side */
		if (!t)
			break;
		if (r->tcp.msg_flags & CS_MSG_ZEROCOPY)
			t->send_kind = CS_C_TCP_ZC_BYTES;
		else if (r->tcp.msg_flags & CS_MSG_SPLICE_PAGES)
			t->send_kind = CS_C_TCP_PAGE_BYTES;
		else if (r->tcp.iter == CS_ITER_UBUF ||
			 r->tcp.iter == CS_ITER_IOVEC)
			t->send_kind = CS_C_TCP_USER_BYTES;
		break;
	case CS_EV_XMIT:
		/* a merged record stands for its skbs (0: before merging, 1) */
		v[CS_C_XMIT_SKBS] += r->xmit.skbs ? r->xmit.skbs : 1;
		/* as the kernel side: pinned pages first (0xf has 0x2 too) */
		if (r->xmit.shinfo_flags & CS_SKBFL_ZEROCOPY_ENABLE)
			v[CS_C_XMIT_ZC_BYTES] += r->xmit.len;
		else if (r->xmit.shinfo_flags & CS_SKBFL_SHARED_FRAG)
			v[CS_C_XMIT_GATHER_BYTES] += r->xmit.len;
		else
			v[CS_C_XMIT_COPIED_BYTES] += r->xmit.len;
		break;
	case CS_EV_CACHE_WRITE:
		v[CS_C_CACHE_WRITE_BYTES] += r->cw.len;
		break;
	case CS_EV_URING:
		if (r->ur.what == CS_URING_SUBMIT)
			v[CS_C_URING_SUBMITS]++;
		else if (r->ur.what == CS_URING_COMPLETE)
			v[CS_C_URING_COMPLETES]++;
		else if (r->ur.what == CS_URING_ASYNC)
			v[CS_C_URING_ASYNC]++;
		break;
	case CS_EV_COPY:
		if (r->cp.bytes > 0)
			v[CS_C_COPY_FN_BYTES] += (uint64_t)r->cp.bytes;
		break;
	default:
		break;
	}
}

size_t model_counters_compare(const struct cs_counters *derived,
			      const struct cs_counters *kernel,
			      enum cs_counter *diff, size_t max)
{
	size_t n = 0;
	unsigned c;

	for (c = 0; c < CS_C_MAX; c++) {
		if (!model_counter_derivable(c) ||
		    derived->v[c] == kernel->v[c])
			continue;
		if (n < max && diff)
			diff[n] = c;
		n++;
	}
	return n;
}
