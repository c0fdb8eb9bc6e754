# tests/tui/tui.mk - the TUI's end-to-end tests: the real binary in tmux
# panes, keys sent, panes captured, exact text asserted (root: the demos
# are traced for real).  Included by the top-level Makefile.
#
#   make check-tui      tests/tui/run.sh; last line "N passed, N failed"

.PHONY: check-tui
CHECK_TARGETS += check-tui

check-tui: $(BUILD)/copyscope demos $(BUILD)/tests/rec_drop
	$(Q)bash tests/tui/run.sh $(BUILD)
	$(Q)bash tests/tui/class.sh $(BUILD)
