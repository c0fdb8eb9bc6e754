/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Term.h - the one module that owns the terminal: curses set-up and
 * tear-down, the signals that must restore the terminal, the colour and
 * glyph sets (Unicode or ASCII, colour or monochrome, NO_COLOR), and the
 * capture of whatever programs started under the TUI write to stdout and
 * stderr (it would tear the picture apart otherwise).
 */
#ifndef COPYSCOPE_UI_TERM_H
#define COPYSCOPE_UI_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum term_style {
	TS_NORMAL = 0,
	TS_DIM,
	TS_BOLD,
	TS_TITLE, /* the title bar */
	TS_STATUS, /* the status bar */
	TS_KEY, /* a key name in the status bar or help */
	TS_BOX, /* a place */
	TS_BOX_ACTIVE, /* a place the current transfer touches */
	TS_BAND, /* band names */
	TS_BAND_ON, /* the band the traced process is in now */
	TS_SEP, /* the boundary lines */
	TS_DMA,
	TS_CPU,
	TS_REF,
	TS_MAP,
	TS_EXPLAINED, /* what no device did here (virtual NIC) */
	TS_WARN, /* drops, errors */
	TS_GOOD, /* verified, on the CPU */
	TS_HILITE, /* the current table row, the picker's selection */
	TS_MAX,
};

enum term_glyph {
	TG_ARROW_N = 0,
	TG_ARROW_E,
	TG_ARROW_S,
	TG_ARROW_W,
	TG_DMA, /* data moved by a device */
	TG_DMA_TRAIL,
	TG_CPU, /* data copied by the processor */
	TG_CPU_TRAIL,
	TG_REF_H, /* a reference: drawn, not moving */
	TG_REF_V,
	TG_MAP_H, /* a mapping */
	TG_MAP_V,
	TG_SEP, /* boundary line */
	TG_MARK, /* the user/kernel marker */
	TG_ON, /* on the CPU */
	TG_OFF,
	TG_SELECT, /* current row */
	TG_ELLIPSIS,
	TG_MAX,
};

/* Set up curses on the terminal.  Returns 0, or -1 with a sentence in err. */
int Term_init(char *err, size_t errlen);
/* Restore the terminal (idempotent; also run at exit and on crashes). */
void Term_end(void);
bool Term_active(void);

bool Term_utf8(void);
bool Term_colour(void);
/* curses attributes of a style (colour pair and/or bold, reverse ...). */
int Term_attr(enum term_style s);
const char *Term_glyph(enum term_glyph g);
/* The line glyph joining the directions in dirs (LAY_N | LAY_E ...). */
const char *Term_line(uint8_t dirs);

/* SIGINT or SIGTERM arrived: the main loop should end. */
bool Term_stopRequested(void);

/*
 * The read end (non-blocking) of what child processes and libraries
 * write to stdout/stderr while the TUI runs; -1 when not captured.
 */
int Term_outputFd(void);

#endif
