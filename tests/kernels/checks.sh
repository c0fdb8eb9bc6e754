# checks.sh - host-side expectations for the cases of vm-tests.sh.
# Sourced by run.sh (bash).  check_kernel DIR is called once per booted
# kernel; DIR/case/NAME.{out,err,rc} hold what the case NAME printed, DIR/info
# the VM's INFO lines.  Each expectation counts one test: pass NAME or
# fail NAME WHY.  SUMMARY is the per-kernel line's middle part.

# ---- reading copyscope's JSON: the only place that knows its keys ----------
# doctor --json: one object.
j_tier() { jq -r '.tier' "$1"; }
# "<attach type> <status>" per attach type (fentry, kprobe, tp_btf, ...).
j_attach() { jq -r '.attach | to_entries[] | "\(.key) \(.value.status | gsub(" "; "-"))"' "$1"; }
# "<function> <tier chosen> <fentry status> <kprobe status>" per function.
j_functions() {
	jq -r '.functions | to_entries[] | "\(.key) \(.value.tier) \(.value.fentry.status | gsub(" "; "-")) \(.value.kprobe.status | gsub(" "; "-"))"' "$1"
}
# "<attach type>: <why>" of every attach type that does not work.
j_attach_why() { jq -r '.attach | to_entries[] | select(.value.status != "works") | "\(.key): \(.value.why)"' "$1"; }
# "<function> fentry|kprobe: <status>: <why>" of every function probe that failed.
j_function_why() {
	jq -r '.functions | to_entries[] | .key as $f | .value | to_entries[] | select(.value | type == "object") | select(.value.status != "works") | "\($f) \(.key): \(.value.why)"' "$1"
}
# trace --json: one object per line, "start" first, "counters" per process,
# "summary" last.
j_trace_tier() { jq -r 'select(.type == "start") | .tier' "$1"; }
j_trace_fn_tier() { jq -r --arg f "$2" 'select(.type == "start") | .functions[$f]' "$1"; }
# The sum over the traced processes of one counter.
j_counter() { jq -s --arg c "$2" '[.[] | select(.type == "counters") | .[$c]] | add // 0' "$1"; }
# The bytes of copy records of one function, and of which tier they came.
j_copy_bytes() { jq -s --arg f "$2" '[.[] | select(.type == "copy" and .function == $f) | .bytes] | add // 0' "$1"; }
j_copy_tiers() { jq -r -s --arg f "$2" '[.[] | select(.type == "copy" and .function == $f) | .tier] | unique | join(",")' "$1"; }
# report --json: {"report": {"tier", "rows": [{"demo", "drops",
# "counters_check", "sender": {"routes": [{from, to, kind, bytes}]},
# "receiver": {...}}]}}.
j_report_tier() { jq -r '.report.tier' "$1"; }
j_report_demos() { jq -r '.report.rows[].demo' "$1"; }
j_report_field() { jq -r --arg d "$2" --arg f "$3" '.report.rows[] | select(.demo == $d) | .[$f]' "$1"; }
# "<from>-><to> <kind> <bytes>" of one side's routes, sorted, on one line.
# Copy-on-write pages (user -> user, CPU) are left out: how many pages the
# demo and the receiver it forked both write differs from run to run.
j_report_routes() {
	jq -r --arg d "$2" --arg s "$3" '.report.rows[] | select(.demo == $d) | [.[$s].routes[]? | select(.from != "user" or .to != "user") | "\(.from)->\(.to) \(.kind) \(.bytes)"] | sort | join(", ")' "$1"
}
# The same without the deferred copy (a CPU copy user -> sockbuf whose bytes
# are the side's deferred_copy_bytes): what is left when it is taken out.
j_report_routes_no_deferred() {
	jq -r --arg d "$2" --arg s "$3" '.report.rows[] | select(.demo == $d) | .[$s] as $x |
		[$x.routes[]? | select(.from != "user" or .to != "user") |
			if .from == "user" and .to == "sockbuf" and .kind == "CPU"
			then .bytes -= $x.deferred_copy_bytes else . end | select(.bytes > 0) |
			"\(.from)->\(.to) \(.kind) \(.bytes)"] | sort | join(", ")' "$1"
}
j_report_side() { jq -r --arg d "$2" --arg s "$3" --arg f "$4" '.report.rows[] | select(.demo == $d) | .[$s][$f]' "$1"; }
j_copy_count() { jq -s '[.[] | select(.type == "copy")] | length' "$1"; }
j_exit_code() { jq -r 'select(.type == "summary") | .exit_code' "$1"; }
# Per process: the pids that exec'd a command, sorted; the pids that have
# copy records of a function; a copy function's bytes and a counter of one.
j_exec_pids() { jq -r --arg c "$2" 'select(.type == "exec" and .comm == $c) | .pid' "$1"; }
j_copy_pids() { jq -r -s --arg f "$2" '[.[] | select(.type == "copy" and .function == $f) | .pid] | unique | sort | map(tostring) | join(" ")' "$1"; }
j_copy_bytes_of() { jq -s --arg f "$2" --argjson p "$3" '[.[] | select(.type == "copy" and .function == $f and .pid == $p) | .bytes] | add // 0' "$1"; }
j_counter_of() { jq -s --arg c "$2" --argjson p "$3" '[.[] | select(.type == "counters" and .pid == $p) | .[$c]] | add // 0' "$1"; }
# How many processes have a "counters" object (the traced ones).
j_processes() { jq -s '[.[] | select(.type == "counters")] | length' "$1"; }
j_drops() { jq -r 'select(.type == "summary") | .drops' "$1"; }
# Status words as doctor prints them (spaces made dashes).
ST_WORKS=works
ST_MISSING=not-in-this-kernel
ST_DISABLED=disabled

# ---- helpers ---------------------------------------------------------------
pass() { PASS=$((PASS + 1)); }
fail() {
	FAIL=$((FAIL + 1))
	echo "  FAIL $KSLOT $1: $2"
}

# case_ran DIR NAME: the case ran and exited 0.
case_ran() {
	local dir=$1 name=$2 rc secs
	if [ ! -e "$dir/case/$name.rc" ]; then
		fail "$name" "did not run"
		return 1
	fi
	read -r rc secs <"$dir/case/$name.rc"
	if [ "$rc" != 0 ]; then
		fail "$name" "exit status $rc after ${secs}s: $(head -c 600 "$dir/case/$name.err")"
		return 1
	fi
}

# case_ok DIR NAME: the case ran, exited 0 and printed valid JSON.
case_ok() {
	case_ran "$1" "$2" || return 1
	if ! jq -e . "$1/case/$2.out" >/dev/null 2>&1; then
		fail "$2" "output is not JSON: $(head -c 300 "$1/case/$2.out")"
		return 1
	fi
	pass
}

# expect_eq NAME WHAT GOT WANT
expect_eq() {
	if [ "$3" = "$4" ]; then
		pass
	else
		fail "$1" "$2 is '$3', expected '$4'"
	fi
}

# What the VM said of a function: traceable, not-traceable or absent.
vm_function() { awk -v f="$2" '$1 == "function" && $2 == f { print $3 }' "$1/info"; }

# check_doctor DIR CASE TIER: the doctor chose TIER, and every copy-path
# function that this kernel can trace attached in TIER; the others are
# reported as missing, not as attached.  Sets DOC_ATTACHED DOC_TOTAL.
check_doctor() {
	local dir=$1 name=$2 want=$3 out=$1/case/$2.out
	local fn tier fst kst vm st
	DOC_ATTACHED=0 DOC_TOTAL=0 DOC_ABSENT=0
	case_ok "$dir" "$name" || return
	expect_eq "$name" "tier" "$(j_tier "$out")" "$want"
	while read -r fn tier fst kst; do
		vm=$(vm_function "$dir" "$fn")
		st=$fst
		[ "$want" = kprobe ] && st=$kst
		if [ "$vm" = traceable ]; then
			DOC_TOTAL=$((DOC_TOTAL + 1))
			[ "$tier" = "$want" ] && [ "$st" = "$ST_WORKS" ] && DOC_ATTACHED=$((DOC_ATTACHED + 1))
			expect_eq "$name" "$fn: tier" "$tier" "$want"
			expect_eq "$name" "$fn: $want status" "$st" "$ST_WORKS"
		else
			DOC_ABSENT=$((DOC_ABSENT + 1))
			expect_eq "$name" "$fn ($vm in this kernel): tier" "$tier" tracepoint
			if [ "$vm" = absent ]; then
				expect_eq "$name" "$fn: kprobe status" "$kst" "$ST_MISSING"
			fi
		fi
		if [ "$want" = kprobe ]; then
			expect_eq "$name" "$fn: fentry status" "$fst" "$ST_DISABLED"
		fi
	done < <(j_functions "$out")
	if [ "$DOC_TOTAL" -eq 0 ]; then
		fail "$name" "no copy-path function of the programs is traceable here"
	fi
}

# check_trace DIR CASE TIER FUNCTION COUNTER: a trace of dd moving 1 MiB
# ran in TIER; the system calls moved exactly 1 MiB (COUNTER); in the fentry
# and kprobe tiers FUNCTION's copy records add up to exactly 1 MiB, measured
# by that tier; in the tracepoint tier there are none.
MIB=1048576
check_trace() {
	local dir=$1 name=$2 want=$3 fn=$4 counter=$5 out=$1/case/$2.out
	case_ok "$dir" "$name" || return
	expect_eq "$name" "tier" "$(j_trace_tier "$out")" "$want"
	expect_eq "$name" "dd's exit code" "$(j_exit_code "$out")" 0
	expect_eq "$name" "records lost" "$(j_drops "$out")" 0
	expect_eq "$name" "$counter" "$(j_counter "$out" "$counter")" "$MIB"
	if [ "$want" = tracepoint ]; then
		expect_eq "$name" "$fn copy bytes" "$(j_copy_bytes "$out" "$fn")" 0
		expect_eq "$name" "copy_function_bytes" "$(j_counter "$out" copy_function_bytes)" 0
	else
		expect_eq "$name" "$fn tier" "$(j_trace_fn_tier "$out" "$fn")" "$want"
		expect_eq "$name" "$fn copy bytes" "$(j_copy_bytes "$out" "$fn")" "$MIB"
		expect_eq "$name" "$fn copy records' tier" "$(j_copy_tiers "$out" "$fn")" "$want"
		expect_eq "$name" "copy_function_bytes" "$(j_counter "$out" copy_function_bytes)" "$MIB"
	fi
}

# check_demo DIR NAME: the demo ran under the fentry and the tracepoint
# tier; every byte arrived (its exit code); the system calls moved the same
# bytes in both; where the fentry tier measured the receive copy it equals
# the tracepoint's evidence; the tracepoint tier has no copy records.
DEMO_COUNTERS="bytes_sent bytes_received bytes_sendfile bytes_splice bytes_tee bytes_vmsplice bytes_copy_file_range receive_copy_bytes"
# Demos whose byte counts depend on timing: mmap_sigbus sends until the
# truncation lands, which differs from run to run.
DEMO_VARIABLE=" mmap_sigbus "
check_demo() {
	local dir=$1 demo=$2 t c a b f=$1/case/demo-$2-fentry.out tp=$1/case/demo-$2-tracepoint.out
	for t in fentry tracepoint; do
		case_ok "$dir" "demo-$demo-$t" || return
		expect_eq "demo-$demo-$t" "tier" "$(j_trace_tier "$dir/case/demo-$demo-$t.out")" "$t"
		expect_eq "demo-$demo-$t" "records lost" "$(j_drops "$dir/case/demo-$demo-$t.out")" 0
	done
	for c in $DEMO_COUNTERS; do
		[[ $DEMO_VARIABLE == *" $demo "* ]] && break
		a=$(j_counter "$f" "$c")
		b=$(j_counter "$tp" "$c")
		expect_eq "demo-$demo" "$c fentry vs tracepoint" "$a" "$b"
	done
	a=$(j_counter "$f" receive_copy_bytes)
	if [ "$a" != 0 ]; then
		expect_eq "demo-$demo-fentry" "skb_copy_datagram_iter bytes vs receive_copy_bytes" \
			"$(j_copy_bytes "$f" skb_copy_datagram_iter)" "$a"
	fi
	expect_eq "demo-$demo-tracepoint" "copy records" "$(j_copy_count "$tp")" 0
}

# route_bytes ROUTES ROUTE: the bytes of ROUTE ("user->sockbuf CPU") in a
# line of j_report_routes, 0 when it is not there; route_without ROUTES
# ROUTE: the line without it.
route_bytes() {
	tr ',' '\n' <<<"$1" | awk -v r="$2" '{ sub(/^ /, "") } $1 " " $2 == r { b = $3 } END { print b + 0 }'
}
route_without() {
	tr ',' '\n' <<<"$1" | sed 's/^ //' | grep -vF "$2 " | paste -sd, | sed 's/,/, /g'
}

# retransmitted_copy FENTRY_ROUTES TRACEPOINT_ROUTES RETRANSMITS: true when
# the two differ only in the fentry tier's larger CPU copy user -> sockbuf,
# by at most RETRANSMITS full loopback segments (64 KiB each), and the
# kernel did retransmit.  A zero-copy skb sent again is delivered, and so
# copied, again: the fentry tier measures every skb_copy_ubufs, while the
# tracepoint tier counts the request's bytes once.  RETRANS_EXCESS: the
# difference in bytes.
retransmitted_copy() {
	local r="user->sockbuf CPU"
	RETRANS_EXCESS=$(($(route_bytes "$1" "$r") - $(route_bytes "$2" "$r")))
	[ "${3:-0}" -gt 0 ] && [ "$RETRANS_EXCESS" -gt 0 ] &&
		[ "$RETRANS_EXCESS" -le $(($3 * 65536)) ] &&
		[ "$(route_without "$1" "$r")" = "$(route_without "$2" "$r")" ]
}

# check_report DIR: 'copyscope report' ran every demo under the fentry
# and the tracepoint tier; each row's kernel counters match the model and
# no record was lost; both tiers ran the same demos, and each demo's
# routes (from, to, kind, bytes) are the same in both: the fentry tier
# measures what the tracepoint tier attributes, it does not add to it;
# in the fentry tier every measured copy agrees with the result of its
# system call or io_uring request (no mismatch).
#
# One copy only the fentry tier can see: the deferred copy of a
# send(MSG_ZEROCOPY) (skb_copy_ubufs).  The tracepoint tier sees it in the
# transmit records, which a kernel without the tcp_sendmsg_locked
# tracepoint (before 6.13) does not write; the error queue that reports
# it shows nothing to any event.  There, and only when the tracepoint
# tier shows no deferred copy at all, the fentry tier's measured deferred
# copy is taken out before the routes are compared (and must be at least
# the file: every pinned byte was copied on loopback).  The fentry tier
# may also measure more deferred copy than the tracepoint tier attributes,
# when TCP retransmitted (retransmitted_copy).
check_report() {
	local dir=$1 t d side a b def f=$1/case/report-fentry.out tp=$1/case/report-tracepoint.out
	local no_tcp_tp= retrans
	retrans=$(awk '$1 == "tcp_retransmits" && $2 == "report-fentry" { print $3 }' "$dir/info")
	[ "$(awk '$1 == "tracepoint" && $2 == "tcp_sendmsg_locked" { print $3 }' "$dir/info")" = absent ] && no_tcp_tp=1
	REPORT_ROWS=0
	for t in fentry tracepoint; do
		case_ok "$dir" "report-$t" || return
		expect_eq "report-$t" "tier" "$(j_report_tier "$dir/case/report-$t.out")" "$t"
		for d in $(j_report_demos "$dir/case/report-$t.out"); do
			expect_eq "report-$t $d" "counters check" \
				"$(j_report_field "$dir/case/report-$t.out" "$d" counters_check)" match
			expect_eq "report-$t $d" "records lost" \
				"$(j_report_field "$dir/case/report-$t.out" "$d" drops)" 0
		done
	done
	expect_eq report "demos" "$(j_report_demos "$f" | tr '\n' ' ')" "$(j_report_demos "$tp" | tr '\n' ' ')"
	for d in $(j_report_demos "$f"); do
		REPORT_ROWS=$((REPORT_ROWS + 1))
		for side in sender receiver; do
			a=$(j_report_routes "$f" "$d" "$side")
			b=$(j_report_routes "$tp" "$d" "$side")
			def=$(j_report_side "$f" "$d" "$side" deferred_copy_bytes)
			if [ -n "$no_tcp_tp" ] && [ "$a" != "$b" ] && [ "${def:-0}" -gt 0 ] &&
				[ "$(j_report_side "$tp" "$d" "$side" deferred_copy_bytes)" = 0 ]; then
				a=$(j_report_routes_no_deferred "$f" "$d" "$side")
				if [ "$def" -ge "$(j_report_field "$f" "$d" file_bytes)" ]; then
					pass
				else
					fail "report $d" "$side deferred copy measured $def bytes, less than the file"
				fi
				echo "  note: $KSLOT report $d: $side deferred copy of $def bytes seen by the fentry tier only (no tcp_sendmsg_locked tracepoint here)"
			fi
			if [ "$a" != "$b" ] && retransmitted_copy "$a" "$b" "$retrans"; then
				echo "  note: $KSLOT report $d: $side: the fentry tier measured $RETRANS_EXCESS more bytes of deferred copy; the kernel retransmitted $retrans TCP segments during the run"
				a=$b
			fi
			expect_eq "report $d" "$side routes, fentry vs tracepoint" "$a" "$b"
			expect_eq "report-fentry $d" "$side mismatches" \
				"$(j_report_side "$f" "$d" "$side" mismatches)" 0
		done
	done
}

# check_zc_sender DIR TIER: msg_zerocopy moved 1 MiB with only its sender
# traced; the copy tier measured the deferred copy of every pinned byte
# (skb_copy_ubufs), wherever it ran, and gave it to the sender.
check_zc_sender() {
	local dir=$1 t=$2 out=$1/case/zc-sender-$2.out
	case_ok "$dir" "zc-sender-$t" || return
	expect_eq "zc-sender-$t" "tier" "$(j_trace_tier "$out")" "$t"
	expect_eq "zc-sender-$t" "exit code" "$(j_exit_code "$out")" 0
	expect_eq "zc-sender-$t" "records lost" "$(j_drops "$out")" 0
	expect_eq "zc-sender-$t" "traced processes" "$(j_processes "$out")" 1
	expect_eq "zc-sender-$t" "bytes sent" "$(j_counter "$out" bytes_sent)" "$MIB"
	local b
	b=$(j_copy_bytes "$out" skb_copy_ubufs)
	if [ "$b" -ge "$MIB" ]; then
		pass
	else
		fail "zc-sender-$t" "skb_copy_ubufs measured $b bytes for the sender, less than the $MIB it sent"
	fi
}

# check_zc_two DIR: two msg_zerocopy demos at once, all traced (fentry):
# only the two senders have skb_copy_ubufs records, each for at least the
# bytes it sent.
check_zc_two() {
	local dir=$1 out=$1/case/zc-two.out p senders b sent
	case_ok "$dir" zc-two || return
	expect_eq zc-two "exit code" "$(j_exit_code "$out")" 0
	expect_eq zc-two "records lost" "$(j_drops "$out")" 0
	senders=$(j_exec_pids "$out" msg_zerocopy | sort -n | paste -sd' ')
	expect_eq zc-two "processes with skb_copy_ubufs records" \
		"$(j_copy_pids "$out" skb_copy_ubufs)" "$senders"
	for p in $senders; do
		b=$(j_copy_bytes_of "$out" skb_copy_ubufs "$p")
		sent=$(j_counter_of "$out" bytes_sent "$p")
		if [ "$sent" -gt 0 ] && [ "$b" -ge "$sent" ]; then
			pass
		else
			fail zc-two "sender $p: skb_copy_ubufs measured $b bytes of the $sent it sent"
		fi
	done
}

# check_record DIR: the recording dd made under the fentry tier replays on
# this host, which has no fentry tier and needs no privileges to replay:
# its start names the tier and the kernel, and its filemap_read copy
# records add up to exactly 1 MiB of the fentry tier; it exports too.
check_record() {
	local dir=$1 rec=$1/case/read.rec out=$1/case/read.replay.json
	case_ran "$dir" record-fentry || return
	pass
	if ! base64 -d "$dir/case/record-fentry.out" >"$rec" 2>/dev/null; then
		fail record "the recording did not come back in base64"
		return
	fi
	"${COPYSCOPE_HOST:-copyscope}" replay --json "$rec" >"$out" 2>"$dir/case/read.replay.err"
	expect_eq record "replay's tier" "$(jq -r 'select(.type == "start") | .tier' "$out")" fentry
	expect_eq record "replay's kernel" "$(jq -r 'select(.type == "start") | .kernel' "$out")" \
		"$(cat "$dir/kernel")"
	expect_eq record "filemap_read bytes, replayed" "$(j_copy_bytes "$out" filemap_read)" "$MIB"
	expect_eq record "their tier" "$(j_copy_tiers "$out" filemap_read)" fentry
	expect_eq record "corrupt" "$(jq -r 'select(.type == "summary") | .corrupt' "$out")" false
	expect_eq record "exported read slices" \
		"$("${COPYSCOPE_HOST:-copyscope}" export "$rec" | jq '[.traceEvents[] | select(.ph == "X" and .name == "read")] | length')" \
		"$(jq -s '[.[] | select(.type == "syscall" and .name == "read")] | length' "$out")"
}

check_kernel() {
	local dir=$1 t line
	KSLOT=$(basename "$dir")

	# The VM itself: BTF built in, tracefs there.
	expect_eq info "BTF (/sys/kernel/btf/vmlinux)" "$(awk '$1 == "btf" { print $2 }' "$dir/info")" yes
	expect_eq info "tracefs" "$(awk '$1 == "tracefs" { print $2 }' "$dir/info")" yes
	awk '$1 == "function" && $3 != "traceable" { print "  note: function " $2 " is " $3 " in this kernel" }
	     $1 == "tracepoint" && $3 != "present" { print "  note: tracepoint " $2 " is absent in this kernel" }' \
		"$dir/info" >"$dir/notes"

	# Every module the host put into the image loaded.
	local m
	if [ -s "$dir/modules" ]; then
		for m in $(cat "$dir/modules"); do
			expect_eq info "module ${m%.ko}" \
				"$(awk -v m="${m%.ko}" '$1 == "module" && $2 == m { $1 = $2 = ""; print substr($0, 3) }' "$dir/info")" loaded
		done
		grep -qx veth.ko "$dir/modules" && expect_eq veth "exit status" "$(cut -d' ' -f1 "$dir/case/veth.rc" 2>/dev/null)" 0
		grep -qx virtio_blk.ko "$dir/modules" &&
			expect_eq info "scratch disk" "$(awk '$1 == "disk" { $1 = ""; print substr($0, 2) }' "$dir/info")" ext4
	fi

	check_doctor "$dir" doctor fentry
	local fentry="fentry $DOC_ATTACHED/$DOC_TOTAL attached"
	[ "$DOC_ABSENT" -gt 0 ] && fentry="$fentry ($DOC_ABSENT functions not here)"
	line="tier $(j_tier "$dir/case/doctor.out" 2>/dev/null || echo '?'), $fentry"
	check_doctor "$dir" doctor-nofentry kprobe
	line="$line; with fentry off: tier $(j_tier "$dir/case/doctor-nofentry.out" 2>/dev/null || echo '?'), kprobe $DOC_ATTACHED/$DOC_TOTAL attached"

	# 1 MiB read from and written to a page-cache file: the copy tiers
	# measure it at the copy-path function, the tracepoint tier only has
	# the system calls' results.
	for t in auto kprobe tracepoint; do
		check_trace "$dir" "read-$t" "${t/auto/fentry}" filemap_read bytes_read
	done
	for t in fentry kprobe tracepoint; do
		check_trace "$dir" "write-$t" "$t" generic_perform_write bytes_written
	done
	# through the service: loaded, and the read exact
	if case_ok "$dir" serve; then
		expect_eq serve "dd's exit code" "$(j_exit_code "$dir/case/serve.out")" 0
		expect_eq serve "records lost" "$(j_drops "$dir/case/serve.out")" 0
		expect_eq serve bytes_read "$(j_counter "$dir/case/serve.out" bytes_read)" "$MIB"
		line="$line; serve"
	fi
	if [ -e "$dir/case/report-fentry.rc" ]; then
		check_report "$dir"
		line="$line; report $REPORT_ROWS rows"
	fi
	for t in fentry kprobe; do
		[ -e "$dir/case/zc-sender-$t.rc" ] && check_zc_sender "$dir" $t
	done
	[ -e "$dir/case/zc-two.rc" ] && check_zc_two "$dir"
	[ -e "$dir/case/record-fentry.rc" ] && check_record "$dir"
	local demos=0
	for m in $(awk '$1 == "demo" { print $2 }' "$dir/info"); do
		check_demo "$dir" "$m"
		demos=$((demos + 1))
	done
	[ "$demos" -gt 0 ] && line="$line; $demos demos"
	SUMMARY=$line
}
