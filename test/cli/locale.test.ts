/**
 * Issue 11: the CLI's own lines (usage and config errors, warnings, help) are in one language:
 * Chinese by default, English with --locale en or PARLEY_LOCALE=en. A config's "locale" does not
 * choose the language of that config's own errors. The editor shows the config's problems in its
 * display language.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../../server/src/core/config';
import { RULES } from '../../server/src/core/rules';
import { configDiagnostics } from '../../server/src/lsp/diagnostics';
import { CLI, tempDir } from '../helpers/cli';
import { opencc } from '../../scripts/gen-zh-tw-table.mjs';

const HAN = /\p{Script=Han}/u;
/** ASCII punctuation glued to Chinese text (Chinese text takes ：；，？（）). */
const GLUED = /[\p{Script=Han}「」][:;,?()]|[:;,?()][\p{Script=Han}「」]/u;
/** Words of the English texts: none may be left inside a Chinese line. */
const ENGLISH = /\b(must|unknown|did you mean|invalid|cannot|option|options|not valid|needs|got|match|allowed|give)\b|\bwarning:/i;

const SCRIPT = ['stage: M1', 'channel: call', '', 'title: 开场', 'audience: debtor', '---', '坐席：您好，请问您今天几点方便处理？', '==='].join('\n') + '\n';

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...env };
  if (!('PARLEY_LOCALE' in env)) delete e.PARLEY_LOCALE;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: e });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function expectChinese(text: string): void {
  expect(text, text).toMatch(HAN);
  // Data in 「…」 is verbatim (a pattern such as 「(x」 keeps its ASCII brackets).
  expect(text.replace(/「[^」]*」/g, '「」'), text).not.toMatch(GLUED);
  expect(text, text).not.toMatch(ENGLISH);
  expect(text, text).not.toMatch(/^parley: /m);
}

function expectEnglish(text: string): void {
  expect(text, text).not.toMatch(HAN);
}

const BAD_CONFIG = {
  rules: { 'calling-hours': ['error', { erliest: '08:30', latest: 5 }], 'calling-hour': 'off' },
  lexicons: { 'debt-word': {} },
};

/** Each case: a folder, the arguments, and what both languages must name verbatim (data). */
const CASES: { name: string; files?: Record<string, string>; args: string[]; data: string[] }[] = [
  { name: 'unknown option, rule id and lexicon (did-you-mean)', files: { 'parley.config.json': JSON.stringify(BAD_CONFIG) }, args: ['lint'], data: ['parley.config.json', '/rules/calling-hours', 'erliest', 'earliest', 'latest', 'calling-hour', 'calling-hours', 'debt-word', 'debt-words'] },
  { name: 'schema errors (ajv)', files: { 'parley.config.json': JSON.stringify({ rules: { 'prefer-honorific': 'loud' }, maxFileSize: 'big', colour: 1 }) }, args: ['lint'], data: ['/rules/prefer-honorific', 'warning', '/maxFileSize', 'colour'] },
  { name: 'config not valid JSON', files: { 'parley.config.json': '{ "rules": {\n  "prefer-honorific": "off",\n}\n' }, args: ['lint'], data: ['parley.config.json', 'JSON'] },
  { name: 'a badly named, empty word class (schema)', files: { 'parley.config.json': JSON.stringify({ classes: { Bad_Name: { terms: [] } } }) }, args: ['lint'], data: ['/classes', 'Bad_Name', '/classes/Bad_Name/terms'] },
  { name: 'malformed lexicon patterns and word classes', files: { 'parley.config.json': JSON.stringify({ classes: { a: { terms: ['x[b]'] }, b: { terms: ['[a]y'] } }, lexicons: { 'exposure-threat': { terms: ['x[close-persn]'] }, begging: { terms: ['(x'] } } }) }, args: ['lint'], data: ['/classes/a', '[a] → [b] → [a]', '/lexicons/exposure-threat', '[close-persn]', '[close-person]', '/lexicons/begging', '(x'] },
  { name: 'no files match', args: ['lint', 'nope.parley'], data: ['nope.parley'] },
  { name: 'unknown command-line option', args: ['lint', '--locle', 'x'], data: ['--locle', '--locale'] },
  { name: 'option without its value', args: ['lint', '--format'], data: ['--format'] },
  { name: 'unknown format', args: ['lint', '--format', 'xml'], data: ['xml', 'sarif'] },
  { name: '--jobs', args: ['lint', '--jobs', 'many'], data: ['--jobs', 'many'] },
  { name: '--max-warnings', args: ['lint', '--max-warnings', 'lots'], data: ['--max-warnings', 'lots'] },
  { name: '--shard', args: ['lint', '--shard', '5/2'], data: ['--shard', '5/2'] },
  { name: '--suppress-rule', args: ['lint', '--suppress-rule', 'no-such'], data: ['--suppress-rule', 'no-such'] },
  { name: '--stdin with paths', args: ['lint', '--stdin', 'a.parley'], data: ['--stdin'] },
  { name: 'config not found', args: ['lint', '--config', 'missing.json'], data: ['missing.json'] },
  { name: 'unknown command', args: ['lnt'], data: ['lnt'] },
  { name: 'explain an unknown rule', args: ['explain', 'calling-hour'], data: ['calling-hour', 'calling-hours', 'parley rules'] },
  { name: 'a bad suppressions file', files: { 'parley-suppressions.json': '[1]' }, args: ['lint'], data: ['parley-suppressions.json'] },
  { name: 'an ignored file named on the command line', files: { 'parley.config.json': '{ "ignore": ["a.parley"] }' }, args: ['lint', 'a.parley'], data: ['a.parley', 'ignore', 'parley.config.json'] },
  { name: 'more warnings than --max-warnings', files: { 'a.parley': SCRIPT.replace('请问您', '你') }, args: ['lint', '--max-warnings', '0'], data: ['--max-warnings'] },
];

describe('the CLI speaks one language on stderr: Chinese by default, English on request', () => {
  for (const [i, c] of CASES.entries()) {
    it(c.name, () => {
      const dir = tempDir({ 'a.parley': SCRIPT, ...c.files });
      const zh = run(c.args, dir);
      const en = run(['--locale', 'en', ...c.args], dir);
      // PARLEY_LOCALE=en chooses the same (checked on a few cases: each run is a process).
      const env = i < 4 ? run(c.args, dir, { PARLEY_LOCALE: 'en' }) : en;
      expect(zh.code, zh.stderr).toBe(en.code);
      expect(zh.stderr.split('\n\n')[0], 'a message').not.toBe('');
      // The first paragraph is the message (a usage error is followed by the help, checked below).
      expectChinese(zh.stderr.split('\n\n')[0]);
      expectEnglish(en.stderr);
      expect(env.stderr).toBe(en.stderr);
      for (const d of c.data) {
        expect(zh.stderr, d).toContain(d);
        expect(en.stderr, d).toContain(d);
      }
    });
  }

  it('a config\'s own "locale" does not choose the language of its errors; the flag does', () => {
    const dir = tempDir({ 'a.parley': SCRIPT, 'parley.config.json': JSON.stringify({ locale: 'en', rules: { 'calling-hour': 'off' } }) });
    const zh = run(['lint'], dir);
    expect(zh.code).toBe(2);
    expectChinese(zh.stderr);
    expect(zh.stderr).toContain('未知规则「calling-hour」');
    expectEnglish(run(['lint', '--locale', 'en'], dir).stderr);
  });

  it('the English texts are the ones Parley always printed', () => {
    const dir = tempDir({ 'a.parley': SCRIPT, 'parley.config.json': JSON.stringify(BAD_CONFIG) });
    const en = run(['lint', '--locale', 'en'], dir);
    expect(en.stderr).toContain(`parley: ${path.join(dir, 'parley.config.json')}: invalid configuration:\n`);
    expect(en.stderr).toContain('  - /rules/calling-hours: unknown option "erliest"; did you mean "earliest"? (options: earliest, latest)\n');
    expect(run(['lint', '--locale', 'en', 'x.parley'], dir).stderr).toBe('parley: no files match "x.parley"\n');
  });

  it('the Chinese texts say the same things with Chinese punctuation', () => {
    const dir = tempDir({ 'a.parley': SCRIPT, 'parley.config.json': JSON.stringify(BAD_CONFIG) });
    const zh = run(['lint'], dir);
    expect(zh.stderr).toContain(`parley：配置文件 ${path.join(dir, 'parley.config.json')} 无效：\n`);
    expect(zh.stderr).toContain('  - /rules/calling-hours：未知选项「erliest」；是不是「earliest」？（可用选项：earliest、latest）\n');
    expect(zh.stderr).toContain('  - /rules/calling-hours：选项「latest」应为字符串（最晚联系时间，格式 HH:MM，默认 21:00）\n');
    expect(run(['lint', 'x.parley'], dir).stderr).toBe('parley：没有文件匹配「x.parley」\n');
  });

  it('--help is Chinese by default, English with --locale en; usage errors print the help in their language', () => {
    const dir = tempDir();
    const zh = run(['--help'], dir);
    expect(zh.stdout).toMatch(/^parley —— 检查催收话术/);
    expect(zh.stdout).not.toMatch(GLUED);
    for (const opt of ['--format', '--max-warnings', '--fix', '--cache', '--locale', '--shard']) expect(zh.stdout).toContain(opt);
    const en = run(['--help', '--locale', 'en'], dir);
    expect(en.stdout).toMatch(/^parley — lint debt-collection scripts/);
    expectEnglish(en.stdout);
    expect(run(['lint', '--locle'], dir).stderr).toContain('parley —— 检查催收话术');
    expectEnglish(run(['lint', '--locle', '--locale', 'en'], dir).stderr);
  });
});

describe('the editor shows a config\'s problems in its display language', () => {
  const text = JSON.stringify(BAD_CONFIG, null, 2);
  let error: ConfigError | undefined;
  try {
    validateConfig(BAD_CONFIG, 'parley.config.json', RULES);
  } catch (e) {
    error = e as ConfigError;
  }
  it('one language per diagnostic, at the same place in both', () => {
    expect(error).toBeInstanceOf(ConfigError);
    const zh = configDiagnostics(text, error!.texts, error!.guesses, 'zh');
    const en = configDiagnostics(text, error!.texts, error!.guesses, 'en');
    expect(zh.length).toBe(4);
    expect(zh.map((d) => d.range)).toEqual(en.map((d) => d.range));
    for (const d of zh) expectChinese(d.message as string);
    for (const d of en) expectEnglish(d.message as string);
    // The did-you-mean swap is offered in both.
    expect(zh[0].data).toMatchObject({ suggestions: [{ title: '改为「earliest」' }] });
    expect(en[0].data).toMatchObject({ suggestions: [{ title: 'Change to "earliest"' }] });
  });
});

describe('--locale zh-TW: findings and the CLI’s summaries in Traditional Chinese', () => {
  const convert = opencc();
  const RED = SCRIPT.replace('坐席：您好，请问您今天几点方便处理？', '坐席：你这个老赖，欠钱不还是犯法的，请问您今天几点方便处理？');

  it('each finding is its Simplified message with Parley’s words converted and the quoted words as written; zh and en unchanged', () => {
    const dir = tempDir({ 'a.parley': RED });
    const json = (args: string[], env: Record<string, string> = {}) => (JSON.parse(run(['lint', 'a.parley', '--format', 'json', ...args], dir, env).stdout)[0].messages as { ruleId: string; message: string }[]);
    const zh = json([]);
    const tw = json(['--locale', 'zh-TW']);
    expect(tw.map((m) => m.ruleId)).toEqual(zh.map((m) => m.ruleId));
    expect(tw.length).toBeGreaterThan(2);
    const outside = (m: string) => m.replace(/「[^」]*」/g, '「」');
    for (const [i, m] of tw.entries()) expect(outside(m.message)).toBe(outside(convert(zh[i].message)));
    const abuse = tw.find((m) => m.ruleId === 'abusive-language')!.message;
    expect(abuse).toContain('「老赖」');
    expect(abuse).not.toBe(zh.find((m) => m.ruleId === 'abusive-language')!.message);
    // zh-HK and zh_TW through PARLEY_LOCALE choose the same; zh is Simplified, en English.
    expect(json([], { PARLEY_LOCALE: 'zh-HK' })).toEqual(tw);
    expect(json([], { PARLEY_LOCALE: 'zh_TW' })).toEqual(tw);
    expect(zh.find((m) => m.ruleId === 'criminal-threat')!.message).toMatch(/^刑事恐吓「犯法」：欠款属于民事纠纷/);
    expect(tw.find((m) => m.ruleId === 'criminal-threat')!.message).toMatch(/^刑事恐嚇「犯法」：欠款屬於民事糾紛/);
    for (const m of json(['--locale', 'en'])) expect(m.message.replace(/"[^"]*"|「[^」]*」/g, ''), m.message).not.toMatch(HAN);
  });

  it('the stylish summary, the rules table and the help are Traditional; a config may choose zh-TW', () => {
    const dir = tempDir({ 'a.parley': RED });
    const stylish = run(['lint', 'a.parley', '--locale', 'zh-TW'], dir).stdout;
    expect(stylish).toMatch(/^✖ \d+ 個問題（\d+ 個錯誤，\d+ 個警告，\d+ 條提示）$/m);
    expect(stylish).toMatch(/^ {2}其中 \d+ 個可用 `--fix` 選項自動修復。$/m);
    expect(run(['--help', '--locale', 'zh-TW'], dir).stdout).toBe(convert(run(['--help'], dir).stdout));
    expect(run(['rules', '--locale', 'zh-TW'], dir).stdout).toBe(convert(run(['rules'], dir).stdout));
    const configured = tempDir({ 'a.parley': RED, 'parley.config.json': JSON.stringify({ locale: 'zh-TW' }) });
    const r = run(['lint', 'a.parley'], configured);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/個問題/);
    // A wrong locale names the three choices.
    const bad = run(['lint', '--locale', 'fr'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('zh、zh-TW 或 en');
  });

  it('the HTML report is Traditional throughout: its texts, the rules’ descriptions and their “how to fix” pages; titles as written', () => {
    const script = ['stage: M3', 'channel: call', '', 'title: 催款开场', 'audience: debtor', '---', '坐席：你再不还钱，我们就天天打，打到你还为止。', '==='].join('\n') + '\n';
    const dir = tempDir({ 'a.parley': script });
    const zh = run(['lint', 'a.parley', '--format', 'html'], dir).stdout;
    const tw = run(['lint', 'a.parley', '--format', 'html', '--locale', 'zh-TW'], dir).stdout;
    expect(zh).toContain('怎么改（建议说法）');
    expect(tw).toContain('<html lang="zh-TW"');
    expect(tw).toContain(convert('怎么改（建议说法）'));
    expect(tw).toContain(convert('规则说明与建议说法'));
    expect(tw).toContain(convert('禁止以频繁、不分时段的联系相威胁'));
    // The page's own words: none left in Simplified; the node title, quoted in 「」, as written.
    for (const w of ['怎么改', '规则说明', '显示', '节点', '问题']) expect(tw).not.toContain(w);
    expect(tw).toContain('「催款开场」');
  });

  it('errors and config problems are Traditional, whole; what they quote in 「」 stays as written', () => {
    const dir = tempDir({ '话术.parley': SCRIPT, 'parley.config.json': JSON.stringify({ rules: { 'calling-hours': ['error', { erliest: '08:30' }] } }) });
    const bad = run(['lint', '--locale', 'zh-TW', '.'], dir);
    expect(bad.code).toBe(2);
    // One language per message: the problem's own words converted like the header's…
    expect(bad.stderr).toContain('無效：');
    expect(bad.stderr).toContain('/rules/calling-hours：未知選項「erliest」；是不是「earliest」？（可用選項：earliest、latest）');
    expect(bad.stderr).not.toMatch(/[选项无]/);
    // …and a file name or argument the user typed, quoted, is not converted.
    const none = run(['lint', '--locale', 'zh-TW', '-c', '无此配置.json', '话术.parley'], dir);
    expect(none.stderr).toBe('parley：找不到配置文件「无此配置.json」\n');
    const nomatch = run(['lint', '--locale', 'zh-TW', '话术-*.parley'], tempDir({ 'parley.config.json': '{}' }));
    expect(nomatch.stderr).toContain('沒有文件匹配「话术-*.parley」');
    // In the editor too: the config diagnostic is one language.
    const [d] = configDiagnostics('{"rules":{"calling-hours":["error",{"erliest":"08:30"}]}}', (() => {
      try {
        validateConfig({ rules: { 'calling-hours': ['error', { erliest: '08:30' }] } }, 'parley.config.json', RULES);
      } catch (e) {
        return (e as ConfigError).texts;
      }
      throw new Error('the config should be invalid');
    })(), [], 'zh-TW');
    expect(d.message).toMatch(/^配置無效（修正之前 Parley 使用默認配置）：/);
    expect(d.message).toContain('未知選項「erliest」');
  });
});
