#!/usr/bin/env python3
"""drift.py: what the man pages must say, checked against the program.

  drift.py options ZP PAGE SRCDIR
      For every subcommand `ZP help` lists, PAGE (zonepolicy.1) has a
      `.Ss zonepolicy CMD` subsection whose `.It Fl ...` options are exactly
      those of `ZP CMD --help`; and every long option of the command's
      getopt table (SRCDIR/cli/cmd_CMD.c) is in its --help.  A subsection
      for a command this binary lacks is reported, not failed (commands
      other branches add).
  drift.py keywords LEXER PAGE
      every keyword of the lexer's table is marked up in PAGE (zone.5) as
      `.Ic WORD`.
  drift.py example PAGE ZONE
      the reference system of PAGE's EXAMPLES is ZONE, comments aside.
"""
import re
import subprocess
import sys

OPT = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")


def help_options(zp, cmd):
    out = subprocess.run([zp, cmd, "--help"], capture_output=True, text=True)
    if out.returncode != 0:
        return None
    opts = set()
    for line in out.stdout.splitlines():
        if re.match(r"^\s+-", line):
            opts |= set(OPT.findall(re.split(r"\s{2,}", line.strip())[0]))
    return opts


def page_sections(page):
    """{cmd: set of options} from the .Ss zonepolicy CMD subsections"""
    secs, cur = {}, None
    for line in open(page, encoding="utf-8"):
        m = re.match(r"^\.Ss zonepolicy (\S+)", line)
        if m:
            cur = m.group(1)
            secs[cur] = set()
        elif line.startswith((".Ss", ".Sh")):
            cur = None
        elif cur and line.startswith(".It "):
            for flag in re.findall(r"\bFl (\S+)", line):
                secs[cur].add("-" + flag.replace("\\-", "-"))
    return secs


def getopt_longs(srcdir, cmd):
    try:
        text = open(f"{srcdir}/cli/cmd_{cmd}.c", encoding="utf-8").read()
    except OSError:
        return set()
    m = re.search(r"struct option \w+\[\] = \{(.*?)\n\t\};", text, re.S)
    return {"--" + n for n in re.findall(r'\{ "([\w-]+)",', m.group(1))} if m else set()


def options(zp, page, srcdir):
    out = subprocess.run([zp, "help"], capture_output=True, text=True).stdout
    cmds = [m.group(1) for m in re.finditer(r"^  ([a-z]+) ", out, re.M)]
    secs = page_sections(page)
    bad = 0
    if len(cmds) < 4:
        print(f"FAIL `{zp} help` lists {len(cmds)} commands")
        return 1
    for cmd in cmds:
        if cmd not in secs:
            print(f"FAIL {cmd}: no `.Ss zonepolicy {cmd}` in {page}")
            bad += 1
            continue
        if cmd in ("version", "help"):
            continue
        h = help_options(zp, cmd)
        if h is None:
            print(f"FAIL {cmd} --help exits non-zero")
            bad += 1
            continue
        for o in sorted(h - secs[cmd]):
            print(f"FAIL {cmd}: {o} is in --help, not in the man page")
            bad += 1
        for o in sorted(secs[cmd] - h):
            print(f"FAIL {cmd}: {o} is in the man page, not in --help")
            bad += 1
        for o in sorted(getopt_longs(srcdir, cmd) - h):
            print(f"FAIL {cmd}: {o} is accepted (cli/cmd_{cmd}.c) but not in --help")
            bad += 1
        print(f"ok {cmd}: {len(h)} options")
    for cmd in sorted(set(secs) - set(cmds)):
        print(f"note {cmd}: in the man page, not a command of this binary (yet)")
    return 1 if bad else 0


def keywords(lexer, page):
    text = open(lexer, encoding="utf-8").read()
    m = re.search(r"keywords\[\] = \{(.*?)\n\};", text, re.S)
    words = re.findall(r'\{ "([a-z_]+)",', m.group(1)) if m else []
    marked = set(re.findall(r"\bIc ([a-z_]+)", open(page, encoding="utf-8").read()))
    missing = [w for w in words if w not in marked]
    for w in missing:
        print(f"FAIL keyword '{w}' (dsl/lexer.l) is not documented in {page} (.Ic {w})")
    if len(words) < 30:
        print(f"FAIL only {len(words)} keywords found in {lexer}")
        return 1
    print(f"ok {len(words) - len(missing)} of {len(words)} keywords in {page}")
    return 1 if missing else 0


def strip(lines):
    return [re.sub(r"\s*#.*", "", l).rstrip() for l in lines]


def example(page, zone):
    lines = open(page, encoding="utf-8").read().splitlines()
    start = lines.index(".Sh EXAMPLES")
    block = lines[lines.index(".Bd -literal", start) + 1:]
    block = block[:block.index(".Ed")]
    src = open(zone, encoding="utf-8").read().splitlines()
    src = src[next(i for i, l in enumerate(src) if l.startswith("module ")):]
    if strip(block) != strip(src):
        print(f"FAIL the example of {page} is not {zone}")
        return 1
    print(f"ok the example is {zone}")
    return 0


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    sys.exit({"options": options, "keywords": keywords, "example": example}[cmd](*args))
