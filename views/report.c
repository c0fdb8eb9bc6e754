// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * report.c - render the comparison table in the format asked for.
 */
#include "views/report.h"

int report_render(FILE *out, const struct report_row *rows, size_t n,
		  const struct report_opts *opts)
{
	static const struct report_opts defaults;
	const struct report_opts *o = opts ? opts : &defaults;

	switch (o->format) {
	case REPORT_JSON:
		return report_render_json(out, rows, n, o);
	case REPORT_MD:
		return report_render_text(out, rows, n, o, true);
	case REPORT_TEXT:
	default:
		return report_render_text(out, rows, n, o, false);
	}
}
