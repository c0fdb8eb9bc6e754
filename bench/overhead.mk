# bench/overhead.mk - 'make bench-overhead': the cost of watching (issue 7).
# Included by the top-level Makefile.
#
#   make bench-overhead   copyscope's own cost beside bpftrace, libbpf-tools,
#                         strace and perf trace, in one run; writes
#                         bench/overhead.md (root; installs bpftrace and
#                         libbpf-tools from Debian when missing).
#                         OVERHEAD_REPS=5 OVERHEAD_N=1000000, see
#                         bench/overhead.sh for the others.

OVERHEAD_BIN := $(BUILD)/bench/overhead

.PHONY: bench-overhead
BENCH_TARGETS += bench-overhead

# The measuring program links libbpf only for its empty-program floor.
$(OVERHEAD_BIN): bench/overhead.c | $(BUILD)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $< -o $@ $(LDLIBS)

bench-overhead: all $(OVERHEAD_BIN)
	$(Q)BUILD=$(BUILD) sh bench/overhead.sh

# 'make bench-room': the tracing service's cost to every process as its
# clients come: 0, 1, 4, 8, 16 (issue 17; bench/room.sh, into overhead.md
# by hand with the date and load).
.PHONY: bench-room
BENCH_TARGETS += bench-room
bench-room: all $(OVERHEAD_BIN)
	$(Q)BUILD=$(BUILD) sh bench/room.sh
