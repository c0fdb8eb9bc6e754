// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * endpoints.c - the full names of files and sockets (CS_EV_ENDPOINT
 * records), by (dev, ino).
 *
 * A recording is untrusted: it may name millions of endpoints.  So the
 * table has a fixed size, allocated when the first name comes, and is
 * set-associative: a (dev, ino) can only live in the ENDPOINT_WAYS slots
 * of its set, and a new one takes the slot written longest ago.  Memory is
 * bounded, nothing is ever refused, and a name that keeps being used in a
 * long trace comes back with the next record that names it.
 */
#include <stdlib.h>
#include <string.h>

#include "model/model_int.h"

#define ENDPOINT_SETS (MAX_ENDPOINTS / ENDPOINT_WAYS)

struct endpoint {
	uint64_t ino;
	uint64_t written; /* when, in names taken: 0 = empty */
	uint32_t dev;
	char text[CS_ENDPOINT_LEN + 1];
};

_Static_assert((ENDPOINT_SETS & (ENDPOINT_SETS - 1)) == 0,
	       "the set count is a power of two");

/* The first of the ENDPOINT_WAYS slots where (dev, ino) may live. */
static struct endpoint *set_of(const struct endpoint_table *t, uint32_t dev,
			       uint64_t ino)
{
	/* inode numbers are dense per file system: mix them */
	uint64_t h =
		(ino ^ ((uint64_t)dev << 32 | dev)) * 0x9e3779b97f4a7c15ull;

	return &t->v[((h >> 32) & (ENDPOINT_SETS - 1)) * ENDPOINT_WAYS];
}

void endpoints_note(struct cs_model *m, const struct cs_endpoint *e)
{
	struct endpoint_table *t = &m->endpoints;
	struct endpoint *set, *slot = NULL;
	size_t n = strnlen(e->text, sizeof(e->text));

	/* no name is no news: what the model knew stays */
	if (!n)
		return;
	if (!t->v) {
		t->v = calloc(MAX_ENDPOINTS, sizeof(*t->v));
		if (!t->v)
			return;
	}
	set = set_of(t, e->dev, e->ino);
	for (unsigned i = 0; i < ENDPOINT_WAYS && !slot; i++)
		if (set[i].written && set[i].dev == e->dev &&
		    set[i].ino == e->ino)
			slot = &set[i];
	for (unsigned i = 0; i < ENDPOINT_WAYS && !slot; i++)
		if (!set[i].written)
			slot = &set[i];
	if (!slot) {
		slot = &set[0];
		for (unsigned i = 1; i < ENDPOINT_WAYS; i++)
			if (set[i].written < slot->written)
				slot = &set[i];
	}
	slot->dev = e->dev;
	slot->ino = e->ino;
	slot->written = ++t->taken;
	memcpy(slot->text, e->text, n);
	slot->text[n] = 0;
}

void endpoints_free(struct cs_model *m)
{
	free(m->endpoints.v);
	memset(&m->endpoints, 0, sizeof(m->endpoints));
}

const char *model_endpoint_text(const struct cs_model *m, uint32_t dev,
				uint64_t ino)
{
	const struct endpoint *set;

	if (!m || !m->endpoints.v)
		return NULL;
	set = set_of(&m->endpoints, dev, ino);
	for (unsigned i = 0; i < ENDPOINT_WAYS; i++)
		if (set[i].written && set[i].dev == dev && set[i].ino == ino)
			return set[i].text;
	return NULL;
}
