# hardening.mk: hostile input, fuzzing, sanitizers, the file-context matcher,
# reproducibility and environment faults (issue 6; docs/hardening.md).
#
#   make test-hostile     hostile-input corpus (tests/hostile), big inputs
#                         generated into $(BUILD)/hostile at test time
#   make fuzz             libFuzzer over zp_compile() for FUZZ_SECONDS
#   make test-fuzz        replay tests/hostile and tests/fuzz/corpus, then fuzz
#                         FUZZ_CHECK_SECONDS
#   make fuzz-corpus      merge what build/fuzz/corpus covers anew into the
#                         committed, minimised tests/fuzz/corpus
#   make check-asan       whole build with ASan+UBSan into build/asan, then
#                         the compiler-output and hostile suites with it
#   make test-asan        the same, the big generated inputs left out
#   make test-valgrind    the compiler under valgrind on the shipped modules
#   make test-tsan        the compiler with ThreadSanitizer (the .pp's thread)
#   make test-fcmatch     libselinux's matcher over every generated .fc
#   make test-repro       two builds, two dirs, two times, two users: same bytes
#   make test-envfault    missing tools, unwritable/full output, read errors

CHECK_TARGETS += test-hostile test-fcmatch test-repro test-envfault \
                 test-fuzz test-asan test-valgrind test-tsan

.PHONY: fuzz fuzz-corpus check-asan test-hostile test-fuzz test-asan test-valgrind test-tsan \
        test-fcmatch test-repro test-envfault

# Every .zone under version control: fuzz seeds, fcmatch and repro inputs.
ALL_ZONES = $(shell git ls-files '*.zone' 2>/dev/null)

test-hostile: $(BIN)
	@sh tests/hostile/run.sh $(CURDIR)/$(BIN) $(BUILD)/hostile

# ---- libFuzzer ---------------------------------------------------------------
# Own objects in $(BUILD)/fuzz, built by clang; the flex/bison outputs of
# $(BUILD)/dsl are reused.  The CLI (cli/) is left out: the target
# drives zp_compile() in memory.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 600
FUZZ_CHECK_SECONDS ?= 60
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS  := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(FUZZ_SAN)
FUZZ_SRC     := $(filter-out cli/%,$(SRC))
FUZZ_OBJ     := $(FUZZ_SRC:%.c=$(FUZZ_DIR)/%.o) $(FUZZ_DIR)/dsl/lexer.o \
                $(FUZZ_DIR)/dsl/parser.o $(FUZZ_DIR)/templates.o $(FUZZ_DIR)/permmap_override.o \
                $(FUZZ_DIR)/tests/fuzz/fuzz_compile.o
FUZZ_BIN     := $(FUZZ_DIR)/fuzz_compile
$(FUZZ_DIR)/tests/%.o: INC := $(INC_gen)
FUZZ_RUN     := sh tests/fuzz/run.sh $(FUZZ_BIN) $(FUZZ_DIR) tests/fuzz/zone.dict

$(FUZZ_DIR)/%.o: %.c | $(BUILD)/dsl/parser.h $(BUILD)/dsl/lexer.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(INC) $(WARN) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<
$(FUZZ_DIR)/dsl/lexer.o: $(BUILD)/dsl/lexer.c $(BUILD)/dsl/parser.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(INC_dsl) $(GENWARN) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<
$(FUZZ_DIR)/dsl/parser.o: $(BUILD)/dsl/parser.c $(BUILD)/dsl/lexer.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(INC_dsl) $(GENWARN) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<
$(FUZZ_DIR)/templates.o: $(BUILD)/templates.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(INC_gen) $(WARN) $(FUZZ_CFLAGS) -c -o $@ $<
$(FUZZ_BIN): $(FUZZ_OBJ)
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(LDLIBS)
-include $(FUZZ_OBJ:.o=.d)
$(FUZZ_DIR)/permmap_override.o: $(BUILD)/permmap_override.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(INC_base) $(WARN) $(FUZZ_CFLAGS) -c -o $@ $<

fuzz: $(FUZZ_BIN)
	@$(FUZZ_RUN) $(FUZZ_SECONDS) $(ALL_ZONES)

test-fuzz: $(FUZZ_BIN)
	@$(FUZZ_RUN) $(FUZZ_CHECK_SECONDS) $(ALL_ZONES)

# libFuzzer's -merge=1 keeps an input only if it adds coverage: the committed
# corpus stays minimal, and every input in it is replayed by test-fuzz.
fuzz-corpus: $(FUZZ_BIN)
	@mkdir -p tests/fuzz/corpus
	@$(FUZZ_BIN) -merge=1 -timeout=60 -rss_limit_mb=2048 tests/fuzz/corpus $(FUZZ_DIR)/corpus \
		>$(FUZZ_DIR)/merge.log 2>&1 || { tail -n 20 $(FUZZ_DIR)/merge.log; exit 1; }
	@echo "fuzz-corpus: $$(ls tests/fuzz/corpus | wc -l) inputs in tests/fuzz/corpus"

# ---- sanitizers ----------------------------------------------------------------
ASAN_BUILD  := build/asan
ASAN_CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
ASAN_MAKE    = $(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) CFLAGS="$(ASAN_CFLAGS)" \
               LDFLAGS="$(ASAN_CFLAGS)" CACHE=$(CACHE)
# detect_leaks is on by default; a leak, a UB report or an ASan error fails
# the run with a non-zero status that the suites see.
export ASAN_OPTIONS  ?= detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1:exitcode=98

check-asan:
	@$(ASAN_MAKE) $(ASAN_BUILD)/zonepolicy
	@sh tests/asan/run.sh $(MAKE) $(ASAN_BUILD) $(CACHE)

test-asan:
	@$(ASAN_MAKE) $(ASAN_BUILD)/zonepolicy >/dev/null
	@HOSTILE_SMALL=1 sh tests/asan/run.sh $(MAKE) $(ASAN_BUILD) $(CACHE)

# ThreadSanitizer: the build's two threads (the .pp beside the printers)
TSAN_BUILD  := build/tsan
TSAN_CFLAGS := -O1 -g -fsanitize=thread
test-tsan: $(BIN)
	@$(MAKE) --no-print-directory BUILD=$(TSAN_BUILD) CFLAGS="$(TSAN_CFLAGS)" LDFLAGS="$(TSAN_CFLAGS)" \
		$(TSAN_BUILD)/zonepolicy >/dev/null
	@sh tests/tsan/run.sh $(TSAN_BUILD)/zonepolicy $(CURDIR)/$(BIN) $(BUILD)/tsan-run

# valgrind on the small hostile cases too would be slow; the shipped modules
# are what the issue asks for.

test-valgrind: $(BIN)
	@sh tests/valgrind/run.sh $(CURDIR)/$(BIN) $(BUILD)/valgrind $(MODULES)

# ---- file contexts, reproducibility, environment faults -----------------------
FCMATCH := $(BUILD)/fcmatch/fcmatch
$(FCMATCH): tests/fcmatch/fcmatch.c
	@mkdir -p $(@D)
	$(CC) -D_GNU_SOURCE $(WARN) $(CFLAGS) -o $@ $< -lselinux

# base/basefc.c's own search against libselinux's matcher (issue 16)
FCAGREE := $(BUILD)/fcmatch/agree
FCAGREE_OBJ := $(BUILD)/base/basefc.o $(BUILD)/base/cache.o $(BUILD)/util/buf.o $(BUILD)/util/out.o \
               $(BUILD)/util/pathwalk.o $(BUILD)/util/strmap.o $(BUILD)/util/xalloc.o
$(FCAGREE): tests/fcmatch/agree.c $(FCAGREE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(INC_base) $(WARN) $(CFLAGS) -o $@ $^ -lselinux -lpcre2-8

test-fcmatch: $(BIN) $(FCMATCH) $(FCAGREE)
	@sh tests/fcmatch/run.sh $(CURDIR)/$(BIN) $(CURDIR)/$(FCMATCH) $(BUILD)/fcmatch $(CURDIR)/$(FCAGREE) $(ALL_ZONES)

test-repro: $(BIN)
	@sh tests/repro/run.sh $(CURDIR)/$(BIN) $(sort $(ALL_ZONES) $(wildcard tests/hostile/exact/*.zone))

test-envfault: $(BIN)
	@sh tests/envfault/run.sh $(CURDIR)/$(BIN) modules/sw/sw.zone
