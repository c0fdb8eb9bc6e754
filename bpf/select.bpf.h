/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * select.bpf.h - processes chosen by name (-n) or cgroup (--cgroup) that
 * start after the trace began.  Included by copyscope.bpf.c.
 *
 * The choice is made where a process comes to be: at fork (the child) and
 * at exec (a new program, a new comm; systemd moves a service's process
 * into its cgroup between the two).  A process that merely renames itself
 * or is moved into the cgroup later is not picked up.  Cost: nothing on
 * the system call path; on every fork and exec of an untraced task, when
 * a name is given, a 16-byte hash lookup, when a cgroup is given, four
 * pointer loads.
 */

/* The cgroup v2 id to trace (its directory's inode number); 0: none. */
const volatile __u64 match_cgroup = 0;
/* Names in comm_match are traced. */
const volatile bool match_comms = false;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, char[CS_COMM_LEN]); /* NUL-padded */
	__type(value, __u8);
} comm_match SEC(".maps");

/* Whether task t, not traced yet, is one the user chose by name or cgroup. */
static __always_inline bool chosen(struct task_struct *t)
{
	if (match_comms) {
		char key[CS_COMM_LEN];
		bool end = false;

		copy_comm(key, t);
		/* the map's keys are NUL-padded: so is this one */
		for (int i = 0; i < CS_COMM_LEN; i++) {
			if (!key[i])
				end = true;
			if (end)
				key[i] = 0;
		}
		if (bpf_map_lookup_elem(&comm_match, key))
			return true;
	}
	if (match_cgroup &&
	    BPF_CORE_READ(t, cgroups, dfl_cgrp, kn, id) == match_cgroup)
		return true;
	return false;
}
