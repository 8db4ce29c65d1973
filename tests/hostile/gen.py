#!/usr/bin/env python3
"""gen.py OUTDIR: the hostile inputs too big to commit, each NAME.zone with
its expected NAME.err (diagnostic cases, OUTDIR/diag) or NAME.fcx (cases
that must compile, OUTDIR/exact).  The expected text is computed here from
the same parameters that made the input, so it is reviewed as source."""
import os
import sys

out = sys.argv[1]
diag = os.path.join(out, "diag")
exact = os.path.join(out, "exact")
os.makedirs(diag, exist_ok=True)
os.makedirs(exact, exist_ok=True)
SHOW = 160  # diag.c: bytes of a long source line shown around the caret


def put(d, name, zone, err=None, fcx=None):
    with open(os.path.join(d, name + ".zone"), "wb") as f:
        f.write(zone.encode())
    if err is not None:
        with open(os.path.join(d, name + ".err"), "w") as f:
            f.write(err)
    if fcx is not None:
        with open(os.path.join(d, name + ".fcx"), "w") as f:
            f.write(fcx)


def shown(line, col):
    """The source line and caret as diag.c prints them (ASCII lines)."""
    n, c = len(line), col - 1
    frm = 0
    if n > SHOW:
        frm = c - SHOW // 2 if c > SHOW // 2 else 0
        if frm + SHOW > n:
            frm = n - SHOW
        n = frm + SHOW
    return " " + line[frm:n] + "\n " + " " * (c - frm) + "^\n"


# A 64 KB identifier: one located error, the line shown in a window.
name = "a" * 65536
line = "program %s {" % name
put(diag, "ident-64k",
    "module hz 1.0;\n\n%s\n    exec \"/usr/libexec/hz/a\";\n}\n" % line,
    "ident-64k.zone:3:9: error: identifier is 65536 characters long; at most 40 are allowed "
    "[identifier-length]\n" + shown(line, 9))

# A 64 KB string.
path = "/etc/hz/" + "x" * 65536
line = '    config "%s";' % path
put(diag, "string-64k",
    'module hz 1.0;\n\nprogram a {\n    exec "/usr/libexec/hz/a";\n%s\n}\n' % line,
    "string-64k.zone:5:12: error: path is %d bytes long; at most 4095 are allowed [path-syntax]\n"
    % len(path) + shown(line, 12))

# 10k-deep nesting: one syntax error, no deep recursion anywhere.
line = "    limits {" * 10000
put(diag, "nesting-10k",
    'module hz 1.0;\nprogram a {\n    exec "/usr/libexec/hz/a";\n%s\n%s\n' % (line, "}" * 10001),
    "nesting-10k.zone:4:17: error: syntax error, unexpected 'limits', expecting 'cpu' or 'memory' "
    "or 'tasks' or '}' [syntax]\n" + shown(line, 17))

# A 10 MB file: comments, then one error on its last line.
body = "".join("# %07d %s\n" % (i, "c" * 90) for i in range(100000))
nlines = body.count("\n")
line = '    config "etc/hz/late.conf";'
put(diag, "big-10mb",
    'module hz 1.0;\n%sprogram a {\n    exec "/usr/libexec/hz/a";\n%s\n}\n' % (body, line),
    "big-10mb.zone:%d:12: error: path \"etc/hz/late.conf\" is not absolute [path-syntax]\n"
    % (nlines + 4) + shown(line, 12))

# 100k zones, every one in error: 100 shown, the rest counted.
zones = "".join("program z%d { }\n" % i for i in range(100000))
err = "".join("zones-100k-errors.zone:%d:9: error: program 'z%d' has no 'exec' statement "
              "[missing-exec]\n" % (i + 2, i) + shown("program z%d { }" % i, 9) for i in range(100))
put(diag, "zones-100k-errors", "module hz 1.0;\n" + zones,
    err + "zones-100k-errors.zone: 99900 more errors not shown\n")

# 100k valid zones: zonepolicy builds them within the time limit (without
# the .pp: checkmodule is quadratic in the rules, see docs/hardening.md);
# 10k valid zones: the same, .pp included.
for N, name in ((100000, "zones-100k-nopp"), (10000, "zones-10k")):
    zones = "".join('program z%d {\n    exec "/usr/libexec/hz/z%d";\n    config "/etc/hz/z%d.conf";\n}\n'
                    % (i, i, i) for i in range(N))
    fcx = "".join("/usr/libexec/hz/z%d\t--\tsystem_u:object_r:hz_z%d_exec_t:s0\n"
                  "/etc/hz/z%d\\.conf\t--\tsystem_u:object_r:hz_z%d_conf_t:s0\n" % (i, i, i, i)
                  for i in range(N))
    put(exact, name, "module hz 1.0;\n\n" + zones, fcx=fcx)
