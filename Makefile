# zonepolicy: build, test and install.
#
#   make            build build/zonepolicy
#   make demo       install what is missing, build, compile modules/sw to a .pp,
#                   link it with Debian's reference policy offline, check it
#   make check      the same set-up, then every test
#   make install    PREFIX=/usr/local DESTDIR=
#
# Test and benchmark recipes live in mk/*.mk, one fragment per suite.

PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build
CC       ?= cc
VERSION  := 0.1.0

CFLAGS   ?= -O2 -g
WARN     := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CPPFLAGS += -D_GNU_SOURCE -DZP_VERSION='"$(VERSION)"'
# libsepol.a: the policydb API (policydb_read, avtab) is not exported by the .so;
# -pthread: build writes the .pp on a thread of its own (libpthread before glibc 2.34)
LDLIBS   += -l:libsepol.a -lselinux -lpcre2-8 -pthread
# flex and bison output is not ours: keep the warnings, drop -Werror there.
GENWARN  := -std=c11 -Wall -Wno-unused-function -Wno-sign-compare -Wno-unused-parameter \
            -Werror=int-conversion -Werror=implicit-function-declaration

# The source folders and what each may include (docs/architecture.md).  A
# folder sees only its own headers and those of the folders below it, so a
# forbidden include fails to compile: the checker never sees the AST.
#   util   buffers, hashing, files, running tools: depends on nothing
#   dsl    the language: lexer, parser, AST, checks, diagnostics
#   base   reading and linking base policies
#   check  the vector checker and flow analysis, on a binary policy only
#   gen    lowering to the rule IR and the emitters
#   cli    the subcommands
SRC_DIRS  := util dsl base check gen cli
INC_util  := -Iutil
INC_dsl   := -Idsl -Iutil
INC_base  := -Ibase -Iutil
INC_check := -Icheck -Ibase -Iutil
INC_gen   := -Igen -Idsl -Ibase -Iutil
INC_cli   := -Icli -Igen -Idsl -Ibase -Icheck -Iutil

SRC      := $(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.c))
TEMPLATES:= $(sort $(wildcard templates/*.in))
OBJ      := $(SRC:%.c=$(BUILD)/%.o) \
            $(BUILD)/dsl/lexer.o $(BUILD)/dsl/parser.o $(BUILD)/templates.o \
            $(BUILD)/permmap_override.o
BIN      := $(BUILD)/zonepolicy

# each object gets its folder's include path (also under $(BUILD)/fuzz)
$(foreach d,$(SRC_DIRS),$(eval $(BUILD)/$(d)/%.o $(BUILD)/fuzz/$(d)/%.o: INC := $(INC_$(d))))

.PHONY: all deps demo check install clean
all: $(BIN)

$(BIN): $(OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c | $(BUILD)/dsl/parser.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(INC) $(WARN) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/dsl/parser.c $(BUILD)/dsl/parser.h &: dsl/parser.y
	@mkdir -p $(@D)
	bison -Wall -Werror --defines=$(BUILD)/dsl/parser.h -o $(BUILD)/dsl/parser.c $<

$(BUILD)/dsl/lexer.c $(BUILD)/dsl/lexer.h &: dsl/lexer.l
	@mkdir -p $(@D)
	flex --header-file=$(BUILD)/dsl/lexer.h -o $(BUILD)/dsl/lexer.c $<

# (with -MMD too: a change to dsl/ast.h rebuilds them)
$(BUILD)/dsl/lexer.o: $(BUILD)/dsl/lexer.c $(BUILD)/dsl/parser.h
	$(CC) $(CPPFLAGS) $(INC_dsl) $(GENWARN) $(CFLAGS) -MMD -MP -c -o $@ $<
$(BUILD)/dsl/parser.o: $(BUILD)/dsl/parser.c $(BUILD)/dsl/lexer.h
	$(CC) $(CPPFLAGS) $(INC_dsl) $(GENWARN) $(CFLAGS) -MMD -MP -c -o $@ $<
$(filter $(BUILD)/dsl/%,$(SRC:%.c=$(BUILD)/%.o)): $(BUILD)/dsl/lexer.h

# Templates are compiled into the binary (gen/template.c looks them up by name).
$(BUILD)/templates.c: $(TEMPLATES) tools/embed.sh
	@mkdir -p $(@D)
	sh tools/embed.sh $(TEMPLATES) > $@.tmp && mv $@.tmp $@
$(BUILD)/templates.o: $(BUILD)/templates.c
	$(CC) $(CPPFLAGS) $(INC_gen) $(WARN) $(CFLAGS) -c -o $@ $<

# The reviewed permission-map override is compiled in too (base/permmap.h);
# `make install` also puts a copy in $(PREFIX)/share/zonepolicy/ to start from.
$(BUILD)/permmap_override.c: base/permmap.override
	@mkdir -p $(@D)
	{ echo '/* generated from base/permmap.override; do not edit */'; echo '#include "permmap.h"'; \
	  printf 'const char permmap_override_shipped[] =\n\t"'; \
	  od -An -v -t o1 $< | tr -s ' \n' '  ' | sed 's/^ *//; s/ *$$//; s/ /\\/g; s/^/\\/'; \
	  printf '";\n'; } > $@.tmp && mv $@.tmp $@
$(BUILD)/permmap_override.o: $(BUILD)/permmap_override.c
	$(CC) $(CPPFLAGS) $(INC_base) $(WARN) $(CFLAGS) -c -o $@ $<

# Everything the build, the demo and the tests need, installed when missing.
deps:
	@sh tools/deps.sh

install: $(BIN) modules-pp install-trial
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/selinux/packages $(DESTDIR)$(PREFIX)/share/zonepolicy
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/zonepolicy
	install -m 644 base/permmap.override $(DESTDIR)$(PREFIX)/share/zonepolicy/permmap.override
	for pp in $(MODULE_PP); do install -m 644 $$pp $(DESTDIR)$(PREFIX)/share/selinux/packages/; done

clean:
	rm -rf $(BUILD)

-include $(OBJ:.o=.d)
include $(sort $(wildcard mk/*.mk))
