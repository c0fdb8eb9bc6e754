#!/bin/sh
# test_flows.sh - programs Debian ships, traced as users trace them (root).
# In trace --report's JSON, each run's flow (its process, its source, its
# destination) must have a row of its own, with its strategy, its CPU
# copies per byte and its bytes, which must be what was sent: nginx with
# sendfile (started under the trace) and without (a master and two workers
# forked before the trace, traced by the master's pid); curl and wget
# downloading into a file; python3's http.server (read + write) and
# os.sendfile() started by a shell wrapper; cp, dd, an O_DIRECT dd and a
# shell pipeline.  Needs jq and the programs (scripts/deps.sh test), and
# TMPDIR on a disk (O_DIRECT).  CS_COPYSCOPE: the binary (default build/).
cs=${CS_COPYSCOPE:-build/copyscope}
# Debian's python3, not a shim that may come first in PATH
py=/usr/bin/python3
# the path the kernel names (a report's full paths are compared with it)
tmp=$(realpath "$(mktemp -d "${TMPDIR:-/tmp}/copyscope-flows.XXXXXX")")
# what this script started and has not seen end: stopped on the way out
started_pids=""
# gone PID: ended (its pid may be another process's now)
gone() { started_pids=$(echo " $started_pids " | sed "s/ $1 / /"); }
cleanup() {
	for p in $started_pids; do
		kill "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
. "$(dirname "$0")/lib.sh"

for p in nginx curl wget $py jq ss cmp; do
	if ! command -v "$p" >/dev/null; then
		echo "test_flows: $p is missing (scripts/deps.sh test installs it)"
		echo "flows: 0 passed, 1 failed"
		exit 1
	fi
done

size=8388608
mkdir "$tmp/www"
big=$tmp/www/big.dat
head -c $size /dev/urandom >"$big"
# on the disk before any trace: an O_DIRECT read of dirty pages would
# first write them back
sync "$big"

# ---- finding a flow in the report ------------------------------------------

# listening PORT: something listens on 127.0.0.1:PORT
listening() { [ -n "$(ss -Hltn "sport = :$1")" ]; }
# a port nothing listens on (nginx needs one named; the others take the
# kernel's choice)
freeport() {
	$py -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# same FILE COPY NAME: COPY holds what FILE does
same() {
	cmp -s "$1" "$2" && ok "$3: got the $size bytes sent" ||
		bad "$3: $2 is not a copy of $1 ($(wc -c <"$2") bytes)"
}

# flows FILE COMM SRC DST: the rows of FILE's report that are COMM's flow
# from SRC to DST, one a line.  An end is "KIND [NAME [TEXT]]" or "*" (any):
# NAME is the last path component the kernel's record has (a socket's:
# its protocol); TEXT a file's full path or a part of a socket's
# addresses, compared only where the report has resolved them.
flows() {
	jq -c --arg comm "$2" --arg src "$3" --arg dst "$4" '
	def is($e): ($e | split(" ")) as $w |
		$w[0] == "*" or (. != null and .kind == $w[0] and
		($w[1] == null or $w[1] ==
		 (if .kind == "socket" then .protocol else .name end)) and
		($w[2] == null or .text == null or
		 (if .kind == "file" then .text == $w[2]
		  else .text | contains($w[2]) end)));
	select(.type == "report") | .report.rows[] |
	select(.flow != null and .flow.other == false and
	       .flow.comm == $comm and (.flow.source | is($src)) and
	       (.flow.destination | is($dst)))' "$1"
}
# ends SRC DST: "KIND NAME -> KIND NAME", without the full paths
ends() { echo "$(echo "$1" | cut -d' ' -f1-2) -> $(echo "$2" | cut -d' ' -f1-2)"; }
# every row of FILE's report, one a line: what was there instead
allflows() {
	jq -r 'def e: if . == null then "null"
		else "\(.kind) \(.name // .protocol // "")" end;
	select(.type == "report") | .report.rows[] |
	if .flow == null then "     row \(.demo): flow null"
	elif .flow.other then "     \(.flow.comm) \(.flow.pid): other (\(.flow.flows) flows)" +
	     ", \(.sender.bytes) bytes"
	else "     \(.flow.comm) \(.flow.pid): \(.flow.source | e) -> " +
	     "\(.flow.destination | e): \(.strategy), \(.sender.bytes) bytes"
	end' "$1"
}
# the row's numbers, to name what was wrong
evidence() {
	echo "$row" | jq -c '{flow, strategy, sender: .sender | {bytes, chunks,
		per_chunk, syscalls, cpu_bytes, dma_bytes, ref_bytes, map_bytes,
		routes}}' | sed 's/^/     /'
}

# flow NAME FILE COMM SRC DST STRATEGY BYTES CPU [ROUTE...]: FILE's report
# has exactly one row for COMM's flow SRC -> DST (see flows()); it moved
# BYTES with strategy STRATEGY, its CPU copies came to CPU times BYTES
# (CPU copies per byte), and each ROUTE "FROM>TO:KIND[=N]" carried N bytes
# (default BYTES).  "*": not checked.  The row is left in $row ("" when
# not found), and shown once when a check fails.
flow() {
	fname=$1 ffile=$2 fbytes=$7 fst=$6 fcpu=$8
	rows=$(flows "$2" "$3" "$4" "$5")
	row=""
	n=$(printf '%s' "$rows" | grep -c .)
	if [ "$n" -ne 1 ]; then
		bad "$fname: $n rows for $3's flow $(ends "$4" "$5"), wanted 1; the report:"
		allflows "$ffile"
		return
	fi
	row=$rows
	f0=$fail
	ok "$fname: the flow $3: $(ends "$4" "$5")"
	got=$(echo "$row" | jq -r .strategy)
	[ "$fst" = "*" ] || [ "$got" = "$fst" ] && ok "$fname: strategy $got" ||
		bad "$fname: strategy $got, wanted $fst"
	got=$(echo "$row" | jq -r .sender.bytes)
	[ "$fbytes" = "*" ] || { [ "$got" = "$fbytes" ] && ok "$fname: $got bytes"; } ||
		bad "$fname: $got bytes, wanted $fbytes"
	got=$(echo "$row" | jq -r .sender.cpu_bytes)
	[ "$fcpu" = "*" ] ||
		{ [ "$got" = $((fcpu * fbytes)) ] && ok "$fname: $fcpu CPU copies per byte"; } ||
		bad "$fname: CPU copies of $got bytes, wanted $fcpu per byte"
	shift 8
	for r in "$@"; do
		want=$fbytes
		case $r in *=*) want=${r#*=} r=${r%=*} ;; esac
		from=${r%%>*} to=${r#*>} kind=${r##*:}
		to=${to%%:*}
		got=$(echo "$row" | jq --arg f "$from" --arg t "$to" --arg k "$kind" \
			'[.sender.routes[] | select(.from == $f and .to == $t and
			 .kind == $k) | .bytes] | add // 0')
		[ "$got" = "$want" ] && ok "$fname: $from -> $to by $kind: $got bytes" ||
			bad "$fname: $from -> $to by $kind: $got bytes, wanted $want"
	done
	[ $fail -eq $f0 ] || evidence
}
# pidis NAME WHAT PID...: the flow's process is one of PIDs
pidis() {
	[ -n "$row" ] || return
	p=$(echo "$row" | jq .flow.pid)
	n=$1 w=$2
	shift 2
	for q in "$@"; do
		[ "$p" = "$q" ] && { ok "$n: the flow is $w's (pid $p)" && return; }
	done
	bad "$n: the flow is pid $p's, wanted $w's ($*)"
}

# ---- nginx: a configuration of its own, everything it writes in $tmp -------
# ngconf DIR SENDFILE WORKERS PORT: DIR/nginx.conf, the master stays in the
# foreground; root's workers read $tmp (mode 0700)
ngconf() {
	mkdir -p "$1"
	cat >"$1/nginx.conf" <<EOF
daemon off;
user root;
worker_processes $3;
pid $1/nginx.pid;
error_log $1/error.log;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $1/body;
	proxy_temp_path $1/proxy;
	fastcgi_temp_path $1/fastcgi;
	uwsgi_temp_path $1/uwsgi;
	scgi_temp_path $1/scgi;
	sendfile $2;
	server {
		listen 127.0.0.1:$4;
		root $tmp/www;
	}
}
EOF
}
ngopts() { echo "-p $1 -c $1/nginx.conf -e $1/error.log"; }
# up DIR PORT: nginx has written its pid and listens
up() { [ -s "$1/nginx.pid" ] && listening "$2"; }
noup() {
	bad "$1: nginx did not come up on port $2:"
	sed 's/^/     /' "$3/error.log" | head -5
}

# ---- a: nginx with sendfile, started under the trace ----------------------
# one worker sends the file: file -> TCP by reference, gathered on loopback
port=$(freeport)
d=$tmp/ngx-sendfile
ngconf "$d" on 1 "$port"
# shellcheck disable=SC2046
$cs trace -q --report --json -o "$tmp/a.json" -- nginx $(ngopts "$d") \
	2>"$tmp/a.err" &
ta=$!
started_pids="$started_pids $ta"
if until_ up "$d" "$port"; then
	m=$(cat "$d/nginx.pid")
	started_pids="$started_pids $m"
	until_ nchildren "$m" 1
	w=$(pgrep -P "$m")
	got=$(curl -s -m 60 -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port/big.dat")
	[ "$got" = $size ] && ok "nginx sendfile: curl got $size bytes" ||
		bad "nginx sendfile: curl got $got bytes"
	kill -QUIT "$m"
	wait $ta && ok "nginx sendfile: the trace ended with nginx" ||
		{ bad "nginx sendfile: trace failed:" && sed 's/^/     /' "$tmp/a.err"; }
	gone $ta
	# nginx removes its pid file as it ends
	until_ test ! -e "$d/nginx.pid" && gone "$m"
	flow "nginx sendfile" "$tmp/a.json" nginx "file big.dat $big" \
		"socket tcp 127.0.0.1:$port" sendfile_gather $size 0 \
		"page_cache>sockbuf:REF"
	pidis "nginx sendfile" "the worker" "$w"
else
	noup "nginx sendfile" "$port" "$d"
	kill $ta 2>/dev/null
	wait $ta
	gone $ta
fi

# ---- b, c, d: nginx without sendfile, a master and 2 workers forked before
# the trace, traced by the master's pid; curl -o FILE downloads, traced too
port=$(freeport)
d=$tmp/ngx-rw
ngconf "$d" off 2 "$port"
# shellcheck disable=SC2046
nginx $(ngopts "$d") &
m=$!
started_pids="$started_pids $m"
if until_ up "$d" "$port" && until_ nchildren $m 2; then
	workers=$(pgrep -P $m)
	trace_bg "$tmp/c.json" --report -p $m
	tc=$tpid
	started_pids="$started_pids $tc"
	# curl says how many bytes of HTTP header it received
	$cs trace -q --report --json -o "$tmp/d.json" -- \
		curl -s -m 60 -o "$tmp/curl.dat" -w '%{size_header}' \
		"http://127.0.0.1:$port/big.dat" >"$tmp/curl.hdr"
	hdr=$(cat "$tmp/curl.hdr")
	same "$big" "$tmp/curl.dat" "curl -o"
	kill -QUIT $m
	wait $tc && ok "nginx -p master: the trace ended with nginx" ||
		bad "nginx -p master: trace failed"
	gone $tc
	# a worker read the file into its buffer and wrote it to the socket,
	# the HTTP header in the same writev() as the file's first bytes: the
	# socket got both, and the CPU copied both into it
	flow "nginx -p master, no sendfile" "$tmp/c.json" nginx \
		"file big.dat $big" "socket tcp 127.0.0.1:$port" read_write \
		$((size + hdr)) "*" "page_cache>user:CPU=$size" \
		"user>sockbuf:CPU=$((size + hdr))"
	# shellcheck disable=SC2086
	pidis "nginx -p master" "a worker" $workers
	# its copies out of the socket: the header, then the file (the header
	# came in one recv() with the body's first bytes)
	flow "curl -o" "$tmp/d.json" curl "socket tcp 127.0.0.1:$port" \
		"file curl.dat $tmp/curl.dat" recv_write $size "*" \
		"user>page_cache:CPU" "sockbuf>user:CPU=$((size + hdr))"
else
	noup "nginx -p master" "$port" "$d"
	kill $m 2>/dev/null
fi
wait $m
gone $m

# ---- b, d: python3's http.server (read + write), traced by its pid, and
# wget -O FILE from it
$py -u -m http.server 0 --bind 127.0.0.1 --directory "$tmp/www" \
	>"$tmp/hs.log" 2>&1 &
hs=$!
started_pids="$started_pids $hs"
# "Serving HTTP on 127.0.0.1 port N (...)": listening, on the kernel's port
if until_ grep -q ' port [0-9]' "$tmp/hs.log"; then
	port=$(sed -n 's/.* port \([0-9]*\) .*/\1/p' "$tmp/hs.log")
	trace_bg "$tmp/hs.json" --report -p $hs
	th=$tpid
	started_pids="$started_pids $th"
	$cs trace -q --report --json -o "$tmp/w.json" -- \
		wget -q -T 60 -O "$tmp/wget.dat" "http://127.0.0.1:$port/big.dat"
	same "$big" "$tmp/wget.dat" "wget -O"
	kill $hs
	wait $th && ok "http.server: the trace ended with python3" ||
		bad "http.server: trace failed"
	gone $th
	flow "python3 http.server" "$tmp/hs.json" python3 "file big.dat $big" \
		"socket tcp 127.0.0.1:$port" read_write $size 2 \
		"page_cache>user:CPU" "user>sockbuf:CPU"
	pidis "python3 http.server" "the server" $hs
	# its copies from the socket not checked yet, as curl's
	flow "wget -O" "$tmp/w.json" wget "socket tcp 127.0.0.1:$port" \
		"file wget.dat $tmp/wget.dat" recv_write $size "*" \
		"user>page_cache:CPU"
else
	bad "python3 -m http.server did not start:"
	sed 's/^/     /' "$tmp/hs.log" | head -5
	kill $hs
fi
wait $hs
gone $hs

# ---- e: copy tools ---------------------------------------------------------
# cp (coreutils 9.1): one copy_file_range(), which ext4 does with a CPU
# copy from page cache to page cache
$cs trace -q --report --json -o "$tmp/cp.json" -- cp "$big" "$tmp/cp.dat"
same "$big" "$tmp/cp.dat" "cp"
flow "cp" "$tmp/cp.json" cp "file big.dat $big" "file cp.dat $tmp/cp.dat" \
	copy_file_range $size 1 "page_cache>page_cache:CPU"
# dd bs=1M: 8 reads and 8 writes, start-up calls not counted in
$cs trace -q --report --json -o "$tmp/dd.json" -- \
	dd if="$big" of="$tmp/dd.dat" bs=1M status=none
same "$big" "$tmp/dd.dat" "dd bs=1M"
flow "dd bs=1M" "$tmp/dd.json" dd "file big.dat $big" "file dd.dat $tmp/dd.dat" \
	read_write $size 2 "page_cache>user:CPU" "user>page_cache:CPU"
if [ -n "$row" ]; then
	c=$(echo "$row" | jq -c '[.sender.chunks, .sender.syscalls]')
	# 8 reads and 8 writes (the read that finds the end moves nothing)
	[ "$c" = "[8,16]" ] && ok "dd bs=1M: 8 chunks in 16 calls, its own" ||
		bad "dd bs=1M: [chunks, calls] $c, wanted [8,16]"
fi

# ---- f: an O_DIRECT reader: disk -> memory by DMA, no CPU copy --------------
$cs trace -q --report --json -o "$tmp/direct.json" -- \
	dd if="$big" iflag=direct of=/dev/null bs=1M status=none
flow "dd iflag=direct" "$tmp/direct.json" dd "file big.dat $big" "*" \
	odirect_read $size 0 "disk>user:DMA"

# ---- g: a shell pipeline: cat's flow into the pipe, dd's out of it --------
$cs trace -q --report --json -o "$tmp/pipe.json" -- \
	sh -c 'cat "$1" | dd of="$2" bs=64K status=none' sh "$big" "$tmp/pipe.dat"
same "$big" "$tmp/pipe.dat" "cat | dd"
flow "cat | dd: cat" "$tmp/pipe.json" cat "file big.dat $big" pipe \
	read_write $size 2 "page_cache>user:CPU" "user>pipe:CPU"
flow "cat | dd: dd" "$tmp/pipe.json" dd pipe "file pipe.dat $tmp/pipe.dat" \
	read_write $size 2 "pipe>user:CPU" "user>page_cache:CPU"

# ---- h: an interpreter doing sendfile, started by a shell wrapper ----------
# The wrapper runs start-up processes that copy data of their own (head
# writes 100000 random bytes to a file): their copies stay in their own
# flows, out of python3's file -> TCP, which has no CPU copy at all.
cat >"$tmp/sink.py" <<'EOF'
# accept one connection on 127.0.0.1, at a port of the kernel's choice
# (written to argv[1] once listening); write how much it sent to argv[2]
import os, socket, sys


def put(path, text):  # whole or not at all
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.rename(path + ".tmp", path)


s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
put(sys.argv[1], str(s.getsockname()[1]))
c, _ = s.accept()
n = 0
while b := c.recv(1 << 20):
    n += len(b)
put(sys.argv[2], str(n))
EOF
cat >"$tmp/send.py" <<'EOF'
# send FILE to 127.0.0.1:PORT with os.sendfile(); this process's pid in PIDFILE
import os, socket, sys

path, port, pidfile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(pidfile, "w") as f:
    f.write(str(os.getpid()))
s = socket.create_connection(("127.0.0.1", port))
with open(path, "rb") as f:
    n = os.fstat(f.fileno()).st_size
    off = 0
    while off < n:
        off += os.sendfile(s.fileno(), f.fileno(), off, n - off)
s.close()
EOF
$py "$tmp/sink.py" "$tmp/sink.port" "$tmp/sink.got" &
sink=$!
started_pids="$started_pids $sink"
if until_ test -s "$tmp/sink.port"; then
	port=$(cat "$tmp/sink.port")
	$cs trace -q --report --json -o "$tmp/py.json" -- sh -c '
		head -c 100000 /dev/urandom >"$1/start.dat"
		ls "$1" >/dev/null
		"$2" "$1/send.py" "$3" "$4" "$1/send.pid"
		echo sent >"$1/wrapper.done"' sh "$tmp" "$py" "$big" "$port"
	# the listener ends once the sender has closed; not when it never came
	until_ test -s "$tmp/sink.got" || kill $sink
	wait $sink
	gone $sink
	got=$(cat "$tmp/sink.got" 2>/dev/null)
	[ "$got" = $size ] && ok "python3 sendfile: the listener got $size bytes" ||
		bad "python3 sendfile: the listener got '$got' bytes"
	flow "python3 sendfile" "$tmp/py.json" python3 "file big.dat $big" \
		"socket tcp 127.0.0.1:$port" sendfile_gather $size 0 \
		"page_cache>sockbuf:REF"
	pidis "python3 sendfile" "python3" "$(cat "$tmp/send.pid" 2>/dev/null)"
	flow "python3 sendfile: the wrapper's head" "$tmp/py.json" head \
		"device urandom" "file start.dat $tmp/start.dat" "*" 100000 "*"
else
	bad "the listener did not start"
	kill $sink
	wait $sink
	gone $sink
fi

echo "flows: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
