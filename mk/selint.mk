# selint.mk: SELint (Debian's selint, tools/selint.conf) finds nothing in
# the .te, .if and .fc of every shipped module and golden zone (issue 15).
# tests/selint/run.sh.

.PHONY: test-selint
CHECK_TARGETS += test-selint

test-selint:
	@sh tests/selint/run.sh
