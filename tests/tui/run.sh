#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The TUI, end to end, against the real binary in tmux panes (root: the
# demos are traced for real).
#
#   tests/tui/run.sh [BUILD-DIR]
#
# Every check reads the pane with tmux capture-pane and compares exact text
# at exact places: the diagram's labels, a DMA and a CPU transfer caught
# half way along the route they belong on, the comparison table's exact
# counters after a known number of steps, the layout at 80x24, the
# too-small message at 60x20, the ASCII and monochrome fallbacks, the
# terminal given back on q, Ctrl-C and SIGTERM.  Positions are those of
# views/layout.c (tests/unit/test_ui_layout.c checks the same numbers).
# The last line is "N passed, N failed".

set -u
export LC_ALL=C.UTF-8 LANG=C.UTF-8

BUILD=${1:-build}
CS=$(cd "$(dirname "$BUILD/copyscope")" && pwd)/copyscope
SOCKS=()
SOCK=
S=tui
PASS=0
FAIL=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/copyscope-tui.XXXXXX")
SCREEN=$WORK/screen

cleanup() {
	local s
	for s in "${SOCKS[@]}"; do
		tmux -L "$s" kill-server 2>/dev/null
	done
	rm -rf "$WORK"
}
trap cleanup EXIT

ok() {
	PASS=$((PASS + 1))
	echo "ok - $1"
}

not_ok() {
	FAIL=$((FAIL + 1))
	echo "not ok - $1"
	echo "#   screen:"
	sed 's/^/#   |/' "$SCREEN"
}

t() {
	tmux -L "$SOCK" "$@"
}

# start W H COMMAND: a fresh pane of W x H running COMMAND, then a marker
# line with its exit status and the terminal modes (to see they are back).
start() {
	local w=$1 h=$2
	shift 2
	# a server of its own for each pane: a dying one cannot take it along
	[ -n "$SOCK" ] && t kill-server 2>/dev/null
	SOCK=copyscope-tui-$$-${#SOCKS[@]}
	SOCKS+=("$SOCK")
	t -f /dev/null new-session -d -s $S -x "$w" -y "$h" \
		"trap : INT; cd '$PWD'; $*; echo \"EXIT=\$?\"; stty -a | tr ';' '\\n' | grep -ow -- '-\\?icanon\\|-\\?echo'; sleep 600" \; \
		set-option -g status off
}

cap() {
	t capture-pane -p -t $S >"$SCREEN"
}

# row N: line N of the last capture (0 = top)
row() {
	sed -n "$(($1 + 1))p" "$SCREEN"
}

# at ROW COL TEXT: TEXT is on screen at (ROW, COL) (character columns)
at() {
	local line
	line=$(row "$1")
	[ "${line:$2:${#3}}" = "$3" ]
}

has() {
	grep -qF -- "$1" "$SCREEN"
}

# wait_for TEXT [SECONDS]: until TEXT is on screen
wait_for() {
	local i n=$((${2:-10} * 10))
	for ((i = 0; i < n; i++)); do
		cap
		has "$1" && return 0
		sleep 0.1
	done
	return 1
}

trim() {
	local s=$1
	s=${s#"${s%%[![:space:]]*}"}
	s=${s%"${s##*[![:space:]]}"}
	printf '%s' "$s"
}

# cell ROW COL WIDTH: a table cell, trimmed
cell() {
	local line
	line=$(row "$1")
	trim "${line:$2:$3}"
}

# settle [SECONDS]: capture until two captures in a row are the same (the
# screen has drawn its last frame), within SECONDS (default 5)
settle() {
	local i n=$((${1:-5} * 10)) prev=
	cap
	for ((i = 0; i < n; i++)); do
		prev=$(cat "$SCREEN")
		sleep 0.1
		cap
		[ "$(cat "$SCREEN")" = "$prev" ] && return 0
	done
	return 1
}

# check WHAT COMMAND...: COMMAND (which reads the last capture) holds.  The
# screen is drawn by another process, whenever it gets there: a check waits
# for the state it checks, capturing again until COMMAND holds, for up to
# CHECK_SECONDS (default 10).  A state that never comes fails.
check() {
	local what=$1 i n=$((${CHECK_SECONDS:-10} * 10))
	shift
	for ((i = 0; i < n; i++)); do
		if "$@"; then
			ok "$what"
			return
		fi
		sleep 0.1
		cap
	done
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}

# check_now WHAT COMMAND...: COMMAND holds now (a screen saved earlier)
check_now() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}

# ---- command line, no terminal needed ----------------------------------------

n=$("$CS" demo --list | wc -l)
if [ "$n" -ge 13 ] && "$CS" demo --list | grep -q '^sendfile '; then
	ok "demo --list names every demo ($n)"
else
	not_ok "demo --list names every demo ($n)"
fi
"$CS" demo no_such_demo >"$SCREEN" 2>&1
rc=$?
check_now "an unknown demo is a usage error (2)" [ $rc -eq 2 ]
"$CS" demo sendfile </dev/null >"$SCREEN" 2>&1
rc=$?
if [ $rc -eq 2 ] && has "needs a terminal"; then
	ok "without a terminal: a clear message, status 2"
else
	not_ok "without a terminal: a clear message, status 2 (got $rc)"
fi

# ---- sendfile, stepped, in 100x30 -------------------------------------------
# 16 MiB in 4 MiB calls; cold cache so that the disk's DMA shows.

start 100 30 "$CS" demo sendfile --step --cold --chunk 4M
if wait_for "next: sendfile(socket <- file, 4 MiB)  [s]" 15; then
	ok "step mode announces the first call in the title"
else
	not_ok "step mode announces the first call in the title"
fi
check "band labels" eval 'at 2 2 "USER" && at 10 2 "KERNEL" && at 18 2 "HARDWARE"'
check "the places, where the layout puts them" \
	eval 'at 10 14 "page cache" && at 10 51 "pipe" && at 10 84 "socket buffer" &&
	      at 18 17 "disk" && at 18 83 "network device" && at 2 89 "receiver" &&
	      at 2 34 "user buffer"'
check "the boundary lines are labelled" \
	eval 'has " system call boundary " && has " kernel / hardware "'
check "the CPU shows the sender on it" has "● sender"
check "status line: demo, tier, step 0, cold, drops 0" \
	eval 'row 29 | grep -q "^ demo sendfile | tier [a-z]* | speed 1x | step 0 | cold | drops 0"'
check "table header" eval 'at 21 1 "strategy              CPU copies          DMA     no copy syscalls   csw v/i   mode sw     moved"'

# Pause the animation, run one system call, then walk its events with n
# until the disk's DMA and the receiver's CPU copy are on screen.
t send-keys -t $S ' '
t send-keys -t $S s
wait_for "| step 1 " 5
# the demo announces the next call once this one has returned
wait_for "next: sendfile(socket <- file, 4 MiB)  [s]" 10
dma=0
cpu=0
for ((i = 0; i < 60 && (dma == 0 || cpu == 0); i++)); do
	cap
	if at 20 1 "DMA   The disk DMAs" && [ $dma -eq 0 ]; then
		# half way along disk -> page cache: the block on the boundary
		# line between kernel and hardware, its trail below it
		if at 14 19 "▓" && at 15 19 "░" && at 13 19 "│" && at 12 19 "▲"; then dma=1; else dma=2; fi
		cp "$SCREEN" "$WORK/dma"
	fi
	if at 20 1 "CPU   CPU copies" && row 20 | grep -qF "receiver's buffer" && [ $cpu -eq 0 ]; then
		# on its way along socket buffer -> receiver (column 89, rows
		# 4 to 8): the block above its trail, the arrow still ahead
		# (how far it got when the pause caught it is not the point)
		cpu=2
		for r in 5 6 7; do
			at $r 89 "●" && at $((r + 1)) 89 "•" && at 4 89 "▲" && cpu=1
		done
		cp "$SCREEN" "$WORK/cpu"
	fi
	t send-keys -t $S n
	# the next event's frame, drawn to its end
	settle
done
[ -f "$WORK/dma" ] && cp "$WORK/dma" "$SCREEN"
check_now "a DMA transfer moves from the disk to the page cache (half way, on its route)" [ $dma -eq 1 ]
[ -f "$WORK/cpu" ] && cp "$WORK/cpu" "$SCREEN"
check_now "a CPU copy moves from the socket buffer to the receiver (on its route)" [ $cpu -eq 1 ]

# Resume, run a second call, and let everything land.
t send-keys -t $S ' '
t send-keys -t $S s
wait_for "| step 2 " 5
# Sender: two sendfile calls, 8 MiB handed to the socket by reference,
# no CPU copy; its receiver copied all 8 MiB.
check "after 2 steps: sender made exactly 2 system calls" eval '[ "$(cell 22 59 8)" = "2" ]'
check "after 2 steps: 4 mode switches" eval '[ "$(cell 22 78 9)" = "4" ]'
check "after 2 steps: 8 MiB by reference, none copied by the CPU" \
	eval '[ "$(cell 22 47 11)" = "REF 8M" ] && [ "$(cell 22 21 12)" = "0 0B" ]'
check "after 2 steps: 8 MiB moved, 8 MiB received" \
	eval '[ "$(cell 22 88 9)" = "8M" ] && [ "$(cell 23 88 9)" = "8M" ]'
check "the strategy is recognised" eval 'at 22 1 "sendfile + gather"'
check "routes carry their kind and exact bytes: REF on the kernel line, CPU to the receiver" \
	eval 'row 12 | grep -qF " REF 8M " && at 7 91 "CPU 8M"'
check "the disk's DMA is labelled beside its route" eval 'row 15 | cut -c1-40 | grep -q "│ DMA [0-9.]*M"'
check "loopback: no DMA towards the network device, said so" eval 'at 15 92 "no DMA"'
check "status counts the steps" eval 'has "| step 2 |"'

# The same run in 80x24: the smallest layout.
t resize-window -t $S -x 80 -y 24
check "80x24: boxes where the small layout puts them" \
	eval 'at 8 14 "page cache" && at 8 64 "socket buffer" && at 14 17 "disk" && at 2 29 "user buffer"'
check "80x24: table, log and status fit" \
	eval 'at 17 1 "strategy" && at 18 1 "sendfile + gather" && row 23 | grep -q "^ demo sendfile |"'
# 60x20 is too small: say so, and come back when it grows
t resize-window -t $S -x 60 -y 20
check "60x20: the too-small message" \
	eval 'has "copyscope needs at least 80x24 characters;" && has "this terminal is 60x20."'
t resize-window -t $S -x 100 -y 30
check "back to 100x30: the picture returns" eval 'at 10 84 "socket buffer"'

# ? opens help, any key closes it, q quits and gives the terminal back.
t send-keys -t $S '?'
check "? shows the keys" eval 'has "copyscope: keys" && has "show the next event"'
t send-keys -t $S x
check "any key closes the help" eval '! has "copyscope: keys"'
t send-keys -t $S q
if wait_for "icanon" 10 && has "EXIT=0" && ! has "-icanon" && has "echo"; then
	ok "q quits and restores the terminal"
else
	not_ok "q quits and restores the terminal"
fi

# ---- the tour ------------------------------------------------------------------

start 100 40 "$CS"
# (the capture can land while the list is being drawn: wait for its end)
wait_for "fork() copy-on-write" 5
check "copyscope alone opens the tour" eval 'has "read() + write()" && has "sendfile()"'
check "the picker's selection starts on the first demo" eval 'row 4 | grep -q "read() + write()"'
t send-keys -t $S Down Down
check "arrows move the selection" eval 'has "Enter watch it run"'
t send-keys -t $S Enter
if wait_for "demo sendfile | tier" 10; then
	ok "Enter runs the selected demo"
else
	not_ok "Enter runs the selected demo"
fi
if wait_for "verified" 30; then ok "the demo runs to its end"; else not_ok "the demo runs to its end"; fi
t send-keys -t $S a
check "a returns to the picker, the table keeps the run" \
	eval 'has "The tour:" && has "sendfile + gather"'
t send-keys -t $S q
if wait_for "EXIT=0" 10; then ok "q quits from the picker"; else not_ok "q quits from the picker"; fi

# ---- Ctrl-C and SIGTERM give the terminal back -------------------------------

start 80 24 "$CS" demo read_write --step --warm
wait_for "next: read(file" 15
t send-keys -t $S C-c
if wait_for "icanon" 10 && has "EXIT=" && ! has "-icanon"; then
	ok "Ctrl-C ends the TUI and restores the terminal"
else
	not_ok "Ctrl-C ends the TUI and restores the terminal"
fi
start 80 24 "$CS" demo read_write --step --warm
wait_for "next: read(file" 15
pid=$(pgrep -P "$(t display -p -t $S '#{pane_pid}')" -x copyscope)
[ -n "$pid" ] && kill -TERM "$pid"
if wait_for "icanon" 10 && has "EXIT=" && ! has "-icanon"; then
	ok "SIGTERM ends the TUI and restores the terminal"
else
	not_ok "SIGTERM ends the TUI and restores the terminal"
fi

start 80 24 "$CS" demo read_write --step --warm
wait_for "next: read(file" 15
pid=$(pgrep -P "$(t display -p -t $S '#{pane_pid}')" -x copyscope)
[ -n "$pid" ] && kill -SEGV "$pid"
if wait_for "icanon" 10 && has "EXIT=139" && ! has "-icanon"; then
	ok "a crash (SIGSEGV) restores the terminal, then dies of the signal"
else
	not_ok "a crash (SIGSEGV) restores the terminal, then dies of the signal"
fi

# ---- ASCII and monochrome ------------------------------------------------------

start 80 24 "LC_ALL=C LANG=C NO_COLOR=1 $CS" demo sendfile --step --warm
wait_for "next: sendfile" 15
check "C locale: ASCII boxes and lines" \
	eval 'at 7 12 "+------------+" && at 5 0 "-----" && ! grep -q "[┌─│╌]" "$SCREEN"'
t capture-pane -e -p -t $S >"$SCREEN"
# (check_now: a capture with -e, which check's own captures would replace)
check_now "NO_COLOR: no colour escapes" eval '! grep -q $'"'"'\e\\[[0-9;]*3[1-7]m'"'"' "$SCREEN"'
t send-keys -t $S q
wait_for "EXIT=0" 10
start 80 24 "$CS" demo sendfile --step --warm
wait_for "next: sendfile" 15
t capture-pane -e -p -t $S >"$SCREEN"
check_now "with colour: the title bar is coloured" eval 'grep -q $'"'"'\e\\[[0-9;]*4[1-7]m'"'"' "$SCREEN"'
t send-keys -t $S q
wait_for "EXIT=0" 10

# A title too long for its line ends in an ellipsis, a column before the
# state on its right, not cut into it.
start 100 30 "$CS" demo mmap_write --size 1M --warm
if wait_for "MiB verified in" 20; then
	check "a clipped title ends in an ellipsis before the state" \
		eval 'row 0 | grep -q "[^ ]…  *done: 1 MiB verified in [0-9.]* ms *$"'
else
	not_ok "mmap_write ran to its end"
fi
t send-keys -t $S q
wait_for "EXIT=0" 10

# ---- any process: copyscope trace on a terminal ------------------------------

start 100 30 "$CS" trace -- dd if=/etc/services of=/dev/null bs=4k
# dd's report waits in the log until the animation has shown the calls
# before it (the animation plays them for about 25 s)
check_now "the traced command's output lands in the event log, after its calls" \
	wait_for "records in" 60
if wait_for "the process ended: exit 0" 15; then
	ok "trace opens the screen and keeps it when the process ends"
else
	not_ok "trace opens the screen and keeps it when the process ends"
fi
# the table as its last frame drew it
settle
# its row: every system call is two mode switches, exactly
sc=$(cell 22 59 8)
ms=$(cell 22 78 9)
# (dd reads a file into its memory and writes to /dev/null: the "read" path)
if at 22 1 "read " && [ -n "$sc" ] && [ "$sc" -gt 0 ] && [ "$ms" = $((2 * sc)) ]; then
	ok "its row: $sc system calls, $ms mode switches"
else
	not_ok "its row: system calls and twice as many mode switches ($sc, $ms)"
fi
check "its reads are CPU copies (12813 bytes in 4 KiB reads: at least 4)" \
	eval '[ "$(cell 22 21 12 | cut -d" " -f1)" -ge 4 ]'
t send-keys -t $S q
wait_for "EXIT=" 10
# ---- a program with two flows: Tab follows one, then the other ----------------
# dd copies fa to fb (read + write), then cp copies fc to fd
# (copy_file_range): the table has a row for each, Tab picks the flow the
# picture draws and the status line names it, Tab after the last: all.

head -c 2M /dev/urandom >"$WORK/fa"
head -c 1M /dev/urandom >"$WORK/fc"
start 100 30 "$CS" trace -- sh -c "'dd if=$WORK/fa of=$WORK/fb bs=64k 2>/dev/null; cp $WORK/fc $WORK/fd'"
check "two flows: a table row for each, in the order they came" \
	eval 'at 22 1 "read + write " && at 23 1 "copy_file_range "'
check "two flows: dd's row has its own calls only (32 reads, 32 writes) and 2 MiB" \
	eval '[ "$(cell 22 59 8)" = 64 ] && [ "$(cell 22 88 9)" = "2M" ]'
check "the status line says all flows are followed" eval 'row 29 | grep -qF " | all flows | "'
t send-keys -t $S Tab
check "Tab: the status line names dd's flow" eval 'row 29 | grep -qF " | dd: fa -> fb | "'
check "Tab: its row is marked, its strategy in the title" \
	eval 'at 22 0 "▸" && ! at 23 0 "▸" && row 0 | grep -qF "│ read + write"'
check "Tab: the picture draws its 4 MiB of CPU copies" has "CPU 4M"
t send-keys -t $S Tab
check "Tab again: the status line names cp's flow" eval 'row 29 | grep -qF " | cp: fc -> fd | "'
check "Tab again: its row is marked, dd's copies are gone from the picture" \
	eval 'at 23 0 "▸" && ! at 22 0 "▸" && row 0 | grep -qF "│ copy_file_range" && ! has "CPU 4M"'
check "the log says which flow is followed" has "following cp: fc -> fd: only its events play"
t send-keys -t $S Tab
check "Tab after the last flow: all flows again" \
	eval 'row 29 | grep -qF " | all flows | " && at 22 0 "▸" && at 23 0 "▸"'
t send-keys -t $S q
wait_for "EXIT=" 10

start 100 30 "$CS" trace --text -- true
check_now "trace --text keeps the text stream on a terminal" \
	eval 'wait_for "kernel counters" 10 && ! has "HARDWARE"'

# ---- replay: a recording on screen, as nobody ---------------------------------

# The demo's file made first, untraced: a recording of the run that
# creates it would show its writes beside the sendfile (a file written as
# much as sent scores as read + write)
"$(dirname "$CS")/demos/sendfile" --size 4M --warm >/dev/null 2>&1
"$CS" trace -q --record "$WORK/sendfile.rec" -- "$(dirname "$CS")/demos/sendfile" --size 4M --cold \
	>/dev/null 2>&1
# (a copy of the binary: the checkout may not be open to nobody)
cp "$CS" "$WORK/copyscope"
chmod 755 "$WORK" "$WORK/copyscope"

# replay_as_nobody FILE WHAT [SECONDS]: a fresh pane replays FILE without
# privileges; one check, WHAT, that it plays to its end (within SECONDS,
# default 20).
replay_as_nobody() {
	chmod 644 "$1"
	start 100 30 setpriv --reuid=65534 --regid=65534 --clear-groups "$WORK/copyscope" replay "$1"
	check_now "$2" wait_for "the recording ended: exit 0" "${3:-20}"
}

replay_as_nobody "$WORK/sendfile.rec" "replay as nobody plays the recording to its end"
check "replay: the title and the status line name the recording and its tier" \
	eval 'row 0 | grep -q "replay of .*demos/sendfile" && row 29 | grep -q "tier tracepoint"'
check "replay: the recorded strategy is recognised" eval 'at 22 1 "sendfile + gather"'
# (the table counts what the animation has shown: the check waits for it)
check "replay: every byte reached the receiver (4 MiB)" eval 'row 23 | grep -q " 4M "'
check "replay: one table row for the run, however long its name" \
	eval '[ "$(grep -c "sendfile + gather  " "$SCREEN")" = 1 ]'
t send-keys -t $S r
if wait_for "--- replaying" 5 && wait_for "the recording ended: exit 0" 20; then
	ok "r plays the recording again"
else
	not_ok "r plays the recording again"
fi
t send-keys -t $S q
wait_for "EXIT=0" 10

# A record lost where nothing counted it (left out on purpose): once the
# replay has ended, the status line names the counter it leaves unexplained.
"$BUILD/tests/rec_drop" "$WORK/sendfile.rec" "$WORK/lost.rec" 7
replay_as_nobody "$WORK/lost.rec" "a recording with a record left out plays to its end"
check "the status line says which counter the records do not add up to" \
	eval 'row 29 | grep -q "| differ: xmit_skbs -[0-9]* (pid [0-9]*), more "'
t send-keys -t $S q
wait_for "EXIT=0" 10

# A demo recorded with --record replays as the demo: its phases came
# along, so only the transfer counts and shows, as it did live.
start 100 30 "$CS" demo read_write --size 4M --record "$WORK/rw.rec"
wait_for "the demo ended: exit 0" 20
# the row as its last frame drew it
settle
live=$(row 22)
t send-keys -t $S q
wait_for "EXIT=0" 10
replay_as_nobody "$WORK/rw.rec" "demo --record, then replay as nobody, to its end"
check "the replayed demo is named by its title" eval 'row 0 | grep -q "replay of read() + write()"'
check "its table row is the live one's, every count" eval '[ "$(row 22)" = "$live" ]'
check "its set-up (the loader's files) is not shown, as live" eval '! has "ld.so.cache"'
t send-keys -t $S q
wait_for "EXIT=0" 10

# Idle time is cut to a second: a command that slept 8 s replays at once.
"$CS" trace -q --record "$WORK/sleep.rec" -- sh -c 'sleep 8; echo done' >/dev/null 2>&1
replay_as_nobody "$WORK/sleep.rec" "a recording with 8 s of sleep in it replays in under 4 s" 4
t send-keys -t $S q
wait_for "EXIT=0" 10

# The bundled fentry-tier recordings (made on Debian's 6.12 under QEMU)
# replay here, where no fentry tier exists, with their own tier named.
cp "$(dirname "$0")/../data/6.12-fentry/splice.rec" "$WORK/splice.rec"
replay_as_nobody "$WORK/splice.rec" "a bundled fentry recording replays as nobody"
check "its status line names the fentry tier" eval 'row 29 | grep -q "tier fentry"'
check "splice: no CPU copy, 2 MiB by reference (file -> pipe -> socket)" \
	eval 'at 22 1 "splice                      0 0B" && row 22 | grep -q "REF 2M"'
t send-keys -t $S q
wait_for "EXIT=0" 10

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
