#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Fill the lessons' numbers and screen excerpts from copyscope itself.
#
#   tutorial/gen.sh [BUILD-DIR]            rewrite tutorial/*.md in place
#   tutorial/gen.sh --check [BUILD-DIR]    regenerate into a temporary copy
#                                          and compare; "tutorial: N passed,
#                                          N failed" (one check per file)
#
# Nothing here needs root: every value comes from 'copyscope replay' of a
# recording in tutorial/recordings/ (made by tutorial/record.sh).
#
# A block, replaced by a ```text fence holding the output:
#
#   <!-- copyscope:begin KIND NAME [ARGS] -->
#   <!-- copyscope:end -->
#
#   report NAME            replay --report -q NAME.rec: the table, without
#                          the legend that follows it
#   row NAME               only the rows of that table (pid ... checked)
#   text NAME MAX ERE      replay --text: the lines matching ERE (grep -E),
#                          the first MAX, from the demo's transfer phase on
#                          (from the start when the recording has no phases)
#   counters NAME ERE      the kernel counters the recording closed with:
#                          each "process" line and the counters matching ERE
#   screen NAME            the replay on an 80x24 terminal (tmux), once the
#                          animation has ended
#
# In an ERE, %P stands for the recorded process's pid ("%P/" matches its
# lines), so a directive survives a new recording.
#
# A value inside a sentence, replaced between the two comments:
#
#   <!--cs:counter NAME N COUNTER-->VALUE<!--/cs-->   COUNTER of the Nth process
#   <!--cs:cell NAME ROW N-->VALUE<!--/cs-->           field N of the report's
#                                                     ROW line (measured, receiver)
#   <!--cs:count NAME ERE-->VALUE<!--/cs-->            how many --text lines
#                                                     (transfer phase on) match
#   <!--cs:field NAME N ERE-->VALUE<!--/cs-->          field N (awk) of the first
#                                                     such line
#
# The screen is drawn from the recording's own times and is the same on
# every run, except its event log: which of the last few lines it still
# shows depends on when the player noticed the end of the file against
# the animation (a race between two timers, not a fact of the recording).
# So --check compares every screen line but the event log's (lines that
# begin with a time in ms, or "the recording ended") and the status line.

set -u -f # -f: a pattern in a block's arguments is not a file name
export LC_ALL=C.UTF-8 LANG=C.UTF-8

CHECK=0
if [ "${1:-}" = --check ]; then
	CHECK=1
	shift
fi
BUILD=${1:-build}
CS=$(cd "$BUILD" && pwd)/copyscope
TUT=$(cd "$(dirname "$0")" && pwd)
RECS=$TUT/recordings
# tmux panes as the screen tests make them (WORK, SCREEN, start, cap, t)
# shellcheck source=tests/tui/lib.sh
. "$TUT/../tests/tui/lib.sh"
tui_init tutorial
mkdir -p "$WORK/cache" "$WORK/out"

die() {
	echo "tutorial: $*" >&2
	exit 1
}

rec_of() {
	local r=$RECS/$1.rec
	[ -f "$r" ] || die "no recording $r"
	printf '%s' "$r"
}

# The outputs of one recording, made once per run.
report_of() {
	local c=$WORK/cache/$1.report
	[ -f "$c" ] || "$CS" replay --report -q "$(rec_of "$1")" >"$c" 2>/dev/null ||
		die "replay --report $1 failed"
	printf '%s' "$c"
}

text_of() {
	local c=$WORK/cache/$1.text
	if [ ! -f "$c" ]; then
		"$CS" replay --text "$(rec_of "$1")" >"$c.all" 2>"$WORK/cache/$1.counters" ||
			die "replay --text $1 failed"
		# from the transfer phase on, when the demo marked one
		if grep -q -- ' -- phase transfer$' "$c.all"; then
			sed -n '/ -- phase transfer$/,$p' "$c.all" >"$c"
		else
			cp "$c.all" "$c"
		fi
	fi
	printf '%s' "$c"
}

counters_of() {
	text_of "$1" >/dev/null
	printf '%s' "$WORK/cache/$1.counters"
}

screen_of() {
	local c=$WORK/cache/$1.screen i
	if [ ! -f "$c" ]; then
		# (the speed changes when things are drawn, not what)
		start 80 24 "'$CS' replay --speed 32 '$(rec_of "$1")'"
		# the end: the caption says so and nothing is left to animate
		for ((i = 0; i < 600; i++)); do
			cap
			grep -q "the picture stays until you press q" "$SCREEN" &&
				! tail -n 1 "$SCREEN" | grep -q "queue" && break
			sleep 0.1
		done
		[ "$i" -lt 600 ] || die "the replay of $1 did not end on screen"
		cap
		sed 's/ *$//' "$SCREEN" >"$c"
		t kill-server 2>/dev/null
	fi
	printf '%s' "$c"
}

# ere NAME ERE: ERE with %P made the recording's pid
ere() {
	local pid
	pid=$(awk '/^pid / { print $2; exit }' "$(report_of "$1")")
	shift
	local e=$*
	printf '%s' "${e//%P/$pid}"
}

# block KIND NAME ARGS...: the text of a block
block() {
	local kind=$1 name=$2 max ere
	shift 2
	case $kind in
	report)
		# the table, up to the legend, without the blank line before it
		awk '/^per chunk:/ { exit } { l[n++] = $0 }
			END { while (n && l[n - 1] == "") n--; for (i = 0; i < n; i++) print l[i] }' \
			"$(report_of "$name")"
		;;
	row) sed -n '/^pid /,/^$/p' "$(report_of "$name")" | sed '/^$/d' ;;
	text)
		max=$1
		shift
		ere=$(ere "$name" "$@")
		grep -E -- "$ere" "$(text_of "$name")" | head -n "$max"
		;;
	counters)
		ere=$*
		grep -E -- "^process |^  ($ere) " "$(counters_of "$name")"
		;;
	screen) cat "$(screen_of "$name")" ;;
	*) die "unknown block kind '$kind'" ;;
	esac
}

# value KIND NAME ARGS...: one value in a sentence
value() {
	local kind=$1 name=$2 v
	shift 2
	case $kind in
	counter)
		v=$(awk -v n="$1" -v c="$2" '
			/^process / { p++ }
			p == n && $1 == c { print $2; exit }' "$(counters_of "$name")")
		;;
	cell)
		v=$(awk -v r="$1" -v n="$2" '$1 == r { print $(n + 1); exit }' \
			"$(report_of "$name")")
		;;
	count) v=$(grep -cE -- "$(ere "$name" "$@")" "$(text_of "$name")") ;;
	field)
		local n=$1
		shift
		v=$(grep -E -- "$(ere "$name" "$@")" "$(text_of "$name")" | head -n 1 |
			awk -v n="$n" '{ print $n }')
		;;
	*) die "unknown value kind '$kind'" ;;
	esac
	[ -n "$v" ] || die "no value for '$kind $name $*'"
	printf '%s' "$v"
}

INLINE='<!--cs:([^>]*)-->([^<]*)<!--/cs-->'

# fill IN OUT: one markdown file with every block and value made again
fill() {
	local in=$1 out=$2 line args rest head skip=0
	: >"$out"
	while IFS= read -r line || [ -n "$line" ]; do
		if [ $skip = 1 ]; then
			# the old contents, up to and with the end mark
			[[ $line == '<!-- copyscope:end -->' ]] && skip=0
			continue
		fi
		if [[ $line =~ ^'<!-- copyscope:begin '(.*)' -->'$ ]]; then
			args=${BASH_REMATCH[1]}
			{
				printf '%s\n' "$line" '```text'
				# shellcheck disable=SC2086
				block $args
				printf '%s\n' '```' '<!-- copyscope:end -->'
			} >>"$out" || exit 1
			skip=1
			continue
		fi
		rest=$line
		line=
		while [[ $rest =~ $INLINE ]]; do
			head=${rest%%"${BASH_REMATCH[0]}"*}
			# shellcheck disable=SC2086
			line+="$head<!--cs:${BASH_REMATCH[1]}-->$(value ${BASH_REMATCH[1]})<!--/cs-->" ||
				exit 1
			rest=${rest#*"${BASH_REMATCH[0]}"}
		done
		printf '%s\n' "$line$rest" >>"$out"
	done <"$in"
	[ $skip = 0 ] || die "$in: a copyscope:begin block has no end"
}

# The parts of a file --check compares: screen blocks lose the event log.
stable() {
	awk '
		/^<!-- copyscope:begin screen / { s = 1 }
		/^<!-- copyscope:end -->/ { s = 0 }
		s && (/^ +[0-9.]+ ms / || /^ the recording ended/ || / \| tier [a-z]+ \| speed /) { next }
		{ print }' "$1"
}

[ -x "$CS" ] || die "no $CS (run make first)"
command -v tmux >/dev/null || die "tmux is needed for the screens (make deps-test)"

PASS=0
FAIL=0
set +f
LESSONS=("$TUT"/*.md)
set -f
for md in "${LESSONS[@]}"; do
	f=$(basename "$md")
	fill "$md" "$WORK/out/$f" || exit 1
	if [ $CHECK = 0 ]; then
		cmp -s "$md" "$WORK/out/$f" || cp "$WORK/out/$f" "$md"
		continue
	fi
	if diff -u <(stable "$md") <(stable "$WORK/out/$f") >"$WORK/diff"; then
		PASS=$((PASS + 1))
		echo "ok - $f agrees with copyscope"
	else
		FAIL=$((FAIL + 1))
		echo "not ok - $f disagrees with copyscope ('make tutorial' writes what the tool says):"
		sed 's/^/#   /' "$WORK/diff"
	fi
done
if [ $CHECK = 1 ]; then
	echo "tutorial: $PASS passed, $FAIL failed"
	[ $FAIL -eq 0 ]
fi
