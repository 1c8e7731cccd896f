/**
 * `--format html`: one self-contained page for compliance reviewers — no network (inline CSS and
 * JavaScript, no external URL), Chinese first. Per script: its nodes with stage and audience, then
 * each finding with its line, the rule's explanation and a link to what to say instead (the rule's
 * "How to fix", shown once per rule at the end). Totals per rule and severity; filters by rule,
 * severity and audience (plain JavaScript; without it every finding is shown).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from '../../core/parser';
import { ruleById } from '../../core/rules';
import type { Severity } from '../../core/types';
import type { FileResult, Formatter } from './types';

const SEVERITIES: Severity[] = ['error', 'warning', 'info', 'hint'];
const SEV_ZH: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示', hint: '建议' };
const AUDIENCE_ZH: Record<string, string> = {
  unverified: '未核身',
  debtor: '本人',
  'co-borrower': '共同借款人',
  guarantor: '担保人',
  heir: '继承人',
  spouse: '配偶',
  family: '家人',
  'informed-contact': '知情联系人',
  contact: '联系人',
  employer: '单位',
  public: '公开',
};
const NO_AUDIENCE = '—';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A rule page's "How to fix" section (Markdown), or undefined. */
function howToFix(docs: string | undefined, id: string): string | undefined {
  if (!docs) return undefined;
  try {
    const md = fs.readFileSync(path.join(docs, `${id}.md`), 'utf8');
    const m = /^##\s+(How to fix|怎么改|如何修改)\s*$([\s\S]*?)(?=^##\s|$(?![\s\S]))/im.exec(md);
    return m ? m[2].trim() : undefined;
  } catch {
    return undefined;
  }
}

/** Just enough Markdown for a "How to fix" section: paragraphs, fenced code, `code`, lists. No links out. */
function markdown(md: string): string {
  const out: string[] = [];
  let inCode = false;
  let code: string[] = [];
  for (const line of md.split('\n')) {
    if (/^```/.test(line)) {
      if (inCode) out.push(`<pre>${esc(code.join('\n'))}</pre>`);
      inCode = !inCode;
      code = [];
      continue;
    }
    if (inCode) code.push(line);
    else out.push(line);
  }
  const html = out
    .join('\n')
    .split(/\n{2,}/)
    .map((p) => {
      if (p.startsWith('<pre>')) return p;
      const inline = (s: string) => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>').replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');
      if (/^\s*[-*] /.test(p)) return `<ul>${p.split(/\n(?=\s*[-*] )/).map((li) => `<li>${inline(li.replace(/^\s*[-*] /, ''))}</li>`).join('')}</ul>`;
      return p.trim() ? `<p>${inline(p)}</p>` : '';
    })
    .join('\n');
  return html;
}

interface NodeRow {
  title: string;
  line: number;
  lastLine: number;
  stage: string;
  audience: string;
}

/** The nodes of a script on disk (none when it cannot be read). */
function nodesOf(file: string): NodeRow[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').replace(/^\ufeff/, '');
  } catch {
    return [];
  }
  try {
    return parse(text, file).nodes.map((n) => ({
      title: n.title,
      line: n.titleLine + 1,
      lastLine: n.lastLine + 1,
      stage: n.props.stage?.raw ?? '',
      audience: n.props.audience?.value ?? n.props.audience?.raw ?? '',
    }));
  } catch {
    return [];
  }
}

const audienceLabel = (a: string) => (a === NO_AUDIENCE ? '无节点' : AUDIENCE_ZH[a] ? `${AUDIENCE_ZH[a]} ${a}` : a || '未写明');

export interface HtmlOptions {
  /** Folder of the rule pages (docs/rules), for "How to fix". */
  docs?: string;
}

export function htmlReport(results: FileResult[], ctx: { cwd: string; version: string }, o: HtmlOptions = {}): string {
  const bySev: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  const byRule = new Map<string, Record<Severity, number>>();
  const audiences = new Set<string>();
  let total = 0;
  const sections: string[] = [];
  for (const r of results) {
    const rel = (path.relative(ctx.cwd, r.filePath) || r.filePath).split(path.sep).join('/');
    const nodes = nodesOf(r.filePath);
    const nodeAt = (line: number) => nodes.find((n) => line >= n.line && line <= n.lastLine);
    const rows: string[] = [];
    const counts = new Map<NodeRow, number>();
    for (const m of r.messages) {
      const node = nodeAt(m.line);
      if (node) counts.set(node, (counts.get(node) ?? 0) + 1);
      const audience = node ? node.audience || '' : NO_AUDIENCE;
      audiences.add(audience);
      const rule = m.ruleId ?? '(file)';
      bySev[m.severity]++;
      total++;
      const t = byRule.get(rule) ?? { error: 0, warning: 0, info: 0, hint: 0 };
      t[m.severity]++;
      byRule.set(rule, t);
      const meta = m.ruleId ? ruleById(m.ruleId)?.meta : undefined;
      rows.push(
        `<li class="finding sev-${m.severity}" data-rule="${esc(rule)}" data-severity="${m.severity}" data-audience="${esc(audience)}">` +
          `<span class="pos">第 ${m.line} 行 · ${m.column} 列</span> <span class="badge ${m.severity}">${SEV_ZH[m.severity]}</span> ` +
          `<span class="msg">${esc(m.message)}</span>` +
          `<div class="why"><code>${esc(rule)}</code>${meta ? ` — ${esc(meta.description.zh)}（${esc(meta.description.en)}）` : ''}` +
          `${node ? ` · 节点「${esc(node.title)}」` : ''}${m.ruleId && meta ? ` · <a href="#rule-${esc(m.ruleId)}">怎么改</a>` : ''}</div></li>`,
      );
    }
    const nodeTable = nodes.length
      ? `<table class="nodes"><thead><tr><th>节点</th><th>行</th><th>阶段 stage</th><th>对象 audience</th><th>发现</th></tr></thead><tbody>${nodes
          .map((n) => `<tr><td>${esc(n.title)}</td><td>${n.line}</td><td>${esc(n.stage || '未写明')}</td><td>${esc(audienceLabel(n.audience))}</td><td>${counts.get(n) ?? 0}</td></tr>`)
          .join('')}</tbody></table>`
      : '<p class="muted">（没有可读的节点）</p>';
    sections.push(
      `<section class="script" data-file="${esc(rel)}"><h2>${esc(rel)} <span class="count" data-total="${r.messages.length}">${r.messages.length} 条发现</span></h2>${nodeTable}` +
        (rows.length ? `<ol class="findings">${rows.join('')}</ol>` : '<p class="clean">✓ 没有发现问题</p>') +
        '</section>',
    );
  }
  const rules = [...byRule.entries()].sort((a, b) => {
    const w = (t: Record<Severity, number>) => t.error * 1e9 + t.warning * 1e6 + t.info * 1e3 + t.hint;
    return w(b[1]) - w(a[1]) || a[0].localeCompare(b[0]);
  });
  const ruleRows = rules
    .map(([id, t]) => {
      const meta = ruleById(id)?.meta;
      const sum = SEVERITIES.reduce((s, k) => s + t[k], 0);
      return `<tr data-rule="${esc(id)}"><td><code>${esc(id)}</code></td><td>${meta ? esc(meta.description.zh) : ''}</td>${SEVERITIES.map((k) => `<td class="n" data-severity="${k}">${t[k]}</td>`).join('')}<td class="n total">${sum}</td></tr>`;
    })
    .join('');
  const appendix = rules
    .filter(([id]) => ruleById(id))
    .map(([id]) => {
      const meta = ruleById(id)!.meta;
      const fix = howToFix(o.docs, id);
      return `<details class="rule" id="rule-${esc(id)}" open><summary><code>${esc(id)}</code> ${esc(meta.description.zh)}</summary><p>${esc(meta.description.en)}</p>${fix ? `<h4>怎么改（建议说法）</h4>${markdown(fix)}` : ''}</details>`;
    })
    .join('\n');
  const option = (v: string, label: string) => `<option value="${esc(v)}">${esc(label)}</option>`;
  const summaryCards = SEVERITIES.map((k) => `<div class="card ${k}"><b data-severity-total="${k}">${bySev[k]}</b><span>${SEV_ZH[k]} ${k}</span></div>`).join('');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>Parley 话术检查报告</title>
<style>
body{font-family:"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",system-ui,sans-serif;margin:0;color:#1f2328;background:#f6f8fa;line-height:1.55}
header{background:#24292f;color:#fff;padding:16px 24px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#c9d1d9;font-size:13px}
main{padding:16px 24px;max-width:1200px}
.cards{display:flex;gap:12px;margin:8px 0 16px}.card{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:8px 16px;min-width:90px}.card b{display:block;font-size:24px}
.card.error b{color:#cf222e}.card.warning b{color:#9a6700}.card.info b{color:#0969da}.card.hint b{color:#57606a}
table{border-collapse:collapse;background:#fff;width:100%;margin:8px 0}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;font-size:13px}th{background:#eaeef2}td.n{text-align:right;font-variant-numeric:tabular-nums}
.filters{position:sticky;top:0;background:#f6f8fa;padding:8px 0;border-bottom:1px solid #d0d7de;z-index:1}.filters label{margin-right:16px;font-size:14px}select{font-size:14px}
section.script{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:8px 16px;margin:16px 0}section.script h2{font-size:16px;margin:4px 0}
.count{font-weight:normal;color:#57606a;font-size:13px}.muted{color:#57606a}.clean{color:#1a7f37}
ol.findings{padding-left:20px}li.finding{margin:6px 0}.pos{color:#57606a;font-size:13px}.why{font-size:13px;color:#57606a}
.badge{border-radius:10px;padding:0 8px;font-size:12px;color:#fff}.badge.error{background:#cf222e}.badge.warning{background:#bf8700}.badge.info{background:#0969da}.badge.hint{background:#6e7781}
details.rule{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:8px 16px;margin:8px 0}pre{background:#f6f8fa;padding:8px;white-space:pre-wrap}
.hidden{display:none}
</style>
</head>
<body>
<header><h1>Parley 话术检查报告</h1><p>${results.length} 个脚本 · ${total} 条发现 · Parley ${esc(ctx.version)}</p></header>
<main>
<div class="cards">${summaryCards}</div>
<h3>按规则统计</h3>
<table class="rules"><thead><tr><th>规则</th><th>说明</th>${SEVERITIES.map((k) => `<th>${SEV_ZH[k]}</th>`).join('')}<th>合计</th></tr></thead><tbody>${ruleRows}</tbody></table>
<div class="filters">
<label>规则 <select id="f-rule">${option('', '全部')}${rules.map(([id]) => option(id, id)).join('')}</select></label>
<label>严重程度 <select id="f-severity">${option('', '全部')}${SEVERITIES.map((k) => option(k, `${SEV_ZH[k]} ${k}`)).join('')}</select></label>
<label>对象 <select id="f-audience">${option('', '全部')}${[...audiences].sort().map((a) => option(a, audienceLabel(a))).join('')}</select></label>
<span id="shown" data-total="${total}">显示 ${total} / ${total} 条</span>
</div>
${sections.join('\n')}
<h3>规则说明与建议说法</h3>
${appendix || '<p class="muted">（没有发现）</p>'}
</main>
<script>
(function () {
  var sel = { rule: document.getElementById('f-rule'), severity: document.getElementById('f-severity'), audience: document.getElementById('f-audience') };
  function apply() {
    var want = { rule: sel.rule.value, severity: sel.severity.value, audience: sel.audience.value };
    var any = want.rule || want.severity || want.audience;
    var shown = 0;
    document.querySelectorAll('section.script').forEach(function (s) {
      var visible = 0;
      s.querySelectorAll('li.finding').forEach(function (li) {
        var ok = (!want.rule || li.dataset.rule === want.rule) && (!want.severity || li.dataset.severity === want.severity) && (!want.audience || li.dataset.audience === want.audience);
        li.classList.toggle('hidden', !ok);
        if (ok) visible++;
      });
      shown += visible;
      s.classList.toggle('hidden', !!any && visible === 0);
      var c = s.querySelector('.count');
      c.textContent = any ? visible + ' / ' + c.dataset.total + ' 条发现' : c.dataset.total + ' 条发现';
    });
    document.querySelectorAll('table.rules tbody tr').forEach(function (tr) {
      tr.classList.toggle('hidden', !!want.rule && tr.dataset.rule !== want.rule);
    });
    var el = document.getElementById('shown');
    el.textContent = '显示 ' + shown + ' / ' + el.dataset.total + ' 条';
    el.dataset.shown = String(shown);
  }
  sel.rule.addEventListener('change', apply);
  sel.severity.addEventListener('change', apply);
  sel.audience.addEventListener('change', apply);
  apply();
})();
</script>
</body>
</html>
`;
}

const html: Formatter = (results, ctx) => htmlReport(results, ctx, { docs: ctx.docs });
export default html;
