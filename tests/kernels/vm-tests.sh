# vm-tests.sh - the test script the kernel matrix runs inside each VM.
#
# Sourced by /init (busybox sh), which provides:
#   csk "TEXT"                 a result line "CSK:TEXT" to the host
#   csk_case NAME [-t S] [-f FILE] CMD
#                              run CMD (at most S seconds, default 120) and
#                              send its stdout (or FILE), stderr and status
# The host checks each case by NAME in tests/kernels/checks.sh: add a case
# here and its expectations there.

# What this kernel offers for each attach point the BPF programs name
# (lists made by run.sh from bpf/*.bpf.[ch]).  Each large file is read once:
# reading them is slow under TCG.
grep -xFf /csk/functions /sys/kernel/tracing/available_filter_functions | sort -u >/tmp/traceable
awk '{ print $3 }' /proc/kallsyms | grep -xFf /csk/functions | sort -u >/tmp/present
for f in $(cat /csk/functions); do
	if grep -qx "$f" /tmp/traceable; then
		state=traceable
	elif grep -qx "$f" /tmp/present; then
		state=not-traceable
	else
		state=absent
	fi
	csk "INFO function $f $state"
done
ls -d /sys/kernel/tracing/events/*/* | sed 's|.*/||' | sort -u >/tmp/events
for tp in $(cat /csk/tracepoints); do
	state=absent
	grep -qx "$tp" /tmp/events && state=present
	csk "INFO tracepoint $tp $state"
done

# RetransSegs of /proc/net/snmp, found by its name in the header line.
tcp_retransmits() {
	awk '$1 == "Tcp:" { if (!c) { for (i = 2; i <= NF; i++) if ($i == "RetransSegs") c = i } else { print $c; exit } }' /proc/net/snmp
}

# 1 MiB of data in the page cache of a ramfs file: no disk, no readahead,
# the same bytes every time.  dd is silent (status=none) so that its report
# on stderr adds no write of its own.
dd if=/dev/urandom of=/ramfs/data bs=65536 count=16 2>/dev/null
read_cmd="dd if=/ramfs/data of=/dev/null bs=65536 count=16 status=none"
write_cmd="dd if=/dev/zero of=/ramfs/out bs=65536 count=16 status=none"

# A recording made here with the fentry tier, sent to the host in base64
# (the results channel is text): the host replays and exports it, as a
# class would on machines that cannot trace.
csk_case record-fentry -f /tmp/rec.b64 sh -c \
	"copyscope trace -q --tier fentry --record /tmp/read.rec -- $read_cmd && base64 /tmp/read.rec >/tmp/rec.b64"

# veth, when the host loaded it (KERNEL_MODULES): a pair can be made.
if grep -qx veth.ko /csk/modules 2>/dev/null; then
	csk_case veth sh -c 'ip link add csk0 type veth peer name csk1 && ip link del csk0'
fi

# The tracing service ('copyscope serve'): its programs, built for many
# clients (the per-process control-descriptor map is compiled in), load on
# this kernel, and a trace through its socket counts the read exactly.
csk_case serve -t 180 sh -c "
copyscope serve --socket /tmp/cs.sock --group 0 2>/tmp/serve.log & s=\$!
i=0
while ! grep -q listening /tmp/serve.log && kill -0 \$s 2>/dev/null && [ \$i -lt 1200 ]; do
	sleep 0.1
	i=\$((i + 1))
done
copyscope trace --socket /tmp/cs.sock --json -- $read_cmd
rc=\$?
kill \$s
wait \$s
exit \$rc"

csk_case doctor copyscope doctor --json
csk_case doctor-nofentry copyscope doctor --json --no-fentry

# No --tier: the tier trace chooses by itself (fentry on these kernels).
csk_case read-auto copyscope trace --json -- $read_cmd
csk_case read-kprobe copyscope trace --json --tier kprobe -- $read_cmd
csk_case read-tracepoint copyscope trace --json --tier tracepoint -- $read_cmd
csk_case write-fentry copyscope trace --json --tier fentry -- $write_cmd
csk_case write-kprobe copyscope trace --json --tier kprobe -- $write_cmd
csk_case write-tracepoint copyscope trace --json --tier tracepoint -- $write_cmd

# The demos (when the image has them) write their files under $TMPDIR:
# the scratch ext4 disk, so that O_DIRECT, cold caches and disk DMA are
# real; ramfs otherwise.
if grep -qx 'disk ext4' /tmp/csk.info 2>/dev/null; then
	export TMPDIR=/mnt/disk
else
	export TMPDIR=/ramfs
fi
if [ -d /bin/demos ]; then
	# 'copyscope report': every file-to-socket demo, cold cache, under
	# the fentry and the tracepoint tier: the rows must tell one story.
	# The kernel's count of retransmitted TCP segments around each run
	# (the VM runs nothing else): a retransmitted zero-copy skb is
	# delivered, and so copied, once more.
	for t in fentry tracepoint; do
		r0=$(tcp_retransmits)
		csk_case "report-$t" -t 240 copyscope report --json --size 1M --tier $t
		csk "INFO tcp_retransmits report-$t $(($(tcp_retransmits) - r0))"
	done
	# MSG_ZEROCOPY with only the sender traced (--no-follow): the
	# deferred copy often runs in the receiver's context or in ksoftirqd,
	# where nothing traced is current, and still belongs to the sender.
	if [ -x /bin/demos/msg_zerocopy ]; then
		for t in fentry kprobe; do
			csk_case "zc-sender-$t" -t 60 -f /tmp/trace.json \
				copyscope trace --json -o /tmp/trace.json --tier $t --no-follow -- \
				/bin/demos/msg_zerocopy --size 1M
		done
		# Two zero-copy senders at once, everything traced: each
		# deferred copy goes to the sender whose pages it copies.
		csk_case zc-two -t 90 -f /tmp/trace.json \
			copyscope trace --json -o /tmp/trace.json --tier fentry -- \
			sh -c '/bin/demos/msg_zerocopy --size 1M & /bin/demos/msg_zerocopy --size 3M; wait'
	fi
	# The copying demos the report does not run, traced in both tiers.
	for n in copy_file_range tee; do
		[ -x "/bin/demos/$n" ] || continue
		csk "INFO demo $n"
		for t in fentry tracepoint; do
			csk_case "demo-$n-$t" -t 60 -f /tmp/trace.json \
				copyscope trace --json -o /tmp/trace.json --tier $t -- \
				"/bin/demos/$n" --size 1M
		done
	done
fi
