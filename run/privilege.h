/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * privilege.h - no more privilege than needed.
 *
 * copyscope needs CAP_BPF and CAP_PERFMON (or root) to load and attach
 * its programs, and nothing of it afterwards on kernels that check those
 * capabilities only when a program or map is made (6.5 on): the ring
 * buffer is a mapping, the maps are file descriptors already open.  So
 * once a subcommand has what it needs it drops every capability, before
 * it reads records, recordings or the terminal, all of which a hostile
 * program can shape.  And a command started under sudo can run as the
 * user instead of as root (-u USER, like strace -u).
 */
#ifndef COPYSCOPE_PRIVILEGE_H
#define COPYSCOPE_PRIVILEGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* A user to run a command as: their uid, primary group and groups. */
struct run_as {
	uid_t uid;
	gid_t gid;
	int ngroups;
	gid_t groups[64];
	char name[64];
};

/*
 * Look USER up (a name, or a numeric uid): 0, or -1 with one sentence in
 * err.  Done before the fork: the lookup may need NSS, files and sockets.
 */
int run_as_lookup(struct run_as *u, const char *user, char *err, size_t errlen);

/* In the child, before exec: become u (groups, gid, then uid).  -errno. */
int run_as_become(const struct run_as *u);

/*
 * Under sudo, a command started as root is said once, with how to run it
 * as the user: who names the command in the message.
 */
void run_as_sudo_notice(const char *who);

/*
 * A demo's sender and receiver run as the user who ran sudo, unless the
 * demo needs root (sendfile_nogather's network namespace and veth): u is
 * then filled and 0 returned; -1 when they run as copyscope does.
 */
int run_as_demo_user(struct run_as *u, const char *demo);

/* The capabilities a subcommand needs while it runs. */
enum priv_need {
	PRIV_NONE, /* replay, export: files only */
	PRIV_TRACED, /* trace once attached: the maps' fds, if the kernel lets
		      */
	PRIV_LOADS, /* report, demo, the tour: programs loaded for each run */
	PRIV_PROC, /* the helper that names descriptors (run/ends.h): /proc
		      of the traced processes, whoever they run as */
};

/*
 * Drop every capability the subcommand will not use again (permitted,
 * effective and inheritable): 0, or -1 when the kernel refused (said on
 * stderr).  With nothing to drop it does nothing.
 */
int priv_drop(enum priv_need need);

/* doctor's block: what each subcommand needs and keeps. */
struct json;
void priv_doctor_text(FILE *out);
void priv_doctor_json(struct json *j);

#endif
