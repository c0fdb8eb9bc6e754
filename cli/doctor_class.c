// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * doctor_class.c - 'copyscope doctor', the "ready for class" section: what a
 * lesson needs beyond being able to trace, each with what to do when it is
 * missing.
 */
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/doctor_class.h"
#include "demos/fsinfo.h"
#include "views/layout.h"

#define CAP_NET_ADMIN_BIT 12

/*
 * Can this process make a network namespace, as sendfile_nogather does
 * (demos/netns.c): with CAP_NET_ADMIN, or else inside a user namespace of
 * its own where the kernel allows that?  Tried in a child.
 */
static bool netns_works(bool net_admin)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return false;
	if (pid == 0)
		_exit(unshare(net_admin ? CLONE_NEWNET :
					  CLONE_NEWUSER | CLONE_NEWNET) == 0 ?
			      0 :
			      1);
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0;
}

void doctor_class(const struct cs_features *f, bool can_trace,
		  struct class_check out[CLASS_CHECKS])
{
	struct fs_info fi;
	struct winsize ws;
	char dir[1024], why[1400];
	bool admin;

	memset(out, 0, sizeof(struct class_check) * CLASS_CHECKS);
	out[0].name = "btf";
	out[0].ok = f->btf.status == CS_ST_WORKS;
	snprintf(out[0].text, sizeof(out[0].text), "%s",
		 out[0].ok ? "kernel BTF: /sys/kernel/btf/vmlinux" :
			     "kernel BTF missing: a kernel built with "
			     "CONFIG_DEBUG_INFO_BTF is needed");

	out[1].name = "privileges";
	out[1].ok = can_trace;
	snprintf(out[1].text, sizeof(out[1].text), "%s",
		 can_trace ? "privileges to trace" :
			     "cannot trace: run as root (or with CAP_BPF and "
			     "CAP_PERFMON); students without root can replay "
			     "recordings");

	out[2].name = "demo_dir";
	fs_demo_dir(dir, sizeof(dir), &fi);
	out[2].ok = fi.backing == FS_DISK;
	if (out[2].ok)
		snprintf(out[2].text, sizeof(out[2].text),
			 "demo files on a disk: %.200s (%s)", dir, fi.type);
	else
		snprintf(out[2].text, sizeof(out[2].text),
			 "no disk for the demo files: %.400s; set TMPDIR to a "
			 "directory on a disk",
			 fs_no_disk_why(&fi, dir, why, sizeof(why)));

	out[3].name = "netns";
	admin = f->cap_eff & (1ULL << CAP_NET_ADMIN_BIT);
	out[3].ok = netns_works(admin);
	snprintf(out[3].text, sizeof(out[3].text), "%s",
		 out[3].ok ? (admin ? "network namespaces: sendfile_nogather "
				      "can run" :
				      "network namespaces inside a user "
				      "namespace: sendfile_nogather can run") :
			     "no network namespace can be made here (neither "
			     "CAP_NET_ADMIN nor an unprivileged user "
			     "namespace): sendfile_nogather will not run");

	out[4].name = "terminal";
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col) {
		out[4].ok =
			ws.ws_row >= LAY_MIN_ROWS && ws.ws_col >= LAY_MIN_COLS;
		snprintf(out[4].text, sizeof(out[4].text),
			 "terminal %ux%u (the screen needs %dx%d)%s", ws.ws_col,
			 ws.ws_row, LAY_MIN_COLS, LAY_MIN_ROWS,
			 out[4].ok ? "" : ": make it larger");
	} else {
		snprintf(out[4].text, sizeof(out[4].text),
			 "not a terminal: run doctor in the one the class will "
			 "use (the screen needs %dx%d)",
			 LAY_MIN_COLS, LAY_MIN_ROWS);
	}
}
