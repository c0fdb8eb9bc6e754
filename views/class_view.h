/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * class_view.h - what class mode says: the article's row in the table's
 * columns, and what one system call moved, in words ("read(): the CPU
 * copied 64 KiB from the page cache into your buffer").  Pure C: the
 * screen, the quiz and their tests share these sentences.
 */
#ifndef COPYSCOPE_VIEWS_CLASS_VIEW_H
#define COPYSCOPE_VIEWS_CLASS_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "views/report.h"

/*
 * The article's row for the run measured in m (its strategy, its chunks:
 * the calls that delivered data, its bytes) as totals the table can show:
 * CPU copies, DMA transfers, system calls and mode switches; nothing else
 * (the article has no other column).  false: the article has no row.
 */
bool class_book_totals(const struct cs_totals *measured, struct cs_totals *out);

/* What one call (or one demo step) moved, transfer by transfer. */
#define CLASS_ACC_MAX 8

struct class_acc {
	struct class_move {
		uint8_t kind, from, to, evidence;
		uint16_t rule, flags;
		uint64_t bytes;
		uint32_t count;
	} t[CLASS_ACC_MAX];
	int n;
};

/* Add a transfer of bytes (count copies): alike ones are merged. */
void class_acc_add(struct class_acc *a, const struct cs_transfer *t,
		   uint64_t bytes, uint32_t count);

/* One transfer in the past tense: "the CPU copied 64 KiB from the page
 * cache into your buffer".  Returns buf. */
const char *class_move_sentence(char *buf, size_t len,
				const struct class_move *m);

/*
 * The caption of a step: the call's name from its label ("read(file, 64
 * KiB)" -> "read()"), then each transfer, "; " between them, or that
 * nothing was moved.  Returns buf.
 */
const char *class_step_caption(char *buf, size_t len, const char *label,
			       const struct class_acc *a);

#endif
