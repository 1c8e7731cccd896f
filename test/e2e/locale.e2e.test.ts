/**
 * The extension in a VS Code whose display language is Chinese (code-server `--locale zh-cn`, one
 * session): a finding's message in the Problems panel and in its hover, Parley's hover on a stage
 * value and a command title in the palette are Chinese, and none of them carries its English text. Skips like the other e2e tests when code-server or
 * Chromium is missing, unless PARLEY_E2E_REQUIRED=1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createVSIX } from '@vscode/vsce';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintText } from '../../server/src/core';
import { ruleById } from '../../server/src/core/rules';
import { configSchema } from '../../scripts/config-schema';
import { packageVsix } from '../extension/package-vsix';
import { CHROMIUM, CHROMIUM_FLAGS, type CodeServer, EXAMPLES, installExtensions, makeSandbox, missingPrerequisite, ROOT, type Sandbox, startCodeServer } from './code-server';

const REQUIRED = process.env.PARLEY_E2E_REQUIRED === '1';
const SELECTED = process.env.PARLEY_E2E_RUN === '1' || REQUIRED;
const RESULTS = path.join(ROOT, 'test-results');
const missing = missingPrerequisite();
const NLS_ZH = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;

/**
 * A language pack for zh-cn with no translations of its own. VS Code shows a display language only
 * when a language pack for it is installed (otherwise it falls back to English, for the workbench
 * and for `vscode.env.language` alike), and the marketplace's pack cannot be downloaded here. With
 * this one, the editor runs in zh-cn: VS Code's own strings stay English (nothing is translated),
 * while everything Parley shows (package.nls.zh-cn.json, its l10n bundle, the server's locale from
 * `initialize`) is what a user with the Chinese pack gets.
 */
async function zhLanguagePack(dir: string): Promise<string> {
  const ext = path.join(dir, 'zh-pack');
  fs.mkdirSync(path.join(ext, 'translations'), { recursive: true });
  fs.writeFileSync(path.join(ext, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  fs.writeFileSync(path.join(ext, 'README.md'), '# zh-cn language pack for the Parley e2e test\n');
  fs.writeFileSync(path.join(ext, 'LICENSE'), 'MIT\n');
  fs.writeFileSync(
    path.join(ext, 'package.json'),
    JSON.stringify({
      name: 'parley-e2e-zh-pack',
      displayName: 'zh-cn pack (Parley e2e)',
      publisher: 'parley',
      version: '0.0.1',
      license: 'MIT',
      engines: { vscode: '^1.91.0' },
      categories: ['Language Packs'],
      contributes: { localizations: [{ languageId: 'zh-cn', languageName: 'Chinese Simplified', localizedLanguageName: '中文(简体)', translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }] },
    }),
  );
  const out = path.join(dir, 'zh-pack.vsix');
  await createVSIX({ cwd: ext, packagePath: out, dependencies: false, allowMissingRepository: true, skipLicense: true });
  return out;
}

async function openFile(page: Page, name: string): Promise<void> {
  const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label*="${name}"]`).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
  await page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`).waitFor({ timeout: 15_000 });
}

if (!SELECTED) {
  describe('Parley with a Chinese display language', () => {
    it.skip('runs with `npm run test:e2e` (or PARLEY_E2E_REQUIRED=1)', () => {});
  });
} else if (missing && !REQUIRED) {
  describe('Parley with a Chinese display language (code-server --locale zh-cn)', () => {
    it.skip(`skipped: ${missing}`, () => {});
  });
} else describe('Parley with a Chinese display language (code-server --locale zh-cn)', () => {
  let sb: Sandbox;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  // What the finding on line 9 of red-lines.parley (`你这个老赖`) says, from the core in Chinese.
  const text = fs.readFileSync(path.join(EXAMPLES, 'red-lines.parley'), 'utf8');
  const finding = lintText(text, 'red-lines.parley').find((f) => f.ruleId === 'abusive-language' && f.range.start.line === 8)!;
  const rule = ruleById('abusive-language')!;

  beforeAll(async () => {
    if (missing) throw new Error(`PARLEY_E2E_REQUIRED=1 but ${missing}`);
    expect(finding, 'red-lines.parley line 9 has an abusive-language finding').toBeDefined();
    sb = makeSandbox();
    // A config whose keys the JSON hover explains from the Chinese schema (package.nls.zh-cn.json's
    // jsonValidation url). The option is the default value: the findings are the same.
    fs.writeFileSync(path.join(sb.workspace, 'parley.config.json'), JSON.stringify({ rules: { 'calling-hours': ['error', { earliest: '08:00' }] } }, null, 2) + '\n');
    const vsix = path.join(sb.base, 'parley.vsix');
    packageVsix(vsix);
    installExtensions(sb, [vsix, await zhLanguagePack(sb.base)]);
    // The server resolves the display language at start-up from <user-data>/languagepacks.json, which
    // VS Code writes only after a first start: write the entry for the installed pack now.
    const pack = fs.readdirSync(sb.extensions).find((d) => d.startsWith('parley.parley-e2e-zh-pack-'))!;
    fs.writeFileSync(
      path.join(sb.userData, 'languagepacks.json'),
      JSON.stringify({
        'zh-cn': {
          hash: 'parley-e2e-zh-pack-0.0.1',
          extensions: [{ extensionIdentifier: { id: 'parley.parley-e2e-zh-pack' }, version: '0.0.1' }],
          translations: { vscode: path.join(sb.extensions, pack, 'translations', 'main.i18n.json') },
          label: '中文(简体)',
        },
      }),
    );
    server = await startCodeServer(sb, ['--locale', 'zh-cn']);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, env: sb.env });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(sb.workspace)}`, { timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  }, 240_000);

  afterAll(async () => {
    try {
      fs.mkdirSync(RESULTS, { recursive: true });
      if (page) await page.screenshot({ path: path.join(RESULTS, 'locale-e2e.png') }).catch(() => {});
      await browser?.close().catch(() => {});
    } finally {
      await server?.stop();
      if (sb && server) fs.writeFileSync(path.join(RESULTS, 'locale-e2e-code-server.log'), server.log());
      // The editor's own logs (extension host, the Parley output channel), for a failure's post-mortem.
      if (sb && fs.existsSync(path.join(sb.userData, 'logs'))) fs.cpSync(path.join(sb.userData, 'logs'), path.join(RESULTS, 'locale-e2e-logs'), { recursive: true });
      if (sb) fs.rmSync(sb.base, { recursive: true, force: true, maxRetries: 3 });
    }
  }, 30_000);

  it('the Problems panel and the hovers show Chinese, the palette the Chinese command title', async () => {
    await openFile(page, 'red-lines.parley');
    const editor = page.locator('.editor-instance .monaco-editor[data-uri$="red-lines.parley"]');
    // (generous: the first lint waits for the extension host and the server to start, slow on a loaded machine)
    await expect.poll(() => editor.locator('.squiggly-error').count(), { timeout: 90_000 }).toBeGreaterThan(5);

    // A message: the one the core renders in Chinese, with no English sentence after it.
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ timeout: 10_000 });
    // (the list is virtualised: filter it to the rule to bring the row into view)
    await page.locator('.part.panel .viewpane-filter input').first().fill('abusive-language');
    await expect.poll(() => panel.innerText(), { timeout: 15_000 }).toContain(finding.message);
    expect(await panel.innerText()).not.toContain(rule.meta.messages[finding.messageId].en.slice(0, 20));

    // Hovers: on the flagged word, the problem in Chinese; on the stage value, Parley's hover in Chinese.
    const hover = page.locator('.monaco-hover:not(.hidden)').first();
    const word = editor.locator('.view-line span', { hasText: '老赖' }).first();
    await word.scrollIntoViewIfNeeded();
    await expect.poll(async () => (await word.hover(), hover.innerText().catch(() => '')), { timeout: 20_000, interval: 1000 }).toContain(finding.message);
    await page.mouse.move(5, 450);
    await page.keyboard.press('Escape');
    const stage = editor.locator('.view-line span span', { hasText: /^M3$/ }).first();
    await expect
      .poll(async () => (await stage.hover(), hover.innerText().catch(() => '')), { timeout: 20_000, interval: 1000, message: 'the stage hover' })
      .toContain('阶段 M3');
    const shown = await hover.innerText();
    expect(shown).toContain('逾期 61–90 天');
    expect(shown).not.toMatch(/Stage|days past due/);
    await page.mouse.move(5, 450);
    await page.keyboard.press('Escape');

    // A command title: the palette finds the restart command by its Chinese words.
    await page.locator('.editor-instance .monaco-editor textarea').first().focus();
    await page.keyboard.press('Control+Shift+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('>重启话术');
    const rows = page.locator('.quick-input-widget .monaco-list-row');
    const title = `${NLS_ZH['command.category']}: ${NLS_ZH['command.restartServer.title']}`;
    await expect.poll(() => rows.allInnerTexts().then((t) => t.join('\n')), { timeout: 10_000 }).toContain(title);
    // (VS Code lists the English original beside a translated title, for searching: that part is VS Code's.)
    await page.keyboard.press('Escape');
  }, 180_000);

  it('parley.config.json: the JSON hover explains rules and options from the Chinese schema', async () => {
    await openFile(page, 'parley.config.json');
    const editor = page.locator('.editor-instance .monaco-editor[data-uri$="parley.config.json"]');
    const hover = page.locator('.monaco-hover:not(.hidden)').first();
    /* eslint-disable @typescript-eslint/no-explicit-any */
    const zh = configSchema('zh') as any;
    const option = zh.properties.rules.properties['calling-hours'].anyOf[1].items[1].properties.earliest.description as string;
    const key = editor.locator('.view-line span span', { hasText: /^"earliest"$/ }).first();
    await expect.poll(async () => (await key.hover(), hover.innerText().catch(() => '')), { timeout: 30_000, interval: 1000, message: 'the option hover' }).toContain(option);
    expect(await hover.innerText()).not.toContain('Earliest contact time');
    await page.mouse.move(5, 450);
    await page.keyboard.press('Escape');
    const rule = editor.locator('.view-line span span', { hasText: /^"calling-hours"$/ }).first();
    await expect.poll(async () => (await rule.hover(), hover.innerText().catch(() => '')), { timeout: 20_000, interval: 1000, message: 'the rule hover' }).toContain(ruleById('calling-hours')!.meta.description.zh);
    expect(await hover.innerText()).not.toContain(ruleById('calling-hours')!.meta.description.en);
    await page.mouse.move(5, 450);
    await page.keyboard.press('Escape');
  }, 90_000);
});
