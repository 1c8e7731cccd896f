#!/usr/bin/env python3
"""Turn the labelled drafts (draft/*.parley.draft) into cases/*.parley and cases/expected.json.

A draft line may end with a marker `⟦rule, rule, ?optional-rule, a|b⟧`; the marker (and the blanks
before it) is cut from the line and becomes labels on that line's exact 1-based number. A rule
written `?rule` is optional (allowed, not required); `a|b` means either rule. Node rules are keyed
by node by the scorer, so their marker sits on the node's title or causing header line.
"""
import json, pathlib, re, sys

HERE = pathlib.Path(__file__).resolve().parent
MARK = re.compile(r"\s*⟦([^⟧]*)⟧\s*$")
# Short names used in the drafts of set 13 (each expands to a rule id of RULES.md v1.1).
ALIAS = {
    "dbv": "disclosure-before-verification", "tpd": "third-party-disclosure",
    "tpc": "third-party-collection", "tpco": "third-party-coercion", "heir": "heir-liability-limit",
    "uid": "unmasked-identifier", "msi": "missing-self-identification", "inc": "identity-not-confirmed",
    "mc": "missing-commitment", "ch": "calling-hours", "rh": "rest-hours",
    "etp": "early-third-party-contact", "vsa": "visit-single-agent", "abuse": "abusive-language",
    "viol": "threat-of-violence", "coerce": "unlawful-coercion", "imp": "impersonation",
    "crim": "criminal-threat", "exp": "exposure-threat", "cash": "cash-or-personal-account",
    "fee": "unauthorized-fee", "borrow": "induce-new-borrowing", "har": "harassment",
    "mis": "misleading-claim", "legal": "premature-legal-threat", "cond": "condescending-tone",
    "doubt": "doubting-the-customer", "beg": "begging", "abs": "absolute-language",
    "ph": "prefer-honorific", "apol": "apology-wording", "cour": "missing-courtesy",
}


def expand(tok):
    opt = tok.startswith("?")
    rule = "|".join(ALIAS.get(r.strip(), r.strip()) for r in tok.lstrip("?").split("|"))
    return ("?" if opt else "") + rule


def main():
    expected = {}
    out = HERE / "cases"
    out.mkdir(exist_ok=True)
    for draft in sorted((HERE / "draft").glob("*.parley.draft")):
        name = draft.name[: -len(".draft")]
        labels, lines = [], []
        for n, text in enumerate(draft.read_text(encoding="utf-8").split("\n"), 1):
            m = MARK.search(text)
            if m:
                text = text[: m.start()]
                for tok in [expand(t.strip()) for t in m.group(1).split(",") if t.strip()]:
                    e = {"line": n, "rule": tok.lstrip("?")}
                    if tok.startswith("?"):
                        e["optional"] = True
                    labels.append(e)
            if "⟦" in text or "⟧" in text:
                sys.exit(f"{draft.name}:{n}: stray marker")
            lines.append(text)
        (out / name).write_text("\n".join(lines), encoding="utf-8")
        expected[name] = labels
    (out / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    req = sum(1 for v in expected.values() for e in v if not e.get("optional"))
    opt = sum(1 for v in expected.values() for e in v if e.get("optional"))
    print(f"{len(expected)} files, {req} required, {opt} optional labels")


if __name__ == "__main__":
    main()
