# man.mk: the man pages zonepolicy(1) and zone(5) (issue 15, item 1).
# `make install` installs them (install-man); `make test-man` lints them
# with mandoc -Tlint (style level) and groff -ww -z, checks that each
# subcommand's options in zonepolicy(1) are those of its --help, that every
# keyword of the lexer is documented in zone(5) and that its example is
# modules/sw/sw.zone, and that install-man puts them where man finds them.
# tests/man/run.sh; mandoc comes from tools/deps.d/man.

MAN_PAGES := man/zonepolicy.1 man/zone.5

.PHONY: test-man install-man
CHECK_TARGETS += test-man
install: install-man

install-man:
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man5
	install -m 644 man/zonepolicy.1 $(DESTDIR)$(PREFIX)/share/man/man1/zonepolicy.1
	install -m 644 man/zone.5 $(DESTDIR)$(PREFIX)/share/man/man5/zone.5

test-man: $(BIN)
	@sh tests/man/run.sh $(CURDIR)/$(BIN)
