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
# (lists made by run.sh from bpf/*.bpf.[ch]).
for f in $(cat /csk/functions); do
	if grep -qx "$f" /sys/kernel/tracing/available_filter_functions; then
		state=traceable
	elif grep -q " $f\$" /proc/kallsyms; then
		state=not-traceable
	else
		state=absent
	fi
	csk "INFO function $f $state"
done
for tp in $(cat /csk/tracepoints); do
	state=absent
	ls -d /sys/kernel/tracing/events/*/"$tp" >/dev/null 2>&1 && state=present
	csk "INFO tracepoint $tp $state"
done

# 1 MiB of data in the page cache (ramfs: no disk in the VM).  dd is silent
# (status=none) so that its report on stderr adds no write of its own.
dd if=/dev/urandom of=/ramfs/data bs=65536 count=16 2>/dev/null
read_cmd="dd if=/ramfs/data of=/dev/null bs=65536 count=16 status=none"
write_cmd="dd if=/dev/zero of=/ramfs/out bs=65536 count=16 status=none"

# veth, when the host loaded it (KERNEL_MODULES): a pair can be made.
if grep -qx veth.ko /csk/modules 2>/dev/null; then
	csk_case veth sh -c 'ip link add csk0 type veth peer name csk1 && ip link del csk0'
fi

csk_case doctor copyscope doctor --json
csk_case doctor-nofentry copyscope doctor --json --no-fentry

csk_case read-auto copyscope trace --json -- $read_cmd
csk_case read-fentry copyscope trace --json --tier fentry -- $read_cmd
csk_case read-kprobe copyscope trace --json --tier kprobe -- $read_cmd
csk_case read-tracepoint copyscope trace --json --tier tracepoint -- $read_cmd
csk_case write-fentry copyscope trace --json --tier fentry -- $write_cmd
csk_case write-kprobe copyscope trace --json --tier kprobe -- $write_cmd
csk_case write-tracepoint copyscope trace --json --tier tracepoint -- $write_cmd

# The demos (when the image has them), each under the fentry and the
# tracepoint tier, 1 MiB through a ramfs file.  odirect needs a file system
# with O_DIRECT, which ramfs is not: it is left out here.
if [ -d /bin/demos ]; then
	/bin/demos/read_write --size 1M --file /ramfs/demo.dat >/dev/null 2>&1
	for d in /bin/demos/*; do
		n=${d##*/}
		[ "$n" = odirect ] && continue
		csk "INFO demo $n"
		for t in fentry tracepoint; do
			csk_case "demo-$n-$t" -t 60 -f /tmp/trace.json \
				copyscope trace --json -o /tmp/trace.json --tier $t -- \
				"$d" --size 1M --file /ramfs/demo.dat
		done
	done
fi
