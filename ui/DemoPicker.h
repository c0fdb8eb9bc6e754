/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * DemoPicker.h - the tour's menu: every bundled demo with its one-line
 * description; Enter watches one run, s steps through it.
 */
#ifndef COPYSCOPE_UI_DEMOPICKER_H
#define COPYSCOPE_UI_DEMOPICKER_H

#include <stdbool.h>

#include "views/layout.h"

enum picker_action {
	PICK_NONE = 0,
	PICK_RUN, /* watch the selected demo run freely */
	PICK_STEP, /* step through it */
	PICK_CLOSE, /* back to what was on screen */
	PICK_QUIT,
};

struct picker {
	int sel;
	bool can_close; /* a run is behind the menu */
	char msg[512]; /* why the last start failed */
};

/* The area the menu takes. */
struct lay_rect DemoPicker_area(const struct layout *l);
void DemoPicker_draw(const struct layout *l, const struct picker *p);
enum picker_action DemoPicker_key(struct picker *p, int ch);

#endif
