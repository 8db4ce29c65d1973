# units.mk: the optional outputs of `zonepolicy build`: systemd units
# (--units DIR, checked with systemd-analyze verify) and the Graphviz
# picture (--graph FILE.dot, rendered with dot).  UPDATE=1 rewrites the
# goldens under tests/units/NAME/ and tests/graph/NAME.dot.

.PHONY: test-units test-graph
CHECK_TARGETS += test-units test-graph

test-units: $(BIN)
	@sh tests/units/run.sh $(CURDIR)/$(BIN)

test-graph: $(BIN)
	@sh tests/graph/run.sh $(CURDIR)/$(BIN)
