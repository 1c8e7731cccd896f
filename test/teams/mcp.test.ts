/** `parley mcp`: a Model Context Protocol client session (the official SDK's client over stdio) against dist/cli.js. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cli, tempDir } from '../helpers/cli';
import { summary, withContext } from '../../server/src/cli/mcp';

const HAN = /\p{Script=Han}/u;
const script = ['title: 开场', 'stage: M2', 'audience: debtor', 'channel: call', '---', '坐席: 您好，我是{company}的{agent_name}，请问是{debtor_name}先生本人吗？', '坐席: 对不起，你这个老赖。', '坐席: 请问您今天几点方便处理？', '==='].join('\n') + '\n';

describe('parley mcp', () => {
  let client: Client;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir({
      'scripts/a.parley': script,
      'parley.config.json': JSON.stringify({ rules: { 'prefer-honorific': 'warning' } }),
      'bad/parley.config.json': JSON.stringify({ rules: { 'abusive-languag': 'error' } }),
    });
    client = new Client({ name: 'parley-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp'], cwd: dir, stderr: 'pipe' }));
  });
  afterAll(async () => {
    await client?.close();
  });
  const call = async (name: string, args: Record<string, unknown>) => {
    const r = (await client.callTool({ name, arguments: args })) as { content: { type: string; text: string }[]; isError?: boolean };
    return { ...r, json: (() => { try { return JSON.parse(r.content[0].text); } catch { return undefined; } })() };
  };

  it('announces itself and its tools, each with an input schema', async () => {
    expect(client.getServerVersion()?.name).toBe('parley');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['explain_rule', 'fix_text', 'lint_file', 'lint_text']);
    const lint = tools.find((t) => t.name === 'lint_text')!;
    expect(Object.keys(lint.inputSchema.properties ?? {}).sort()).toEqual(['audience', 'filename', 'stage', 'text']);
    expect(lint.inputSchema.required).toEqual(['text']);
  });

  it('lint_text: a whole script, with the config of the file it would be', async () => {
    const r = await call('lint_text', { text: script, filename: 'scripts/new.parley' });
    expect(r.isError).toBeFalsy();
    expect(r.json.filePath).toBe(path.join('scripts', 'new.parley'));
    const byRule = Object.fromEntries(r.json.findings.map((f: { ruleId: string; severity: string; line: number; column: number }) => [f.ruleId, [f.severity, f.line, f.column]]));
    expect(byRule['abusive-language']).toEqual(['error', 7, 12]);
    expect(byRule['apology-wording']).toEqual(['info', 7, 5]);
    expect(byRule['prefer-honorific']).toEqual(['warning', 7, 9]); // parley.config.json of the folder applied
    expect(r.json.summary.errors).toBe(1);
    // The same findings as `parley lint --stdin --stdin-filename` from that folder.
    const viaCli = JSON.parse(cli(['lint', '--format', 'json', '--stdin', '--stdin-filename', 'scripts/new.parley'], { cwd: dir, input: script }).stdout)[0].messages;
    const key = (m: { ruleId: string; severity: string; line: number; column: number; endLine: number; endColumn: number; message: string }) => [m.ruleId, m.severity, m.line, m.column, m.endLine, m.endColumn, m.message].join('|');
    expect(r.json.findings.map(key)).toEqual(viaCli.map(key));
    expect(r.json.findings[0].docs).toMatch(/^https:\/\/github\.com\/parley-lint\/parley\/blob\/main\/docs\/rules\//);
  });

  it('lint_text: bare lines with an audience — a third party must not hear about the debt', async () => {
    const lines = '坐席: 您好，请问您认识{debtor_name}吗？\n坐席: 他欠我们公司的钱已经逾期了，请您转告他尽快还款。';
    const asContact = await call('lint_text', { text: lines, audience: 'contact', stage: 'M2' });
    const rules = asContact.json.findings.map((f: { ruleId: string }) => f.ruleId);
    expect(rules).toContain('third-party-disclosure');
    const disclosure = asContact.json.findings.find((f: { ruleId: string }) => f.ruleId === 'third-party-disclosure');
    expect(disclosure.line).toBe(2); // lines of the text given, not of the wrapper
    const asDebtor = await call('lint_text', { text: lines, audience: 'debtor', stage: 'M2' });
    expect(asDebtor.json.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('third-party-disclosure');
  });

  it('lint_file: a file on disk, relative to the server’s folder; a missing file is a tool error', async () => {
    const r = await call('lint_file', { path: 'scripts/a.parley' });
    expect(r.json.filePath).toBe(path.join('scripts', 'a.parley'));
    expect(r.json.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('abusive-language');
    const missing = await call('lint_file', { path: 'scripts/none.parley' });
    expect(missing.isError).toBe(true);
  });

  it('fix_text: the fixed text (and only the text given), with what remains', async () => {
    const r = await call('fix_text', { text: '坐席: 对不起，你这个月还没还款。', audience: 'debtor', stage: 'M2' });
    expect(r.json.fixedText).toBe('坐席: 我向您道歉，您这个月还没还款。');
    expect(r.json.changed).toBe(true);
    const whole = await call('fix_text', { text: script });
    expect(whole.json.fixedText).toBe(script.replace('对不起，你', '我向您道歉，您'));
    expect(whole.json.remaining.map((f: { ruleId: string }) => f.ruleId)).toContain('abusive-language');
  });

  it('explain_rule: the rule’s page; unknown ids are tool errors', async () => {
    const r = await call('explain_rule', { ruleId: 'third-party-disclosure' });
    expect(r.content[0].text).toContain('third-party-disclosure');
    expect(fs.existsSync(path.join(path.dirname(CLI), '..', 'docs', 'rules', 'third-party-disclosure.md'))).toBe(true);
    expect(r.content[0].text).toBe(fs.readFileSync(path.join(path.dirname(CLI), '..', 'docs', 'rules', 'third-party-disclosure.md'), 'utf8'));
    expect((await call('explain_rule', { ruleId: 'nope' })).isError).toBe(true);
  });

  it('speaks Chinese by default: tools, summaries, links, pages and errors in one language', async () => {
    const { tools } = await client.listTools();
    for (const tool of tools) {
      expect(tool.title, tool.name).toMatch(HAN);
      expect(tool.title!.replace(/\.parley|Parley/g, ''), tool.name).not.toMatch(/[A-Za-z]{3,}/);
    }
    const r = await call('lint_text', { text: script });
    expect(r.json.summary.text).toBe('1 个错误，1 个警告，1 条提示');
    expect(r.json.findings.every((f: { docs: string }) => f.docs.includes('/docs/rules/'))).toBe(true);
    expect((await call('lint_text', { text: '坐席: 您好。', audience: 'debtor', stage: 'M1' })).json.summary.text).not.toMatch(/[A-Za-z]/);
    const unknown = await call('explain_rule', { ruleId: 'third-party-disclosur' });
    expect(unknown.json.error).toBe('未知规则「third-party-disclosur」；是不是「third-party-disclosure」？');
    expect((await call('lint_file', { path: 'scripts/none.parley' })).json.error).toBe('「scripts/none.parley」处没有 .parley 文件');
    const bad = await call('lint_text', { text: script, filename: 'bad/x.parley' });
    expect(bad.isError).toBe(true);
    expect(bad.json.error).toContain('/rules：未知规则「abusive-languag」；是不是「abusive-language」？');
    expect(bad.json.error).not.toMatch(/unknown|did you mean|invalid/i);
  });

  it('speaks English with --locale en or PARLEY_LOCALE=en, as parley lint does', async () => {
    for (const how of [{ args: ['--locale', 'en'], env: {} }, { args: [], env: { PARLEY_LOCALE: 'en' } }] as { args: string[]; env: Record<string, string> }[]) {
      const en = new Client({ name: 'parley-test-en', version: '1.0.0' });
      await en.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', ...how.args], cwd: dir, stderr: 'pipe', env: { ...(process.env as Record<string, string>), ...how.env } }));
      try {
        const { tools } = await en.listTools();
        for (const tool of tools) expect(tool.title, tool.name).not.toMatch(HAN);
        const callEn = async (name: string, args: Record<string, unknown>) => JSON.parse(((await en.callTool({ name, arguments: args })) as { content: { text: string }[] }).content[0].text);
        const r = await callEn('lint_text', { text: script, filename: 'scripts/new.parley' });
        expect(r.summary.text).toBe('1 error, 1 warning, 1 info');
        const viaCli = JSON.parse(cli(['lint', '--locale', 'en', '--format', 'json', '--stdin', '--stdin-filename', 'scripts/new.parley'], { cwd: dir, input: script }).stdout)[0].messages;
        expect(r.findings.map((f: { message: string }) => f.message)).toEqual(viaCli.map((m: { message: string }) => m.message));
        expect(r.findings.every((f: { docs: string }) => f.docs.includes('/docs/en/rules/'))).toBe(true);
        expect((await callEn('explain_rule', { ruleId: 'nope' })).error).toBe('unknown rule "nope"');
        const page = ((await en.callTool({ name: 'explain_rule', arguments: { ruleId: 'third-party-disclosure' } })) as { content: { text: string }[] }).content[0].text;
        expect(page).toBe(fs.readFileSync(path.join(path.dirname(CLI), '..', 'docs', 'en', 'rules', 'third-party-disclosure.md'), 'utf8'));
        const bad = await callEn('lint_text', { text: script, filename: 'bad/x.parley' });
        expect(bad.error).toContain('/rules: unknown rule id "abusive-languag"; did you mean "abusive-language"?');
        expect(bad.error).not.toMatch(HAN);
      } finally {
        await en.close();
      }
    }
  });

  it('summary: one language per locale', () => {
    const f = [{ severity: 'error' }, { severity: 'warning' }, { severity: 'info' }] as Parameters<typeof summary>[0];
    expect(summary(f, 'zh').text).toBe('1 个错误，1 个警告，1 条提示');
    expect(summary(f, 'en').text).toBe('1 error, 1 warning, 1 info');
    expect(summary([], 'zh').text).toBe('没有问题');
    expect(summary([], 'en').text).toBe('no findings');
  });

  it('withContext maps bare lines into a node and back', () => {
    const w = withContext('坐席: 您好。', { audience: 'debtor' });
    expect(w.text).toBe('title: 草稿\naudience: debtor\n---\n坐席: 您好。\n===\n');
    expect(w.offset).toBe(3);
    expect(withContext('title: x\n---\n===\n', {})).toEqual({ text: 'title: x\n---\n===\n', offset: 0, suffix: '' });
  });
});
