// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * main.c - copyscope: shows where the bytes go.
 * Dispatches to one subcommand (cli/cmd_*.c) by name.
 */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"

static const struct command commands[] = {
	{ "demo", cmd_demo, "run one bundled demo on screen (--list: which exist)" },
	{ "trace", cmd_trace, "trace a process or a command: events and exact counters" },
	{ "report", cmd_report, "run the demos headless: the measured comparison table" },
	{ "replay", cmd_replay, "play back a recording (trace --record): no root needed" },
	{ "export", cmd_export, "a recording as a trace for Perfetto / chrome://tracing" },
	{ "serve", cmd_serve, "one tracing engine for all users of a machine (root)" },
	{ "doctor", cmd_doctor, "what this kernel and these privileges allow, and the tier used" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	fprintf(out,
		"usage: copyscope COMMAND [OPTIONS]\n"
		"\n"
		"copyscope makes data movement inside Linux visible: every copy,\n"
		"DMA transfer, mode switch and context switch of an I/O strategy.\n"
		"\n"
		"commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(out,
		"\n"
		"'copyscope COMMAND --help' describes each; 'man 8 copyscope' all.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--no-class") ||
	    !strcmp(argv[1], "--socket"))
		return cmd_tour(argc, argv); /* the tour */
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("copyscope %s\n", COPYSCOPE_VERSION);
		return 0;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "copyscope: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
