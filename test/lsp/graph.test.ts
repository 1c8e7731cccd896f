/**
 * The custom requests `parley/graph` and `parley/playthrough` over stdio (docs/EDITORS.md): which
 * files a graph covers, closed files included, finding counts as published, the unsafe path, the
 * play-through's steps with their findings, "from here", and following an edit.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { play } from '../../server/src/core/playthrough';
import { LspClient, ResponseErrorLike, uriOf, workspaceWith } from './client';
import { JUMPER, REMOTE } from './fixtures';

const lines = (...l: string[]) => l.join('\n') + '\n';

/** An opening that asks who is on the line, with an answered branch and one unanswered jump to debt details. */
const CALL = lines(
  'stage: M1',
  'channel: call',
  '',
  'title: 开场',
  'audience: unverified',
  '---',
  '坐席: 您好,我是{company}的{agent_name},请问是{debtor_name}先生本人吗?',
  '-> 客户: 是我。',
  '    <<jump 本人>>',
  '-> 客户: 我是他朋友。',
  '    <<jump 朋友>>',
  '<<jump 直接说>>',
  '===',
  '',
  'title: 本人',
  'audience: debtor',
  '---',
  '坐席: 您本期应还{amount}元,请问今天几点前能处理?',
  '<<end>>',
  '===',
  '',
  'title: 直接说',
  'audience: debtor',
  '---',
  '坐席: 您的信用卡已经逾期了,请尽快还款。',
  '===',
);

/** In another file, closed: the friend's node (jumped to from CALL). */
const FRIEND = lines(
  'title: 朋友',
  'stage: M1',
  'audience: contact',
  'channel: call',
  '---',
  '坐席: 麻烦您转告他回电{callback_number},谢谢。',
  '<<jump 不存在的节点>>',
  '===',
);

let dir: string;
let c: LspClient;
let call: string;
const friend = () => uriOf(path.join(dir, 'friend.parley'));

beforeAll(async () => {
  dir = workspaceWith({ 'call.parley': CALL, 'friend.parley': FRIEND, 'jumper.parley': JUMPER, 'sub/remote.parley': REMOTE }, false);
  c = new LspClient();
  await c.initialize([dir]);
  call = c.open(path.join(dir, 'call.parley'));
  await c.diagnosticsFor(call, 1);
});
afterAll(async () => {
  expect(await c.shutdown()).toBe(0);
});

describe('parley/graph', () => {
  it('covers the files the document is linked to by jumps, closed ones too, and no other', async () => {
    const g = await c.request('parley/graph', { uri: call });
    expect(g.uris.sort()).toEqual([call, friend()].sort());
    expect(g.nodes.map((n: any) => n.title)).toEqual(['开场', '本人', '直接说', '朋友']);
    const friendNode = g.nodes.find((n: any) => n.title === '朋友');
    expect(friendNode).toMatchObject({ uri: friend(), line: 0, audience: 'contact', audienceClass: 'not-liable', stage: 'M1', entry: false, reachable: true });
    expect(g.nodes.find((n: any) => n.title === '开场')).toMatchObject({ uri: call, line: 3, audienceClass: 'unverified', entry: true });
  });

  it('labels answered jumps with the answer, keeps the undefined jump, and marks the unanswered path to debt details', async () => {
    const g = await c.request('parley/graph', { uri: call });
    const id = (t: string) => g.nodes.find((n: any) => n.title === t).id;
    const edge = (t: string) => g.edges.find((e: any) => e.target === t);
    expect(edge('本人')).toMatchObject({ from: id('开场'), to: id('本人'), answer: '是我。', answered: true, unsafe: false, uri: call, line: 8 });
    expect(edge('直接说')).toMatchObject({ answered: false, unsafe: true, line: 11 });
    expect(edge('不存在的节点')).toMatchObject({ from: id('朋友'), uri: friend(), line: 6 });
    expect(edge('不存在的节点').to).toBeUndefined();
    expect(g.unsafePaths).toEqual([[id('开场'), id('直接说')]]);
  });

  it('counts per node the findings the editor shows (open file: as published)', async () => {
    const g = await c.request('parley/graph', { uri: call });
    const published = c.published(call).at(-1)!.diagnostics;
    const opening = g.nodes.find((n: any) => n.title === '开场');
    // The unanswered jump to 直接说 is identity-not-confirmed (a warning) inside 开场.
    const inOpening = published.filter((d) => d.range.start.line >= 3 && d.range.start.line <= 12);
    expect(inOpening.length).toBeGreaterThan(0);
    const total = opening.findings.error + opening.findings.warning + opening.findings.info + opening.findings.hint;
    expect(total).toBe(inOpening.length);
    expect(opening.findings.warning).toBe(inOpening.filter((d) => d.severity === 2).length);
  });

  it('a closed file changed on disk is read again (its findings too), an unchanged one is not stale', async () => {
    const before = await c.request('parley/graph', { uri: call });
    const errors = before.nodes.find((n: any) => n.title === '朋友').findings.error; // the undefined jump
    // The friend's node now states the debt to the friend (third-party-disclosure, an error).
    fs.writeFileSync(path.join(dir, 'friend.parley'), FRIEND.replace('麻烦您转告他回电{callback_number},谢谢。', '他欠我们{amount}元一直没还,麻烦您转告他回电{callback_number}。'));
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: friend(), type: 2 }] });
    await expect.poll(async () => (await c.request('parley/graph', { uri: call })).nodes.find((n: any) => n.title === '朋友').findings.error, { timeout: 10_000 }).toBeGreaterThan(errors);
    fs.writeFileSync(path.join(dir, 'friend.parley'), FRIEND);
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: friend(), type: 2 }] });
    await expect.poll(async () => (await c.request('parley/graph', { uri: call })).nodes.find((n: any) => n.title === '朋友').findings.error, { timeout: 10_000 }).toBe(errors);
  });

  it('the whole workspace on request, and DOT / Mermaid text', async () => {
    const all = await c.request('parley/graph', { workspace: true, format: 'mermaid' });
    expect(all.nodes.map((n: any) => n.title).sort()).toEqual(['开场', '朋友', '本人', '直接说', '跳转入口', '远端节点'].sort());
    expect(all.text.startsWith('flowchart LR')).toBe(true);
    const dot = await c.request('parley/graph', { uri: uriOf(path.join(dir, 'jumper.parley')), format: 'dot' });
    expect(dot.nodes.map((n: any) => n.title)).toEqual(['跳转入口', '远端节点']);
    expect(dot.text).toContain('digraph parley');
  });

  it('an unknown document gives an empty graph; bad params are an error, not a crash', async () => {
    const g = await c.request('parley/graph', { uri: uriOf(path.join(dir, 'nope.parley')) });
    expect(g).toMatchObject({ nodes: [], edges: [], unsafePaths: [], uris: [] });
    await expect(c.request('parley/playthrough', { uri: 42 })).rejects.toBeInstanceOf(ResponseErrorLike);
    await expect(c.request('parley/graph', null)).rejects.toBeInstanceOf(ResponseErrorLike);
  });
});

describe('parley/playthrough', () => {
  it('starts at the first entry node; steps carry the findings of their line', async () => {
    const r = await c.request('parley/playthrough', { uri: call });
    const opening = r.nodes.find((n: any) => n.title === '开场');
    expect(r.start).toBe(opening.id);
    expect(r.entries).toEqual([opening.id]);
    expect(opening.steps.map((s: any) => s.kind)).toEqual(['say', 'choice', 'jump']);
    expect(opening.steps[1].options.map((o: any) => o.text)).toEqual(['是我。', '我是他朋友。']);
    expect(opening.steps[1].options[0].steps[0]).toMatchObject({ kind: 'jump', target: '本人', to: r.nodes.find((n: any) => n.title === '本人').id });
    const direct = opening.steps[2];
    expect(direct.findings.map((f: any) => f.ruleId)).toContain('identity-not-confirmed');
    expect(direct.findings[0].message).toMatch(/[\u4e00-\u9fff]/); // Chinese by default
  });

  it('"from here": the node holding the position', async () => {
    const r = await c.request('parley/playthrough', { uri: call, position: { line: 17, character: 3 } });
    expect(r.nodes.find((n: any) => n.id === r.start).title).toBe('本人');
  });

  it('plays: answer, jump across files, undefined jump; an edit is followed', async () => {
    let r = await c.request('parley/playthrough', { uri: call });
    let s = play(r.nodes, r.start, [1]);
    expect(s.transcript.map((e) => e.kind)).toEqual(['node', 'say', 'answer', 'jump', 'node', 'say', 'jump']);
    expect(s.transcript[4]).toMatchObject({ text: '朋友', uri: friend() });
    expect(s.stop).toBe('undefined-jump');
    s = play(r.nodes, r.start, [0]);
    expect(s.stop).toBe('end');
    // The writer adds a third answer: the play-through offers it.
    c.change(call, 2, CALL.replace('-> 客户: 我是他朋友。', '-> 客户: 你打错了。\n    <<end>>\n-> 客户: 我是他朋友。'));
    await c.diagnosticsFor(call, 2);
    r = await c.request('parley/playthrough', { uri: call });
    s = play(r.nodes, r.start, []);
    expect(s.stop).toBe('choice');
    expect(s.options.map((o) => o.text)).toEqual(['是我。', '你打错了。', '我是他朋友。']);
  });
});
