// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* quiz.c - predict, then reveal (see quiz.h). */
#include <stdio.h>
#include <string.h>

#include "views/quiz.h"

#define K(k) (uint8_t)(1u << (k))

/*
 * The rules of tutorial/evidence.md, per call a demo announces: what each
 * moves when the cache is warm, and whether a cold cache adds the disk's
 * DMA.  Mode switches: two per system call; a store is no call.
 */
static const struct {
	const char *prefix;
	uint8_t kinds;
	bool disk_when_cold;
	int mode;
} rules[] = {
	{ "read(file O_DIRECT", K(CS_K_DMA), false, 2 }, /* [read-direct] */
	{ "read(file", K(CS_K_CPU), true, 2 }, /* [read-cache] */
	{ "write(socket", K(CS_K_CPU), false, 2 }, /* [tcp-user] */
	{ "mmap(file", K(CS_K_MAP), false, 2 }, /* [mmap] */
	/* [tcp-pages-sg]: the route gathers, the socket takes the pages */
	{ "sendfile(socket <- file", K(CS_K_REF), true, 2 },
	{ "splice(file -> pipe", K(CS_K_REF), true, 2 }, /* [splice-in] */
	{ "splice(pipe -> socket", K(CS_K_REF), false, 2 },
	{ "copy_file_range(file -> file", K(CS_K_CPU), true,
	  2 }, /* [file-to-file] */
	{ "vmsplice(memory -> pipe", K(CS_K_REF), false, 2 }, /* [vmsplice] */
	{ "tee(pipe -> pipe2", K(CS_K_REF), false, 2 }, /* [pipe-pipe] */
	{ "send(socket", K(CS_K_REF), false, 2 }, /* [tcp-zerocopy] */
	{ "recvmsg(socket, MSG_ERRQUEUE", 0, false, 2 },
	{ "store(private memory", K(CS_K_CPU), false, 0 }, /* [cow] */
	{ "store(shared memory", 0, false, 0 },
	{ "fork(", 0, false, 2 },
};

bool quiz_expect(const char *label, bool cold, struct quiz_answer *out)
{
	size_t i;

	out->kinds = 0;
	out->mode = -1;
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		if (strncmp(label, rules[i].prefix, strlen(rules[i].prefix)))
			continue;
		out->kinds = rules[i].kinds;
		if (cold && rules[i].disk_when_cold)
			out->kinds |= K(CS_K_DMA);
		out->mode = rules[i].mode;
		return true;
	}
	return false;
}

struct quiz_q *quiz_ask(struct quiz *qz, const char *label, bool cold)
{
	struct quiz_q *q;

	if (qz->n == QUIZ_MAX)
		return NULL;
	q = &qz->q[qz->n++];
	memset(q, 0, sizeof(*q));
	snprintf(q->label, sizeof(q->label), "%s", label);
	q->said.mode = q->real.mode = -1;
	q->has_expect = quiz_expect(label, cold, &q->expect);
	return q;
}

void quiz_judge(struct quiz *qz, struct quiz_q *q, const struct class_acc *acc,
		int mode)
{
	int i;

	q->real.kinds = 0;
	for (i = 0; i < acc->n; i++)
		if (acc->t[i].kind < CS_K_MAX)
			q->real.kinds |= K(acc->t[i].kind);
	q->real.mode = mode;
	class_step_caption(q->why, sizeof(q->why), q->label, acc);
	q->judged = true;
	q->right =
		q->said.kinds == q->real.kinds && q->said.mode == q->real.mode;
	qz->judged++;
	if (q->right)
		qz->right++;
}

const char *quiz_kinds_text(uint8_t kinds, char *buf, size_t len)
{
	static const char *const names[CS_K_MAX] = { "DMA", "CPU copy",
						     "by reference",
						     "mapping" };
	size_t used = 0;
	int k;

	if (!len)
		return buf;
	buf[0] = 0;
	for (k = 0; k < CS_K_MAX; k++)
		if (kinds & K(k)) {
			snprintf(buf + used, len - used, "%s%s",
				 used ? " + " : "", names[k]);
			used = strlen(buf);
		}
	if (!used)
		snprintf(buf, len, "none");
	return buf;
}

const char *quiz_answer_text(const struct quiz_answer *a, char *buf, size_t len)
{
	char k[64];

	quiz_kinds_text(a->kinds, k, sizeof(k));
	if (a->mode < 0)
		snprintf(buf, len, "%s", k);
	else
		snprintf(buf, len, "%s, %d mode switch%s", k, a->mode,
			 a->mode == 1 ? "" : "es");
	return buf;
}

const char *quiz_reveal(const struct quiz_q *q, char *buf, size_t len)
{
	char said[96], real[96];

	quiz_answer_text(&q->said, said, sizeof(said));
	quiz_answer_text(&q->real, real, sizeof(real));
	if (q->right)
		snprintf(buf, len, "%s: you said %s: right", q->label, said);
	else
		snprintf(buf, len, "%s: you said %s; it was %s", q->label, said,
			 real);
	return buf;
}

const char *quiz_disagree(const struct quiz_q *q, char *buf, size_t len)
{
	char exp[96], real[96];

	buf[0] = 0;
	if (!q->judged || !q->has_expect ||
	    (q->expect.kinds == q->real.kinds &&
	     q->expect.mode == q->real.mode))
		return buf;
	quiz_answer_text(&q->expect, exp, sizeof(exp));
	quiz_answer_text(&q->real, real, sizeof(real));
	snprintf(buf, len,
		 "the rules expected %s; the measurement says %s, and the "
		 "measurement wins",
		 exp, real);
	return buf;
}
