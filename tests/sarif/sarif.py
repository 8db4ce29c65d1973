#!/usr/bin/python3
"""sarif.py: the checks of tests/sarif/run.sh on zonepolicy's SARIF logs.

  sarif.py same LOG TEXT SOURCE
      LOG (--diagnostics-format sarif) says what TEXT (the same build's
      text diagnostics on stderr) says: one result per error or warning, in
      order, with its check as ruleId (and ruleIndex into the rules), its
      level, line, column (bytes in TEXT, characters in LOG), message and
      notes (relatedLocations); the "N more errors" trailer as a
      notification.  SOURCE is the .zone file (for the columns).
  sarif.py rules LOG LIST
      tool.driver.rules is the registry (`build --list-checks` in LIST):
      the ids in order, their default levels and passes.
  sarif.py schema SCHEMA LOG...
      every LOG is valid under the SARIF 2.1.0 JSON schema SCHEMA (Debian's
      python3-jsonschema, the schema from the validator's registry package).
  sarif.py verdict OUT
      OUT is the SARIF Multitool's own log (`validate -o OUT`): prints each
      error it found, status 1 when there is one.
  sarif.py run LOG SUCCESS
      the invocation's executionSuccessful is SUCCESS (true or false) and a
      failed one says why in a notification.
"""
import json
import re
import sys

LINE = re.compile(r"^(.*?):(\d+):(\d+): (error|warning|note): (.*?)(?: \[([a-z0-9-]+)\])?$")


def fail(msg):
    print(msg)
    sys.exit(1)


def char_col(lines, line, col):
    """the byte column col of line `line` as a column in characters"""
    if line < 1 or line > len(lines):
        return col
    text = lines[line - 1][:col - 1]
    return 1 + sum(1 for b in text if (b & 0xC0) != 0x80) + max(0, col - 1 - len(text))


def region(loc):
    r = loc.get("physicalLocation", {}).get("region", {})
    return r.get("startLine", 0), r.get("startColumn", 0)


def same(log_path, text_path, source):
    log = json.load(open(log_path, encoding="utf-8"))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    with open(source, "rb") as f:
        lines = f.read().split(b"\n")
    want, trailer = [], None
    for raw in open(text_path, encoding="utf-8", errors="replace").read().splitlines():
        m = LINE.match(raw)
        if m and m.group(4) != "note":
            want.append({"m": m, "notes": []})
        elif m and want:
            want[-1]["notes"].append(m)
        elif raw.startswith("note: ") and want:
            want[-1]["notes"].append(raw[6:])
        elif re.search(r": \d+ more errors? not shown$", raw):
            trailer = raw.split(": ", 1)[1]
    if len(results) != len(want):
        fail(f"{log_path}: {len(results)} results, the text has {len(want)} diagnostics")
    for i, (res, w) in enumerate(zip(results, want)):
        m = w["m"]
        line, col = int(m.group(2)), int(m.group(3))
        exp = {"ruleId": m.group(6), "level": m.group(4), "text": m.group(5),
               "region": (line, char_col(lines, line, col) if col else 0)}
        got = {"ruleId": res.get("ruleId"), "level": res.get("level"),
               "text": res["message"]["text"], "region": region(res["locations"][0])}
        if got != exp:
            fail(f"{log_path}: result {i}: {got} != {exp}")
        if rules[res["ruleIndex"]]["id"] != res["ruleId"]:
            fail(f"{log_path}: result {i}: ruleIndex {res['ruleIndex']} is not {res['ruleId']}")
        rel = res.get("relatedLocations", [])
        if len(rel) != len(w["notes"]):
            fail(f"{log_path}: result {i}: {len(rel)} related locations, {len(w['notes'])} notes")
        for r, n in zip(rel, w["notes"]):
            if isinstance(n, str):
                ok = r["message"]["text"] == n and "physicalLocation" not in r
            else:
                nl, nc = int(n.group(2)), int(n.group(3))
                ok = (r["message"]["text"] == n.group(5) and
                      region(r) == (nl, char_col(lines, nl, nc)))
            if not ok:
                fail(f"{log_path}: result {i}: related location {r} is not the note {n}")
    notes = run["invocations"][0].get("toolExecutionNotifications", [])
    if trailer and not any(x["message"]["text"] == trailer for x in notes):
        fail(f"{log_path}: no notification '{trailer}'")


def rules(log_path, list_path):
    got = [(r["id"], r["defaultConfiguration"]["level"], r["properties"]["pass"])
           for r in json.load(open(log_path))["runs"][0]["tool"]["driver"]["rules"]]
    want = [tuple(l.split()) for l in open(list_path).read().splitlines()]
    if got != want:
        fail(f"{log_path}: the rules are not the registry of --list-checks")


def schema(schema_path, logs):
    import jsonschema
    s = json.load(open(schema_path, encoding="utf-8-sig"))
    v = jsonschema.Draft202012Validator(s)
    bad = 0
    for p in logs:
        for e in v.iter_errors(json.load(open(p, encoding="utf-8"))):
            print(f"{p}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
            bad += 1
    sys.exit(1 if bad else 0)


def verdict(out_path):
    log = json.load(open(out_path, encoding="utf-8-sig"))
    errors = 0
    for run in log["runs"]:
        for r in run.get("results", []):
            # the Multitool gives schema and rule errors level "error"
            if r.get("level", "warning") == "error":
                loc = r["locations"][0]["physicalLocation"]
                print(f"{loc['artifactLocation']['uri']}: {r['ruleId']}: "
                      f"{r['message'].get('text') or r['message'].get('arguments')}")
                errors += 1
        for inv in run.get("invocations", []):
            for n in inv.get("toolExecutionNotifications", []):
                if n.get("level") == "error":
                    print(f"validator: {n['message'].get('text')}")
                    errors += 1
    sys.exit(1 if errors else 0)


def run_state(log_path, success):
    inv = json.load(open(log_path))["runs"][0]["invocations"][0]
    if inv["executionSuccessful"] != (success == "true"):
        fail(f"{log_path}: executionSuccessful is {inv['executionSuccessful']}")
    if success != "true" and not any(n.get("level") == "error" and n["message"]["text"]
                                     for n in inv.get("toolExecutionNotifications", [])):
        fail(f"{log_path}: a failed invocation says not why")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"same": lambda: same(*args), "rules": lambda: rules(*args),
     "schema": lambda: schema(args[0], args[1:]), "verdict": lambda: verdict(*args),
     "run": lambda: run_state(*args)}[cmd]()
