# vectors.mk: `zonepolicy check` against the linked Debian policy (issue 3).
#
#   test-vectors   every shipped module, built and linked, passes its vectors
#   test-oracle    setools (and a few sesearch runs) agree with every verdict
#   test-mutation  every deleted allow rule of the reference module, and one
#                  added cross-zone allow, is caught by some vector
#
# The linked policies live under $(BUILD)/vectors/NAME/ and are reused while
# newer than the zone file and the compiler.  docs/checking.md explains the
# rules and the mutation method.

VEC_WORK      := $(BUILD)/vectors
MUTATE        := $(BUILD)/tests/mutate
MUTATION_ZONE ?= modules/sw/sw.zone

.PHONY: test-vectors test-oracle test-mutation
CHECK_TARGETS += test-vectors test-oracle test-mutation

$(MUTATE): tests/mutation/mutate.c $(BUILD)/check/polview.o $(BUILD)/util/xalloc.o
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(INC_check) $(WARN) $(CFLAGS) -o $@ $^ $(LDLIBS)

test-vectors: $(BIN)
	@sh tests/vectors/run.sh $(CURDIR)/$(BIN) $(CURDIR)/$(VEC_WORK) $(MODULES)

test-oracle: $(BIN)
	@sh tests/oracle/run.sh $(CURDIR)/$(BIN) $(CURDIR)/$(VEC_WORK) $(MODULES)

test-mutation: $(BIN) $(MUTATE)
	@sh tests/mutation/run.sh $(CURDIR)/$(BIN) $(CURDIR)/$(MUTATE) $(CURDIR)/$(VEC_WORK) $(MUTATION_ZONE)

# The build-time assert check and `zonepolicy check` agree on every pair of
# zones of the contradicted-assert diagnostics and the shipped modules, with
# setools' map, a map lacking a permission, and an override (tests/flowagree).
.PHONY: test-flowagree
CHECK_TARGETS += test-flowagree
test-flowagree: $(BIN)
	@sh tests/flowagree/run.sh $(CURDIR)/$(BIN) $(CURDIR)/$(BUILD)/flowagree

# The permission map from setools' file and from its memo in the cache
# answer the same, and what the file says (tests/permmap).
.PHONY: test-permmap
CHECK_TARGETS += test-permmap
PERMMAP_AGREE := $(BUILD)/tests/permmap-agree
PERMMAP_FILE  ?= /usr/lib/python3/dist-packages/setools/perm_map
$(PERMMAP_AGREE): tests/permmap/agree.c $(BUILD)/base/permmap.o $(BUILD)/base/cache.o \
		$(BUILD)/util/strmap.o $(BUILD)/util/xalloc.o $(BUILD)/util/out.o $(BUILD)/util/buf.o \
		$(BUILD)/permmap_override.o
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(INC_base) $(WARN) $(CFLAGS) -o $@ $^ $(LDLIBS)

test-permmap: $(PERMMAP_AGREE)
	@sh tests/permmap/run.sh $(CURDIR)/$(PERMMAP_AGREE) $(PERMMAP_FILE) $(CURDIR)/$(BUILD)/permmap
