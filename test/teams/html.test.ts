/**
 * `--format html`: the report page opened in headless Chromium (Debian's, driven by playwright-core),
 * its counts checked against `--format json`, its filters used, a screenshot kept in test-results/.
 * Skips with the reason when Chromium is missing, unless PARLEY_E2E_REQUIRED=1 (`npm run test:all`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExamples, ROOT } from '../helpers/cli';
import { runCli } from '../helpers/run';
import { CHROMIUM, CHROMIUM_FLAGS } from '../e2e/code-server';

const REQUIRED = process.env.PARLEY_E2E_REQUIRED === '1';
const missing = fs.existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing (apt-get install -y --no-install-recommends chromium)`;

interface Msg {
  ruleId: string | null;
  severity: string;
  line: number;
}
interface R {
  filePath: string;
  messages: Msg[];
}

const extra = ['title: 联系人开场', 'stage: M2', 'audience: contact', 'channel: call', '---', '坐席: 您好，请问您认识{debtor_name}吗？', '坐席: 他欠我们公司的钱已经逾期了，请您转告他尽快还款。', '==='].join('\n') + '\n';

describe.skipIf(!!missing && !REQUIRED)(`--format html in Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let browser: Browser | undefined;
  let page: Page;
  let results: R[];
  let file: string;
  const requests: string[] = [];

  beforeAll(async () => {
    if (missing) throw new Error(`PARLEY_E2E_REQUIRED=1 but ${missing}`);
    const dir = copyExamples();
    fs.mkdirSync(path.join(dir, '第三方'));
    fs.writeFileSync(path.join(dir, '第三方', 'contact.parley'), extra);
    results = JSON.parse((await runCli(['lint', '--format', 'json'], { cwd: dir })).stdout);
    const html = await runCli(['lint', '--format', 'html'], { cwd: dir });
    expect(html.code).toBe(1);
    file = path.join(dir, 'report.html');
    fs.writeFileSync(file, html.stdout);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is one self-contained page: no request but the file itself, no external URL in it, Chinese UI', async () => {
    expect(requests).toEqual([pathToFileURL(file).href]);
    const source = fs.readFileSync(file, 'utf8');
    expect(source).not.toMatch(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    expect(source).not.toMatch(/<(?:link|img|iframe)\b|src=/i);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.title()).toBe('Parley 话术检查报告');
  });

  it('counts agree with the JSON output: findings, per script, per severity, per rule and severity', async () => {
    const all = results.flatMap((r) => r.messages);
    expect(all.length).toBeGreaterThan(50);
    expect(await page.locator('li.finding').count()).toBe(all.length);
    expect(await page.locator('section.script').count()).toBe(results.length);
    for (const r of results) {
      const rel = path.relative(path.dirname(file), r.filePath).split(path.sep).join('/');
      const section = page.locator(`section.script[data-file="${rel}"]`);
      expect(await section.locator('li.finding').count(), rel).toBe(r.messages.length);
    }
    for (const sev of ['error', 'warning', 'info', 'hint']) {
      expect(Number(await page.locator(`[data-severity-total="${sev}"]`).textContent()), sev).toBe(all.filter((m) => m.severity === sev).length);
    }
    const expected = new Map<string, Record<string, number>>();
    for (const m of all) {
      const t = expected.get(m.ruleId ?? '(file)') ?? {};
      t[m.severity] = (t[m.severity] ?? 0) + 1;
      expected.set(m.ruleId ?? '(file)', t);
    }
    expect(await page.locator('table.rules tbody tr').count()).toBe(expected.size);
    for (const [rule, t] of expected) {
      for (const sev of ['error', 'warning', 'info', 'hint']) {
        expect(Number(await page.locator(`table.rules tr[data-rule="${rule}"] td[data-severity="${sev}"]`).textContent()), `${rule} ${sev}`).toBe(t[sev] ?? 0);
      }
    }
  });

  it('shows each script’s nodes with stage and audience, and each finding with its line, explanation and how to fix', async () => {
    const section = page.locator('section.script[data-file="第三方/contact.parley"]');
    expect(await section.locator('table.nodes tbody tr').allTextContents()).toEqual([expect.stringMatching(/^联系人开场1M2联系人（contact）\d+$/)]);
    const finding = section.locator('li.finding[data-rule="third-party-disclosure"]');
    expect(await finding.count()).toBe(1);
    const text = await finding.textContent();
    expect(text).toContain('第 7 行');
    expect(text).toContain('向第三方透露欠款事实或来电目的'); // the rule's explanation
    await finding.locator('a', { hasText: '怎么改' }).click();
    const fix = page.locator('details#rule-third-party-disclosure');
    expect(await fix.textContent()).toContain('怎么改（建议说法）');
    expect(await fix.textContent()).toContain('麻烦您转告他回电'); // docs/rules/third-party-disclosure.md, "How to fix"
    // Every script's node rows: one per title, as in the file.
    for (const r of results) {
      const titles = fs.readFileSync(r.filePath, 'utf8').split('\n').filter((l) => /^\s*(title|标题)\s*[:：]/.test(l)).length;
      const rel = path.relative(path.dirname(file), r.filePath).split(path.sep).join('/');
      expect(await page.locator(`section.script[data-file="${rel}"] table.nodes tbody tr`).count(), rel).toBe(titles);
    }
  });

  it('filters by rule, severity and audience', async () => {
    const all = results.flatMap((r) => r.messages);
    const visible = () => page.locator('li.finding:not(.hidden)').count();
    const shown = async () => Number(await page.getAttribute('#shown', 'data-shown'));

    await page.selectOption('#f-rule', 'prefer-honorific');
    const honorific = all.filter((m) => m.ruleId === 'prefer-honorific').length;
    expect(honorific).toBeGreaterThan(1);
    expect(await visible()).toBe(honorific);
    expect(await shown()).toBe(honorific);
    expect(await page.textContent('#shown')).toBe(`显示 ${honorific} / ${all.length} 条`);

    await page.selectOption('#f-rule', '');
    await page.selectOption('#f-severity', 'error');
    expect(await visible()).toBe(all.filter((m) => m.severity === 'error').length);

    await page.selectOption('#f-severity', '');
    await page.selectOption('#f-audience', 'contact');
    const n = await visible();
    expect(n).toBeGreaterThan(0);
    expect(n).toBe(await page.locator('li.finding[data-audience="contact"]').count());
    expect(await page.locator('li.finding:not(.hidden):not([data-audience="contact"])').count()).toBe(0);
    expect(await page.locator('section.script[data-file="第三方/contact.parley"]').isVisible()).toBe(true);

    await page.selectOption('#f-audience', '');
    expect(await visible()).toBe(all.length);

    const out = path.join(ROOT, 'test-results', 'html-report.png');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out, fullPage: true });
    expect(fs.statSync(out).size).toBeGreaterThan(20_000);
  });
});

describe('--format html in English (--locale en)', () => {
  it('every text of the page is English; the Chinese report has none of them', async () => {
    const dir = copyExamples();
    const en = (await runCli(['lint', '--format', 'html', '--locale', 'en'], { cwd: dir })).stdout;
    const zh = (await runCli(['lint', '--format', 'html'], { cwd: dir })).stdout;
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('<title>Parley script review</title>');
    expect(en).toContain('<th>Node</th><th>Line</th><th>Stage</th><th>Audience</th><th>Findings</th>');
    expect(en).toContain('<h4>How to fix (what to say instead)</h4>');
    expect(en).toContain('Debt facts or purpose told to someone who is not liable'); // the rule's English description
    // The page's own words (outside messages, titles, code and the rule pages' examples) have no Chinese.
    const own = en
      .replace(/<span class="msg">[\s\S]*?<\/span>/g, '')
      .replace(/<(code|pre|td|h2|option|p|li|summary)\b[^>]*>[\s\S]*?<\/\1>/g, '')
      .replace(/<ul>[\s\S]*?<\/ul>/g, '')
      .replace(/<section[^>]*>/g, '')
      .replace(/data-[a-z]+="[^"]*"/g, '');
    expect(own).not.toMatch(/[\u4e00-\u9fff]/);
    for (const t of ['个问题', '第 1 行', '怎么改', '按规则统计', '规则说明']) expect(en, t).not.toContain(t);
    for (const t of ['Parley script review', 'How to fix', 'By rule', ' findings']) expect(zh, t).not.toContain(t);
  });
});
