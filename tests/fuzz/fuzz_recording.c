// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fuzz_recording.c - libFuzzer target: a recording file (the header and
 * the records after it) taken as 'copyscope replay' and 'copyscope
 * export' take it: its phases looked for, every record printed as text
 * and JSON and fed to a model whose facts become Chrome trace events.
 * Whatever names it holds, the output stays free of control bytes and
 * invalid UTF-8 (fuzz_safe.h).
 */
#include <stdint.h>
#include <stdio.h>

#include "abi/recording.h"
#include "model/model.h"
#include "tests/fuzz/fuzz_safe.h"
#include "views/event_json.h"
#include "views/event_text.h"
#include "views/export_chrome.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char buf[CS_REC_MAX_RECORD];
	static struct safe_out text, json, chrome;
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
	f = fmemopen((void *)data, size, "r");
	if (!f)
		goto out;
	if (recording_open(&r, f, err, sizeof(err)))
		goto out;
	mo.phase_gate = recording_has_phases(&r);
	mo.focus_tgid = r.h.pid;
	x = chrome_export_begin(safe_open(&chrome), r.h.start_ts, r.h.what);
	mo.sink = chrome_export_fact;
	mo.sink_data = x;
	m = x ? model_new(&mo) : NULL;
	json_init(&j, safe_open(&json));
	while ((n = recording_next(&r, buf, sizeof(buf)))) {
		event_text(safe_open(&text), (const struct cs_hdr *)buf,
			   r.h.start_ts);
		safe_check(&text, true);
		event_json(&j, (const struct cs_hdr *)buf, r.h.start_ts);
		safe_check(&json, false);
		if (m)
			model_feed(m, buf, n);
	}
	if (m)
		model_flush(m);
	model_free(m);
	if (x)
		chrome_export_end(x);
	safe_check(&chrome, false);
out:
	if (f)
		fclose(f);
	return 0;
}
