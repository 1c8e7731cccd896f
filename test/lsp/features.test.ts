/**
 * The language features over stdio: code actions, the documentation command, hover, completion,
 * definition, references, rename, symbols and folding — with exact ranges and edit texts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCES, HEADER_KEYS, RULES, ruleById } from '../../server/src/core';
import { LspClient, ResponseErrorLike, ROOT, rangeOf, uriOf, workspaceWith, type Diagnostic } from './client';
import { FIXABLE, IME, JUMPER, REMOTE } from './fixtures';

const r = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
const DOCS = 'https://github.com/parley-lint/parley/blob/main/docs/rules/';

/** The fix section of a rule's page (Chinese docs/rules, English docs/en/rules), read independently of the server's code. */
function howToFix(id: string, locale: 'zh' | 'en' = 'zh'): string | undefined {
  const file = path.join(ROOT, 'docs', ...(locale === 'en' ? ['en', 'rules'] : ['rules']), `${id}.md`);
  if (!fs.existsSync(file)) return undefined;
  const heading = locale === 'en' ? 'How to fix' : '(?:如何修改|修改方法|怎么改)';
  const m = new RegExp(`^## ${heading}\\s*\\n([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(fs.readFileSync(file, 'utf8'));
  return m ? m[1].trim() : undefined;
}

let dir: string;
let c: LspClient;
let fixable: string;
let jumper: string;
let ime: string;
const remote = () => uriOf(path.join(dir, 'sub', 'remote.parley'));
let diags: Diagnostic[];

beforeAll(async () => {
  dir = workspaceWith({ 'fixable.parley': FIXABLE, 'jumper.parley': JUMPER, 'sub/remote.parley': REMOTE, 'ime.parley': IME });
  c = new LspClient();
  await c.initialize([dir]);
  fixable = c.open(path.join(dir, 'fixable.parley'));
  jumper = c.open(path.join(dir, 'jumper.parley'));
  diags = await c.diagnosticsFor(fixable, 1);
  await c.diagnosticsFor(jumper, 1);
  ime = c.open(path.join(dir, 'ime.parley'));
});
afterAll(async () => {
  expect(await c.shutdown()).toBe(0);
});

describe('code actions', () => {
  it('offers the fix (preferred), disable-for-this-line, the documentation, and fix-all', async () => {
    const apology = diags.find((d) => d.code === 'apology-wording')!;
    const actions = await c.request('textDocument/codeAction', { textDocument: { uri: fixable }, range: apology.range, context: { diagnostics: [apology] } });
    expect(actions).toEqual([
      { title: apology.data.fix.title, kind: 'quickfix', diagnostics: [apology], isPreferred: true, edit: { changes: { [fixable]: [{ range: r(9, 8, 9, 11), newText: '我向您道歉' }] } } },
      {
        title: '在此行禁用 apology-wording',
        kind: 'quickfix',
        diagnostics: [apology],
        // At the end of the line above, so that the cursor lands after "-- ", ready for the reason.
        edit: { changes: { [fixable]: [{ range: r(8, 10, 8, 10), newText: '\n    // parley-disable-next-line apology-wording -- ' }] } },
        // …and then the cursor waits there (the server answers the command with window/showDocument).
        command: { title: '把光标移到要填写的位置', command: 'parley.placeCursor', arguments: [fixable, { line: 9, character: '    // parley-disable-next-line apology-wording -- '.length }] },
      },
      {
        title: '在此文件中禁用 apology-wording',
        kind: 'quickfix',
        diagnostics: [apology],
        edit: { changes: { [fixable]: [{ range: r(0, 0, 0, 0), newText: '// parley-disable-file apology-wording -- \n' }] } },
        command: { title: '把光标移到要填写的位置', command: 'parley.placeCursor', arguments: [fixable, { line: 0, character: '// parley-disable-file apology-wording -- '.length }] },
      },
      {
        title: '查看 apology-wording 的说明',
        kind: 'quickfix',
        diagnostics: [apology],
        command: { title: '查看 apology-wording 的说明', command: 'parley.showDocumentation', arguments: [`${DOCS}apology-wording.md`] },
      },
      {
        title: '修复所有可自动修复的 Parley 问题',
        kind: 'quickfix',
        edit: { changes: { [fixable]: [{ range: r(9, 8, 9, 11), newText: '我向您道歉' }, { range: r(9, 14, 9, 15), newText: '您' }] } },
      },
      {
        title: '修复所有可自动修复的 Parley 问题',
        kind: 'source.fixAll.parley',
        edit: { changes: { [fixable]: [{ range: r(9, 8, 9, 11), newText: '我向您道歉' }, { range: r(9, 14, 9, 15), newText: '您' }] } },
      },
    ]);
  });

  it('answers source.fixAll.parley alone when asked for it; quickfix only gets fix-all as a quick fix (the Ctrl+. menu)', async () => {
    const all = await c.request('textDocument/codeAction', { textDocument: { uri: fixable }, range: r(0, 0, 0, 0), context: { diagnostics: [], only: ['source.fixAll.parley'] } });
    expect(all.map((a: { kind: string }) => a.kind)).toEqual(['source.fixAll.parley']);
    const quick = await c.request('textDocument/codeAction', { textDocument: { uri: fixable }, range: diags[1].range, context: { diagnostics: [diags[1]], only: ['quickfix'] } });
    expect(quick.map((a: { title: string }) => a.title)).toEqual([diags[1].data.fix.title, '在此行禁用 prefer-honorific', '在此文件中禁用 prefer-honorific', '查看 prefer-honorific 的说明', '修复所有可自动修复的 Parley 问题']);
    expect(quick.map((a: { kind: string }) => a.kind)).toEqual(['quickfix', 'quickfix', 'quickfix', 'quickfix', 'quickfix']);
  });

  it('the disable comment suppresses the finding once applied (and asks for a reason)', async () => {
    const tmp = c.open(path.join(dir, 'tmp-disable.parley'), FIXABLE.replace('可修复', '可修复-副本'));
    const ds = await c.diagnosticsFor(tmp, 1);
    const apology = ds.find((d) => d.code === 'apology-wording')!;
    const actions = await c.request('textDocument/codeAction', { textDocument: { uri: tmp }, range: apology.range, context: { diagnostics: [apology], only: ['quickfix'] } });
    const edit = actions[1].edit.changes[tmp][0];
    const lines = FIXABLE.replace('可修复', '可修复-副本').split('\n');
    lines[8] += edit.newText;
    const text = lines.join('\n');
    expect(text.split('\n')[9]).toBe('    // parley-disable-next-line apology-wording -- ');
    c.change(tmp, 2, text);
    const after = await c.diagnosticsFor(tmp, 2);
    expect(after.map((d) => [d.code, ...rangeOf(d)])).toEqual([
      ['disable-without-reason', 9, 4, 9, 50],
      ['prefer-honorific', 10, 14, 10, 15],
    ]);
    c.change(tmp, 3, text.replace('-- \n', '-- 合规已批准\n'));
    expect((await c.diagnosticsFor(tmp, 3)).map((d) => d.code)).toEqual(['prefer-honorific']);
    c.notify('textDocument/didClose', { textDocument: { uri: tmp } });
  });

  it('parley.showDocumentation asks the editor to open the page externally (window/showDocument)', async () => {
    const url = `${DOCS}apology-wording.md`;
    expect(await c.request('workspace/executeCommand', { command: 'parley.showDocumentation', arguments: [url] })).toBeNull();
    expect(c.serverRequests.filter((q) => q.method === 'window/showDocument').map((q) => q.params)).toEqual([{ uri: url, external: true }]);
    await expect(c.request('workspace/executeCommand', { command: 'parley.showDocumentation', arguments: [] })).rejects.toMatchObject({ error: { code: -32602 } });
  });
});

describe('hover', () => {
  it('on a finding: rule id, severity, description, how to fix from its page, link — in Chinese by default', async () => {
    const h = await c.request('textDocument/hover', { textDocument: { uri: fixable }, position: { line: 9, character: 9 } });
    const meta = ruleById('apology-wording')!.meta;
    const fix = howToFix('apology-wording');
    expect(h).toEqual({
      contents: {
        kind: 'markdown',
        value: [`**apology-wording** · 信息 · 可自动修复`, meta.description.zh, ...(fix ? [`**如何修改**\n\n${fix}`] : []), `[规则说明](${DOCS}apology-wording.md)`].join('\n\n'),
      },
      range: r(9, 8, 9, 11),
    });
  });

  it('on a stage value: its days past due', async () => {
    expect(await c.request('textDocument/hover', { textDocument: { uri: fixable }, position: { line: 0, character: 8 } })).toEqual({
      contents: { kind: 'markdown', value: '**阶段 `M3`**：逾期 61–90 天' },
      range: r(0, 7, 0, 9),
    });
  });

  it('on an audience value: who, and whether liable', async () => {
    expect(await c.request('textDocument/hover', { textDocument: { uri: fixable }, position: { line: 4, character: 12 } })).toEqual({
      contents: { kind: 'markdown', value: '**对象 `debtor`**（本人）：已核实身份的债务人或持卡人；负有还款责任。' },
      range: r(4, 10, 4, 16),
    });
    const heir = AUDIENCES.find((a) => a.id === 'heir')!;
    expect(heir.liable).toBe('estate');
  });

  it('on a placeholder: its category', async () => {
    expect(await c.request('textDocument/hover', { textDocument: { uri: fixable }, position: { line: 7, character: 10 } })).toEqual({
      contents: { kind: 'markdown', value: '**占位符 `{company}`**：坐席身份' },
      range: r(7, 9, 7, 18),
    });
  });

  it('on a jump target: the target node header and its file (not open)', async () => {
    expect(await c.request('textDocument/hover', { textDocument: { uri: jumper }, position: { line: 9, character: 12 } })).toEqual({
      contents: { kind: 'markdown', value: '```parley\ntitle: 远端节点\nstage: M1\naudience: debtor\nchannel: call\n```\n`sub/remote.parley`，第 1 行' },
      range: r(9, 11, 9, 15),
    });
  });

  it('nothing on plain text', async () => {
    expect(await c.request('textDocument/hover', { textDocument: { uri: jumper }, position: { line: 2, character: 0 } })).toBeNull();
  });
});

describe('completion', () => {
  let uri: string;
  let version = 1;
  const complete = async (text: string, line: number, character: number) => {
    if (!uri) uri = c.open(path.join(dir, 'typing.parley'), text);
    else c.change(uri, ++version, text);
    const res = await c.request('textDocument/completion', { textDocument: { uri }, position: { line, character } });
    return res.items as { label: string; textEdit: { range: unknown; newText: string }; detail?: string; sortText?: string }[];
  };
  const NODE = ['title: 新节点', 'audience: debtor', 'stage: M1', '---', '坐席: 您好', '==='];

  it('header keys with their Chinese aliases at a header position', async () => {
    const items = await complete('sta\n', 0, 3);
    expect(items.map((i) => i.label)).toEqual(Object.keys(HEADER_KEYS));
    expect(items.find((i) => i.label === 'stage')!.textEdit).toEqual({ range: r(0, 0, 0, 3), newText: 'stage: ' });
    expect(items.find((i) => i.label === '阶段')!.detail).toMatch(/^stage · /);
    // In a node's header, `title` would start another node: not offered.
    const inNode = await complete(['title: 甲', 'au', '---', '==='].join('\n'), 1, 2);
    expect(inNode.map((i) => i.label)).toEqual(Object.keys(HEADER_KEYS).filter((k) => HEADER_KEYS[k] !== 'title'));
  });

  it('stage, audience and channel values after their keys', async () => {
    const stage = await complete('stage: \n', 0, 7);
    expect(stage.map((i) => i.label)).toEqual(['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M6+', 'M1-M2', 'M2-M3', 'D0', 'D1-5', 'D6-30', 'D31+']);
    expect(stage[1]).toMatchObject({ detail: '逾期 1–30 天', textEdit: { range: r(0, 7, 0, 7), newText: 'M1' } });
    const audience = await complete(['title: 甲', '对象:本'].join('\n'), 1, 4);
    expect(audience.map((i) => i.label)).toEqual(AUDIENCES.flatMap((a) => [a.id, ...a.zh]));
    expect(audience.find((i) => i.label === '本人')!.textEdit).toEqual({ range: r(1, 3, 1, 4), newText: '本人' });
    const channel = await complete('channel: v\n', 0, 10);
    expect(channel.map((i) => i.label)).toEqual(['call', 'sms', 'visit', 'letter', 'im', 'email', '电话', '短信', '上门', '信函', '微信', '邮件']);
    expect(channel.find((i) => i.label === 'visit')!.textEdit).toEqual({ range: r(0, 9, 0, 10), newText: 'visit' });
  });

  it('speaker labels (and commands) at the start of a body line', async () => {
    const text = [...NODE.slice(0, 5), '坐', '==='].join('\n');
    const items = await complete(text, 5, 1);
    expect(items.slice(0, 3).map((i) => i.label)).toEqual(['坐席', '催收员', '催收']);
    expect(items.find((i) => i.label === '坐席')!.textEdit).toEqual({ range: r(5, 0, 5, 1), newText: '坐席: ' });
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['客户', '备注', 'agent', '<<jump', '<<end>>']));
  });

  it('placeholders after {', async () => {
    const text = [...NODE.slice(0, 4), '坐席: 您好,我是{ag', '==='].join('\n');
    const items = await complete(text, 4, 12);
    expect(items.find((i) => i.label === 'agent_name')).toEqual({ label: 'agent_name', kind: 6, detail: '坐席身份', textEdit: { range: r(4, 10, 4, 12), newText: 'agent_name}' } });
    expect(items.find((i) => i.label === 'amount')!.detail).toBe('欠款事实（说出即为披露）');
  });

  it('node titles of the whole workspace after <<jump', async () => {
    const text = [...NODE.slice(0, 5), '<<jump 远', '==='].join('\n');
    const items = await complete(text, 5, 8);
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['远端节点', '开场', '本人-首次', '新节点']));
    expect(items.find((i) => i.label === '远端节点')!.textEdit).toEqual({ range: r(5, 7, 5, 8), newText: '远端节点>>' });
    expect(items.map((i) => i.label)).toEqual([...items.map((i) => i.label)].sort());
  });

  it('as an input method types them: ｛ opens a placeholder, 《《jump a title, 《 a command, closed in the same form', async () => {
    const ph = await complete([...NODE.slice(0, 4), '坐席：您好，我是｛坐', '==='].join('\n'), 4, 10);
    expect(ph.find((i) => i.label === '坐席姓名')!.textEdit).toEqual({ range: r(4, 9, 4, 10), newText: '坐席姓名｝' });
    const jump = await complete([...NODE.slice(0, 5), '    《《jump 远', '==='].join('\n'), 5, 12);
    expect(jump.find((i) => i.label === '远端节点')!.textEdit).toEqual({ range: r(5, 11, 5, 12), newText: '远端节点》》' });
    const closed = await complete([...NODE.slice(0, 5), '＜＜jump 远＞＞', '==='].join('\n'), 5, 8);
    expect(closed.find((i) => i.label === '远端节点')!.textEdit).toEqual({ range: r(5, 7, 5, 8), newText: '远端节点' });
    const cmd = await complete([...NODE.slice(0, 5), '《', '==='].join('\n'), 5, 1);
    expect(cmd.map((i) => [i.label, i.textEdit.newText])).toEqual([['《《jump', '《《jump '], ['《《end》》', '《《end》》']]);
    const option = await complete([...NODE.slice(0, 5), '－＞ 客', '==='].join('\n'), 5, 4);
    const first = [...option].sort((a, b) => ((a.sortText ?? '') < (b.sortText ?? '') ? -1 : 1))[0];
    expect(first.label).toBe('客户');
    expect(option.find((i) => i.label === '客户')!.textEdit.range).toEqual(r(5, 3, 5, 4));
    const audience = await complete(['標題：甲', '對象：'].join('\n'), 1, 3);
    expect(audience.map((i) => i.label)).toEqual(AUDIENCES.flatMap((a) => [a.id, ...a.zh]));
    // What is typed in traditional or full-width characters is matched on its folded form.
    const typedTraditional = await complete(['標題：甲', '對象：聯'].join('\n'), 1, 4);
    expect(typedTraditional.map((i) => [i.label, (i as { filterText?: string }).filterText])).toEqual([['联系人', '聯联系人']]);
    const label = await complete([...NODE.slice(0, 5), '客戶', '==='].join('\n'), 5, 2);
    expect(label.map((i) => i.label)).toEqual(['客户']);
    const key = await complete('對\n', 0, 1);
    expect(key.map((i) => i.label)).toEqual(['对象']);
    const tph = await complete([...NODE.slice(0, 4), '坐席：您的｛金額', '==='].join('\n'), 4, 8);
    expect(tph.map((i) => [i.label, i.textEdit.newText])).toEqual([['金额', '金额｝']]);
  });

  it('rule ids inside suppression comments', async () => {
    const text = [...NODE.slice(0, 4), '// parley-disable-next-line prefer-honorific, ab', '坐席: 您好', '==='].join('\n');
    const items = await complete(text, 4, 48);
    expect(items.map((i) => i.label)).toEqual(RULES.map((x) => x.meta.id).filter((id) => id !== 'prefer-honorific'));
    expect(items.find((i) => i.label === 'abusive-language')!.textEdit).toEqual({ range: r(4, 46, 4, 48), newText: 'abusive-language' });
    expect(await complete(text.replace('ab', 'ab -- 理由'), 4, 54)).toEqual([]);
  });
});

describe('navigation', () => {
  it('as an input method types them: definition, references and rename from 《《jump X》》, hover on ｛回電號碼｝ and 對象：聯絡人', async () => {
    // Line 8 is `    《《jump 跳转入口》》`: the target starts at column 11.
    expect(await c.request('textDocument/definition', { textDocument: { uri: ime }, position: { line: 8, character: 12 } })).toEqual([{ uri: jumper, range: r(3, 7, 3, 11) }]);
    const refs = await c.request('textDocument/references', { textDocument: { uri: jumper }, position: { line: 3, character: 8 }, context: { includeDeclaration: false } });
    expect(refs).toEqual([{ uri: ime, range: r(8, 11, 8, 15) }]);
    expect(await c.request('textDocument/prepareRename', { textDocument: { uri: ime }, position: { line: 8, character: 13 } })).toEqual({ range: r(8, 11, 8, 15), placeholder: '跳转入口' });
    const edit = await c.request('textDocument/rename', { textDocument: { uri: ime }, position: { line: 8, character: 12 }, newName: '入口' });
    expect(edit).toEqual({ changes: { [ime]: [{ range: r(8, 11, 8, 15), newText: '入口' }], [jumper]: [{ range: r(3, 7, 3, 11), newText: '入口' }] } });
    await expect(c.request('textDocument/rename', { textDocument: { uri: ime }, position: { line: 8, character: 12 }, newName: '《《入口》》' })).rejects.toMatchObject({ error: { code: -32602 } });
    const ph = await c.request('textDocument/hover', { textDocument: { uri: ime }, position: { line: 6, character: 25 } });
    expect(ph).toMatchObject({ contents: { value: expect.stringContaining('坐席身份') }, range: r(6, 23, 6, 29) });
    const aud = await c.request('textDocument/hover', { textDocument: { uri: ime }, position: { line: 4, character: 4 } });
    expect(aud.contents.value).toContain('**对象 `contact`**');
    const folds = await c.request('textDocument/foldingRange', { textDocument: { uri: ime } });
    expect(folds).toEqual([{ startLine: 3, endLine: 9, kind: 'region' }, { startLine: 7, endLine: 8 }]);
    const symbols = await c.request('textDocument/documentSymbol', { textDocument: { uri: ime } });
    expect(symbols).toEqual([{ name: '輸入法入口', detail: 'M１ · 聯絡人', kind: 3, range: r(3, 0, 9, 3), selectionRange: r(3, 3, 3, 8) }]);
  });

  it('go to definition: from a jump to the node in another (closed) file', async () => {
    expect(await c.request('textDocument/definition', { textDocument: { uri: jumper }, position: { line: 9, character: 12 } })).toEqual([{ uri: remote(), range: r(0, 7, 0, 11) }]);
    expect(await c.request('textDocument/definition', { textDocument: { uri: jumper }, position: { line: 7, character: 2 } })).toBeNull();
  });

  it('find references across files, with and without the declaration', async () => {
    const refs = await c.request('textDocument/references', { textDocument: { uri: remote() }, position: { line: 0, character: 8 }, context: { includeDeclaration: false } });
    expect(refs).toEqual([{ uri: jumper, range: r(9, 11, 9, 15) }]);
    const all = await c.request('textDocument/references', { textDocument: { uri: jumper }, position: { line: 9, character: 11 }, context: { includeDeclaration: true } });
    expect(all).toHaveLength(2);
    expect(all).toEqual(expect.arrayContaining([{ uri: jumper, range: r(9, 11, 9, 15) }, { uri: remote(), range: r(0, 7, 0, 11) }]));
  });

  it('prepareRename on a title or a jump target, null elsewhere', async () => {
    expect(await c.request('textDocument/prepareRename', { textDocument: { uri: jumper }, position: { line: 9, character: 13 } })).toEqual({ range: r(9, 11, 9, 15), placeholder: '远端节点' });
    expect(await c.request('textDocument/prepareRename', { textDocument: { uri: jumper }, position: { line: 3, character: 8 } })).toEqual({ range: r(3, 7, 3, 11), placeholder: '跳转入口' });
    expect(await c.request('textDocument/prepareRename', { textDocument: { uri: jumper }, position: { line: 4, character: 3 } })).toBeNull();
  });

  it('rename edits the title and every jump, across files', async () => {
    const edit = await c.request('textDocument/rename', { textDocument: { uri: jumper }, position: { line: 9, character: 12 }, newName: '远端节点二' });
    expect(edit).toEqual({
      changes: {
        [jumper]: [{ range: r(9, 11, 9, 15), newText: '远端节点二' }],
        [remote()]: [{ range: r(0, 7, 0, 11), newText: '远端节点二' }],
      },
    });
  });

  it('rename refuses a title that already exists, and a malformed one, with a ResponseError', async () => {
    const exists = c.request('textDocument/rename', { textDocument: { uri: jumper }, position: { line: 9, character: 12 }, newName: '开场' });
    await expect(exists).rejects.toBeInstanceOf(ResponseErrorLike);
    await expect(exists).rejects.toMatchObject({ error: { code: -32803, message: '已有标题为「开场」的节点：标题必须唯一。' } }); // the editor's language (none here: Chinese)
    await expect(c.request('textDocument/rename', { textDocument: { uri: jumper }, position: { line: 9, character: 12 }, newName: 'a<<b' })).rejects.toMatchObject({ error: { code: -32602 } });
  });

  it('document symbols: each node with "stage · audience"', async () => {
    const uri = c.open(path.join(dir, 'm1-first-call.parley'));
    expect(await c.request('textDocument/documentSymbol', { textDocument: { uri } })).toEqual([
      { name: '开场', detail: 'M1 · unverified', kind: 3, range: r(5, 0, 16, 3), selectionRange: r(5, 7, 5, 9) },
      { name: '本人-首次', detail: 'M1 · debtor', kind: 3, range: r(18, 0, 28, 3), selectionRange: r(18, 7, 18, 12) },
      { name: '同事-首次', detail: 'M1 · employer', kind: 3, range: r(30, 0, 34, 3), selectionRange: r(30, 7, 30, 12) },
    ]);
  });

  it('workspace symbols: node titles of every file, open or not', async () => {
    const res = await c.request('workspace/symbol', { query: '首次' });
    const m1 = uriOf(path.join(dir, 'm1-first-call.parley'));
    expect(res.sort((a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name))).toEqual(
      [
        { name: '同事-首次', kind: 3, location: { uri: m1, range: r(30, 7, 30, 12) }, containerName: 'M1 · employer' },
        { name: '本人-首次', kind: 3, location: { uri: m1, range: r(18, 7, 18, 12) }, containerName: 'M1 · debtor' },
      ].sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  it('folding ranges: nodes and option branches', async () => {
    const uri = uriOf(path.join(dir, 'm1-first-call.parley'));
    expect(await c.request('textDocument/foldingRange', { textDocument: { uri } })).toEqual([
      { startLine: 5, endLine: 16, kind: 'region' },
      { startLine: 9, endLine: 10 },
      { startLine: 11, endLine: 12 },
      { startLine: 13, endLine: 15 },
      { startLine: 18, endLine: 28, kind: 'region' },
      { startLine: 23, endLine: 25 },
      { startLine: 26, endLine: 27 },
      { startLine: 30, endLine: 34, kind: 'region' },
    ]);
  });
});

describe('a client with versioned edits and its own documentation command', () => {
  it('gets documentChanges with versions, and no executeCommandProvider entry for a command it implements', async () => {
    const d2 = workspaceWith({ 'fixable.parley': FIXABLE, 'jumper.parley': JUMPER, 'sub/remote.parley': REMOTE }, false);
    const c2 = new LspClient({ capabilities: { workspace: { workspaceEdit: { documentChanges: true } } }, initializationOptions: { clientCommands: ['parley.showDocumentation'] } });
    try {
      const init = await c2.initialize([d2]);
      expect(init.capabilities.executeCommandProvider).toEqual({ commands: ['parley.placeCursor'] });
      const j = c2.open(path.join(d2, 'jumper.parley'), undefined, 5);
      await c2.diagnosticsFor(j, 5);
      const edit = await c2.request('textDocument/rename', { textDocument: { uri: j }, position: { line: 9, character: 12 }, newName: '远端' });
      expect(edit.documentChanges).toEqual(
        expect.arrayContaining([
          { textDocument: { uri: j, version: 5 }, edits: [{ range: r(9, 11, 9, 15), newText: '远端' }] },
          { textDocument: { uri: uriOf(path.join(d2, 'sub', 'remote.parley')), version: null }, edits: [{ range: r(0, 7, 0, 11), newText: '远端' }] },
        ]),
      );
      expect(edit.documentChanges).toHaveLength(2);
      const f = c2.open(path.join(d2, 'fixable.parley'), undefined, 3);
      const ds = await c2.diagnosticsFor(f, 3);
      const actions = await c2.request('textDocument/codeAction', { textDocument: { uri: f }, range: ds[0].range, context: { diagnostics: [ds[0]], only: ['quickfix'] } });
      expect(actions[0].edit).toEqual({ documentChanges: [{ textDocument: { uri: f, version: 3 }, edits: [{ range: r(9, 8, 9, 11), newText: '我向您道歉' }] }] });
    } finally {
      await c2.shutdown();
    }
  });
});
