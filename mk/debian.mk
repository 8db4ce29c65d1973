# debian.mk: zonepolicy's own Debian package, built from a copy of the tree
# with dpkg-buildpackage (about a minute on 2 cores: debian/rules runs only
# the fast tests) and checked with lintian.  tests/debian/run.sh.

.PHONY: test-debian
CHECK_TARGETS += test-debian

test-debian:
	@sh tests/debian/run.sh
