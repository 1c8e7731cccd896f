/**
 * Fixes that act (issue 10, item 4), over stdio as an editor speaks it: each action is requested
 * for its diagnostic, its edit applied to the text, and the result checked — did-you-mean for
 * every closed vocabulary, "create node", "declare speaker", IME separators, "disable for this
 * file", and the cursor placed at the reason (window/showDocument with a selection).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, uriOf, workspaceWith, type Diagnostic } from './client';
import { FIXES } from './fixtures';
import { runCli } from '../helpers/run';

interface Edit {
  range: Diagnostic['range'];
  newText: string;
}
interface Action {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  edit?: { changes: Record<string, Edit[]> };
  command?: { command: string; arguments?: unknown[] };
}

/** The text with `edits` applied (as an editor applies a WorkspaceEdit: all against the original). */
function apply(text: string, edits: Edit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const off = (p: { line: number; character: number }) => (p.line < starts.length ? starts[p.line] + p.character : text.length);
  const sorted = edits.map((e) => ({ s: off(e.range.start), e: off(e.range.end), t: e.newText })).sort((a, b) => b.s - a.s);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.s) + e.t + out.slice(e.e);
  return out;
}

let dir: string;
let c: LspClient;
let uri: string;
let diags: Diagnostic[];
let version = 1;
let text = FIXES;

beforeAll(async () => {
  dir = workspaceWith({}, false);
  c = new LspClient();
  await c.initialize([dir]);
  uri = c.open(path.join(dir, 'fixes.parley'), FIXES, version);
  diags = await c.diagnosticsFor(uri, version);
});
afterAll(async () => {
  expect(await c.shutdown()).toBe(0);
});

function diag(code: string, line: number): Diagnostic {
  const d = diags.find((x) => x.code === code && x.range.start.line === line);
  if (!d) throw new Error(`no ${code} on line ${line}: ${JSON.stringify(diags.map((x) => [x.code, x.range.start.line]))}`);
  return d;
}

async function actionsFor(d: Diagnostic): Promise<Action[]> {
  return c.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } });
}

/** Apply the action titled `title` to the original text; return the line(s) it touches. */
async function applied(d: Diagnostic, title: string): Promise<{ text: string; action: Action }> {
  const actions = await actionsFor(d);
  const action = actions.find((a) => a.title === title);
  if (!action) throw new Error(`no action "${title}" among ${JSON.stringify(actions.map((a) => a.title))}`);
  return { text: apply(text, action.edit!.changes[uri]), action };
}

/** Send `next` as the document's new text and return its diagnostics. */
async function relint(next: string): Promise<Diagnostic[]> {
  text = next;
  c.change(uri, ++version, next);
  diags = await c.diagnosticsFor(uri, version);
  return diags;
}

const lineOf = (t: string, n: number) => t.split('\n')[n];

describe('did-you-mean as quick fixes (the suggestion travels in Diagnostic.data)', () => {
  it('every message with a guess carries it as a suggestion, and fix-all applies none of them', async () => {
    const guessed = diags.filter((d) => /是不是/.test(d.message));
    expect(guessed.map((d) => [d.code, d.range.start.line])).toEqual([
      ['invalid-header-value', 1],
      ['unknown-placeholder', 8],
      ['unused-disable', 10],
      ['undefined-jump', 13],
      ['unknown-header', 19],
      ['invalid-audience', 20],
    ]);
    for (const d of guessed) expect(d.data.suggestions).toHaveLength(1);
    const all: Action[] = await c.request('textDocument/codeAction', { textDocument: { uri }, range: diags[0].range, context: { diagnostics: [], only: ['source.fixAll.parley'] } });
    const fixed = apply(text, all[0].edit!.changes[uri]);
    // Only the certain fixes: 你 → 您 and the IME separator and end line.
    expect(fixed.split('\n').filter((l, i) => l !== lineOf(text, i))).toEqual(['坐席: 您好。', '---', '===']);
  });

  const cases: [string, number, string, number, string][] = [
    ['invalid-header-value', 1, '改为「call」', 1, 'channel: call'],
    ['unknown-placeholder', 8, '改为「{amount}」', 8, '坐席: 您本期应还{amount}元，请问今天几点前能先还多少？'],
    ['unused-disable', 10, '改为「prefer-honorific」', 10, '// parley-disable-next-line prefer-honorific -- 原话引用'],
    ['undefined-jump', 13, '改为「本人-首次」', 13, '    <<jump 本人-首次>>'],
    ['unknown-header', 19, '改为「audience」', 19, 'audience: debtor'],
    ['invalid-audience', 20, '改为「debtor」', 20, 'audience: debtor'],
  ];
  for (const [code, line, title, at, expected] of cases) {
    it(`${code}: ${title}`, async () => {
      const d = diag(code, line);
      const { text: next, action } = await applied(d, title);
      expect(action.isPreferred).toBeUndefined();
      expect(lineOf(next, at)).toBe(expected);
      expect(next.split('\n').filter((l, i) => l !== lineOf(text, i))).toEqual([expected]);
    });
  }

  it('invalid-stage: days past due said in words → the stage (逾期30天 → D30)', async () => {
    const ds = await relint(FIXES.replace('stage: M1\n', 'stage: 逾期30天\n'));
    const d = ds.find((x) => x.code === 'invalid-stage')!;
    expect(d.message).toContain('是不是「D30」');
    const { text: next } = await applied(d, '改为「D30」');
    expect(lineOf(next, 0)).toBe('stage: D30');
    expect((await relint(next)).some((x) => x.code === 'invalid-stage')).toBe(false);
    await relint(FIXES);
  });

  it('the placeholder fix keeps the full-width braces the writer typed', async () => {
    const ime = text.replace('{amout}', '｛amout｝');
    const ds = await relint(ime);
    const d = ds.find((x) => x.code === 'unknown-placeholder')!;
    const { text: next } = await applied(d, '改为「{amount}」');
    expect(lineOf(next, 8)).toBe('坐席: 您本期应还｛amount｝元，请问今天几点前能先还多少？');
    expect((await relint(next)).some((x) => x.code === 'unknown-placeholder')).toBe(false);
    await relint(FIXES);
  });

  it('a stale diagnostic (older version) still gets the suggestion of the finding that matches it now', async () => {
    const d = diag('unknown-header', 19);
    const old = { ...d, data: { ...d.data, version: 0, suggestions: [{ title: 'forged', edits: [] }] } };
    const titles = (await actionsFor(old)).map((a) => a.title);
    expect(titles).toContain('改为「audience」');
    expect(titles).not.toContain('forged');
  });
});

describe('IME punctuation that breaks the syntax', () => {
  it('—— becomes --- and ＝＝＝＝ becomes === (preferred fixes)', async () => {
    const sep = await applied(diag('syntax-error', 21), '改为「---」');
    expect(sep.action.isPreferred).toBe(true);
    expect(lineOf(sep.text, 21)).toBe('---');
    const end = await applied(diag('syntax-error', 23), '改为「===」');
    expect(lineOf(end.text, 23)).toBe('===');
  });
});

describe('create node, declare speaker', () => {
  it('"Create node" appends the node with the jumping node\'s stage and audience; the cursor waits in its body', async () => {
    const d = diag('undefined-jump', 15);
    const { text: next, action } = await applied(d, '创建节点「改天再联系」');
    expect(next.slice(FIXES.length)).toBe('\ntitle: 改天再联系\naudience: debtor\n---\n\n===\n');
    expect(action.command).toEqual({ title: '把光标移到要填写的位置', command: 'parley.placeCursor', arguments: [uri, { line: 28, character: 0 }] });
    expect(lineOf(next, 27)).toBe('---');
    expect(lineOf(next, 28)).toBe('');
    const after = await relint(next);
    expect(after.filter((x) => x.code === 'undefined-jump').map((x) => x.range.start.line)).toEqual([13]);
    // The cursor command: the server asks the editor to show the document with the cursor there.
    const before = c.serverRequests.length;
    expect(await c.request('workspace/executeCommand', action.command)).toBeNull();
    expect(c.serverRequests.slice(before).map((q) => [q.method, q.params])).toEqual([
      ['window/showDocument', { uri, takeFocus: true, selection: { start: { line: 28, character: 0 }, end: { line: 28, character: 0 } } }],
    ]);
    await relint(FIXES);
  });

  it('"Create node" from a node whose title key is Chinese uses 标题： and copies its own header lines as written', async () => {
    const next = FIXES.replace('坐席: 请问您今天下午几点前能先还多少？', '坐席: 请问您今天下午几点前能先还多少？\n<<jump 核实身份>>');
    const ds = await relint(next);
    const d = ds.find((x) => x.code === 'undefined-jump' && x.message.includes('核实身份'))!;
    const { text: created } = await applied(d, '创建节点「核实身份」');
    expect(created.slice(next.length)).toBe('\n标题：核实身份\naudience: debter\n---\n\n===\n');
    await relint(FIXES);
  });

  it('"Declare speaker" adds a speakers header before ---, as agent first on a speaker line', async () => {
    const d = diag('unknown-speaker', 9);
    const actions = (await actionsFor(d)).map((a) => a.title);
    expect(actions.filter((t) => t.startsWith('声明说话人'))).toEqual(['声明说话人「王律师」为坐席（agent）', '声明说话人「王律师」为对方（respondent）']);
    const { text: next } = await applied(d, '声明说话人「王律师」为坐席（agent）');
    expect(next.split('\n').slice(4, 8)).toEqual(['audience: debtor', 'tags: start', 'speakers: 王律师=agent', '---']);
    const after = await relint(next);
    expect(after.some((x) => x.code === 'unknown-speaker')).toBe(false);
    await relint(FIXES);
  });

  it('"Declare speaker" appends to an existing speakers header, with its separator', async () => {
    const withHeader = FIXES.replace('tags: start\n', 'tags: start\n角色：小李=agent、小张=agent\n');
    const ds = await relint(withHeader);
    const d = ds.find((x) => x.code === 'unknown-speaker')!;
    const { text: next } = await applied(d, '声明说话人「王律师」为坐席（agent）');
    expect(lineOf(next, 6)).toBe('角色：小李=agent、小张=agent、王律师=agent');
    expect((await relint(next)).some((x) => x.code === 'unknown-speaker')).toBe(false);
    await relint(FIXES);
  });
});

describe('disable for this line / this file, the cursor at the reason', () => {
  it('"Disable for this line" is followed by the cursor command at the reason', async () => {
    const d = diag('prefer-honorific', 11);
    const { text: next, action } = await applied(d, '在此行禁用 prefer-honorific');
    expect(lineOf(next, 11)).toBe('// parley-disable-next-line prefer-honorific -- ');
    expect(action.command).toEqual({ title: '把光标移到要填写的位置', command: 'parley.placeCursor', arguments: [uri, { line: 11, character: lineOf(next, 11).length }] });
  });

  it('"Disable for this file" inserts a parley-disable-file comment as the first line; the finding goes, the cursor waits at the reason', async () => {
    const d = diag('prefer-honorific', 11);
    const { text: next, action } = await applied(d, '在此文件中禁用 prefer-honorific');
    expect(lineOf(next, 0)).toBe('// parley-disable-file prefer-honorific -- ');
    expect(next.slice(lineOf(next, 0).length + 1)).toBe(FIXES);
    expect(action.command!.arguments).toEqual([uri, { line: 0, character: lineOf(next, 0).length }]);
    const after = await relint(next.replace('-- \n', '-- 引用客户原话\n'));
    expect(after.some((x) => x.code === 'prefer-honorific')).toBe(false);
    expect(after.some((x) => x.code === 'disable-without-reason')).toBe(false);
    await relint(FIXES);
  });

  it('a rule that cannot be suppressed gets neither disable action', async () => {
    const titles = (await actionsFor(diag('unused-disable', 10))).map((a) => a.title);
    expect(titles.filter((t) => t.includes('禁用'))).toEqual([]);
  });

  it('parley.placeCursor refuses bad arguments', async () => {
    await expect(c.request('workspace/executeCommand', { command: 'parley.placeCursor', arguments: ['x'] })).rejects.toThrow(/placeCursor/);
  });
});

describe('titles in English when the editor is in English', () => {
  it('one language per title', async () => {
    const d2 = workspaceWith({}, false);
    const en = new LspClient({ locale: 'en' });
    try {
      await en.initialize([d2]);
      const u = en.open(path.join(d2, 'fixes.parley'), FIXES);
      const ds = await en.diagnosticsFor(u, 1);
      const ask = async (code: string, line: number) =>
        ((await en.request('textDocument/codeAction', { textDocument: { uri: u }, range: ds.find((x) => x.code === code && x.range.start.line === line)!.range, context: { diagnostics: [ds.find((x) => x.code === code && x.range.start.line === line)!], only: ['quickfix'] } })) as Action[]).map((a) => a.title);
      expect(await ask('undefined-jump', 15)).toEqual(['Create node "改天再联系"', 'Disable undefined-jump for this line', 'Disable undefined-jump for this file', 'Show documentation for undefined-jump']);
      expect(await ask('unknown-placeholder', 8)).toContain('Change to "{amount}"');
      expect(await ask('unknown-speaker', 9)).toEqual(expect.arrayContaining(['Declare speaker "王律师" as agent', 'Disable unknown-speaker for this file']));
    } finally {
      await en.shutdown();
    }
  });
});

describe('parley.config.json: did-you-mean for rule ids and option names', () => {
  it('each guess is a quick fix on the config file (which the extension sends to the server); stale text gets none', async () => {
    const config = '{\n  "rules": {\n    "prefer-honorifc": "off",\n    "calling-hours": ["error", { "earlest": "09:00" }]\n  }\n}\n';
    const d2 = workspaceWith({ 'fixes.parley': FIXES, 'parley.config.json': config }, false);
    const c2 = new LspClient();
    try {
      await c2.initialize([d2]);
      c2.open(path.join(d2, 'fixes.parley'));
      const cfgPath = path.join(d2, 'parley.config.json');
      const cfg = uriOf(cfgPath);
      c2.notify('textDocument/didOpen', { textDocument: { uri: cfg, languageId: 'json', version: 1, text: config } }); // (as the extension does)
      const pub = await c2.diagnostics(cfg, (p) => p.diagnostics.length === 2);
      const fixed = [];
      for (const d of pub.diagnostics) {
        const actions: Action[] = await c2.request('textDocument/codeAction', { textDocument: { uri: cfg }, range: d.range, context: { diagnostics: [d] } });
        expect(actions.map((a) => a.title)).toHaveLength(1);
        fixed.push([actions[0].title, apply(config, actions[0].edit!.changes[cfg])]);
      }
      expect(fixed).toEqual([
        ['改为「prefer-honorific」', config.replace('"prefer-honorifc"', '"prefer-honorific"')],
        ['改为「earliest」', config.replace('"earlest"', '"earliest"')],
      ]);
      // The buffer changed under the diagnostic (not saved yet): nothing to offer there.
      c2.change(cfg, 2, config.replace('"prefer-honorifc"', '"prefer-honorific"'));
      const stale = await c2.request('textDocument/codeAction', { textDocument: { uri: cfg }, range: pub.diagnostics[0].range, context: { diagnostics: [pub.diagnostics[0]] } });
      expect(stale).toEqual([]);
      expect(await c2.shutdown()).toBe(0);
    } finally {
      c2.kill();
    }
  });
});

describe('red-line findings: the safe wording from the rule page as a suggestion', () => {
  // Three agent lines: a criminal threat with a safe wording on the page (犯法 → 违约), one without
  // (坐牢: the page gives no phrase that fits), and a fixable 你 so that fix-all has work to do.
  const RED = ['title: 本人', 'stage: M3', 'audience: debtor', 'channel: call', '---', '坐席: 欠钱不还是犯法的，你知道吗？', '坐席: 不还钱就等着坐牢吧。', '===', ''].join('\n');
  const quick = async (client: LspClient, u: string, d: Diagnostic) =>
    (await client.request('textDocument/codeAction', { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } })) as Action[];

  it('a quick fix that replaces the matched phrase, not preferred, never in fix-all or the Ctrl+. fix-all', async () => {
    const u = c.open(path.join(dir, 'red.parley'), RED, 1);
    const ds = await c.diagnosticsFor(u, 1);
    const threat = ds.find((x) => x.code === 'criminal-threat' && x.range.start.line === 5)!;
    expect(RED.split('\n')[5].slice(threat.range.start.character, threat.range.end.character)).toBe('犯法');
    const actions = await quick(c, u, threat);
    const safe = actions.filter((a) => a.title === '改用安全说法「违约」');
    expect(safe).toHaveLength(1);
    expect(safe[0].kind).toBe('quickfix');
    expect(safe[0].isPreferred).toBeUndefined();
    // The replacement range is exactly the matched phrase.
    expect(safe[0].edit!.changes[u]).toEqual([{ range: threat.range, newText: '违约' }]);
    const after = apply(RED, safe[0].edit!.changes[u]);
    expect(after.split('\n')[5]).toBe('坐席: 欠钱不还是违约的，你知道吗？');
    // No safe wording where the page gives none that fits the phrase.
    const jail = ds.find((x) => x.code === 'criminal-threat' && x.range.start.line === 6)!;
    expect((await quick(c, u, jail)).map((a) => a.title).filter((t) => t.startsWith('改用'))).toEqual([]);
    // source.fixAll and the Ctrl+. fix-all apply 你 → 您 and leave the red-line phrase to the writer.
    const honorific = ds.find((x) => x.code === 'prefer-honorific')!;
    const all = [
      ...((await c.request('textDocument/codeAction', { textDocument: { uri: u }, range: threat.range, context: { diagnostics: [], only: ['source.fixAll.parley'] } })) as Action[]),
      ...(await quick(c, u, honorific)).filter((a) => a.title === '修复所有可自动修复的 Parley 问题'),
    ];
    expect(all.length).toBeGreaterThan(0);
    for (const a of all) {
      const fixed = apply(RED, a.edit!.changes[u]);
      expect(fixed.split('\n')[5]).toBe('坐席: 欠钱不还是犯法的，您知道吗？');
    }
    // The diagnostic after the suggestion is applied: no criminal-threat on that line.
    c.change(u, 2, after);
    expect((await c.diagnosticsFor(u, 2)).filter((x) => x.code === 'criminal-threat').map((x) => x.range.start.line)).toEqual([6]);
    c.notify('textDocument/didClose', { textDocument: { uri: u } });
  });

  it('English title with an English editor; parley lint --fix leaves the phrase', async () => {
    const d2 = workspaceWith({}, false);
    const en = new LspClient({ locale: 'en' });
    try {
      await en.initialize([d2]);
      const u = en.open(path.join(d2, 'red.parley'), RED);
      const ds = await en.diagnosticsFor(u, 1);
      const titles = (await quick(en, u, ds.find((x) => x.code === 'criminal-threat' && x.range.start.line === 5)!)).map((a) => a.title);
      expect(titles).toContain('Use the safe wording "违约"');
      expect(titles.filter((t) => /[\u4e00-\u9fff]/.test(t.replace(/"[^"]*"/g, '')))).toEqual([]);
    } finally {
      await en.shutdown();
    }
    fs.writeFileSync(path.join(d2, 'red.parley'), RED);
    await runCli(['lint', '--fix', 'red.parley'], { cwd: d2 });
    expect(fs.readFileSync(path.join(d2, 'red.parley'), 'utf8').split('\n')[5]).toBe('坐席: 欠钱不还是犯法的，您知道吗？');
  });
});
