/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* commands.h - the subcommand table (bpftool style: one file per command). */
#ifndef COPYSCOPE_COMMANDS_H
#define COPYSCOPE_COMMANDS_H

#include <stdbool.h>

struct command {
	const char *name;
	int (*run)(int argc, char **argv); /* argv[0] is the command name */
	const char *summary;
};

int cmd_trace(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_demo(int argc, char **argv); /* cmd_tui.c */
int cmd_tour(int argc, char **argv); /* 'copyscope' alone: cmd_tui.c */

/* 'copyscope trace' on a terminal opens the TUI (cmd_tui.c). */
struct trace_args;
struct session_opts;
bool tui_trace_wanted(const struct trace_args *a);
int tui_trace(const struct session_opts *so);

/* Exit codes shared by every command. */
#define EXIT_USAGE 2 /* bad options */
#define EXIT_NOPERM 77 /* not allowed to trace: like EX_NOPERM */
#define EXIT_NOSERVICE 69 /* the tracing service went away: EX_UNAVAILABLE */

#endif
