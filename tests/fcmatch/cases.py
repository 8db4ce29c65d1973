#!/usr/bin/env python3
"""cases.py FILE.zone: the fcmatch cases of a zone, from the .zone text
itself (spec sections 2-4), not from the compiler's output: for every path,
the type it must get, for a directory path also files below it, and
look-alike paths that must not get it ('.' replaced, a character added or
removed, a sibling with the same prefix)."""
import os
import re
import subprocess
import sys

BASE_FC = os.environ.get("ZP_BASE_FC", "/etc/selinux/default/contexts/files/file_contexts")


def base_type(path):
    """the type the base's own file contexts give directory path (matchpathcon)"""
    r = subprocess.run(["matchpathcon", "-n", "-m", "dir", "-f", BASE_FC, path],
                       capture_output=True, text=True)
    parts = r.stdout.strip().split(":")
    return parts[2] if r.returncode == 0 and len(parts) > 2 else None


def base_owned(d):
    """spec + README "Sockets": a socket directory the base labels itself
    (a type other than its parent's) stays the base's: the module's .fc
    has no entry for it, unless the file takes it over"""
    parent = d.rsplit("/", 1)[0] or "/"
    own = base_type(d)
    return own is not None and own != base_type(parent)

text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
tok = re.compile(r'\s+|#[^\n]*|"((?:[^"\\\n]|\\.)*)"|([A-Za-z_][A-Za-z0-9_]*)|(\S)')
toks = []
for m in tok.finditer(text):
    if m.group(1) is not None:
        toks.append(("str", re.sub(r'\\(.)', r'\1', m.group(1))))
    elif m.group(2):
        toks.append(("id", m.group(2)))
    elif m.group(3):
        toks.append(("p", m.group(3)))
mod = None
zone = None     # None: top level; "": the launcher
role = {"exec": "exec", "config": "conf", "log": "log", "disk": "disk", "socket": "sock"}
out = []


def case(want, mode, path):
    out.append("%s %s %s" % (want, mode, path))


def lookalikes(t, p, mode):
    for i, c in enumerate(p):
        if c == ".":
            case("!" + t, mode, p[:i] + "X" + p[i + 1:])
    case("!" + t, mode, p + "X")
    case("!" + t, mode, p[:-1])


for i, (k, v) in enumerate(toks):
    if k == "id" and v == "module" and mod is None and i + 1 < len(toks):
        mod = toks[i + 1][1]
    elif k == "id" and v == "launcher":
        zone = ""
    elif k == "id" and v in ("vm", "program") and i + 1 < len(toks):
        zone = toks[i + 1][1]
    elif k == "p" and v == "}" and zone is not None and (i < 1 or toks[i - 1] != ("p", "{")):
        pass
    elif k == "id" and v in role and zone is not None and i + 1 < len(toks) and toks[i + 1][0] == "str":
        p = toks[i + 1][1]
        t = "%s_%s_t" % (mod if zone == "" else "%s_%s" % (mod, zone), role[v] if v != "exec" else "exec")
        takeover = i + 2 < len(toks) and toks[i + 2] == ("id", "takeover")
        shared = i + 2 < len(toks) and toks[i + 2] == ("id", "shared")
        if v == "exec" and shared:
            # the base's program, unchanged: the module labels nothing
            case("!" + t, "f", p)
        elif p.endswith("/") and v == "socket" and not takeover and base_owned(p[:-1]):
            d = p[:-1]
            # neither the directory nor what is in it is the module's to label
            for mode, q in (("d", d), ("f", d + "/f"), ("s", d + "/X0")):
                case("!" + t, mode, q)
        elif p.endswith("/"):
            d = p[:-1]
            case(t, "d", d)
            case(t, "f", d + "/f")
            case(t, "d", d + "/sub")
            case(t, "f", d + "/sub/f.x")
            lookalikes(t, d, "d")
            case("!" + t, "f", d + "X/f")
            case("!" + t, "d", d.rsplit("/", 1)[0] or "/")
        else:
            m = "s" if v == "socket" else "f"
            case(t, m, p)
            lookalikes(t, p, m)
            case("!" + t, m, p + "/f")
    elif k == "id" and v == "channel" and i + 1 < len(toks):
        c = toks[i + 1][1]
        j = i
        while j < len(toks) and toks[j] != ("p", ";"):
            j += 1
        via = any(toks[x] == ("id", "via") for x in range(i, j))
        case("%s_runtime_t" % mod, "d", "/run/%s" % mod)
        for w in (("in", "out") if via else ("fifo",)):
            t = "%s_%s_%s_t" % (mod, c, w)
            p = "/run/%s/%s.%s" % (mod, c, w)
            case(t, "p", p)
            lookalikes(t, p, "p")
print("\n".join(out))
