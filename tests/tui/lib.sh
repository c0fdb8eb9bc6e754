# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# tests/tui/lib.sh - tmux panes for the screen tests (run.sh, class.sh) and
# the tutorial's screens (tutorial/gen.sh): each pane on a tmux server of
# its own, captured into $SCREEN, and checks that wait for the state they
# assert.  Source it (bash), then call tui_init NAME.

# tui_init NAME: the tally, a private work directory (copyscope-NAME.*),
# and every pane's server stopped on the way out
tui_init() {
	SOCKS=()
	SOCK=
	S=tui
	PASS=0
	FAIL=0
	SOCK_PREFIX=copyscope-$1-$$
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/copyscope-$1.XXXXXX")
	SCREEN=$WORK/screen
	trap tui_cleanup EXIT
}

tui_cleanup() {
	local s
	for s in "${SOCKS[@]}"; do
		tmux -L "$s" kill-server 2>/dev/null
	done
	rm -rf "$WORK"
}

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
	SOCK=$SOCK_PREFIX-${#SOCKS[@]}
	SOCKS+=("$SOCK")
	t -f /dev/null new-session -d -s $S -x "$w" -y "$h" \
		"trap : INT; cd '$PWD'; $*; echo \"EXIT=\$?\"; stty -a | tr ';' '\\n' | grep -ow -- '-\\?icanon\\|-\\?echo'; sleep 600" \; \
		set-option -g status off
}

cap() {
	t capture-pane -p -t $S >"$SCREEN"
}

keys() {
	t send-keys -t $S "$@"
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
			return 0
		fi
		sleep 0.1
		cap
	done
	if "$@"; then
		ok "$what"
	else
		not_ok "$what"
		return 1
	fi
}

# until_ok WHAT SECONDS COMMAND...: check on a fresh capture, for up to
# SECONDS
until_ok() {
	local what=$1 CHECK_SECONDS=$2
	shift 2
	cap
	check "$what" "$@"
}

# check_now WHAT COMMAND...: COMMAND holds now (a screen saved earlier)
check_now() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}
