# core.mk: the compiler's own suites (golden, diagnostics, shipped modules,
# link with the Debian policy) and the demo.  Other fragments add their
# suites to CHECK_TARGETS; `make check` runs them all (tools/check.sh).

ZP        := $(BIN)
MODULES   := $(sort $(wildcard modules/*/*.zone))
MODULE_PP := $(patsubst modules/%.zone,$(BUILD)/modules/%.pp,$(MODULES))
CACHE     ?= $(CURDIR)/$(BUILD)/cache
export ZONEPOLICY_CACHE ?= $(CACHE)

.PHONY: modules-pp test-layout test-golden test-diag test-modules test-link test-if demo check
modules-pp: $(MODULE_PP)
$(BUILD)/modules/%.pp: modules/%.zone $(BIN)
	@mkdir -p $(@D)
	$(BIN) build -o $(@D) $<

CHECK_TARGETS += test-layout test-golden test-diag test-modules test-link test-if

# The source folders and their include rules (docs/architecture.md).
test-layout:
	@INC_util="$(INC_util)" INC_dsl="$(INC_dsl)" INC_base="$(INC_base)" INC_check="$(INC_check)" \
		INC_gen="$(INC_gen)" INC_cli="$(INC_cli)" CC="$(CC)" sh tests/layout/run.sh

test-golden: $(BIN)
	@sh tests/run-golden.sh $(CURDIR)/$(BIN) tests/golden

test-diag: $(BIN)
	@sh tests/run-diag.sh $(CURDIR)/$(BIN) tests/diag

# The committed sources under modules/ must be what the compiler makes now.
test-modules: $(BIN)
	@sh tests/run-modules.sh $(CURDIR)/$(BIN) $(MODULES)

# Link every shipped module with Debian's policy (from .pp and from .cil),
# query the result with sesearch, and compare the two with sediff.
test-link: $(BIN) $(MODULE_PP)
	@sh tests/run-link.sh $(CURDIR)/$(BIN) $(BUILD)/link $(MODULES)

# The generated .if compiles with the devel Makefile and links with M.pp.
test-if: $(BIN)
	@sh tests/run-if.sh $(CURDIR)/$(BIN) $(BUILD)/iftest $(MODULES)

demo:
	@sh tools/deps.sh
	@$(MAKE) --no-print-directory all
	@sh tools/demo.sh $(CURDIR)/$(BIN) modules/sw/sw.zone $(BUILD)/demo

check:
	@sh tools/deps.sh
	@$(MAKE) --no-print-directory all
	@sh tools/check.sh $(MAKE) $(CHECK_TARGETS)
