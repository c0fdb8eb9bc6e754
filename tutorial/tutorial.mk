# tutorial/tutorial.mk - the lessons' numbers and screens, made by copyscope.
# Included by the top-level Makefile.
#
#   make tutorial          fill every lesson's marked regions from its
#                          recording (tutorial/recordings/, no root)
#   make tutorial-check    the same into a temporary copy, compared with the
#                          lessons; "tutorial: N passed, N failed" (no root)
#   make tutorial-record   record the runs again (root; then make tutorial)

.PHONY: tutorial tutorial-check tutorial-record
CHECK_TARGETS += tutorial-check

tutorial: $(BUILD)/copyscope
	$(Q)bash tutorial/gen.sh $(BUILD)

tutorial-check: $(BUILD)/copyscope
	$(Q)bash tutorial/gen.sh --check $(BUILD)

tutorial-record: $(BUILD)/copyscope demos
	$(Q)bash tutorial/record.sh $(BUILD)
