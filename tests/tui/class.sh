#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Class mode and the quiz at 80x24, end to end: the real binary in tmux
# panes (root: the demos are traced for real), every check waiting for the
# state it asserts.
#
#   tests/tui/class.sh [BUILD-DIR]
#
# The article's row under the measured one, the caption of a step naming
# the copy that call made, the reasons the row differs once the run is
# over, the help's two pages, a quiz with scripted answers (score and
# summary exact), the quiz on a recording as nobody, and no line cut in
# the middle of a word.  The last line is "N passed, N failed".

set -u
export LC_ALL=C.UTF-8 LANG=C.UTF-8

BUILD=${1:-build}
CS=$(cd "$(dirname "$BUILD/copyscope")" && pwd)/copyscope
# shellcheck source=tests/tui/lib.sh
. "$(dirname "$0")/lib.sh"
tui_init class

# The text inside the box on screen, its lines joined by spaces.
boxed() {
	sed -n 's/^[^│]\{0,2\}│ \(.*\)│.\{0,2\}$/\1/p' "$SCREEN" | sed 's/ *$//' | tr '\n' ' ' |
		tr -s ' '
}

in_box() {
	boxed | grep -qF -- "$1"
}

# No word cut: each word before an ellipsis is a whole word somewhere in
# the sources that print it (the demo list, the captions, the reasons).
whole_words() {
	local w
	for w in $(grep -o '[A-Za-z_]*…' "$SCREEN" | tr -d '…'); do
		[ -z "$w" ] && continue
		grep -qw -- "$w" cli/demo_list.c model/*.c views/*.c ui/*.c ||
			{ echo "# cut word: $w"; return 1; }
	done
}

# ---- the tour's list fits, no word is cut ------------------------------------

start 80 24 "$CS"
until_ok "the tour lists every demo at 80x24" 10 has "fork() copy-on-write"
until_ok "no word of the demo list is cut" 2 whole_words
until_ok "the old cuts are gone" 2 eval '! grep -qE "copyscope tra$|crosses into y$|tra…|y…" "$SCREEN"'
keys '?'
until_ok "help page 1 fits 80x24: every key, then how to turn the page" 5 \
	eval 'in_box "k quiz: predict each system call before it runs" &&
		in_box "page 1 of 2: ? the next page, any other key closes"'
keys '?'
until_ok "help page 2: the CPU copies with wide moves" 5 in_box "with wide moves"
until_ok "help: not byte by byte" 1 eval '! has "byte by byte"'
until_ok "help page 2: mode switches include faults and interrupts" 1 \
	in_box "a page fault, an interrupt"
until_ok "help page 2: context switches are the scheduler's" 1 \
	in_box "context switch: the scheduler takes the CPU from one task"
until_ok "no word of the help is cut" 1 whole_words
keys q
until_ok "the tour quits" 10 has "EXIT=0"

# ---- a stepped demo: the article's row, the step caption, the reasons --------

start 80 24 TMPDIR="$WORK" "$CS" demo read_write --step --warm --size 128K --speed 32
until_ok "the demo waits for the first step" 20 has "next: read(file, 64 KiB)  [s]"
keys s
until_ok "the step's caption names the copy that read() made" 20 \
	has "STEP  read(): the CPU copied 64 KiB from the page cache into your buffer"
keys s
until_ok "write()'s caption names its copy into the socket buffer" 20 \
	has "STEP  write(): the CPU copied 64 KiB from your buffer into the socket buffer"
# one chunk delivered: the article's one chunk is 2 copies, 2 DMA, 2 calls
until_ok "the article's row sits under the measured rows, same columns" 5 \
	eval 'grep -A2 "^▸read + write" "$SCREEN" | tail -1 | grep -qE "^ the article +2 128K +2 128K +- +2 +-$"' 
until_ok "scheduler events stay out of the caption" 1 eval '! grep -q "^ SCHED" "$SCREEN"'
keys f
until_ok "when the run is over, the reasons it differs come up" 20 \
	has "why the measured row differs from the article's"
until_ok "... the same sentences as 'copyscope report'" 2 \
	in_box "no network-card DMA: loopback and veth pass skbs in memory (a physical NIC would make the article's second DMA)"
until_ok "the article's row after the run: 2 chunks" 2 \
	eval 'grep -A2 "^▸read + write" "$SCREEN" | tail -1 | grep -qE "^ the article +4 256K +4 256K +- +4 +-$"'
until_ok "no word on the final screen is cut" 1 whole_words
keys w
until_ok "w hides the reasons" 5 eval '! has "why the measured row differs"'
keys q
until_ok "the demo quits" 10 has "EXIT=0"

# ---- the quiz, answers scripted ------------------------------------------------
# warm: read() copies from the page cache (CPU), write() into the socket
# buffer (CPU); two mode switches each.  Answers: right, wrong (DMA),
# wrong (3 switches), right.

start 80 24 TMPDIR="$WORK" "$CS" demo read_write --quiz --warm --size 128K --speed 32 \
	--record "$WORK/rw.rec"
until_ok "quiz: the first question" 20 in_box "Next: read(file, 64 KiB). What will it move?"
keys c 2
until_ok "quiz: read() revealed, right" 20 \
	in_box "read(file, 64 KiB): you said CPU copy, 2 mode switches: right"
until_ok "quiz: the second question" 5 in_box "Next: write(socket, 64 KiB)."
keys d 2
until_ok "quiz: write() revealed beside the wrong answer" 20 \
	in_box "write(socket, 64 KiB): you said DMA, 2 mode switches; it was CPU copy, 2 mode switches"
until_ok "quiz: the third question" 5 in_box "Next: read(file, 64 KiB)."
keys c 3
until_ok "quiz: the fourth question" 20 in_box "Next: write(socket, 64 KiB)."
keys c 2
until_ok "quiz: the score at the end" 20 has "quiz over: 2 of 4 right"
until_ok "quiz: the summary says why for each wrong answer" 2 \
	eval 'in_box "2. not DMA, 2 mode switches: write(): the CPU copied 64 KiB from your buffer into the socket buffer" &&
		in_box "3. not CPU copy, 3 mode switches: read(): the CPU copied 64 KiB from the page cache into your buffer"'
until_ok "quiz: the right answers are not in the summary" 1 \
	eval '! in_box "1. not" && ! in_box "4. not"'
until_ok "quiz: no word of the summary is cut" 1 whole_words
keys q
until_ok "the quiz quits" 10 has "EXIT=0"

# ---- the quiz on a recording, as nobody -----------------------------------------

cp "$CS" "$WORK/copyscope"
chmod 755 "$WORK" "$WORK/copyscope"
chmod 644 "$WORK/rw.rec"
start 80 24 setpriv --reuid=65534 --regid=65534 --clear-groups "$WORK/copyscope" replay "$WORK/rw.rec" --quiz --speed 32
until_ok "replay quiz: the first recorded step is a question" 20 \
	in_box "Next: read(file, 64 KiB). What will it move?"
keys c 2
until_ok "replay quiz: the answer is judged on the recording" 20 \
	in_box "read(file, 64 KiB): you said CPU copy, 2 mode switches: right"
until_ok "replay quiz: the rules expected the disk's DMA too; the measurement wins" 2 \
	in_box "the rules expected DMA + CPU copy, 2 mode switches; the measurement says CPU copy, 2 mode switches, and the measurement wins"
until_ok "replay quiz: the second question" 10 in_box "Next: write(socket, 64 KiB)."
keys x 2
until_ok "replay quiz: the third question" 20 in_box "Next: read(file, 64 KiB)."
keys c 2
until_ok "replay quiz: the fourth question" 20 in_box "Next: write(socket, 64 KiB)."
keys c 2
until_ok "replay quiz: the score at the end" 30 has "quiz over: 3 of 4 right"
until_ok "replay quiz: the wrong answer and why" 2 \
	in_box "2. not none, 2 mode switches: write(): the CPU copied 64 KiB from your buffer into the socket buffer"
keys q
until_ok "the replay quits" 10 has "EXIT=0"

echo "class: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
