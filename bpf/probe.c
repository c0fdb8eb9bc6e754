// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * probe.c - the loader (libbpf-tools style): open the skeleton, configure
 * it through its read-only globals, choose which programs load from the
 * feature probes (bpf_program__set_autoload), load, attach one program at
 * a time so that one refusal does not take the others down.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/membarrier.h>
#include <sys/syscall.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "bpf/probe.h"
#include "copyscope.skel.h"
#include "abi/record.h"

#define MAX_PROGS 64

struct cs_probe {
	struct copyscope_bpf *skel;
	struct ring_buffer *rb;
	cs_record_fn fn;
	void *fn_data;
	uint64_t bad;
	int tier;
	int fn_tier[CS_FN_MAX];
	int nprogs;
	struct cs_prog_state progs[MAX_PROGS];
	struct bpf_link *links[MAX_PROGS];
	bool verbose;
	int on_demand; /* cs_sys_enter's index, loaded but attached only
			  while probe_entry_times(); -1 */
};

/* Programs without which there is nothing to show. */
static const char *const required[] = { "cs_sys_exit", "cs_sched_switch",
					"cs_fork", "cs_exit" };

void probe_opts_default(struct cs_probe_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->ringbuf_bytes = CS_RINGBUF_DEFAULT;
	o->emit_mask = ~0ULL;
	o->follow_forks = true;
	o->all_syscalls = true;
	o->forced_tier = CS_TIER_NONE;
	o->control_fd = -1;
}

static bool verbose_libbpf;

static int print_libbpf(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	if (!verbose_libbpf || level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static size_t round_pow2(size_t n)
{
	size_t p = 4096;

	while (p < n && p < (1ul << 30))
		p <<= 1;
	return p;
}

/* Number of arguments a BTF tracepoint passes (its typedef's proto). */
static int tp_nargs(const struct btf *vmlinux, const char *tp)
{
	char name[128];
	const struct btf_type *t;
	int id;

	snprintf(name, sizeof(name), "btf_trace_%s", tp);
	id = btf__find_by_name_kind(vmlinux, name, BTF_KIND_TYPEDEF);
	if (id < 0)
		return -1;
	t = btf__type_by_id(vmlinux, btf__resolve_type(vmlinux, id));
	if (!t || !btf_is_ptr(t))
		return -1;
	t = btf__type_by_id(vmlinux, t->type);
	if (!t || !btf_is_func_proto(t))
		return -1;
	return btf_vlen(t) - 1; /* the first is the tracepoint's data */
}

/*
 * Arguments our programs expect where kernels differ: a program is loaded
 * only where the kernel passes what it reads (0: any).
 */
static int expected_nargs(const char *prog)
{
	if (!strcmp(prog, "cs_uring_complete"))
		return 3; /* ctx, req, cqe */
	if (!strcmp(prog, "cs_uring_complete_v61"))
		return 7; /* ctx, req, user_data, res, cflags, extra1, extra2 */
	if (!strcmp(prog, "cs_retransmit"))
		return 3; /* sk, skb, err */
	if (!strcmp(prog, "cs_retransmit_v61"))
		return 2; /* sk, skb */
	return 0;
}

static int fn_index(const char *fn)
{
	for (int i = 0; i < CS_FN_MAX; i++)
		if (!strcmp(copy_fn_name(i), fn))
			return i;
	return -1;
}

/*
 * cs_sys_enter only notes each call's entry time, for its duration (trace
 * -T).  Without it every process on the machine runs one program per
 * system call instead of two (bench/overhead.md: 1.5x instead of 1.9x).
 */
static bool need_sys_enter(const struct cs_probe_opts *o)
{
	return (o->entry_times || o->entry_times_on_demand) &&
	       (o->emit_mask & (1ULL << CS_EV_SYSCALL));
}

/* Decide, for each program, whether it loads. */
static void choose_programs(struct cs_probe *p, const struct btf *vmlinux,
			    const struct cs_probe_opts *o)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, p->skel->obj)
	{
		struct cs_prog_state *s = &p->progs[p->nprogs];
		const char *sec = bpf_program__section_name(prog);
		const char *slash = strchr(sec, '/');
		bool load = true;

		if (p->nprogs >= MAX_PROGS)
			break;
		s->name = bpf_program__name(prog);
		s->target = slash ? slash + 1 : sec;
		s->kind = !strncmp(sec, "tp_btf", 6)	? "tp_btf" :
			  !strncmp(sec, "fexit", 5)	? "fexit" :
			  !strncmp(sec, "fentry", 6)	? "fentry" :
			  !strncmp(sec, "kretprobe", 9) ? "kretprobe" :
			  !strncmp(sec, "kprobe", 6)	? "kprobe" :
							  "other";
		for (size_t i = 0; i < sizeof(required) / sizeof(*required);
		     i++)
			if (!strcmp(s->name, required[i]))
				s->required = true;

		if (!strcmp(s->kind, "tp_btf")) {
			int n = tp_nargs(vmlinux, s->target);
			int want = expected_nargs(s->name);

			if (n < 0) {
				load = false;
				s->why = "tracepoint not in this kernel";
			} else if (want && n != want) {
				load = false;
				s->why =
					"tracepoint has another signature here";
			} else if (!strcmp(s->name, "cs_sys_enter") &&
				   !need_sys_enter(o)) {
				load = false;
				s->why = "entry times not asked for (-T)";
			}
		} else {
			int fn = fn_index(s->target);
			bool fentry = s->kind[0] == 'f';
			int want = fentry ? CS_TIER_FENTRY : CS_TIER_KPROBE;

			if (fn < 0 || p->fn_tier[fn] != want) {
				load = false;
				s->why =
					fentry ?
						"fentry tier not used for this function" :
						"kprobe tier not used for this function";
			}
		}
		bpf_program__set_autoload(prog, load);
		s->loaded = load;
		if (load && !strcmp(s->name, "cs_sys_enter") && !o->entry_times)
			p->on_demand = p->nprogs;
		p->nprogs++;
	}
}

static void configure(struct cs_probe *p, const struct cs_probe_opts *o,
		      const struct btf *vmlinux)
{
	struct copyscope_bpf *s = p->skel;

	/* 6.2 and later: files are described with direct loads */
	s->rodata->have_rdonly_cast =
		btf__find_by_name_kind(vmlinux, "bpf_rdonly_cast",
				       BTF_KIND_FUNC) > 0;
	/* the deferred copy is measured: find its sender where it runs */
	s->rodata->watch_zc_owners =
		p->fn_tier[CS_FN_SKB_COPY_UBUFS] == CS_TIER_FENTRY ||
		p->fn_tier[CS_FN_SKB_COPY_UBUFS] == CS_TIER_KPROBE;
	s->rodata->emit_mask = o->emit_mask;
	s->rodata->follow_forks = o->follow_forks;
	s->rodata->emit_all_syscalls = o->all_syscalls;
	s->rodata->control_fd = o->control_fd;
	s->rodata->control_fd_per_process = o->control_fd_per_process;
	s->rodata->match_cgroup = o->cgroup_id;
	s->rodata->match_comms = o->ncomms > 0;
	bpf_map__set_max_entries(
		s->maps.rb, round_pow2(o->ringbuf_bytes ? o->ringbuf_bytes :
							  CS_RINGBUF_DEFAULT));
}

static int attach_all(struct cs_probe *p, char *err, size_t errlen)
{
	struct bpf_program *prog;
	int i = 0;

	bpf_object__for_each_program(prog, p->skel->obj)
	{
		struct cs_prog_state *s = &p->progs[i];

		if (i >= p->nprogs)
			break;
		if (s->loaded && i == p->on_demand) {
			s->why = "attached while a client asks for -T";
		} else if (s->loaded) {
			p->links[i] = bpf_program__attach(prog);
			if (!p->links[i]) {
				s->err = errno;
				s->why = "attach failed";
				if (s->required) {
					snprintf(err, errlen,
						 "cannot attach %s to %s: %s",
						 s->name, s->target,
						 strerror(s->err));
					return -s->err;
				}
				/* a copy function that does not attach: its
				 * tier falls back to the tracepoints */
				int fn = fn_index(s->target);

				if (fn >= 0)
					p->fn_tier[fn] = CS_TIER_TRACEPOINT;
			} else {
				s->attached = true;
			}
		}
		i++;
	}
	p->tier = CS_TIER_TRACEPOINT;
	for (i = 0; i < CS_FN_MAX; i++)
		if (p->fn_tier[i] < p->tier)
			p->tier = p->fn_tier[i];
	return 0;
}

static int on_record(void *ctx, void *data, size_t size)
{
	struct cs_probe *p = ctx;

	if (!record_check(data, size)) {
		p->bad++;
		return 0;
	}
	p->fn(data, p->fn_data);
	return 0;
}

static void explain_load_error(int e, char *err, size_t errlen)
{
	if (e == EPERM || e == EACCES)
		snprintf(err, errlen,
			 "the kernel refused to load copyscope's programs (%s) "
			 "although the capability check passed; a security "
			 "module or kernel lockdown may forbid BPF tracing "
			 "(run with -v for the verifier's words)",
			 strerror(e));
	else if (e == E2BIG || e == EINVAL)
		snprintf(err, errlen,
			 "the kernel's verifier rejected a program (%s); run "
			 "with -v to see which, and report it with 'copyscope "
			 "doctor' output",
			 strerror(e));
	else
		snprintf(err, errlen, "loading the BPF programs failed: %s",
			 strerror(e));
}

int probe_open(struct cs_probe **out, const struct cs_probe_opts *o,
	       const struct cs_features *f, char *err, size_t errlen)
{
	struct btf *vmlinux = NULL;
	struct cs_probe *p;
	int ret;

	*out = NULL;
	if (!features_can_trace(f, err, errlen))
		return -EPERM;
	if (f->btf.status != CS_ST_WORKS) {
		snprintf(err, errlen, "no kernel BTF: %s", f->btf.why);
		return -ENOENT;
	}
	if (f->tp_btf.status != CS_ST_WORKS) {
		snprintf(err, errlen,
			 "BTF tracepoints do not work here (%s); copyscope "
			 "needs them for its base tier",
			 f->tp_btf.why);
		return -EOPNOTSUPP;
	}
	p = calloc(1, sizeof(*p));
	if (!p) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	p->on_demand = -1;
	verbose_libbpf = o->verbose;
	libbpf_set_print(print_libbpf);
	ret = tier_choose(f, o->forced_tier, p->fn_tier);
	if (o->forced_tier == CS_TIER_FENTRY ||
	    o->forced_tier == CS_TIER_KPROBE) {
		if (ret != o->forced_tier) {
			snprintf(err, errlen,
				 "--tier %s: no copy-path function attaches "
				 "with %s here (%s); see 'copyscope doctor'",
				 tier_name(o->forced_tier),
				 tier_name(o->forced_tier),
				 o->forced_tier == CS_TIER_FENTRY ?
					 f->fentry.why :
					 f->kprobe.why);
			ret = -EOPNOTSUPP;
			goto cleanup;
		}
	}

	p->skel = copyscope_bpf__open();
	if (!p->skel) {
		ret = -errno;
		snprintf(err, errlen, "cannot open the BPF object: %s",
			 strerror(errno));
		goto cleanup;
	}
	vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux) {
		ret = -errno;
		snprintf(err, errlen, "cannot read kernel BTF: %s",
			 strerror(errno));
		goto cleanup;
	}
	configure(p, o, vmlinux);
	choose_programs(p, vmlinux, o);
	/* libbpf parses its own copy to load: do not hold two at once */
	btf__free(vmlinux);
	vmlinux = NULL;

	ret = copyscope_bpf__load(p->skel);
	if (ret) {
		explain_load_error(-ret, err, errlen);
		goto cleanup;
	}
	for (size_t i = 0; i < o->ncomms; i++) {
		uint8_t one = 1;

		if (bpf_map__update_elem(p->skel->maps.comm_match, o->comms[i],
					 CS_COMM_LEN, &one, sizeof(one),
					 BPF_ANY)) {
			ret = -errno;
			snprintf(err, errlen,
				 "cannot set the names to trace: %s",
				 strerror(errno));
			goto cleanup;
		}
	}
	ret = attach_all(p, err, errlen);
	if (ret)
		goto cleanup;
	p->rb = ring_buffer__new(bpf_map__fd(p->skel->maps.rb), on_record, p,
				 NULL);
	if (!p->rb) {
		ret = -errno;
		snprintf(err, errlen, "cannot map the ring buffer: %s",
			 strerror(errno));
		goto cleanup;
	}
	btf__free(vmlinux);
	*out = p;
	return 0;

cleanup:
	btf__free(vmlinux);
	probe_close(p);
	return ret;
}

void probe_trace(struct cs_probe *p, pid_t tid)
{
	uint64_t bit = 1ULL << (tid & 63);

	if (tid <= 0 || tid >= CS_PID_MAX)
		return;
	/* BPF sets bits in the same words from the fork handler */
	__atomic_fetch_or(&p->skel->bss->traced[tid >> 6], bit,
			  __ATOMIC_SEQ_CST);
}

void probe_untrace(struct cs_probe *p, pid_t tid)
{
	uint32_t key = (uint32_t)tid;

	if (tid <= 0 || tid >= CS_PID_MAX)
		return;
	__atomic_fetch_and(&p->skel->bss->traced[tid >> 6],
			   ~(1ULL << (tid & 63)), __ATOMIC_SEQ_CST);
	/* armed for an exec that will not come: a reused pid must not be */
	bpf_map__delete_elem(p->skel->maps.exec_arm, &key, sizeof(key), 0);
}

uint64_t probe_traced_count(struct cs_probe *p)
{
	uint64_t n = 0;

	for (size_t i = 0; i < CS_PID_MAX / 64; i++)
		n += (uint64_t)__builtin_popcountll(__atomic_load_n(
			&p->skel->bss->traced[i], __ATOMIC_RELAXED));
	return n;
}

/* Number of counters slots (owner[] and claims[] have as many). */
static uint32_t nslots(const struct cs_probe *p)
{
	return sizeof(p->skel->bss->owner) / sizeof(p->skel->bss->owner[0]);
}

/*
 * List a process from the start, even before its first system call ends:
 * claim its counters slot as the BPF side does (copyscope.bpf.c, claim()),
 * or give it a zeroed entry in the spill hash.
 */
static void list_process(struct cs_probe *p, uint32_t tgid)
{
	struct copyscope_bpf__bss *b = p->skel->bss;
	uint32_t i = tgid % nslots(p);
	struct cs_counters zero;

	if (__atomic_load_n(&b->owner[i], __ATOMIC_ACQUIRE) == tgid)
		return;
	if (!__atomic_load_n(&b->claims[i], __ATOMIC_ACQUIRE) &&
	    __atomic_add_fetch(&b->claims[i], 1, __ATOMIC_SEQ_CST) == 1) {
		__atomic_store_n(&b->owner[i], tgid, __ATOMIC_RELEASE);
		return;
	}
	memset(&zero, 0, sizeof(zero));
	bpf_map__update_elem(p->skel->maps.counters_spill, &tgid, sizeof(tgid),
			     &zero, sizeof(zero), BPF_NOEXIST);
}

int probe_trace_process(struct cs_probe *p, pid_t pid)
{
	char path[64];
	struct dirent *d;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	if (!dir)
		return -errno;
	list_process(p, pid);
	while ((d = readdir(dir))) {
		pid_t tid = atoi(d->d_name);

		if (tid > 0) {
			probe_trace(p, tid);
			n++;
		}
	}
	closedir(dir);
	return n;
}

int probe_trace_from_exec(struct cs_probe *p, pid_t pid)
{
	uint32_t key = pid;
	uint8_t one = 1;

	if (bpf_map__update_elem(p->skel->maps.exec_arm, &key, sizeof(key),
				 &one, sizeof(one), BPF_ANY))
		return -errno;
	return 0;
}

int probe_entry_times(struct cs_probe *p, bool on)
{
	struct bpf_program *prog;
	int i = p->on_demand;

	if (i < 0)
		return -EINVAL;
	if (on == (p->links[i] != NULL))
		return 0;
	if (!on) {
		bpf_link__destroy(p->links[i]);
		p->links[i] = NULL;
		p->progs[i].attached = false;
		return 0;
	}
	prog = bpf_object__find_program_by_name(p->skel->obj,
						p->progs[i].name);
	p->links[i] = prog ? bpf_program__attach(prog) : NULL;
	if (!p->links[i])
		return prog ? -errno : -ENOENT;
	p->progs[i].attached = true;
	return 0;
}

int probe_control_fd(struct cs_probe *p, pid_t tgid, int fd)
{
	uint32_t key = (uint32_t)tgid;
	int32_t v = fd;

	if (fd < 0) {
		bpf_map__delete_elem(p->skel->maps.ctl_fds, &key, sizeof(key),
				     0);
		return 0;
	}
	if (bpf_map__update_elem(p->skel->maps.ctl_fds, &key, sizeof(key), &v,
				 sizeof(v), BPF_ANY))
		return -errno;
	return 0;
}

int probe_consume(struct cs_probe *p, cs_record_fn fn, void *data)
{
	p->fn = fn;
	p->fn_data = data;
	return ring_buffer__consume(p->rb);
}

/* A process's counters: its array slot, if it owns one, plus the spill. */
int probe_counters(struct cs_probe *p, uint32_t tgid, struct cs_counters *c)
{
	uint32_t i = tgid % nslots(p);
	struct cs_counters spill;
	bool found = false;

	memset(c, 0, sizeof(*c));
	if (tgid &&
	    __atomic_load_n(&p->skel->bss->owner[i], __ATOMIC_ACQUIRE) ==
		    tgid &&
	    !bpf_map__lookup_elem(p->skel->maps.counters, &i, sizeof(i), c,
				  sizeof(*c), 0))
		found = true;
	if (!bpf_map__lookup_elem(p->skel->maps.counters_spill, &tgid,
				  sizeof(tgid), &spill, sizeof(spill), 0)) {
		for (int k = 0; k < CS_C_SLOTS; k++)
			c->v[k] += spill.v[k];
		found = true;
	}
	return found ? 0 : -ENOENT;
}

void probe_forget(struct cs_probe *p, uint32_t tgid)
{
	struct copyscope_bpf__bss *b = p->skel->bss;
	uint32_t i = tgid % nslots(p);
	struct cs_counters zero;

	bpf_map__delete_elem(p->skel->maps.counters_spill, &tgid, sizeof(tgid),
			     0);
	if (!tgid || __atomic_load_n(&b->owner[i], __ATOMIC_ACQUIRE) != tgid)
		return;
	/* zeroed before the slot is free: the next owner starts from 0 */
	memset(&zero, 0, sizeof(zero));
	bpf_map__update_elem(p->skel->maps.counters, &i, sizeof(i), &zero,
			     sizeof(zero), BPF_ANY);
	__atomic_store_n(&b->owner[i], 0, __ATOMIC_RELEASE);
	__atomic_store_n(&b->claims[i], 0, __ATOMIC_SEQ_CST);
}

/* The smallest counted tgid above tgid: slot owners and spilled ones. */
uint32_t probe_next_process(struct cs_probe *p, uint32_t tgid)
{
	uint32_t best = 0, key, next;
	bool first = true;

	for (uint32_t i = 0; i < nslots(p); i++) {
		uint32_t o = __atomic_load_n(&p->skel->bss->owner[i],
					     __ATOMIC_ACQUIRE);

		if (o > tgid && (!best || o < best))
			best = o;
	}
	while (!bpf_map__get_next_key(p->skel->maps.counters_spill,
				      first ? NULL : &key, &next,
				      sizeof(next))) {
		if (next > tgid && (!best || next < best))
			best = next;
		key = next;
		first = false;
	}
	return best;
}

uint64_t probe_drops(struct cs_probe *p)
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t total = 0, *v;
	uint32_t zero = 0;

	if (ncpu <= 0)
		return 0;
	v = calloc(ncpu, sizeof(*v));
	if (!v)
		return 0;
	if (!bpf_map__lookup_elem(p->skel->maps.drops, &zero, sizeof(zero), v,
				  sizeof(*v) * ncpu, 0))
		for (int i = 0; i < ncpu; i++)
			total += v[i];
	free(v);
	return total;
}

uint64_t probe_missed_runs(struct cs_probe *p)
{
	struct bpf_program *prog;
	uint64_t total = 0;

	bpf_object__for_each_program(prog, p->skel->obj)
	{
		struct bpf_prog_info info;
		__u32 len = sizeof(info);
		int fd = bpf_program__fd(prog);

		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		if (!bpf_obj_get_info_by_fd(fd, &info, &len))
			total += info.recursion_misses;
	}
	return total;
}

uint64_t probe_bad_records(struct cs_probe *p)
{
	return p->bad;
}

int probe_tier(const struct cs_probe *p)
{
	return p->tier;
}

int probe_fn_tier(const struct cs_probe *p, int fn)
{
	return fn >= 0 && fn < CS_FN_MAX ? p->fn_tier[fn] : CS_TIER_NONE;
}

const struct cs_prog_state *probe_programs(const struct cs_probe *p, int *n)
{
	*n = p->nprogs;
	return p->progs;
}

void probe_stop(struct cs_probe *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->nprogs; i++) {
		bpf_link__destroy(p->links[i]);
		p->links[i] = NULL;
	}
	/*
	 * A program that began before its link went away may still be
	 * running on another CPU: tracing programs run inside an RCU read
	 * section, and this membarrier command waits for an RCU grace
	 * period (synchronize_rcu), so after it every run has ended.
	 */
	(void)syscall(__NR_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0);
}

void probe_close(struct cs_probe *p)
{
	if (!p)
		return;
	ring_buffer__free(p->rb);
	for (int i = 0; i < p->nprogs; i++)
		bpf_link__destroy(p->links[i]);
	copyscope_bpf__destroy(p->skel);
	free(p);
}
