# bench/format.mk - 'make bench-format': the CPU time of turning one record
# into a text or JSON line, as 'copyscope trace -o FILE' does.
# Included by the top-level Makefile (bench/*.mk).
#
#   make bench-format   formats every record of tests/data's recordings to
#                       /dev/null, FORMAT_SECS (1) per repetition,
#                       FORMAT_REPS (5) repetitions; prints ns per record
#                       (no root).  Results: bench/format.md.

FORMAT_BIN := $(BUILD)/bench/format
FORMAT_RECS := $(wildcard tests/data/*.rec tests/data/*/*.rec)
FORMAT_SECS ?= 1
FORMAT_REPS ?= 5
# The views, the model and abi/ exactly as the copyscope binary links them.
FORMAT_OBJS = $(filter $(BUILD)/obj/abi/% $(BUILD)/obj/model/% $(BUILD)/obj/views/%,\
	$(APP_OBJS))

.PHONY: bench-format
BENCH_TARGETS += bench-format

$(FORMAT_BIN): bench/format.c $(FORMAT_OBJS) | $(BUILD)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $< $(FORMAT_OBJS) -o $@ -lm

bench-format: $(FORMAT_BIN)
	$(Q)$(FORMAT_BIN) -s $(FORMAT_SECS) -r $(FORMAT_REPS) $(FORMAT_RECS)
