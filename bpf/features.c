// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * features.c - find out, by trying, what this kernel lets us attach.
 *
 * Each attach type is tested with a two-instruction program ("return 0")
 * loaded straight through the bpf() system call and attached for real,
 * then closed.  That costs a few milliseconds and no BTF parsing beyond
 * the one vmlinux BTF load.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "bpf/features.h"
#include "abi/record.h"

#define TRACEFS_MAGIC_ 0x74726163
#define DEBUGFS_MAGIC_ 0x64626720

static void set(struct cs_check *c, int status, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void set(struct cs_check *c, int status, int err, const char *fmt, ...)
{
	va_list ap;

	c->status = status;
	c->err = err;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
}

static int load_trivial(enum bpf_prog_type type, enum bpf_attach_type at,
			__u32 btf_id)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, o, .expected_attach_type = at,
		    .attach_btf_id = btf_id);
	int fd = bpf_prog_load(type, "cs_probe", "GPL", insns, 2, &o);

	return fd < 0 ? -errno : fd;
}

static void probe_btf(struct cs_features *f, struct btf **vmlinux)
{
	struct stat st;

	*vmlinux = NULL;
	if (stat("/sys/kernel/btf/vmlinux", &st)) {
		set(&f->btf, CS_ST_NOT_BUILT, errno,
		    "no /sys/kernel/btf/vmlinux: this kernel was built without "
		    "CONFIG_DEBUG_INFO_BTF; copyscope needs a kernel with BTF");
		return;
	}
	*vmlinux = btf__load_vmlinux_btf();
	if (!*vmlinux) {
		set(&f->btf, CS_ST_REFUSED, errno,
		    "/sys/kernel/btf/vmlinux exists but cannot be read (%s)",
		    strerror(errno));
		return;
	}
	set(&f->btf, CS_ST_WORKS, 0, "kernel BTF at /sys/kernel/btf/vmlinux");
}

static void probe_tracefs(struct cs_features *f)
{
	static const char *const paths[] = { "/sys/kernel/tracing",
					     "/sys/kernel/debug/tracing" };
	struct statfs sfs;

	for (size_t i = 0; i < 2; i++) {
		char p[96];

		snprintf(p, sizeof(p), "%s/events", paths[i]);
		if (!statfs(paths[i], &sfs) && sfs.f_type == TRACEFS_MAGIC_ &&
		    !access(p, F_OK)) {
			snprintf(f->tracefs_path, sizeof(f->tracefs_path), "%s",
				 paths[i]);
			set(&f->tracefs, CS_ST_WORKS, 0, "mounted at %s",
			    paths[i]);
			return;
		}
	}
	set(&f->tracefs, CS_ST_NOT_MOUNTED, ENOENT,
	    "copyscope does not need it (it uses BTF "
	    "tracepoints), classic tracepoints do: mount -t tracefs nodev "
	    "/sys/kernel/tracing");
}

/* A BTF tracepoint program on sys_enter: the base of every tier. */
static void probe_tp_btf(struct cs_features *f, struct btf *vmlinux, bool quick)
{
	int id, fd, lfd;

	if (!vmlinux) {
		set(&f->tp_btf, CS_ST_NOT_BUILT, 0, "needs kernel BTF");
		return;
	}
	id = btf__find_by_name_kind(vmlinux, "btf_trace_sys_enter",
				    BTF_KIND_TYPEDEF);
	if (id < 0) {
		set(&f->tp_btf, CS_ST_MISSING, ENOENT,
		    "no raw_syscalls tracepoints in this kernel's BTF");
		return;
	}
	fd = load_trivial(BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, id);
	if (fd < 0) {
		set(&f->tp_btf, CS_ST_REFUSED, -fd, "load refused: %s",
		    strerror(-fd));
		return;
	}
	if (quick) {
		set(&f->tp_btf, CS_ST_WORKS, 0, "loads (attached when tracing starts)");
		close(fd);
		return;
	}
	lfd = bpf_raw_tracepoint_open(NULL, fd);
	if (lfd < 0)
		set(&f->tp_btf, CS_ST_ATTACH_FAILED, errno, "attach failed: %s",
		    strerror(errno));
	else
		set(&f->tp_btf, CS_ST_WORKS, 0,
		    "loads and attaches (sys_enter)");
	if (lfd >= 0)
		close(lfd);
	close(fd);
}

static void probe_raw_tp(struct cs_features *f)
{
	int fd = load_trivial(BPF_PROG_TYPE_RAW_TRACEPOINT, 0, 0), lfd;

	if (fd < 0) {
		set(&f->raw_tp, CS_ST_REFUSED, -fd, "load refused: %s",
		    strerror(-fd));
		return;
	}
	lfd = bpf_raw_tracepoint_open("sys_enter", fd);
	if (lfd < 0)
		set(&f->raw_tp, CS_ST_ATTACH_FAILED, errno,
		    "attach failed: %s", strerror(errno));
	else
		set(&f->raw_tp, CS_ST_WORKS, 0,
		    "loads and attaches (sys_enter)");
	if (lfd >= 0)
		close(lfd);
	close(fd);
}

static int perf_open(__u32 type, __u64 config, __u64 config1)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = type;
	a.config = config;
	a.config1 = config1;
	a.sample_period = 1;
	a.wakeup_events = 1;
	return syscall(__NR_perf_event_open, &a, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
}

static int attach_perf(int prog, int pfd)
{
	if (ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog) < 0)
		return -errno;
	ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0);
	return 0;
}

static void probe_tracepoint(struct cs_features *f)
{
	char p[160];
	int fd, pfd, err;
	long id = -1;
	FILE *fp;

	if (f->tracefs.status != CS_ST_WORKS) {
		set(&f->tracepoint, CS_ST_UNTESTED, 0,
		    "untested: tracefs is not mounted (mount -t tracefs nodev "
		    "/sys/kernel/tracing)");
		return;
	}
	snprintf(p, sizeof(p), "%s/events/sched/sched_switch/id",
		 f->tracefs_path);
	fp = fopen(p, "r");
	if (!fp || fscanf(fp, "%ld", &id) != 1) {
		if (fp)
			fclose(fp);
		set(&f->tracepoint, CS_ST_MISSING, ENOENT, "cannot read %s", p);
		return;
	}
	fclose(fp);
	fd = load_trivial(BPF_PROG_TYPE_TRACEPOINT, 0, 0);
	if (fd < 0) {
		set(&f->tracepoint, CS_ST_REFUSED, -fd, "load refused: %s",
		    strerror(-fd));
		return;
	}
	pfd = perf_open(PERF_TYPE_TRACEPOINT, id, 0);
	err = pfd < 0 ? -errno : attach_perf(fd, pfd);
	if (err)
		set(&f->tracepoint, CS_ST_ATTACH_FAILED, -err,
		    "attach failed: %s", strerror(-err));
	else
		set(&f->tracepoint, CS_ST_WORKS, 0,
		    "loads and attaches (sched_switch)");
	if (pfd >= 0)
		close(pfd);
	close(fd);
}

static const char *lockdown(void)
{
	static char buf[128];
	FILE *fp = fopen("/sys/kernel/security/lockdown", "r");

	buf[0] = 0;
	if (fp) {
		if (!fgets(buf, sizeof(buf), fp))
			buf[0] = 0;
		fclose(fp);
	}
	buf[strcspn(buf, "\n")] = 0;
	return strstr(buf, "[none]") || !buf[0] ? NULL : buf;
}

/*
 * fentry: libbpf answers an EPERM here with "try raising ulimit -l",
 * which is wrong on every kernel that charges BPF memory to the cgroup.
 * Say what it is instead.
 */
static void explain_fentry_refusal(struct cs_check *c, int err)
{
	const char *ld = lockdown();

	if (ld)
		set(c, CS_ST_REFUSED, err,
		    "refused (%s at load): kernel lockdown is active (%s)",
		    strerror(err), ld);
	else if (err == EPERM)
		set(c, CS_ST_REFUSED, err,
		    "refused (EPERM at load, even for root): function tracing "
		    "is locked on this kernel; not a memory limit, raising "
		    "ulimit -l does not help");
	else if (err == EOPNOTSUPP || err == 524 /* ENOTSUPP */)
		set(c, CS_ST_NOT_BUILT, err,
		    "not supported: the kernel lacks BPF trampolines "
		    "(CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS)");
	else
		set(c, CS_ST_REFUSED, err, "refused at load: %s",
		    strerror(err));
}

static void probe_fentry(struct cs_features *f, struct btf *vmlinux,
			 bool disabled, bool quick)
{
	struct cs_check first = { 0 };
	int works = 0;

	for (int i = 0; i < CS_FN_MAX; i++) {
		struct cs_check *c = &f->fn_fentry[i];
		const char *fn = copy_fn_name(i);
		int id, fd, lfd;

		if (disabled) {
			set(c, CS_ST_DISABLED, 0, "switched off (--no-fentry)");
			continue;
		}
		if (!vmlinux) {
			set(c, CS_ST_NOT_BUILT, 0, "needs kernel BTF");
			continue;
		}
		/* once the kernel refused fentry itself, it refuses them all */
		if (first.status == CS_ST_REFUSED ||
		    first.status == CS_ST_NOT_BUILT) {
			*c = first;
			continue;
		}
		id = btf__find_by_name_kind(vmlinux, fn, BTF_KIND_FUNC);
		if (id < 0) {
			set(c, CS_ST_MISSING, ENOENT,
			    "%s is not in this kernel (renamed, or inlined)", fn);
			continue;
		}
		fd = load_trivial(BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, id);
		if (fd < 0) {
			explain_fentry_refusal(c, -fd);
			if (!first.status)
				first = *c;
			continue;
		}
		if (quick) {
			set(c, CS_ST_WORKS, 0,
			    "loads for %s (attached when tracing starts)", fn);
			works++;
			close(fd);
			continue;
		}
		lfd = bpf_raw_tracepoint_open(NULL, fd);
		if (lfd < 0 && errno == 524 /* ENOTSUPP */)
			set(c, CS_ST_ATTACH_FAILED, errno,
			    "loads, but this kernel's BPF trampoline cannot "
			    "attach to %s (ENOTSUPP: too many arguments, or "
			    "an argument type it cannot pass)",
			    fn);
		else if (lfd < 0)
			set(c, CS_ST_ATTACH_FAILED, errno,
			    "loads, but attaching to %s fails (%s): the "
			    "function is not traceable here",
			    fn, strerror(errno));
		else {
			set(c, CS_ST_WORKS, 0, "attaches to %s", fn);
			works++;
			close(lfd);
		}
		close(fd);
	}
	if (disabled)
		set(&f->fentry, CS_ST_DISABLED, 0, "switched off (--no-fentry)");
	else if (works)
		set(&f->fentry, CS_ST_WORKS, 0,
		    "works: attaches to %d of %d copy-path functions", works,
		    CS_FN_MAX);
	else if (first.status)
		f->fentry = first;
	else
		set(&f->fentry, CS_ST_ATTACH_FAILED, 0,
		    "loads, but no copy-path function accepts it");
}

static void probe_kprobe(struct cs_features *f, bool disabled)
{
	int works = 0, type = -1, fd;
	FILE *fp;

	if (disabled) {
		set(&f->kprobe, CS_ST_DISABLED, 0, "switched off (--no-kprobe)");
		for (int i = 0; i < CS_FN_MAX; i++)
			f->fn_kprobe[i] = f->kprobe;
		return;
	}
	fp = fopen("/sys/bus/event_source/devices/kprobe/type", "r");
	if (!fp || fscanf(fp, "%d", &type) != 1) {
		if (fp)
			fclose(fp);
		set(&f->kprobe, CS_ST_NOT_BUILT, ENOENT,
		    "not built: the kernel has no kprobe event source "
		    "(CONFIG_KPROBES is off)");
		for (int i = 0; i < CS_FN_MAX; i++)
			f->fn_kprobe[i] = f->kprobe;
		return;
	}
	fclose(fp);
	fd = load_trivial(BPF_PROG_TYPE_KPROBE, 0, 0);
	if (fd < 0) {
		set(&f->kprobe, CS_ST_REFUSED, -fd, "load refused: %s",
		    strerror(-fd));
		for (int i = 0; i < CS_FN_MAX; i++)
			f->fn_kprobe[i] = f->kprobe;
		return;
	}
	for (int i = 0; i < CS_FN_MAX; i++) {
		const char *fn = copy_fn_name(i);
		int pfd = perf_open(type, 0, (__u64)(unsigned long)fn);
		int err = pfd < 0 ? -errno : attach_perf(fd, pfd);

		if (!err) {
			set(&f->fn_kprobe[i], CS_ST_WORKS, 0, "attaches to %s",
			    fn);
			works++;
		} else if (err == -ENOENT || err == -EINVAL) {
			/* -EINVAL: in the notrace list; -ENOENT: no symbol */
			set(&f->fn_kprobe[i],
			    err == -ENOENT ? CS_ST_MISSING : CS_ST_ATTACH_FAILED,
			    -err, "cannot probe %s (%s)", fn, strerror(-err));
		} else {
			set(&f->fn_kprobe[i], CS_ST_ATTACH_FAILED, -err,
			    "attaching to %s fails: %s", fn, strerror(-err));
		}
		if (pfd >= 0)
			close(pfd);
	}
	close(fd);
	if (works)
		set(&f->kprobe, CS_ST_WORKS, 0,
		    "works: attaches to %d of %d copy-path functions", works,
		    CS_FN_MAX);
	else
		set(&f->kprobe, CS_ST_ATTACH_FAILED, 0,
		    "the kprobe event source exists, but no copy-path "
		    "function accepts a probe");
}

static void probe_uprobe(struct cs_features *f)
{
	if (!access("/sys/bus/event_source/devices/uprobe/type", R_OK))
		set(&f->uprobe, CS_ST_WORKS, 0, "uprobe event source present");
	else
		set(&f->uprobe, CS_ST_NOT_BUILT, ENOENT,
		    "no uprobe event source (CONFIG_UPROBES is off)");
}

static void read_caps(struct cs_features *f)
{
	char line[256];
	FILE *fp = fopen("/proc/self/status", "r");

	f->cap_eff = 0;
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp))
		if (sscanf(line, "CapEff: %llx",
			   (unsigned long long *)&f->cap_eff) == 1)
			break;
	fclose(fp);
}

/* libbpf's own messages are for -v: we explain failures ourselves. */
static int quiet(enum libbpf_print_level l, const char *fmt, va_list ap)
{
	(void)l;
	(void)fmt;
	(void)ap;
	return 0;
}

void features_probe(struct cs_features *f, bool no_fentry, bool no_kprobe,
		    bool quick)
{
	libbpf_print_fn_t old = libbpf_set_print(quiet);
	struct utsname u;
	struct btf *vmlinux;

	memset(f, 0, sizeof(*f));
	if (!uname(&u))
		snprintf(f->release, sizeof(f->release), "%s", u.release);
	f->root = geteuid() == 0;
	read_caps(f);
	probe_btf(f, &vmlinux);
	probe_tracefs(f);
	if (!features_can_trace(f, NULL, 0)) {
		const char *why = "needs CAP_BPF and CAP_PERFMON (or root)";

		set(&f->tp_btf, CS_ST_UNTESTED, EPERM, "untested: %s", why);
		f->raw_tp = f->tracepoint = f->fentry = f->kprobe = f->tp_btf;
		for (int i = 0; i < CS_FN_MAX; i++)
			f->fn_fentry[i] = f->fn_kprobe[i] = f->tp_btf;
		probe_uprobe(f);
		goto out;
	}
	probe_tp_btf(f, vmlinux, quick);
	probe_fentry(f, vmlinux, no_fentry, quick);
	/* kprobes only serve where fentry does not: skip them when it does */
	if (quick && f->fentry.status == CS_ST_WORKS) {
		set(&f->kprobe, CS_ST_UNTESTED, 0, "not needed: fentry works");
		for (int i = 0; i < CS_FN_MAX; i++)
			if (f->fn_fentry[i].status == CS_ST_WORKS)
				f->fn_kprobe[i] = f->kprobe;
			else
				f->fn_kprobe[i] = f->fn_fentry[i];
	} else {
		probe_kprobe(f, no_kprobe);
	}
	if (quick) {
		set(&f->raw_tp, CS_ST_UNTESTED, 0, "not needed to trace (see doctor)");
		f->tracepoint = f->uprobe = f->raw_tp;
		goto out;
	}
	probe_raw_tp(f);
	probe_tracepoint(f);
	probe_uprobe(f);
out:
	btf__free(vmlinux);
	libbpf_set_print(old);
}
