// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cmd_serve.c - 'copyscope serve': the machine's one tracing engine, for
 * unprivileged users in the group copyscope (run/serve.c does the work).
 */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "cli/trace_args.h"
#include "run/client.h"
#include "run/serve.h"
#include "run/serve_proto.h"

static const char usage[] =
	"usage: copyscope serve [--socket PATH] [--group NAME|GID] [-v]\n"
	"\n"
	"Load and attach the tracing programs once, and serve the users of\n"
	"this machine on a Unix socket (mode 0660, group " SRV_GROUP " by\n"
	"default): each may trace only processes that run as their own\n"
	"real uid (root: any), and the children of those.  Clients are\n"
	"'copyscope trace', 'demo', 'report' and the tour, run without\n"
	"privileges or with --socket; they start their commands and demos\n"
	"themselves.\n"
	"Under systemd the socket comes from copyscope.socket.\n"
	"\n"
	"      --socket PATH    where to listen (default " SRV_SOCKET_DEFAULT
	")\n"
	"      --group G        the socket's group, a name or a number\n"
	"      --client-buffer BYTES  records held for each client that\n"
	"                       reads slowly (default 32M; beyond: its losses)\n"
	"      --status         ask the service at --socket what it holds\n"
	"  -v, --verbose        a line per client that comes and goes\n";

/* --status: what a running service holds (the tests' view of it). */
static int print_status(const char *path)
{
	struct srv_events ev = { 0 };
	struct srv_client c;
	char err[512];
	int ret;

	if (srv_connect(&c, path, err, sizeof(err))) {
		fprintf(stderr, "copyscope serve: %s\n", err);
		return EXIT_NOSERVICE;
	}
	ret = srv_request(&c, SRV_STATUS, 0, 0, -1);
	while (!ret && !ev.has_status)
		ret = srv_pump(&c, -1, &ev);
	srv_close(&c);
	if (ret)
		return EXIT_NOSERVICE;
	/* the asking client is one of them */
	printf("clients %u\nprocesses %u\ntraced_threads %llu\n"
	       "buffered_bytes %llu\nentry_times_clients %u\n"
	       "counted_processes %llu\n",
	       ev.status.clients - 1, ev.status.processes,
	       (unsigned long long)ev.status.traced_threads,
	       (unsigned long long)ev.status.buffered_bytes,
	       ev.status.entry_clients,
	       (unsigned long long)ev.status.counted_processes);
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	enum { O_SOCKET = 256, O_GROUP, O_BUF, O_STATUS };
	static const struct option longs[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "socket", required_argument, NULL, O_SOCKET },
		{ "group", required_argument, NULL, O_GROUP },
		{ "client-buffer", required_argument, NULL, O_BUF },
		{ "verbose", no_argument, NULL, 'v' },
		{ "status", no_argument, NULL, O_STATUS },
		{ 0 },
	};
	struct serve_opts so = { .socket = SRV_SOCKET_DEFAULT,
				 .client_buf = 32u << 20 };
	const char *group = SRV_GROUP;
	struct opts o;
	char err[256], *end;
	struct group *g;
	bool status = false;
	int64_t size;
	int c;

	opts_init(&o, argc, argv, longs, false);
	while ((c = opts_next(&o, err, sizeof(err))) != -1) {
		if (c == OPTS_ERROR)
			return opts_usage_error("serve", err);
		if (c == 'h') {
			fputs(usage, stdout);
			return 0;
		}
		if (c == O_STATUS) {
			status = true;
			continue;
		}
		if (c != 'v' && !o.arg) {
			snprintf(err, sizeof(err), "%s needs a value", o.name);
			return opts_usage_error("serve", err);
		}
		if (c == O_SOCKET) {
			so.socket = o.arg;
		} else if (c == O_GROUP) {
			group = o.arg;
		} else if (c == O_BUF) {
			size = parse_size(o.arg);
			if (size < (1 << 20) || size > (1LL << 30))
				return opts_usage_error(
					"serve",
					"--client-buffer takes 1M to 1G");
			so.client_buf = (size_t)size;
		} else if (c == 'v') {
			so.verbose = true;
		}
	}
	if (opts_index(&o) < argc)
		return opts_usage_error("serve", "no operands expected");
	if (status)
		return print_status(so.socket);
	so.gid = (gid_t)strtoul(group, &end, 10);
	if (*end || end == group) {
		g = getgrnam(group);
		if (!g) {
			fprintf(stderr,
				"copyscope serve: no group '%s': create it "
				"('make install-lab' does) or give --group\n",
				group);
			return 1;
		}
		so.gid = g->gr_gid;
	}
	return serve_run(&so);
}
