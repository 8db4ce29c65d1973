#!/usr/bin/python3
"""oracle.py POLICY VECTORS CHECK_JSON OVERRIDE: a second opinion on every vector.

Judges each vector of VECTORS on the binary POLICY with the setools Python
API (not libsepol's services, not zonepolicy's code), then compares the
verdict line by line with the one `zonepolicy check --json` wrote to
CHECK_JSON.  A few allow/deny/trans vectors are also judged by real
`sesearch` processes as a spot check of the setools verdicts.

  allow/deny  the union of the permissions of every enabled allow rule
              (booleans at their defaults) whose source and target sets
              hold SRC and TGT (one TERuleQuery pass, indexed by key);
  trans       a type_transition SRC EXEC:process NEW, and the allow rules
              for process transition, file entrypoint, file execute;
  noflow      setools.InfoFlowAnalysis (default permission map with
              zonepolicy's reviewed override applied and every permission
              neither knows counted both ways at weight 10, min weight 1,
              booleans at defaults) with the cut points excluded, keeping
              only steps made by the module's domains that are not ambient
              (docs/checking.md), then reachability with networkx;
  portcon     the type of the first of the policy's portcons (setools'
              portcons(), in the policy's order) that contains each port.

Constraints are not evaluated here (setools does not compute access
vectors); the vectors never depend on one, and a disagreement would show it.

Prints each disagreement and ends with `N passed, N failed` (one count per
vector: passed = the two checkers agree).  Exit 1 on any disagreement.
"""
import json
import os
import subprocess
import sys
import time

import networkx as nx
import setools

PRIVATE = ("kvm_device_t", "tun_tap_device_t", "null_device_t", "zero_device_t")
SUFFIXES = ("exec_t", "conf_t", "log_t", "disk_t", "sock_t", "port_t")
SPOT_MAX = int(os.environ.get("ORACLE_SPOT_MAX", "8"))   # 0: no sesearch spot checks


def parse_vectors(path):
    header = None
    vectors = []
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            body, _, comment = line.partition("#")
            comment = comment.strip()
            if comment.startswith("zonepolicy:"):
                w = comment[len("zonepolicy:"):].split()
                header = {"module": w[1], "launcher": None if w[3] == "-" else w[3],
                          "trusted": w[5:]}
                continue
            tok = body.split()
            if tok:
                vectors.append((lineno, tok))
    return header, vectors


class Oracle:
    def __init__(self, policy_path, header, override):
        self.path = policy_path
        self.override = override
        self.p = setools.SELinuxPolicy(policy_path)
        self.header = header
        self.av = {}     # (src, tgt, class) -> set of perms, enabled allow rules
        self.tt = {}     # (src, tgt) -> default type, process type_transition
        for r in setools.TERuleQuery(self.p, ruletype=["allow", "type_transition"]).results():
            if not r.enabled():
                continue
            key = (str(r.source), str(r.target), str(r.tclass))
            if r.ruletype == setools.TERuletype.allow:
                self.av.setdefault(key, set()).update(str(x) for x in r.perms)
            elif key[2] == "process":
                self.tt[key[:2]] = str(r.default)
        self._flow = None

    def names(self, t):
        """a type and its attributes, by name"""
        ty = self.p.lookup_type(t)
        return [str(ty)] + [str(a) for a in ty.attributes()]

    def te_perms(self, s, t, c):
        perms = set()
        for a in self.names(s):
            for b in self.names(t):
                perms |= self.av.get((a, b, c), set())
        return perms

    def judge(self, tok):
        kind = tok[0]
        try:
            if kind in ("allow", "deny"):
                s, t, c, perms = tok[1], tok[2], tok[3], set(tok[4:])
                got = self.te_perms(s, t, c) & perms
                return got == perms if kind == "allow" else not got
            if kind in ("trans", "notrans"):
                s, e, n = tok[1:4]
                tt = any(self.tt.get((a, b)) == n for a in self.names(s) for b in self.names(e))
                ok = (tt and "transition" in self.te_perms(s, n, "process")
                      and "entrypoint" in self.te_perms(n, e, "file")
                      and "execute" in self.te_perms(s, e, "file"))
                return ok if kind == "trans" else not ok
            if kind == "noflow":
                return not self.flows(tok[1], tok[2])
            if kind == "portcon" and len(tok) == 4:
                return self.port_labelled(tok[1], tok[2], tok[3])
            if kind == "policycap" and len(tok) == 2:
                return tok[1] in {str(c) for c in self.p.polcaps()}
        except (setools.exception.InvalidType, IndexError, KeyError, ValueError):
            return False
        return False

    def port_labelled(self, proto, ports, want):
        lo, _, hi = ports.partition("-")
        lo = int(lo)
        hi = int(hi) if hi else lo
        if not hasattr(self, "portcons"):
            self.portcons = [(str(pc.protocol), pc.ports.low, pc.ports.high, str(pc.context.type_))
                             for pc in self.p.portcons()]
        cons = [(a, b, t) for pr, a, b, t in self.portcons if pr == proto]
        for port in range(lo, hi + 1):
            first = next((t for a, b, t in cons if a <= port <= b), None)
            if first != want:
                return False
        return True

    # ---- information flow ----

    def setup_flow(self):
        p, h = self.p, self.header
        prefix = h["module"] + "_"
        domains = set(p.lookup_typeattr("domain").expand())
        self.prefix = prefix
        self.module_domains = {t for t in domains if str(t).startswith(prefix)}
        self.base_domains = domains - self.module_domains
        self.owner = {}
        for d in self.module_domains:
            self.owner[d] = d
            base = str(d)[:-2]
            for suf in SUFFIXES:
                try:
                    t = p.lookup_type(base + "_" + suf)
                except setools.exception.InvalidType:
                    continue
                if t not in domains and t not in self.owner:
                    self.owner[t] = d
        self.private = set()
        for name in PRIVATE:
            try:
                self.private.add(p.lookup_type(name))
            except setools.exception.InvalidType:
                pass
        cut_domains = {p.lookup_type(x) for x in ([h["launcher"]] if h["launcher"] else []) + h["trusted"]}
        self.cut_zone_types = {t for t, d in self.owner.items() if d in cut_domains}
        t0 = time.time()
        pm = setools.PermissionMap()
        pm.map_policy(p)
        for m in list(pm):             # unknown to the map: both ways
            if m.direction == "u":
                pm.set_direction(m.class_, m.perm, "b")
                pm.set_weight(m.class_, m.perm, 10)
        with open(self.override) as f:   # CLASS PERM DIR WEIGHT  # reason
            for line in f:
                w = line.partition("#")[0].split()
                if not w:
                    continue
                try:
                    pm.set_direction(w[0], w[1], w[2])
                    pm.set_weight(w[0], w[1], int(w[3]))
                except (setools.exception.UnmappedClass, setools.exception.UnmappedPermission):
                    pass                 # not in this policy
        self.pm = pm
        a = setools.InfoFlowAnalysis(p, pm, min_weight=1, exclude=sorted(self.base_domains | self.private),
                                     booleans={})
        a._build_subgraph()    # setools builds lazily; force it to time it
        self.graph_time = time.time() - t0
        self.analysis = a
        # keep the steps the module's domains make, minus ambient ones
        expand = {}

        def types(x):
            k = str(x)
            if k not in expand:
                expand[k] = set(x.expand())
            return expand[k]

        def ambient(rule, obj):
            return (isinstance(rule.source, setools.policyrep.TypeAttribute)
                    and not str(rule.source).startswith(prefix)
                    and not str(obj).startswith(prefix))

        g = nx.DiGraph()
        sub = a.subG
        for d in self.module_domains:
            if d not in sub:
                continue
            for u, v in list(sub.out_edges(d)) + list(sub.in_edges(d)):
                if g.has_edge(u, v):
                    continue
                for rule in setools.infoflow.InfoFlowStep(sub, u, v).rules:
                    rw, ww = pm.rule_weight(rule)
                    if (ww and u in self.module_domains and u in types(rule.source)
                            and v in types(rule.target) and not ambient(rule, v)):
                        g.add_edge(u, v)
                        break
                    if (rw and v in self.module_domains and v in types(rule.source)
                            and u in types(rule.target) and not ambient(rule, u)):
                        g.add_edge(u, v)
                        break
        self.g = g

    def flows(self, a_name, b_name):
        if self._flow is None:
            self.setup_flow()
            self._flow = True
        a, b = self.p.lookup_type(a_name), self.p.lookup_type(b_name)
        if a not in self.module_domains or b not in self.module_domains:
            raise KeyError(a_name)
        blocked = {t for t in self.cut_zone_types if self.owner[t] not in (a, b)}
        h = self.g.subgraph([n for n in self.g.nodes if n not in blocked])
        srcs = [t for t, d in self.owner.items() if d == a and t in h]
        dsts = {t for t, d in self.owner.items() if d == b}
        for s in srcs:
            if dsts & nx.descendants(h, s):
                return True
        return False


def sesearch_verdict(policy, tok):
    """the verdict of real sesearch processes, or None when undecidable"""
    kind = tok[0]

    def allowed(s, t, c, perms):
        run = subprocess.run(["sesearch", "-A", "-s", s, "-t", t, "-c", c, "-p", ",".join(sorted(perms)),
                              policy], capture_output=True, text=True)
        if run.returncode != 0:    # an unknown name: nothing is allowed
            return set()
        out = run.stdout
        got = set()
        for line in out.splitlines():
            line = line.strip()
            if not line.startswith("allow"):
                continue
            if "[" in line:        # conditional: needs the boolean's state
                return None
            body = line.split(":", 1)[1].split(None, 1)[1].rstrip(";").strip()
            got |= set(body.strip("{} ").split())
        return got & set(perms)

    if kind in ("allow", "deny"):
        got = allowed(tok[1], tok[2], tok[3], set(tok[4:]))
        if got is None:
            return None
        return got == set(tok[4:]) if kind == "allow" else not got
    if kind in ("trans", "notrans"):
        s, e, n = tok[1:4]
        out = subprocess.run(["sesearch", "-T", "-s", s, "-t", e, "-c", "process", policy],
                             capture_output=True, text=True).stdout
        tt = any(line.split()[-1].rstrip(";") == n for line in out.splitlines() if line.startswith("type_transition"))
        parts = [allowed(s, n, "process", {"transition"}), allowed(n, e, "file", {"entrypoint"}),
                 allowed(s, e, "file", {"execute"})]
        if None in parts:
            return None
        ok = tt and all(parts)
        return ok if kind == "trans" else not ok
    return None


def main():
    if len(sys.argv) != 5:
        print("usage: oracle.py POLICY VECTORS CHECK_JSON OVERRIDE", file=sys.stderr)
        return 2
    policy, vfile, cjson, override = sys.argv[1:]
    with open(cjson) as f:
        report = json.load(f)
    check = {r["line"]: r["pass"] for r in report["results"]}
    header, vectors = parse_vectors(vfile)
    t0 = time.time()
    o = Oracle(policy, header, override)
    t_load = time.time() - t0
    passed = failed = 0
    t1 = time.time()
    verdicts = {}
    for lineno, tok in vectors:
        verdict = o.judge(tok)
        verdicts[lineno] = verdict
        if lineno not in check:
            print(f"{vfile}:{lineno}: zonepolicy check reported nothing for: {' '.join(tok)}")
            failed += 1
        elif check[lineno] != verdict:
            print(f"{vfile}:{lineno}: DISAGREE: {' '.join(tok)}: zonepolicy check says "
                  f"{'pass' if check[lineno] else 'fail'}, setools says {'pass' if verdict else 'fail'}")
            failed += 1
        else:
            passed += 1
    t_judge = time.time() - t1
    # spot check: real sesearch on a deterministic sample
    sample = [(n, t) for n, t in vectors if t[0] in ("allow", "deny")]
    step = max(1, len(sample) // (SPOT_MAX - 2))
    sample = sample[::step][:SPOT_MAX - 2] + [(n, t) for n, t in vectors if t[0] in ("trans", "notrans")][:2]
    if SPOT_MAX == 0:
        sample = []
    t2 = time.time()
    spot = 0
    for lineno, tok in sample:
        v = sesearch_verdict(policy, tok)
        if v is None:
            print(f"{vfile}:{lineno}: sesearch spot check skipped (conditional rule): {' '.join(tok)}")
            continue
        spot += 1
        if v != verdicts[lineno]:
            print(f"{vfile}:{lineno}: DISAGREE: sesearch says {'pass' if v else 'fail'}, "
                  f"setools API says {'pass' if verdicts[lineno] else 'fail'}: {' '.join(tok)}")
            failed += 1
        else:
            passed += 1
    t_spot = time.time() - t2
    nflow = sum(1 for _, t in vectors if t[0] == "noflow")
    print(f"oracle {vfile}: {len(vectors)} vectors; setools load+index {t_load:.1f} s, "
          f"judging {t_judge:.1f} s (infoflow graph {getattr(o, 'graph_time', 0):.1f} s for {nflow} noflow); "
          f"{spot} sesearch spot checks in {t_spot:.1f} s ({t_spot / max(spot, 1):.2f} s each)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
