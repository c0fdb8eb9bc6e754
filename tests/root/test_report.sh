#!/bin/sh
# test_report.sh - the comparison table on this kernel (root; needs jq and
# busybox):
#  - 'copyscope report --json' of every file-to-socket demo, cold and warm:
#    each row against what the kernel must have done (CPU copies per chunk,
#    disk DMA, page-cache fills, mode switches, the receiver's copy, drops,
#    the records against the kernel's exact counters);
#  - 'copyscope report' as a person runs it: the whole table in under a
#    minute;
#  - 'copyscope trace --report' of programs that are not ours, on loopback:
#    a web server sending a file (busybox httpd, traced with -p), a download
#    client (busybox wget), file copy tools (cp, dd).
# CS_COPYSCOPE: the binary (default build/copyscope).
cs=${CS_COPYSCOPE:-build/copyscope}
tmp=$(mktemp -d /tmp/copyscope-report.XXXXXX)
httpd=
cleanup() {
	[ -n "$httpd" ] && kill "$httpd" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
# The demos' source files (TMPDIR/copyscope-demo-SIZE.dat) are ours alone
# (see run_demo): nobody else warms them.
. "$(dirname "$0")/lib.sh"
# eq NAME GOT WANT
eq() {
	if [ "$2" = "$3" ]; then ok "$1 = $3"; else bad "$1: $2, wanted $3"; fi
}
# cond NAME JQ-EXPRESSION FILE: the expression is true of the file
cond() {
	if jq -e "$2" "$3" >/dev/null 2>&1; then ok "$1"; else bad "$1 ($2)"; fi
}

# A report's first row ($1: the JSON) - one of its values.
val() { jq -r ".report.rows[0] | $2" "$1"; }
# Bytes of one route of a side: FILE SIDE FROM TO KIND
route() {
	jq -r "[.report.rows[0].$2.routes[] |
		select(.from == \"$3\" and .to == \"$4\" and .kind == \"$5\") |
		.bytes] | add // 0" "$1"
}
# The same over every row (a program's flows, its "other" row included):
# what the records of the whole process add up to.
routes() {
	jq -r "[.report.rows[].$2.routes[] |
		select(.from == \"$3\" and .to == \"$4\" and .kind == \"$5\") |
		.bytes] | add // 0" "$1"
}
# A kernel counter of one process from a --record-dir file: FILE TGID NAME
kcount() { awk -v t="$2" -v n="$3" '$1 == t && $2 == n { print $3 }' "$1"; }

S16=16777216
S4=4194304
named="read_write mmap_write sendfile sendfile_nogather splice odirect"
others="vmsplice msg_zerocopy io_uring io_uring_splice io_uring_send_zc"
mkdir "$tmp/warm" "$tmp/cold" "$tmp/files"

# run_demo DEMO CACHE SIZE: one run of 'copyscope report --json', into
# $tmp/CACHE/DEMO.json and DEMO.counters (the kernel's counters).  A cold run
# gets a source file of its own, made by the demo and evicted by it: no page
# of it can still be held by an earlier run's socket or pipe (and the demo
# frees the socket buffers the kernel defers, demos/skbflush.h).  One run:
# check_row then holds it to the whole file by disk DMA cold, none warm.
run_demo() {
	d=$1 cache=$2 size=$3
	dir="$tmp/files"
	if [ $cache = cold ]; then
		dir="$tmp/files-$d"
		mkdir "$dir"
	fi
	if ! TMPDIR="$dir" $cs report --json --$cache --size $size \
		--record-dir "$tmp/$cache" $d >"$tmp/$cache/$d.json" \
		2>"$tmp/$cache/$d.err"; then
		bad "$d $cache: report failed: $(cat "$tmp/$cache/$d.err")"
		return
	fi
	[ $cache = cold ] && rm -rf "$dir"
}

# Warm first: the first run of a size also makes its source file.
for d in $named $others; do
	case " $named " in *" $d "*) size=$S16 ;; *) size=$S4 ;; esac
	run_demo $d warm $size
	run_demo $d cold $size
done

# check_row DEMO CACHE SIZE: one row against what the kernel did.
check_row() {
	d=$1 cache=$2 S=$3
	f="$tmp/$cache/$d.json"
	k="$tmp/$cache/$d.counters"
	n="$d $cache"
	if [ "$(val "$f" .demo 2>/dev/null)" != "$d" ]; then
		bad "$n: no row"
		return
	fi
	case $d in
	read_write) want=read_write ;;
	mmap_write) want=mmap_write ;;
	sendfile) want=sendfile_gather ;;
	sendfile_nogather) want=sendfile ;;
	splice) want=splice ;;
	odirect) want=odirect ;;
	vmsplice) want=vmsplice ;;
	msg_zerocopy) want=msg_zerocopy ;;
	io_uring) want=uring_rw ;;
	io_uring_splice) want=uring_splice ;;
	io_uring_send_zc) want=uring_send_zc ;;
	esac
	eq "$n: strategy" "$(val "$f" .strategy)" $want
	eq "$n: cache" "$(val "$f" .cache)" $cache
	eq "$n: drops" "$(val "$f" .drops)" 0
	eq "$n: processes checked against the kernel's counters" \
		"$(val "$f" .checked_processes)" 2
	eq "$n: their records vs the kernel's counters" \
		"$(val "$f" .counters_check)" match
	# a failure names the counters, with the losses the kernel counted
	[ "$(val "$f" .counters_check)" = match ] ||
		echo "     $(val "$f" '"missed program runs \(.missed_runs); " +
			([.counters_diffs[] | "pid \(.pid) (\(.comm)) \(.counter): kernel \(.kernel), records \(.records)"] | join("; "))')"
	eq "$n: file bytes" "$(val "$f" .file_bytes)" $S
	eq "$n: sender delivered" "$(val "$f" .sender.bytes)" $S

	# mode switches: two per system call, in the row and in the kernel
	sys=$(val "$f" .sender.syscalls)
	eq "$n: mode switches (2 x $sys calls)" \
		"$(val "$f" .sender.mode_switches)" $((2 * sys))
	spid=$(val "$f" .sender.pid)
	rpid=$(val "$f" .receiver.pid)
	for p in $spid $rpid; do
		ks=$(kcount "$k" $p syscalls)
		eq "$n: kernel mode switches of $p (2 x $ks calls)" \
			"$(kcount "$k" $p mode_switches)" $((2 * ks))
		eq "$n: kernel drops of $p" "$(kcount "$k" $p drops)" 0
	done

	# the receiver copies every byte out of its socket buffer, once
	eq "$n: receiver's CPU copy" "$(route "$f" receiver sockbuf receiver CPU)" $S
	eq "$n: receiver received" "$(val "$f" .receiver.bytes)" $S
	# and moves nothing else: its report to the sender takes no route;
	# the pages it shared with the sender since fork() and wrote into are
	# copied on write, a page each
	eq "$n: the receiver's only route (but copy-on-write)" \
		"$(val "$f" '[.receiver.routes[] | select(.from != "user" or .to != "user") | "\(.from)->\(.to) \(.kind)"] | join(", ")')" \
		"sockbuf->receiver CPU"
	eq "$n: the receiver's copy-on-write: whole pages" \
		"$(($(route "$f" receiver user user CPU) % 4096))" 0

	# disk DMA: the file cold, nothing warm; O_DIRECT always reads the disk,
	# straight into the user buffer, and never fills the page cache
	dma=$S pages=$((S / 4096)) unseen=0
	[ $cache = warm ] && dma=0 pages=0
	if [ $d = odirect ]; then
		dma=$S pages=0
		eq "$n: disk DMA into the user buffer" \
			"$(route "$f" sender disk user DMA)" $S
		eq "$n: routes through the page cache" \
			"$(jq '[.report.rows[0].sender.routes[] |
				select(.from == "page_cache" or .to == "page_cache")] |
				length' "$f")" 0
	else
		# a disk read the block layer did where copyscope could not tie
		# it to the sender is counted and said (fills_without_disk_read_
		# bytes, a "differs" line): with it, every byte of the file
		unseen=$(val "$f" '.fills_without_disk_read_bytes // 0')
		if [ "$unseen" != 0 ]; then
			echo "note $n: $unseen bytes read from the disk in requests not tied to the sender, said so:"
			val "$f" '.differs[] | select(test("not seen"))' | sed 's/^/     /'
			cond "$n: the unseen reads are named in the row" \
				'[.report.rows[0].differs[] | select(test("disk reads were not seen"))] | length == 1' "$f"
		fi
		eq "$n: disk DMA into the page cache (+ reads said unseen)" \
			"$(($(route "$f" sender disk page_cache DMA) + unseen))" $dma
	fi
	eq "$n: DMA bytes (+ reads said unseen)" \
		"$(($(val "$f" .sender.dma_bytes) + ${unseen:-0}))" $dma
	eq "$n: page-cache fills (pages)" \
		"$(val "$f" .sender.page_cache_added_pages)" $pages

	cpu=$(val "$f" .sender.cpu_bytes)
	per=$(val "$f" .sender.per_chunk.cpu_copies)
	chunks=$(val "$f" .sender.chunks)
	case $d in
	read_write | io_uring)
		eq "$n: CPU copies per chunk" "$per" 2
		eq "$n: CPU bytes" $cpu $((2 * S))
		eq "$n: page cache -> user CPU" \
			"$(route "$f" sender page_cache user CPU)" $S
		eq "$n: user -> socket CPU" "$(route "$f" sender user sockbuf CPU)" $S
		;;
	mmap_write)
		eq "$n: CPU copies per chunk" "$per" 1
		eq "$n: CPU bytes" $cpu $S
		eq "$n: page cache mapped" "$(route "$f" sender page_cache user MAP)" $S
		eq "$n: page cache -> socket CPU" \
			"$(route "$f" sender page_cache sockbuf CPU)" $S
		;;
	sendfile)
		eq "$n: CPU copies per chunk" "$per" 0
		eq "$n: CPU bytes" $cpu 0
		eq "$n: page cache -> socket by reference" \
			"$(route "$f" sender page_cache sockbuf REF)" $S
		;;
	sendfile_nogather)
		# copied into whole packets at transmit: measured per packet
		# that reached the device, as the kernel's counters count them
		# (retransmissions are copied again)
		xc=$(($(kcount "$k" $spid xmit_copied_bytes) +
			$(kcount "$k" $spid xmit_gather_bytes)))
		eq "$n: page cache -> socket CPU (no gather) = the kernel's transmits" \
			"$(route "$f" sender page_cache sockbuf CPU)" $xc
		eq "$n: CPU bytes" $cpu $xc
		# one copy per whole packet: as many per 64 KiB chunk as the
		# kernel transmitted per 64 KiB of the file (retransmissions
		# and a last partial packet make it move by a few percent)
		want=$(awk -v x="$xc" -v s="$S" 'BEGIN { printf "%.4f", x / s }')
		cond "$n: CPU copies per chunk = $want +- 2% ($per)" \
			".report.rows[0].sender.per_chunk.cpu_copies |
			 . > $want * 0.98 and . < $want * 1.02" "$f"
		;;
	splice | vmsplice | io_uring_splice)
		eq "$n: CPU copies per chunk" "$per" 0
		eq "$n: CPU bytes" $cpu 0
		from=page_cache
		[ $d = vmsplice ] && from=user
		eq "$n: $from -> pipe by reference" "$(route "$f" sender $from pipe REF)" $S
		# io_uring_splice: see the report of this test's author
		[ $d = io_uring_splice ] ||
			eq "$n: pipe -> socket by reference" \
				"$(route "$f" sender pipe sockbuf REF)" $S
		;;
	odirect)
		eq "$n: CPU copies per chunk" "$per" 1
		eq "$n: CPU bytes" $cpu $S
		eq "$n: user -> socket CPU" "$(route "$f" sender user sockbuf CPU)" $S
		;;
	msg_zerocopy | io_uring_send_zc)
		# pinned at send, copied at delivery on lo: once per skb that
		# reached the receiver, retransmissions included, so at least
		# the file and exactly what the kernel counted
		eq "$n: CPU bytes = kernel's zero-copy transmits" $cpu \
			"$(kcount "$k" $spid xmit_zerocopy_bytes)"
		eq "$n: deferred copies" "$(val "$f" .sender.deferred_copy_bytes)" $cpu
		[ "$cpu" -ge $S ] && ok "$n: deferred copies >= the file" ||
			bad "$n: deferred copies $cpu < $S"
		# (lo reorders zero-copy skbs: 2 to 10% are sent twice; a
		# count doubled somewhere would pass 1.5)
		cond "$n: CPU copies per chunk = CPU bytes / file ($per), < 1.5" \
			".report.rows[0].sender.per_chunk.cpu_copies |
			 (. * $S / $cpu > 0.99999) and (. * $S / $cpu < 1.00001) and
			 . < 1.5" "$f"
		;;
	esac
	# system calls per chunk, exact where the demo's loop makes them so
	case $d in
	read_write | splice | odirect) eq "$n: system calls (2 per chunk)" $sys $((2 * chunks)) ;;
	mmap_write) eq "$n: system calls (mmap, munmap, a write per chunk)" $sys $((chunks + 2)) ;;
	sendfile | sendfile_nogather) eq "$n: system calls" $sys 1 ;;
	esac
}

for d in $named; do
	check_row $d cold $S16
	check_row $d warm $S16
done
for d in $others; do
	check_row $d cold $S4
	check_row $d warm $S4
done

# As a person runs it: every demo, cold, the text table, in under a minute.
t0=$(date +%s%N)
$cs report >"$tmp/table.txt" 2>"$tmp/table.err"
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
eq "copyscope report exit" $rc 0
[ $ms -lt 60000 ] && ok "copyscope report took $ms ms (< 60 s)" ||
	bad "copyscope report took $ms ms"
rows=$(grep -c '^  measured ' "$tmp/table.txt")
eq "copyscope report rows" "$rows" "$($cs report --list | wc -l)"
eq "copyscope report: rows checked against the kernel's counters" \
	"$(grep -c "^  checked:   the records of 2 processes add up to the kernel's counters" "$tmp/table.txt")" \
	"$rows"
grep -q '^records dropped: 0$' "$tmp/table.txt" && ok "copyscope report: no drops" ||
	bad "copyscope report: $(grep '^records dropped' "$tmp/table.txt")"

# ---- programs that are not ours ------------------------------------------
F=8388608
head -c $F /dev/urandom >"$tmp/src.bin"
mkdir "$tmp/www"
cp "$tmp/src.bin" "$tmp/www/f.bin"
# one counters line of a 'trace --json' stream: FILE PID NAME
kline() { jq -r "select(.type == \"counters\" and .pid == $2) | .$3" "$1"; }
# trace_cmd NAME CMD...: 'trace --report --json' of a command; the stream in
# $tmp/NAME.json, its report line in $tmp/NAME.report
trace_cmd() {
	name=$1
	shift
	$cs trace --report --json -q -- "$@" >"$tmp/$name.json" 2>"$tmp/$name.err"
	eq "trace $name exit" $? 0
	jq -c 'select(.type == "report")' "$tmp/$name.json" >"$tmp/$name.report"
}
# checked NAME FILE: the records add up to the kernel's counters, none lost
checked() {
	eq "$1: records vs kernel counters" "$(val "$2" .counters_check)" match
	eq "$1: drops" "$(val "$2" .drops)" 0
}

# cp: copy_file_range; on ext4 the kernel copies page to page
trace_cmd cp cp "$tmp/src.bin" "$tmp/cp.bin"
f="$tmp/cp.report"
cmp -s "$tmp/src.bin" "$tmp/cp.bin" && ok "cp copied the file" || bad "cp: copies differ"
eq "cp: strategy" "$(val "$f" .strategy)" copy_file_range
eq "cp: page cache -> page cache CPU" "$(route "$f" sender page_cache page_cache CPU)" $F
eq "cp: delivered" "$(val "$f" .sender.bytes)" $F
checked cp "$f"
# its row is the flow from one file to the other, its calls its own
eq "cp: the flow" "$(val "$f" '"\(.flow.comm): \(.flow.source.name) -> \(.flow.destination.name)"')" \
	"cp: src.bin -> cp.bin"
eq "cp: the flow's calls, from its records" "$(val "$f" .sender.counts_from)" records
# the same as text
$cs trace --report -q -- cp "$tmp/src.bin" "$tmp/cp2.bin" >"$tmp/cp.txt" 2>/dev/null
grep -q '^pid [0-9]* (cp): src.bin -> cp2.bin: copy_file_range$' "$tmp/cp.txt" &&
	grep -q "^  checked:   the records of 1 process add up to the kernel's counters$" "$tmp/cp.txt" &&
	ok "trace --report text: cp's row, checked" || { bad "trace --report text"; cat "$tmp/cp.txt"; }

# dd: read + write through a 64 KiB buffer; every byte it read came out of
# the page cache (the file, and what the C library reads at start)
trace_cmd dd dd if="$tmp/src.bin" of="$tmp/dd.bin" bs=64k status=none
f="$tmp/dd.report"
cmp -s "$tmp/src.bin" "$tmp/dd.bin" && ok "dd copied the file" || bad "dd: copies differ"
eq "dd: strategy" "$(val "$f" .strategy)" read_write
eq "dd: user -> page cache CPU" "$(route "$f" sender user page_cache CPU)" $F
eq "dd: page cache -> user CPU, its flow" "$(route "$f" sender page_cache user CPU)" $F
eq "dd: page cache -> user CPU, every row = the kernel's bytes read" \
	"$(routes "$f" sender page_cache user CPU)" \
	"$(kline "$tmp/dd.json" "$(val "$f" .sender.pid)" bytes_read)"
cond "dd: CPU copies per chunk" '.report.rows[0].sender.per_chunk.cpu_copies |
	. >= 2 and . < 2.01' "$f"
checked dd "$f"

# busybox httpd serving a file (traced with -p), busybox wget fetching it
# (traced as the command), on 127.0.0.1.
port=$((20000 + $$ % 20000))
for try in 1 2 3 4 5; do
	busybox httpd -f -p 127.0.0.1:$port -h "$tmp/www" 2>"$tmp/httpd.err" &
	httpd=$!
	sleep 0.2
	kill -0 $httpd 2>/dev/null && break
	httpd=
	port=$((port + 1))
done
if [ -z "$httpd" ]; then
	bad "busybox httpd did not start: $(cat "$tmp/httpd.err")"
else
	$cs trace --report --json -q -p $httpd >"$tmp/httpd.json" 2>"$tmp/httpd.trace.err" &
	tracer=$!
	i=0
	until grep -q '"type":"start"' "$tmp/httpd.json" 2>/dev/null || [ $i -ge 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	trace_cmd wget busybox wget -q -O "$tmp/dl.bin" "http://127.0.0.1:$port/f.bin"
	sleep 0.2
	kill -INT $tracer
	wait $tracer
	eq "trace -p httpd exit after Ctrl-C" $? 0
	kill $httpd 2>/dev/null
	wait $httpd 2>/dev/null
	httpd=
	cmp -s "$tmp/src.bin" "$tmp/dl.bin" && ok "wget downloaded the file" ||
		bad "wget: download differs"
	jq -c 'select(.type == "report")' "$tmp/httpd.json" >"$tmp/httpd.report"
	h="$tmp/httpd.report"
	w="$tmp/wget.report"

	# the server: its connection child sends the file with sendfile, the
	# pages by reference; only the response header is copied
	eq "httpd: strategy" "$(val "$h" .strategy)" sendfile_gather
	eq "httpd: page cache -> socket by reference" \
		"$(route "$h" sender page_cache sockbuf REF)" $F
	cond "httpd: CPU copies per chunk < 0.001 (the header)" \
		'.report.rows[0].sender.per_chunk.cpu_copies < 0.001' "$h"
	eq "httpd: the kernel's sendfile bytes" \
		"$(kline "$tmp/httpd.json" "$(val "$h" .sender.pid)" bytes_sendfile)" $F
	checked httpd "$h"
	# the response header: written from memory, a small flow of its own
	header=$(routes "$h" sender user sockbuf CPU)

	# the client, a downloader (recv_write): the receive copy (header and
	# file), then the write into the page cache: two CPU copies of the file
	eq "wget: strategy" "$(val "$w" .strategy)" recv_write
	eq "wget: socket -> user CPU = the server's header + file" \
		"$(route "$w" sender sockbuf user CPU)" $((header + F))
	eq "wget: user -> page cache CPU" "$(route "$w" sender user page_cache CPU)" $F
	checked wget "$w"
fi

echo "report: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
