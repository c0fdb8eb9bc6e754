// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * App.c - the TUI's main loop (see App.h).
 *
 * One pass of the loop: drain the probe and the demo's control channel
 * into the model (its facts land in the animation queue, its totals are
 * read when drawing: the counters are never behind), advance the
 * animation clock by the wall time that passed, draw a frame if anything
 * on screen changed, then wait for a key for at most one frame time.
 *
 * State lives in one static struct: there is one terminal and one app.
 */
#include <curses.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run/feed.h"
#include "run/outfile.h"
#include "run/privilege.h"
#include "ui/App.h"
#include "ui/Caption.h"
#include "ui/DemoPicker.h"
#include "ui/Diagram.h"
#include "ui/Draw.h"
#include "ui/EventLog.h"
#include "ui/HelpOverlay.h"
#include "ui/Quiz.h"
#include "ui/Scene.h"
#include "ui/StatusBar.h"
#include "ui/Table.h"
#include "ui/Term.h"
#include "ui/TitleBar.h"
#include "ui/WhyPanel.h"
#include "views/class_view.h"
#include "views/layout.h"
#include "views/layout_anim.h"
#include "views/layout_flow.h"
#include "views/layout_table.h"
#include "views/report.h"

#define FRAME_MS 33 /* about 30 frames a second while something moves */
#define IDLE_MS 100 /* nothing moves: wake up less often */
#define COUNTS_MS 100 /* counters alone redraw at most this often */
#define DRAIN_MS 10 /* records flowing: read the ring buffer this often */

#define APP_WHAT_LEN 64

/* captured output lines held back (release_output()) */
#define HELD_LINES 64
#define HELD_LEN 256
#define HELD_WAIT_NS (60ull * 1000000000)

static struct app {
	struct app_opts o;
	struct layout lay;
	struct feed feed;
	bool have_feed;
	struct anim an;
	struct eventlog log;
	struct picker picker;
	bool picking, quit;
	int help; /* the help page up, 0: none */

	/* the run on screen */
	const struct demo_info *info;
	struct demo_opts dopts;
	bool step_mode, auto_go, waiting_go;
	uint32_t steps_done;
	char next[CS_CONTROL_MSG_MAX + 1];
	uint64_t base_ts;
	bool ended, state_bad;
	char state[96];
	char what[APP_WHAT_LEN];
	FILE *rec; /* app_opts.record, while a demo runs */
	bool rec_said; /* its failure is on screen */

	/* what the animation has played so far */
	bool kernel, off_cpu, involuntary;
	char cpu_other[CS_COMM_LEN + 1];
	char last_call[40];
	uint64_t logged_seq;
	uint64_t shown_seq; /* the item the last frame showed (0: none) */
	bool run_to_call; /* s while tracing: play up to the next call */

	/* the table: every run of this session */
	struct scene_row rows[SCENE_ROWS];
	/* which run a row belongs to: its what (a key cut shorter than
	 * what would never match again, and add a row at every update) */
	char keys[SCENE_ROWS][APP_WHAT_LEN];
	int nrows;

	/* a traced program: its flows (the table's rows once one has moved
	 * CS_FLOW_MIN_BYTES) and the one the picture follows (Tab) */
	struct flow_list *flows; /* NULL: out of memory, no flows shown */
	struct flow_pick pick;
	bool flow_rows; /* the table lists them */
	int flow_sel; /* the followed one's row, -1: all */

	bool dirty, counts_dirty;
	uint64_t last_draw;
	char start_err[512]; /* why the last start failed */
	int exit_status; /* trace -- CMD: the command's, as 'trace' returns */
	char out[1024]; /* a partial line of captured output */
	/*
	 * Whole lines of it, held until the animation has shown what came
	 * before them (see release_output()).
	 */
	char held[HELD_LINES][HELD_LEN];
	int nheld;
	uint64_t held_since; /* now_ns() of the oldest */
	uint64_t held_seq; /* the last animation item queued before them */
	size_t outlen;

	/* class mode */
	char step_label[CS_CONTROL_MSG_MAX + 1]; /* the step that ran last */
	struct class_acc acc; /* what it moved, as played */
	bool have_step;
	const char *why[REPORT_MAX_WHY];
	int nwhy;
	bool why_hidden;

	/* the quiz (A.o.quiz): questions of this run */
	struct quiz qz;
	int q_open; /* the question waiting for an answer, -1: none */
	int q_ran; /* the question whose call runs, -1: none */
	int q_last; /* the last one judged, -1: none */
	uint64_t q_settle; /* when its result may be gathered; 0: not yet */
	struct class_acc q_acc; /* what its call moved */
	int q_mode; /* its mode switches */
	bool quiz_hidden;
} A;

/* A call's records may come a moment after the demo's next step message. */
#define QUIZ_SETTLE_NS 300000000ull

/* The layout for this terminal; class mode gives the table a row more
 * for the article's. */
static void relayout(void)
{
	layout_compute(&A.lay, LINES, COLS);
	if (A.o.class_mode)
		layout_grow_table(&A.lay, 1);
}

static uint64_t now_ns(void)
{
	return monotonic_ns();
}

/* ---- the log ----------------------------------------------------------------
 */

static void log_item(const struct anim_item *it)
{
	char text[256];
	double ms =
		it->f.ts > A.base_ts ? (double)(it->f.ts - A.base_ts) / 1e6 : 0;
	enum term_style st = TS_NORMAL;

	if (it->seq <= A.logged_seq)
		return;
	A.logged_seq = it->seq;
	Caption_text(it, text, sizeof(text));
	if (it->f.type == CS_FACT_TRANSFER) {
		switch (it->f.u.transfer.kind) {
		case CS_K_DMA:
			st = TS_DMA;
			break;
		case CS_K_CPU:
			st = TS_CPU;
			break;
		case CS_K_REF:
			st = TS_REF;
			break;
		case CS_K_MAP:
			st = TS_MAP;
			break;
		}
		if (it->f.u.transfer.evidence == CS_EVID_EXPLAINED)
			st = TS_EXPLAINED;
		EventLog_add(&A.log, st, "%9.3f ms  %-3s %s", ms,
			     model_kind_name(it->f.u.transfer.kind), text);
		return;
	}
	if (it->f.type == CS_FACT_MODE_SWITCH ||
	    it->f.type == CS_FACT_CONTEXT_SWITCH)
		st = TS_DIM;
	EventLog_add(&A.log, st, "%9.3f ms      %s", ms, text);
}

/* ---- what the animation has played
 * -------------------------------------------- */

static void played(const struct anim_item *it, void *data)
{
	const struct cs_fact *f = &it->f;

	(void)data;
	log_item(it);
	if (!it->focus)
		return;
	if (A.o.class_mode && f->type == CS_FACT_TRANSFER &&
	    f->u.transfer.evidence != CS_EVID_EXPLAINED)
		class_acc_add(&A.acc, &f->u.transfer, it->bytes,
			      it->count ? it->count : 1);
	switch (f->type) {
	case CS_FACT_MODE_SWITCH:
		A.kernel = f->u.mode.to_kernel;
		break;
	case CS_FACT_CONTEXT_SWITCH:
		A.off_cpu = f->u.ctx.out;
		A.involuntary = f->u.ctx.involuntary;
		snprintf(A.cpu_other, sizeof(A.cpu_other), "%s",
			 f->u.ctx.other_comm);
		break;
	case CS_FACT_SYSCALL: {
		const char *nm = model_syscall_name(f->u.syscall.nr);

		char ret[24];

		snprintf(A.last_call, sizeof(A.last_call), "%s() = %s",
			 nm ? nm : "syscall",
			 model_format_ret(ret, sizeof(ret), f->u.syscall.nr,
					  f->u.syscall.ret));
		if (A.run_to_call) {
			A.run_to_call = false;
			A.an.paused = true;
		}
		break;
	}
	default:
		break;
	}
}

/* ---- facts and control messages
 * ------------------------------------------------ */

static void on_fact(const struct cs_fact *f, void *data)
{
	(void)data;
	A.counts_dirty = true;
	/* a demo's set-up (creating the file, connecting) is not the lesson,
	 * live or replayed */
	if (A.feed.phase_gate && !f->counted && f->type != CS_FACT_NOTE)
		return;
	if (A.o.quiz && A.q_ran >= 0 && f->tgid == A.feed.focus) {
		const struct cs_transfer *t = &f->u.transfer;

		/* what the call did: not what readahead or the network did
		 * after it, nor what is only explained */
		if (f->type == CS_FACT_TRANSFER &&
		    t->evidence != CS_EVID_EXPLAINED &&
		    (t->syscall_seq || t->rule == CS_R_COW))
			class_acc_add(&A.q_acc, t, t->bytes,
				      t->count ? t->count : 1);
		else if (f->type == CS_FACT_MODE_SWITCH)
			A.q_mode++;
	}
	/* class mode: the scheduler's doings are told in the log, the
	 * picture and its caption keep to the data */
	if (A.o.class_mode && f->type == CS_FACT_CONTEXT_SWITCH) {
		double ms = f->ts > A.base_ts ?
				    (double)(f->ts - A.base_ts) / 1e6 :
				    0;

		EventLog_add(&A.log, TS_DIM, "%9.3f ms      %s", ms, f->text);
		if (f->tgid == A.an.focus_tgid) {
			A.off_cpu = f->u.ctx.out;
			A.involuntary = f->u.ctx.involuntary;
			snprintf(A.cpu_other, sizeof(A.cpu_other), "%s",
				 f->u.ctx.other_comm);
		}
		return;
	}
	/* following one flow: what can never join it is not queued */
	if (A.pick.id && A.feed.m && !flow_fact_may_join(A.feed.m, &A.pick, f))
		return;
	anim_push(&A.an, f);
}

static void say(const char *msg);

static void quiz_open(const char *label)
{
	struct quiz_q *q = quiz_ask(&A.qz, label, A.dopts.cold || !A.info);

	A.q_open = q ? (int)(q - A.qz.q) : -1;
}

/* The demo (or the replay) waits before its next call. */
static void step_announced(const char *label)
{
	snprintf(A.next, sizeof(A.next), "%s", label);
	if (!A.step_mode)
		return;
	if (A.auto_go) {
		feed_go(&A.feed);
		A.steps_done++;
		return;
	}
	A.waiting_go = true;
	A.dirty = true;
	if (!A.o.quiz) {
		EventLog_add(&A.log, TS_BOX_ACTIVE, "next: %s  (press s)",
			     label);
		return;
	}
	/* the last call's result first, then the next question */
	if (A.q_ran >= 0)
		A.q_settle = now_ns() + QUIZ_SETTLE_NS;
	else
		quiz_open(label);
}

/* The quiz's clock: judge a call once its records are in. */
static void quiz_tick(void)
{
	struct quiz_q *q;
	char line[1024];

	if (!A.o.quiz || A.q_ran < 0 || !A.q_settle || now_ns() < A.q_settle)
		return;
	/* records held for a thread that now waits for us */
	if (A.feed.m)
		model_flush(A.feed.m);
	q = &A.qz.q[A.q_ran];
	quiz_judge(&A.qz, q, &A.q_acc, A.q_mode);
	EventLog_add(&A.log, q->right ? TS_GOOD : TS_WARN, "quiz: %s",
		     quiz_reveal(q, line, sizeof(line)));
	A.q_last = A.q_ran;
	A.q_ran = -1;
	A.q_settle = 0;
	A.dirty = true;
	if (A.waiting_go && !A.ended)
		quiz_open(A.next);
}

/* The demo was let run its next system call: the animation goes on, and
 * the caption will say what that call moved. */
static void step_begun(void)
{
	A.waiting_go = false;
	A.steps_done++;
	A.an.paused = false;
	snprintf(A.step_label, sizeof(A.step_label), "%s", A.next);
	memset(&A.acc, 0, sizeof(A.acc));
	A.have_step = true;
}

/* An answer key while a question is open: true when it was one. */
static bool quiz_key(int ch)
{
	struct quiz_q *q;
	static const char kinds[CS_K_MAX] = { 'd', 'c', 'r', 'm' };
	int k;

	if (!A.o.quiz || A.q_open < 0)
		return false;
	q = &A.qz.q[A.q_open];
	for (k = 0; k < CS_K_MAX; k++)
		if (ch == kinds[k]) {
			q->said.kinds ^= (uint8_t)(1u << k);
			return true;
		}
	if (ch == 'x') {
		q->said.kinds = 0;
		return true;
	}
	if (ch == 's') {
		say("answer first: d c r m x for the transfers, then a digit "
		    "for the mode switches");
		return true;
	}
	if (ch < '0' || ch > '9')
		return false;
	q->said.mode = ch - '0';
	if (feed_go(&A.feed))
		return true;
	A.q_ran = A.q_open;
	A.q_open = -1;
	memset(&A.q_acc, 0, sizeof(A.q_acc));
	A.q_mode = 0;
	step_begun();
	return true;
}

static void on_control(const struct cs_ctl_msg *m, void *data)
{
	char b[32];

	(void)data;
	/* a step we answer ourselves needs no frame of its own */
	if (m->type == CS_CTL_STEP && (!A.step_mode || A.auto_go))
		A.counts_dirty = true;
	else
		A.dirty = true;
	switch (m->type) {
	case CS_CTL_HELLO:
		EventLog_add(&A.log, TS_DIM, "demo %s started, pid %" PRIu32,
			     m->text, m->pid);
		break;
	case CS_CTL_PHASE:
		EventLog_add(&A.log, TS_BOLD, "phase: %s%s",
			     cs_ctl_phase_name(m->phase) ?
				     cs_ctl_phase_name(m->phase) :
				     "?",
			     m->phase == CS_CTL_PHASE_TRANSFER ?
				     " (counting starts)" :
			     m->phase == CS_CTL_PHASE_DONE ?
				     " (counting stops)" :
				     "");
		if (m->phase == CS_CTL_PHASE_DONE)
			A.next[0] = 0;
		break;
	case CS_CTL_STEP:
		step_announced(m->text);
		break;
	case CS_CTL_RESULT_OK:
		model_format_bytes(b, sizeof(b), m->bytes);
		snprintf(A.state, sizeof(A.state),
			 "done: %s verified in %.1f ms", b,
			 (double)m->ns / 1e6);
		A.state_bad = false;
		EventLog_add(&A.log, TS_GOOD, "%s", A.state);
		break;
	case CS_CTL_RESULT_FAIL:
		snprintf(A.state, sizeof(A.state), "failed: %.80s", m->text);
		A.state_bad = true;
		EventLog_add(&A.log, TS_WARN, "%s", A.state);
		break;
	default:
		break;
	}
}

/* ---- the table
 * ---------------------------------------------------------------- */

/* A new row at the end (the oldest goes when the table is full). */
static int row_add(const char *key, bool sub)
{
	int i;

	if (A.nrows == SCENE_ROWS) {
		/* forget the oldest run */
		memmove(&A.rows[0], &A.rows[1],
			sizeof(A.rows[0]) * (SCENE_ROWS - 1));
		memmove(&A.keys[0], &A.keys[1],
			sizeof(A.keys[0]) * (SCENE_ROWS - 1));
		A.nrows--;
	}
	i = A.nrows++;
	memset(&A.rows[i], 0, sizeof(A.rows[i]));
	snprintf(A.keys[i], sizeof(A.keys[i]), "%s", key);
	A.rows[i].sub = sub;
	return i;
}

static int row_slot(const char *key, bool sub)
{
	int i;

	for (i = 0; i < A.nrows; i++)
		if (!strcmp(A.keys[i], key) && A.rows[i].sub == sub)
			return i;
	return row_add(key, sub);
}

/* Drop a run's rows (it runs again: its new rows go to the end). */
static void rows_forget(const char *key)
{
	int i, j = 0;

	for (i = 0; i < A.nrows; i++) {
		if (!strcmp(A.keys[i], key))
			continue;
		if (i != j) {
			A.rows[j] = A.rows[i];
			memcpy(A.keys[j], A.keys[i], sizeof(A.keys[j]));
		}
		j++;
	}
	A.nrows = j;
}

static const char *run_key(void)
{
	return A.info ? A.info->name : A.what;
}

/* A traced program, or the recording of one (a demo's, with its phases,
 * shows its transfer's row as the demo does). */
static bool flow_mode(void)
{
	return !A.info && A.have_feed && A.feed.m && !A.feed.phase_gate &&
	       A.flows;
}

/* A row per flow; false while no flow has moved enough to be one (the
 * program's own row stands until then). */
static bool rows_flows(const char *key)
{
	const struct flow_list *l = A.flows;
	size_t k;

	A.flow_sel = -1;
	if (!flow_mode())
		return false;
	flow_list_read(A.flows, A.feed.m);
	if (!l->npick)
		return false;
	A.flow_rows = true;
	A.flow_sel = flow_list_find(l, A.feed.m, &A.pick);
	rows_forget(key);
	for (k = 0; k < l->n && k < SCENE_ROWS; k++) {
		struct scene_row *r = &A.rows[row_add(key, false)];
		const struct cs_flow *f = &l->f[k];

		flow_row_name(f, r->name, sizeof(r->name));
		r->t = f->tot;
		r->other = f->other;
		r->current = !f->other && (!A.pick.id || (int)k == A.flow_sel);
		r->live = !A.ended;
	}
	return true;
}

static void rows_update(void)
{
	struct cs_totals t;
	uint32_t snd = 0, rcv = 0;
	struct cs_model *m = A.feed.m;
	const char *key = run_key();
	int i;

	for (i = 0; i < A.nrows; i++)
		A.rows[i].current = !strcmp(A.keys[i], key);
	if (!A.have_feed || !m || rows_flows(key))
		return;
	model_sides(m, &snd, &rcv);
	if (A.info || !snd)
		snd = A.feed.focus;
	if (model_totals(m, snd, &t) || A.info) {
		struct scene_row *r = &A.rows[row_slot(key, false)];
		const char *nm = t.strategy != CS_ST_UNKNOWN ?
					 model_strategy_name(t.strategy) :
				 A.info ? A.info->title :
					  t.comm;

		r->t = t;
		r->current = true;
		r->live = !A.ended;
		snprintf(r->name, sizeof(r->name), "%s", nm);
	}
	if (rcv && model_totals(m, rcv, &t)) {
		struct scene_row *r = &A.rows[row_slot(key, true)];

		r->t = t;
		r->current = true;
		r->live = !A.ended;
		snprintf(r->name, sizeof(r->name), "%s %s",
			 Term_utf8() ? "\u2514" : "\\",
			 A.info ? "receiver" : t.comm);
	}
}

/* ---- runs
 * --------------------------------------------------------------------- */

/* Does an item play while one flow is followed?  (its flow, resolved now) */
static bool keep_item(const struct anim_item *it, void *data)
{
	(void)data;
	return !A.feed.m || flow_fact_picked(A.feed.m, &A.pick, &it->f);
}

/* The animation follows the picked flow: its process's calls and
 * switches play, the others' do not; every process's, for all flows. */
static void pick_apply(void)
{
	A.an.keep = A.pick.id ? keep_item : NULL;
	A.an.focus_tgid = A.pick.id ? A.pick.tgid : A.feed.focus;
	anim_refilter(&A.an);
}

static void reset_run_state(void)
{
	anim_clear(&A.an);
	A.kernel = A.off_cpu = A.involuntary = false;
	A.cpu_other[0] = A.last_call[0] = 0;
	A.waiting_go = false;
	A.steps_done = 0;
	A.next[0] = 0;
	A.ended = A.state_bad = false;
	A.state[0] = 0;
	A.run_to_call = false;
	A.logged_seq = A.an.next_seq;
	A.have_step = false;
	A.step_label[0] = 0;
	memset(&A.acc, 0, sizeof(A.acc));
	A.nwhy = 0;
	A.why_hidden = false;
	memset(&A.qz, 0, sizeof(A.qz));
	A.q_open = A.q_ran = A.q_last = -1;
	A.q_settle = 0;
	A.quiz_hidden = false;
	/* a recording played again keeps the flow followed: the same
	 * records make the same flows */
	if (!A.o.replay || A.info)
		memset(&A.pick, 0, sizeof(A.pick));
	A.flow_rows = false;
	A.flow_sel = -1;
}

/* A write that failed is said at once, not when the run ends. */
static void record_check(void)
{
	int err = A.rec ? outfile_error(A.rec) : 0;

	if (!err || A.rec_said)
		return;
	A.rec_said = true;
	EventLog_add(&A.log, TS_WARN,
		     "writing %s failed: %s: the recording stops here",
		     A.o.record, strerror(err));
	A.dirty = true;
}

/* The run's recording is complete once its feed has stopped. */
static void record_end(void)
{
	bool failed = A.feed.rec_failed;

	if (!A.rec)
		return;
	if (outfile_close(A.rec))
		failed = true;
	A.rec = NULL;
	if (failed && !A.rec_said)
		EventLog_add(&A.log, TS_WARN,
			     "writing %s failed: the recording is incomplete",
			     A.o.record);
}

static void record_start(const struct demo_info *info)
{
	if (!A.o.record)
		return;
	A.rec_said = false;
	A.rec = outfile_open("copyscope", A.o.record, true);
	if (!A.rec || feed_record(&A.feed, A.rec, info->name)) {
		EventLog_add(&A.log, TS_WARN, "cannot record to %s: %s",
			     A.o.record, strerror(errno));
		if (A.rec)
			outfile_close(A.rec);
		A.rec = NULL;
		return;
	}
	EventLog_add(&A.log, TS_DIM,
		     "recording this run to %s (copyscope replay %s)",
		     A.o.record, A.o.record);
}

static void stop_run(void)
{
	if (!A.have_feed)
		return;
	feed_stop(&A.feed);
	record_end();
	A.ended = true;
	rows_update();
	for (int i = 0; i < A.nrows; i++)
		A.rows[i].live = false;
	feed_free(&A.feed);
	A.have_feed = false;
}

static int start_demo(const struct demo_info *info, bool step)
{
	char err[512];
	int ret;

	stop_run();
	reset_run_state();
	A.info = info;
	A.dopts.step = step;
	A.step_mode = step;
	A.auto_go = false;
	snprintf(A.what, sizeof(A.what), "demo %s", info->name);
	EventLog_add(&A.log, TS_BOLD, "--- %s: %s, %s cache ---", info->title,
		     step ? "step mode (s runs one system call)" : "free run",
		     A.dopts.cold ? "cold" : "warm");
	ret = feed_start_demo(&A.feed, info, &A.dopts, on_fact, on_control,
			      NULL, err, sizeof(err));
	if (ret) {
		snprintf(A.start_err, sizeof(A.start_err), "%s", err);
		EventLog_add(&A.log, TS_WARN, "cannot start %s: %s", info->name,
			     err);
		snprintf(A.picker.msg, sizeof(A.picker.msg),
			 "cannot start %s: %.400s", info->name, err);
		snprintf(A.state, sizeof(A.state), "not started");
		A.state_bad = true;
		A.ended = true;
		return ret;
	}
	A.picker.msg[0] = 0;
	A.have_feed = true;
	record_start(info);
	A.an.focus_tgid = A.feed.focus;
	A.base_ts = A.feed.s->start_ts;
	rows_forget(run_key());
	rows_update();
	A.dirty = true;
	return 0;
}

/* A traced process, or a recording of one: no demo, no picker. */
static int start_trace(void)
{
	const struct cs_rec_header *h;
	const char *doing = A.o.replay ? "replay" : "trace";
	char err[512];
	int ret;

	stop_run();
	reset_run_state();
	A.info = NULL;
	ret = A.o.replay ? feed_start_replay(&A.feed, A.o.replay, on_fact, NULL,
					     err, sizeof(err)) :
			   feed_start_trace(&A.feed, A.o.trace, on_fact, NULL,
					    err, sizeof(err));
	if (ret) {
		snprintf(A.start_err, sizeof(A.start_err), "%s", err);
		EventLog_add(&A.log, TS_WARN, "cannot %s: %s", doing, err);
		snprintf(A.state, sizeof(A.state), "cannot %s: %.80s", doing,
			 err);
		A.state_bad = true;
		A.ended = true;
		return ret;
	}
	A.have_feed = true;
	A.base_ts = feed_start_ts(&A.feed);
	pick_apply();
	if (A.o.quiz && A.o.replay) {
		/* the recorded steps become questions, as live */
		feed_replay_steps(&A.feed, true);
		A.step_mode = true;
	}
	h = feed_recording(&A.feed);
	if (h) {
		const struct demo_info *d = demo_lookup(h->what);

		snprintf(A.what, sizeof(A.what), "replay of %.40s",
			 d	    ? d->title :
			 h->what[0] ? h->what :
				      "a recording");
		EventLog_add(
			&A.log, TS_BOLD,
			"--- replaying %s (pid %u), traced on %s with the %s tier ---",
			h->what[0] ? h->what : "a recording", h->pid,
			h->kernel[0] ? h->kernel : "an unnamed kernel",
			feed_tier(&A.feed));
	} else {
		snprintf(A.what, sizeof(A.what), "%s",
			 A.o.what ? A.o.what : "trace");
		EventLog_add(&A.log, TS_BOLD,
			     "--- tracing %s with the %s tier ---", A.what,
			     feed_tier(&A.feed));
	}
	rows_forget(run_key());
	rows_update();
	A.dirty = true;
	return 0;
}

/* Why the measured row differs from the article's: report's sentences. */
static void why_compute(void)
{
	struct report_row row;
	struct report_metrics mt;

	A.nwhy = 0;
	if (!A.o.class_mode || !A.feed.m)
		return;
	report_row_from_model(&row, A.feed.m, run_key());
	if (!row.sender.tgid)
		return;
	if (A.info)
		row.cache =
			A.dopts.cold ? REPORT_CACHE_COLD : REPORT_CACHE_WARM;
	if (A.info && A.feed.d.ok) {
		row.file_bytes = A.feed.d.bytes;
		row.elapsed_ns = A.feed.d.ns;
	}
	row.drops = feed_drops(&A.feed);
	report_metrics(&row, &mt);
	A.nwhy = (int)report_why(&row, &mt, A.why, REPORT_MAX_WHY);
}

/* The traced process ended: keep the final picture. */
static void finish_run(void)
{
	const char *trouble;
	char ex[96];
	bool gone;

	A.ended = true;
	A.waiting_go = false;
	feed_exit_text(&A.feed, ex, sizeof(ex));
	if (!A.info && A.feed.s && A.feed.s->launched)
		A.exit_status = WIFEXITED(A.feed.s->status) ?
					WEXITSTATUS(A.feed.s->status) :
					128 + WTERMSIG(A.feed.s->status);
	trouble = feed_service_trouble(&A.feed, &gone);
	if (trouble) {
		snprintf(A.state, sizeof(A.state), "%.90s", trouble);
		A.state_bad = true;
		if (gone)
			A.exit_status = 69; /* EX_UNAVAILABLE, as the commands */
	}
	if (!A.state[0]) {
		if (A.info && A.feed.d.finished && !A.feed.d.ok)
			snprintf(A.state, sizeof(A.state), "failed: %.80s",
				 A.feed.d.fail);
		else
			snprintf(A.state, sizeof(A.state), "%s ended%s%.60s",
				 A.info		  ? "the demo" :
				 A.feed.is_replay ? "the recording" :
						    "the process",
				 ex[0] ? ": " : "", ex);
		A.state_bad = ex[0] && !feed_exit_ok(&A.feed);
	}
	EventLog_add(&A.log, A.state_bad ? TS_WARN : TS_GOOD, "%s%s%s", A.state,
		     A.info && ex[0] && !strstr(A.state, ex) ? " -- " : "",
		     A.info && ex[0] && !strstr(A.state, ex) ? ex : "");
	rows_update();
	why_compute();
	if (A.o.quiz && A.q_ran >= 0)
		A.q_settle = now_ns(); /* everything is in */
	A.q_open = -1;
	A.dirty = true;
}

/* ---- captured output
 * ------------------------------------------------------------ */

/*
 * The command's output is read as it is written, but the animation shows
 * its system calls later: a line put in the log at once would come before
 * the calls that led to it, and the calls after would push it out of
 * sight.  So lines wait until the animation has shown every item queued
 * before they were read, or HELD_WAIT_NS at most (a program that never
 * lets it catch up), or until HELD_LINES are waiting.
 */
static bool shown_before_output(void)
{
	const struct anim_item *oldest;

	if (!A.an.n)
		return true;
	oldest = &A.an.q[A.an.head];
	return oldest->seq > A.held_seq;
}

static void release_output(uint64_t now, bool all)
{
	if (!A.nheld)
		return;
	if (!all && !shown_before_output() && A.nheld < HELD_LINES &&
	    now - A.held_since < HELD_WAIT_NS)
		return;
	for (int i = 0; i < A.nheld; i++)
		EventLog_add(&A.log, TS_DIM, "| %s", A.held[i]);
	A.nheld = 0;
	A.dirty = true;
}

static void hold_output(const char *line)
{
	if (A.nheld == HELD_LINES)
		release_output(now_ns(), true);
	if (!A.nheld)
		A.held_since = now_ns();
	/* what the animation must show first: everything queued so far */
	A.held_seq = A.an.next_seq;
	snprintf(A.held[A.nheld++], HELD_LEN, "%s", line);
}

static void read_output(void)
{
	int fd = Term_outputFd();
	ssize_t n;

	if (fd < 0)
		return;
	while ((n = read(fd, A.out + A.outlen, sizeof(A.out) - 1 - A.outlen)) >
	       0) {
		char *start = A.out, *nl;

		A.outlen += (size_t)n;
		A.out[A.outlen] = 0;
		while ((nl = memchr(start, '\n',
				    A.outlen - (size_t)(start - A.out)))) {
			*nl = 0;
			if (*start)
				hold_output(start);
			start = nl + 1;
		}
		A.outlen -= (size_t)(start - A.out);
		memmove(A.out, start, A.outlen);
		if (A.outlen == sizeof(A.out) - 1) {
			A.out[A.outlen] = 0;
			hold_output(A.out);
			A.outlen = 0;
		}
		A.dirty = true;
	}
}

/* ---- the frame
 * ------------------------------------------------------------------- */

/*
 * A finished cold demo whose sender filled fewer of the file's pages than
 * it has: someone else read the file meanwhile (report_metrics()).
 */
static uint64_t cold_others(uint32_t snd)
{
	struct report_metrics mt;
	struct report_row row;

	if (!A.info || !A.dopts.cold || !A.feed.d.finished || !A.feed.d.ok ||
	    !snd)
		return 0;
	report_row_from_model(&row, A.feed.m, A.info->name);
	row.cache = REPORT_CACHE_COLD;
	row.file_bytes = A.feed.d.bytes;
	row.page_bytes = (uint32_t)sysconf(_SC_PAGESIZE);
	report_metrics(&row, &mt);
	return mt.filled_by_others;
}

/* The flow followed: the picture draws its routes, named by its process
 * and strategy; the status line names it. */
static void scene_flow(struct scene *s)
{
	struct cs_flow f;

	flow_pick_label(A.feed.m, &A.pick, s->flow_label,
			sizeof(s->flow_label));
	if (!A.pick.id || !model_flow(A.feed.m, A.pick.id, &f))
		return;
	memcpy(s->route, f.tot.route_bytes, sizeof(s->route));
	s->nic_explained = f.tot.nic_dma_explained_bytes;
	s->strategy = f.tot.strategy != CS_ST_UNKNOWN ?
			      model_strategy_name(f.tot.strategy) :
			      NULL;
	snprintf(s->focus_name, sizeof(s->focus_name), "%.*s", CS_COMM_LEN,
		 f.comm);
}

static void scene_build(struct scene *s)
{
	struct cs_totals all;
	const struct anim_item *cur;
	int i;

	memset(s, 0, sizeof(*s));
	if (A.have_feed && A.feed.m) {
		uint32_t snd, rcv;

		model_totals_all(A.feed.m, &all);
		memcpy(s->route, all.route_bytes, sizeof(s->route));
		s->nic_explained = all.nic_dma_explained_bytes;
		model_sides(A.feed.m, &snd, &rcv);
		s->have_receiver = rcv != 0 || (A.info && A.info->to_socket);
		s->strategy = model_strategy_name(
			model_strategy(A.feed.m, A.feed.focus));
		if (model_strategy(A.feed.m, A.feed.focus) == CS_ST_UNKNOWN)
			s->strategy = NULL;
		s->drops = feed_drops(&A.feed);
		s->cold_others = cold_others(snd);
		s->check = feed_check(&A.feed);
		s->tier = feed_tier(&A.feed);
		s->no_disk = all.nodisk_file_bytes && !all.disk_read_bytes;
	}
	s->kernel = A.kernel;
	s->off_cpu = A.off_cpu;
	s->involuntary = A.involuntary;
	memcpy(s->cpu_other, A.cpu_other, sizeof(s->cpu_other));
	snprintf(s->focus_name, sizeof(s->focus_name), "%.23s",
		 A.info ? "sender" : A.what);
	if (!A.info && A.have_feed && A.feed.m) {
		struct cs_proc_info pi;

		if (model_process(A.feed.m, A.feed.focus, &pi) && pi.comm[0])
			snprintf(s->focus_name, sizeof(s->focus_name), "%s",
				 pi.comm);
	}
	memcpy(s->last_call, A.last_call, sizeof(s->last_call));
	cur = anim_current(&A.an, &s->progress);
	s->cur = cur;
	s->waiting = anim_waiting(&A.an);
	anim_speed_text(&A.an, s->speed, sizeof(s->speed));
	s->paused = A.an.paused;
	s->what = A.what[0] ? A.what : "the tour";
	s->title = A.info ? A.info->title : A.what;
	s->summary = A.info ? A.info->summary : NULL;
	s->is_demo = A.info != NULL;
	s->step_mode = A.step_mode;
	s->auto_go = A.auto_go;
	s->waiting_go = A.waiting_go;
	s->cold = A.dopts.cold;
	s->steps_done = A.steps_done;
	memcpy(s->next, A.next, sizeof(s->next));
	s->ended = A.ended;
	memcpy(s->state, A.state, sizeof(s->state));
	s->state_bad = A.state_bad;
	for (i = 0; i < A.nrows; i++)
		s->rows[i] = A.rows[i];
	s->nrows = A.nrows;
	s->flow_rows = A.flow_rows;
	s->flow_sel = A.flow_sel;
	if (A.flow_rows && flow_mode())
		scene_flow(s);
	s->class_mode = A.o.class_mode;
	if (!A.o.class_mode)
		return;
	for (i = 0; i < A.nrows; i++)
		if (A.rows[i].current && !A.rows[i].sub)
			s->have_book =
				class_book_totals(&A.rows[i].t, &s->book);
	if (A.have_step && A.step_mode)
		class_step_caption(s->step_caption, sizeof(s->step_caption),
				   A.step_label, &A.acc);
	for (i = 0; i < A.nwhy && i < (int)(sizeof(s->why) / sizeof(s->why[0]));
	     i++)
		s->why[i] = A.why[i];
	s->nwhy = i;
	s->show_why = A.ended && !A.why_hidden && s->nwhy > 0;
	s->quiz_open = A.o.quiz && A.q_open >= 0;
}

static void quiz_draw(void)
{
	struct quiz_view v = {
		.qz = &A.qz,
		.open = A.q_open >= 0 ? &A.qz.q[A.q_open] : NULL,
		.last = A.q_last >= 0 ? &A.qz.q[A.q_last] : NULL,
		.waiting = A.q_ran >= 0,
		.over = A.ended && A.q_ran < 0 && A.qz.judged > 0,
	};

	Quiz_draw(&A.lay, &v);
}

static void draw_too_small(void)
{
	char t[128];
	int y = LINES / 2 - 1;

	snprintf(t, sizeof(t), "copyscope needs at least %dx%d characters;",
		 LAY_MIN_COLS, LAY_MIN_ROWS);
	Draw_centred(y, 0, COLS, t, Term_attr(TS_WARN));
	snprintf(t, sizeof(t), "this terminal is %dx%d.", COLS, LINES);
	Draw_centred(y + 1, 0, COLS, t, Term_attr(TS_NORMAL));
	Draw_centred(y + 2, 0, COLS, "Make it larger, or press q to quit.",
		     Term_attr(TS_DIM));
}

static void draw(void)
{
	static struct scene s;

	erase();
	if (A.lay.too_small) {
		draw_too_small();
	} else {
		rows_update();
		scene_build(&s);
		if (A.picking) {
			/* the menu is up: the bars speak of the tour */
			s.what = "the tour";
			s.title = "the tour";
			s.summary = "where do the bytes go?";
			s.strategy = NULL;
			s.is_demo = s.step_mode = s.ended = false;
		}
		TitleBar_draw(&A.lay, &s);
		if (A.picking) {
			struct lay_rect pa = DemoPicker_area(&A.lay);

			if (lay_bottom(&pa) < A.lay.table.y)
				Table_draw(&A.lay, &s);
			DemoPicker_draw(&A.lay, &A.picker);
		} else {
			Diagram_draw(&A.lay, &s);
			Caption_draw(&A.lay, &s);
			Table_draw(&A.lay, &s);
			EventLog_draw(&A.log, &A.lay.log);
			if (!A.o.quiz || A.quiz_hidden)
				WhyPanel_draw(&A.lay, &s);
			else
				quiz_draw();
		}
		StatusBar_draw(&A.lay, &s);
		if (A.help)
			HelpOverlay_draw(&A.lay, &s, A.help);
	}
	refresh();
	A.dirty = false;
	A.counts_dirty = false;
	A.last_draw = now_ns();
}

/* ---- keys
 * ----------------------------------------------------------------------- */

static void say(const char *msg)
{
	EventLog_add(&A.log, TS_BOX_ACTIVE, "%s", msg);
}

static void key_step_call(void)
{
	if (!A.info) {
		/* tracing: play up to the end of the next system call */
		A.run_to_call = true;
		A.an.paused = false;
		return;
	}
	if (!A.step_mode) {
		say("restarting in step mode: s runs one system call at a time");
		start_demo(A.info, true);
		return;
	}
	if (A.auto_go) {
		A.auto_go = false;
		say("stepping again: the demo waits for s before each call");
		return;
	}
	if (!A.waiting_go || !A.have_feed || A.ended) {
		if (A.ended)
			say("the demo has finished: r runs it again");
		return;
	}
	if (feed_go(&A.feed) == 0) {
		step_begun();
		EventLog_add(&A.log, TS_BOX_ACTIVE, "step %" PRIu32 ": %s",
			     A.steps_done, A.next);
	}
}

/* Tab: the picture, its caption and the log follow the next flow. */
static void key_flow(int dir)
{
	char label[sizeof(((struct scene *)0)->flow_label)];

	if (!flow_mode()) {
		say("Tab follows one flow of a traced program: copyscope trace, "
		    "or the replay of its recording");
		return;
	}
	flow_list_read(A.flows, A.feed.m);
	if (!A.flows->npick) {
		EventLog_add(&A.log, TS_BOX_ACTIVE,
			     "no flow has moved %u KiB yet: Tab follows one "
			     "once it has",
			     CS_FLOW_MIN_BYTES / 1024);
		return;
	}
	flow_pick_next(&A.pick, A.flows, A.feed.m, dir);
	pick_apply();
	A.kernel = A.off_cpu = A.involuntary = false;
	A.cpu_other[0] = A.last_call[0] = 0;
	flow_pick_label(A.feed.m, &A.pick, label, sizeof(label));
	if (A.pick.id)
		EventLog_add(&A.log, TS_BOLD,
			     "following %s: only its events play (Tab: the "
			     "next flow)",
			     label);
	else
		EventLog_add(&A.log, TS_BOLD, "following all flows again");
}

static void key(int ch)
{
	A.dirty = true;
	if (ch == KEY_RESIZE) {
		relayout();
		clear();
		return;
	}
	if (A.help) {
		/* ? turns the page, round; any other key closes */
		if (ch == '?') {
			A.help = A.help % HelpOverlay_pages() + 1;
			return;
		}
		A.help = 0;
		if (ch != 'q' && ch != 'Q')
			return;
	}
	if (!A.picking && quiz_key(ch))
		return;
	if (A.picking && ch == 'k') {
		/* the quiz on the demo picked */
		A.o.quiz = true;
		A.picking = start_demo(&demo_list[A.picker.sel], true) != 0;
		return;
	}
	if (A.picking) {
		switch (DemoPicker_key(&A.picker, ch)) {
		case PICK_RUN:
		case PICK_STEP:
			/* a demo that cannot start leaves the menu up, with why
			 */
			A.picking = start_demo(&demo_list[A.picker.sel],
					       ch == 's') != 0;
			break;
		case PICK_CLOSE:
			A.picking = false;
			break;
		case PICK_QUIT:
			A.quit = true;
			break;
		case PICK_NONE:
			if (ch == '?' || ch == 'h' || ch == KEY_F(1))
				A.help = 1;
			break;
		}
		return;
	}
	switch (ch) {
	case 'q':
	case 'Q':
		A.quit = true;
		break;
	case '?':
	case 'h':
	case KEY_F(1):
		A.help = 1;
		break;
	case ' ':
		A.an.paused = !A.an.paused;
		A.run_to_call = false;
		break;
	case 'n':
		A.an.paused = true;
		A.run_to_call = false;
		anim_step(&A.an, played, NULL);
		break;
	case 's':
		key_step_call();
		break;
	case '\t':
	case KEY_BTAB:
		key_flow(ch == KEY_BTAB ? -1 : 1);
		break;
	case 'f':
		if (A.step_mode && !A.ended) {
			A.auto_go = true;
			say("running on freely (s steps again)");
			if (A.waiting_go && feed_go(&A.feed) == 0) {
				A.waiting_go = false;
				A.steps_done++;
			}
		}
		break;
	case '+':
	case '=':
		anim_speed_change(&A.an, 1);
		break;
	case '-':
	case '_':
		anim_speed_change(&A.an, -1);
		break;
	case 'r':
		if (A.info)
			start_demo(A.info, A.step_mode);
		else if (A.o.replay)
			start_trace(); /* the recording from its start */
		else
			say("r restarts demos; a traced process runs on its own");
		break;
	case 'k':
		if (!A.info) {
			say(A.o.replay ? "the quiz on a recording: copyscope "
					 "replay FILE --quiz" :
					 "the quiz is for demos");
			break;
		}
		A.o.quiz = !A.o.quiz;
		say(A.o.quiz ? "quiz: predict each system call, then see it" :
			       "quiz off");
		start_demo(A.info, A.o.quiz || A.step_mode);
		break;
	case 'w':
		if (A.o.quiz && A.ended && A.qz.judged) {
			A.quiz_hidden = !A.quiz_hidden;
		} else if (A.nwhy) {
			A.why_hidden = !A.why_hidden;
		} else {
			say(A.o.class_mode ?
				    "the reasons appear when the run is over" :
				    "class mode is off (--no-class)");
		}
		break;
	case 'c':
		if (A.info) {
			A.dopts.cold = !A.dopts.cold;
			start_demo(A.info, A.step_mode);
		} else {
			say("c switches the page cache for demos only");
		}
		break;
	case 'a':
		if (A.o.trace || A.o.replay) {
			say("the demo picker is for demos: run 'copyscope' for the tour");
			break;
		}
		A.picking = true;
		A.picker.can_close = A.have_feed || A.info;
		if (A.info)
			for (size_t i = 0; i < demo_count; i++)
				if (&demo_list[i] == A.info)
					A.picker.sel = (int)i;
		break;
	default:
		A.dirty = false;
		break;
	}
}

/* ---- the loop
 * -------------------------------------------------------------------- */

static void loop(void)
{
	uint64_t last = now_ns();

	while (!A.quit && !Term_stopRequested()) {
		uint64_t now, since;
		const struct anim_item *cur;
		bool moving, flowing = false;
		int ch;

		if (A.have_feed && A.feed.active && !A.feed.ended) {
			if (feed_poll(&A.feed) > 0)
				A.counts_dirty = flowing = true;
			record_check();
			if (A.feed.ended)
				finish_run();
		}
		read_output();
		if (A.o.quiz && A.feed.is_replay && !A.waiting_go &&
		    feed_replay_waiting(&A.feed))
			step_announced(feed_replay_waiting(&A.feed));
		quiz_tick();
		now = now_ns();
		anim_advance(&A.an, now - last, played, NULL);
		last = now;
		release_output(now, false);
		cur = anim_current(&A.an, NULL);
		/* a new item on screen: show it now, not at the next frame */
		if (cur ? cur->seq != A.shown_seq : A.shown_seq != 0) {
			A.shown_seq = cur ? cur->seq : 0;
			A.dirty = true;
		}
		if (cur)
			log_item(cur);
		moving = cur && !A.an.paused;
		since = now - A.last_draw;
		/* keys and events draw at once; motion at the frame rate;
		 * counters alone ten times a second */
		if (A.dirty || (moving && since >= FRAME_MS * 1000000ull) ||
		    (A.counts_dirty && since >= COUNTS_MS * 1000000ull))
			draw();
		/* records flowing: drain the ring buffer often, draw no more;
		 * a stepped demo let run on waits for each "go": answer fast */
		if (A.step_mode && A.auto_go && !A.ended)
			timeout(1);
		else
			timeout(flowing			 ? DRAIN_MS :
				moving || A.counts_dirty ? FRAME_MS :
							   IDLE_MS);
		ch = getch();
		if (ch != ERR)
			key(ch);
	}
}

int App_run(const struct app_opts *o)
{
	char err[512];
	int ret;

	memset(&A, 0, sizeof(A));
	A.o = *o;
	A.dopts = o->dopts;
	if (anim_init(&A.an)) {
		fprintf(stderr, "copyscope: out of memory\n");
		return 1;
	}
	if (o->speed > 0)
		anim_speed_set(&A.an, o->speed);
	if (Term_init(err, sizeof(err))) {
		fprintf(stderr, "copyscope: %s\n", err);
		anim_free(&A.an);
		return 1;
	}
	relayout();
	/* (without it, a traced program's table keeps its one row) */
	if (o->trace || o->replay)
		A.flows = calloc(1, sizeof(*A.flows));
	/* The first start happens on screen (what it launches must write
	 * into the capture, not across the picture); if it fails, there is
	 * nothing to watch: say why on the terminal, like the text commands. */
	ret = o->trace || o->replay ? start_trace() :
	      o->demo		    ? start_demo(o->demo, o->dopts.step) :
				      0;
	if (ret) {
		Term_end();
		fprintf(stderr, "copyscope %s: %s\n",
			o->replay ? "replay" :
			o->trace  ? "trace" :
				    "demo",
			A.start_err);
		anim_free(&A.an);
		free(A.flows);
		return ret == -EPERM		  ? 77 :
		       ret == -ENOTCONN		  ? 69 : /* no service */
		       ret == -ENOENT && o->trace ? 127 :
						    1;
	}
	if (!o->trace && !o->replay && !o->demo)
		A.picking = true;
	/* started: before the first key is read, only what is used again */
	priv_drop(o->trace ? PRIV_TRACED : o->replay ? PRIV_NONE : PRIV_LOADS);
	A.dirty = true;
	loop();
	stop_run();
	Term_end();
	anim_free(&A.an);
	free(A.flows);
	return A.exit_status;
}
