# learn.mk: `zonepolicy learn` on denials recorded in real trials, and
# `zonepolicy explain` on types, rules, paths and vectors (docs/learn.md).
#
#   make test-explain    tests/explain: each question against its golden
# UPDATE=1 rewrites the goldens.

.PHONY: test-explain
CHECK_TARGETS += test-explain

test-explain: $(BIN)
	@sh tests/explain/run.sh $(CURDIR)/$(BIN) $(BUILD)/explain
