#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# What the TUI costs: CPU time of the copyscope process, from
# /proc/PID/stat (utime + stime), while its screen runs in a tmux pane.
#
#   bench/tui-cpu.sh [--build DIR] [--secs N] [--out FILE]
#
# Scenes, each measured over N seconds (default 10):
#   animating   a demo has finished (read_write, 256 MiB, free run); its
#               queued, grouped events play at 1x, ~30 frames a second:
#               this is the rendering cost alone
#   paused      the same screen, Space pressed: nothing moves
#   live        'copyscope trace' on dd bs=1 (a 1-byte read and write per
#               loop, as fast as it goes) for the whole window: probe, model
#               and screen together, records drained every 10 ms
# Goal: animating at most 5% of one core.  Needs root and tmux.

set -u
export LC_ALL=C.UTF-8 LANG=C.UTF-8

BUILD=build
SECS=10
OUT=
while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=$2; shift 2 ;;
	--secs) SECS=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	*) echo "usage: $0 [--build DIR] [--secs N] [--out FILE]" >&2; exit 2 ;;
	esac
done
CS=$(cd "$BUILD" && pwd)/copyscope
SOCK=
NPANES=0
HZ=$(getconf CLK_TCK)
cleanup() { [ -n "$SOCK" ] && tmux -L "$SOCK" kill-server 2>/dev/null; }
trap cleanup EXIT

t() { tmux -L "$SOCK" "$@"; }

cpu_ticks() { # utime + stime of pid $1
	awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null
}

# measure PID SECS: percent of one core used over SECS seconds
measure() {
	local pid=$1 secs=$2 a b t0 t1
	a=$(cpu_ticks "$pid")
	t0=$(date +%s.%N)
	sleep "$secs"
	b=$(cpu_ticks "$pid")
	t1=$(date +%s.%N)
	[ -z "$a" ] || [ -z "$b" ] && { echo "n/a"; return; }
	awk -v a="$a" -v b="$b" -v t0="$t0" -v t1="$t1" -v hz="$HZ" \
		'BEGIN { printf "%.2f", (b - a) / hz / (t1 - t0) * 100 }'
}

tui_pid() {
	pgrep -P "$(t display -p -t s '#{pane_pid}')" -x copyscope
}

pane() { # W H COMMAND...
	local w=$1 h=$2
	shift 2
	# a server of its own for each pane: a dying one cannot take it along
	cleanup
	NPANES=$((NPANES + 1))
	SOCK=copyscope-bench-$$-$NPANES
	t -f /dev/null new-session -d -s s -x "$w" -y "$h" "$*; sleep 600" \; \
		set-option -g status off
}

wait_screen() { # TEXT SECS
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		t capture-pane -p -t s | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	return 1
}

queue_left() {
	t capture-pane -p -t s | grep -o '| queue [0-9]*' | grep -o '[0-9]*$'
}

# 1. animating: the demo is over, the queue plays
pane 100 30 "$CS" demo read_write --warm --size 256M
wait_screen "verified" 60 || { echo "the demo did not finish" >&2; exit 1; }
sleep 1
pid=$(tui_pid)
q0=$(queue_left)
anim=$(measure "$pid" "$SECS")
q1=$(queue_left)
# 2. paused
t send-keys -t s ' '
sleep 1
paused=$(measure "$pid" "$SECS")
t send-keys -t s q
sleep 1

# 3. live: a busy process traced, screen animating all along
pane 100 30 "$CS" trace -- dd if=/dev/zero of=/dev/null bs=1 count=100000000
sleep 2
pid=$(tui_pid)
live=$(measure "$pid" "$SECS")
drops=$(t capture-pane -p -t s | grep -o 'drops [0-9]*' | head -1 | grep -o '[0-9]*$')
t send-keys -t s q

report() {
	cat <<EOF
# TUI rendering cost

Measured by \`make bench-tui\` (bench/tui-cpu.sh), $(date -u +%Y-%m-%d), kernel
$(uname -r), $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')).
CPU time of the copyscope process (utime + stime from /proc/PID/stat) over
$SECS seconds, in a 100x30 tmux pane, default frame rate (30 frames a second
while something moves; 10 wake-ups a second when nothing does).

| scene | CPU, % of one core |
|---|---|
| animating: read_write (256 MiB) finished, its grouped events playing at 1x (queue ${q0:-?} -> ${q1:-0}) | $anim |
| paused: the same screen, nothing moving | $paused |
| live: \`trace -- dd bs=1\` (1-byte reads and writes as fast as it goes), screen animating; records lost: ${drops:-?} | $live |

Goal: animating at most 5% of one core.
EOF
}
if [ -n "$OUT" ]; then
	report >"$OUT"
	cat "$OUT"
else
	report
fi
