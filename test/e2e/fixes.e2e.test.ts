/**
 * Fixes that act (issue 10, item 4) in a real VS Code: code-server in headless Chromium with the
 * packaged extension, driven through the UI as a writer does — Ctrl+., a click on the action, the
 * cursor read from the status bar, the result read back from disk after Ctrl+S:
 * a did-you-mean (`{amout}` → `{amount}`), "Disable for this line" with the cursor left at the
 * reason (typed next), and "Create node" with the cursor left in the new node's body; then, in a
 * second script, the rule link of VS Code's own squiggle hover (opens the bundled page), the safe
 * wording of a red-line phrase, the "reached from" lens (its peek) and the not-liable marker.
 * One code-server session; screenshots in test-results/ (fixes-e2e-*.png).
 *
 * code-server runs with its display language, English here: the action titles are English.
 * Skips (with the reason) when code-server or Chromium is missing, unless PARLEY_E2E_REQUIRED=1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { packageVsix } from '../extension/package-vsix';
import { FIXES } from '../lsp/fixtures';
import { CHROMIUM, CHROMIUM_FLAGS, type CodeServer, installExtensions, makeSandbox, missingPrerequisite, ROOT, type Sandbox, startCodeServer, waitForRulePagePreview } from './code-server';

const REQUIRED = process.env.PARLEY_E2E_REQUIRED === '1';
const SELECTED = process.env.PARLEY_E2E_RUN === '1' || REQUIRED;
const RESULTS = path.join(ROOT, 'test-results');
const FILE = 'fixes.parley';
/** Red-line phrases (a safe wording for 犯法; none for 坐牢) and a contact node that jumps are reached from. */
const RED_FILE = 'red.parley';
const RED = [
  'stage: M3',
  'channel: call',
  '',
  'title: 红线示例',
  'audience: debtor',
  '---',
  '坐席: 不还钱就等着坐牢吧。',
  '坐席: 欠钱不还是犯法的，您知道吗？',
  '<<jump 转告示例>>',
  '===',
  '',
  'title: 转告示例',
  'audience: contact',
  '---',
  '坐席: 请转告他尽快处理{amount}元的欠款。',
  '===',
  '',
].join('\n');
const missing = missingPrerequisite();

async function openFile(page: Page, name: string): Promise<void> {
  const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label*="${name}"]`).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
  await page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`).waitFor({ timeout: 15_000 });
  await page.locator(`.editor-instance .monaco-editor[data-uri$="${name}"]`).first().waitFor({ timeout: 15_000 });
}

/** The cursor as the status bar shows it: [line, column], 1-based. */
async function cursor(page: Page): Promise<[number, number] | undefined> {
  const text = await page.locator('[id="status.editor.selection"]').innerText().catch(() => '');
  const m = /Ln\s*(\d+),\s*Col\s*(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Go to Line (Ctrl+G `:line:1`), then arrow keys (Go to Line counts CJK characters as two columns). */
async function goTo(page: Page, line: number, col: number): Promise<void> {
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}:1`);
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
  await expect.poll(() => cursor(page), { timeout: 5000 }).toEqual([line, 1]);
  for (let i = 1; i < col; i++) await page.keyboard.press('ArrowRight');
  await expect.poll(() => cursor(page), { timeout: 5000 }).toEqual([line, col]);
}

/** Ctrl+. at the cursor and a click on the action titled `title`; returns every title the menu showed. */
async function quickFix(page: Page, title: string): Promise<string[]> {
  const menu = page.locator('.action-widget:not(.action-list-submenu-panel)').first();
  // (the first request may come while the server is still busy: ask again once)
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('Control+.');
    try {
      await menu.waitFor({ state: 'visible', timeout: 15_000 });
      break;
    } catch (e) {
      if (attempt) throw e;
      await page.keyboard.press('Escape');
    }
  }
  const row = menu.locator('.monaco-list-row.action', { hasText: title }).first();
  await expect.poll(() => row.count(), { timeout: 10_000, message: `"${title}" in ${JSON.stringify(await menu.locator('.monaco-list-row').allInnerTexts())}` }).toBe(1);
  const items = await menu.locator('.monaco-list-row').allInnerTexts();
  await row.click();
  await menu.waitFor({ state: 'hidden', timeout: 5000 });
  return items;
}

if (!SELECTED) {
  describe('Parley fixes in a real VS Code', () => {
    it.skip('runs with `npm run test:e2e` (or PARLEY_E2E_REQUIRED=1)', () => {});
  });
} else if (missing && !REQUIRED) {
  describe('Parley fixes in a real VS Code (code-server + headless Chromium)', () => {
    it.skip(`skipped: ${missing}`, () => {});
  });
  console.warn(`[e2e] skipped: ${missing}. Set PARLEY_E2E_REQUIRED=1 to make this a failure.`);
} else describe('Parley fixes in a real VS Code (code-server + headless Chromium)', () => {
  let sb: Sandbox;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let file: string;
  const disk = () => fs.readFileSync(file, 'utf8').split('\n');
  const shot = (name: string) => page.screenshot({ path: path.join(RESULTS, `fixes-e2e-${name}.png`) }).catch(() => undefined);

  beforeAll(async () => {
    if (missing) throw new Error(`PARLEY_E2E_REQUIRED=1 but ${missing}`);
    const t0 = Date.now();
    sb = makeSandbox();
    // Only the script under test: no other titles to collide with or to guess from.
    for (const f of fs.readdirSync(sb.workspace)) fs.rmSync(path.join(sb.workspace, f));
    file = path.join(sb.workspace, FILE);
    fs.writeFileSync(file, FIXES);
    fs.writeFileSync(path.join(sb.workspace, RED_FILE), RED);
    const vsix = path.join(sb.base, 'parley.vsix');
    packageVsix(vsix);
    installExtensions(sb, [vsix]);
    const t1 = Date.now();
    server = await startCodeServer(sb);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, env: sb.env });
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(sb.workspace)}`, { timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    fs.mkdirSync(RESULTS, { recursive: true });
    await openFile(page, FILE);
    const editor = page.locator(`.editor-instance .monaco-editor[data-uri$="${FILE}"]`);
    await editor.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
    console.log(`[e2e] fixes: packaged and installed in ${t1 - t0} ms; code-server up, ${FILE} open and linted ${Date.now() - t1} ms later`);
  }, 240_000);

  beforeEach(async () => {
    if (page) for (let i = 0; i < 2; i++) await page.keyboard.press('Escape');
  });

  afterAll(async () => {
    try {
      await browser?.close().catch(() => {});
    } finally {
      await server?.stop();
      fs.mkdirSync(RESULTS, { recursive: true });
      if (sb && server) fs.writeFileSync(path.join(RESULTS, 'fixes-e2e-code-server.log'), server.log());
      if (sb) fs.rmSync(sb.base, { recursive: true, force: true, maxRetries: 3 });
    }
  }, 30_000);

  it('did-you-mean: {amout} → {amount} from Ctrl+.', async () => {
    const line = FIXES.split('\n').findIndex((l) => l.includes('{amout}')) + 1;
    await goTo(page, line, FIXES.split('\n')[line - 1].indexOf('{amout}') + 2);
    await quickFix(page, 'Change to "{amount}"');
    await page.keyboard.press('Control+S');
    await expect.poll(() => disk()[line - 1], { timeout: 10_000 }).toBe('坐席: 您本期应还{amount}元，请问今天几点前能先还多少？');
  });

  it('"Disable for this line": the comment is inserted and the cursor waits at the reason', async () => {
    const line = disk().findIndex((l) => l === '坐席: 你好。') + 1;
    await goTo(page, line, 5);
    const items = await quickFix(page, 'Disable prefer-honorific for this line');
    expect(items.some((t) => t.includes('Disable prefer-honorific for this file')), JSON.stringify(items)).toBe(true);
    const comment = '// parley-disable-next-line prefer-honorific -- ';
    // The comment takes the finding's line; the cursor is after "-- ".
    await expect.poll(() => cursor(page), { timeout: 10_000 }).toEqual([line, comment.length + 1]);
    await shot('disable-line');
    await page.keyboard.type('quoted from the call');
    await page.keyboard.press('Control+S');
    await expect.poll(() => disk()[line - 1], { timeout: 10_000 }).toBe(comment + 'quoted from the call');
    expect(disk()[line]).toBe('坐席: 你好。');
  });

  it('"Create node": the node is appended with the jumping node\'s audience, the cursor in its body', async () => {
    const lines = disk();
    const line = lines.findIndex((l) => l.includes('<<jump 改天再联系>>')) + 1;
    await goTo(page, line, lines[line - 1].indexOf('改天再联系') + 2);
    await quickFix(page, 'Create node "改天再联系"');
    // The new node: blank line, title, audience, ---, an empty body line (the cursor), ===.
    const body = lines.length + 4; // (lines ends with '' after the last line end)
    await expect.poll(() => cursor(page), { timeout: 10_000 }).toEqual([body, 1]);
    await page.keyboard.type('agent line');
    await page.keyboard.press('Control+S');
    await expect.poll(() => disk().slice(lines.length - 1), { timeout: 10_000 }).toEqual(['', 'title: 改天再联系', 'audience: debtor', '---', 'agent line', '===', '']);
    const editor = page.locator(`.editor-instance .monaco-editor[data-uri$="${FILE}"] .view-lines`);
    await expect.poll(() => editor.innerText(), { timeout: 5000 }).toContain('改天再联系');
    await shot('create-node');
  });

  it('the rule link in VS Code\'s own hover on a squiggle opens the bundled rule page in the preview', async () => {
    await openFile(page, RED_FILE);
    const red = page.locator(`.editor-instance .monaco-editor[data-uri$="${RED_FILE}"]`);
    await red.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
    const line = RED.split('\n').findIndex((l) => l.includes('坐牢')) + 1;
    await goTo(page, line, RED.split('\n')[line - 1].indexOf('坐牢') + 2);
    // Show Hover at the cursor (Ctrl+K Ctrl+I): the problem's hover with its code link.
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const link = page.locator('.monaco-hover a.code-link', { hasText: 'criminal-threat' }).first();
    await link.waitFor({ timeout: 15_000 });
    // Not a command link (this hover refuses those): a parley-doc: URI the extension turns into the page.
    expect(await link.getAttribute('href')).toBe('parley-doc:/en/rules/criminal-threat.md');
    await shot('hover-link');
    await link.click();
    expect(await waitForRulePagePreview(page, 'criminal-threat.md')).toMatch(/Preview/);
    // The parley-doc: text tab was swapped for the preview: no tab of it is left.
    await expect.poll(() => page.locator('.tabs-container .tab[aria-label*="parley-doc"], .tabs-container .tab[title*="parley-doc"]').count(), { timeout: 5000 }).toBe(0);
    await shot('rule-page');
    await page.keyboard.press('Control+W');
    await page.locator(`.tabs-container .tab.active[aria-label*="${RED_FILE}"]`).waitFor({ timeout: 10_000 });
  });

  it('a red-line phrase with a safe wording on its rule page: "Use the safe wording" from Ctrl+.', async () => {
    const line = RED.split('\n').findIndex((l) => l.includes('犯法')) + 1;
    await goTo(page, line, RED.split('\n')[line - 1].indexOf('犯法') + 2);
    await quickFix(page, 'Use the safe wording "违约"');
    await page.keyboard.press('Control+S');
    const redDisk = () => fs.readFileSync(path.join(sb.workspace, RED_FILE), 'utf8').split('\n');
    await expect.poll(() => redDisk()[line - 1], { timeout: 10_000 }).toBe('坐席: 欠钱不还是违约的，您知道吗？');
  });

  it('node lens "reached from" opens the jumping nodes in a peek; a marker follows {amount} said to a contact', async () => {
    const red = page.locator(`.editor-instance .monaco-editor[data-uri$="${RED_FILE}"]`);
    // (the editor renders the hint's blanks as no-break spaces)
    await expect.poll(async () => (await red.locator('.view-lines').innerText()).replace(/\u00a0/g, ' '), { timeout: 15_000 }).toContain('{amount}⚠ listener not liable元');
    const lens = red.locator('.codelens-decoration a', { hasText: 'reached from 1 node' }).first();
    await lens.waitFor({ timeout: 15_000 });
    expect(await lens.getAttribute('title')).toBe('Nodes that jump here: 红线示例');
    await shot('lens-and-marker');
    await lens.click();
    const peek = page.locator('.peekview-widget').first();
    await peek.waitFor({ timeout: 15_000 });
    await expect.poll(() => peek.innerText(), { timeout: 10_000 }).toContain('红线示例');
    await shot('reached-from-peek');
    await page.keyboard.press('Escape');
  });
});
