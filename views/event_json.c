// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * event_json.c - probe records as JSON lines.  The keys are documented in
 * doc/json.md; change both together.
 */
#include "abi/record.h"
#include "model/model.h"
#include "views/event_json.h"

static void file_json(struct json *j, const char *key, int32_t fd,
		      const struct cs_file *f)
{
	json_object_begin(j, key);
	json_int(j, "fd", fd);
	json_str(j, "kind", fd_kind_name(f->kind));
	json_uint(j, "dev", f->dev);
	json_uint(j, "ino", f->ino);
	json_strn(j, "name", f->name, sizeof(f->name));
	if (f->fflags & CS_FF_DIRECT)
		json_bool(j, "direct", true);
	if (f->fflags & CS_FF_TCP)
		json_str(j, "proto", "tcp");
	else if (f->fflags & CS_FF_UDP)
		json_str(j, "proto", "udp");
	else if (f->fflags & CS_FF_UNIX)
		json_str(j, "proto", "unix");
	json_object_end(j);
}

static void syscall_json(struct json *j, const struct cs_syscall *r)
{
	const char *name = model_syscall_name(r->nr);

	json_uint(j, "nr", r->nr);
	json_str(j, "name", name ? name : "unknown");
	json_int(j, "ret", r->ret);
	/* measured only under trace -T; absent rather than a made-up 0 */
	if (r->enter_ts && r->h.ts >= r->enter_ts)
		json_uint(j, "duration_ns", r->h.ts - r->enter_ts);
	json_array_begin(j, "args");
	for (int i = 0; i < 6; i++)
		json_uint(j, NULL, r->arg[i]);
	json_array_end(j);
	for (int i = 0; i < 2; i++)
		if (r->fd[i] >= 0 && r->file[i].kind != CS_FD_NONE)
			file_json(j, i ? "file2" : "file", r->fd[i], &r->file[i]);
}

static void body_json(struct json *j, const struct cs_hdr *h)
{
	switch (h->type) {
	case CS_EV_SYSCALL:
		syscall_json(j, (const void *)h);
		break;
	case CS_EV_SWITCH: {
		const struct cs_switch *r = (const void *)h;

		json_str(j, "dir", r->dir == CS_SWITCH_OUT ? "out" : "in");
		if (r->dir == CS_SWITCH_OUT)
			json_bool(j, "involuntary", r->involuntary);
		else
			json_uint(j, "off_cpu_ns", r->off_ns);
		json_uint(j, "other_pid", r->other_pid);
		json_strn(j, "other_comm", r->other_comm, sizeof(r->other_comm));
		break;
	}
	case CS_EV_FORK:
	case CS_EV_EXEC:
	case CS_EV_EXIT:
	case CS_EV_NAME: {
		const struct cs_proc *r = (const void *)h;

		json_strn(j, "comm", r->comm, sizeof(r->comm));
		if (h->type == CS_EV_FORK) {
			json_uint(j, "child_pid", r->child_pid);
			json_uint(j, "child_tgid", r->child_tgid);
			json_bool(j, "thread", r->is_thread);
		} else if (h->type == CS_EV_EXEC || h->type == CS_EV_NAME) {
			json_strn(j, "path", r->path, sizeof(r->path));
		} else {
			json_int(j, "exit_code", r->exit_code);
		}
		break;
	}
	case CS_EV_TCP_SEND: {
		const struct cs_tcp_send *r = (const void *)h;

		json_uint(j, "size", r->size);
		json_str(j, "iter", iter_name(r->iter));
		json_uint(j, "msg_flags", r->msg_flags);
		json_bool(j, "splice_pages", r->msg_flags & CS_MSG_SPLICE_PAGES);
		json_bool(j, "zerocopy", r->msg_flags & CS_MSG_ZEROCOPY);
		json_bool(j, "route_sg", r->route_sg);
		json_uint(j, "sport", r->sport);
		json_uint(j, "dport", r->dport);
		break;
	}
	case CS_EV_XMIT: {
		const struct cs_xmit *r = (const void *)h;

		json_uint(j, "payload", r->len);
		json_uint(j, "paged", r->data_len);
		json_uint(j, "shinfo_flags", r->shinfo_flags);
		json_uint(j, "nr_frags", r->nr_frags);
		json_uint(j, "skbs", r->skbs ? r->skbs : 1);
		json_strn(j, "dev", r->dev, sizeof(r->dev));
		break;
	}
	case CS_EV_RECV_COPY: {
		const struct cs_recv_copy *r = (const void *)h;

		json_uint(j, "len", r->len);
		json_uint(j, "skbs", r->skbs ? r->skbs : 1);
		break;
	}
	case CS_EV_CACHE_ADD: {
		const struct cs_cache_add *r = (const void *)h;

		json_uint(j, "dev", r->dev);
		json_uint(j, "ino", r->ino);
		json_uint(j, "index", r->index);
		json_uint(j, "pages", r->pages);
		break;
	}
	case CS_EV_BLOCK: {
		const struct cs_block *r = (const void *)h;

		json_str(j, "op", r->op == CS_BLK_READ	? "read" :
				  r->op == CS_BLK_WRITE ? "write" :
							  "other");
		json_uint(j, "bytes", r->bytes);
		json_uint(j, "sector", r->sector);
		json_uint(j, "dev", r->dev);
		json_uint(j, "latency_ns", r->latency_ns);
		json_uint(j, "error", r->error);
		break;
	}
	case CS_EV_FAULT: {
		const struct cs_fault *r = (const void *)h;

		json_str(j, "mode", r->kernel ? "kernel" : "user");
		json_uint(j, "address", r->address);
		json_uint(j, "error_code", r->error_code);
		break;
	}
	case CS_EV_URING: {
		const struct cs_uring *r = (const void *)h;
		static const char *const what[] = { "?", "submit", "complete",
						    "async" };

		json_str(j, "what", what[r->what < 4 ? r->what : 0]);
		if (r->opcode != 0xff)
			json_uint(j, "opcode", r->opcode);
		json_uint(j, "user_data", r->user_data);
		if (r->what == CS_URING_COMPLETE) {
			json_int(j, "res", r->res);
			json_uint(j, "cflags", r->cflags);
		}
		json_bool(j, "io_worker", h->flags & CS_HF_IO_WORKER);
		break;
	}
	case CS_EV_LEASE: {
		const struct cs_lease *r = (const void *)h;
		static const char *const what[] = { "?",	   "add",
						    "break_block", "break_noblock",
						    "unblock",	   "delete" };

		json_str(j, "what", what[r->what < 6 ? r->what : 0]);
		json_uint(j, "type", r->type);
		json_uint(j, "dev", r->dev);
		json_uint(j, "ino", r->ino);
		break;
	}
	case CS_EV_SIGNAL: {
		const struct cs_signal *r = (const void *)h;

		json_int(j, "sig", r->sig);
		json_int(j, "code", r->code);
		json_int(j, "result", r->result);
		json_uint(j, "sender_pid", r->sender_pid);
		break;
	}
	case CS_EV_COPY: {
		const struct cs_copy *r = (const void *)h;

		json_str(j, "function", copy_fn_name(r->fn));
		json_str(j, "tier", tier_name(r->tier));
		json_int(j, "bytes", r->bytes);
		json_str(j, "iter", iter_name(r->iter));
		break;
	}
	case CS_EV_CACHE_WRITE: {
		const struct cs_cache_write *r = (const void *)h;

		json_uint(j, "dev", r->dev);
		json_uint(j, "ino", r->ino);
		json_uint(j, "pos", r->pos);
		json_uint(j, "len", r->len);
		break;
	}
	case CS_EV_ENDPOINT: {
		const struct cs_endpoint *r = (const void *)h;

		json_int(j, "fd", r->fd);
		json_str(j, "kind", fd_kind_name(r->kind));
		json_uint(j, "dev", r->dev);
		json_uint(j, "ino", r->ino);
		json_strn(j, "text", r->text, sizeof(r->text));
		break;
	}
	case CS_EV_PHASE:
	case CS_EV_STEP: {
		const struct cs_phase *r = (const void *)h;

		json_uint(j, "phase", r->phase);
		json_strn(j, "label", r->label, sizeof(r->label));
		break;
	}
	}
}

void event_json(struct json *j, const struct cs_hdr *rec, uint64_t base_ts)
{
	json_object_begin(j, NULL);
	json_str(j, "type", record_type_name(rec->type));
	json_uint(j, "ts_ns", rec->ts >= base_ts ? rec->ts - base_ts : 0);
	json_uint(j, "pid", rec->tgid);
	json_uint(j, "tid", rec->pid);
	json_uint(j, "cpu", rec->cpu);
	body_json(j, rec);
	json_object_end(j);
}

void counters_json(struct json *j, uint32_t tgid, const char *comm,
		   const struct cs_counters *c,
		   const struct cs_counters *derived)
{
	json_object_begin(j, NULL);
	json_str(j, "type", "counters");
	json_uint(j, "pid", tgid);
	json_str(j, "comm", comm ? comm : "");
	for (int i = 0; i < CS_C_MAX; i++)
		json_uint(j, counter_name(i), c->v[i]);
	if (derived) {
		enum cs_counter diff[CS_C_MAX];
		size_t n = model_counters_compare(derived, c, diff, CS_C_MAX);

		json_str(j, "records_check", n ? "differ" : "match");
		/* what the records add up to, for each counter that differs */
		json_object_begin(j, "records_differ");
		for (size_t k = 0; k < n; k++)
			json_uint(j, counter_name(diff[k]), derived->v[diff[k]]);
		json_object_end(j);
	}
	json_object_end(j);
}
