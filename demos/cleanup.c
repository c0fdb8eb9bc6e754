// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "demos/cleanup.h"

#define MAX_PIDS 8
#define MAX_PATHS 4

/* Fixed arrays: the signal handler must not touch the heap. */
static volatile pid_t pids[MAX_PIDS];
static char paths[MAX_PATHS][4096];
static volatile sig_atomic_t path_used[MAX_PATHS];

static void run_cleanup(void)
{
	for (int i = 0; i < MAX_PIDS; i++) {
		pid_t p = pids[i];

		if (p > 0) {
			kill(p, SIGKILL);
			waitpid(p, NULL, 0);
			pids[i] = 0;
		}
	}
	for (int i = 0; i < MAX_PATHS; i++) {
		if (path_used[i]) {
			unlink(paths[i]);
			path_used[i] = 0;
		}
	}
}

static void on_signal(int sig)
{
	/* kill, waitpid and unlink are async-signal-safe. */
	run_cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

void cleanup_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

void cleanup_add_pid(pid_t pid)
{
	for (int i = 0; i < MAX_PIDS; i++) {
		if (pids[i] == 0) {
			pids[i] = pid;
			return;
		}
	}
	fprintf(stderr, "copyscope demo: internal error: too many children\n");
}

void cleanup_del_pid(pid_t pid)
{
	for (int i = 0; i < MAX_PIDS; i++)
		if (pids[i] == pid)
			pids[i] = 0;
}

void cleanup_add_path(const char *path)
{
	for (int i = 0; i < MAX_PATHS; i++) {
		if (!path_used[i]) {
			snprintf(paths[i], sizeof(paths[i]), "%s", path);
			path_used[i] = 1;
			return;
		}
	}
	fprintf(stderr, "copyscope demo: internal error: too many files\n");
}

void cleanup_del_path(const char *path)
{
	for (int i = 0; i < MAX_PATHS; i++)
		if (path_used[i] && !strcmp(paths[i], path))
			path_used[i] = 0;
}

void cleanup_exit(int code)
{
	run_cleanup();
	fflush(stdout);
	exit(code);
}

int cleanup_child(pid_t parent)
{
	for (int i = 0; i < MAX_PIDS; i++)
		pids[i] = 0;
	for (int i = 0; i < MAX_PATHS; i++)
		path_used[i] = 0;
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	/* If the demo is killed, even by SIGKILL, its children follow it. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		return -1;
	/* The parent may have died before prctl() took effect. */
	if (getppid() != parent)
		return -1;
	return 0;
}
