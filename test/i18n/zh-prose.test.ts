/**
 * The Chinese a compliance reader sees, read as prose: the rule pages and the format guide
 * (docs/rules, docs/FORMAT.md), every Chinese rule message and the Chinese UI texts
 * (package.nls.zh-cn.json, the client's l10n bundle, the config schema). Script text (code, example
 * tables) is what writers type and is left out; what is left must use Chinese punctuation, quote
 * with 「」, hold no English sentence and no seed file name, and name each idea with one term.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../server/src/core/rules';
import { FILE_PROBLEMS } from '../../server/src/core/file-problems';
import { CORE_MESSAGES } from '../../server/src/core/messages';

const ROOT = path.join(__dirname, '..', '..');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');

/** Prose of a Markdown page: no code blocks, code spans, example table rows, link targets or HTML comments. */
function prose(md: string): string {
  return md
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/^```[\s\S]*?^```$/gm, '')
    .replace(/^\|.*\|$/gm, '')
    .replace(/`[^`\n]*`/g, ' C ')
    .replace(/\]\([^)]*\)/g, ']');
}
/** Text outside quotes, titles and placeholders (quoted words may be anything). */
function own(s: string): string {
  return s
    .replace(/《[^》]*》/g, ' T ')
    .replace(/「[^」]*」/g, ' Q ')
    .replace(/『[^』]*』/g, ' Q ')
    .replace(/\{[^{}]*\}/g, ' P ')
    .replace(/<<[^>]*>>/g, ' P ');
}

const HAN = '[\\u3400-\\u9fff]';
const PROBLEMS: [string, RegExp][] = [
  ['ASCII punctuation between Chinese characters (use ，；：？！（）)', new RegExp(`${HAN}[,;:?!]${HAN}|${HAN}\\(|\\)${HAN}`)],
  ['English quotation marks in Chinese (quote with 「」, inside them 『』)', /[“”‘’]/],
  ['a seed file name or tag', /\b\d{3}_[0-9a-f]{16}\.txt\b|REGULATIONS\.md|\[[VS]\]|as the seed allows/],
  ['核身 for verifying identity (write 核实身份 / 身份核实; 未核身 is the audience’s name)', /(?<!未)核身/],
  ['确认身份 / 身份确认 (the term is 核实身份 / 身份核实)', /确认(对方|客户)?身份|身份确认/],
  ['发现 as the noun for a finding (the term is 问题, as in VS Code’s 「问题」 panel)', /[条个]发现|的发现|发现数|任何发现|发现过多/],
];

function check(where: string, text: string): string[] {
  const bad: string[] = [];
  for (const line of text.split('\n')) {
    const o = own(line);
    for (const [what, re] of PROBLEMS) if (re.test(what.startsWith('English quotation') || what.startsWith('a seed') ? line : o)) bad.push(`${where}: ${what}: ${line.trim().slice(0, 120)}`);
  }
  return bad;
}

const PAGES = [...fs.readdirSync(path.join(ROOT, 'docs', 'rules')).map((f) => `docs/rules/${f}`), 'docs/FORMAT.md'];

describe('Chinese prose', () => {
  it('the Chinese rule pages and format guide', () => {
    expect(PAGES.length).toBeGreaterThan(50);
    const bad = PAGES.flatMap((p) => check(p, prose(read(p))));
    expect(bad).toEqual([]);
  });

  it('every Chinese message template (rules, file problems, engine) and rule description', () => {
    const texts: [string, string][] = [
      ...RULES.flatMap((r) => [[`${r.meta.id} description`, r.meta.description.zh] as [string, string], ...Object.entries(r.meta.messages).map(([id, t]) => [`${r.meta.id}/${id}`, t.zh] as [string, string])]),
      ...RULES.flatMap((r) => Object.entries(r.meta.options?.properties ?? {}).map(([k, o]) => [`${r.meta.id} option ${k}`, o.description.zh] as [string, string])),
      ...FILE_PROBLEMS.flatMap((p) => Object.entries(p.messages).map(([id, t]) => [`${p.id}/${id}`, t.zh] as [string, string])),
      ...Object.entries(CORE_MESSAGES).map(([id, t]) => [`engine/${id}`, t.zh] as [string, string]),
    ];
    expect(texts.length).toBeGreaterThan(RULES.length * 2);
    expect(texts.flatMap(([where, t]) => check(where, t))).toEqual([]);
  });

  it('the Chinese UI texts: settings and commands, the client’s runtime strings, the conversation panel, the config schema', () => {
    const nls = JSON.parse(read('package.nls.zh-cn.json')) as Record<string, string>;
    const l10n = JSON.parse(read('l10n/bundle.l10n.zh-cn.json')) as Record<string, string>;
    const schema = read('schemas/parley.config.schema.json');
    // The conversation panel's texts (a DOM module: read as source, the zh block of TEXTS).
    const webview = read('client/webview/conversation.ts');
    const zhBlock = /const TEXTS = \{\s*zh: \{([\s\S]*?)\n {2}\},\n {2}en: \{/.exec(webview)?.[1] ?? '';
    const panel = [...zhBlock.matchAll(/^\s+'?[\w-]+'?: '((?:[^'\\]|\\.)*)',$/gm)].map((m) => ['conversation panel', m[1]] as [string, string]);
    expect(panel.length).toBeGreaterThan(20);
    const texts: [string, string][] = [
      ...Object.entries(nls).map(([k, v]) => [`package.nls.zh-cn.json ${k}`, prose(v)] as [string, string]),
      ...Object.entries(l10n).map(([k, v]) => [`l10n ${k}`, v] as [string, string]),
      ...panel,
      ...[...schema.matchAll(/"(?:description|markdownDescription|title)": "((?:[^"\\]|\\.)*)"/g)].map((m) => ['config schema', prose(JSON.parse(`"${m[1]}"`))] as [string, string]),
    ];
    expect(texts.length).toBeGreaterThan(100);
    expect(texts.flatMap(([where, t]) => check(where, t))).toEqual([]);
  });

  it('did-you-mean is worded one way everywhere (是不是「…」？), in findings, config errors and the CLI', () => {
    const files = (dir: string): string[] => fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : []));
    const sources = [...files('server/src'), ...files('client/src')];
    expect(sources.length).toBeGreaterThan(50);
    expect(sources.filter((f) => /是否想写|您是否指/.test(read(f)))).toEqual([]);
    expect(sources.filter((f) => read(f).includes('是不是「')).length).toBeGreaterThan(5);
  });

  it('the scan finds what it looks for (each check fails on a line made to break it)', () => {
    expect(check('x', '请核实身份,再说明来电目的。')).toHaveLength(1);
    expect(check('x', '请说“您好”。')).toHaveLength(1);
    expect(check('x', '见 001_6f38862e139ef14f.txt。')).toHaveLength(1);
    expect(check('x', '核身之后再谈欠款。')).toHaveLength(1);
    expect(check('x', '先确认对方身份。')).toHaveLength(1);
    expect(check('x', '共 3 条发现。')).toHaveLength(1);
    expect(check('x', '如发现银行卡被盗刷，请报警。')).toEqual([]);
    expect(check('x', '`unverified`（未核身）节点：先核实身份，例如「请问是您本人吗?」。')).toEqual([]);
  });
});
