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
CPPFLAGS += -D_GNU_SOURCE -DZP_VERSION='"$(VERSION)"' -Idsl -Igen -I$(BUILD)
# libsepol.a: the policydb API (policydb_read, avtab) is not exported by the .so
LDLIBS   += -l:libsepol.a -lselinux -lpcre2-8
# flex and bison output is not ours: keep the warnings, drop -Werror there.
GENWARN  := -std=c11 -Wall -Wno-unused-function -Wno-sign-compare -Wno-unused-parameter

DSL_SRC  := $(wildcard dsl/*.c)
GEN_SRC  := $(wildcard gen/*.c)
TEMPLATES:= $(sort $(wildcard templates/*.in))
OBJ      := $(DSL_SRC:%.c=$(BUILD)/%.o) $(GEN_SRC:%.c=$(BUILD)/%.o) \
            $(BUILD)/dsl/lexer.o $(BUILD)/dsl/parser.o $(BUILD)/templates.o
BIN      := $(BUILD)/zonepolicy

.PHONY: all deps demo check install clean
all: $(BIN)

$(BIN): $(OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c | $(BUILD)/dsl/parser.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/dsl/parser.c $(BUILD)/dsl/parser.h: dsl/parser.y
	@mkdir -p $(@D)
	bison -Wall -Werror --defines=$(BUILD)/dsl/parser.h -o $(BUILD)/dsl/parser.c $<

$(BUILD)/dsl/lexer.c $(BUILD)/dsl/lexer.h: dsl/lexer.l
	@mkdir -p $(@D)
	flex --header-file=$(BUILD)/dsl/lexer.h -o $(BUILD)/dsl/lexer.c $<

$(BUILD)/dsl/lexer.o: $(BUILD)/dsl/lexer.c $(BUILD)/dsl/parser.h
	$(CC) $(CPPFLAGS) $(GENWARN) $(CFLAGS) -c -o $@ $<
$(BUILD)/dsl/parser.o: $(BUILD)/dsl/parser.c $(BUILD)/dsl/lexer.h
	$(CC) $(CPPFLAGS) $(GENWARN) $(CFLAGS) -c -o $@ $<
$(DSL_SRC:%.c=$(BUILD)/%.o): $(BUILD)/dsl/lexer.h

# Templates are compiled into the binary (gen/template.c looks them up by name).
$(BUILD)/templates.c: $(TEMPLATES) tools/embed.sh
	@mkdir -p $(@D)
	sh tools/embed.sh $(TEMPLATES) > $@.tmp && mv $@.tmp $@
$(BUILD)/templates.o: $(BUILD)/templates.c
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -c -o $@ $<

# Everything the build, the demo and the tests need, installed when missing.
deps:
	@sh tools/deps.sh

install: $(BIN) modules-pp
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/selinux/packages
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/zonepolicy
	for pp in $(MODULE_PP); do install -m 644 $$pp $(DESTDIR)$(PREFIX)/share/selinux/packages/; done

clean:
	rm -rf $(BUILD)

-include $(OBJ:.o=.d)
include $(sort $(wildcard mk/*.mk))
