/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Quiz.h - the quiz on screen (views/quiz.h): the question before each
 * system call with the student's answer so far, the last call's reveal
 * beside what was said, and at the end the score and every wrong answer
 * with one sentence why.
 */
#ifndef COPYSCOPE_UI_QUIZ_H
#define COPYSCOPE_UI_QUIZ_H

#include <stdbool.h>

#include "views/layout.h"
#include "views/quiz.h"

struct quiz_view {
	const struct quiz *qz;
	const struct quiz_q *open; /* the question waiting for an answer */
	const struct quiz_q *last; /* the last one judged */
	bool waiting; /* a call ran: its result is being gathered */
	bool over; /* the run is over: the summary */
};

void Quiz_draw(const struct layout *l, const struct quiz_view *v);

#endif
