#!/usr/bin/python3
"""lpcount.py POLICY DOMAIN: how much a domain may do in a linked policy.

Prints one line, `triples N own M rules R`:
  N  distinct (target type, class, permission) triples that the allow rules
     of the binary policy POLICY grant to DOMAIN, with target attributes
     expanded to their types and conditional rules counted only when their
     booleans' default values enable them;
  M  the same, counting only rules whose source is DOMAIN itself (what the
     module wrote), not an attribute of it (what the base gives every domain);
  R  the allow rules that contributed.
It reads the policy with the setools Python API (run it with /usr/bin/python3,
the interpreter Debian's python3-setools is built for).
"""
import sys

import setools


def types_of(policy, t, source):
    if str(t) == "self":
        return [str(source)]
    if isinstance(t, setools.policyrep.TypeAttribute):
        return [str(x) for x in t.expand()]
    return [str(t)]


def enabled(rule, defaults):
    try:
        cond = rule.conditional
    except setools.exception.RuleNotConditional:
        return True
    return cond.evaluate(**defaults) == rule.conditional_block


def count(path, domain):
    policy = setools.SELinuxPolicy(path)
    dom = policy.lookup_type(domain)
    defaults = {str(b): b.state for b in policy.bools()}
    allt, own = set(), set()
    rules = 0
    query = setools.TERuleQuery(policy, source=domain, ruletype=["allow"])
    for rule in query.results():
        if not enabled(rule, defaults):
            continue
        rules += 1
        direct = str(rule.source) == domain
        for t in types_of(policy, rule.target, dom):
            for p in rule.perms:
                key = (t, str(rule.tclass), p)
                allt.add(key)
                if direct:
                    own.add(key)
    return len(allt), len(own), rules


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: lpcount.py POLICY DOMAIN\n")
        return 2
    n, m, r = count(argv[1], argv[2])
    print("triples %d own %d rules %d" % (n, m, r))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
