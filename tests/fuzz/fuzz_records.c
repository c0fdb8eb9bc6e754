// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fuzz_records.c - libFuzzer target: arbitrary bytes as a stream of probe
 * records (what a recording file or a broken ring buffer could hold) fed
 * to every parser of records: record_check(), the model, the JSON and
 * text views.  Nothing may crash, hang or read out of bounds, and no
 * name in a record may put a control byte or invalid UTF-8 in the output
 * (fuzz_safe.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/record.h"
#include "model/model.h"
#include "tests/fuzz/fuzz_safe.h"
#include "abi/record.h"
#include "views/event_json.h"
#include "views/event_text.h"

static void sink(const struct cs_fact *f, void *data)
{
	/* touch the caption so that a bad one is found */
	*(size_t *)data += strlen(f->text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct safe_out text, json;
	size_t seen = 0;
	struct cs_model_opts o = { .sink = sink, .sink_data = &seen };
	struct cs_model *m;
	struct json j;

	json_init(&j, safe_open(&json));
	m = model_new(&o);
	if (!m)
		return 0;
	/* the model takes the raw bytes: it must check them itself */
	while (size >= sizeof(struct cs_hdr)) {
		struct cs_hdr h;
		size_t n, take;

		memcpy(&h, data, sizeof(h));
		take = h.size >= sizeof(h) && h.size <= size ? h.size : size;
		model_feed(m, data, take);
		n = record_check(data, take);
		if (n && h.type == CS_EV_ENDPOINT) {
			struct cs_endpoint e;
			const char *t;

			/* the name kept: a string, however the text ended */
			memcpy(&e, data, sizeof(e));
			t = model_endpoint_text(m, e.dev, e.ino);
			if (t && strlen(t) > CS_ENDPOINT_LEN)
				abort();
		}
		if (n) {
			/* an aligned copy, as the ring buffer would give */
			void *rec = malloc(n);

			memcpy(rec, data, n);
			event_json(&j, rec, 0);
			safe_check(&json, false);
			event_text(safe_open(&text), rec, 0);
			safe_check(&text, true);
			free(rec);
		}
		data += take;
		size -= take;
	}
	model_flush(m);
	model_free(m);
	return 0;
}
