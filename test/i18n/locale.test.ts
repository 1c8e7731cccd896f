/** Each way of choosing the language of messages, in the CLI and in the language server. */
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, cli, tempDir } from '../helpers/cli';
import { LspClient, workspaceWith } from '../lsp/client';

const SCRIPT = 'title: 开场\n对象: 朋友\nstage: M1\n---\n坐席：您好，我是{company}的{agent_name}。你这个老赖，赶紧还钱！\n===\n';
const CJK = /[\u4e00-\u9fff]/;

function lint(args: string[], env: Record<string, string> = {}, files: Record<string, string> = {}) {
  const dir = tempDir({ 'a.parley': SCRIPT, ...files });
  const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', ...args, 'a.parley'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PARLEY_LOCALE: '', ...env } });
  return { code: r.status, stderr: r.stderr, messages: r.stdout ? (JSON.parse(r.stdout)[0].messages as { ruleId: string; message: string; messageId: string }[]) : [] };
}

function outsideQuotes(s: string) {
  return s.replace(/"[^"]*"/g, '').replace(/「[^」]*」/g, '').replace(/“[^”]*”/g, '');
}

describe('CLI locale', () => {
  it('Chinese by default: every message Chinese, with the rule id and message id', () => {
    const r = lint([]);
    expect(r.messages.length).toBeGreaterThan(1);
    for (const m of r.messages) {
      expect(m.message).toMatch(CJK);
      expect(m.messageId).toBeTruthy();
    }
    // the writer's own word for the key: 「对象」, not "audience"
    expect(r.messages.find((m) => m.ruleId === 'invalid-audience')!.message).toMatch(/^「对象」的取值「朋友」不是已知的对象，是不是「contact」？可用的取值：unverified（未核身）、debtor（本人）/);
  });
  it('English with --locale en, PARLEY_LOCALE=en, or "locale": "en" in parley.config.json', () => {
    for (const r of [lint(['--locale', 'en']), lint([], { PARLEY_LOCALE: 'en' }), lint([], {}, { 'parley.config.json': '{ "locale": "en" }' })]) {
      expect(r.code).toBe(1);
      expect(r.messages.length).toBeGreaterThan(1);
      for (const m of r.messages) expect(outsideQuotes(m.message), m.message).not.toMatch(CJK);
    }
  });
  it('--locale wins over PARLEY_LOCALE, which wins over the config', () => {
    expect(lint(['--locale', 'zh'], { PARLEY_LOCALE: 'en' }).messages[0].message).toMatch(CJK);
    expect(outsideQuotes(lint([], { PARLEY_LOCALE: 'en' }, { 'parley.config.json': '{ "locale": "zh" }' }).messages[0].message)).not.toMatch(CJK);
  });
  it('an unknown locale is a usage error (exit 2); an unknown one in the config is a config error', () => {
    const a = lint(['--locale', 'fr']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/^parley：--locale 只能是 zh、zh-TW 或 en，收到「fr」/); // the CLI's own lines: Chinese unless --locale/PARLEY_LOCALE says en
    const b = lint([], {}, { 'parley.config.json': '{ "locale": "fr" }' });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/locale/);
  });
  it('parley rules lists the file-level problems, in the chosen language', () => {
    const zh = cli(['rules']);
    expect(zh.stdout).toMatch(/file-encoding\s.*文件不是 UTF-8 编码/);
    for (const id of ['file-binary', 'file-unreadable', 'file-too-large']) expect(zh.stdout).toContain(id);
    const en = cli(['rules', '--locale', 'en']);
    expect(en.stdout).toMatch(/file-encoding\s.*The file is not UTF-8/);
  });
  it('a GBK file is recognised and the message says how to convert it, in each language', () => {
    const gbk = Buffer.from([0xd7, 0xf8, 0xcf, 0xaf, 0xa3, 0xba, 0xc4, 0xfa, 0xba, 0xc3, 0x0a]); // 坐席：您好 in GBK
    const dir = tempDir({ 'gbk.parley': gbk as unknown as string });
    for (const [locale, re] of [['zh', /GBK\/GB18030 编码.*iconv -f GB18030 -t UTF-8 gbk\.parley/], ['en', /GBK\/GB18030.*iconv -f GB18030 -t UTF-8 gbk\.parley/]] as const) {
      const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', '--locale', locale, 'gbk.parley'], { cwd: dir, encoding: 'utf8' });
      expect(r.status).toBe(2);
      const m = JSON.parse(r.stdout)[0].messages[0];
      expect(m).toMatchObject({ ruleId: 'file-encoding', fatal: true });
      expect(m.message).toMatch(re);
    }
  });
});

describe('language server locale', () => {
  it('uses the initialize locale (VS Code display language); Chinese without one', async () => {
    const dir = workspaceWith({ 'a.parley': SCRIPT });
    for (const [locale, chinese] of [['en', false], ['zh-cn', true], [undefined, true]] as const) {
      const c = new LspClient(locale ? { locale } : {});
      try {
        await c.initialize([dir]);
        const uri = c.open(path.join(dir, 'a.parley'));
        const ds = await c.diagnosticsFor(uri, 1);
        expect(ds.length).toBeGreaterThan(1);
        for (const d of ds) expect(CJK.test(outsideQuotes(d.message)), `${locale}: ${d.message}`).toBe(chinese);
      } finally {
        await c.shutdown();
      }
    }
  });
});

describe('language server locale: the output channel log', () => {
  it('one language per line: Chinese without a display language or with zh-cn, English with en', async () => {
    const dir = workspaceWith({
      'a.parley': SCRIPT,
      'binary.parley': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]),
      'sub/parley.config.json': JSON.stringify({ rules: { 'abusive-languag': 'error' } }),
      'sub/b.parley': SCRIPT,
    }, false);
    for (const [locale, chinese] of [['en', false], ['zh-cn', true], [undefined, true]] as const) {
      const c = new LspClient({ ...(locale ? { locale } : {}), settings: { run: 'sometimes', rules: { 'no-such-rule': 'error' } } });
      try {
        await c.initialize([dir]);
        await c.waitUntil('index log', () => c.notifications.find((n) => n.method === 'window/logMessage' && /^(Indexed|已索引)/.test(n.params.message)));
        // The index line, the skipped binary file, the invalid config and both settings problems.
        const wanted = chinese
          ? [/^已索引 2 个 \.parley 文件，共 1 个文件夹；跳过 1 个/, /^已跳过 .*binary\.parley：/, /parley\.config\.json：配置无效，改用默认配置：\n  \/rules：未知规则「abusive-languag」/, /^parley\.run 只能是/, /^parley\.rules：未知规则「no-such-rule」，已忽略$/]
          : [/^Indexed 2 \.parley file\(s\) in 1 folder\(s\); skipped 1/, /^Skipped .*binary\.parley: /, /parley\.config\.json: invalid configuration, using the defaults:\n  \/rules: unknown rule id "abusive-languag"/, /^parley\.run must be/, /^parley\.rules: unknown rule id "no-such-rule" ignored$/];
        // The index line can come first: closed files (and the config beside them) are read on the background thread.
        for (const w of wanted) {
          const found = await c.waitUntil(`${locale}: ${w}`, () => c.notifications.find((n) => n.method === 'window/logMessage' && w.test(n.params.message)), 20_000).catch(() => undefined);
          expect(found, `${locale}: ${w} in\n${c.notifications.filter((n) => n.method === 'window/logMessage').map((n) => n.params.message).join('\n')}`).toBeDefined();
        }
        const logs = c.notifications.filter((n) => n.method === 'window/logMessage').map((n) => n.params.message as string);
        for (const m of logs) {
          const prose = outsideQuotes(m).replace(/\/[^\s：:，]+/g, ''); // paths are data
          if (chinese) {
            expect(prose, m).toMatch(CJK);
            expect(prose, m).not.toMatch(/\b(Indexed|Skipped|invalid|must|unknown|ignored|using|Could not|failed)\b/);
          } else expect(CJK.test(prose), m).toBe(false);
        }
      } finally {
        await c.shutdown();
      }
    }
  });
});

describe('language server locale: hovers, completion details and quick-fix titles', () => {
  const stageAt = { line: 2, character: 8 };
  const placeholderAt = { line: 4, character: 12 };
  /** Hovers on a stage, a placeholder and a finding, a completion detail and a quick-fix title, with one editor locale and config. */
  async function ui(locale: string | undefined, files: Record<string, string> = {}) {
    const dir = workspaceWith({ 'a.parley': SCRIPT, ...files });
    const c = new LspClient(locale ? { locale } : {});
    try {
      await c.initialize([dir]);
      const uri = c.open(path.join(dir, 'a.parley'));
      const ds = await c.diagnosticsFor(uri, 1);
      const hover = async (position: { line: number; character: number }) => ((await c.request('textDocument/hover', { textDocument: { uri }, position })) as { contents: { value: string } }).contents.value;
      const abusive = ds.find((d) => d.code === 'abusive-language')!;
      const actions = (await c.request('textDocument/codeAction', { textDocument: { uri }, range: abusive.range, context: { diagnostics: [abusive] } })) as { title: string }[];
      const stages = (await c.request('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 7 } })) as { items: { label: string; detail: string }[] };
      return {
        stage: await hover(stageAt),
        placeholder: await hover(placeholderAt),
        finding: await hover(abusive.range.start),
        title: actions.map((a) => a.title).join('\n'),
        detail: stages.items.find((i) => i.label === 'M1')!.detail,
      };
    } finally {
      await c.shutdown();
    }
  }
  // Script text (code, fenced examples) and quoted Chinese (「…」, a training material's 《title》) are quotes, not the hover's language.
  const englishOnly = (s: string) => outsideQuotes(s.replace(/```[\s\S]*?```/g, '').replace(/`[^`]*`/g, '').replace(/《[^》]*》/g, '').replace(/\]\([^)]*\)/g, ']'));

  it('English with the editor in English, Chinese with zh-cn or no locale', async () => {
    const en = await ui('en');
    expect(en.stage).toBe('**Stage `M1`**: 1–30 days past due');
    expect(en.placeholder).toBe('**Placeholder `{company}`**: agent identity');
    expect(en.detail).toBe('1–30 days past due');
    expect(en.finding).toMatch(/^\*\*abusive-language\*\* · error/);
    for (const v of Object.values(en)) expect(englishOnly(v), v).not.toMatch(CJK);
    for (const zh of [await ui('zh-cn'), await ui(undefined)]) {
      expect(zh.stage).toBe('**阶段 `M1`**：逾期 1–30 天');
      expect(zh.placeholder).toBe('**占位符 `{company}`**：坐席身份');
      expect(zh.detail).toBe('逾期 1–30 天');
      expect(zh.finding).toMatch(/^\*\*abusive-language\*\* · 错误/);
      expect(zh.finding).not.toMatch(/Documentation|How to fix/);
      expect(zh.title).toMatch(/在此行禁用 abusive-language/);
    }
  });
  it('without an editor locale, the config\'s "locale" chooses', async () => {
    const en = await ui(undefined, { 'parley.config.json': '{ "locale": "en" }' });
    expect(en.stage).toBe('**Stage `M1`**: 1–30 days past due');
    for (const v of Object.values(en)) expect(englishOnly(v), v).not.toMatch(CJK);
  });
});
