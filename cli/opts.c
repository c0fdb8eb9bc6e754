// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* opts.c - getopt_long for every subcommand (see opts.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/opts.h"

void opts_init(struct opts *o, int argc, char **argv,
	       const struct option *longs, bool in_order)
{
	size_t n = 0;

	memset(o, 0, sizeof(*o));
	o->argc = argc;
	o->argv = argv;
	o->longs = longs;
	if (in_order)
		o->shorts[n++] = '+';
	o->shorts[n++] = ':'; /* a missing value is ':', not '?' */
	for (const struct option *l = longs; l->name; l++) {
		if (l->val > 127 || !((l->val >= 'a' && l->val <= 'z') ||
				      (l->val >= 'A' && l->val <= 'Z')))
			continue;
		if (n + 3 > sizeof(o->shorts))
			break;
		o->shorts[n++] = (char)l->val;
		if (l->has_arg == required_argument)
			o->shorts[n++] = ':';
	}
	o->shorts[n] = 0;
	/* 0, not 1: glibc starts afresh (a second parse, the "+" above) */
	optind = 0;
	opterr = 0;
}

/*
 * The option just read, as typed: "--name" (without a value) or "-c".  li
 * is getopt_long's index of a long option, -1 when it did not set one (an
 * error: then the option is the last argument it read).
 */
static void set_name(struct opts *o, int c, int li)
{
	const char *typed =
		optind > 0 && optind <= o->argc ? o->argv[optind - 1] : "";

	if (li >= 0)
		snprintf(o->name, sizeof(o->name), "--%s", o->longs[li].name);
	else if (!strncmp(typed, "--", 2))
		snprintf(o->name, sizeof(o->name), "%.*s",
			 (int)strcspn(typed, "="), typed);
	else
		snprintf(o->name, sizeof(o->name), "-%c", c);
}

int opts_next(struct opts *o, char *err, size_t errlen)
{
	int before = optind ? optind : 1, c, li = -1;

	o->arg = NULL;
	o->name[0] = 0;
	c = getopt_long(o->argc, o->argv, o->shorts, o->longs, &li);
	if (c == -1) {
		o->dashdash = optind > before && optind <= o->argc &&
			      !strcmp(o->argv[optind - 1], "--");
		return -1;
	}
	if (c == ':') { /* needs a value and has none */
		set_name(o, optopt, -1);
		return optopt;
	}
	if (c == '?') {
		const char *typed = optind > 0 && optind <= o->argc ?
					    o->argv[optind - 1] :
					    "";

		if (optopt && !strncmp(typed, "--", 2)) {
			set_name(o, optopt, -1);
			snprintf(err, errlen, "%s takes no value", o->name);
		} else if (optopt) {
			snprintf(err, errlen, "unknown option '-%c'", optopt);
		} else {
			snprintf(err, errlen, "unknown option '%s'", typed);
		}
		return OPTS_ERROR;
	}
	set_name(o, c, li);
	o->arg = optarg;
	return c;
}

int opts_index(const struct opts *o)
{
	(void)o;
	return optind;
}

int opts_usage_error(const char *cmd, const char *err)
{
	fprintf(stderr, "copyscope %s: %s\n(try 'copyscope %s --help')\n", cmd,
		err, cmd);
	return EXIT_USAGE;
}

const char speed_error[] = "--speed takes a factor from 0.125 to 32";

int parse_speed(const char *v, double *speed)
{
	char *end;
	double x;

	if (!v)
		return -1;
	x = strtod(v, &end);
	if (end == v || *end || !(x >= 0.125 && x <= 32))
		return -1;
	*speed = x;
	return 0;
}
