/**
 * `--format html`: one self-contained page for compliance reviewers — no network (inline CSS and
 * JavaScript, no external URL), in one language: the messages' locale (Chinese by default). Per script: its nodes with stage and audience, then
 * each finding with its line, the rule's explanation and a link to what to say instead (the rule's
 * "How to fix", shown once per rule at the end). Totals per rule and severity; filters by rule,
 * severity and audience (plain JavaScript; without it every finding is shown).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from '../../core/parser';
import { ruleById } from '../../core/rules';
import type { Severity } from '../../core/types';
import { language, pick, pickFilled, type Locale } from '../../core/messages';
import { AUDIENCES } from '../../core/vocabulary';
import type { FileResult, Formatter } from './types';

const SEVERITIES: Severity[] = ['error', 'warning', 'info', 'hint'];
const NO_AUDIENCE = '—';

/** Every text of the page, per locale (the page's script reads its few texts from data attributes). */
const TEXT = {
  zh: {
    lang: 'zh-CN',
    severity: { error: '错误', warning: '警告', info: '提示', hint: '建议' } as Record<Severity, string>,
    title: 'Parley 话术检查报告',
    stats: (files: number, total: number) => `${files} 个脚本 · ${total} 个问题`,
    byRule: '按规则统计',
    rule: '规则',
    description: '说明',
    sum: '合计',
    all: '全部',
    severityLabel: '级别',
    audience: '对象',
    shown: (n: number, total: number) => `显示 ${n} / ${total} 条`,
    shownJs: ['显示 ', ' / ', ' 条'],
    countJs: ' 个问题',
    count: (n: number) => `${n} 个问题`,
    position: (line: number, column: number) => `第 ${line} 行 · 第 ${column} 列`,
    node: (title: string) => ` · 节点「${title}」`,
    howToFix: '怎么改',
    howToFixHeading: '怎么改（建议说法）',
    nodes: ['节点', '行', '阶段', '对象', '问题'],
    notWritten: '未写明',
    noNode: '不在节点中',
    noNodes: '（没有可读的节点）',
    clean: '✓ 没有问题',
    appendix: '规则说明与建议说法',
    noFindings: '（没有问题）',
  },
  en: {
    lang: 'en',
    severity: { error: 'error', warning: 'warning', info: 'info', hint: 'hint' } as Record<Severity, string>,
    title: 'Parley script review',
    stats: (files: number, total: number) => `${files} ${files === 1 ? 'script' : 'scripts'} · ${total} ${total === 1 ? 'finding' : 'findings'}`,
    byRule: 'By rule',
    rule: 'Rule',
    description: 'Description',
    sum: 'Total',
    all: 'all',
    severityLabel: 'Severity',
    audience: 'Audience',
    shown: (n: number, total: number) => `showing ${n} / ${total}`,
    shownJs: ['showing ', ' / ', ''],
    countJs: ' findings',
    count: (n: number) => `${n} ${n === 1 ? 'finding' : 'findings'}`,
    position: (line: number, column: number) => `line ${line}, column ${column}`,
    node: (title: string) => ` · node “${title}”`,
    howToFix: 'how to fix',
    howToFixHeading: 'How to fix (what to say instead)',
    nodes: ['Node', 'Line', 'Stage', 'Audience', 'Findings'],
    notWritten: 'not given',
    noNode: 'outside any node',
    noNodes: '(no readable nodes)',
    clean: '✓ no findings',
    appendix: 'The rules and what to say instead',
    noFindings: '(no findings)',
  },
};

type Texts = (typeof TEXT)['zh'];
let traditional: Texts | undefined;
/**
 * The page's texts in a locale. zh-TW: the Chinese ones in Traditional characters, converted as the
 * messages are — Parley's words, never what stands in 「」 (a node's title, a script's words).
 */
function textsOf(locale: Locale): Texts {
  if (locale !== 'zh-TW') return TEXT[language(locale)];
  const own = (s: string) => pickFilled({ zh: s, en: s }, 'zh-TW');
  const conv = (v: unknown): unknown =>
    typeof v === 'string' ? own(v) : typeof v === 'function' ? (...a: unknown[]) => own((v as (...x: unknown[]) => string)(...a)) : Array.isArray(v) ? v.map(conv) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, conv(x)])) : v;
  return (traditional ??= { ...(conv(TEXT.zh) as Texts), lang: 'zh-TW' });
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A rule page's "How to fix" section (Markdown), or undefined. */
function howToFix(docs: string | undefined, id: string): string | undefined {
  if (!docs) return undefined;
  try {
    const md = fs.readFileSync(path.join(docs, `${id}.md`), 'utf8');
    const m = /^##\s+(How to fix|怎么改|怎麼改|如何修改)\s*$([\s\S]*?)(?=^##\s|$(?![\s\S]))/im.exec(md);
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

/** An audience as the page shows it: its Chinese name and id in Chinese, the id in English. */
function audienceLabel(a: string, locale: Locale): string {
  const T = textsOf(locale);
  if (a === NO_AUDIENCE) return T.noNode;
  if (!a) return T.notWritten;
  const zh = AUDIENCES.find((x) => x.id === a)?.zh[0];
  return language(locale) === 'zh' && zh ? `${pick({ zh, en: a }, locale)}（${a}）` : a;
}

interface HtmlOptions {
  /** Folder of the rule pages (docs/rules), for "How to fix". */
  docs?: string;
}

function htmlReport(results: FileResult[], ctx: { cwd: string; version: string; locale?: Locale }, o: HtmlOptions = {}): string {
  // One language throughout: the page's texts, the rules' descriptions, the rule pages (o.docs, in the
  // locale's folder) and the findings' messages all in the chosen locale.
  const locale = ctx.locale ?? 'zh';
  const l = language(locale);
  const T = textsOf(locale);
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
          `<span class="pos">${T.position(m.line, m.column)}</span> <span class="badge ${m.severity}">${T.severity[m.severity]}</span> ` +
          `<span class="msg">${esc(m.message)}</span>` +
          `<div class="why"><code>${esc(rule)}</code>${meta ? ` — ${esc(pick(meta.description, locale))}` : ''}` +
          `${node ? esc(T.node(node.title)) : ''}${m.ruleId && meta ? ` · <a href="#rule-${esc(m.ruleId)}">${T.howToFix}</a>` : ''}</div></li>`,
      );
    }
    const nodeTable = nodes.length
      ? `<table class="nodes"><thead><tr>${T.nodes.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${nodes
          .map((n) => `<tr><td>${esc(n.title)}</td><td>${n.line}</td><td>${esc(n.stage || T.notWritten)}</td><td>${esc(audienceLabel(n.audience, locale))}</td><td>${counts.get(n) ?? 0}</td></tr>`)
          .join('')}</tbody></table>`
      : `<p class="muted">${T.noNodes}</p>`;
    sections.push(
      `<section class="script" data-file="${esc(rel)}"><h2>${esc(rel)} <span class="count" data-total="${r.messages.length}">${T.count(r.messages.length)}</span></h2>${nodeTable}` +
        (rows.length ? `<ol class="findings">${rows.join('')}</ol>` : `<p class="clean">${T.clean}</p>`) +
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
      return `<tr data-rule="${esc(id)}"><td><code>${esc(id)}</code></td><td>${meta ? esc(pick(meta.description, locale)) : ''}</td>${SEVERITIES.map((k) => `<td class="n" data-severity="${k}">${t[k]}</td>`).join('')}<td class="n total">${sum}</td></tr>`;
    })
    .join('');
  const appendix = rules
    .filter(([id]) => ruleById(id))
    .map(([id]) => {
      const meta = ruleById(id)!.meta;
      const fix = howToFix(o.docs, id);
      return `<details class="rule" id="rule-${esc(id)}" open><summary><code>${esc(id)}</code> ${esc(pick(meta.description, locale))}</summary>${fix ? `<h4>${T.howToFixHeading}</h4>${markdown(fix)}` : ''}</details>`;
    })
    .join('\n');
  const option = (v: string, label: string) => `<option value="${esc(v)}">${esc(label)}</option>`;
  const summaryCards = SEVERITIES.map((k) => `<div class="card ${k}"><b data-severity-total="${k}">${bySev[k]}</b><span>${l === 'zh' ? `${T.severity[k]}（${k}）` : k}</span></div>`).join('');
  return `<!doctype html>
<html lang="${T.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${T.title}</title>
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
<header><h1>${T.title}</h1><p>${T.stats(results.length, total)} · Parley ${esc(ctx.version)}</p></header>
<main>
<div class="cards">${summaryCards}</div>
<h3>${T.byRule}</h3>
<table class="rules"><thead><tr><th>${T.rule}</th><th>${T.description}</th>${SEVERITIES.map((k) => `<th>${T.severity[k]}</th>`).join('')}<th>${T.sum}</th></tr></thead><tbody>${ruleRows}</tbody></table>
<div class="filters">
<label>${T.rule} <select id="f-rule">${option('', T.all)}${rules.map(([id]) => option(id, id)).join('')}</select></label>
<label>${T.severityLabel} <select id="f-severity">${option('', T.all)}${SEVERITIES.map((k) => option(k, l === 'zh' ? `${T.severity[k]}（${k}）` : k)).join('')}</select></label>
<label>${T.audience} <select id="f-audience">${option('', T.all)}${[...audiences].sort().map((a) => option(a, audienceLabel(a, locale))).join('')}</select></label>
<span id="shown" data-total="${total}" data-text="${esc(JSON.stringify(T.shownJs))}" data-count="${esc(T.countJs)}">${T.shown(total, total)}</span>
</div>
${sections.join('\n')}
<h3>${T.appendix}</h3>
${appendix || `<p class="muted">${T.noFindings}</p>`}
</main>
<script>
(function () {
  var sel = { rule: document.getElementById('f-rule'), severity: document.getElementById('f-severity'), audience: document.getElementById('f-audience') };
  function apply() {
    var want = { rule: sel.rule.value, severity: sel.severity.value, audience: sel.audience.value };
    var any = want.rule || want.severity || want.audience;
    var shown = 0;
    var el = document.getElementById('shown');
    var shownText = JSON.parse(el.dataset.text);
    var countText = el.dataset.count;
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
      c.textContent = any ? visible + ' / ' + c.dataset.total + countText : c.dataset.total + countText;
    });
    document.querySelectorAll('table.rules tbody tr').forEach(function (tr) {
      tr.classList.toggle('hidden', !!want.rule && tr.dataset.rule !== want.rule);
    });
    el.textContent = shownText[0] + shown + shownText[1] + el.dataset.total + shownText[2];
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
