#!/usr/bin/python3
"""run.py: `make bench`, what zonepolicy costs next to the tools users would
use instead (issue 7; the method is in docs/bench.md).

Every figure is the median of several runs (hyperfine, or /usr/bin/time for
peak memory) and is printed next to a baseline measured in the same run, as
a ratio: shared machines are noisy, ratios less so.  The table goes to
stdout and to the results file (bench/results.md under `make bench`).

Sections:
  1 build     zonepolicy build of the reference zone to .pp, next to the
              hand-written refpolicy module in bench/handwritten built with
              the devel Makefile from clean
  2 scale     generated files of 10..10000 zones (bench/genzones.py): build
              time, peak memory, link time; an sw build after two
              10000-zone builds filled the cache; least privilege of a VM
              domain
  3 check     zonepolicy check of every vector, next to one sesearch
              process per vector (sampled, extrapolated)
  4 flow      the noflow vectors via zonepolicy check, next to seinfoflow
  5 kernel    make kernel-check ZONE=modules/sw/sw.zone, when it exists:
              the boot and both runs (QEMU start to exit) and the guest's
              stages; one shipped module's trial (BENCH_TRIAL_ZONE) with
              the cost of each stage

Run it with /usr/bin/python3: the setools module is Debian's.
"""
import argparse
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

import setools

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEVEL_MAKEFILE = "/usr/share/selinux/devel/Makefile"
PERM_MAP = "/usr/lib/python3/dist-packages/setools/perm_map"
REF_ZONE = "modules/sw/sw.zone"
VM_DOMAIN = "sw_general_t"
# Device types whose every open is a private instance (spec section 6):
# not channels between the zones that share them.
PRIVATE_DEVICES = ("kvm_device_t", "tun_tap_device_t", "null_device_t", "zero_device_t")


class Bench:
    def __init__(self, args):
        self.zp = os.path.abspath(args.zp)
        self.out = os.path.abspath(args.out)
        self.runs = args.runs
        self.args = args
        self.rows = []          # (section, figure, value, baseline, ratio, goal, verdict)
        self.notes = []
        self.problems = []
        self.env = dict(os.environ, LC_ALL="C")

    # ---- helpers -----------------------------------------------------------

    def log(self, msg):
        sys.stderr.write("bench: %s\n" % msg)
        sys.stderr.flush()

    def path(self, *parts):
        return os.path.join(self.out, *parts)

    def fresh_dir(self, *parts):
        d = self.path(*parts)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        return d

    def run(self, argv, cwd=None, check=True):
        """Run once, untimed; return (status, stdout+stderr)."""
        p = subprocess.run(argv, cwd=cwd, env=self.env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        if check and p.returncode != 0:
            raise RuntimeError("%s failed (%d):\n%s" % (" ".join(argv), p.returncode, p.stdout[-2000:]))
        return p.returncode, p.stdout

    def hyperfine(self, name, cmd, runs=None, prepare=None, cwd=None, warmup=1,
                  ignore_failure=False):
        """Median wall time of a shell command over `runs` runs, in seconds."""
        res = self.compare(name, [(cmd, prepare)], runs=runs, rounds=1, cwd=cwd,
                           warmup=warmup, ignore_failure=ignore_failure)[0]
        return res["median"], res["n"]

    def compare(self, name, cmds, runs=None, rounds=1, cwd=None, warmup=1,
                ignore_failure=False):
        """Time several shell commands (each with an optional prepare command)
        in `rounds` alternating hyperfine rounds of `runs` runs each, so that
        a burst of load on a shared machine falls on all of them alike.
        Returns, per command, the median wall time, the number of runs and
        the mean CPU time (user + system, children included)."""
        runs = runs or self.runs
        times = [[] for _ in cmds]
        cpu = [[] for _ in cmds]
        for rnd in range(rounds):
            js = self.path("hyperfine", "%s.%d.json" % (name, rnd))
            os.makedirs(os.path.dirname(js), exist_ok=True)
            # -N: no intermediate shell, so no shell start-up to subtract (that
            # correction goes wrong under load); output goes to /dev/null.
            argv = ["hyperfine", "-N", "--style", "none", "--runs", str(runs),
                    "--warmup", str(warmup if rnd == 0 else 0), "--export-json", js]
            if any(p for _, p in cmds):
                for _, p in cmds:   # -N applies to these too: give them a shell
                    argv += ["--prepare", "sh -c %s" % shlex.quote(p) if p else "true"]
            if ignore_failure:
                argv.append("--ignore-failure")
            argv += [c for c, _ in cmds]
            p = subprocess.run(argv, cwd=cwd, env=self.env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
            if p.returncode != 0:
                raise RuntimeError("hyperfine %s failed:\n%s" % (name, p.stdout[-2000:]))
            with open(js) as f:
                for i, res in enumerate(json.load(f)["results"]):
                    times[i] += res["times"]
                    cpu[i] += [res["user"] + res["system"]] * len(res["times"])
        return [{"median": statistics.median(t), "n": len(t), "cpu": statistics.mean(c)}
                for t, c in zip(times, cpu)]

    def peak_rss(self, argv, runs=3, prepare=None):
        """Median peak resident set (MB) over runs, from GNU time's %M: the
        largest of the process and the children it waited for."""
        vals = []
        for _ in range(runs):
            if prepare:
                prepare()
            f = self.path("time.out")
            p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", f] + argv,
                               env=self.env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
            if p.returncode != 0:
                raise RuntimeError("%s failed:\n%s" % (" ".join(argv), p.stderr[-2000:]))
            with open(f) as fh:
                vals.append(int(fh.read().split()[-1]) / 1024.0)
        return statistics.median(vals)

    def row(self, section, figure, value, baseline="", ratio="", goal="", verdict=""):
        self.rows.append((section, figure, value, baseline, ratio, goal, verdict))

    # ---- 1. build ----------------------------------------------------------

    def bench_build(self):
        self.log("1/5 build: zonepolicy vs the devel Makefile")
        q = shlex.quote
        zone = os.path.join(ROOT, REF_ZONE)
        ref = self.fresh_dir("build-zp")
        # the outputs every later section uses, built once, untimed
        self.run([self.zp, "build", "-o", ref, zone])
        zdir = self.fresh_dir("build-zp-timed")
        tdir = self.fresh_dir("build-tools")   # the output must be named after the module
        hw = self.fresh_dir("handwritten")
        for f in ("sw.te", "sw.if", "sw.fc"):
            shutil.copy(os.path.join(HERE, "handwritten", f), hw)
        # zonepolicy writes over its previous outputs (atomically), as a
        # user's rebuild does; the devel Makefile starts from clean.
        res = self.compare("build", [
            ("%s build -o %s %s" % (q(self.zp), q(zdir), q(zone)), None),
            ("%s build --no-pp -o %s %s" % (q(self.zp), q(zdir), q(zone)), None),
            ("%s build --pp-tool=checkmodule -o %s %s" % (q(self.zp), q(zdir), q(zone)), None),
            ("make -s -f %s sw.pp" % DEVEL_MAKEFILE,
             "rm -rf %s/tmp %s/sw.pp" % (q(hw), q(hw))),
            ("sh -c %s" % q("checkmodule -M -m -o %s %s >/dev/null && semodule_package -o %s -m %s -f %s"
                            % (q(tdir + "/sw.mod"), q(ref + "/sw.te"), q(tdir + "/sw.pp"),
                               q(tdir + "/sw.mod"), q(ref + "/sw.fc"))), None),
        ], runs=max(1, self.runs // 2 + 1), rounds=self.args.rounds, cwd=hw)
        if not os.path.exists(os.path.join(hw, "sw.pp")):
            raise RuntimeError("the hand-written module did not build")
        zp, nopp, cm, mk, tools = res
        self.t_build_zp = zp["median"]
        r = mk["median"] / zp["median"]
        base = "hand-written sw.te/.if/.fc, devel Makefile from clean: %s" % sec(mk["median"])
        self.row("1 build", "zonepolicy build sw.zone -> .pp (%d runs)" % zp["n"], sec(zp["median"]),
                 base, x(r), ">= 30x", verdict(r >= 30))
        self.row("1 build", "  CPU time (user+sys, children included)", sec(zp["cpu"]),
                 "devel Makefile: %s" % sec(mk["cpu"]), x(mk["cpu"] / zp["cpu"]), ">= 30x",
                 verdict(mk["cpu"] / zp["cpu"] >= 30))
        r_cm = mk["median"] / cm["median"]
        self.row("1 build", "  before: build --pp-tool=checkmodule (checkmodule + semodule_package)",
                 sec(cm["median"]), "devel Makefile: %s" % sec(mk["median"]), x(r_cm), "",
                 "in process: %s faster" % x(cm["median"] / zp["median"]))
        self.row("1 build", "zonepolicy build --no-pp (no .pp)", sec(nopp["median"]),
                 "devel Makefile: %s" % sec(mk["median"]), x(mk["median"] / nopp["median"]), "", "")
        self.row("1 build", "  CPU time", sec(nopp["cpu"]),
                 "devel Makefile: %s" % sec(mk["cpu"]), x(mk["cpu"] / nopp["cpu"]), "", "")
        self.row("1 build", "checkmodule + semodule_package alone on the generated sw.te/.fc",
                 sec(tools["median"]), "zonepolicy build: %s" % sec(zp["median"]),
                 "%.0f%%" % (100.0 * tools["median"] / zp["median"]), "", "share of the build")

    # ---- 2. scale ----------------------------------------------------------

    def bench_scale(self):
        self.log("2/5 scale: generated zone files")
        q = shlex.quote
        prev = None
        first_link = None
        for nz in self.args.sizes:
            d = self.fresh_dir("scale", str(nz))
            zf = os.path.join(d, "gen.zone")
            with open(zf, "w") as f:
                subprocess.run(["/usr/bin/python3", os.path.join(HERE, "genzones.py"), str(nz)],
                               stdout=f, check=True)
            od = os.path.join(d, "out")
            runs = self.runs    # 5: the 10000-zone figure varies by 10% from run to run here
            prep = "rm -rf %s && mkdir -p %s" % (q(od), q(od))
            self.log("  %d zones: build" % nz)
            # one warm-up run at every size, as elsewhere in the bench: the
            # first build of a size writes its outputs into memory the guest
            # has not used lately, and makes that size's memos (the
            # 10000-zone one its own, basefc-large); what is compared is the
            # cost of a build, not of a machine's first touch
            t_b, n = self.hyperfine("scale-build-%d" % nz, "%s build -o %s %s" % (q(self.zp), q(od), q(zf)),
                                    runs=runs, prepare=prep, warmup=1)
            np_res = self.compare("scale-nopp-%d" % nz, [("%s build --no-pp -o %s %s"
                                                          % (q(self.zp), q(od), q(zf)), prep)],
                                  runs=runs, warmup=1)[0]
            t_np, c_np = np_res["median"], np_res["cpu"]

            t_cm = None
            if nz <= 10000:
                # issue 16: the .pp by checkmodule, the old path, one run
                self.log("  %d zones: build --pp-tool=checkmodule" % nz)
                t_cm = self.compare("scale-checkmodule-%d" % nz, [
                    ("%s build --pp-tool=checkmodule -o %s %s" % (q(self.zp), q(od), q(zf)), prep)],
                    runs=1 if nz >= 10000 else max(1, runs // 2), warmup=0)[0]["median"]

            def mk():
                shutil.rmtree(od, ignore_errors=True)
                os.makedirs(od)
            mruns = 3 if nz < 10000 else 1
            m_np = self.peak_rss([self.zp, "build", "--no-pp", "-o", od, zf], runs=mruns, prepare=mk)
            m_b = self.peak_rss([self.zp, "build", "-o", od, zf], runs=mruns, prepare=mk)
            # the last build above left out/gen.pp in place for the link
            pp = os.path.join(od, "gen.pp")
            lruns = self.args.link_runs if nz < 10000 else 1
            t_l = ln = None
            if nz <= 10000:     # 100000 zones: the link is item 2's to make feasible
                self.log("  %d zones: link (%d run%s)" % (nz, lruns, "s" if lruns > 1 else ""))
                t_l, ln = self.hyperfine("scale-link-%d" % nz, "%s link %s -o %s"
                                         % (q(self.zp), q(pp), q(os.path.join(d, "gen.33"))),
                                         runs=lruns, warmup=0)
            if first_link is None:
                first_link = t_l
            fig = "%d zones: build -> .pp (%d runs)" % (nz, n)
            if prev:
                pn, pb, pnp, pl = prev
                g = t_b / pb
                self.row("2 scale", fig, sec(t_b), "%d zones: %s" % (pn, sec(pb)), x(g),
                         "<= 11x per 10x zones", verdict(g <= 11))
                g2 = t_np / pnp
                self.row("2 scale", "%d zones: build --no-pp" % nz, sec(t_np),
                         "%d zones: %s" % (pn, sec(pnp)), x(g2), "<= 11x per 10x zones", verdict(g2 <= 11))
                g3 = c_np / prev_cpu
                self.row("2 scale", "%d zones: build --no-pp, CPU time (less load-sensitive)" % nz,
                         sec(c_np), "%d zones: %s" % (pn, sec(prev_cpu)), x(g3), "<= 11x per 10x zones",
                         verdict(g3 <= 11))
            else:
                self.row("2 scale", fig, sec(t_b), "", "", "", "")
                self.row("2 scale", "%d zones: build --no-pp" % nz, sec(t_np), "", "", "", "")
            goal_t = goal_m = ""
            ok_t = ok_m = None
            goal_np = ""
            ok_np = None
            if nz == 1000:
                goal_t, ok_t = "< 1 s", t_b < 1.0
                goal_m, ok_m = "< 200 MB", m_b < 200
            if nz == 10000:
                # issue 16: the compiler at 10000 zones (checkmodule's own
                # peak is the full-build row)
                goal_np, ok_np = "< 200 MB", m_np < 200
            if nz == 100000:
                goal_t, ok_t = "< 30 s", t_b < 30.0
            self.row("2 scale", "%d zones: time, full build" % nz, sec(t_b), "1 s", x(t_b / 1.0),
                     goal_t, verdict(ok_t) if ok_t is not None else "")
            if t_cm is not None:
                self.row("2 scale", "%d zones: build -> .pp, before: --pp-tool=checkmodule" % nz, sec(t_cm),
                         "in process: %s" % sec(t_b), x(t_cm / t_b), "", "in process is %s faster" % x(t_cm / t_b))
            self.row("2 scale", "%d zones: peak RSS, full build (with the .pp)" % nz, mb(m_b),
                     "200 MB", x(m_b / 200.0), goal_m, verdict(ok_m) if ok_m is not None else "")
            self.row("2 scale", "%d zones: peak RSS, compiler alone (--no-pp)" % nz, mb(m_np),
                     "200 MB", x(m_np / 200.0), goal_np, verdict(ok_np) if ok_np is not None else "")
            vbytes = os.path.getsize(os.path.join(od, "gen.vectors"))
            if prev:
                per, pper = vbytes / nz, prev_vbytes / prev[0]
                self.row("2 scale", "%d zones: vectors file, bytes per zone (%s in all)" % (nz, mb(vbytes / 1e6)),
                         "%.0f" % per, "%d zones: %.0f" % (prev[0], pper), x(per / pper),
                         "linear: <= 1.1x per zone", verdict(per / pper <= 1.1))
            prev_vbytes = vbytes
            if t_l is not None:
                self.row("2 scale", "%d zones: zonepolicy link into Debian's policy (%d run%s)"
                         % (nz, ln, "s" if ln > 1 else ""), sec(t_l),
                         "%s zones: %s" % (self.args.sizes[0], sec(first_link)), x(t_l / first_link), "", "")
            prev = (nz, t_b, t_np, t_l)
            prev_cpu = c_np

    def bench_memo(self):
        """issue 16: the base file-contexts memo is bounded, so an sw build
        costs the same whatever earlier builds asked the cache."""
        self.log("  cache: sw build after two 10000-zone builds filled it")
        q = shlex.quote
        d = self.fresh_dir("memo")
        sw = os.path.join(ROOT, REF_ZONE)
        od, cache = os.path.join(d, "out"), os.path.join(d, "cache")
        warm, filled = os.path.join(d, "warm"), os.path.join(d, "filled")

        def build(c, zone):
            shutil.rmtree(od, ignore_errors=True)
            os.makedirs(od)
            p = subprocess.run([self.zp, "build", "--no-pp", "-o", od, zone],
                               env=dict(self.env, ZONEPOLICY_CACHE=c), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
            if p.returncode != 0:
                raise RuntimeError("build %s failed:\n%s" % (zone, p.stderr[-2000:]))
        build(warm, sw)
        build(filled, sw)
        for module in ("gen", "other"):
            zf = os.path.join(d, module + ".zone")
            with open(zf, "w") as f:
                subprocess.run(["/usr/bin/python3", os.path.join(HERE, "genzones.py"), "10000", module],
                               stdout=f, check=True)
            build(filled, zf)
        memo = sum(os.path.getsize(os.path.join(filled, n)) for n in os.listdir(filled)
                   if n.startswith("basefc-"))
        cmd = "env ZONEPOLICY_CACHE=%s %s build --no-pp -o %s %s" % (q(cache), q(self.zp), q(od), q(sw))
        res = self.compare("memo-sw", [
            (cmd, "rm -rf %s" % q(cache)),
            (cmd, "rm -rf %s && cp -r %s %s" % (q(cache), q(warm), q(cache))),
            (cmd, "rm -rf %s && cp -r %s %s" % (q(cache), q(filled), q(cache)))],
            rounds=self.args.rounds, warmup=0)
        fresh, warmed, full = res
        # CPU time: a build this short is mostly noise in wall time on a
        # shared machine
        r = full["cpu"] / fresh["cpu"]
        self.row("2 scale", "sw build --no-pp, CPU time, cache filled by two 10000-zone builds "
                 "(memo %.0f kB; %d runs)" % (memo / 1e3, full["n"]), sec(full["cpu"]),
                 "fresh cache: %s" % sec(fresh["cpu"]), x(r), "~1x (<= 1.2x)", verdict(r <= 1.2))
        r2 = full["cpu"] / warmed["cpu"]
        self.row("2 scale", "the same, next to a cache only sw's own build filled (wall: %s, %s)"
                 % (sec(full["median"]), sec(warmed["median"])), sec(full["cpu"]),
                 "sw's cache: %s" % sec(warmed["cpu"]), x(r2), "", "")

    def bench_least_privilege(self):
        self.log("2/5 least privilege: %s, generated vs hand-written" % VM_DOMAIN)
        lp = os.path.join(HERE, "lpcount.py")
        _, a = self.run(["/usr/bin/python3", lp, self.sw_policy, VM_DOMAIN])
        _, b = self.run(["/usr/bin/python3", lp, self.hw_policy, VM_DOMAIN])
        ga, gb = parse_lp(a), parse_lp(b)
        self.row("2 scale", "least privilege: (target, class, perm) triples of %s, generated"
                 % VM_DOMAIN, "%d" % ga[0], "hand-written: %d" % gb[0], x(gb[0] / ga[0]),
                 "fewer than hand-written", verdict(ga[0] <= gb[0]))
        self.row("2 scale", "  of which from rules naming %s itself" % VM_DOMAIN, "%d" % ga[1],
                 "hand-written: %d" % gb[1], x(gb[1] / ga[1]), "", "")
        st, out = self.run([self.zp, "check", "--policy", self.hw_policy,
                            self.path("build-zp", "sw.vectors")], check=False)
        self.row("2 scale", "sw.vectors on the hand-written module's linked policy",
                 last_count(out), "", "", "", "")

    # ---- 3. check ----------------------------------------------------------

    def link_reference(self):
        """Link the generated and the hand-written sw.pp once (the first link
        may build the base cache, which is not what we measure)."""
        self.log("linking sw.pp (generated and hand-written) into Debian's policy")
        d = self.fresh_dir("link")
        self.sw_vectors = self.path("build-zp", "sw.vectors")
        self.sw_policy = os.path.join(d, "sw.33")
        self.hw_policy = os.path.join(d, "hw.33")
        self.run([self.zp, "link", self.path("build-zp", "sw.pp"), "-o", self.sw_policy])
        self.run([self.zp, "link", self.path("handwritten", "sw.pp"), "-o", self.hw_policy])

    def bench_check(self):
        self.log("3/5 check: zonepolicy check vs one sesearch per vector")
        q = shlex.quote
        st, out = self.run([self.zp, "check", "--policy", self.sw_policy, self.sw_vectors], check=False)
        counts = last_count(out)
        t_zp, n = self.hyperfine("check-zp", "%s check --policy %s %s"
                                 % (q(self.zp), q(self.sw_policy), q(self.sw_vectors)),
                                 ignore_failure=True)
        vecs = read_vectors(self.sw_vectors)
        queries = [v for v in vecs if v[0] != "noflow"]
        k = min(self.args.sesearch_sample, len(queries))
        stride = len(queries) / float(k)
        sample = [queries[int(i * stride)] for i in range(k)]
        times = []
        for v in sample:
            argv = sesearch_argv(v, self.sw_policy)
            t0 = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=self.env)
            times.append(time.perf_counter() - t0)
        per = statistics.median(times)
        est = per * len(queries)
        self.t_check_zp = t_zp
        self.row("3 check", "zonepolicy check, all %d vectors of sw (%s; %d runs)"
                 % (len(vecs), counts, n), sec(t_zp),
                 "sesearch per vector: %d vectors x %s (median of %d sampled) = %s"
                 % (len(queries), sec(per), k, sec(est)),
                 x(est / t_zp), ">= 1000x", verdict(est / t_zp >= 1000))
        self.notes.append("Check: sesearch answers the %d allow/deny/trans/notrans vectors; the "
                          "%d noflow vectors, which sesearch cannot answer, are left to section 4 "
                          "but stay in zonepolicy's timed run. %d of the %d sesearch processes were "
                          "run (every %.1fth vector) and their median multiplied by %d."
                          % (len(queries), len(vecs) - len(queries), k, len(queries), stride,
                             len(queries)))

    def bench_loop(self):
        """Issue 16 item 2: the CI user's loop, build -> link -> check of sw,
        with the base's compile cached (warm: link_reference made it), next to
        the same loop with `link --full` (secilc over the whole base)."""
        self.log("3/5 loop: build + link + check of sw, the fast link vs link --full")
        q = shlex.quote
        d = self.fresh_dir("loop")
        zone = os.path.join(ROOT, REF_ZONE)
        pp, pol, vec = os.path.join(d, "sw.pp"), os.path.join(d, "sw.33"), os.path.join(d, "sw.vectors")

        def loop(full):
            return "sh -c %s" % q("%s build -o %s %s >/dev/null && %s link%s %s -o %s >/dev/null 2>&1 && "
                                  "%s check --policy %s %s >/dev/null"
                                  % (q(self.zp), q(d), q(zone), q(self.zp), " --full" if full else "",
                                     q(pp), q(pol), q(self.zp), q(pol), q(vec)))

        def link(full):
            return "%s link%s %s -o %s" % (q(self.zp), " --full" if full else "", q(pp), q(pol))
        runs = self.args.link_runs
        fast, full = self.compare("loop", [(loop(False), None), (loop(True), None)], runs=runs)
        lfast, lfull = self.compare("link", [(link(False), None), (link(True), None)], runs=runs)
        self.row("3 check", "build + link + check of sw, warm, the fast link (%d runs)" % fast["n"],
                 sec(fast["median"]), "the same with link --full: %s" % sec(full["median"]),
                 x(full["median"] / fast["median"]), "< 0.5 s", verdict(fast["median"] < 0.5))
        self.row("3 check", "  zonepolicy link of sw alone, the fast link (%d runs)" % lfast["n"],
                 sec(lfast["median"]), "link --full: %s" % sec(lfull["median"]),
                 x(lfull["median"] / lfast["median"]), "", "")

    # ---- 4. flow -----------------------------------------------------------

    def bench_flow(self):
        self.log("4/5 flow: noflow vectors via zonepolicy check vs seinfoflow")
        q = shlex.quote
        nf = self.path("noflow.vectors")
        header = []
        lines = []
        with open(self.sw_vectors) as f:
            for line in f:
                if line.startswith("# zonepolicy:"):
                    header.append(line)          # the cut points
                elif line.split()[:1] == ["noflow"]:
                    lines.append(line)
        with open(nf, "w") as f:
            f.writelines(header + lines)
        st, out = self.run([self.zp, "check", "--policy", self.sw_policy, nf], check=False)
        counts = last_count(out)
        t_zp, n = self.hyperfine("flow-zp", "%s check --policy %s %s"
                                 % (q(self.zp), q(self.sw_policy), q(nf)), ignore_failure=True)
        cut = cut_points(header)
        excl = flow_exclusions(self.sw_policy, "sw", cut)
        total = 0.0
        answers = []
        for line in lines:
            _, src, tgt = line.split()[:3]
            argv = ["seinfoflow", "-p", self.sw_policy, "-m", PERM_MAP, "-s", src, "-t", tgt,
                    "-S", "-w", "1", "-b", "default"] + excl
            ts = []
            for _ in range(self.args.flow_runs):
                t0 = time.perf_counter()
                p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True, env=self.env)
                ts.append(time.perf_counter() - t0)
            total += statistics.median(ts)
            m = re.search(r"(\d+) information flow path", p.stdout)
            answers.append("%s->%s: %s" % (src, tgt, ("%s paths" % m.group(1)) if m else "no path"))
        self.row("4 flow", "zonepolicy check, %d noflow vectors (%s; %d runs)"
                 % (len(lines), counts, n), sec(t_zp),
                 "seinfoflow -S, one query per vector (%d run%s each): %s"
                 % (self.args.flow_runs, "s" if self.args.flow_runs > 1 else "", sec(total)),
                 x(total / t_zp), ">= 50x", verdict(total / t_zp >= 50))
        self.notes.append("Flow: seinfoflow is given the same question as closely as its options "
                          "allow: shortest paths from the source zone's domain to the target's, "
                          "minimum weight 1, default booleans, with the launcher, the trusted zones, "
                          "every base domain (%d types excluded in all) and the private-instance "
                          "devices excluded. It has no notion of ambient grants, so its answers can "
                          "differ: %s." % (len(excl), "; ".join(answers)))

    # ---- 5. kernel ---------------------------------------------------------

    def bench_kernel(self):
        self.log("5/5 kernel: make kernel-check")
        has = False
        for f in [os.path.join(ROOT, "Makefile")] + sorted(
                os.path.join(ROOT, "mk", x) for x in os.listdir(os.path.join(ROOT, "mk"))):
            with open(f) as fh:
                if re.search(r"^kernel-check\s*:", fh.read(), re.M):
                    has = True
        if not has:
            msg = "skipped: no `make kernel-check` target in this tree yet (tests/kernel is in progress)"
            self.log("  " + msg)
            self.row("5 kernel", "boot + all vectors under QEMU", "n/a", "", "", "< 5 s", msg)
            return
        q = shlex.quote
        make = os.environ.get("MAKE", "make")
        # Each run of make kernel-check is timed whole, and its own report
        # gives the boot and both runs (QEMU start to exit) and the guest's
        # stages: the goal is on the boot and both runs (issue 16).
        cmd = [make, "-C", ROOT, "--no-print-directory", "kernel-check", "ZONE=" + REF_ZONE]
        self.run(cmd)   # warm-up: the kernel image, the base cache, the guest
        total, wall, stages, load = [], [], [], []
        what = ""
        for _ in range(self.args.kernel_runs):
            load.append(open("/proc/loadavg").read().split()[0])
            t0 = time.perf_counter()
            _, out = self.run(cmd)
            total.append(time.perf_counter() - t0)
            m = re.search(r"^kernel: wall time of the boot and both runs: ([0-9.]+) s \(QEMU ([^)]*)\)", out, re.M)
            if not m:
                raise RuntimeError("make kernel-check printed no wall time:\n" + out[-1500:])
            wall.append(float(m.group(1)))
            what = m.group(2)
            g = re.search(r"^kernel: guest time: kernel boot to /init (\d+) ms, setup (\d+) ms .*runs (\d+) ms "
                          r"\((\d+) \+ (\d+)\), judging and report (\d+) ms", out, re.M)
            if g:
                stages.append([int(v) / 1e3 for v in g.groups()])
            if not re.search(r"^kernel: \d+ passed, 0 failed", out, re.M):
                raise RuntimeError("make kernel-check failed: " + last_count(out))
        n = len(wall)
        t_w, t_k = statistics.median(wall), statistics.median(total)
        t_l, _ = self.hyperfine("link-sw", "%s link %s -o %s" % (q(self.zp), q(self.path("build-zp", "sw.pp")),
                                                                q(self.path("link", "sw-again.33"))),
                                runs=self.args.link_runs, warmup=0)
        t_c = getattr(self, "t_check_zp", None)
        if t_c is None:   # section 3 did not run (--only kernel)
            t_c, _ = self.hyperfine("check-zp", "%s check --policy %s %s"
                                    % (q(self.zp), q(self.sw_policy), q(self.sw_vectors)), ignore_failure=True)
        off = self.t_build_zp + t_l + t_c
        self.row("5 kernel", "boot + enforcing and permissive runs of all sw vectors, QEMU start to exit "
                 "(%s; median of %d runs: %s s; load %s)" % (what, n, ", ".join("%.2f" % w for w in wall), ", ".join(load)),
                 sec(t_w), "offline build + link + check: %s" % sec(off), x(t_w / off), "< 5 s",
                 verdict(t_w < 5))
        if stages:
            med = [statistics.median(c) for c in zip(*stages)]
            self.row("5 kernel", "  inside the guest (medians): kernel to /init %s, setup %s, runs %s (enforcing %s + "
                     "permissive %s), judging and report %s" % tuple(sec(v) for v in med),
                     sec(med[0] + med[1] + med[2] + med[5]), "QEMU start to exit: %s" % sec(t_w),
                     "%.0f%%" % (100 * (med[0] + med[1] + med[2] + med[5]) / t_w), "", "share inside the guest")
        self.row("5 kernel", "make kernel-check ZONE=%s (build, link, boot, all vectors; median of %d runs)"
                 % (REF_ZONE, n), sec(t_k), "boot + both runs: %s" % sec(t_w), "%.0f%%" % (100 * t_w / t_k),
                 "", "share of QEMU")
        self.bench_trial(make)

    def bench_trial(self, make):
        """One shipped module's real-program trial (docs/trial.md), one run:
        its wall time and the cost of each stage from its own report."""
        zone = os.environ.get("BENCH_TRIAL_ZONE", "modules/proxyhost/proxyhost.zone")
        if not os.path.exists(os.path.join(ROOT, os.path.splitext(zone)[0] + ".trial")):
            self.row("5 kernel", "trial of %s" % zone, "n/a", "", "", "", "skipped: no .trial")
            return
        self.log("5/5 kernel: make trial ZONE=%s" % zone)
        load = open("/proc/loadavg").read().split()[0]
        t0 = time.perf_counter()
        _, out = self.run([make, "-C", ROOT, "--no-print-directory", "trial", "ZONE=" + zone])
        t = time.perf_counter() - t0
        if not re.search(r"^trial: \d+ passed, 0 failed", out, re.M):
            raise RuntimeError("make trial failed: " + last_count(out))
        img = re.search(r"^trial: time: guest image ([0-9.]+) s \((.*)\)$", out, re.M)
        boot = re.search(r"^trial: time: boot: (.*)$", out, re.M)
        wall = re.search(r"^trial: wall time ([0-9.]+) s: .*QEMU ([0-9.]+) s \((.*)\)$", out, re.M)
        passes = re.findall(r"^trial: time: pass \d \((\w+)\): (.*)$", out, re.M)
        enf = out.split("trial: time: pass 1 ", 1)[0]
        starts = re.findall(r"^trial: time:   \[\d+\] start (\S+): [0-9.]+ s into the pass, exec (\d+) ms$", enf, re.M)
        if not (img and boot and wall):
            raise RuntimeError("make trial printed no stage times:\n" + out[-1500:])
        name = os.path.basename(os.path.splitext(zone)[0])
        self.row("5 kernel", "trial %s (make trial, 1 run, load %s): wall time" % (name, load), sec(float(wall.group(1))),
                 "make trial: %s" % sec(t), "", "", "")
        self.row("5 kernel", "  guest image (%s)" % img.group(2), sec(float(img.group(1))), "", "", "", "")
        boot_s = sum(float(v) for v in re.findall(r"([0-9.]+) s", boot.group(1)))
        self.row("5 kernel", "  boot: %s" % boot.group(1), sec(boot_s), "", "", "", "")
        self.row("5 kernel", "  QEMU: %s" % wall.group(3), sec(float(wall.group(2))), "", "", "", "")
        for mode, txt in passes:
            self.row("5 kernel", "  %s pass: %s" % (mode, txt), "", "", "", "", "")
        if starts:
            self.row("5 kernel", "  each program's exec (enforcing pass): %s"
                     % ", ".join("%s %s ms" % (os.path.basename(p), ms) for p, ms in starts),
                     "", "", "", "", "")

    # ---- report ------------------------------------------------------------

    def machine(self):
        cores = os.cpu_count()
        try:
            usable = len(os.sched_getaffinity(0))
        except AttributeError:
            usable = cores
        load = open("/proc/loadavg").read().split()[:3]
        model = ""
        try:
            for line in open("/proc/cpuinfo"):
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
        except OSError:
            pass
        hf = subprocess.run(["hyperfine", "--version"], stdout=subprocess.PIPE, text=True).stdout.strip()
        return ("%d cores (%d usable), %s; %s %s; load average at start %s; %s"
                % (cores, usable, model or "unknown CPU", platform.system(), platform.release(),
                   " ".join(load), hf))

    def report(self, machine, elapsed):
        head = ("| section | figure | value | baseline | ratio | goal | verdict |\n"
                "|---|---|---|---|---|---|---|\n")
        body = "".join("| %s |\n" % " | ".join(c.replace("|", "\\|") for c in r) for r in self.rows)
        md = ["# `make bench` results", "",
              "Written by `make bench` (bench/run.py); the method is in docs/bench.md.", "",
              "Machine: " + machine + ".", "",
              "Runs: %d per figure unless the row says otherwise; values are medians. "
              "Ratios are baseline / value for speed (higher is better for zonepolicy) and "
              "value / previous size for growth. Whole run: %s." % (self.runs, sec(elapsed)), "",
              head + body]
        if self.notes:
            md += ["## Notes", ""] + ["- " + n for n in self.notes] + [""]
        if self.problems:
            md += ["## Problems", ""] + ["- " + p for p in self.problems] + [""]
        text = "\n".join(md)
        if self.args.results:
            with open(self.args.results, "w") as f:
                f.write(text)
        # the terminal table: fixed-width columns
        print("machine: " + machine)
        cols = list(zip(*([("section", "figure", "value", "baseline", "ratio", "goal", "verdict")]
                          + self.rows)))
        widths = [min(max(len(c) for c in col), w) for col, w in zip(cols, (9, 64, 10, 72, 9, 22, 60))]
        for r in [("section", "figure", "value", "baseline", "ratio", "goal", "verdict")] + self.rows:
            print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        for n in self.notes:
            print("note: " + n)
        for p in self.problems:
            print("problem: " + p)
        if self.args.results:
            print("bench: wrote %s" % self.args.results)


# ---- formatting and parsing ---------------------------------------------------

def sec(t):
    if t >= 10:
        return "%.1f s" % t
    if t >= 1:
        return "%.2f s" % t
    if t >= 0.001:
        return "%.1f ms" % (t * 1e3)
    return "%.0f us" % (t * 1e6)


def mb(m):
    return "%.1f MB" % m


def x(r):
    return "%.1fx" % r if r < 100 else "%.0fx" % r


def verdict(ok):
    return "met" if ok else "MISSED"


def last_count(out):
    m = re.findall(r"\d+ passed, \d+ failed", out)
    return m[-1] if m else "no count printed"


def parse_lp(out):
    m = re.search(r"triples (\d+) own (\d+) rules (\d+)", out)
    if not m:
        raise RuntimeError("lpcount.py printed: %s" % out)
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def read_vectors(path):
    vecs = []
    with open(path) as f:
        for line in f:
            words = line.split("#", 1)[0].split()
            if words and words[0] in ("allow", "deny", "trans", "notrans", "noflow"):
                vecs.append(words)
    return vecs


def sesearch_argv(v, policy):
    if v[0] in ("allow", "deny"):
        return ["sesearch", "-A", "-s", v[1], "-t", v[2], "-c", v[3], "-p", ",".join(v[4:]), policy]
    return ["sesearch", "-T", "-s", v[1], "-t", v[2], "-c", "process", "-D", v[3], policy]


def cut_points(header):
    """The launcher and trusted domains from '# zonepolicy: module M launcher L trusted T...'."""
    cut = []
    for line in header:
        words = line.split()[2:]
        key = None
        for w in words:
            if w in ("module", "launcher", "trusted"):
                key = w
            elif key in ("launcher", "trusted"):
                cut.append(w)
    return cut


def flow_exclusions(policy_path, module, cut):
    """Every domain but the module's zone domains, plus the private devices."""
    p = setools.SELinuxPolicy(policy_path)
    dom = p.lookup_typeattr("domain")
    names = sorted(str(t) for t in dom.expand())
    zones = [n for n in names if n.startswith(module + "_") and n not in cut]
    excl = [n for n in names if n not in zones]
    have = set(str(t) for t in p.types())
    excl += [d for d in PRIVATE_DEVICES if d in have]
    return excl


def main(argv):
    ap = argparse.ArgumentParser(description="zonepolicy benchmark (docs/bench.md)")
    ap.add_argument("--zp", default=os.path.join(ROOT, "build", "zonepolicy"))
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "bench"))
    ap.add_argument("--results", default=os.path.join(HERE, "results.md"),
                    help="markdown file to write ('' for none)")
    ap.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "5")))
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "3")),
                    help="alternating rounds for the side-by-side build timing")
    ap.add_argument("--link-runs", type=int, default=int(os.environ.get("BENCH_LINK_RUNS", "3")))
    ap.add_argument("--flow-runs", type=int, default=int(os.environ.get("BENCH_FLOW_RUNS", "1")))
    ap.add_argument("--kernel-runs", type=int, default=int(os.environ.get("BENCH_KERNEL_RUNS", "3")))
    ap.add_argument("--sesearch-sample", type=int, default=int(os.environ.get("BENCH_SESEARCH_SAMPLE", "15")))
    ap.add_argument("--sizes", type=lambda s: [int(v) for v in s.split(",")],
                    default=[int(v) for v in os.environ.get("BENCH_SIZES", "10,100,1000,10000").split(",")])
    ap.add_argument("--only", default="build,scale,check,flow,kernel",
                    help="comma-separated sections to run")
    args = ap.parse_args(argv[1:])
    only = set(args.only.split(","))
    b = Bench(args)
    os.makedirs(b.out, exist_ok=True)
    t0 = time.perf_counter()
    machine = b.machine()
    b.log(machine)
    steps = [("build", b.bench_build)]
    if only & {"scale", "check", "flow", "kernel"}:
        steps.append(("link", b.link_reference))
    steps += [("scale", b.bench_scale), ("scale", b.bench_memo), ("scale", b.bench_least_privilege),
              ("check", b.bench_check), ("check", b.bench_loop), ("flow", b.bench_flow),
              ("kernel", b.bench_kernel)]
    for name, fn in steps:
        if name != "build" and name != "link" and name not in only:
            continue
        try:
            fn()
        except Exception as e:   # keep going: one broken section must not hide the others
            b.problems.append("%s: %s" % (fn.__name__, str(e).strip().replace("\n", " / ")[:600]))
            b.log("  FAILED: %s" % e)
    b.report(machine, time.perf_counter() - t0)
    return 1 if b.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
