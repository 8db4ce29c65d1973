# sarif.mk: `build --diagnostics-format sarif` (issue 15, item 8): the SARIF
# log of every diagnostic test says what its text says, and Microsoft's
# SARIF Multitool and python3-jsonschema (with the schema from the same npm
# package, installed at test time from tests/sarif/validator/'s lock file)
# find it valid SARIF 2.1.0.  npm comes with the machine's nodejs package
# (tools/deps.d/sarif).  tests/sarif/run.sh.

.PHONY: test-sarif
CHECK_TARGETS += test-sarif

test-sarif: $(BIN)
	@sh tests/sarif/run.sh $(CURDIR)/$(BIN)
