#!/usr/bin/python3
"""genzones.py N [MODULE]: write a .zone file with N VM zones to stdout.

The scale input of `make bench` (docs/bench.md).  Every zone has its own
entry file, a config directory, a log directory, a disk directory, one
device (kvm, tun by turns: both are private-instance devices, so they add no
flow edges) and a one-way channel to the next zone in source order; the
last zone's channel closes the ring onto the first.  A launcher starts them
all.  The output depends only on N and MODULE, so two runs give the same
bytes.
"""
import sys

DEVICES = ("kvm", "tun")


def zone_name(i):
    return "z%05d" % i


def generate(n, module, out):
    w = out.write
    w("# %d generated zones for the zonepolicy scale benchmark.\n" % n)
    w("module %s 1.0;\n\n" % module)
    w("launcher {\n    exec \"/usr/libexec/%s/start\";\n}\n" % module)
    for i in range(n):
        z = zone_name(i)
        w("\nvm %s {\n" % z)
        w("    exec \"/usr/libexec/%s/%s\";\n" % (module, z))
        w("    config \"/etc/%s/%s/\";\n" % (module, z))
        w("    log \"/var/log/%s/%s/\";\n" % (module, z))
        w("    disk \"/var/lib/%s/%s/\";\n" % (module, z))
        w("    device %s;\n" % DEVICES[i % len(DEVICES)])
        w("}\n")
    if n > 1:
        w("\n")
        for i in range(n):
            w("channel c%05d from %s to %s;\n"
              % (i, zone_name(i), zone_name((i + 1) % n)))


def main(argv):
    if len(argv) not in (2, 3) or not argv[1].isdigit() or int(argv[1]) < 1:
        sys.stderr.write("usage: genzones.py N [MODULE]\n")
        return 2
    generate(int(argv[1]), argv[2] if len(argv) == 3 else "gen", sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
