/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Scene.h - everything the screen shows at one moment, gathered by App.c
 * from the model (exact totals), the animation queue (what plays now) and
 * the session (tier, drops, the demo's steps).  Every screen element draws
 * from a const struct scene and nothing else: drawing never changes state.
 */
#ifndef COPYSCOPE_UI_SCENE_H
#define COPYSCOPE_UI_SCENE_H

#include <stdbool.h>
#include <stdint.h>

#include "demos/control.h"
#include "model/model.h"
#include "views/layout_anim.h"

#define SCENE_ROWS 48

struct scene_row {
	char name[40];
	struct cs_totals t;
	bool live; /* still filling */
	bool current; /* the run on screen now */
	bool sub; /* the receiving side of the row above */
	bool other; /* a process's small flows together */
};

struct scene {
	/* The picture's routes: bytes per route and kind, counted window,
	 * every process (the model's totals: exact and current). */
	uint64_t route[CS_PL_MAX][CS_PL_MAX][CS_K_MAX];
	uint64_t nic_explained; /* bytes a real NIC would have moved */
	bool have_receiver;

	/* Indicators, as far as the animation has played. */
	bool kernel; /* the focus process is inside a system call */
	bool off_cpu; /* ... and the scheduler took the CPU away */
	bool involuntary;
	char cpu_other[CS_COMM_LEN + 1]; /* who has the CPU instead */
	char focus_name[24]; /* "sender", or the traced command's name */
	char last_call[40]; /* the focus's last system call played */

	/* The item on screen. */
	const struct anim_item *cur;
	double progress; /* 0..1 */
	size_t waiting;
	char speed[12];
	bool paused;

	/* Title and status. */
	const char *what; /* "demo sendfile", "pid 1234", "command dd" */
	const char *title; /* "sendfile()" */
	const char *summary; /* one line about it */
	const char *strategy; /* recognised strategy of the focus */
	const char *tier; /* "tracepoint" */
	bool is_demo;
	bool step_mode; /* the demo waits for s before each call */
	bool auto_go; /* ... but we let it run */
	bool waiting_go; /* it is waiting now */
	bool cold;
	/* the demo's file has no disk under it (tmpfs): no disk DMA, and
	 * --cold could evict nothing */
	bool no_disk;
	uint64_t cold_others; /* file pages others read in during a cold run */
	uint32_t steps_done;
	char next[CS_CONTROL_MSG_MAX +
		  1]; /* label of the call it waits to run */
	uint64_t drops; /* records the ring buffer lost */
	/* at the end, a counter the records do not add up to ("": none) */
	const char *check;
	uint64_t kernel_syscalls; /* the kernel's exact count, focus */
	bool ended;
	char state[96]; /* "done: 16 MiB verified in 12 ms", "exit 0" */
	bool state_bad;

	struct scene_row rows[SCENE_ROWS];
	int nrows;
	/* A traced program: a row per flow (the picked one, or every one
	 * when all are followed, is current); the one followed, named for the
	 * status line (escaped), and its row (-1: all flows). */
	bool flow_rows;
	char flow_label[192];
	int flow_sel;

	/* Class mode: the article's row under the measured one, what the
	 * last step moved, and why the row differs once the run is over. */
	bool class_mode;
	bool have_book;
	struct cs_totals book;
	char step_caption[512];
	const char *why[8];
	int nwhy;
	bool show_why;
	bool quiz_open; /* a quiz question waits for its answer */
};

#endif
