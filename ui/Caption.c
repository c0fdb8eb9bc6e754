// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Caption.c - the sentence under the picture (see Caption.h). */
#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ui/Caption.h"
#include "ui/Diagram.h"
#include "ui/Draw.h"
#include "ui/Term.h"

void Caption_text(const struct anim_item *it, char *buf, size_t len)
{
	const struct cs_fact *f = &it->f;
	char more[64] = "";

	if (it->count > 1)
		snprintf(more, sizeof(more),
			 " (and %" PRIu32 " more like this)", it->count - 1);
	switch (f->type) {
	case CS_FACT_TRANSFER: {
		struct cs_transfer t = f->u.transfer;
		char cap[128];

		/* a group speaks of all its bytes */
		t.bytes = it->bytes;
		model_caption(cap, sizeof(cap), &t);
		snprintf(buf, len, "%s [%s]%s", cap,
			 model_evidence_name(t.evidence), more);
		break;
	}
	case CS_FACT_MODE_SWITCH: {
		const char *nm = model_syscall_name(f->u.mode.syscall_nr);

		if (f->u.mode.to_kernel)
			snprintf(
				buf, len,
				"%s() enters the kernel: user -> kernel mode switch%s",
				nm ? nm : "a system call", more);
		else
			snprintf(buf, len,
				 "%s() returns: kernel -> user mode switch%s",
				 nm ? nm : "the system call", more);
		break;
	}
	case CS_FACT_CONTEXT_SWITCH:
		if (f->u.ctx.out)
			snprintf(
				buf, len,
				"the scheduler takes the CPU away (%s): %s runs%s",
				f->u.ctx.involuntary ? "preempted" : "it waits",
				f->u.ctx.other_comm[0] ? f->u.ctx.other_comm :
							 "another task",
				more);
		else
			snprintf(buf, len,
				 "back on the CPU after %.3f ms off it%s",
				 (double)f->u.ctx.off_ns / 1e6, more);
		break;
	case CS_FACT_NOTE:
		if (f->u.note.what == CS_NOTE_PHASE) {
			snprintf(
				buf, len, "%s",
				f->u.note.phase == CS_PHASE_SETUP ?
					"the demo prepares its file and receiver" :
				f->u.note.phase == CS_PHASE_TRANSFER ?
					"the transfer begins: counting starts" :
					"the transfer is over: counting stops");
			break;
		}
		snprintf(buf, len, "%s%s", f->text, more);
		break;
	default:
		snprintf(buf, len, "%s%s", f->text, more);
		break;
	}
}

static const char *tag_of(const struct anim_item *it, int *attr)
{
	const struct cs_fact *f = &it->f;

	*attr = Term_attr(TS_BOX_ACTIVE);
	switch (f->type) {
	case CS_FACT_TRANSFER:
		*attr = Diagram_kindAttr(f->u.transfer.kind,
					 f->u.transfer.evidence);
		return model_kind_name(f->u.transfer.kind);
	case CS_FACT_MODE_SWITCH:
		return "MODE";
	case CS_FACT_CONTEXT_SWITCH:
		return "SCHED";
	case CS_FACT_SYSCALL:
		return "CALL";
	case CS_FACT_FAULT:
		*attr = Term_attr(TS_WARN);
		return "FAULT";
	case CS_FACT_PROCESS:
		return "PROC";
	case CS_FACT_NOTE:
		return "NOTE";
	}
	return "?";
}

void Caption_legend(int y, int x, int w)
{
	static const struct {
		enum term_glyph g;
		enum term_style st;
		const char *text;
	} k[] = {
		{ TG_DMA, TS_DMA, "DMA: a device moves it" },
		{ TG_CPU, TS_CPU, "CPU: the processor copies it" },
		{ TG_REF_H, TS_REF, "REF: pages handed over" },
		{ TG_MAP_H, TS_MAP, "MAP: pages mapped" },
	};
	int end = x + w;
	unsigned i;

	for (i = 0; i < sizeof(k) / sizeof(k[0]) && x < end; i++) {
		int n = Draw_width(k[i].text) + 4;

		if (x + n > end)
			break;
		Draw_glyph(y, x, Term_glyph(k[i].g), Term_attr(k[i].st));
		x += 2;
		x += Draw_text(y, x, end - x, k[i].text, Term_attr(TS_DIM)) + 2;
	}
}

void Caption_draw(const struct layout *l, const struct scene *s)
{
	const struct lay_rect *r = &l->caption;
	char text[600];
	const char *tag;
	int attr, x = r->x + 1, w = r->w - 2;

	Draw_clear(r);
	if (s->cur) {
		tag = tag_of(s->cur, &attr);
		Caption_text(s->cur, text, sizeof(text));
	} else if (s->class_mode && s->step_caption[0] && !s->ended) {
		/* what the call just made moved, while the next one waits */
		tag = "STEP";
		attr = Term_attr(TS_BOX_ACTIVE);
		snprintf(text, sizeof(text), "%s", s->step_caption);
	} else if (s->quiz_open) {
		tag = "QUIZ";
		attr = Term_attr(TS_BOX_ACTIVE);
		snprintf(text, sizeof(text),
			 "your prediction: d c r m x, then a digit runs %s",
			 s->next);
	} else if (s->step_mode && s->waiting_go && !s->auto_go) {
		tag = "STEP";
		attr = Term_attr(TS_BOX_ACTIVE);
		snprintf(text, sizeof(text),
			 "press s to run the next system call: %s", s->next);
	} else if (s->paused) {
		tag = "PAUSED";
		attr = Term_attr(TS_BOX_ACTIVE);
		snprintf(
			text, sizeof(text),
			"Space resumes, n shows the next event, s the next system call");
	} else if (s->ended) {
		tag = "END";
		attr = Term_attr(s->state_bad ? TS_WARN : TS_GOOD);
		snprintf(
			text, sizeof(text), "%s; %s", s->state,
			s->is_demo ?
				"r runs it again, a picks another demo, q quits" :
				"the picture stays until you press q");
	} else {
		tag = NULL;
		attr = 0;
		text[0] = 0;
	}
	if (tag) {
		char t[16];
		int n;

		snprintf(t, sizeof(t), "%-5s", tag);
		n = Draw_text(r->y, x, w, t, attr | A_BOLD);
		Draw_text_fit(r->y, x + n + 1, w - n - 1, text,
			      Term_attr(TS_NORMAL));
	} else {
		Caption_legend(r->y, x, w);
	}
	if (r->h >= 2)
		Caption_legend(r->y + 1, x, w);
}
