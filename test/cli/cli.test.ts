/** The CLI as a contract: formats, options and exit codes (0 clean, 1 findings, 2 usage/config/internal). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../server/src/core';
import { cli, copyExamples, EXAMPLES, tempDir } from '../helpers/cli';

const CLEAN = ['stage: M1', 'channel: call', '', 'title: 开场', 'audience: debtor', '---', '坐席: 您好,我是{company}的{agent_name},请问是{debtor_name}先生本人吗?', '坐席: 请问您今天几点方便处理?', '==='].join('\n') + '\n';
const WARN_ONLY = CLEAN.replace('audience: debtor', 'audience: debtor\nchannel: visit\nagents: 2').replace('请问您今天几点方便处理?', '这次还款后果一定会很严重,请问您今天几点方便处理?').replace('channel: visit\nagents: 2', 'channel: call');
const HONORIFIC = CLEAN.replace('请问您今天几点方便处理?', '请问你今天几点方便处理?');

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; severity: string; message: string; line: number; column: number; endLine: number; endColumn: number; fix?: { range: [number, number]; text: string }; suggestions?: { desc: string; fix: { range: [number, number]; text: string } }[] }[];
}

describe('parley lint --format json', () => {
  const r = cli(['lint', EXAMPLES, '--format', 'json']);
  const out = JSON.parse(r.stdout) as JsonResult[];
  it('exits 1 on the examples (they hold errors)', () => expect(r.code).toBe(1));
  it('is exactly an array of { filePath, messages } with 1-based positions', () => {
    expect(Array.isArray(out)).toBe(true);
    expect(out.map((f) => path.basename(f.filePath)).sort()).toEqual(fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.parley')).sort());
    for (const f of out) {
      expect(Object.keys(f).sort()).toEqual(['filePath', 'messages']);
      for (const m of f.messages) {
        expect(['error', 'warning', 'info', 'hint']).toContain(m.severity);
        expect(m.line).toBeGreaterThanOrEqual(1);
        expect(m.column).toBeGreaterThanOrEqual(1);
        expect(m.endLine).toBeGreaterThanOrEqual(m.line);
        expect(typeof m.message).toBe('string');
        expect(RULES.map((x) => x.meta.id)).toContain(m.ruleId);
      }
    }
  });
  it('includes every severity and carries fixes as text edits', () => {
    const all = out.flatMap((f) => f.messages);
    expect(new Set(all.map((m) => m.severity))).toEqual(new Set(['error', 'warning', 'info']));
    const fix = all.find((m) => m.ruleId === 'prefer-honorific')!.fix!;
    expect(fix.text).toBe('您');
    expect(fix.range[1] - fix.range[0]).toBe(1);
  });
  it('lists suggestions as ESLint does (desc and a text edit), which --fix never applies', () => {
    const dir = tempDir({ 'a.parley': CLEAN.replace('audience: debtor', 'audince: debtor\naudience: debtor').replace('请问您今天几点方便处理?', '欠钱不还是犯法的,请问你今天几点方便处理?') });
    const r = cli(['lint', 'a.parley', '--format', 'json'], { cwd: dir });
    const text = fs.readFileSync(path.join(dir, 'a.parley'), 'utf8');
    const ms = (JSON.parse(r.stdout) as JsonResult[])[0].messages;
    const typo = ms.find((m) => m.ruleId === 'unknown-header')!;
    expect(typo.suggestions!.map((s) => [s.desc, text.slice(s.fix.range[0], s.fix.range[1]), s.fix.text])).toEqual([['改为「audience」', 'audince', 'audience']]);
    const red = ms.find((m) => m.ruleId === 'criminal-threat')!;
    expect(red.suggestions!.map((s) => [s.desc, text.slice(s.fix.range[0], s.fix.range[1]), s.fix.text])).toEqual([['改用安全说法「违约」', '犯法', '违约']]);
    // A finding with a fix and nothing to suggest carries no suggestions; --fix applies the fix only.
    expect(ms.find((m) => m.ruleId === 'prefer-honorific')!.suggestions).toBeUndefined();
    cli(['lint', 'a.parley', '--fix'], { cwd: dir });
    const fixed = fs.readFileSync(path.join(dir, 'a.parley'), 'utf8');
    expect(fixed).toContain('犯法的,请问您今天');
    expect(fixed).toContain('audince');
  });
  it('reports the exact position of a finding', () => {
    const red = out.find((f) => f.filePath.endsWith('red-lines.parley'))!;
    const abuse = red.messages.find((m) => m.ruleId === 'abusive-language')!;
    expect([abuse.line, abuse.column, abuse.endLine, abuse.endColumn]).toEqual([9, 12, 9, 14]); // 老赖
  });
});

describe('exit codes and options', () => {
  it('exits 0 and prints nothing on a clean file', () => {
    const dir = tempDir({ 'a.parley': CLEAN });
    const r = cli(['lint'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect([r.code, r.stdout]).toEqual([0, '']);
  });
  it('--max-warnings fails only when the warnings exceed it', () => {
    const dir = tempDir({ 'w.parley': WARN_ONLY });
    const j = JSON.parse(cli(['lint', '--format', 'json'], { cwd: dir }).stdout) as JsonResult[];
    expect(j[0].messages.map((m) => m.severity)).toContain('info');
    const warnDir = tempDir({ 'w.parley': CLEAN.replace('stage: M1', 'stage: M1\ntime: 09:00-10:00').replace('audience: debtor', 'audience: debtor\nchannel: visit') });
    expect(cli(['lint'], { cwd: warnDir }).code).toBe(0);
    expect(cli(['lint', '--max-warnings', '0'], { cwd: warnDir }).code).toBe(1);
    expect(cli(['lint', '--max-warnings', '1'], { cwd: warnDir }).code).toBe(0);
  });
  it('--quiet reports errors only', () => {
    const r = cli(['lint', EXAMPLES, '--format', 'json', '--quiet']);
    const all = (JSON.parse(r.stdout) as JsonResult[]).flatMap((f) => f.messages);
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((m) => m.severity === 'error')).toBe(true);
  });
  it('usage errors exit 2', () => {
    expect(cli(['lint', '--format', 'xml']).code).toBe(2);
    expect(cli(['lint', '--bogus']).code).toBe(2);
    expect(cli(['frobnicate']).code).toBe(2);
    expect(cli(['lint', '--max-warnings', 'many']).code).toBe(2);
    expect(cli(['lint', 'no-such-dir/**/*.parley']).code).toBe(2);
  });
  it('--help and --version exit 0', () => {
    expect(cli(['--help']).stdout).toContain('parley lint');
    expect(cli(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('formats', () => {
  it('stylish prints file, position, severity, message and rule id', () => {
    const r = cli(['lint', path.join(EXAMPLES, 'red-lines.parley')]);
    expect(r.stdout).toMatch(/red-lines\.parley\n/);
    expect(r.stdout).toMatch(/^ {2}9:12 +error +辱骂.* abusive-language$/m);
    expect(r.stdout).toMatch(/^✖ \d+ 个问题（\d+ 个错误，\d+ 个警告，\d+ 条提示）$/m);
    const en = cli(['lint', '--locale', 'en', path.join(EXAMPLES, 'red-lines.parley')]);
    expect(en.stdout).toMatch(/^✖ \d+ problems \(\d+ errors, \d+ warnings, \d+ info\)$/m);
    expect(en.stdout).toMatch(/^ {2}\d+ fixable with the `--fix` option\.$/m);
    expect(r.stdout).toMatch(/^ {2}其中 \d+ 个可用 `--fix` 选项自动修复。$/m);
  });
  it('github prints workflow annotations', () => {
    const r = cli(['lint', 'red-lines.parley', '--format', 'github'], { cwd: EXAMPLES });
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    for (const l of lines) expect(l).toMatch(/^::(error|warning|notice) file=red-lines\.parley,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[a-z-]+::.+$/);
    expect(lines).toContainEqual(expect.stringMatching(/^::error file=red-lines\.parley,line=9,col=12,endLine=9,endColumn=14,title=abusive-language::/));
  });
  it('github annotations list the suggestions of a finding, one per line', () => {
    const dir = tempDir({ 'a.parley': CLEAN.replace('请问您今天几点方便处理?', '欠钱不还是犯法的,请问您今天几点方便处理?') });
    const line = cli(['lint', 'a.parley', '--format', 'github'], { cwd: dir }).stdout.split('\n').find((l) => l.includes('title=criminal-threat'))!;
    expect(line).toMatch(/::.+%0A建议：改用安全说法「违约」$/);
    const en = cli(['lint', 'a.parley', '--format', 'github', '--locale', 'en'], { cwd: dir }).stdout.split('\n').find((l) => l.includes('title=criminal-threat'))!;
    expect(en).toMatch(/::.+%0ASuggestion: Use the safe wording "违约"$/);
  });
  it('sarif is a 2.1.0 log with each rule’s help URI', () => {
    const r = cli(['lint', '.', '--format', 'sarif'], { cwd: EXAMPLES });
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    const driver = log.runs[0].tool.driver;
    expect(driver.rules.map((x: { id: string }) => x.id)).toEqual([...RULES.map((x) => x.meta.id), 'file-encoding', 'file-binary', 'file-unreadable', 'file-too-large', 'file-special']);
    for (const rule of driver.rules) expect(rule.helpUri).toMatch(new RegExp(`/docs/rules/${rule.id}\\.md$`));
    const res = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'abusive-language');
    expect(res.level).toBe('error');
    expect(res.locations[0].physicalLocation.region).toEqual({ startLine: 9, startColumn: 12, endLine: 9, endColumn: 14 });
    expect(res.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'red-lines.parley', uriBaseId: '%SRCROOT%' });
  });
});

describe('--fix', () => {
  it('applies fixes, keeps CRLF line endings and BOM, and reports what is left', () => {
    const dir = tempDir({ 'h.parley': '\ufeff' + HONORIFIC.replace(/\n/g, '\r\n') });
    const r = cli(['lint', '--fix', '--format', 'json'], { cwd: dir });
    const after = fs.readFileSync(path.join(dir, 'h.parley'), 'utf8');
    expect(after).toBe('\ufeff' + CLEAN.replace(/\n/g, '\r\n'));
    expect((JSON.parse(r.stdout) as JsonResult[])[0].messages).toEqual([]);
    expect(r.code).toBe(0);
  });
  it('with --stdin prints the fixed text', () => {
    const r = cli(['lint', '--stdin', '--fix', '--stdin-filename', 'x.parley'], { input: HONORIFIC });
    expect(r.stdout).toBe(CLEAN);
  });
});

describe('--stdin', () => {
  it('lints standard input under --stdin-filename', () => {
    const r = cli(['lint', '--stdin', '--stdin-filename', 'scripts/s.parley', '--format', 'json'], { input: HONORIFIC });
    const out = JSON.parse(r.stdout) as JsonResult[];
    expect(out[0].filePath).toBe(path.join(process.cwd(), 'scripts', 's.parley'));
    expect(out[0].messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['prefer-honorific', 8, 7]]);
  });
});

describe('config', () => {
  it('turns rules off, changes severities, adds placeholders, lexicon terms and hour bounds', () => {
    const script = ['stage: M1', 'channel: call', 'time: 08:30-11:30', '', 'title: 开场', 'audience: debtor', '---', '坐席: 您好,我是{company}的{agent_name},请问是{debtor_name}先生本人吗?', '坐席: 你的{网点}已登记,今天几点方便?这事儿整得挺闹心。', '==='].join('\n');
    const bare = tempDir({ 's.parley': script });
    const ids = (dir: string) => (JSON.parse(cli(['lint', '--format', 'json'], { cwd: dir }).stdout) as JsonResult[])[0].messages.map((m) => `${m.ruleId}:${m.severity}`);
    expect(ids(bare)).toEqual(['prefer-honorific:info', 'unknown-placeholder:warning']);
    const config = {
      rules: { 'prefer-honorific': 'off', 'abusive-language': 'warning', 'calling-hours': ['error', { earliest: '09:00', latest: '21:00' }] },
      placeholders: { 网点: 'other' },
      lexicons: { 'abusive-language': { terms: ['整得挺闹心'] } },
    };
    const dir = tempDir({ 's.parley': script, 'parley.config.json': JSON.stringify(config) });
    expect(ids(dir)).toEqual(['calling-hours:error', 'abusive-language:warning']);
  });
  it('is found by walking up from each file', () => {
    const dir = tempDir({ 'parley.config.json': JSON.stringify({ rules: { 'prefer-honorific': 'off' } }), 'a/b/h.parley': HONORIFIC });
    expect(cli(['lint'], { cwd: path.join(dir, 'a', 'b') }).code).toBe(0);
  });
  it('honours ignore globs and .gitignore', () => {
    const dir = tempDir({ 'parley.config.json': JSON.stringify({ ignore: ['drafts/**'] }), 'drafts/h.parley': '坐席: 你好', '.gitignore': 'build/\n', 'build/h.parley': '坐席: 你好', 'ok.parley': CLEAN });
    const r = cli(['lint', '--format', 'json'], { cwd: dir });
    expect((JSON.parse(r.stdout) as JsonResult[]).map((f) => path.relative(dir, f.filePath))).toEqual(['ok.parley']);
    expect(r.code).toBe(0);
  });
  it('an invalid config is a clear error naming the file and the problem, exit 2, no stack trace', () => {
    const bad = tempDir({ 'parley.config.json': JSON.stringify({ rules: { 'no-such-rule': 'error', 'prefer-honorific': 'loud' } }), 'a.parley': CLEAN });
    const r = cli(['lint'], { cwd: bad });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(path.join(bad, 'parley.config.json'));
    expect(r.stderr).toMatch(/prefer-honorific/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const notJson = tempDir({ 'parley.config.json': '{ "rules": ', 'a.parley': CLEAN });
    const r2 = cli(['lint'], { cwd: notJson });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/不是有效的 JSON/); // the CLI's own lines are Chinese by default
    const badLex = tempDir({ 'c.json': JSON.stringify({ lexicons: { begging: { terms: ['(unclosed'] } } }), 'a.parley': CLEAN });
    const r3 = cli(['lint', '--config', 'c.json'], { cwd: badLex });
    expect([r3.code, /模式「\(unclosed」中的 \( 没有闭合/.test(r3.stderr)]).toEqual([2, true]);
    const badClass = tempDir({ 'parley.config.json': JSON.stringify({ classes: { 'close-person': { terms: ['表哥'] } }, lexicons: { 'exposure-threat': { terms: ['告诉[close-persn]'] } } }), 'a.parley': CLEAN });
    const r4 = cli(['lint'], { cwd: badClass });
    expect(r4.code).toBe(2);
    expect(r4.stderr).toMatch(/未知的词类 \[close-persn\]（是不是 \[close-person\]？）/);
    expect(cli(['lint', '--locale', 'en'], { cwd: badClass }).stderr).toMatch(/unknown word class \[close-persn\].*did you mean \[close-person\]/);
  });
});

describe('bad input files', () => {
  it('reports unreadable and non-UTF-8 files clearly, lints every other file, exits 2', () => {
    const dir = copyExamples();
    fs.writeFileSync(path.join(dir, 'latin1.parley'), Buffer.from([0x74, 0x69, 0x74, 0x6c, 0x65, 0x3a, 0x20, 0xe9, 0x0a]));
    fs.writeFileSync(path.join(dir, 'binary.parley'), Buffer.from([0, 1, 2, 3]));
    fs.mkdirSync(path.join(dir, 'folder.parley'));
    const r = cli(['lint', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as JsonResult[];
    const by = new Map(out.map((f) => [path.basename(f.filePath), f.messages]));
    expect(by.get('latin1.parley')![0]).toMatchObject({ ruleId: 'file-encoding', severity: 'error', message: expect.stringMatching(/不是有效的 UTF-8/) });
    expect(by.get('binary.parley')![0]).toMatchObject({ ruleId: 'file-binary', message: expect.stringMatching(/二进制文件/) });
    expect(by.get('red-lines.parley')!.length).toBeGreaterThan(10);
  });
});

describe('rules and explain', () => {
  it('prints the rule table', () => {
    const r = cli(['rules']);
    expect(r.code).toBe(0);
    for (const rule of RULES) expect(r.stdout).toMatch(new RegExp(`^${rule.meta.id} `, 'm'));
  });
  it('prints a rule’s documentation', () => {
    const r = cli(['explain', 'prefer-honorific']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# prefer-honorific/);
    expect(cli(['explain', 'nope']).code).toBe(2);
  });
});
