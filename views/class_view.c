// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* class_view.c - what class mode says (see class_view.h). */
#include <stdio.h>
#include <string.h>

#include "views/class_view.h"

bool class_book_totals(const struct cs_totals *measured, struct cs_totals *out)
{
	const struct report_textbook *b = report_textbook(measured->strategy);
	uint64_t chunks = measured->payload_calls,
		 bytes = measured->payload_bytes;

	memset(out, 0, sizeof(*out));
	if (!b)
		return false;
	out->strategy = measured->strategy;
	out->cpu_copies = b->cpu * chunks;
	out->cpu_bytes = b->cpu * bytes;
	out->dma_transfers = (uint64_t)(b->dma_disk + b->dma_nic) * chunks;
	out->dma_bytes = (uint64_t)(b->dma_disk + b->dma_nic) * bytes;
	out->syscalls = b->calls * chunks;
	out->mode_switches = b->mode * chunks;
	out->payload_bytes = bytes;
	return true;
}

void class_acc_add(struct class_acc *a, const struct cs_transfer *t,
		   uint64_t bytes, uint32_t count)
{
	int i;

	for (i = 0; i < a->n; i++) {
		struct class_move *m = &a->t[i];

		if (m->kind == t->kind && m->from == t->from &&
		    m->to == t->to && m->rule == t->rule) {
			m->bytes += bytes;
			m->count += count;
			return;
		}
	}
	if (a->n == CLASS_ACC_MAX)
		return;
	a->t[a->n++] = (struct class_move){
		.kind = t->kind,
		.from = t->from,
		.to = t->to,
		.evidence = t->evidence,
		.rule = t->rule,
		.flags = t->flags,
		.bytes = bytes,
		.count = count,
	};
}

/* "your buffer", "the page cache" */
static const char *where(uint8_t p)
{
	static char buf[CS_PL_MAX][48];

	if (p == CS_PL_USER)
		return "your buffer";
	if (p >= CS_PL_MAX)
		return "somewhere";
	snprintf(buf[p], sizeof(buf[p]), "the %s", model_place_name(p));
	return buf[p];
}

const char *class_move_sentence(char *buf, size_t len,
				const struct class_move *m)
{
	char b[32];

	model_format_bytes(b, sizeof(b), m->bytes);
	if (m->rule == CS_R_COW)
		snprintf(buf, len,
			 "copy-on-write: the CPU copied %u page%s (%s) "
			 "another process still shared [%s]",
			 m->count, m->count == 1 ? "" : "s", b,
			 model_evidence_name(m->evidence));
	else if (m->rule == CS_R_DIRECT_NODISK)
		snprintf(buf, len,
			 "no disk under the file: the CPU copied %s from "
			 "memory into %s",
			 b, where(m->to));
	else if (m->kind == CS_K_DMA && m->from == CS_PL_DISK)
		snprintf(buf, len, "the disk DMAed %s into %s%s", b,
			 where(m->to),
			 m->to == CS_PL_USER ? ", past the page cache" : "");
	else if (m->kind == CS_K_DMA && m->to == CS_PL_DISK)
		snprintf(buf, len, "the disk DMAed %s from %s", b,
			 where(m->from));
	else if (m->kind == CS_K_DMA)
		snprintf(buf, len, "the network card DMAed %s from %s", b,
			 where(m->from));
	else if (m->kind == CS_K_CPU)
		snprintf(buf, len, "the CPU copied %s from %s into %s", b,
			 where(m->from),
			 m->to == CS_PL_RECEIVER ? "the receiver's buffer" :
						   where(m->to));
	else if (m->kind == CS_K_REF)
		snprintf(buf, len, "%s took %s from %s by reference, no copy",
			 where(m->to), b, where(m->from));
	else
		snprintf(buf, len,
			 "%s of the page cache were mapped into your process, "
			 "no copy",
			 b);
	return buf;
}

/*
 * The cow demo's steps are stores, not calls: "store(private memory, 64
 * KiB)".  Its own count of pages written goes beside the copies seen.
 */
static void pages_written(char *buf, size_t len, const char *label)
{
	const char *size = strstr(label, ", ");
	double v;
	char unit[8] = "";
	uint64_t bytes;
	size_t used = strlen(buf);

	if (strncmp(label, "store(", 6) || !size ||
	    sscanf(size + 2, "%lf %7[A-Za-z]", &v, unit) < 1)
		return;
	bytes = (uint64_t)(v * (!strcmp(unit, "KiB") ? 1024.0 :
				!strcmp(unit, "MiB") ? 1048576.0 :
						       1.0));
	snprintf(buf + used, len - used, " [the demo wrote %llu pages]",
		 (unsigned long long)((bytes + 4095) / 4096));
}

const char *class_step_caption(char *buf, size_t len, const char *label,
			       const struct class_acc *a)
{
	/* copy-on-write last: a side effect, not what the call is for */
	static const uint8_t order[CS_K_MAX + 1] = { CS_K_CPU, CS_K_DMA,
						     CS_K_REF, CS_K_MAP,
						     CS_K_CPU };
	size_t used, name = strcspn(label, "(");
	bool first;
	char s[160];
	int i, k;

	if (!len)
		return buf;
	snprintf(buf, len, "%.*s(): ", (int)(name > 40 ? 40 : name), label);
	if (!a->n) {
		used = strlen(buf);
		snprintf(buf + used, len - used, "no data moved");
		pages_written(buf, len, label);
		return buf;
	}
	/* the copies first: they are the lesson, and a short line keeps
	 * its beginning */
	for (k = 0, first = true; k <= CS_K_MAX; k++)
		for (i = 0; i < a->n; i++) {
			if (a->t[i].kind != order[k] ||
			    (a->t[i].rule == CS_R_COW) != (k == CS_K_MAX))
				continue;
			used = strlen(buf);
			class_move_sentence(s, sizeof(s), &a->t[i]);
			snprintf(buf + used, len - used, "%s%s",
				 first ? "" : "; ", s);
			first = false;
		}
	pages_written(buf, len, label);
	return buf;
}
