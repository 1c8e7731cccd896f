#!/usr/bin/env python3
"""Check the drafts' labels against two literal rules of RULES.md (not against Parley) and print counts.

prefer-honorific: every agent 你/妳 outside 你们/你們/你哋/妳們 and outside `public` nodes is labelled.
missing-courtesy: every node with 3+ agent lines and none of 请/請/麻烦/麻煩/谢谢/謝謝/您好/感谢/感謝/唔該/多謝
(申请/申請 not counted) is labelled on its title line. Also prints agent-line and clean-line counts and
the rule ids that are never required.
"""
import json, pathlib, re
HERE = pathlib.Path(__file__).resolve().parent
exp = json.loads((HERE / "cases/expected.json").read_text())
AGENT = {"坐席","催收员","催收員","催收","专员","專員","客服","外访员","外訪員","agent","collector","rep","組長","阿強","主任"}
RESP = {"客户","客戶","债务人","債務人","本人","对方","對方","联系人","家属","家屬","customer","debtor","contact","respondent"}
NOTE = {"注","备注","備註","说明","說明","note"}
HDR = re.compile(r"^\s*(title|标题|標題|stage|阶段|階段|audience|对象|對象|channel|渠道|time|时间|時間|agents|人数|人數|speakers|角色|locale|语言|語言|tags|标签|標籤|优先级)\s*[:：]", re.I)
COUR = re.compile(r"(?<!申)[请請]|麻[烦煩]|[谢謝][谢謝]|您好|感[谢謝]|唔該|多謝")
YOU = re.compile(r"[你妳](?![们們哋])")
total = clean = 0; problems = []
req_rules = set()
for f, labs in exp.items():
    for e in labs:
        if not e.get("optional"):
            for r in e["rule"].split("|"): req_rules.add(r)
    lines = (HERE / "cases" / f).read_text().split("\n")
    bylines = {}
    for e in labs: bylines.setdefault(e["line"], set()).add(e["rule"])
    fileaud = filech = None; node = None
    def close(node):
        if node and len(node["agent"]) >= 3 and not any(COUR.search(t) for _, t in node["agent"]):
            if "missing-courtesy" not in bylines.get(node["title"], set()):
                problems.append(f"{f}:{node['title']}: missing-courtesy not labelled")
    inbody = False; hdr = {}
    for n, t in enumerate(lines, 1):
        s = t.strip()
        if re.match(r"^(title|标题|標題)\s*[:：]", s):
            close(node); node = {"title": n, "agent": [], "aud": fileaud, "ch": filech}; inbody = False; continue
        if s == "---": inbody = True; continue
        if s == "===": close(node); node = None; inbody = False; continue
        if not inbody:
            m = HDR.match(s)
            if m:
                k = m.group(1).lower(); v = s.split("：" if "：" in s else ":", 1)[1].strip()
                if k in ("audience","对象","對象"):
                    if node: node["aud"] = v
                    else: fileaud = v
                if k in ("channel","渠道"):
                    if node: node["ch"] = v
                    else: filech = v
            continue
        if not s or s.startswith("//") or s.startswith("<<") or s.startswith("《《") or s.startswith("->"): continue
        m = re.match(r"^([^\s:：]{1,12})[:：](.*)$", s)
        written = node and node["ch"] in ("sms","letter","im","email","短信","信函","微信","邮件","郵件")
        if m and (m.group(1) in RESP or m.group(1) in NOTE): continue
        if m and (m.group(1) in AGENT or not written): text = m.group(2)
        else: text = s
        node["agent"].append((n, text)); total += 1
        labs_here = bylines.get(n, set())
        if not labs_here: clean += 1
        pub = node["aud"] in ("public", "公开", "公開")
        if YOU.search(re.sub(r"「[^」]*」", "", text)) and not pub and "prefer-honorific" not in labs_here:
            prev = lines[n-2].strip()
            if "prefer-honorific" not in prev: problems.append(f"{f}:{n}: 你 without prefer-honorific")
        if "prefer-honorific" in labs_here and not YOU.search(text): problems.append(f"{f}:{n}: prefer-honorific without 你")
print("\n".join(problems))
req = sum(1 for v in exp.values() for e in v if not e.get("optional"))
print(f"agent lines {total}, clean {clean} ({clean/total:.1%}), required {req}")
ALL = "disclosure-before-verification third-party-disclosure third-party-collection third-party-coercion heir-liability-limit unmasked-identifier missing-self-identification identity-not-confirmed missing-commitment calling-hours rest-hours early-third-party-contact visit-single-agent abusive-language threat-of-violence unlawful-coercion impersonation criminal-threat exposure-threat cash-or-personal-account unauthorized-fee induce-new-borrowing harassment misleading-claim premature-legal-threat condescending-tone doubting-the-customer begging absolute-language prefer-honorific apology-wording missing-courtesy syntax-error unknown-header invalid-stage invalid-audience missing-stage missing-audience invalid-header-value duplicate-title undefined-jump unknown-command unknown-speaker unknown-placeholder empty-node unused-disable disable-without-reason".split()
print(len(ALL), "never required:", [r for r in ALL if r not in req_rules])
from collections import Counter
c = Counter(r for v in exp.values() for e in v if not e.get("optional") for r in e["rule"].split("|"))
print(sorted(c.items(), key=lambda x: -x[1]))
