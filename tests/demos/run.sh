#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The demo tests (make check-demos).  Run as root: sendfile_nogather builds
# network namespaces, and a test mounts a tiny tmpfs in a private mount
# namespace to fill it up.
#
#   tests/demos/run.sh [BUILD-DIR]
#
# Every demo moves 1 MiB, 1000003 bytes and 16 MiB, cold and warm, and every
# byte must be verified; the step protocol is driven by step_driver, which
# counts steps and labels; bad input must give a clear message and the
# documented exit status and leave nothing behind; killing
# sendfile_nogather with SIGKILL mid-transfer must leave no process and no
# network namespace.  The last line is "N passed, N failed".

set -u

BUILD=${1:-build}
D=$BUILD/demos
DRIVER=$BUILD/tests/demos/step_driver
PASS=0
FAIL=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/copyscope-demo-tests.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

ok() {
	PASS=$((PASS + 1))
	echo "ok - $1"
}

not_ok() {
	FAIL=$((FAIL + 1))
	echo "not ok - $1"
	shift
	for line in "$@"; do
		echo "#   $line"
	done
}

# The value of a top-level field of a one-line JSON object.
jget() {
	printf '%s\n' "$2" | sed -n "s/.*\"$1\":\(\"[^\"]*\"\|[^,}]*\).*/\1/p" |
		head -n 1 | tr -d '"'
}

# Has a JSON object "field":value exactly?
jhas() {
	[ "$(jget "$1" "$3")" = "$2" ]
}

# Processes whose command line mentions $1 (our per-test file names).
procs_with() {
	local p n=0
	for p in /proc/[0-9]*; do
		if tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -qF -- "$1"; then
			n=$((n + 1))
		fi
	done
	echo $n
}

if [ "$(id -u)" -ne 0 ]; then
	echo "tests/demos/run.sh: run as root (network namespaces, tmpfs)" >&2
	exit 1
fi
for b in "$DRIVER" "$BUILD/tests/demos/test_control_proto" \
	"$BUILD/tests/demos/hold_pages" "$D/read_write"; do
	if [ ! -x "$b" ]; then
		echo "tests/demos/run.sh: $b is missing: make demos first" >&2
		exit 1
	fi
done

# ---- the protocol parser ---------------------------------------------------
out=$("$BUILD/tests/demos/test_control_proto")
if [ $? -eq 0 ]; then
	ok "control_proto: $(echo "$out" | tail -n 1)"
else
	not_ok "control_proto" "$out"
fi

# ---- every demo, every size, cold and warm ---------------------------------
# name|extra options|demo-specific checks (field=value, space separated)
CONFIGS="read_write||
mmap_write||
sendfile||
sendfile_nogather||scatter_gather=false tso=false
splice||
vmsplice||
tee||
copy_file_range||
odirect||
msg_zerocopy||
io_uring|--variant read_send|variant=read_send
io_uring|--variant splice|variant=splice
io_uring|--variant send_zc|variant=send_zc
mmap_sigbus||sigbus_without_lease=true lease_signal=true sigbus_with_lease=false
mmap_sigbus|--variant sendfile|variant=sendfile lease_signal=true sigbus_without_lease=false
cow||"

run_demo() { # name opts size cache
	local name=$1 opts=$2 size=$3 cache=$4 checks=$5 json rc desc why=()
	local file="$WORK/src-$size.dat"
	desc="$name${opts:+ $opts} --size $size --$cache"
	# shellcheck disable=SC2086
	json=$("$D/$name" $opts --size "$size" --"$cache" --file "$file" \
		--json 2>"$WORK/err")
	rc=$?
	[ $rc -eq 0 ] || why+=("exit status $rc: $(cat "$WORK/err")")
	jhas verified true "$json" || why+=("not verified: $json")
	jhas verify bytes "$json" || why+=("not every byte compared: $json")
	jhas demo "$name" "$json" || why+=("demo field: $json")
	case $name in
	mmap_sigbus) ;; # sends what it can before the truncation
	*) jhas bytes "$size" "$json" || why+=("bytes is not $size: $json") ;;
	esac
	# Did --cold and --warm really set the page cache up?
	case $name in
	mmap_sigbus | cow) ;;
	*)
		if [ "$cache" = cold ]; then
			jhas cached_pages_before 0 "$json" ||
				why+=("cold but cached: $json")
			[ -n "$(jget cold_fresh_copy "$json")" ] ||
				why+=("cold without cold_fresh_copy: $json")
		else
			[ "$(jget cached_pages_before "$json")" = \
				"$(jget file_pages "$json")" ] ||
				why+=("warm but not all cached: $json")
		fi
		;;
	esac
	for c in $checks; do
		jhas "${c%%=*}" "${c#*=}" "$json" || why+=("$c: $json")
	done
	case "$name $opts" in
	"msg_zerocopy "* | *send_zc*)
		# On loopback the kernel copies every zero-copy send after all.
		[ -n "$(jget zerocopy_sends "$json")" ] &&
			[ "$(jget zerocopy_sends "$json")" = \
				"$(jget zerocopy_copied_sends "$json")" ] ||
			why+=("zero-copy sends not all reported copied: $json")
		;;
	"cow "*)
		# A fault (a copy) for every private page; for shared memory
		# next to none (a stray fault from the rest of the system,
		# such as page migration, is possible, one per page is not).
		local pages
		pages=$(jget pages "$json")
		[ "$(jget private_write_faults "$json")" -ge "$pages" ] \
			2>/dev/null || why+=("fewer faults than pages: $json")
		[ "$(jget shared_write_faults "$json")" -le \
			$((pages / 64 + 2)) ] 2>/dev/null ||
			why+=("shared memory faulted: $json")
		;;
	esac
	if [ ${#why[@]} -eq 0 ]; then
		ok "$desc: $(jget bytes "$json") bytes verified"
	else
		not_ok "$desc" "${why[@]}"
	fi
}

while IFS='|' read -r name opts checks; do
	for size in 1048576 1000003 16777216; do
		for cache in cold warm; do
			run_demo "$name" "$opts" "$size" "$cache" "$checks"
		done
	done
done <<<"$CONFIGS"

# The plain-text result line.
line=$("$D/read_write" --size 1M --file "$WORK/src-1048576.dat" | tail -n 1)
if [ "$line" = "${line#read_write: moved 1048576 bytes (1 MiB), verified yes, }" ]; then
	not_ok "read_write: final line" "$line"
else
	ok "read_write: final line says bytes, verified, time, throughput"
fi

# ---- --cold is cold ----------------------------------------------------------
# After sendfile, socket buffers the kernel frees late (seconds, or at the next
# network traffic on a CPU) can still hold pages of the file, and DONTNEED
# skips them: the demo then sends a fresh copy of the file.  Sender and
# receiver on different CPUs make that likely; every cold run after it must
# start with no page of its file cached.
F16="$WORK/src-16777216.dat"
pin=
[ "$(nproc)" -ge 2 ] && pin="--pin 0,1"
fresh=0
why=()
for i in 1 2 3 4 5; do
	# shellcheck disable=SC2086
	"$D/sendfile" --size 16M --warm $pin --file "$F16" >/dev/null ||
		why+=("sendfile run $i failed")
	json=$("$D/read_write" --size 16M --cold --json --file "$F16" 2>&1)
	jhas verified true "$json" || why+=("run $i not verified: $json")
	jhas cached_pages_before 0 "$json" || why+=("run $i cached: $json")
	jhas cold_fresh_copy true "$json" && fresh=$((fresh + 1))
done
if [ ${#why[@]} -eq 0 ]; then
	ok "cold right after sendfile: 0 pages cached at the start, 5 of 5 ($fresh needed a fresh copy)"
else
	not_ok "cold right after sendfile" "${why[@]}"
fi

# Pages that cannot go at all (mapped by another process): a fresh copy, a
# new inode with the same bytes, and no temporary file left behind.
mkdir -p "$WORK/held"
FH="$WORK/held/src.dat"
cp "$WORK/src-1048576.dat" "$FH"
ino=$(stat -c %i "$FH")
"$BUILD/tests/demos/hold_pages" "$FH" >"$WORK/held.out" &
hold=$!
for _ in $(seq 100); do
	[ -s "$WORK/held.out" ] && break
	sleep 0.05
done
json=$("$D/read_write" --size 1M --cold --json --file "$FH" 2>&1)
rc=$?
kill "$hold"
wait "$hold" 2>/dev/null
why=()
[ "$(cat "$WORK/held.out")" = "held 256" ] ||
	why+=("hold_pages said '$(cat "$WORK/held.out")'")
[ $rc -eq 0 ] || why+=("exit status $rc")
jhas verified true "$json" || why+=("not verified: $json")
jhas cold_stuck_pages 256 "$json" || why+=("cold_stuck_pages: $json")
jhas cold_fresh_copy true "$json" || why+=("no fresh copy: $json")
jhas cached_pages_before 0 "$json" || why+=("cached: $json")
echo "$json" | grep -q '"notes":\["256 pages of the file stayed in the page cache' ||
	why+=("no note: $json")
[ "$(stat -c %i "$FH")" != "$ino" ] || why+=("same inode $ino")
cmp -s "$WORK/src-1048576.dat" "$FH" ||
	why+=("the fresh copy differs from the file")
[ "$(ls -A "$WORK/held")" = src.dat ] || why+=("left: $(ls -A "$WORK/held")")
if [ ${#why[@]} -eq 0 ]; then
	ok "cold with 256 mapped pages: a fresh copy (new inode, same bytes), 0 cached"
else
	not_ok "cold with mapped pages" "${why[@]}"
fi

# ---- --discard: counted, not compared ---------------------------------------
for name in read_write sendfile sendfile_nogather; do
	json=$("$D/$name" --size 1M --discard --json \
		--file "$WORK/src-1048576.dat" 2>&1)
	if [ $? -eq 0 ] && jhas verified true "$json" &&
		jhas verify count "$json" && jhas bytes 1048576 "$json"; then
		ok "$name --discard: 1048576 bytes counted, verify count"
	else
		not_ok "$name --discard" "$json"
	fi
done
json=$("$D/sendfile" --size 1M --cc reno --json --file "$WORK/src-1048576.dat" 2>&1)
if jhas tcp_cc reno "$json" && jhas verified true "$json"; then
	ok "--cc reno: the sending socket used reno (tcp_cc), verified"
else
	not_ok "--cc reno" "$json"
fi
line=$("$D/read_write" --size 1M --discard --file "$WORK/src-1048576.dat" |
	tail -n 1)
case $line in
"read_write: moved 1048576 bytes (1 MiB), verified count only (--discard), "*)
	ok "--discard: the final line says count only" ;;
*) not_ok "--discard: final line" "$line" ;;
esac

# ---- the step protocol ------------------------------------------------------
step_test() { # description, driver args..., --, demo args...
	local desc=$1 out
	shift
	out=$("$DRIVER" "$@" 2>&1)
	if [ $? -eq 0 ]; then
		ok "$desc"
	else
		not_ok "$desc" "$(echo "$out" | tr '\n' '|')"
	fi
}

F1="$WORK/src-1048576.dat"
F3="$WORK/src-1000003.dat"
step_test "step: read_write 1 MiB = 16 reads + 16 writes" \
	--expect-steps 32 --expect-label 'read(file, 64 KiB)=16' \
	--expect-label 'write(socket, 64 KiB)=16' \
	-- "$D/read_write" --size 1M --file "$F1"
step_test "step: read_write 1000003 bytes = 15+1 reads, 15+1 writes" \
	--expect-steps 32 --expect-label 'read(file, 64 KiB)=15' \
	--expect-label 'write(socket, 64 KiB)=15' \
	--expect-label 'read(file, 16963 bytes)=1' \
	--expect-label 'write(socket, 16963 bytes)=1' \
	-- "$D/read_write" --size 1000003 --file "$F3"
step_test "step: sendfile 1 MiB = one sendfile" \
	--expect-steps 1 --expect-label 'sendfile(socket <- file, 1 MiB)=1' \
	-- "$D/sendfile" --size 1M --file "$F1"
step_test "step: sendfile --chunk 64K 1 MiB = 16 sendfiles" \
	--expect-steps 16 --expect-label 'sendfile(socket <- file, 64 KiB)=16' \
	-- "$D/sendfile" --size 1M --chunk 64K --file "$F1"
step_test "step: mmap_write = mmap + 16 writes" \
	--expect-steps 17 --expect-label 'mmap(file, 1 MiB)=1' \
	--expect-label 'write(socket, 64 KiB)=16' \
	-- "$D/mmap_write" --size 1M --file "$F1"
step_test "step: splice = 16 x (file -> pipe, pipe -> socket)" \
	--expect-steps 32 --expect-label 'splice(file -> pipe, 64 KiB)=16' \
	--expect-label 'splice(pipe -> socket, 64 KiB)=16' \
	-- "$D/splice" --size 1M --file "$F1"
step_test "step: tee = 16 x (splice, tee, splice, splice)" \
	--expect-steps 64 --expect-label 'splice(file -> pipe, 64 KiB)=16' \
	--expect-label 'tee(pipe -> pipe2, 64 KiB)=16' \
	--expect-label 'splice(pipe -> socket, 64 KiB)=16' \
	--expect-label 'splice(pipe2 -> file, 64 KiB)=16' \
	-- "$D/tee" --size 1M --file "$F1"
step_test "step: copy_file_range = one call" \
	--expect-steps 1 \
	--expect-label 'copy_file_range(file -> file, 1 MiB)=1' \
	-- "$D/copy_file_range" --size 1M --file "$F1"
step_test "step: odirect = 16 O_DIRECT reads + 16 writes" \
	--expect-steps 32 --expect-label 'read(file O_DIRECT, 64 KiB)=16' \
	--expect-label 'write(socket, 64 KiB)=16' \
	-- "$D/odirect" --size 1M --file "$F1"
step_test "step: msg_zerocopy = mmap + 16 zero-copy sends + reaping" \
	--expect-label 'mmap(file, 1 MiB)=1' \
	--expect-label 'send(socket, 64 KiB, MSG_ZEROCOPY)=16' \
	--expect-label 'recvmsg(socket, MSG_ERRQUEUE)=*' \
	-- "$D/msg_zerocopy" --size 1M --file "$F1"
step_test "step: io_uring read_send = 16 io_uring_enter" \
	--expect-steps 16 \
	--expect-label 'io_uring_enter(READ 64 KiB + SEND 64 KiB)=16' \
	-- "$D/io_uring" --variant read_send --size 1M --file "$F1"
step_test "step: io_uring splice = 16 io_uring_enter" \
	--expect-steps 16 \
	--expect-label 'io_uring_enter(SPLICE file -> pipe + SPLICE pipe -> socket, 64 KiB)=16' \
	-- "$D/io_uring" --variant splice --size 1M --file "$F1"
step_test "step: io_uring send_zc = mmap + 16 SEND_ZC (+ waits)" \
	--expect-label 'mmap(file, 1 MiB)=1' \
	--expect-label 'io_uring_enter(SEND_ZC 64 KiB)=16' \
	--expect-label 'io_uring_enter(wait for a completion)=*' \
	-- "$D/io_uring" --variant send_zc --size 1M --file "$F1"
step_test "step: cow = fork + 16 private + 16 shared stores" \
	--expect-steps 33 --expect-label 'fork()=1' \
	--expect-label 'store(private memory, 64 KiB)=16' \
	--expect-label 'store(shared memory, 64 KiB)=16' \
	-- "$D/cow" --size 1M
step_test "step: sendfile_nogather = one sendfile over the veth" \
	--expect-steps 1 --expect-label 'sendfile(socket <- file, 1 MiB)=1' \
	-- "$D/sendfile_nogather" --size 1M --file "$F1"
step_test "step: vmsplice = mmap + 16 x (vmsplice, splice)" \
	--expect-steps 33 --expect-label 'mmap(file, 1 MiB)=1' \
	--expect-label 'vmsplice(memory -> pipe, 64 KiB)=16' \
	--expect-label 'splice(pipe -> socket, 64 KiB)=16' \
	-- "$D/vmsplice" --size 1M --file "$F1"
step_test "step: mmap_sigbus runs both scenarios under the protocol" \
	-- "$D/mmap_sigbus" --size 1M --file "$F1"
step_test "step: mmap_sigbus --variant sendfile: sendfile calls under the protocol" \
	--expect-label 'sendfile(socket <- file, 64 KiB)=*' \
	-- "$D/mmap_sigbus" --variant sendfile --size 1M --file "$F1"
step_test "run mode: read_write announces 32 steps without waiting" \
	--mode run --expect-steps 32 \
	-- "$D/read_write" --size 1M --file "$F1"
out=$("$DRIVER" -- "$D/read_write" --size 1M --bench 3 --file "$F1" 2>&1)
if echo "$out" | grep -q '^steps 96 (dropped 0) in 3 transfer phase(s)$'; then
	ok "step: --bench 3 repeats the transfer phase 3 times, 96 steps"
else
	not_ok "step: --bench 3" "$(echo "$out" | tr '\n' '|')"
fi

# quit: exit 3 and nothing left behind.
F=$WORK/quit.dat
step_test "quit at step 5: exit status 3" --quit-at 5 \
	-- "$D/read_write" --size 1M --file "$F"
sleep 0.2
if [ "$(procs_with "$F")" -eq 0 ]; then
	ok "quit: no process left"
else
	not_ok "quit: processes left" "$(procs_with "$F")"
fi

# A receiver that dies: clear message, exit 1.
out=$("$DRIVER" --kill-children-at 5 --expect-exit 1 \
	-- "$D/read_write" --size 1M --file "$F1" 2>&1)
if [ $? -eq 0 ] && echo "$out" | grep -q "the receiver (pid [0-9]*) died before reporting: it was killed by signal 9"; then
	ok "receiver killed mid-transfer: exit 1, 'the receiver ... was killed by signal 9'"
else
	not_ok "receiver killed mid-transfer" "$(echo "$out" | tr '\n' '|')"
fi

# ---- verification can fail --------------------------------------------------
# One wrong byte between the sampled blocks: only the receiver can notice.
cp "$F1" "$WORK/corrupt.dat"
printf '\001' | dd of="$WORK/corrupt.dat" bs=1 seek=12345 conv=notrunc status=none
out=$("$D/read_write" --size 1M --file "$WORK/corrupt.dat" 2>&1)
rc=$?
if [ $rc -eq 1 ] && echo "$out" | grep -q "wrong byte at offset 12345" &&
	echo "$out" | grep -q "verified no"; then
	ok "a corrupted byte at offset 12345 is caught: exit 1, verified no"
else
	not_ok "corrupted byte" "rc=$rc" "$out"
fi

# --discard counts and compares nothing: the same byte goes unnoticed, and the
# JSON says so.
json=$("$D/read_write" --size 1M --discard --json --file "$WORK/corrupt.dat" 2>&1)
if [ $? -eq 0 ] && jhas verify count "$json" && jhas bytes 1048576 "$json"; then
	ok "--discard on the corrupted file: exit 0, verify count (bytes not compared)"
else
	not_ok "--discard on the corrupted file" "$json"
fi

# ---- bad input ---------------------------------------------------------------
expect() { # description, expected status, message regexp, command...
	local desc=$1 want=$2 msg=$3 out rc
	shift 3
	out=$("$@" 2>&1 >/dev/null)
	rc=$?
	if [ $rc -eq "$want" ] && echo "$out" | grep -Eq -- "$msg"; then
		ok "$desc"
	else
		not_ok "$desc" "status $rc (want $want)" "stderr: $out"
	fi
}

expect "unknown option: usage, exit 2" 2 "unknown option '--bogus'" \
	"$D/read_write" --bogus
expect "unknown option: usage text on stderr" 2 "^usage: read_write" \
	"$D/read_write" --bogus
expect "bad --size: exit 2" 2 "bad --size '12Q'" "$D/sendfile" --size 12Q
expect "bad --pin: exit 2" 2 "bad --pin" "$D/sendfile" --pin x
expect "unknown --cc: exit 1, clear message" 1 \
	"--cc no-such-cc: No such file or directory" \
	"$D/sendfile" --size 1M --cc no-such-cc --file "$F1"
expect "stray argument: exit 2" 2 "unexpected argument 'extra'" \
	"$D/splice" extra
expect "io_uring --variant bogus: exit 2" 2 "bad value 'bogus' for --variant" \
	"$D/io_uring" --variant bogus
expect "mmap_sigbus --variant bogus: exit 2" 2 "bad value 'bogus' for --variant" \
	"$D/mmap_sigbus" --variant bogus
expect "sendfile_nogather --sg maybe: exit 2" 2 "bad value 'maybe' for --sg" \
	"$D/sendfile_nogather" --sg maybe
expect "odirect --chunk 1000: exit 1" 1 "multiple of 4096" \
	"$D/odirect" --chunk 1000 --size 1M --file "$F1"
expect "uncreatable --file: exit 1, clear message" 1 \
	"cannot create $WORK/no/such/dir/f.dat: No such file or directory" \
	"$D/read_write" --size 1M --file "$WORK/no/such/dir/f.dat"
expect "control fd that is not a socket: exit 1" 1 \
	"COPYSCOPE_CONTROL_FD=0 is not an open SOCK_SEQPACKET socket" \
	env COPYSCOPE_CONTROL_FD=0 "$D/read_write" --size 1M --file "$F1"
if "$D/read_write" --help | grep -q "^usage: read_write"; then
	ok "--help: usage on stdout, exit 0"
else
	not_ok "--help"
fi

# A file that is not ours is never overwritten.
printf 'precious data\n' >"$WORK/precious.txt"
expect "a foreign --file is refused" 1 "does not hold the demo pattern" \
	"$D/read_write" --size 1M --file "$WORK/precious.txt"
if [ "$(cat "$WORK/precious.txt")" = "precious data" ]; then
	ok "the foreign file is untouched"
else
	not_ok "the foreign file was changed"
fi

# A full disk: a 256 KiB tmpfs in a private mount namespace.
mkdir -p "$WORK/full"
out=$(unshare -m sh -c "mount -t tmpfs -o size=256k tmpfs '$WORK/full' &&
	'$D/read_write' --size 1M --file '$WORK/full/f.dat';
	echo status=\$?; ls -A '$WORK/full'" 2>&1)
if echo "$out" | grep -q "cannot create $WORK/full/f.dat: No space left on device" &&
	echo "$out" | grep -q "^status=1$" &&
	[ "$(echo "$out" | sed -n '/^status=/,$p' | wc -l)" -eq 1 ]; then
	ok "full disk: exit 1, 'No space left on device', no file left"
else
	not_ok "full disk" "$(echo "$out" | tr '\n' '|')"
fi

# ---- clean-up after signals --------------------------------------------------
links_before=$(ip -o link show | wc -l)
netns_before=$(ip netns list | wc -l)
F=$WORK/killed.dat
out=$("$DRIVER" --kill-at 6 -- "$D/sendfile_nogather" --size 4M --chunk 64K \
	--file "$F" 2>&1)
rc=$?
if [ $rc -eq 0 ] && echo "$out" | grep -q "^killed: 1 descendants, 2 private network namespaces$" &&
	echo "$out" | grep -q "^cleanup: nothing left"; then
	ok "sendfile_nogather SIGKILLed mid-transfer: receiver and both namespaces gone"
else
	not_ok "sendfile_nogather SIGKILL" "$(echo "$out" | tr '\n' '|')"
fi
sleep 0.5
if [ "$(ip -o link show | wc -l)" -eq "$links_before" ] &&
	[ "$(ip netns list | wc -l)" -eq "$netns_before" ] &&
	[ "$(procs_with "$F")" -eq 0 ]; then
	ok "after SIGKILL: no new link, no named namespace, no process"
else
	not_ok "after SIGKILL: something left" "$(ip -o link show)" \
		"$(ip netns list)"
fi

out=$("$DRIVER" --kill-at 5 -- "$D/read_write" --size 1M --file "$F1" 2>&1)
if [ $? -eq 0 ] && echo "$out" | grep -q "^killed: 1 descendants"; then
	ok "read_write SIGKILLed: its receiver dies with it"
else
	not_ok "read_write SIGKILL" "$(echo "$out" | tr '\n' '|')"
fi

mkdir -p "$WORK/sig"
out=$("$DRIVER" --term-at 3 -- "$D/mmap_sigbus" --size 1M \
	--file "$WORK/sig/x.dat" 2>&1)
if [ $? -eq 0 ] && [ -z "$(ls -A "$WORK/sig")" ]; then
	ok "mmap_sigbus SIGTERMed: scratch files removed"
else
	not_ok "mmap_sigbus SIGTERM" "$(ls -A "$WORK/sig")" \
		"$(echo "$out" | tr '\n' '|')"
fi

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
