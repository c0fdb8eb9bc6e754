// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * trace_args.c - option parsing for 'copyscope trace'.  Hand-written
 * rather than getopt_long because it must be pure (unit-tested, no global
 * optind state) and stop exactly at "--".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/copyscope.h"
#include "bpf/features.h"
#include "bpf/probe.h"
#include "cli/trace_args.h"

const char trace_usage[] =
	"usage: copyscope trace [OPTIONS] -p PID\n"
	"       copyscope trace [OPTIONS] -- COMMAND [ARGS...]\n"
	"\n"
	"Trace a running process (with its threads and the children it starts)\n"
	"or a command, and print what it does with data: every system call with\n"
	"its file descriptors' kinds, the kernel's evidence of each copy, DMA\n"
	"transfer, page fault and context switch.  At the end (the process ends,\n"
	"or Ctrl-C) the kernel's exact counters and the number of lost records.\n"
	"\n"
	"  -p, --pid PID        trace this running process\n"
	"  -u, --user USER      run COMMAND as USER, with USER's groups (as\n"
	"                       strace -u does; under sudo: -u $SUDO_USER)\n"
	"      --json           one JSON object per line (doc/json.md)\n"
	"      --text           a text stream even on a terminal (default\n"
	"                       there: the live screen)\n"
	"  -o, --output FILE    write events to FILE instead of stdout\n"
	"  -q, --quiet          no events, only the counters at the end\n"
	"      --record FILE    also save every record to FILE (a recording)\n"
	"      --report         at the end, the comparison table of 'copyscope\n"
	"                       report' for the traced process: its strategy, CPU\n"
	"                       copies and DMA transfers, calls, switches\n"
	"      --io-only        records only for system calls that move data\n"
	"      --counters-only  kernel counters only (cheapest)\n"
	"  -T, --syscall-times  show how long each system call took (its entry\n"
	"                       time is recorded too, which adds a second BPF\n"
	"                       program to every system call of every process)\n"
	"      --no-follow      do not trace children and new threads\n"
	"      --tier TIER      auto (default), fentry, kprobe or tracepoint\n"
	"      --ringbuf SIZE   ring buffer size (default 4M; K, M, G suffixes)\n"
	"      --nice N         text and JSON: run copyscope itself at this nice\n"
	"                       value once the command has started (default 10:\n"
	"                       records wait in the ring buffer rather than take\n"
	"                       CPU from what is traced; 0 keeps its own)\n"
	"  -d, --duration SEC   stop after SEC seconds\n"
	"  -v, --verbose        show libbpf's messages, and every BPF program\n"
	"                       with what became of it\n"
	"  -h, --help           this text\n";

int64_t parse_size(const char *s)
{
	char *end;
	unsigned long long v;
	int shift = 0;

	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	switch (*end) {
	case 'k':
	case 'K':
		shift = 10;
		end++;
		break;
	case 'm':
	case 'M':
		shift = 20;
		end++;
		break;
	case 'g':
	case 'G':
		shift = 30;
		end++;
		break;
	}
	if (*end == 'i' && shift)
		end++;
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end || v > (1ULL << (62 - shift)))
		return -1;
	return (int64_t)(v << shift);
}

/* The value of an option: "--opt=value" or the next argument. */
static const char *value(int argc, char **argv, int *i, const char *eq)
{
	if (eq)
		return eq + 1;
	if (*i + 1 < argc)
		return argv[++*i];
	return NULL;
}

int trace_args_parse(struct trace_args *a, int argc, char **argv, char *err,
		     size_t errlen)
{
	memset(a, 0, sizeof(*a));
	a->follow = true;
	a->tier = CS_TIER_NONE;
	a->ringbuf = CS_RINGBUF_DEFAULT;
	a->nice = TRACE_NICE_DEFAULT;

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *eq = strncmp(arg, "--", 2) ? NULL : strchr(arg, '=');
		size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
		const char *v;

#define IS(s) (n == strlen(s) && !strncmp(arg, s, n))
		if (!strcmp(arg, "--")) {
			if (i + 1 >= argc) {
				snprintf(err, errlen, "'--' must be followed by a command");
				return -1;
			}
			a->argv = &argv[i + 1];
			break;
		} else if (IS("-h") || IS("--help")) {
			a->help = true;
		} else if (IS("-p") || IS("--pid")) {
			char *end;
			long pid;

			v = value(argc, argv, &i, eq);
			if (!v) {
				snprintf(err, errlen, "%s needs a process id", arg);
				return -1;
			}
			pid = strtol(v, &end, 10);
			if (*end || pid <= 0 || pid > 0x7fffffff) {
				snprintf(err, errlen, "'%s' is not a process id", v);
				return -1;
			}
			a->pid = pid;
		} else if (IS("--json")) {
			a->json = true;
		} else if (IS("--text")) {
			a->text = true;
		} else if (IS("-q") || IS("--quiet")) {
			a->quiet = true;
		} else if (IS("--io-only")) {
			a->io_only = true;
		} else if (IS("--counters-only")) {
			a->counters_only = true;
		} else if (IS("-T") || IS("--syscall-times")) {
			a->syscall_times = true;
		} else if (IS("--no-follow")) {
			a->follow = false;
		} else if (IS("--report")) {
			a->report = true;
		} else if (IS("-v") || IS("--verbose")) {
			a->verbose = true;
		} else if (IS("-o") || IS("--output")) {
			a->output = value(argc, argv, &i, eq);
			if (!a->output) {
				snprintf(err, errlen, "%s needs a file name", arg);
				return -1;
			}
		} else if (IS("--record")) {
			a->record = value(argc, argv, &i, eq);
			if (!a->record) {
				snprintf(err, errlen, "%s needs a file name", arg);
				return -1;
			}
		} else if (IS("-u") || IS("--user")) {
			a->user = value(argc, argv, &i, eq);
			if (!a->user || !*a->user) {
				snprintf(err, errlen, "%s needs a user name", arg);
				return -1;
			}
		} else if (IS("--tier")) {
			v = value(argc, argv, &i, eq);
			a->tier = v ? tier_parse(v) : -1;
			if (a->tier < 0) {
				snprintf(err, errlen,
					 "--tier takes auto, fentry, kprobe or tracepoint");
				return -1;
			}
		} else if (IS("--ringbuf")) {
			int64_t sz;

			v = value(argc, argv, &i, eq);
			sz = v ? parse_size(v) : -1;
			if (sz < 4096 || sz > (1LL << 30)) {
				snprintf(err, errlen,
					 "--ringbuf takes a size from 4K to 1G, like 8M");
				return -1;
			}
			a->ringbuf = sz;
		} else if (IS("--nice")) {
			char *end;
			long nv;

			v = value(argc, argv, &i, eq);
			nv = v ? strtol(v, &end, 10) : -100;
			if (!v || *end || nv < 0 || nv > 19) {
				snprintf(err, errlen, "--nice takes 0 to 19");
				return -1;
			}
			a->nice = (int)nv;
		} else if (IS("-d") || IS("--duration")) {
			char *end;

			v = value(argc, argv, &i, eq);
			a->duration = v ? strtod(v, &end) : -1;
			if (!v || *end || a->duration <= 0) {
				snprintf(err, errlen,
					 "--duration takes a number of seconds");
				return -1;
			}
		} else {
			snprintf(err, errlen, "unknown option '%s'", arg);
			return -1;
		}
#undef IS
	}
	if (a->help)
		return 0;
	if (a->pid && a->argv) {
		snprintf(err, errlen, "give either -p PID or -- COMMAND, not both");
		return -1;
	}
	if (!a->pid && !a->argv) {
		snprintf(err, errlen, "nothing to trace: give -p PID or -- COMMAND");
		return -1;
	}
	if (a->user && !a->argv) {
		snprintf(err, errlen,
			 "-u runs a command as USER: give -- COMMAND");
		return -1;
	}
	if (a->syscall_times && a->counters_only) {
		snprintf(err, errlen,
			 "-T times system call records: not with --counters-only");
		return -1;
	}
	/* the table counts every system call and checks it against the kernel */
	if (a->report && (a->io_only || a->counters_only)) {
		snprintf(err, errlen,
			 "--report needs a record of every system call: not with %s",
			 a->io_only ? "--io-only" : "--counters-only");
		return -1;
	}
	return 0;
}
