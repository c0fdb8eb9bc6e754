// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * idtab.c - a small open-addressing hash table from a thread or process id
 * to a pointer.  Key 0 marks a free slot (the model never stores id 0).
 * Deletion re-inserts the rest of the cluster so that lookups never stop
 * at a hole.
 */
#include <stdlib.h>

#include "model/model_int.h"

static size_t slot(uint32_t key, size_t cap)
{
	/* Fibonacci hashing: ids are often consecutive */
	return (size_t)((key * 2654435769u) & (uint32_t)(cap - 1));
}

void *idtab_get(const struct idtab *t, uint32_t key)
{
	size_t i;

	if (!t->cap || !key)
		return NULL;
	for (i = slot(key, t->cap); t->keys[i]; i = (i + 1) & (t->cap - 1))
		if (t->keys[i] == key)
			return t->vals[i];
	return NULL;
}

static void put_nogrow(struct idtab *t, uint32_t key, void *val)
{
	size_t i = slot(key, t->cap);

	while (t->keys[i] && t->keys[i] != key)
		i = (i + 1) & (t->cap - 1);
	if (!t->keys[i])
		t->n++;
	t->keys[i] = key;
	t->vals[i] = val;
}

static int grow(struct idtab *t)
{
	size_t ncap = t->cap ? t->cap * 2 : 64, i;
	struct idtab nt = { 0 };

	nt.keys = calloc(ncap, sizeof(*nt.keys));
	nt.vals = calloc(ncap, sizeof(*nt.vals));
	if (!nt.keys || !nt.vals) {
		free(nt.keys);
		free(nt.vals);
		return -1;
	}
	nt.cap = ncap;
	for (i = 0; i < t->cap; i++)
		if (t->keys[i])
			put_nogrow(&nt, t->keys[i], t->vals[i]);
	free(t->keys);
	free(t->vals);
	*t = nt;
	return 0;
}

int idtab_put(struct idtab *t, uint32_t key, void *val)
{
	if (!key)
		return -1;
	/* keep the load below 1/2 */
	if ((t->n + 1) * 2 > t->cap && grow(t))
		return -1;
	put_nogrow(t, key, val);
	return 0;
}

void idtab_del(struct idtab *t, uint32_t key)
{
	size_t i, j;

	if (!t->cap || !key)
		return;
	for (i = slot(key, t->cap); t->keys[i]; i = (i + 1) & (t->cap - 1))
		if (t->keys[i] == key)
			break;
	if (!t->keys[i])
		return;
	t->keys[i] = 0;
	t->vals[i] = NULL;
	t->n--;
	for (j = (i + 1) & (t->cap - 1); t->keys[j];
	     j = (j + 1) & (t->cap - 1)) {
		uint32_t k = t->keys[j];
		void *v = t->vals[j];

		t->keys[j] = 0;
		t->vals[j] = NULL;
		t->n--;
		put_nogrow(t, k, v);
	}
}

void idtab_free(struct idtab *t)
{
	free(t->keys);
	free(t->vals);
	t->keys = NULL;
	t->vals = NULL;
	t->cap = t->n = 0;
}
