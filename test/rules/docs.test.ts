/**
 * The rule pages and the format guide (markdownlint's doc-build with a drift check):
 *
 * - every page is what scripts/docs-pages.ts renders from its one source (docs/src/rules/<id>.md,
 *   docs/src/FORMAT.md + vocabulary.ts) and the rule's meta — nothing stale, nothing extra;
 * - every example on every page, Chinese and English, is run through the linter in the audience,
 *   stage and channel the page gives: what the page says is reported is reported by that rule,
 *   and what it lists as a near miss is not;
 * - the pages cite what a reader can open (no seed file names, no verification tags), and the
 *   Chinese pages use Chinese punctuation.
 *
 * PARLEY_UPDATE_DOCS=1 (`npm run docs`) rewrites the pages first.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIENCES, BUILTIN_PLACEHOLDERS, CHANNEL_INFO, HEADER_KEYS, lintText, RULES } from '../../server/src/core';
import { applyFixes } from '../../server/src/core/fix';
import { fold } from '../../server/src/core/text';
import { FILE_PROBLEMS } from '../../server/src/core/file-problems';
import { HOW_TO_FIX_HEADINGS, markdownSection } from '../../server/src/lsp/hover';
import { ALTERNATIVES_FILE, fixSection, generatedDocs, HEADINGS, pageExamples, pageIds, readRuleSource, ROOT, SECTIONS, traditionalPage, type Example } from '../../scripts/docs-pages';
import { runCli } from '../helpers/run';

const HINT = 'out of date: run `npm run docs` (PARLEY_UPDATE_DOCS=1 npx vitest run test/rules/docs.test.ts)';

if (process.env.PARLEY_UPDATE_DOCS === '1') {
  for (const dir of ['docs/rules', 'docs/zh-TW/rules', 'docs/en/rules']) {
    fs.mkdirSync(path.join(ROOT, dir), { recursive: true });
    for (const f of fs.readdirSync(path.join(ROOT, dir))) if (f.endsWith('.md')) fs.rmSync(path.join(ROOT, dir, f));
  }
  for (const [file, text] of generatedDocs()) fs.writeFileSync(path.join(ROOT, file), text);
}

const generated = generatedDocs();
const read = (rel: string) => (fs.existsSync(path.join(ROOT, rel)) ? fs.readFileSync(path.join(ROOT, rel), 'utf8') : undefined);

/** The script an example stands for (a line example: the only agent line of one node). */
function scriptOf(e: Example): string {
  if (e.script !== undefined) return e.script;
  return ['title: 示例', `stage: ${e.stage}`, `audience: ${e.audience}`, `channel: ${e.channel}`, '---', `坐席: ${e.text}`, '===', ''].join('\n');
}
const label = (e: Example) => (e.text !== undefined ? `${e.text} [${e.audience} ${e.stage} ${e.channel}]` : e.script!.split('\n').join(' ⏎ '));

describe('generated pages', () => {
  it('every page is what its source renders (rule pages in both languages, FORMAT.md in both)', () => {
    for (const [file, text] of generated) expect(read(file), `${file}: ${HINT}`).toBe(text);
  });
  it('no page without a source: docs/rules and docs/en/rules hold exactly the rules and file problems', () => {
    const ids = pageIds();
    expect(ids.length).toBe(RULES.length + FILE_PROBLEMS.length);
    for (const dir of ['docs/rules', 'docs/zh-TW/rules', 'docs/en/rules']) {
      const files = fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.md')).sort();
      expect(files, `${dir}: ${HINT}`).toEqual(ids.map((id) => `${id}.md`).sort());
    }
    const sources = fs.readdirSync(path.join(ROOT, 'docs/src/rules')).filter((f) => f.endsWith('.md')).sort();
    expect(sources).toEqual(ids.map((id) => `${id}.md`).sort());
  });
  it('hovers and the HTML report find the fix section of each page in its language', () => {
    for (const id of pageIds()) {
      for (const l of ['zh', 'en'] as const) {
        const md = generated.get(l === 'zh' ? `docs/rules/${id}.md` : `docs/en/rules/${id}.md`)!;
        const fix = HOW_TO_FIX_HEADINGS[l].map((h) => markdownSection(md, h)).find((x) => x);
        expect(fix, `${id} (${l})`).toBe(fixSection(readRuleSource(id), l));
      }
      const tw = generated.get(`docs/zh-TW/rules/${id}.md`)!;
      const fix = HOW_TO_FIX_HEADINGS.zh.map((h) => markdownSection(tw, h)).find((x) => x);
      expect(fix, `${id} (zh-TW)`).toBe(traditionalPage(fixSection(readRuleSource(id), 'zh')));
    }
  });
});

describe.each(pageIds())('%s', (id) => {
  const isRule = RULES.some((r) => r.meta.id === id);
  const zh = generated.get(`docs/rules/${id}.md`)!;
  const en = generated.get(`docs/en/rules/${id}.md`)!;
  const examples = { zh: pageExamples(zh, 'zh'), en: pageExamples(en, 'en') };

  it('both pages show the same examples, as many as the source has', () => {
    expect(examples.zh).toEqual(examples.en);
    expect(examples.zh.length).toBe(readRuleSource(id).examples.length);
    if (isRule) expect(examples.zh.some((e) => e.kind === 'report'), 'a rule page shows at least one reported example').toBe(true);
  });

  if (isRule) {
    for (const l of ['zh', 'en'] as const) {
      it.each(examples[l].map((e) => [`${l} ${e.kind}: ${label(e)}`, e] as const))('%s', (_name, e) => {
        const found = lintText(scriptOf(e), 'example.parley').filter((f) => f.ruleId === id);
        if (e.kind === 'report') expect(found.length, 'the page says this is reported').toBeGreaterThan(0);
        else expect(found.map((f) => `${f.range.start.line + 1}: ${f.message}`), 'the page says this is a near miss').toEqual([]);
      });
    }
  }

  it('cites what a reader can open: no seed file names, no verification tags, no research notes', () => {
    for (const md of [zh, en]) {
      expect(md).not.toMatch(/\d{3}_[0-9a-f]{16}\.txt/);
      expect(md).not.toMatch(/\[[VSU]\]/);
      expect(md).not.toMatch(/REGULATIONS\.md|RULES\.md|as the seed|the seeds?\b/i);
    }
  });

  it('the Chinese page is in Chinese with Chinese punctuation; the English page has English headings', () => {
    const src = readRuleSource(id);
    for (const s of SECTIONS) {
      // Prose only: code spans, fenced blocks and links are quoted text.
      const prose = src.sections[s].zh.replace(/```[\s\S]*?```/g, '').replace(/(`+)[\s\S]*?\1/g, '').replace(/\]\([^)]*\)/g, ']');
      expect(prose, `${s}: Chinese text`).toMatch(/[\u4e00-\u9fff]/);
      const ascii = /[\u4e00-\u9fff“”（）][,;:?!()]|[,;:?!(][\u4e00-\u9fff“”]/.exec(prose);
      expect(ascii?.[0], `${s}: ASCII punctuation next to Chinese in “…${ascii ? prose.slice(Math.max(0, ascii.index - 15), ascii.index + 15) : ''}…”`).toBeUndefined();
      expect(zh).toContain(`## ${HEADINGS[s].zh}\n`);
      expect(en).toContain(`## ${HEADINGS[s].en}\n`);
    }
  });
});

describe('safe wordings (## alternatives): declared once, offered as suggestions, safe by the rule itself', () => {
  const withAlternatives = pageIds().filter((id) => readRuleSource(id).alternatives.length);
  it('the engine reads exactly what the sources declare (the generated data is not stale), with Taiwan and Hong Kong forms', () => {
    expect(withAlternatives.length).toBeGreaterThan(0);
    const data = JSON.parse(read(ALTERNATIVES_FILE)!) as Record<string, { phrases: string[]; safe: string; tw: string; hk: string }[]>;
    expect(Object.fromEntries(Object.entries(data).map(([id, list]) => [id, list.map(({ phrases, safe }) => ({ phrases, safe }))]))).toEqual(Object.fromEntries(withAlternatives.map((id) => [id, readRuleSource(id).alternatives])));
    for (const list of Object.values(data)) for (const a of list) for (const t of [a.tw, a.hk]) expect(fold(t), `${a.safe} → ${t}`).toBe(fold(a.safe));
  });
  it.each(withAlternatives)('%s: every phrase is reported in a page example with the safe wording as a suggestion in its place; the replaced line is clean; fix-all applies none', (id) => {
    const src = readRuleSource(id);
    for (const alt of src.alternatives) {
      for (const phrase of alt.phrases) {
        const used = src.examples.filter((e) => e.kind === 'report' && e.text !== undefined).flatMap((e) => {
          const script = scriptOf(e);
          const findings = lintText(script, 'example.parley');
          return findings.flatMap((f) => f.ruleId === id ? (f.suggestions ?? []).filter((s) => fold(s.edits[0].newText) === fold(alt.safe)).map((s) => ({ script, findings, f, s })) : []);
        });
        const mine = used.filter(({ script, s }) => {
          const { start, end } = s.edits[0].range;
          return fold(script.split('\n')[start.line].slice(start.character, end.character)) === fold(phrase);
        });
        expect(mine.length, `${id}: no report example shows "${phrase}" with its safe wording — add one`).toBeGreaterThan(0);
        for (const { script, findings, f, s } of mine) {
          // One edit, inside the flagged range: the phrase and only it.
          expect(s.edits).toHaveLength(1);
          const { start, end } = s.edits[0].range;
          expect(start.line).toBe(f.range.start.line);
          expect(start.character).toBeGreaterThanOrEqual(f.range.start.character);
          expect(end.character).toBeLessThanOrEqual(f.range.end.character);
          const lines = script.split('\n');
          const l = start.line;
          // In the script's own characters: a traditional phrase gets a traditional safe wording.
          const trad = /[\u3400-\u9fff]/.test(lines[l]) && [...lines[l].slice(start.character, end.character)].some((ch) => fold(ch) !== ch && /[\u3400-\u9fff]/.test(ch));
          const forms = (JSON.parse(read(ALTERNATIVES_FILE)!) as Record<string, { safe: string; tw: string; hk: string }[]>)[id].find((a) => a.safe === alt.safe)!;
          if (trad) expect([forms.tw, forms.hk], lines[l]).toContain(s.edits[0].newText);
          else expect(s.edits[0].newText, lines[l]).toBe(alt.safe);
          expect(s.title).toBe(`改用安全说法「${s.edits[0].newText}」`);
          lines[l] = lines[l].slice(0, start.character) + s.edits[0].newText + lines[l].slice(end.character);
          const after = lintText(lines.join('\n'), 'example.parley').filter((x) => x.range.start.line === l);
          expect(after.filter((x) => x.ruleId === id || x.severity === 'error').map((x) => `${x.ruleId}: ${x.message}`), `${lines[l]}`).toEqual([]);
          // Fix-all (and so `parley lint --fix`) never applies a suggestion: the phrase stays.
          const flagged = script.split('\n')[l].slice(start.character, end.character);
          expect(applyFixes(script, findings).text.split('\n')[l]).toContain(flagged);
        }
      }
    }
  });
});

describe('docs/FORMAT.md and docs/en/FORMAT.md', () => {
  it.each(['docs/FORMAT.md', 'docs/en/FORMAT.md'])('%s: its whole example is a clean script, and its tables list every audience, channel and built-in placeholder', (file) => {
    const md = generated.get(file)!;
    const example = /```parley\n([\s\S]*?)```/.exec(md)![1];
    expect(lintText(example, 'example.parley').filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    for (const a of AUDIENCES) expect(md).toContain(`| \`${a.id}\` |`);
    for (const c of CHANNEL_INFO) expect(md).toContain(`| \`${c.id}\` |`);
    for (const p of Object.keys(BUILTIN_PLACEHOLDERS)) expect(md).toContain(`\`{${p}}\``);
    for (const k of Object.keys(HEADER_KEYS)) expect(md).toContain(`\`${k}\``);
  });
});

describe('parley explain', () => {
  it('prints the Chinese page by default, the English one with --locale en, file problems too', async () => {
    for (const id of ['unlawful-coercion', 'file-encoding']) {
      const zh = await runCli(['explain', id], { cwd: ROOT });
      expect(zh.code).toBe(0);
      expect(zh.stdout).toBe(generated.get(`docs/rules/${id}.md`));
      const en = await runCli(['explain', id, '--locale', 'en'], { cwd: ROOT });
      expect(en.code).toBe(0);
      expect(en.stdout).toBe(generated.get(`docs/en/rules/${id}.md`));
    }
    expect((await runCli(['explain', 'no-such-rule'], { cwd: ROOT })).code).toBe(2);
  });
  it('prints the Traditional page with --locale zh-TW: Parley’s words converted, the script lines in code as written', async () => {
    const tw = await runCli(['explain', 'harassment', '--locale', 'zh-TW'], { cwd: ROOT });
    expect(tw.code).toBe(0);
    expect(tw.stdout).toBe(generated.get('docs/zh-TW/rules/harassment.md'));
    expect(tw.stdout).toContain('## 為什麼');
    expect(tw.stdout).not.toContain('## 为什么');
    // The page's example lines (code) are the Chinese page's, unconverted.
    const code = (md: string) => [...md.matchAll(/`[^`\n]+`/g)].map((m) => m[0]);
    expect(code(tw.stdout)).toEqual(code(generated.get('docs/rules/harassment.md')!));
    expect(tw.stdout).toContain('](../../en/rules/harassment.md)');
  });
});
