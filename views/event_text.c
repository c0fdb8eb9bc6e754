// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * event_text.c - records as text lines:
 *   TIME PID/TID  what happened
 * in the spirit of strace, with the evidence records indented under the
 * system calls they belong to.
 */
#include <inttypes.h>
#include <string.h>

#include "views/event_text.h"
#include "model/record.h"
#include "model/model.h"

static void file_text(FILE *out, int32_t fd, const struct cs_file *f)
{
	fprintf(out, "%d<%s", fd, fd_kind_name(f->kind));
	if (f->name[0])
		fprintf(out, ":%.*s", (int)sizeof(f->name), f->name);
	if (f->fflags & CS_FF_TCP)
		fputs(":tcp", out);
	if (f->fflags & CS_FF_DIRECT)
		fputs(":O_DIRECT", out);
	fputc('>', out);
}

static void syscall_text(FILE *out, const struct cs_syscall *r)
{
	const char *name = model_syscall_name(r->nr);
	int shown = 0;

	if (name)
		fprintf(out, "%s(", name);
	else
		fprintf(out, "syscall_%u(", r->nr);
	for (int i = 0; i < 2; i++) {
		if (r->fd[i] < 0)
			continue;
		if (shown++)
			fputs(", ", out);
		file_text(out, r->fd[i], &r->file[i]);
	}
	fprintf(out, ") = %" PRId64, (int64_t)r->ret);
	if (r->enter_ts && r->h.ts >= r->enter_ts)
		fprintf(out, " <%.1f us>", (r->h.ts - r->enter_ts) / 1000.0);
}

void event_text(FILE *out, const struct cs_hdr *h, uint64_t base_ts)
{
	char b[32];

	fprintf(out, "%12.6f %6u/%-6u ",
		(h->ts >= base_ts ? h->ts - base_ts : 0) / 1e9, h->tgid, h->pid);
	switch (h->type) {
	case CS_EV_SYSCALL:
		syscall_text(out, (const void *)h);
		break;
	case CS_EV_SWITCH: {
		const struct cs_switch *r = (const void *)h;

		if (r->dir == CS_SWITCH_OUT)
			fprintf(out, "  ~ off CPU (%s), %.*s runs",
				r->involuntary ? "preempted" : "waits",
				(int)sizeof(r->other_comm), r->other_comm);
		else
			fprintf(out, "  ~ back on CPU after %.1f us",
				r->off_ns / 1000.0);
		break;
	}
	case CS_EV_FORK: {
		const struct cs_proc *r = (const void *)h;

		fprintf(out, "+ %s %u", r->is_thread ? "thread" : "process",
			r->child_pid);
		break;
	}
	case CS_EV_EXEC: {
		const struct cs_proc *r = (const void *)h;

		fprintf(out, "+ exec %.*s", (int)sizeof(r->path), r->path);
		break;
	}
	case CS_EV_EXIT:
		fprintf(out, "+ exit, code %d",
			((const struct cs_proc *)h)->exit_code);
		break;
	case CS_EV_TCP_SEND: {
		const struct cs_tcp_send *r = (const void *)h;

		fprintf(out, "  > tcp send %s from %s%s%s, route %s",
			model_format_bytes(b, sizeof(b), r->size),
			iter_name(r->iter),
			r->msg_flags & CS_MSG_SPLICE_PAGES ? " +SPLICE_PAGES" : "",
			r->msg_flags & CS_MSG_ZEROCOPY ? " +ZEROCOPY" : "",
			r->route_sg ? "gathers (SG)" : "cannot gather");
		break;
	}
	case CS_EV_XMIT: {
		const struct cs_xmit *r = (const void *)h;

		fprintf(out, "  > %.*s transmits %s, %s",
			(int)sizeof(r->dev), r->dev,
			model_format_bytes(b, sizeof(b), r->len),
			r->shinfo_flags & CS_SKBFL_SHARED_FRAG ?
				"page-cache pages by reference" :
			r->shinfo_flags & CS_SKBFL_ZEROCOPY_ENABLE ?
				"pinned user pages" :
				"data copied into the skb");
		break;
	}
	case CS_EV_RECV_COPY:
		fprintf(out, "  < receive copies %s to user",
			model_format_bytes(
				b, sizeof(b),
				((const struct cs_recv_copy *)h)->len));
		break;
	case CS_EV_CACHE_ADD: {
		const struct cs_cache_add *r = (const void *)h;

		fprintf(out, "  + page cache gets %u page%s of inode %" PRIu64,
			r->pages, r->pages == 1 ? "" : "s", (uint64_t)r->ino);
		break;
	}
	case CS_EV_BLOCK: {
		const struct cs_block *r = (const void *)h;

		fprintf(out, "  # disk %s %s (DMA) in %.1f us",
			r->op == CS_BLK_READ ? "read" : "write",
			model_format_bytes(b, sizeof(b), r->bytes),
			r->latency_ns / 1000.0);
		break;
	}
	case CS_EV_FAULT: {
		const struct cs_fault *r = (const void *)h;

		fprintf(out, "  ! page fault (%s mode) at 0x%" PRIx64,
			r->kernel ? "kernel" : "user", (uint64_t)r->address);
		break;
	}
	case CS_EV_URING: {
		const struct cs_uring *r = (const void *)h;

		if (r->what == CS_URING_COMPLETE)
			fprintf(out, "  @ io_uring complete res %d", r->res);
		else
			fprintf(out, "  @ io_uring %s opcode %u",
				r->what == CS_URING_SUBMIT ? "submit" :
							     "punt to io-wq",
				r->opcode);
		break;
	}
	case CS_EV_LEASE: {
		static const char *const what[] = { "?",	  "taken",
						    "break (waits)", "break",
						    "break done",    "released" };
		const struct cs_lease *r = (const void *)h;

		fprintf(out, "  L lease %s on inode %" PRIu64,
			what[r->what < 6 ? r->what : 0], (uint64_t)r->ino);
		break;
	}
	case CS_EV_SIGNAL: {
		const struct cs_signal *r = (const void *)h;

		fprintf(out, "  ! signal %d (code %d) from %u", r->sig, r->code,
			r->sender_pid);
		break;
	}
	case CS_EV_COPY: {
		const struct cs_copy *r = (const void *)h;

		fprintf(out, "  = %s moved %s (%s)", copy_fn_name(r->fn),
			model_format_bytes(b, sizeof(b), (uint64_t)r->bytes),
			tier_name(r->tier));
		break;
	}
	case CS_EV_CACHE_WRITE: {
		const struct cs_cache_write *r = (const void *)h;

		fprintf(out, "  + write copies %s into the page cache",
			model_format_bytes(b, sizeof(b), r->len));
		break;
	}
	case CS_EV_PHASE:
	case CS_EV_STEP: {
		const struct cs_phase *r = (const void *)h;

		fprintf(out, "-- %.*s", (int)sizeof(r->label), r->label);
		break;
	}
	default:
		fprintf(out, "? record type %u", h->type);
	}
	fputc('\n', out);
}

void counters_text(FILE *out, uint32_t tgid, const char *comm,
		   const struct cs_counters *c)
{
	fprintf(out, "process %u (%s):\n", tgid, comm && *comm ? comm : "?");
	for (int i = 0; i < CS_C_MAX; i++)
		if (c->v[i] || i <= CS_C_CSW_INVOLUNTARY || i == CS_C_DROPS)
			fprintf(out, "  %-30s %" PRIu64 "\n", counter_name(i),
				(uint64_t)c->v[i]);
}
