// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* privilege.c - run as the user; drop what is not needed (see privilege.h). */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "run/privilege.h"
#include "views/json.h"

int run_as_lookup(struct run_as *u, const char *user, char *err, size_t errlen)
{
	struct passwd *pw;
	char *end;
	long id;

	memset(u, 0, sizeof(*u));
	errno = 0;
	pw = getpwnam(user);
	if (!pw) {
		id = strtol(user, &end, 10);
		if (*user && !*end && id >= 0)
			pw = getpwuid((uid_t)id);
	}
	if (!pw) {
		snprintf(err, errlen, "no user '%s'", user);
		return -1;
	}
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	snprintf(u->name, sizeof(u->name), "%s", pw->pw_name);
	u->ngroups = (int)(sizeof(u->groups) / sizeof(u->groups[0]));
	if (getgrouplist(pw->pw_name, pw->pw_gid, u->groups, &u->ngroups) < 0) {
		snprintf(err, errlen, "user '%s' is in more than %zu groups",
			 user, sizeof(u->groups) / sizeof(u->groups[0]));
		return -1;
	}
	return 0;
}

int run_as_become(const struct run_as *u)
{
	/* groups first: they cannot be changed once the uid is not root's */
	if (setgroups((size_t)u->ngroups, u->groups) || setgid(u->gid) ||
	    setuid(u->uid))
		return -errno;
	/* a setuid() that left a way back would not be one */
	if (u->uid && setuid(0) == 0)
		return -EPERM;
	return 0;
}

void run_as_sudo_notice(const char *who)
{
	const char *user = getenv("SUDO_USER");

	if (getuid() != 0 || !user || !*user || !strcmp(user, "root"))
		return;
	fprintf(stderr,
		"%s: the command runs as root (sudo); -u %s runs it as %s\n",
		who, user, user);
}

int run_as_demo_user(struct run_as *u, const char *demo)
{
	/* the demos that make a network namespace with a veth pair */
	static const char *const needs_root[] = { "sendfile_nogather" };
	const char *user = getenv("SUDO_USER");
	char err[128];

	if (getuid() != 0 || !user || !*user || !strcmp(user, "root"))
		return -1;
	for (size_t i = 0; i < sizeof(needs_root) / sizeof(needs_root[0]); i++)
		if (!strcmp(demo, needs_root[i]))
			return -1;
	return run_as_lookup(u, user, err, sizeof(err));
}

/*
 * Whether map lookups on an open fd still need CAP_BPF: until 6.5 the
 * bpf() system call itself checked it when unprivileged BPF is disabled
 * (Debian's default).
 */
static bool maps_need_cap(void)
{
	struct utsname u;
	int major = 0, minor = 0, disabled = 1;
	FILE *f = fopen("/proc/sys/kernel/unprivileged_bpf_disabled", "r");

	if (f) {
		if (fscanf(f, "%d", &disabled) != 1)
			disabled = 1;
		fclose(f);
	}
	if (!disabled)
		return false;
	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return true;
	return major < 6 || (major == 6 && minor < 5);
}

int priv_drop(enum priv_need need)
{
	/*
	 * What a run of a demo needs, every time: BPF and PERFMON (SYS_ADMIN
	 * before 5.8) to load, NET_ADMIN for sendfile_nogather's network
	 * namespace, SETUID/SETGID to start a demo as the user, KILL to stop
	 * it, IPC_LOCK and SYS_RESOURCE for MSG_ZEROCOPY's pinned pages and
	 * the ring buffer, LEASE for mmap_sigbus, the DAC ones and FOWNER for
	 * the demo files and --record-dir wherever root may write, NICE and
	 * PTRACE for /proc of the demo processes.  The rest (modules, raw
	 * I/O, mounts of its own, time, ...) goes.
	 */
	static const cap_value_t loads[] = {
		CAP_BPF,
		CAP_PERFMON,
		CAP_SYS_ADMIN,
		CAP_NET_ADMIN,
		CAP_SETUID,
		CAP_SETGID,
		CAP_KILL,
		CAP_IPC_LOCK,
		CAP_SYS_RESOURCE,
		CAP_LEASE,
		CAP_FOWNER,
		CAP_DAC_OVERRIDE,
		CAP_DAC_READ_SEARCH,
		CAP_SYS_NICE,
		CAP_SYS_PTRACE,
	};
	static const cap_value_t traced[] = { CAP_BPF, CAP_SYS_ADMIN };
	/* /proc/PID/fd of a process with capabilities we lack, or of
	 * another user's (its fd directory is theirs, mode 0500) */
	static const cap_value_t proc[] = { CAP_SYS_PTRACE,
					    CAP_DAC_READ_SEARCH };
	const cap_value_t *keep = NULL;
	int nkeep = 0, ret = 0;
	cap_t now = cap_get_proc(), want = cap_init();

	if (need == PRIV_LOADS) {
		keep = loads;
		nkeep = (int)(sizeof(loads) / sizeof(loads[0]));
	} else if (need == PRIV_TRACED && maps_need_cap()) {
		keep = traced;
		nkeep = (int)(sizeof(traced) / sizeof(traced[0]));
	} else if (need == PRIV_PROC) {
		keep = proc;
		nkeep = (int)(sizeof(proc) / sizeof(proc[0]));
	}
	if (!now || !want) {
		ret = -1;
		goto out;
	}
	for (int i = 0; i < nkeep; i++) {
		cap_flag_value_t has = CAP_CLEAR;

		/* only what is held: a capability cannot be gained */
		if (CAP_IS_SUPPORTED(keep[i]) &&
		    !cap_get_flag(now, keep[i], CAP_PERMITTED, &has) && has) {
			cap_set_flag(want, CAP_PERMITTED, 1, &keep[i], CAP_SET);
			cap_set_flag(want, CAP_EFFECTIVE, 1, &keep[i], CAP_SET);
		}
	}
	if (!cap_compare(now, want))
		goto out;
	if (cap_set_proc(want)) {
		fprintf(stderr, "copyscope: cannot drop capabilities: %s\n",
			strerror(errno));
		ret = -1;
	}
out:
	cap_free(now);
	cap_free(want);
	return ret;
}

/* What each subcommand needs, and what it keeps once started. */
static const struct {
	const char *cmds, *needs, *keeps;
} needs[] = {
	{ "trace", "CAP_BPF CAP_PERFMON (-u: CAP_SETUID CAP_SETGID)",
	  "none once attached (its helper that names descriptors from /proc: "
	  "CAP_SYS_PTRACE CAP_DAC_READ_SEARCH)" },
	{ "demo, tour, report",
	  "CAP_BPF CAP_PERFMON (sendfile_nogather: CAP_NET_ADMIN)",
	  "what each new run needs; no module, raw I/O, mount or time "
	  "capabilities" },
	{ "replay, export", "none", "none" },
	{ "doctor", "CAP_BPF CAP_PERFMON to try each attach type", "all" },
};

#define NNEEDS (sizeof(needs) / sizeof(needs[0]))

void priv_doctor_text(FILE *out)
{
	bool old = maps_need_cap();

	fprintf(out,
		"\nprivileges by subcommand (needs; keeps once started):\n");
	for (size_t i = 0; i < NNEEDS; i++)
		fprintf(out, "  %-19s %s; keeps %s\n", needs[i].cmds,
			needs[i].needs,
			i == 0 && old ? "CAP_BPF (this kernel checks it on "
					"every map read)" :
					needs[i].keeps);
}

void priv_doctor_json(struct json *j)
{
	bool old = maps_need_cap();

	json_array_begin(j, "privileges");
	for (size_t i = 0; i < NNEEDS; i++) {
		json_object_begin(j, NULL);
		json_str(j, "commands", needs[i].cmds);
		json_str(j, "needs", needs[i].needs);
		json_str(j, "keeps",
			 i == 0 && old ? "CAP_BPF" : needs[i].keeps);
		json_object_end(j);
	}
	json_array_end(j);
}
