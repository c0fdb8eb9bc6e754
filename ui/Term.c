// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Term.c - the terminal (see Term.h).
 *
 * curses writes to a duplicate of the original stdout, and reads from a
 * duplicate of stdin; the process's own fds 1 and 2 are pointed at a pipe
 * for as long as the TUI runs.  Children started under the tracer (the
 * demos, a traced command) inherit that pipe instead of the terminal, so
 * their messages land in the event log, not across the picture.  The
 * pipe is non-blocking on both ends: a chatty child loses lines rather
 * than stalling, and we never block on ourselves.
 *
 * The terminal is given back on q (the caller), at exit(), on SIGINT and
 * SIGTERM (a flag the main loop sees within a frame) and on crashes (the
 * handler restores it and re-raises the signal).  Window size changes come
 * from curses' own SIGWINCH handling as KEY_RESIZE.
 */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui/Term.h"
#include "views/layout.h"

static struct {
	bool active;
	bool utf8;
	bool colour;
	SCREEN *scr;
	FILE *out, *in;
	int saved_out, saved_err; /* the original fds 1 and 2 */
	int cap; /* read end of the capture pipe */
	int attr[TS_MAX];
} T = { .saved_out = -1, .saved_err = -1, .cap = -1 };

static volatile sig_atomic_t stop_requested;

static const char *const glyph_utf8[TG_MAX] = {
	[TG_ARROW_N] = "\u25b2", [TG_ARROW_E] = "\u25b6",
	[TG_ARROW_S] = "\u25bc", [TG_ARROW_W] = "\u25c0",
	[TG_DMA] = "\u2593",	 [TG_DMA_TRAIL] = "\u2591",
	[TG_CPU] = "\u25cf",	 [TG_CPU_TRAIL] = "\u2022",
	[TG_REF_H] = "\u2508",	 [TG_REF_V] = "\u250a",
	[TG_MAP_H] = "\u2550",	 [TG_MAP_V] = "\u2551",
	[TG_SEP] = "\u254c",	 [TG_MARK] = "\u25c6",
	[TG_ON] = "\u25cf",	 [TG_OFF] = "\u25cb",
	[TG_SELECT] = "\u25b8",	 [TG_ELLIPSIS] = "\u2026",
};

static const char *const glyph_ascii[TG_MAX] = {
	[TG_ARROW_N] = "^", [TG_ARROW_E] = ">",	  [TG_ARROW_S] = "v",
	[TG_ARROW_W] = "<", [TG_DMA] = "#",	  [TG_DMA_TRAIL] = "%",
	[TG_CPU] = "@",	    [TG_CPU_TRAIL] = "o", [TG_REF_H] = ".",
	[TG_REF_V] = ":",   [TG_MAP_H] = "=",	  [TG_MAP_V] = "H",
	[TG_SEP] = "-",	    [TG_MARK] = "*",	  [TG_ON] = "*",
	[TG_OFF] = "o",	    [TG_SELECT] = ">",	  [TG_ELLIPSIS] = "~",
};

/* Indexed by LAY_N | LAY_E | LAY_S | LAY_W. */
static const char *const line_utf8[16] = {
	" ",	  "\u2502", "\u2500", "\u2514", "\u2502", "\u2502",
	"\u250c", "\u251c", "\u2500", "\u2518", "\u2500", "\u2534",
	"\u2510", "\u2524", "\u252c", "\u253c",
};

static const char *const line_ascii[16] = {
	" ", "|", "-", "+", "|", "|", "+", "+",
	"-", "+", "-", "+", "+", "+", "+", "+",
};

bool Term_active(void)
{
	return T.active;
}

bool Term_utf8(void)
{
	return T.utf8;
}

bool Term_colour(void)
{
	return T.colour;
}

int Term_attr(enum term_style s)
{
	return (unsigned)s < TS_MAX ? T.attr[s] : (int)A_NORMAL;
}

const char *Term_glyph(enum term_glyph g)
{
	if ((unsigned)g >= TG_MAX)
		return "?";
	return T.utf8 ? glyph_utf8[g] : glyph_ascii[g];
}

const char *Term_line(uint8_t dirs)
{
	return T.utf8 ? line_utf8[dirs & 15] : line_ascii[dirs & 15];
}

bool Term_stopRequested(void)
{
	return stop_requested;
}

int Term_outputFd(void)
{
	return T.cap;
}

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* A crash: give the terminal back, then die of the same signal. */
static void on_crash(int sig)
{
	Term_end();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void restore_fds(void)
{
	fflush(stdout);
	fflush(stderr);
	if (T.saved_out >= 0) {
		dup2(T.saved_out, 1);
		close(T.saved_out);
		T.saved_out = -1;
	}
	if (T.saved_err >= 0) {
		dup2(T.saved_err, 2);
		close(T.saved_err);
		T.saved_err = -1;
	}
	if (T.cap >= 0) {
		close(T.cap);
		T.cap = -1;
	}
}

void Term_end(void)
{
	if (!T.active)
		return;
	T.active = false;
	curs_set(1);
	endwin();
	if (T.out)
		fflush(T.out);
	restore_fds();
}

static void styles(void)
{
	static const struct {
		short fg, bg;
		int extra;
		int mono;
	} st[TS_MAX] = {
		[TS_NORMAL] = { -1, -1, 0, A_NORMAL },
		[TS_DIM] = { -1, -1, A_DIM, A_DIM },
		[TS_BOLD] = { -1, -1, A_BOLD, A_BOLD },
		[TS_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD,
			       A_REVERSE | A_BOLD },
		[TS_STATUS] = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
		[TS_KEY] = { COLOR_WHITE, COLOR_BLACK, A_BOLD, A_BOLD },
		[TS_BOX] = { -1, -1, 0, A_NORMAL },
		[TS_BOX_ACTIVE] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
		[TS_BAND] = { COLOR_CYAN, -1, 0, A_NORMAL },
		[TS_BAND_ON] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD,
				 A_REVERSE | A_BOLD },
		[TS_SEP] = { COLOR_BLUE, -1, A_BOLD, A_DIM },
		[TS_DMA] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
		[TS_CPU] = { COLOR_RED, -1, A_BOLD, A_BOLD },
		[TS_REF] = { COLOR_GREEN, -1, A_BOLD, A_NORMAL },
		[TS_MAP] = { COLOR_MAGENTA, -1, A_BOLD, A_UNDERLINE },
		[TS_EXPLAINED] = { -1, -1, A_DIM, A_DIM },
		[TS_WARN] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
		[TS_GOOD] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
		[TS_HILITE] = { -1, -1, A_REVERSE | A_BOLD,
				A_REVERSE | A_BOLD },
	};
	int i;

	for (i = 0; i < TS_MAX; i++) {
		if (!T.colour) {
			T.attr[i] = st[i].mono;
			continue;
		}
		if (st[i].fg == -1 && st[i].bg == -1) {
			T.attr[i] = st[i].extra;
			continue;
		}
		init_pair((short)(i + 1), st[i].fg, st[i].bg);
		T.attr[i] = COLOR_PAIR(i + 1) | st[i].extra;
	}
}

static void signals(void)
{
	static const int crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction sa;
	unsigned i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	for (i = 0; i < sizeof(crash) / sizeof(crash[0]); i++)
		sigaction(crash[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Point fds 1 and 2 at a pipe we read (see the top of this file). */
static int capture(void)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC | O_NONBLOCK))
		return -1;
	fflush(stdout);
	fflush(stderr);
	T.saved_out = fcntl(1, F_DUPFD_CLOEXEC, 3);
	T.saved_err = fcntl(2, F_DUPFD_CLOEXEC, 3);
	if (T.saved_out < 0 || T.saved_err < 0 || dup2(p[1], 1) < 0 ||
	    dup2(p[1], 2) < 0) {
		close(p[0]);
		close(p[1]);
		restore_fds();
		return -1;
	}
	close(p[1]);
	T.cap = p[0];
	return 0;
}

int Term_init(char *err, size_t errlen)
{
	static bool registered;
	const char *nc = getenv("NO_COLOR");
	int ofd, ifd;

	if (T.active)
		return 0;
	setlocale(LC_ALL, "");
	T.utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	if (!isatty(0) || !isatty(1)) {
		snprintf(err, errlen,
			 "the TUI needs a terminal on stdin and stdout");
		return -1;
	}
	ofd = fcntl(1, F_DUPFD_CLOEXEC, 3);
	ifd = fcntl(0, F_DUPFD_CLOEXEC, 3);
	T.out = ofd >= 0 ? fdopen(ofd, "w") : NULL;
	T.in = ifd >= 0 ? fdopen(ifd, "r") : NULL;
	if (!T.out || !T.in) {
		snprintf(err, errlen, "cannot open the terminal: %s",
			 strerror(errno));
		goto fail;
	}
	T.scr = newterm(NULL, T.out, T.in);
	if (!T.scr) {
		snprintf(err, errlen,
			 "cannot use this terminal (TERM=%s): set TERM to "
			 "a known type such as xterm-256color",
			 getenv("TERM") ? getenv("TERM") : "");
		goto fail;
	}
	set_term(T.scr);
	T.active = true;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	T.colour = !(nc && *nc) && has_colors();
	if (T.colour) {
		start_color();
		use_default_colors();
	}
	styles();
	signals();
	if (!registered) {
		atexit(Term_end);
		registered = true;
	}
	capture();
	return 0;
fail:
	if (T.out)
		fclose(T.out);
	else if (ofd >= 0)
		close(ofd);
	if (T.in)
		fclose(T.in);
	else if (ifd >= 0)
		close(ifd);
	T.out = T.in = NULL;
	return -1;
}
