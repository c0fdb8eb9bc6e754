# bench/tui.mk - what the TUI costs to run: CPU of the copyscope process
# while its screen animates, paused, and tracing a busy process live.
# Included by the top-level Makefile (bench/*.mk).
#
#   make bench-tui      run bench/tui-cpu.sh, write bench/tui-cpu.md (root,
#                       tmux; TUI_BENCH_SECS=10 per scene)

TUI_BENCH_SECS ?= 10

.PHONY: bench-tui
BENCH_TARGETS += bench-tui

bench-tui: $(BUILD)/copyscope demos
	$(Q)bash bench/tui-cpu.sh --build $(BUILD) --secs $(TUI_BENCH_SECS) \
		--out bench/tui-cpu.md
