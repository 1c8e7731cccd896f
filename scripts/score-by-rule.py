#!/usr/bin/env python3
"""Per-rule precision and recall of Parley on labelled case folders.

Uses the shared scorer's own matching (../shared/tools/score-cases.py: line rules on (file, line,
rule), node rules on (file, node, rule), file rules on (file, rule), "a|b" alternatives, optional
labels, file-header node findings) so the totals equal what score-cases.py prints, and splits them
by rule id. It prints numbers only, never the scripts' sentences, so people tuning lexicons can
see which ideas are weak without reading a blind set.

Usage:
  score-by-rule.py [--cmd CMD] [--min-precision P --min-recall R] [--markdown FILE] DIR [DIR ...]
Exit 0 when every folder meets both minimums, 1 otherwise, 2 when the linter could not be run.
"""
import argparse, importlib.util, json, os, pathlib, shlex, shutil, subprocess, sys, tempfile

HERE = pathlib.Path(__file__).resolve().parent
SCORER = HERE.parent.parent / "shared" / "tools" / "score-cases.py"


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_cases", SCORER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def score(sc, cmd, folder):
    src = pathlib.Path(folder)
    expected = json.loads((src / "expected.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp) / "cases"
        shutil.copytree(src, work, ignore=shutil.ignore_patterns("expected.json", "*.md"))
        owners = {f: sc.node_of((work / f).read_text(encoding="utf-8").splitlines()) for f in expected}
        p = subprocess.run(shlex.split(cmd) + [str(work)], capture_output=True, text=True, timeout=600)
        try:
            results = json.loads(p.stdout)
        except ValueError:
            print(f"{folder}: could not read the linter's JSON (exit {p.returncode}): {p.stderr[-300:]!r}")
            return None
    if isinstance(results, dict):
        results = results.get("results", [])
    found = set()
    for r in results:
        f = os.path.basename(r.get("filePath") or r.get("file") or "")
        if f not in expected:
            continue
        for m in r.get("messages") or []:
            rule = m.get("ruleId")
            if rule in sc.CATALOGUE:
                found.add(sc.key(f, int(m["line"]), rule, owners))
    required, allowed = [], set()
    for f, exps in expected.items():
        for e in exps:
            alts = [sc.key(f, e["line"], r, owners) for r in e["rule"].split("|")]
            allowed.update(alts)
            if not e.get("optional"):
                required.append(alts)
    for k in [k for k in found if k[1] == "node" and k[2] == 0]:
        same = [a for a in allowed if a[0] == k[0] and a[1] == "node" and a[3] == k[3]]
        if same:
            found.discard(k)
            found.update(same)
    per = {}

    def row(rule):
        return per.setdefault(rule, {"tp": 0, "fp": 0, "fn": 0, "required": 0})

    for alts in required:
        hit = next((k for k in alts if k in found), None)
        rule = (hit or alts[0])[-1]
        row(rule)["required"] += 1
        row(rule)["tp" if hit else "fn"] += 1
    for k in found - allowed:
        row(k[-1])["fp"] += 1
    return per


def ratio(a, b):
    return a / b if b else 1.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmd", default="node dist/cli.js lint --format json")
    ap.add_argument("--min-precision", type=float, default=0.0)
    ap.add_argument("--min-recall", type=float, default=0.0)
    ap.add_argument("--markdown", help="also write the tables as Markdown to this file")
    ap.add_argument("folders", nargs="+")
    a = ap.parse_args()
    sc = load_scorer()
    ok, md = True, []
    for folder in a.folders:
        per = score(sc, a.cmd, folder)
        if per is None:
            return 2
        tp = sum(r["tp"] for r in per.values())
        fp = sum(r["fp"] for r in per.values())
        fn = sum(r["fn"] for r in per.values())
        prec, rec = ratio(tp, tp + fp), ratio(tp, tp + fn)
        print(f"== {folder}")
        print(f"{'rule':34} {'req':>4} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'recall':>6}")
        md.append(f"### `{folder}`\n\n| rule | required | tp | fp | fn | precision | recall |\n|---|---:|---:|---:|---:|---:|---:|")
        for rule in sorted(per):
            r = per[rule]
            p_, r_ = ratio(r["tp"], r["tp"] + r["fp"]), ratio(r["tp"], r["tp"] + r["fn"])
            print(f"{rule:34} {r['required']:>4} {r['tp']:>4} {r['fp']:>4} {r['fn']:>4} {p_:>6.3f} {r_:>6.3f}")
            md.append(f"| `{rule}` | {r['required']} | {r['tp']} | {r['fp']} | {r['fn']} | {p_:.3f} | {r_:.3f} |")
        print(f"{'TOTAL':34} {tp + fn:>4} {tp:>4} {fp:>4} {fn:>4} {prec:>6.3f} {rec:>6.3f}")
        md.append(f"| **total** | {tp + fn} | {tp} | {fp} | {fn} | **{prec:.3f}** | **{rec:.3f}** |\n")
        if prec < a.min_precision or rec < a.min_recall:
            print(f"below the minimum (precision {a.min_precision}, recall {a.min_recall})")
            ok = False
    if a.markdown:
        pathlib.Path(a.markdown).write_text("\n".join(md) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
