#!/bin/sh
# longest.sh [N]: the N (default 10) longest functions of the C sources
# (util dsl base check gen cli), longest first, one "LINES FILE:LINE NAME"
# line each.  Run from the top of the tree.
#
# A function is what the kernel style makes easy to see: its head is a line
# that starts with a letter and has a '(' (the last such line before the
# body, so a head broken over two lines is named by its first), its body
# opens with '{' alone at the start of a line and closes at the next '}' at
# the start of a line.  LINES counts from the head to the closing brace.
# Ties are ordered by file and line, so the list is the same on every run.
set -eu
n=${1:-10}
cd "$(dirname "$0")/.."
for d in util dsl base check gen cli; do
	ls "$d"/*.c
done | LC_ALL=C sort | xargs awk '
FNR == 1 { head = ""; body = 0 }
/^[a-zA-Z].*\(/ && !body { head = $0; headline = FNR; next }
/^{/ && head != "" && !body { body = 1; next }
/^}/ && body {
	name = head
	sub(/\(.*/, "", name)
	sub(/.*[ *]/, "", name)
	printf "%d %s:%d %s\n", FNR - headline + 1, FILENAME, headline, name
	head = ""
	body = 0
	next
}
' | LC_ALL=C sort -k1,1nr -k2,2 | head -n "$n"
