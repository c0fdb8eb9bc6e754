#!/bin/sh
# bench/overhead.sh - the cost of watching, measured in one run ('make
# bench-overhead').  Writes bench/overhead.md (OVERHEAD_OUT) and the raw
# samples to $BUILD/bench/overhead.tsv.
#
# Every configuration runs the same loop (bench/overhead.c: N x
# read(/dev/zero, 1 byte)) and reports nanoseconds per call; the
# configurations take turns within each repetition, so that the machine's
# drift (2 shared cores) touches all of them alike, and the table shows
# medians and their ratio to the untraced loop of the same run.
#
# Environment: BUILD (build), OVERHEAD_N (1000000 calls), OVERHEAD_SLOW_N
# (100000 calls under strace and perf trace), OVERHEAD_REPS (5),
# OVERHEAD_CPUS (0 1: the CPUs to pin to, besides unpinned),
# OVERHEAD_DEMOS (the demos timed traced and untraced), OVERHEAD_DEMO_REPS
# (12), OVERHEAD_DEMO_SIZE (1G: a 64M run lasts 20 ms, and start-up
# transients swamp it), OVERHEAD_INSTALL (1: install bpftrace and
# libbpf-tools when missing), OVERHEAD_OUT (bench/overhead.md),
# OVERHEAD_BASELINE (another copyscope binary, e.g. an older build,
# measured beside this one as "before").  Run it on a quiet machine: other
# tracers running meanwhile (another copyscope, a QEMU) change every figure.
set -u

BUILD=${BUILD:-build}
N=${OVERHEAD_N:-1000000}
SLOW_N=${OVERHEAD_SLOW_N:-100000}
REPS=${OVERHEAD_REPS:-5}
CPUS=${OVERHEAD_CPUS:-0 1}
DEMOS=${OVERHEAD_DEMOS:-read_write mmap_write sendfile splice}
DEMO_REPS=${OVERHEAD_DEMO_REPS:-12}
DEMO_SIZE=${OVERHEAD_DEMO_SIZE:-1G}
OUT=${OVERHEAD_OUT:-bench/overhead.md}
CS=$BUILD/copyscope
O=$BUILD/bench/overhead
TSV=$BUILD/bench/overhead.tsv
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

die() {
	echo "bench-overhead: $*" >&2
	exit 1
}

[ "$(id -u)" -eq 0 ] || die "needs root (it loads BPF programs)"
[ -x "$CS" ] && [ -x "$O" ] || die "build first: make $CS $O"

# The tools an engineer would use instead, from Debian, installed only here
# (the benchmark is not part of 'make check').
if [ "${OVERHEAD_INSTALL:-1}" = 1 ]; then
	missing=""
	for p in bpftrace libbpf-tools strace; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q "ok installed" || missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		echo "bench-overhead: installing$missing"
		export DEBIAN_FRONTEND=noninteractive
		# a machine's package lists may be old: update them once if needed
		apt-get install -y -qq --no-install-recommends $missing \
			>/dev/null 2>&1 ||
			{ apt-get update -qq && apt-get install -y -qq \
				--no-install-recommends $missing >/dev/null; } ||
			echo "bench-overhead: could not install$missing; those rows are skipped"
	fi
fi
have() { command -v "$1" >/dev/null 2>&1; }
SYSCOUNT=$(command -v syscount || echo /usr/sbin/syscount)
[ -x "$SYSCOUNT" ] || SYSCOUNT=
have bpftrace && BPFTRACE=$(command -v bpftrace) || BPFTRACE=
have strace && STRACE=$(command -v strace) || STRACE=
# Debian's perf wrapper runs, but perf trace may be refused: try it once.
PERF=
if have perf && perf trace -o /dev/null -- true >/dev/null 2>&1; then
	PERF=$(command -v perf)
fi

mkdir -p "$(dirname "$TSV")"
: >"$TSV"

# record SECTION CONFIG CPU OUTPUT-FILE: keep the key=value lines.
record() {
	grep -E '^(ns_per_call|ready_ns|start_ns|maxrss_kb|mib_per_s|cpu_ms|drops)=' "$4" |
		while IFS= read -r kv; do
			printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" \
				"${kv%%=*}" "${kv#*=}" >>"$TSV"
		done
}

# The bpftrace programs: count the process's reads by tracepoint, as the
# issue's reference figures did.
BT_SELF='tracepoint:syscalls:sys_enter_read /pid == cpid/ { @reads = count(); }'
BT_OTHER='BEGIN { printf("ready\n"); } tracepoint:syscalls:sys_enter_read /pid == {PID}/ { @reads = count(); }'

# loop_config NAME CPU: one measurement of the loop in configuration NAME.
# Prints key=value lines.  The launched forms run the loop as the traced
# command; "run" forms start the tracer first and the loop once it has
# printed that it is attached (see bench/overhead.c).
loop_config() {
	n=$N
	case $1 in
	base) "$O" loop "$n" "$2" ;;
	empty2) "$O" run other "$n" "$2" ready -- "$O" empty-tp ;;
	empty1) "$O" run other "$n" "$2" ready -- "$O" empty-tp sys_exit ;;
	cs_other) "$O" run other "$n" "$2" "copyscope: tracing" -- \
		"$CS" trace -o /dev/null -p '{PID}' ;;
	cs_other_counters) "$O" run other "$n" "$2" "copyscope: tracing" -- \
		"$CS" trace --counters-only -p '{PID}' ;;
	cs_other_T) "$O" run other "$n" "$2" "copyscope: tracing" -- \
		"$CS" trace -T -o /dev/null -p '{PID}' ;;
	cs_T) "$O" timed -- "$CS" trace -T -o /dev/null -- \
		"$O" loop "$n" "$2" 2>/dev/null ;;
	cs0_other) "$O" run other "$n" "$2" "copyscope: tracing" -- \
		"$BASELINE" trace -o /dev/null -p '{PID}' ;;
	cs0_counters) "$O" timed -- "$BASELINE" trace --counters-only -- \
		"$O" loop "$n" "$2" 2>/dev/null ;;
	cs0_text) "$O" timed -- "$BASELINE" trace -o /dev/null -- \
		"$O" loop "$n" "$2" 2>"$TMP/err"
		sed -n 's/^records lost (ring buffer full): /drops=/p' "$TMP/err" ;;
	cs_counters) "$O" timed -- "$CS" trace --counters-only -- \
		"$O" loop "$n" "$2" 2>/dev/null ;;
	cs_text) "$O" timed -- "$CS" trace -o /dev/null -- \
		"$O" loop "$n" "$2" 2>"$TMP/err"
		sed -n 's/^records lost (ring buffer full): /drops=/p' "$TMP/err" ;;
	cs_json) "$O" timed -- "$CS" trace --json -o "$TMP/json" -- \
		"$O" loop "$n" "$2" 2>/dev/null
		sed -n 's/.*"type":"summary".*"drops":\([0-9]*\).*/drops=\1/p' "$TMP/json"
		rm -f "$TMP/json" ;;
	bpftrace_self) "$O" timed -- "$BPFTRACE" -e "$BT_SELF" \
		-c "$O loop $n $2" 2>/dev/null ;;
	bpftrace_other) "$O" run other "$n" "$2" ready -- "$BPFTRACE" -e "$BT_OTHER" ;;
	# stdbuf: their banner must not wait in a pipe's stdio buffer
	syscount_self) "$O" run self "$n" "$2" Tracing -- \
		stdbuf -oL "$SYSCOUNT" -p '{PID}' ;;
	syscount_other) "$O" run other "$n" "$2" Tracing -- \
		stdbuf -oL "$SYSCOUNT" -p '{PID}' ;;
	strace) "$O" timed -- "$STRACE" -f -c -o /dev/null "$O" loop "$SLOW_N" "$2" ;;
	perf_trace) "$O" timed -- "$PERF" trace -s -o /dev/null -- \
		"$O" loop "$SLOW_N" "$2" ;;
	esac
}

FAST="base empty2 empty1 cs_other cs_other_counters cs_other_T cs_counters cs_text cs_json cs_T"
BASELINE=${OVERHEAD_BASELINE:-}
[ -n "$BASELINE" ] && FAST="$FAST cs0_other cs0_counters cs0_text"
[ -n "$BPFTRACE" ] && FAST="$FAST bpftrace_self bpftrace_other"
[ -n "$SYSCOUNT" ] && FAST="$FAST syscount_self syscount_other"
SLOW=""
[ -n "$STRACE" ] && SLOW="$SLOW strace"
[ -n "$PERF" ] && SLOW="$SLOW perf_trace"

echo "bench-overhead: $REPS repetitions of $N x read(/dev/zero, 1 byte)," \
	"unpinned and on CPU $CPUS; configurations: $FAST$SLOW"
rep=1
while [ "$rep" -le "$REPS" ]; do
	for cfg in $FAST; do
		for cpu in -1 $CPUS; do
			loop_config "$cfg" "$cpu" >"$TMP/out" 2>>"$TMP/log"
			record loop "$cfg" "$cpu" "$TMP/out"
		done
	done
	# hundreds of times slower: fewer calls, unpinned only
	for cfg in $SLOW; do
		loop_config "$cfg" -1 >"$TMP/out" 2>>"$TMP/log"
		record loop "$cfg" -1 "$TMP/out"
	done
	echo "bench-overhead: loop repetition $rep/$REPS done"
	rep=$((rep + 1))
done

# Start until attached: the launched command reports how long after the
# tracer's exec it was let go (tracers release it only once attached).
start_config() {
	case $1 in
	# (their counters at the end go to stderr, not to the log)
	cs_launch) "$O" timed -- "$CS" trace -o /dev/null -- "$O" stamp \
		2>/dev/null ;;
	cs_launch_4m) "$O" timed -- "$CS" trace --ringbuf 4M -o /dev/null -- \
		"$O" stamp 2>/dev/null ;;
	cs0_launch) "$O" timed -- "$BASELINE" trace -o /dev/null -- "$O" stamp \
		2>/dev/null ;;
	bpftrace) "$O" timed -- "$BPFTRACE" -e "$BT_SELF" -c "$O stamp" ;;
	strace) "$O" timed -- "$STRACE" -o /dev/null "$O" stamp ;;
	perf_trace) "$O" timed -- "$PERF" trace -o /dev/null -- "$O" stamp ;;
	opensnoop) "$O" run other 1000 -1 PID -- stdbuf -oL opensnoop ;;
	esac
}
STARTS="cs_launch cs_launch_4m"
[ -n "$BASELINE" ] && STARTS="$STARTS cs0_launch"
[ -n "$BPFTRACE" ] && STARTS="$STARTS bpftrace"
[ -n "$STRACE" ] && STARTS="$STARTS strace"
[ -n "$PERF" ] && STARTS="$STARTS perf_trace"
have opensnoop && STARTS="$STARTS opensnoop"
rep=1
while [ "$rep" -le "$REPS" ]; do
	for cfg in $STARTS; do
		start_config "$cfg" >"$TMP/out" 2>>"$TMP/log"
		record start "$cfg" -1 "$TMP/out"
	done
	rep=$((rep + 1))
done
echo "bench-overhead: start-up done"

# The demos' throughput, untraced, untraced beside a copyscope that traces
# an idle process, under 'copyscope trace' streaming every record (text to
# /dev/null) and with --counters-only, taking turns.  Warm cache and
# sender and receiver pinned to CPUs 0 and 1: unpinned loopback runs on
# two cores vary by a factor of two from one run to the next.  "beside"
# is there because on this VM any process that wakes up every few
# milliseconds (copyscope reads the ring buffer every 10 ms) makes loopback
# faster: the vCPUs halt less deeply.
demo_run() { # NAME plain|beside|text|counters (sh has no locals: names apart)
	dbin=$BUILD/demos/$1
	dargs="--json --warm --size $DEMO_SIZE --pin 0,1"
	: >"$TMP/dkv"
	case $2 in
	plain) "$dbin" $dargs >"$TMP/dout" 2>"$TMP/derr" ;;
	beside) # untraced, while copyscope traces an idle process
		sleep 600 &
		idle=$!
		"$CS" trace --counters-only -p $idle >/dev/null 2>"$TMP/cserr" &
		cspid=$!
		i=0
		while ! grep -q "copyscope: tracing" "$TMP/cserr" && [ $i -lt 200 ]; do
			sleep 0.05
			i=$((i + 1))
		done
		"$dbin" $dargs >"$TMP/dout" 2>"$TMP/derr"
		kill -INT $cspid
		wait $cspid
		kill $idle
		wait $idle 2>/dev/null ;;
	text) "$O" timed -- "$CS" trace -o /dev/null -- "$dbin" $dargs \
		>"$TMP/dout" 2>"$TMP/derr" ;;
	counters) "$O" timed -- "$CS" trace --counters-only -- "$dbin" $dargs \
		>"$TMP/dout" 2>"$TMP/derr" ;;
	esac
	sed -n 's/^records lost (ring buffer full): /drops=/p' "$TMP/derr" >>"$TMP/dkv"
	grep '^maxrss_kb=' "$TMP/dout" >>"$TMP/dkv"
	sed -n 's/.*"mib_per_s":\([0-9.]*\).*/mib_per_s=\1/p' "$TMP/dout" >>"$TMP/dkv"
	# CPU time of the demo itself (sender and receiver), per run
	sed -n 's/.*"user_s":\([0-9.]*\),"sys_s":\([0-9.]*\).*/\1 \2/p' "$TMP/dout" |
		awk '{ printf "cpu_ms=%.3f\n", ($1 + $2) * 1000 }' >>"$TMP/dkv"
	grep -q '^mib_per_s=' "$TMP/dkv" ||
		echo "bench-overhead: $1 ($2) reported no throughput" >>"$TMP/log"
	record demo "$1_$2" -1 "$TMP/dkv"
}
DEMOS_RUN=""
for dname in $DEMOS; do
	[ -x "$BUILD/demos/$dname" ] && DEMOS_RUN="$DEMOS_RUN $dname"
done
# The order turns from one repetition to the next, and each run starts
# half a second after the last one ended: a tracer that has just detached
# leaves RCU work behind (rcu_tasks_trace), and whatever ran first in every
# repetition would pay for it.
rep=1
while [ -n "$DEMOS_RUN" ] && [ "$rep" -le "$DEMO_REPS" ]; do
	case $((rep % 4)) in
	1) order="plain beside text counters" ;;
	2) order="beside text counters plain" ;;
	3) order="text counters plain beside" ;;
	0) order="counters plain beside text" ;;
	esac
	for dname in $DEMOS_RUN; do
		for how in $order; do
			sleep 0.5
			demo_run "$dname" "$how"
		done
	done
	rep=$((rep + 1))
done
echo "bench-overhead: demos done"

# The TUI: its CPU while animating is measured by 'make bench-tui'
# (bench/tui-cpu.md, quoted); its peak memory here, as 'copyscope demo
# read_write' in a tmux pane ('copyscope demo' has no --ringbuf option).
TUI_NOTE="not measured: bench/tui-cpu.md (make bench-tui) is missing"
if [ -f bench/tui-cpu.md ]; then
	anim=$(sed -n 's/^| animating:[^|]*| *\([0-9.]*\) *|$/\1/p' bench/tui-cpu.md)
	TUI_NOTE="${anim:-?}% of one core (bench/tui-cpu.md, make bench-tui)"
fi
tui_rss() { # NAME
	name=$1
	sock=copyscope-overhead-$$
	csabs=$(cd "$(dirname "$CS")" && pwd)/copyscope
	tmux -L "$sock" -f /dev/null new-session -d -s s -x 100 -y 30 \
		"$csabs demo read_write --warm; sleep 600" || return
	i=0
	while [ "$i" -lt 600 ]; do
		tmux -L "$sock" capture-pane -p -t s | grep -q verified && break
		sleep 0.1
		i=$((i + 1))
	done
	sleep 1
	pp=$(tmux -L "$sock" display -p -t s '#{pane_pid}')
	pid=$(pgrep -P "$pp" -x copyscope)
	if [ -n "$pid" ]; then
		sed -n 's/^VmHWM:[^0-9]*\([0-9]*\).*/maxrss_kb=\1/p' \
			"/proc/$pid/status" >"$TMP/tui"
		record tui "$name" -1 "$TMP/tui"
	else
		echo "bench-overhead: the TUI did not run" >>"$TMP/log"
	fi
	tmux -L "$sock" kill-server 2>/dev/null
}
if have tmux; then
	tui_rss tui_default
fi

sh bench/overhead_report.sh "$TSV" "$N" "$SLOW_N" "$REPS" "$CPUS" \
	"$TUI_NOTE" "$DEMO_SIZE" "$DEMO_REPS" >"$OUT.tmp" && mv "$OUT.tmp" "$OUT"
if [ -s "$TMP/log" ]; then
	echo "bench-overhead: messages from the runs:" >&2
	sort -u "$TMP/log" | head -20 >&2
fi
echo "bench-overhead: wrote $OUT (raw samples: $TSV)"
