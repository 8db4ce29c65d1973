# core.mk: the compiler's own suites (golden, diagnostics, shipped modules,
# link with the Debian policy) and the demo.  Other fragments add their
# suites to CHECK_TARGETS; `make check` runs them all (tools/check.sh).

ZP        := $(BIN)
MODULES   := $(sort $(wildcard modules/*/*.zone))
MODULE_DIRS := $(patsubst %/,%,$(dir $(MODULES)))
MODULE_PP := $(patsubst modules/%.zone,$(BUILD)/modules/%.pp,$(MODULES))
CACHE     ?= $(CURDIR)/$(BUILD)/cache
export ZONEPOLICY_CACHE ?= $(CACHE)

.PHONY: modules-pp test-layout test-output test-golden test-diag test-modules test-runner test-link test-if demo check
modules-pp: $(MODULE_PP)
$(BUILD)/modules/%.pp: modules/%.zone $(BIN)
	@mkdir -p $(@D)
	$(BIN) build -o $(@D) $<

CHECK_TARGETS += test-layout test-output test-runner test-link test-if

# The source folders and their include rules (docs/architecture.md).
test-layout:
	@INC_util="$(INC_util)" INC_dsl="$(INC_dsl)" INC_base="$(INC_base)" INC_check="$(INC_check)" \
		INC_gen="$(INC_gen)" INC_cli="$(INC_cli)" CC="$(CC)" sh tests/layout/run.sh

# The compiler-output tests, one runner (tests/run.sh, tests/README.md): the
# goldens, the diagnostics (named after their checks) and the shipped
# modules' committed sources.  test-golden, test-diag and test-modules run
# one part each; UPDATE=1 rewrites the expectations for review in the diff.
test-output: $(BIN)
	@sh tests/run.sh $(CURDIR)/$(BIN) tests/golden $(MODULE_DIRS) --named tests/diag

test-golden: $(BIN)
	@sh tests/run.sh $(CURDIR)/$(BIN) --suite golden tests/golden

test-diag: $(BIN)
	@sh tests/run.sh $(CURDIR)/$(BIN) --suite diagnostics --named tests/diag

test-modules: $(BIN)
	@sh tests/run.sh $(CURDIR)/$(BIN) --suite modules $(MODULE_DIRS)

# The runner itself fails when it must (a changed golden, a missing one, a
# test named after the wrong check, a check without a test ...).
test-runner: $(BIN)
	@sh tests/runner/run.sh $(CURDIR)/$(BIN)

# Link every shipped module with Debian's policy (from .pp and from .cil),
# query the result with sesearch, and compare the two with sediff.
test-link: $(BIN) $(MODULE_PP)
	@sh tests/link/run.sh $(CURDIR)/$(BIN) $(BUILD)/link $(MODULES)

# The generated .if compiles with the devel Makefile and links with M.pp.
test-if: $(BIN)
	@sh tests/if/run.sh $(CURDIR)/$(BIN) $(BUILD)/iftest $(MODULES)

demo:
	@sh tools/deps.sh
	@$(MAKE) --no-print-directory all
	@sh tools/demo.sh $(CURDIR)/$(BIN) modules/sw/sw.zone $(BUILD)/demo

check:
	@sh tools/deps.sh
	@$(MAKE) --no-print-directory all
	@sh tools/check.sh $(MAKE) $(CHECK_TARGETS)
