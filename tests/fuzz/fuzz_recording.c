// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fuzz_recording.c - libFuzzer target: a recording file (the header and
 * the records after it) taken as 'copyscope replay' and 'copyscope
 * export' take it: its phases looked for, every record printed as text
 * and JSON and fed to a model whose facts become Chrome trace events.
 */
#include <stdint.h>
#include <stdio.h>

#include "abi/recording.h"
#include "model/model.h"
#include "views/event_json.h"
#include "views/event_text.h"
#include "views/export_chrome.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char buf[CS_REC_MAX_RECORD];
	static FILE *sink;
	struct cs_model_opts mo = { 0 };
	struct chrome_export *x;
	struct cs_model *m;
	struct recording r;
	struct json j;
	char err[200];
	size_t n;
	FILE *f;

	if (!size)
		return 0;
	if (!sink)
		sink = fopen("/dev/null", "w");
	f = fmemopen((void *)data, size, "r");
	if (!f || !sink)
		goto out;
	if (recording_open(&r, f, err, sizeof(err)))
		goto out;
	mo.phase_gate = recording_has_phases(&r);
	mo.focus_tgid = r.h.pid;
	x = chrome_export_begin(sink, r.h.start_ts, r.h.what);
	mo.sink = chrome_export_fact;
	mo.sink_data = x;
	m = x ? model_new(&mo) : NULL;
	json_init(&j, sink);
	while ((n = recording_next(&r, buf, sizeof(buf)))) {
		event_text(sink, (const struct cs_hdr *)buf, r.h.start_ts);
		event_json(&j, (const struct cs_hdr *)buf, r.h.start_ts);
		if (m)
			model_feed(m, buf, n);
	}
	if (m)
		model_flush(m);
	model_free(m);
	if (x)
		chrome_export_end(x);
out:
	if (f)
		fclose(f);
	return 0;
}
