/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * quiz.h - predict, then reveal: before each system call of a demo the
 * student says which transfers it will make and how many mode switches;
 * the call runs; what was measured is the answer.  The model's rules give
 * an expectation for each call of a strategy (quiz_expect); where the
 * measurement disagrees (readahead had the pages already, a retransmit),
 * the measurement wins and the screen says so.  Pure C.
 */
#ifndef COPYSCOPE_VIEWS_QUIZ_H
#define COPYSCOPE_VIEWS_QUIZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "views/class_view.h"

#define QUIZ_MAX 128
#define QUIZ_LABEL 129

struct quiz_answer {
	uint8_t kinds; /* 1 << CS_K_*: DMA, CPU, REF, MAP; 0: none */
	int mode; /* mode switches; -1: not given */
};

struct quiz_q {
	char label[QUIZ_LABEL]; /* "read(file, 64 KiB)" */
	struct quiz_answer said, real, expect;
	bool has_expect; /* the rules know this call */
	bool judged, right;
	char why[512]; /* what the call moved, as the caption says it */
};

struct quiz {
	struct quiz_q q[QUIZ_MAX];
	int n;
	int right, judged;
};

/*
 * What the rules expect of the call a demo step announces (its label),
 * for a run with a cold or warm cache.  false: no expectation (the screen
 * asks anyway; the measurement decides).
 */
bool quiz_expect(const char *label, bool cold, struct quiz_answer *out);

/* Add a question for label; returns it, or NULL when full. */
struct quiz_q *quiz_ask(struct quiz *qz, const char *label, bool cold);

/*
 * The call ran: its measured transfers (acc: what the focus moved in the
 * call) and mode switches.  Judges the student's answer against them.
 */
void quiz_judge(struct quiz *qz, struct quiz_q *q, const struct class_acc *acc,
		int mode);

/* "DMA + CPU", "none". */
const char *quiz_kinds_text(uint8_t kinds, char *buf, size_t len);

/* "DMA + CPU, 2 mode switches" */
const char *quiz_answer_text(const struct quiz_answer *a, char *buf,
			     size_t len);

/* The reveal of a judged question: "you said ..., it was ...: right".
 * Returns buf. */
const char *quiz_reveal(const struct quiz_q *q, char *buf, size_t len);

/* When the measurement disagrees with the expectation: one sentence
 * saying so, else "".  Returns buf. */
const char *quiz_disagree(const struct quiz_q *q, char *buf, size_t len);

#endif
