/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * opts.h - one way to read options, for every subcommand: getopt_long,
 * so "--opt=value" and "--opt value" both work everywhere, unique
 * prefixes of long names too, and every command words the same mistakes
 * the same way.
 */
#ifndef COPYSCOPE_OPTS_H
#define COPYSCOPE_OPTS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#define OPTS_ERROR '?'

struct opts {
	int argc;
	char **argv;
	const struct option
		*longs; /* a short option is a val that is a letter */
	char shorts[64];
	char name[32]; /* the current option as typed: "-p", "--pid" */
	const char *arg; /* its value, NULL when it needs one and has none */
	bool dashdash; /* the options ended at "--" */
};

/*
 * Start reading argv (argv[0] is the command).  in_order: the options end
 * at the first operand (a command after "--", demo names), and argv is not
 * reordered; otherwise options and operands may come in any order.
 */
void opts_init(struct opts *o, int argc, char **argv,
	       const struct option *longs, bool in_order);

/*
 * The next option's val, with o->name and o->arg set.  An option that
 * needs a value and has none comes back with arg NULL: the caller says
 * what it wants ("-p needs a process id").  -1 at the end: the operands
 * start at opts_index().  OPTS_ERROR with one sentence in err for an
 * unknown option or a value given to one that takes none.
 */
int opts_next(struct opts *o, char *err, size_t errlen);
int opts_index(const struct opts *o);

/* --speed X of the live screen (demo, replay): 0, or -1 when v is not a
 * factor from 0.125 to 32 (speed_error says so). */
int parse_speed(const char *v, double *speed);
extern const char speed_error[];

/* "copyscope CMD: ERR" and where to read more, on stderr: EXIT_USAGE. */
int opts_usage_error(const char *cmd, const char *err);

#endif
