# learn.mk: `zonepolicy learn` on denials recorded in real trials, and
# `zonepolicy explain` on types, rules, paths and vectors (docs/learn.md).
#
#   make test-learn      tests/learn: each recorded input against its golden
#   make test-explain    tests/explain: each question against its golden
# UPDATE=1 rewrites the goldens.

.PHONY: test-learn test-explain
CHECK_TARGETS += test-learn test-explain

test-learn: $(BIN)
	@sh tests/learn/run.sh $(CURDIR)/$(BIN)

test-explain: $(BIN)
	@sh tests/explain/run.sh $(CURDIR)/$(BIN) $(BUILD)/explain
