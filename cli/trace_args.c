// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * trace_args.c - option parsing for 'copyscope trace': pure (no side
 * effects, unit-tested), through cli/opts.h as every command's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/copyscope.h"
#include "bpf/features.h"
#include "bpf/probe.h"
#include "cli/opts.h"
#include "cli/trace_args.h"
#include "model/model.h"

const char trace_usage[] =
	"usage: copyscope trace [OPTIONS] -p PID[,PID...] | -n NAME | --cgroup DIR\n"
	"       copyscope trace [OPTIONS] -- COMMAND [ARGS...]\n"
	"\n"
	"Trace a running process (with its threads and the children it starts)\n"
	"or a command, and print what it does with data: every system call with\n"
	"its file descriptors' kinds, the kernel's evidence of each copy, DMA\n"
	"transfer, page fault and context switch.  At the end (the process ends,\n"
	"or Ctrl-C) the kernel's exact counters and the number of lost records.\n"
	"\n"
	"  -p, --pid PID[,PID]  trace these running processes (repeatable), with\n"
	"                       the children they forked before and after\n"
	"  -n, --name NAME      trace the processes named NAME (their comm, as\n"
	"                       ps -o comm shows it), running or started later\n"
	"      --cgroup DIR     trace the processes of a cgroup v2 directory (a\n"
	"                       service, a container), running or started later\n"
	"  -u, --user USER      run COMMAND as USER, with USER's groups (as\n"
	"                       strace -u does; under sudo: -u $SUDO_USER)\n"
	"      --json           one JSON object per line (doc/json.md)\n"
	"      --text           a text stream even on a terminal (default\n"
	"                       there: the live screen, a table row per flow;\n"
	"                       Tab picks the flow its picture follows)\n"
	"  -o, --output FILE    write events to FILE instead of stdout\n"
	"  -q, --quiet          no events, only the counters at the end\n"
	"      --socket PATH    through the tracing service ('copyscope serve')\n"
	"                       at PATH; without privileges copyscope uses\n"
	"                       /run/copyscope.sock by itself\n"
	"      --record FILE    also save every record to FILE (a recording)\n"
	"      --report         at the end, the comparison table of 'copyscope\n"
	"                       report' for the traced process: its strategy, CPU\n"
	"                       copies and DMA transfers, calls, switches\n"
	"      --flow-min SIZE  --report: flows that moved less fold into one\n"
	"                       'other' row per process (default 64K; 0: none)\n"
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

int trace_args_parse(struct trace_args *a, int argc, char **argv, char *err,
		     size_t errlen)
{
	enum {
		O_JSON = 256,
		O_TEXT,
		O_IO_ONLY,
		O_COUNTERS_ONLY,
		O_NO_FOLLOW,
		O_REPORT,
		O_RECORD,
		O_TIER,
		O_RINGBUF,
		O_NICE,
		O_CGROUP,
		O_SOCKET,
		O_FLOW_MIN,
	};
	static const struct option longs[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "pid", required_argument, NULL, 'p' },
		{ "user", required_argument, NULL, 'u' },
		{ "name", required_argument, NULL, 'n' },
		{ "cgroup", required_argument, NULL, O_CGROUP },
		{ "json", no_argument, NULL, O_JSON },
		{ "text", no_argument, NULL, O_TEXT },
		{ "quiet", no_argument, NULL, 'q' },
		{ "io-only", no_argument, NULL, O_IO_ONLY },
		{ "counters-only", no_argument, NULL, O_COUNTERS_ONLY },
		{ "syscall-times", no_argument, NULL, 'T' },
		{ "no-follow", no_argument, NULL, O_NO_FOLLOW },
		{ "report", no_argument, NULL, O_REPORT },
		{ "flow-min", required_argument, NULL, O_FLOW_MIN },
		{ "verbose", no_argument, NULL, 'v' },
		{ "output", required_argument, NULL, 'o' },
		{ "record", required_argument, NULL, O_RECORD },
		{ "tier", required_argument, NULL, O_TIER },
		{ "ringbuf", required_argument, NULL, O_RINGBUF },
		{ "nice", required_argument, NULL, O_NICE },
		{ "socket", required_argument, NULL, O_SOCKET },
		{ "duration", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o;
	const char *v;
	char *end;
	int c;

	memset(a, 0, sizeof(*a));
	a->follow = true;
	a->tier = CS_TIER_NONE;
	a->ringbuf = CS_RINGBUF_DEFAULT;
	a->flow_min = CS_FLOW_MIN_BYTES;
	a->nice = TRACE_NICE_DEFAULT;

	/* in order: what follows "--" is the command's, not ours */
	opts_init(&o, argc, argv, longs, true);
	while ((c = opts_next(&o, err, errlen)) != -1) {
		v = o.arg;
		switch (c) {
		case OPTS_ERROR:
			return -1;
		case 'h':
			a->help = true;
			break;
		case 'p':
			if (targets_add_pids(&a->targets, v, err, errlen))
				return -1;
			break;
		case 'n':
			if (targets_add_name(&a->targets, v, err, errlen))
				return -1;
			break;
		case O_CGROUP:
			if (!v || !*v) {
				snprintf(err, errlen, "%s needs a directory",
					 o.name);
				return -1;
			}
			a->targets.cgroup = v;
			break;
		case O_JSON:
			a->json = true;
			break;
		case O_TEXT:
			a->text = true;
			break;
		case 'q':
			a->quiet = true;
			break;
		case O_IO_ONLY:
			a->io_only = true;
			break;
		case O_COUNTERS_ONLY:
			a->counters_only = true;
			break;
		case 'T':
			a->syscall_times = true;
			break;
		case O_NO_FOLLOW:
			a->follow = false;
			break;
		case O_REPORT:
			a->report = true;
			break;
		case 'v':
			a->verbose = true;
			break;
		case O_SOCKET:
			if (!v || !*v) {
				snprintf(err, errlen, "%s needs a path",
					 o.name);
				return -1;
			}
			a->socket = v;
			break;
		case 'o':
		case O_RECORD:
			if (!v) {
				snprintf(err, errlen, "%s needs a file name",
					 o.name);
				return -1;
			}
			*(c == 'o' ? &a->output : &a->record) = v;
			break;
		case 'u':
			if (!v || !*v) {
				snprintf(err, errlen, "%s needs a user name",
					 o.name);
				return -1;
			}
			a->user = v;
			break;
		case O_TIER:
			a->tier = v ? tier_parse(v) : -1;
			if (a->tier < 0) {
				snprintf(err, errlen,
					 "--tier takes auto, fentry, kprobe or tracepoint");
				return -1;
			}
			break;
		case O_FLOW_MIN: {
			int64_t sz = v ? parse_size(v) : -1;

			if (sz < 0) {
				snprintf(err, errlen,
					 "--flow-min takes a size, like 64K or 0");
				return -1;
			}
			a->flow_min = (uint64_t)sz;
			break;
		}
		case O_RINGBUF: {
			int64_t sz = v ? parse_size(v) : -1;

			if (sz < 4096 || sz > (1LL << 30)) {
				snprintf(err, errlen,
					 "--ringbuf takes a size from 4K to 1G, like 8M");
				return -1;
			}
			a->ringbuf = sz;
			break;
		}
		case O_NICE: {
			long nv = v ? strtol(v, &end, 10) : -100;

			if (!v || *end || nv < 0 || nv > 19) {
				snprintf(err, errlen, "--nice takes 0 to 19");
				return -1;
			}
			a->nice = (int)nv;
			break;
		}
		case 'd':
			a->duration = v ? strtod(v, &end) : -1;
			if (!v || *end || a->duration <= 0) {
				snprintf(err, errlen,
					 "--duration takes a number of seconds");
				return -1;
			}
			break;
		}
	}
	if (o.dashdash) {
		if (opts_index(&o) >= argc) {
			snprintf(err, errlen, "'--' must be followed by a command");
			return -1;
		}
		a->argv = &argv[opts_index(&o)];
	} else if (opts_index(&o) < argc) {
		/* the command comes after "--" */
		snprintf(err, errlen, "unknown option '%s'", argv[opts_index(&o)]);
		return -1;
	}
	if (a->help)
		return 0;
	if (targets_any(&a->targets) && a->argv) {
		snprintf(err, errlen,
			 "give either -p, -n or --cgroup, or -- COMMAND, not both");
		return -1;
	}
	if (!targets_any(&a->targets) && !a->argv) {
		snprintf(err, errlen,
			 "nothing to trace: give -p PID, -n NAME, --cgroup DIR or -- COMMAND");
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
