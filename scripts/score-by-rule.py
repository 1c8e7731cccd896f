#!/usr/bin/env python3
"""Per-rule precision and recall of Parley on labelled case folders.

Uses the shared scorer's own matching (../shared/tools/score-cases.py: line rules on (file, line,
rule), node rules on (file, node, rule), file rules on (file, rule), "a|b" alternatives, optional
labels, file-header node findings) so the totals equal what score-cases.py prints, and splits them
by rule id. It prints numbers only, never the scripts' sentences, so people tuning lexicons can
see which ideas are weak without reading a blind set.

Usage:
  score-by-rule.py [--cmd CMD] [--min-precision P --min-recall R] [--markdown FILE] DIR [DIR ...]
  score-by-rule.py [--cmd CMD] --gates GATES.json [--write-doc FILE | --check-doc FILE]

--gates reads the folders and each folder's own minimums from a JSON file
({"folders": [{"path", "label", "min_precision", "min_recall", "why"}]}; `npm run score` uses
test/accuracy-gates.json). --write-doc writes docs/ACCURACY.md (tables, gates, date and commit);
--check-doc fails when that file's tables differ from the figures just measured (it is stale).
Exit 0 when every folder meets its minimums (and the doc is current), 1 otherwise, 2 when the
linter could not be run.
"""
import argparse, datetime, importlib.util, json, os, pathlib, shlex, shutil, subprocess, sys, tempfile

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


def table(folder, per):
    """The per-rule rows of one folder, as text (terminal) and Markdown lines, plus the totals."""
    tp = sum(r["tp"] for r in per.values())
    fp = sum(r["fp"] for r in per.values())
    fn = sum(r["fn"] for r in per.values())
    prec, rec = ratio(tp, tp + fp), ratio(tp, tp + fn)
    text = [f"== {folder}", f"{'rule':34} {'req':>4} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'recall':>6}"]
    md = ["| rule | required | tp | fp | fn | precision | recall |", "|---|---:|---:|---:|---:|---:|---:|"]
    for rule in sorted(per):
        r = per[rule]
        p_, r_ = ratio(r["tp"], r["tp"] + r["fp"]), ratio(r["tp"], r["tp"] + r["fn"])
        text.append(f"{rule:34} {r['required']:>4} {r['tp']:>4} {r['fp']:>4} {r['fn']:>4} {p_:>6.3f} {r_:>6.3f}")
        md.append(f"| `{rule}` | {r['required']} | {r['tp']} | {r['fp']} | {r['fn']} | {p_:.3f} | {r_:.3f} |")
    text.append(f"{'TOTAL':34} {tp + fn:>4} {tp:>4} {fp:>4} {fn:>4} {prec:>6.3f} {rec:>6.3f}")
    md.append(f"| **total** | {tp + fn} | {tp} | {fp} | {fn} | **{prec:.3f}** | **{rec:.3f}** |")
    return text, md, prec, rec


BEGIN, END = "<!-- figures:begin (generated: npm run accuracy) -->", "<!-- figures:end -->"


def figures_block(sections):
    """The generated part of docs/ACCURACY.md: a summary with the gates, then one table per folder.
    Deterministic (no date, no commit) so --check-doc can compare it byte for byte."""
    out = [BEGIN, "", "| set | required | precision | recall | CI fails below (precision / recall) |",
           "|---|---:|---:|---:|---|"]
    for s in sections:
        out.append(f"| {s['label']} (`{s['path']}`) | {s['required']} | {s['prec']:.3f} | {s['rec']:.3f} | "
                   f"{s['min_precision']:.2f} / {s['min_recall']:.2f} |")
    out.append("")
    for s in sections:
        out += [f"### {s['label']} (`{s['path']}`)", ""]
        if s.get("why"):
            out += [f"Gate: precision ≥ {s['min_precision']:.2f}, recall ≥ {s['min_recall']:.2f}. {s['why']}", ""]
        out += s["md"] + [""]
    out.append(END)
    return "\n".join(out) + "\n"


def git(*args):
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, cwd=HERE.parent).stdout.strip()
    except OSError:
        return ""


def write_doc(path, block):
    """Replace the generated block and the "Measured on" line of the page; the prose around them is
    hand-written and kept."""
    doc = pathlib.Path(path)
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Accuracy\n\nMeasured on\n\n" + BEGIN + "\n" + END + "\n"
    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = " plus uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    stamp = f"Measured on {datetime.date.today().isoformat()} on commit `{commit}`{dirty}."
    lines = [stamp if l.startswith("Measured on") else l for l in text[:text.find(BEGIN)].split("\n")]
    rest = text[text.find(END) + len(END):].lstrip("\n")
    doc.write_text("\n".join(lines) + block + ("\n" + rest if rest else ""), encoding="utf-8")


def check_doc(path, block):
    doc = pathlib.Path(path)
    text = doc.read_text(encoding="utf-8") if doc.exists() else ""
    b, e = text.find(BEGIN), text.find(END)
    current = text[b:e + len(END)] + "\n" if b >= 0 and e >= 0 else None
    if current == block:
        return True
    print(f"{path} is stale: its per-rule figures differ from what was just measured. "
          f"Run `npm run accuracy` and commit {path}.")
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmd", default="node dist/cli.js lint --format json")
    ap.add_argument("--min-precision", type=float, default=0.0)
    ap.add_argument("--min-recall", type=float, default=0.0)
    ap.add_argument("--markdown", help="also write the tables as Markdown to this file")
    ap.add_argument("--gates", help="JSON file naming the folders and each folder's minimums")
    ap.add_argument("--write-doc", help="write the accuracy page (with --gates)")
    ap.add_argument("--check-doc", help="fail when the accuracy page's figures are not the ones measured (with --gates)")
    ap.add_argument("folders", nargs="*")
    a = ap.parse_args()
    if a.gates:
        gates = json.loads(pathlib.Path(a.gates).read_text(encoding="utf-8"))
        root = HERE.parent
        specs = []
        for g in gates["folders"]:
            specs.append({**g, "dir": str((root / g["path"]).resolve())})
    else:
        if not a.folders:
            ap.error("name one folder or more, or --gates FILE")
        if a.write_doc or a.check_doc:
            ap.error("--write-doc and --check-doc need --gates")
        specs = [{"path": f, "label": f, "dir": f, "min_precision": a.min_precision, "min_recall": a.min_recall}
                 for f in a.folders]
    sc = load_scorer()
    ok, md, sections = True, [], []
    for spec in specs:
        per = score(sc, a.cmd, spec["dir"])
        if per is None:
            return 2
        text, rows, prec, rec = table(spec["path"], per)
        print("\n".join(text))
        md += [f"### `{spec['path']}`", ""] + rows + [""]
        required = sum(r["required"] for r in per.values())
        sections.append({**spec, "md": rows, "prec": prec, "rec": rec, "required": required})
        if prec < spec["min_precision"] or rec < spec["min_recall"]:
            print(f"below the minimum (precision {spec['min_precision']}, recall {spec['min_recall']})")
            ok = False
        elif a.gates:
            print(f"gate met (precision >= {spec['min_precision']}, recall >= {spec['min_recall']})")
    if a.markdown:
        pathlib.Path(a.markdown).write_text("\n".join(md) + "\n", encoding="utf-8")
    if a.gates:
        block = figures_block(sections)
        if a.write_doc:
            write_doc(a.write_doc, block)
            print(f"wrote {a.write_doc}")
        if a.check_doc and not check_doc(a.check_doc, block):
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
