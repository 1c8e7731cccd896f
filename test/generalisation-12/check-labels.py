#!/usr/bin/env python3
"""Check the drafts' labels against the spec's mechanical rules (prefer-honorific on agent 你/妳,
missing-courtesy per node) and count clean agent lines. Does not run Parley."""
import pathlib, re, collections
HERE = pathlib.Path(__file__).resolve().parent
MARK = re.compile(r"\s*⟦([^⟧]*)⟧\s*$")
AGENT = set("坐席 催收员 催收員 催收 专员 專員 客服 外访员 外訪員 agent collector rep".split())
RESP = set("客户 客戶 债务人 債務人 本人 对方 對方 联系人 聯繫人 家属 家屬 customer debtor contact respondent".split())
NOTE = set("注 註 备注 備註 说明 說明 note".split())
WRITTEN = {"sms", "letter", "im", "email", "短信", "信函", "微信", "邮件", "簡訊", "郵件", "短訊"}
HDR = re.compile(r"^\s*([A-Za-z\u4e00-\u9fff]+)\s*[:：]\s*(.*)$")
KEYS = {"title": "title", "标题": "title", "標題": "title", "stage": "stage", "阶段": "stage", "階段": "stage",
        "audience": "audience", "对象": "audience", "對象": "audience", "channel": "channel", "渠道": "channel"}
COUR = re.compile(r"(?<![申邀])[请請]|麻烦|麻煩|谢谢|謝謝|您好|感谢|感謝|唔該|多謝")
PUBLIC = {"public", "公开", "公開"}
tot = clean = 0
problems = []
rules = collections.Counter()
for f in sorted(HERE.glob("draft/*.draft")):
    lines = f.read_text(encoding="utf-8").split("\n")
    fh = {}; node = None; inbody = False; nodes = []
    for n, raw in enumerate(lines, 1):
        m = MARK.search(raw); labels = []
        text = raw
        if m:
            text = raw[:m.start()]
            labels = [t.strip() for t in m.group(1).split(",") if t.strip()]
            for l in labels:
                if not l.startswith("?"): rules[l] += 1
        s = text.strip()
        if not inbody:
            h = HDR.match(s)
            if s == "---" and node is not None:
                inbody = True; continue
            if h:
                k = KEYS.get(h.group(1).lower())
                if k == "title":
                    node = dict(fh); node.update(title=h.group(2), n=n, lines=[], labels=set(labels)); nodes.append(node)
                elif node is None:
                    if k: fh[k] = h.group(2)
                else:
                    if k: node[k] = h.group(2)
                    node["labels"].update(labels)
            continue
        if s == "===":
            inbody = False; continue
        node["labels"].update(labels)
        if not s or s.startswith("//") or s.startswith("->") or s.startswith("<<") or s.startswith("《《"):
            continue
        ch = node.get("channel", "").strip()
        lm = re.match(r"^([^\s:：]{1,12})\s*[:：]\s*(.*)$", s)
        body = s
        if lm:
            lab = lm.group(1)
            if lab in RESP or lab in NOTE: continue
            if lab in AGENT or ch not in WRITTEN: body = lm.group(2)
        tot += 1
        lab_rules = [l for l in labels]
        if not lab_rules: clean += 1
        node["lines"].append(body)
        aud = node.get("audience", "").strip()
        b = re.sub(r"「[^」]*」|“[^”]*”|\"[^\"]*\"", "", body)
        want = bool(re.search(r"[你妳](?![们們哋])", b)) and aud not in PUBLIC
        has = "ph" in labels or "prefer-honorific" in labels
        if want != has and not any(l.startswith("disable") for l in labels):
            problems.append(f"{f.name}:{n}: ph want={want} has={has}: {body[:30]}")
    for nd in nodes:
        if len(nd["lines"]) >= 3 and not any(COUR.search(x) for x in nd["lines"]):
            if "cour" not in nd["labels"]:
                problems.append(f"{f.name}:{nd['n']}: missing-courtesy not labelled ({nd['title']})")
        elif "cour" in nd["labels"]:
            problems.append(f"{f.name}:{nd['n']}: cour labelled but courtesy present/too few lines")
print("\n".join(problems))
print(f"agent lines {tot}, clean {clean} ({clean/tot:.0%})")
print(sorted(rules.items(), key=lambda x: x[1]))
