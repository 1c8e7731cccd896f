/**
 * Node lenses "reached from" and inlay hints on debt placeholders (issue 10, item 5), over stdio as
 * an editor speaks it: the lens lists the nodes (in any file) that jump to a node, with their
 * titles in the tooltip and their locations in the command's arguments; an inlay hint follows each
 * debt placeholder an agent says in a node whose audience is not liable, in the editor's language,
 * and `parley.inlayHints.enable: false` turns them off. Needs dist/ (test/setup/build.ts).
 */
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, uriOf, workspaceWith } from './client';

const MAIN = [
  'stage: M1',
  'channel: call',
  '',
  'title: 开场',
  'audience: unverified',
  '---',
  '坐席: 您好，请问是{debtor_name}先生吗？',
  '-> 客户: 是我。',
  '    <<jump 本人>>',
  '-> 客户: 我是他朋友。',
  '    <<jump 联系人>>',
  '    <<jump 联系人>>',
  '===',
  '',
  'title: 本人',
  'audience: debtor',
  '---',
  '坐席: 您本期应还{amount}元。',
  '<<jump 本人>>',
  '===',
  '',
  'title: 联系人',
  'audience: contact',
  '---',
  '坐席: 麻烦转告他，欠款{amount}元，逾期｛逾期天数｝天。',
  '客户: 我不知道{amount}是多少。',
  '坐席: 请他回电，谢谢{debtor_name}的朋友。',
  '===',
  '',
].join('\n');

const OTHER = ['stage: M1', 'channel: call', '', 'title: 回访', 'audience: unverified', '---', '坐席: 您好。', '<<jump 联系人>>', '==='].join('\n');

interface Lens {
  range: { start: { line: number; character: number } };
  command: { title: string; command: string; tooltip?: string; arguments?: unknown[] };
}
interface Hint {
  position: { line: number; character: number };
  label: string;
  tooltip?: string;
  paddingLeft?: boolean;
}

const whole = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };

describe('reached from, and the not-liable marker', () => {
  let dir: string;
  let c: LspClient;
  let uri: string;
  beforeAll(async () => {
    dir = workspaceWith({ 'main.parley': MAIN, 'other.parley': OTHER }, false);
    c = new LspClient({ capabilities: { textDocument: { inlayHint: { dynamicRegistration: false } } } });
    const init = await c.initialize([dir]);
    expect(init.capabilities.inlayHintProvider).toBeTruthy();
    uri = c.open(path.join(dir, 'main.parley'), MAIN, 1);
    await c.diagnosticsFor(uri, 1);
  });
  afterAll(async () => {
    expect(await c.shutdown()).toBe(0);
  });

  it('a lens "从 N 个节点到达" lists each jumping node once, across files, titles in the tooltip; none for a node nobody else jumps to', async () => {
    // The closed file's jump is in once the initial scan has read it.
    const reached = async () => ((await c.request('textDocument/codeLens', { textDocument: { uri } })) as Lens[]).filter((l) => l.command.command === 'parley.showReachedFrom');
    let lenses = await reached();
    for (let i = 0; i < 200 && lenses.find((l) => l.range.start.line === 21)?.command.title !== '从 2 个节点到达'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      lenses = await reached();
    }
    // 本人 is reached from 开场 (its own jump to itself is no way in); 开场 from nobody.
    expect(lenses.map((l) => [l.range.start.line, l.command.title])).toEqual([
      [14, '从 1 个节点到达'],
      [21, '从 2 个节点到达'],
    ]);
    const contact = lenses[1].command;
    expect(contact.tooltip).toBe('跳转到这里的节点：开场、回访');
    expect(contact.arguments).toEqual([
      uri,
      { line: 21, character: 7 },
      [
        { uri, range: { start: { line: 3, character: 7 }, end: { line: 3, character: 9 } } },
        { uri: uriOf(path.join(dir, 'other.parley')), range: { start: { line: 3, character: 7 }, end: { line: 3, character: 9 } } },
      ],
    ]);
  });

  it('inlay hints after the debt placeholders an agent says to a contact (full-width braces too), none for the debtor, the respondent or a name', async () => {
    const hints = (await c.request('textDocument/inlayHint', { textDocument: { uri }, range: whole })) as Hint[];
    const line24 = MAIN.split('\n')[24];
    expect(hints.map((h) => [h.position.line, h.position.character, h.label])).toEqual([
      [24, line24.indexOf('{amount}') + '{amount}'.length, '⚠ 对方不负还款责任'],
      [24, line24.indexOf('｛逾期天数｝') + '｛逾期天数｝'.length, '⚠ 对方不负还款责任'],
    ]);
    expect(hints[0].paddingLeft).toBe(true);
    expect(hints[0].tooltip).toBe('本节点的对象是「联系人」（其他任何第三方（朋友、紧急联系人、邻居）），不负还款责任：对其说出 {amount} 就是向第三方披露欠款。');
    // Only what the requested range shows.
    expect(await c.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } } })).toEqual([]);
  });
});

describe('English, and switched off', () => {
  it('labels in the editor language; parley.inlayHints.enable false gives none', async () => {
    const dir = workspaceWith({ 'main.parley': MAIN }, false);
    const en = new LspClient({ locale: 'en' });
    try {
      await en.initialize([dir]);
      const u = en.open(path.join(dir, 'main.parley'), MAIN, 1);
      await en.diagnosticsFor(u, 1);
      const hints = (await en.request('textDocument/inlayHint', { textDocument: { uri: u }, range: whole })) as Hint[];
      expect(hints.map((h) => h.label)).toEqual(['⚠ listener not liable', '⚠ listener not liable']);
      expect(hints[0].tooltip).toMatch(/^This node speaks to `contact` \(any other third party/);
      const lenses = (await en.request('textDocument/codeLens', { textDocument: { uri: u } })) as Lens[];
      expect(lenses.filter((l) => l.command.command === 'parley.showReachedFrom').map((l) => [l.command.title, l.command.tooltip])).toEqual([
        ['reached from 1 node', 'Nodes that jump here: 开场'],
        ['reached from 1 node', 'Nodes that jump here: 开场'],
      ]);
    } finally {
      expect(await en.shutdown()).toBe(0);
    }
    const off = new LspClient({ settings: { inlayHints: { enable: false } } });
    try {
      await off.initialize([dir]);
      const u = off.open(path.join(dir, 'main.parley'), MAIN, 1);
      await off.diagnosticsFor(u, 1);
      expect(await off.request('textDocument/inlayHint', { textDocument: { uri: u }, range: whole })).toBeNull();
    } finally {
      expect(await off.shutdown()).toBe(0);
    }
  });
});
