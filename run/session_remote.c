// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * session_remote.c - a session through the tracing service (see
 * session_remote.h).  Everything the service sends is checked by
 * srv_parse() before it gets here.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/client.h"
#include "run/session_remote.h"

struct proc_counters {
	uint32_t tgid;
	struct cs_counters c;
};

struct session_remote {
	struct srv_client c;
	struct srv_events ev;
	struct srv_status start; /* the service when we came */
	cs_record_fn fn; /* the drain in progress */
	void *fn_data;
	struct proc_counters *counters; /* from the END */
	size_t ncounters, cap;
	bool entry_times; /* -T asked for: durations kept */
	bool finish; /* the next drain is the last (session_stop) */
	bool stopping; /* STOP sent */
	bool gone; /* the service closed without an END */
	char path[108]; /* its socket */
};

static void on_record(const struct cs_hdr *rec, void *data)
{
	struct session_remote *r = data;
	struct cs_syscall sc;

	if (!r->fn)
		return;
	/*
	 * Another client's -T puts entry times in everyone's records; not
	 * asked for, they are left out, as a probe without it has none.
	 */
	if (!r->entry_times && rec->type == CS_EV_SYSCALL &&
	    rec->size == sizeof(sc)) {
		memcpy(&sc, rec, sizeof(sc));
		sc.enter_ts = 0;
		r->fn(&sc.h, r->fn_data);
		return;
	}
	r->fn(rec, r->fn_data);
}

static void on_counters(uint32_t tgid, const struct cs_counters *c, void *data)
{
	struct session_remote *r = data;
	struct proc_counters *n;

	if (r->ncounters == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;

		n = realloc(r->counters, cap * sizeof(*n));
		if (!n)
			return; /* unknown: the check says so, not a wrong one
				 */
		r->counters = n;
		r->cap = cap;
	}
	r->counters[r->ncounters].tgid = tgid;
	r->counters[r->ncounters++].c = *c;
}

/* Until cond holds: messages as they come.  0, or -EPIPE / -EPROTO. */
static int pump_until(struct session_remote *r, const bool *cond)
{
	int ret = 0;

	while (!ret && !*cond)
		ret = srv_pump(&r->c, -1, &r->ev);
	if (ret)
		r->gone = true;
	return ret;
}

int remote_open(struct session *s, const char *path, char *err, size_t errlen)
{
	struct session_remote *r = calloc(1, sizeof(*r));
	int ret;

	if (!r) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	ret = srv_connect(&r->c, path, err, errlen);
	if (ret) {
		free(r);
		return ret == -EACCES ? -EPERM : -ENOTCONN;
	}
	snprintf(r->path, sizeof(r->path), "%s", path);
	r->ev.record = on_record;
	r->ev.counters = on_counters;
	r->ev.data = r;
	s->remote = r;
	ret = srv_request(&r->c, SRV_STATUS, 0, 0, -1);
	if (!ret)
		ret = pump_until(r, &r->ev.has_status);
	if (ret) {
		snprintf(err, errlen,
			 "the tracing service at %s went away before it "
			 "answered",
			 path);
		return -ENOTCONN;
	}
	r->start = r->ev.status;
	snprintf(s->feat.release, sizeof(s->feat.release), "%s",
		 r->start.kernel);
	return 0;
}

int remote_trace(struct session *s, pid_t pid, unsigned int flags,
		 int control_fd, char *err, size_t errlen)
{
	struct session_remote *r = s->remote;
	int ret;

	r->ev.answered = false;
	ret = srv_request(&r->c, SRV_TRACE, pid, flags, control_fd);
	if (!ret)
		ret = pump_until(r, &r->ev.answered);
	if (ret) {
		snprintf(err, errlen,
			 "the tracing service went away before it answered");
		return -ENOTCONN;
	}
	if (r->ev.err) {
		snprintf(err, errlen, "%s", r->ev.text);
		return -r->ev.err;
	}
	if (flags & SRV_TRACE_ENTRY_TIMES)
		r->entry_times = true;
	return 0;
}

int remote_drain(struct session *s, cs_record_fn fn, void *data)
{
	struct session_remote *r = s->remote;
	int ret;

	if (r->gone)
		return -EPIPE;
	if (r->ev.ended)
		return 0;
	r->fn = fn;
	r->fn_data = data;
	/* ended: what is left, up to the END, and the counters */
	if ((s->ended || r->finish) && !r->stopping) {
		r->stopping = true;
		if (srv_request(&r->c, SRV_STOP, 0, 0, -1)) {
			r->gone = true;
			ret = -EPIPE;
			goto cleanup;
		}
	}
	ret = r->stopping ? pump_until(r, &r->ev.ended) :
			    srv_pump(&r->c, 0, &r->ev);
	if (ret)
		r->gone = true;
cleanup:
	r->fn = NULL;
	return ret;
}

int remote_tier(const struct session *s)
{
	return s->remote->start.tier;
}

int remote_counters(const struct session *s, uint32_t tgid,
		    struct cs_counters *c)
{
	const struct session_remote *r = s->remote;

	for (size_t i = 0; i < r->ncounters; i++)
		if (r->counters[i].tgid == tgid) {
			*c = r->counters[i].c;
			return 0;
		}
	memset(c, 0, sizeof(*c));
	return -ENOENT;
}

uint32_t remote_next_process(const struct session *s, uint32_t tgid)
{
	const struct session_remote *r = s->remote;
	uint32_t best = 0;

	for (size_t i = 0; i < r->ncounters; i++)
		if (r->counters[i].tgid > tgid &&
		    (!best || r->counters[i].tgid < best))
			best = r->counters[i].tgid;
	return best;
}

/*
 * Records this session lost: its own buffer's, and whatever the kernel's
 * one ring dropped meanwhile (it cannot say whose: counted against us).
 */
uint64_t remote_drops(const struct session *s)
{
	const struct session_remote *r = s->remote;

	if (!r->ev.ended)
		return 0;
	return r->ev.end.lost + (r->ev.end.ring_drops - r->start.ring_drops);
}

uint64_t remote_missed_runs(const struct session *s)
{
	const struct session_remote *r = s->remote;

	if (!r->ev.ended)
		return 0;
	return r->ev.end.missed_runs - r->start.missed_runs;
}

void remote_finish(struct session *s)
{
	s->remote->finish = true;
}

bool session_service_losses(const struct session *s, uint64_t *own,
			    uint64_t *ring)
{
	const struct session_remote *r = s->remote;

	if (!r || !r->ev.ended)
		return false;
	*own = r->ev.end.lost;
	*ring = r->ev.end.ring_drops - r->start.ring_drops;
	return true;
}

const char *session_service(const struct session *s)
{
	return s->remote ? s->remote->path : NULL;
}

const char *session_service_trouble(const struct session *s, bool *gone)
{
	const struct session_remote *r = s->remote;

	*gone = false;
	if (!r)
		return NULL;
	if (r->gone) {
		*gone = true;
		return "the tracing service went away (was it killed?): no "
		       "counters";
	}
	if (r->ev.ended && r->ev.end.reason == SRV_END_SHUTDOWN)
		return "the tracing service is stopping: the counts are those "
		       "up to then";
	return NULL;
}

void remote_close(struct session *s)
{
	struct session_remote *r = s->remote;

	if (!r)
		return;
	srv_close(&r->c);
	free(r->counters);
	free(r);
	s->remote = NULL;
}
