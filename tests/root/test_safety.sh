#!/bin/sh
# test_safety.sh - copyscope facing hostile input, outputs that fail, and
# the privileges it keeps (root).  Each output is written to a 64 KiB
# tmpfs that fills up: the failure must be said at once, with the path
# and the reason, the counters still printed, the traced command left
# running, and the exit status non-zero.  CS_COPYSCOPE: the binary.
cs=${CS_COPYSCOPE:-build/copyscope}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/copyscope-safety.XXXXXX")
small=$tmp/small
cleanup() {
	umount "$small" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
pass=0
fail=0

# printf, not echo: dash's echo would turn a "\33" in a name into ESC
ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$1"; }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$1"; }
show() { sed 's/^/     /' "$1" | head -"${2:-8}"; }

# A private mount namespace is not needed: the tmpfs is ours and
# unmounted by the trap, whatever happens.
mkdir "$small"
if ! mount -t tmpfs -o size=64k,mode=0777 copyscope-safety "$small"; then
	bad "cannot mount a tmpfs"
	echo "safety: $pass passed, $fail failed"
	exit 1
fi
empty() { rm -rf "${small:?}"/*; }

# wait_for FILE: the file appears within 10 s (a state, polled)
wait_for() {
	i=0
	while [ ! -e "$1" ] && [ $i -lt 1000 ]; do
		sleep 0.01
		i=$((i + 1))
	done
	[ -e "$1" ]
}

# A command that makes many records, then leaves a mark: it must run to
# its end after copyscope has stopped tracing it.
busy() {
	echo "dd if=/dev/zero of=/dev/null bs=1 count=30000 2>/dev/null; touch $1"
}

# full NAME EXIT-WANTED PATH CMD...: the output to PATH fails at once
full() {
	name=$1 want=$2 path=$3
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ] &&
		grep -qF "writing $path failed: No space left on device" "$tmp/err"; then
		ok "$name: exit $got, said with the path and the reason"
	else
		bad "$name: exit $got (wanted $want):"
		show "$tmp/err"
	fi
}

# ---- outputs that fail -------------------------------------------------
empty
rm -f "$tmp/done"
full "trace --json -o" 74 "$small/t.json" \
	$cs trace --json -o "$small/t.json" -- sh -c "$(busy "$tmp/done")"
grep -q "^process [0-9]* (dd):" "$tmp/err" && grep -q "^  syscalls " "$tmp/err" &&
	ok "trace --json -o: the counters printed all the same" ||
	bad "trace --json -o: no counters on stderr"
grep -qF "stopping (the command goes on, detached)" "$tmp/err" &&
	ok "trace -o: says it stopped" || bad "trace -o: did not say it stopped"
wait_for "$tmp/done" && ok "trace -o: the command ran to its end, not killed" ||
	bad "trace -o: the command did not finish"

empty
full "trace --text -o" 74 "$small/t.txt" \
	$cs trace --text -o "$small/t.txt" -- sh -c "$(busy "$tmp/done")"

empty
rm -f "$tmp/done"
full "trace --record" 74 "$small/t.rec" \
	$cs trace -q --record "$small/t.rec" -- sh -c "$(busy "$tmp/done")"
wait_for "$tmp/done" && ok "trace --record: the command ran to its end" ||
	bad "trace --record: the command did not finish"
$cs replay --text "$small/t.rec" >"$tmp/replay.out" 2>"$tmp/replay.err"
rc=$?
n=$(sed -n 's/^copyscope: \([0-9]*\) records replayed.*/\1/p' "$tmp/replay.err")
if [ $rc -eq 0 ] && [ "${n:-0}" -gt 100 ] &&
	grep -qF "the rest of $small/t.rec is unreadable (truncated" "$tmp/replay.err" &&
	grep -qF "it has no counters" "$tmp/replay.err"; then
	ok "a recording cut short: $n records replayed, and it says it was cut"
else
	bad "replay of the cut recording (exit $rc, $n records):"
	show "$tmp/replay.err"
fi

# a recording big enough to fill the tmpfs, on disk
$cs trace -q --record "$tmp/big.rec" -- dd if=/dev/zero of=/dev/null bs=1 count=3000 \
	>/dev/null 2>&1
empty
full "replay --json -o" 74 "$small/r.json" $cs replay --json -o "$small/r.json" "$tmp/big.rec"
empty
full "export -o" 74 "$small/e.json" $cs export -o "$small/e.json" "$tmp/big.rec"
empty
full "report --record-dir" 74 "$small/read_write.rec" \
	$cs report --record-dir "$small" read_write
grep -q "^read_write\|read + write" "$tmp/out" &&
	ok "report --record-dir: the table still printed" ||
	bad "report --record-dir: no table"

# EFBIG: a file size limit, not a full disk (sh's ulimit -f counts 512 bytes)
(ulimit -f 16 && $cs trace --json -o "$tmp/limit.json" -- \
	dd if=/dev/zero of=/dev/null bs=1 count=3000 >/dev/null 2>"$tmp/err")
rc=$?
[ $rc -eq 74 ] && grep -qF "writing $tmp/limit.json failed: File too large" "$tmp/err" &&
	ok "trace -o past the file size limit: EFBIG said, exit 74" ||
	{ bad "trace -o past RLIMIT_FSIZE: exit $rc"; show "$tmp/err"; }

# ---- hostile names -----------------------------------------------------
esc=$(printf '\033')
evil="$tmp/ev${esc}[7mX"
cp /bin/true "$evil"
$cs trace --text -- "$evil" >"$tmp/out" 2>&1
if grep -qF 'ev\33[7mX' "$tmp/out" && ! grep -q "$esc" "$tmp/out"; then
	ok "trace --text: the escape in a process name shown as \\33, never sent"
else
	bad "trace --text sent a raw escape:"
	cat -v "$tmp/out" | head -5
fi
$cs trace --json -- "$evil" >"$tmp/out" 2>"$tmp/err"
if jq -se '[.[] | select(.type == "exec")][0].path | endswith("ev\u001b[7mX")' \
	"$tmp/out" >/dev/null && ! grep -q "$esc" "$tmp/out" "$tmp/err"; then
	ok "trace --json: the name escaped as \\u001b"
else
	bad "trace --json: the name not escaped:"
	cat -v "$tmp/out" | head -5
fi
# the TUI draws it escaped (tmux: what the screen shows, not what was sent)
if command -v tmux >/dev/null; then
	sock=$tmp/tmux
	# it lives until the test is done with it
	printf '#!/bin/sh\nwhile [ ! -e %s ]; do sleep 0.05; done\n' "$tmp/release" >"$tmp/hold"
	chmod +x "$tmp/hold"
	evil2="$tmp/ev${esc}]0;pwned${esc}\\"
	cp "$tmp/hold" "$evil2"
	tmux -S "$sock" new-session -d -x 120 -y 40 \
		"$cs trace -- '$evil2'"
	i=0
	while [ $i -lt 500 ]; do
		tmux -S "$sock" capture-pane -p >"$tmp/pane" 2>/dev/null
		grep -qF 'ev\33]0;pwned\33\\' "$tmp/pane" && break
		sleep 0.02
		i=$((i + 1))
	done
	title=$(tmux -S "$sock" display-message -p '#{pane_title}' 2>/dev/null)
	if grep -qF 'ev\33]0;pwned\33\\' "$tmp/pane" && [ "$title" != pwned ]; then
		ok "TUI: the name drawn escaped, the terminal title untouched"
	else
		bad "TUI: title '$title', screen:"
		head -5 "$tmp/pane"
	fi
	touch "$tmp/release"
	tmux -S "$sock" send-keys q
	tmux -S "$sock" kill-server 2>/dev/null
fi

# ---- the command as the user; capabilities dropped ---------------------
# the trace to a file of its own: id's line must not land inside one of it
$cs trace --text -o "$tmp/trace.txt" -u nobody -- id >"$tmp/out" 2>&1
grep -q "^uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)" "$tmp/out" &&
	grep -qF "+ exec /usr/bin/id" "$tmp/trace.txt" &&
	ok "trace -u nobody: the command ran as nobody, with nobody's groups, traced" ||
	{ bad "trace -u nobody:"; show "$tmp/out"; }
SUDO_USER=nobody $cs trace -q -- true >"$tmp/out" 2>&1
[ "$(grep -c "the command runs as root (sudo); -u nobody runs it as nobody" "$tmp/out")" = 1 ] &&
	ok "under sudo without -u: said once that the command runs as root" ||
	{ bad "no word about root under sudo:"; show "$tmp/out"; }
SUDO_USER=nobody $cs trace -q -u nobody -- true >"$tmp/out" 2>&1
! grep -q "runs as root" "$tmp/out" && ok "under sudo with -u: nothing said" ||
	bad "under sudo with -u: still says root"

# A copy with only CAP_BPF and CAP_PERFMON, run by nobody: once tracing
# has started, copyscope holds no capability at all.
mkdir "$tmp/capbin"
chmod 755 "$tmp"
cp "$cs" "$tmp/capbin/copyscope"
setcap cap_bpf,cap_perfmon+ep "$tmp/capbin/copyscope"
cat >"$tmp/capbin/hold" <<EOS
#!/bin/sh
touch $tmp/capbin/started
while [ ! -e $tmp/capbin/release ]; do sleep 0.02; done
dd if=/dev/zero of=/dev/null bs=4k count=10 2>/dev/null
EOS
chmod 755 "$tmp/capbin/hold"
chmod 777 "$tmp/capbin"
setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$tmp/capbin/copyscope" trace -q -- "$tmp/capbin/hold" >"$tmp/cap.out" 2>&1 &
cspid=$!
if wait_for "$tmp/capbin/started"; then
	grep -E '^Cap(Prm|Eff|Inh):' /proc/$cspid/status >"$tmp/caps"
	uid=$(awk '/^Uid:/ { print $3 }' /proc/$cspid/status)
	touch "$tmp/capbin/release"
	wait $cspid
	rc=$?
	if [ "$uid" = 65534 ] && [ "$(grep -c '0000000000000000' "$tmp/caps")" = 3 ]; then
		ok "capability-only copy run by nobody: no capability left once tracing"
	else
		bad "capabilities kept while tracing (uid $uid):"
		show "$tmp/caps"
	fi
	[ $rc -eq 0 ] && grep -q "^  syscalls " "$tmp/cap.out" &&
		ok "and without them it still read the records and the counters" ||
		{ bad "the capability-only trace (exit $rc):"; show "$tmp/cap.out"; }
else
	bad "the capability-only copy did not start its command:"
	show "$tmp/cap.out"
	kill $cspid 2>/dev/null
fi

# Under sudo a demo's sender and receiver run as the user; one that makes
# a network namespace (sendfile_nogather) keeps root.
mkdir "$tmp/demo-tmp"
chmod 777 "$tmp/demo-tmp"
SUDO_USER=nobody TMPDIR=$tmp/demo-tmp $cs report --size 1M read_write >"$tmp/out" 2>&1
rc=$?
owner=$(stat -c %U "$tmp/demo-tmp"/copyscope-demo-*.dat 2>/dev/null)
[ $rc -eq 0 ] && [ "$owner" = nobody ] &&
	grep -q "add up to the kernel's counters" "$tmp/out" &&
	ok "under sudo the demo ran as the user (its file is nobody's), counted exactly" ||
	{ bad "demo as SUDO_USER (exit $rc, file of '$owner'):"; show "$tmp/out"; }

# ---- faults ------------------------------------------------------------
# gone PID...: every one has ended within 10 s (polled)
gone() {
	i=0
	while [ $i -lt 500 ]; do
		alive=""
		for p in "$@"; do
			kill -0 "$p" 2>/dev/null && alive="$alive $p"
		done
		[ -z "$alive" ] && return 0
		sleep 0.02
		i=$((i + 1))
	done
	echo "     still running:$alive"
	return 1
}
# children PID: its child processes
children() { ps -o pid= --ppid "$1" | tr -d ' '; }
# child_of PID: its first child, once it has one (10 s)
child_of() {
	i=0
	while [ -z "$(children "$1")" ] && [ $i -lt 500 ]; do
		sleep 0.02
		i=$((i + 1))
	done
	children "$1" | head -1
}
# wait_line FILE PATTERN: a line matching PATTERN appears in FILE (10 s)
wait_line() {
	i=0
	while ! grep -q "$2" "$1" 2>/dev/null && [ $i -lt 500 ]; do
		sleep 0.02
		i=$((i + 1))
	done
	grep -q "$2" "$1" 2>/dev/null
}
# moved PID BYTES: the process has read at least BYTES with read() or
# sendfile() (mid-transfer), 10 s
moved() {
	i=0
	while [ $i -lt 500 ]; do
		r=$(sed -n 's/^rchar: //p' /proc/"$1"/io 2>/dev/null)
		[ -n "$r" ] && [ "$r" -ge "$2" ] && return 0
		sleep 0.02
		i=$((i + 1))
	done
	return 1
}
# progs_of PID: the ids of the BPF programs the process holds
progs_of() { cat /proc/"$1"/fdinfo/* 2>/dev/null | sed -n 's/^prog_id:[[:space:]]*//p' | sort -u; }
# unloaded ID...: the kernel has let go of every one of these programs
# within 10 s (it frees them after its grace period, not at once)
unloaded() {
	i=0
	while [ $i -lt 200 ]; do
		n=0
		for id in "$@"; do
			bpftool prog show id "$id" >/dev/null 2>&1 && n=$((n + 1))
		done
		[ $n -eq 0 ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	echo "     $n programs still loaded"
	return 1
}

# the traced process killed mid-transfer: the trace ends at once, cleanly
$cs trace --text -o /dev/null -- dd if=/dev/zero of=/dev/null bs=1M count=1000000 \
	>"$tmp/kill.out" 2>&1 &
cspid=$!
if wait_line "$tmp/kill.out" "tracing command, pid"; then
	dd=$(sed -n 's/.*tracing command, pid \([0-9]*\) .*/\1/p' "$tmp/kill.out")
	moved "$dd" 100000000
	kill -KILL "$dd"
	wait $cspid
	rc=$?
	[ $rc -eq 137 ] && grep -q "^process $dd (dd):" "$tmp/kill.out" &&
		grep -q "its records add up to these counters" "$tmp/kill.out" &&
		ok "traced process SIGKILLed mid-transfer: exit 137, counters exact" ||
		{ bad "traced process killed (exit $rc):"; show "$tmp/kill.out" 30; }
else
	bad "trace did not start"
	kill $cspid
fi

# copyscope SIGKILLed: what it started or attached must not outlive it
ns_before=$(ip netns list | wc -l)
links_before=$(ip -o link show | wc -l)
mounts_before=$(grep -c "$tmp" /proc/self/mounts)

# trace: the programs go with it, the command runs on
rm -f "$tmp/release" "$tmp/started"
$cs trace -q -- sh -c "touch $tmp/started; while [ ! -e $tmp/release ]; do sleep 0.02; done" \
	>/dev/null 2>&1 &
cspid=$!
wait_for "$tmp/started"
progs=$(progs_of $cspid)
[ -n "$progs" ] || bad "trace: no BPF program in /proc/$cspid/fdinfo"
kill -KILL $cspid
wait $cspid 2>/dev/null
gone $cspid
unloaded $progs && [ -z "$(ls /sys/fs/bpf | grep -i copyscope)" ] &&
	ok "trace SIGKILLed: no program or pinned object left" ||
	bad "trace SIGKILLed: BPF programs left"
touch "$tmp/release"

# report: the demo and its receiver end with it; no half-written file
mkdir "$tmp/kill-tmp"
for demo in read_write sendfile_nogather; do
	TMPDIR=$tmp/kill-tmp $cs report --size 64M --chunk 1K $demo >/dev/null 2>&1 &
	cspid=$!
	sender=$(child_of $cspid)
	receiver=$(child_of "$sender")
	procs="$sender $receiver"
	moved "$sender" 4000000 # the transfer under way (a socket's recv is not in rchar)
	progs=$(progs_of $cspid)
	kill -KILL $cspid
	wait $cspid 2>/dev/null
	if [ -n "$sender" ] && [ -n "$progs" ] && gone $procs &&
		unloaded $progs; then
		ok "report $demo SIGKILLed: its demo processes ($procs) gone"
	else
		bad "report $demo SIGKILLed: demo processes ($procs) or programs left"
	fi
done
half=""
for f in "$tmp/kill-tmp"/*; do
	[ -e "$f" ] || continue
	case $f in
	*/copyscope-demo-67108864.dat) [ "$(stat -c %s "$f")" = 67108864 ] || half="$half $f" ;;
	*) half="$half $f" ;;
	esac
done
[ -z "$half" ] && ok "no half-written demo file" || bad "left:$half"

# demo on the live screen (tmux): copyscope is the pane's process
if command -v tmux >/dev/null; then
	sock=$tmp/tmux-kill
	TMPDIR=$tmp/kill-tmp tmux -S "$sock" new-session -d -x 120 -y 40 \
		"$cs demo read_write --size 64M --chunk 1K"
	cspid=$(tmux -S "$sock" display-message -p '#{pane_pid}')
	sender=$(child_of $cspid)
	procs="$sender $(child_of "$sender")"
	progs=$(progs_of $cspid)
	kill -KILL $cspid
	if [ -n "$sender" ] && gone $cspid $procs && unloaded $progs; then
		ok "demo (screen) SIGKILLed: its demo processes gone"
	else
		bad "demo (screen) SIGKILLed: processes ($procs) left"
	fi
	tmux -S "$sock" kill-server 2>/dev/null
fi

# replay: nothing to leave but its output
$cs replay --text -o "$tmp/kill.txt" "$tmp/big.rec" >/dev/null 2>&1 &
cspid=$!
kill -KILL $cspid
wait $cspid 2>/dev/null
gone $cspid && ok "replay SIGKILLed: gone" || bad "replay SIGKILLed"

[ "$(ip netns list | wc -l)" -eq "$ns_before" ] &&
	[ "$(ip -o link show | wc -l)" -eq "$links_before" ] &&
	[ "$(grep -c "$tmp" /proc/self/mounts)" -eq "$mounts_before" ] &&
	ok "after every SIGKILL: no namespace, link or mount left" ||
	bad "after SIGKILL: a namespace, link or mount is left"

# a demo's receiver killed: the run fails, said, without hanging
TMPDIR=$tmp/kill-tmp $cs report --size 64M --chunk 1K read_write >"$tmp/rk.out" 2>&1 &
cspid=$!
sender=$(child_of $cspid)
receiver=$(child_of "$sender")
moved "$sender" 4000000
kill -KILL $receiver
if gone $cspid; then
	wait $cspid
	rc=$?
	[ $rc -ne 0 ] && grep -q "copyscope report: read_write failed: " "$tmp/rk.out" &&
		ok "a demo's receiver SIGKILLed: the run fails and says why (exit $rc)" ||
		{ bad "receiver killed (exit $rc):"; show "$tmp/rk.out"; }
else
	bad "receiver killed: copyscope report did not end"
	kill $cspid
fi

echo "safety: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
