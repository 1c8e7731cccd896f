/** The server's pure modules, in-process: position lookups, completion contexts, config ranges, the workspace model. */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG, indexWorkspace, lintScript, parse, type WorkspaceIndex } from '../../server/src/core';
import { PartialLint } from '../../server/src/lsp/background';
import { foldingRanges, itemAt, regionAt } from '../../server/src/core/query';
import { completions } from '../../server/src/lsp/completion';
import { configProblemRange } from '../../server/src/lsp/diagnostics';
import { markdownSection } from '../../server/src/lsp/hover';
import { normaliseSettings } from '../../server/src/lsp/settings';
import { invalidTitle } from '../../server/src/lsp/navigation';
import { RECENT_PARSES, Workspace } from '../../server/src/lsp/workspace';
import { CLEAN, JUMPER, REMOTE } from './fixtures';

const FW = '\uff1a'; // full-width colon

describe('core/query', () => {
  const s = parse(JUMPER, 'a.parley');
  it('regions: file header, title, header, body, between', () => {
    expect([0, 3, 4, 6, 7, 9, 10].map((l) => regionAt(s, l).region)).toEqual(['file-header', 'title', 'header', 'between', 'body', 'body', 'between']);
  });
  it('items at positions', () => {
    expect(itemAt(s, { line: 9, character: 13 })).toMatchObject({ kind: 'jump', target: '远端节点' });
    expect(itemAt(s, { line: 3, character: 7 })).toMatchObject({ kind: 'title', title: '跳转入口' });
    expect(itemAt(s, { line: 0, character: 8 })).toMatchObject({ kind: 'header-value', key: 'stage', value: 'M1' });
    expect(itemAt(s, { line: 7, character: 1 })).toMatchObject({ kind: 'speaker', label: '坐席' });
    expect(itemAt(s, { line: 7, character: 12 })).toMatchObject({ kind: 'placeholder', placeholder: { name: 'company', category: 'agent' } });
    expect(itemAt(s, { line: 2, character: 0 })).toBeUndefined();
  });
  it('folds a node and its option branch', () => {
    expect(foldingRanges(s)).toEqual([{ startLine: 3, endLine: 10, kind: 'node' }, { startLine: 8, endLine: 9, kind: 'branch' }]);
  });
});

describe('completion contexts', () => {
  const labels = (text: string, line: number, character: number) => completions({ script: parse(text), position: { line, character }, titles: ['甲', '乙'] }).map((i) => i.label);
  it('values after a full-width colon, keys with the colon the file uses', () => {
    expect(labels(`渠道${FW}`, 0, 3)).toContain('电话');
    const fw = completions({ script: parse(`stage${FW}M1\nau`), position: { line: 1, character: 2 }, titles: [] });
    expect(fw.find((i) => i.label === 'audience')!.textEdit).toEqual({ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } }, newText: `audience${FW}` });
  });
  it('nothing inside text, comments or after a closed placeholder', () => {
    const body = CLEAN.split('\n');
    expect(labels(CLEAN, 6, 6)).toEqual([]);
    expect(labels(CLEAN.replace(body[6], '// 注释'), 6, 5)).toEqual([]);
    expect(labels(CLEAN, 6, 18)).toEqual([]);
  });
  it('titles after <<jump keep an existing >>', () => {
    const items = completions({ script: parse('title: x\n---\n<<jump >>\n==='), position: { line: 2, character: 7 }, titles: ['甲'] });
    expect(items.map((i) => i.textEdit)).toEqual([{ range: { start: { line: 2, character: 7 }, end: { line: 2, character: 7 } }, newText: '甲' }]);
  });
});

describe('config problem ranges', () => {
  it('points at the JSON error position, a quoted name, or a path segment', () => {
    expect(configProblemRange('{\n  "a": 1,\n}', 'not valid JSON: Expected double-quoted property name in JSON at position 12')).toEqual({ start: { line: 2, character: 0 }, end: { line: 2, character: 1 } });
    expect(configProblemRange('{ "rules": { "x": "loud" } }', '/rules/x must be equal to one of the allowed values')).toEqual({ start: { line: 0, character: 13 }, end: { line: 0, character: 16 } });
    expect(configProblemRange('{ "colour": 1 }', '(top level) must NOT have additional properties "colour"')).toEqual({ start: { line: 0, character: 2 }, end: { line: 0, character: 10 } });
    expect(configProblemRange('', 'not valid JSON: Unexpected end of JSON input')).toEqual({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  });
});

describe('markdownSection', () => {
  it('takes a section up to the next heading', () => {
    expect(markdownSection('# t\n\n## Why\n\nw\n\n## How to fix\n\nfix it\n`x`\n\n## More\n\nm', 'How to fix')).toBe('fix it\n`x`');
    expect(markdownSection('# t\n## How to fix\nlast', 'How to fix')).toBe('last');
    expect(markdownSection('# t', 'How to fix')).toBeUndefined();
  });
});

describe('settings', () => {
  it('keeps valid values and reports the rest', () => {
    const { settings, problems } = normaliseSettings({ enable: 'yes', run: 'onSave', rules: { 'prefer-honorific': 'off', bogus: 'error', 'begging': 'loud' }, trace: { server: 'verbose' }, maxFileSize: 10, suppressedFindings: 'maybe' });
    expect(settings).toEqual({ enable: true, run: 'onSave', rules: { 'prefer-honorific': 'off' }, trace: { server: 'verbose' }, maxFileSize: 10, suppressedFindings: 'hint', scope: 'workspace', codeLens: true, inlayHints: true });
    expect(problems).toHaveLength(4);
    expect(normaliseSettings({ suppressedFindings: 'hide' }).settings.suppressedFindings).toBe('hide');
    expect(normaliseSettings({ scope: 'openFiles', codeLens: { enable: false } }).settings).toMatchObject({ scope: 'openFiles', codeLens: false });
    expect(normaliseSettings({ scope: 'everything', codeLens: { enable: 'no' } })).toMatchObject({ settings: { scope: 'workspace', codeLens: true }, problems: [{ zh: expect.stringContaining('parley.scope'), en: expect.stringContaining('parley.scope') }, { zh: expect.stringContaining('parley.codeLens.enable'), en: expect.stringContaining('parley.codeLens.enable') }] });
    expect(normaliseSettings({ inlayHints: { enable: false } }).settings).toMatchObject({ inlayHints: false });
    expect(normaliseSettings({ inlayHints: { enable: 1 } })).toMatchObject({ settings: { inlayHints: true }, problems: [{ zh: expect.stringContaining('parley.inlayHints.enable'), en: expect.stringContaining('parley.inlayHints.enable') }] });
  });
});

describe('Workspace: which open files a change affects', () => {
  const entry = (key: string, text: string, open = true) => ({ key, uri: `file://${key}`, open, version: open ? 1 : null, text });
  it('re-lints files jumping into a changed title, and files whose titles it jumps to', () => {
    const w = new Workspace();
    w.upsert(entry('/a.parley', JUMPER));
    w.upsert(entry('/b.parley', REMOTE));
    w.upsert(entry('/c.parley', CLEAN));
    // Same titles and jumps: nobody else is affected, the index is kept.
    const index = w.index();
    expect(w.upsert(entry('/b.parley', REMOTE.replace('几点', '什么时候')))).toEqual([]);
    expect(w.index()).toBe(index);
    // The audience of 远端节点 changes: a.parley jumps into it.
    expect(w.upsert(entry('/b.parley', REMOTE.replace('audience: debtor', 'audience: contact'))).map((e) => e.key)).toEqual(['/a.parley']);
    // a.parley stops jumping to 远端节点: b.parley's node becomes an entry node.
    expect(w.upsert(entry('/a.parley', JUMPER.replace('<<jump 远端节点>>', '<<end>>'))).map((e) => e.key)).toEqual(['/b.parley']);
    expect(w.index().incoming.get('远端节点')).toBeUndefined();
    // Lines shifted above a duplicated title: only the duplicate's file.
    w.upsert(entry('/d.parley', REMOTE));
    expect(w.upsert(entry('/d.parley', '\n' + REMOTE)).map((e) => e.key)).toEqual(['/b.parley']);
    expect(w.remove('/d.parley').map((e) => e.key)).toEqual(['/b.parley']);
  });
});

describe('Workspace: closed files keep no parsed script', () => {
  const examples = path.join(__dirname, '..', '..', '..', 'shared', 'examples');
  const texts = fs.readdirSync(examples).filter((f) => f.endsWith('.parley')).map((f) => fs.readFileSync(path.join(examples, f), 'utf8'));
  // More files than the recent parses kept: each example several times, as files of their own.
  const files = Array.from({ length: RECENT_PARSES * 3 }, (_, i) => ({ key: `/w/f${i}.parley`, text: texts[i % texts.length] + `\ntitle: 独有${i}\n---\n坐席: 好的。\n<<jump 开场>>\n===\n` }));
  const closed = (key: string, text: string) => ({ key, uri: `file://${key}`, open: false, version: null, text });
  // What the rules read of an index (the server's index nodes also carry where their titles are written).
  const plain = (ix: WorkspaceIndex) => ({ titles: [...ix.titles].map(([t, l]) => [t, l.map((e) => [e.uri, e.node.title, e.node.titleLine, e.node.props.audience?.value])]), incoming: [...ix.incoming] });

  it('holds only their outlines (and a few recent parses), and the index is the one over every parse', () => {
    const w = new Workspace();
    for (const f of files) w.upsert(closed(f.key, f.text));
    expect(w.heldScripts()).toEqual({ open: 0, recent: RECENT_PARSES });
    for (const f of files) expect(w.get(f.key)!.script).toBeUndefined();
    const full = indexWorkspace(files.map((f) => parse(f.text, f.key)));
    expect(plain(w.index())).toEqual(plain(full));
    // An open document keeps its parse; closing it (its text read again) drops it.
    w.upsert({ ...closed(files[0].key, files[0].text), open: true, version: 1 });
    expect(w.heldScripts().open).toBe(1);
    w.upsert(closed(files[0].key, files[0].text));
    expect(w.heldScripts().open).toBe(0);
    expect(plain(w.index())).toEqual(plain(full));
  });

  it('parses a closed file again on demand, equal to a fresh parse, and keeps only the last few', () => {
    const w = new Workspace();
    for (const f of files) w.upsert(closed(f.key, f.text));
    const first = w.get(files[0].key)!;
    const before = w.parsedOnDemand;
    const s = w.scriptOf(first)!;
    expect(w.parsedOnDemand).toBe(before + 1);
    expect(s).toEqual(parse(files[0].text, files[0].key));
    expect(w.scriptOf(first)).toBe(s); // a recent parse
    for (const f of files.slice(1)) w.scriptOf(w.get(f.key)!);
    expect(w.heldScripts().recent).toBe(RECENT_PARSES);
    expect(w.scriptOf(first)).not.toBe(s); // pushed out: parsed again
    expect(w.parsedOnDemand).toBe(before + files.length + 1);
  });

  it('finds the files that define or jump to a title through its reverse index, in workspace order', () => {
    const w = new Workspace();
    for (const f of files) w.upsert(closed(f.key, f.text));
    const expected = files.filter((f) => parse(f.text, f.key).nodes.some((n) => n.title === '独有3' || n.body.some((b) => b.command?.name === 'jump' && b.command.arg === '独有3')));
    expect(w.mentioning(['独有3']).map((e) => e.key)).toEqual(expected.map((f) => f.key));
    expect(w.mentioning(['开场'], false, true).map((e) => e.key)).toEqual(files.map((f) => f.key));
  });

  it('a closed file linted a few nodes at a time gives what lintScript gives', () => {
    const script = parse(texts.join('\n'), '/w/all.parley');
    const index = indexWorkspace([script]);
    const expected = lintScript(script, index);
    const partial = new PartialLint(script, script);
    let steps = 0;
    let got;
    // A slice already over: one node per step.
    while (!(got = partial.step(0, index, DEFAULT_CONFIG))) steps++;
    expect(steps).toBe(script.nodes.length);
    expect(got).toEqual(expected);
  });
});

describe('rename: why a title cannot be used, in one language', () => {
  it('Chinese by default, English on request; never both in one message', () => {
    for (const bad of ['', 'a\nb', 'a<<b', ' a']) {
      const zh = invalidTitle(bad)!;
      const en = invalidTitle(bad, 'en')!;
      expect(zh, bad).toMatch(/[\u4e00-\u9fff]/);
      expect(zh.replace(/<<|>>|《《|》》|＜＜|＞＞/g, ''), bad).not.toMatch(/[A-Za-z]{3,}/);
      expect(en, bad).toMatch(/^A title must/);
      expect(en.replace(/《《 》》 ＜＜ ＞＞/, ''), bad).not.toMatch(/[\u4e00-\u9fff]/);
    }
    expect(invalidTitle('开场')).toBeUndefined();
  });
});
