/**
 * Property-based tests (fast-check) for the language server's incremental path: an example script
 * is edited as a writer types (characters, newlines, deletions, changed titles, headers, jumps,
 * suppression comments, node delimiters), and after every edit `reparse` must equal a fresh
 * `parse`, and `IncrementalLinter.lint` must equal a full `lintScript` / `lintWorkspace`, finding
 * for finding (range, message, severity, fix, order), and the diagnostics the language server
 * publishes of it (lsp/publish.ts) must be what toDiagnostic says of the full lint. Each edit is
 * also given to `reparse` as the editor's content changes (one range, a wider one, or an insert
 * then a delete), from which it makes the new lines without splitting the text — also with the
 * text as the server's open document gives it (lsp/document: made into one string only when
 * read); and to the server's Workspace, whose entry (keys, outline, parse) must equal a fresh one's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG, IncrementalLinter, indexWorkspace, lintScript, lintWorkspace, nodeRoot, parse, reparse, resolveConfig, ruleById, summarizeScript, viewNodes,
  type ParsedScript, type ResolvedConfig, type WorkspaceIndex,
} from '../../server/src/core';
import type { Finding } from '../../server/src/core/types';
import { toDiagnostic } from '../../server/src/lsp/diagnostics';
import { DiagnosticsEncoder } from '../../server/src/lsp/publish';
import { Workspace } from '../../server/src/lsp/workspace';
import { indexReadsSame, nodeContribution, nodeIndexKey } from '../../server/src/core/workspace';
import { LinesDocument } from '../../server/src/lsp/document';
import { textOf, type ContentChange } from '../../server/src/core/parser';
import { EXAMPLES, RUNS, SEED } from './arbitraries';

// (generous: the runs take 35 s on a quiet machine and over 60 s on a loaded one; a timeout is no finding)
const TIMEOUT = Math.max(180_000, RUNS * 300);

function examplesUnder(dir: string): { name: string; text: string }[] {
  if (!fs.existsSync(dir)) return [];
  const out: { name: string; text: string }[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...examplesUnder(p));
    else if (e.name.endsWith('.parley')) out.push({ name: path.relative(dir, p), text: fs.readFileSync(p, 'utf8') });
  }
  return out;
}

const EXAMPLE_FILES = examplesUnder(EXAMPLES);
/** The documents edited: each example, and all of them in one file (more nodes to keep or move). */
const BASES = [...EXAMPLE_FILES.map((e) => e.text), EXAMPLE_FILES.map((e) => e.text).join('\n')];

/** An edit as the editor sends it: a range of the current text replaced by new text. */
type Edit =
  | { kind: 'char'; at: number; col: number; text: string }
  | { kind: 'delete'; at: number; col: number; n: number }
  | { kind: 'line'; at: number; text: string }
  | { kind: 'removeLine'; at: number }
  | { kind: 'title'; pick: number; text: string }
  | { kind: 'header'; pick: number; text: string }
  | { kind: 'jump'; pick: number; text: string }
  // Enter typed in a line (its rest goes to a new line below) and Backspace at a line's start (the
  // line joins the one above): each moves every line below by one.
  | { kind: 'enter'; at: number; col: number }
  | { kind: 'join'; at: number }
  // A selection deleted across lines (and node boundaries: titles, ---, ===), and lines pasted.
  | { kind: 'cut'; at: number; col: number; lines: number; col2: number }
  | { kind: 'paste'; at: number; col: number; text: string };

/** Pasted text: several lines, nodes closed and opened in it. */
const PASTES = ['\n===\n\ntitle: 新节点\n---\n坐席: 你好\n', '坐席: 你今天必须还款\n===\n', '\n\n\n', '===\ntitle: 开场\naudience: debtor\n---\n', '-> 客户: 是我。\n    <<jump 开场>>\n', '// parley-disable-next-line prefer-honorific -- 引用\n坐席: 你好\n'];

const CHARS = ['你', '的', 'a', ' ', '\n', '\n', '\r', ':', ':', '{', '}', '<', '>', '-', '=', '/', '｛', '｝', '《', '》', '＜', '＞', '－', '＝', '：', '對', '对不起', '你必须', '还款', '逾期', '坐牢', '请', '谢谢', '\t', '13812345678'];
const TITLES = ['开场', '本人-首次', '联系人-首次', '重复', '结构示例', '新节点', '不存在的节点', '', '<<x>>'];
const HEADERS = ['audience: debtor', 'audience: unverified', 'audience: contact', 'audience: heir', 'audience: debtr', 'stage: M1', 'stage: M0', 'stage: D1-5', 'stage: M9x',
  'channel: call', 'channel: visit', 'channel: sms', 'channel: fax', '渠道：簡訊', 'channel: letter', 'channel: im', '對象：聯絡人', '階段：M１', 'time: 20:00-22:00', 'time: 12:00-14:00', 'time: 9', 'agents: 1', 'agents: 2', 'agents: x',
  'speakers: 王经理=agent', 'tags: start', 'colour: red', 'locale: zh-CN'];
const LINES = ['===', '---', '', 'title: 新节点', '标题: 开场', 'audience: debtor', 'stage: M2', '坐席: 您好,我是{company}的{agent_name},请问是{debtor_name}本人吗?',
  '坐席: 你今天必须还款,不然起诉你。', '-> 客户: 是我。', '    <<jump 开场>>', '<<jump 本人-首次>>', '<<end>>', '<<wait>>', '孙经理: 好的', '// 注释',
  '// parley-disable-next-line abusive-language -- 已审核', '// parley-disable-next-line prefer-honorific', '// parley-disable prefer-honorific, apology-wording -- 转录',
  '// parley-enable prefer-honorific', '// parley-enable', '// parley-disable-file missing-courtesy -- 引用', '// parley-disable-line x', '// parley-disable -- 全部',
  '// parley-disable-next-line no-such-rule -- 理由', '坐席: 对不起,您的{amount}元已逾期{overdue_days}天。', '==', '----',
  // What an input method types (FORMAT v1.1), and written-channel lines whose text before a colon is no label there.
  '＝＝＝', '－－－', '《《jump 开场》》', '＜＜end＞＞', '－＞ 客戶：是我。', '坐席：您的｛金額｝元。', '温馨提示：请按时还款。', '尊敬的客户：您好。', '渠道：短信', 'channel: sms'];

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('char' as const), at: fc.nat(), col: fc.nat(), text: fc.constantFrom(...CHARS) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), col: fc.nat(), n: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('line' as const), at: fc.nat(), text: fc.constantFrom(...LINES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('removeLine' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('title' as const), pick: fc.nat(), text: fc.constantFrom(...TITLES) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('header' as const), pick: fc.nat(), text: fc.constantFrom(...HEADERS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('jump' as const), pick: fc.nat(), text: fc.constantFrom(...TITLES) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('enter' as const), at: fc.nat(), col: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('join' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), col: fc.nat(), lines: fc.integer({ min: 1, max: 12 }), col2: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('paste' as const), at: fc.nat(), col: fc.nat(), text: fc.constantFrom(...PASTES) }) },
);

/** Offset of a (line, column) in `text`, the column clamped to the line. */
function offsetOf(text: string, line: number, col: number): number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const l = line % starts.length;
  const end = l + 1 < starts.length ? starts[l + 1] - 1 : text.length;
  return starts[l] + Math.min(col, end - starts[l]);
}

/** Replace the `pick`-th line matching `re` (whole line) with `make(line)`; no such line: unchanged. */
function replaceLine(text: string, re: RegExp, pick: number, make: (line: string) => string): string {
  const lines = text.split('\n');
  const hits = lines.map((l, i) => (re.test(l) ? i : -1)).filter((i) => i >= 0);
  if (!hits.length) return text;
  const i = hits[pick % hits.length];
  lines[i] = make(lines[i]);
  return lines.join('\n');
}

function apply(text: string, e: Edit): string {
  switch (e.kind) {
    case 'char': {
      const o = offsetOf(text, e.at, e.col);
      return text.slice(0, o) + e.text + text.slice(o);
    }
    case 'delete': {
      const o = offsetOf(text, e.at, e.col);
      return text.slice(0, o) + text.slice(o + e.n);
    }
    case 'line': {
      const lines = text.split('\n');
      lines.splice(e.at % (lines.length + 1), 0, e.text);
      return lines.join('\n');
    }
    case 'removeLine': {
      const lines = text.split('\n');
      lines.splice(e.at % lines.length, 1);
      return lines.join('\n');
    }
    case 'enter': {
      const o = offsetOf(text, e.at, e.col);
      return text.slice(0, o) + '\n' + text.slice(o);
    }
    case 'join': {
      const lines = text.split('\n');
      if (lines.length < 2) return text;
      const i = 1 + (e.at % (lines.length - 1));
      lines.splice(i - 1, 2, lines[i - 1] + lines[i]);
      return lines.join('\n');
    }
    case 'cut': {
      const o = offsetOf(text, e.at, e.col);
      const lines = text.split('\n').length;
      const l = e.at % lines;
      const o2 = offsetOf(text, Math.min(l + e.lines, lines - 1), e.col2);
      return o2 > o ? text.slice(0, o) + text.slice(o2) : text;
    }
    case 'paste': {
      const o = offsetOf(text, e.at, e.col);
      return text.slice(0, o) + e.text + text.slice(o);
    }
    case 'title':
      return replaceLine(text, /^\s*(title|标题)\s*[::]/i, e.pick, (l) => l.replace(/([::]\s*).*$/, `$1${e.text}`));
    case 'header':
      return replaceLine(text, /^\s*(audience|stage|channel|time|agents|speakers|tags|locale|colour)\s*[::]/i, e.pick, () => e.text);
    case 'jump':
      return replaceLine(text, /<<\s*jump/i, e.pick, (l) => l.replace(/<<\s*jump[^>]*>>/i, `<<jump ${e.text}>>`));
  }
}

/** The position of `offset` in `text`, as an editor counts lines (\r\n, \r and \n end a line). */
function positionOf(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      start = i + 1;
    }
  }
  return { line, character: offset - start };
}

/** Between the \r and \n of a line break (no position is there). */
const insideBreak = (text: string, o: number) => o > 0 && o < text.length && text[o - 1] === '\r' && text[o] === '\n';

/**
 * Content changes that turn `before` into `after`, as an editor could send them: `how` 0, the
 * smallest range; 1, a range `wide` characters wider on each side, replaced with those characters
 * too; 2, the new text inserted, then the old deleted (two changes, the second in the text the
 * first left).
 */
function changesOf(before: string, after: string, how: number, wide: number): ContentChange[] {
  let p = 0;
  while (p < before.length && p < after.length && before[p] === after[p]) p++;
  let q = 0;
  while (q < before.length - p && q < after.length - p && before[before.length - 1 - q] === after[after.length - 1 - q]) q++;
  if (how === 1) {
    const w = Math.min(wide, p, q);
    p -= w;
    q -= w;
  }
  if (insideBreak(before, p) || insideBreak(after, p)) p--;
  if (insideBreak(before, before.length - q) || insideBreak(after, after.length - q)) q--;
  const inserted = after.slice(p, after.length - q);
  const range = { start: positionOf(before, p), end: positionOf(before, before.length - q) };
  if (how !== 2 || !inserted || p === before.length - q) return [{ range, text: inserted }];
  const middle = before.slice(0, p) + inserted + before.slice(p);
  const o = p + inserted.length;
  return [
    { range: { start: range.start, end: range.start }, text: inserted },
    { range: { start: positionOf(middle, o), end: positionOf(middle, o + before.length - q - p) }, text: '' },
  ];
}

/** A resolved config with some rules off and options set: the incremental path must honour them too. */
const TUNED: ResolvedConfig = resolveConfig({ rules: { 'missing-courtesy': 'off', 'prefer-honorific': 'error', 'calling-hours': ['warning', { earliest: '09:00', latest: '20:00' }] } } as never);

describe('incremental parsing and linting equal the full ones', () => {
  it('has the examples to edit', () => expect(EXAMPLE_FILES.length).toBeGreaterThan(3));

  it(`one document: ${RUNS} sequences of edits, checked after every edit`, { timeout: TIMEOUT }, () => {
    fc.assert(
      // `lint` false: the version is parsed but not linted, as in a burst of changes the server coalesces.
      fc.property(fc.nat({ max: BASES.length - 1 }), fc.array(fc.record({ e: edit, lint: fc.boolean(), how: fc.nat({ max: 2 }), wide: fc.nat({ max: 4 }) }), { minLength: 1, maxLength: 8 }), fc.boolean(), (base, edits, tuned) => {
        const config = tuned ? TUNED : DEFAULT_CONFIG;
        let text = BASES[base];
        let script = parse(text, 'doc.parley', { placeholders: config.placeholders });
        // The same edits given as the editor's content changes; and with the text of the server's document.
        let fromChanges = script;
        let fromDocument = script;
        const doc = LinesDocument.create('file:///doc.parley', 'parley', 1, text);
        const linter = new IncrementalLinter();
        // The language server's publish too: each diagnostics message says what toDiagnostic says of a full lint.
        const encoder = new DiagnosticsEncoder();
        let version = 1;
        const published = (findings: Finding[], expected: Finding[]) => {
          const sent = encoder.encode('file:///doc.parley', ++version, findings, 'zh');
          expect(sent.toJSON().diagnostics).toEqual(JSON.parse(JSON.stringify(expected.map((f) => toDiagnostic(f, version, 'zh')))));
          sent.written();
        };
        const first = lintScript(script, indexWorkspace([script]), config);
        const got = linter.lint(script, indexWorkspace([script]), config);
        expect(got).toEqual(first);
        published(got, first);
        edits.forEach(({ e, lint, how, wide }, k) => {
          const before = text;
          text = apply(text, e);
          script = reparse(script, text, 'doc.parley', { placeholders: config.placeholders });
          const fresh = parse(text, 'doc.parley', { placeholders: config.placeholders });
          expect(script).toEqual(fresh);
          const changes = changesOf(before, text, how, wide);
          fromChanges = reparse(fromChanges, text, 'doc.parley', { placeholders: config.placeholders }, changes);
          expect(fromChanges).toEqual(fresh);
          LinesDocument.update(doc, changes, doc.version + 1);
          fromDocument = reparse(fromDocument, doc.source, 'doc.parley', { placeholders: config.placeholders }, changes);
          expect(fromDocument).toEqual(fresh);
          if (lint || k === edits.length - 1) {
            const full = lintScript(fresh, indexWorkspace([fresh]), config);
            const incremental = linter.lint(script, indexWorkspace([script]), config);
            expect(incremental).toEqual(full);
            published(incremental, full);
          }
        });
      }),
      { numRuns: RUNS, seed: SEED + 10 },
    );
  });

  it(`a workspace: ${Math.max(1, Math.floor(RUNS / 3))} sequences of edits to one file among the examples (titles and jumps across files)`, { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.nat({ max: EXAMPLE_FILES.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 8 }), fc.nat({ max: 2 }), (which, edits, how) => {
        const others = EXAMPLE_FILES.map((f) => parse(f.text, f.name));
        // The language server's picture of the workspace, the edited file open and given each edit
        // as content changes: its entry must be what a fresh Workspace makes of the same text.
        const input = (key: string, text: string, version: number) => ({ key, uri: `file:///${key}`, open: true, version, text });
        const ws = new Workspace();
        EXAMPLE_FILES.forEach((f, i) => ws.upsert(input(f.name, f.text, i === which ? 1 : 0)));
        // (the edited file's text as the server's open document gives it)
        const doc = LinesDocument.create(`file:///${EXAMPLE_FILES[which].name}`, 'parley', 1, EXAMPLE_FILES[which].text);
        let version = 1;
        // (the index lists a title's places in file order, as lintWorkspace builds it)
        const all = (s: ParsedScript) => others.map((o, i) => (i === which ? s : o));
        const name = EXAMPLE_FILES[which].name;
        let text = EXAMPLE_FILES[which].text;
        let script = parse(text, name);
        const linter = new IncrementalLinter();
        // As the server does: the index object is kept while the document's index summary is unchanged.
        let summary = JSON.stringify(summarizeScript(script));
        let index: WorkspaceIndex = indexWorkspace(all(script));
        for (const e of edits) {
          const before = text;
          text = apply(text, e);
          script = reparse(script, text, name);
          const changes = changesOf(before, text, how, 2);
          LinesDocument.update(doc, changes, ++version);
          ws.upsert({ ...input(name, text, version), text: doc.source }, false, { from: version - 1, changes });
          const fresh = new Workspace();
          EXAMPLE_FILES.forEach((f, i) => fresh.upsert(input(f.name, i === which ? text : f.text, i === which ? version : 0)));
          const { script: got, text: gotText, ...entry } = ws.get(name)!;
          const { script: want, text: wantText, ...expected } = fresh.get(name)!;
          expect(got).toEqual(want);
          expect(textOf(gotText)).toBe(wantText);
          expect(entry).toEqual(expected);
          expect(ws.index()).toEqual(fresh.index());
          const s = JSON.stringify(summarizeScript(script));
          if (s !== summary) {
            summary = s;
            index = indexWorkspace(all(script));
          }
          const full = lintWorkspace([...EXAMPLE_FILES.map((f, i) => ({ uri: f.name, text: i === which ? text : f.text }))]);
          expect(linter.lint(script, index, DEFAULT_CONFIG)).toEqual(full[which].findings);
        }
      }),
      { numRuns: Math.max(1, Math.floor(RUNS / 3)), seed: SEED + 11 },
    );
  });
});

describe('the incremental path does less work', () => {
  const big = BASES[BASES.length - 1];
  const typed = (s: ParsedScript, line: number) => {
    const lines = s.text.split('\n');
    lines[line] = lines[line].replace(/^(坐席[::])/, '$1你');
    return lines.join('\n');
  };
  const agentLine = (s: ParsedScript, k: number) => s.nodes[k].body.find((b) => b.kind === 'speaker' && b.role === 'agent')!.line;

  it('a character typed in one node: the other nodes are the same objects, and only that node is checked', () => {
    const s0 = parse(big, 'doc.parley');
    const linter = new IncrementalLinter();
    linter.lint(s0, indexWorkspace([s0]));
    expect(linter.lastChecked).toBe(s0.nodes.length);
    const k = Math.floor(s0.nodes.length / 2);
    const s1 = reparse(s0, typed(s0, agentLine(s0, k)), 'doc.parley');
    expect(s1.nodes.length).toBe(s0.nodes.length);
    const same = s1.nodes.filter((n, i) => n === s0.nodes[i]).length;
    expect(same).toBe(s0.nodes.length - 1);
    expect(s1.nodes[k]).not.toBe(s0.nodes[k]);
    expect(linter.lint(s1, indexWorkspace([s1]))).toEqual(lintScript(parse(s1.text, 'doc.parley'), indexWorkspace([s1])));
    expect(linter.lastChecked).toBe(1);
  });

  it('a newline typed in one node: later nodes are moved copies, their findings move with them, one node is checked', () => {
    const s0 = parse(big, 'doc.parley');
    const linter = new IncrementalLinter();
    linter.lint(s0, indexWorkspace([s0]));
    const k = Math.floor(s0.nodes.length / 2);
    const lines = s0.text.split('\n');
    const at = agentLine(s0, k);
    lines.splice(at, 1, lines[at].slice(0, 5), lines[at].slice(5));
    const s1 = reparse(s0, lines.join('\n'), 'doc.parley');
    for (let i = k + 1; i < s1.nodes.length; i++) expect(s1.nodes[i].titleLine).toBe(s0.nodes[i].titleLine + 1);
    expect(linter.lint(s1, indexWorkspace([s1]))).toEqual(lintScript(parse(s1.text, 'doc.parley'), indexWorkspace([s1])));
    expect(linter.lastChecked).toBe(1);
  });

  it('a newline: the moved nodes\' line views are made only when a rule reads them, and then repeat the earlier views\' work', () => {
    const s0 = parse(big, 'doc.parley');
    const linter = new IncrementalLinter();
    linter.lint(s0, indexWorkspace([s0]));
    const lines = s0.text.split('\n');
    const at = agentLine(s0, 0);
    lines.splice(at, 1, lines[at].slice(0, 5), lines[at].slice(5));
    const s1 = reparse(s0, lines.join('\n'), 'doc.parley');
    expect(linter.lint(s1, indexWorkspace([s1]))).toEqual(lintScript(parse(s1.text, 'doc.parley'), indexWorkspace([s1])));
    const cache = linter['cache'];
    const movedCaches = s1.nodes.slice(1).map((n) => cache.get(nodeRoot(n))!);
    // (made when first read: not a field of the moved node's cache, and not made for most of them)
    const made = movedCaches.filter((c) => (c as unknown as { views?: unknown }).views !== undefined).length;
    expect(movedCaches.every((c) => Object.getOwnPropertyDescriptor(c, 'lines') === undefined)).toBe(true);
    expect(made).toBeLessThan(movedCaches.length / 2);
    // Read now: the same texts and hits as a fresh node's views.
    const c = movedCaches[movedCaches.length - 1];
    const fresh = viewNodes(s1, indexWorkspace([s1]))[s1.nodes.length - 1];
    expect(c.lines.map((v) => [v.line.line, v.folded, v.hits.has('commitment')])).toEqual(fresh.lines.map((v) => [v.line.line, v.folded, v.hits.has('commitment')]));
  });

  it('a newline: the moved nodes\' headers, body and properties are made only when read, equal to a fresh parse\'s', () => {
    const s0 = parse(big, 'doc.parley');
    const linter = new IncrementalLinter();
    linter.lint(s0, indexWorkspace([s0]));
    // (every read of a first parse's body counted: a moved copy reads its root's when it makes its own)
    let reads = 0;
    for (const n of s0.nodes.slice(1)) {
      const body = n.body;
      Object.defineProperty(n, 'body', { enumerable: true, configurable: true, get: () => (reads++, body) });
    }
    const lines = s0.text.split('\n');
    const at = agentLine(s0, 0);
    lines.splice(at, 1, lines[at].slice(0, 5), lines[at].slice(5));
    const text = lines.join('\n');
    const s1 = reparse(s0, text, 'doc.parley');
    const moved = s1.nodes.slice(1);
    expect(moved.every((n) => nodeRoot(n) !== n && Object.getOwnPropertyDescriptor(n, 'body')?.get)).toBe(true);
    expect(reads).toBe(0);
    const ws = new Workspace();
    ws.upsert({ key: 'doc.parley', uri: 'file:///doc.parley', open: true, version: 1, text });
    expect(linter.lint(s1, indexWorkspace([s1]))).toEqual(lintScript(parse(text, 'doc.parley'), indexWorkspace([s1])));
    expect(reads).toBeLessThan(moved.length / 2);
    // Read now: what a fresh parse gives, and made once.
    const before = reads;
    expect(s1).toEqual(parse(text, 'doc.parley'));
    expect(reads).toBeLessThanOrEqual(before + moved.length);
    expect(s1.nodes[s1.nodes.length - 1].body).toBe(s1.nodes[s1.nodes.length - 1].body);
  });

  it('an index that differs only in the lines of titles defined once reads the same to every node; any other difference does not', () => {
    const text = 'title: 开场\naudience: debtor\n---\n坐席: 您好\n<<jump 结尾>>\n===\ntitle: 结尾\n---\n坐席: 再见\n===\n';
    const s0 = parse(text, 'a.parley');
    const s1 = parse('\n' + text, 'a.parley');
    expect(indexReadsSame(indexWorkspace([s0]), indexWorkspace([s1]))).toBe(true);
    for (const n of s0.nodes) expect(nodeIndexKey(n, indexWorkspace([s1]))).toBe(nodeIndexKey(n, indexWorkspace([s0])));
    // A title defined twice names its places: their lines are read.
    const twice = (pre: string) => indexWorkspace([parse(pre + text + text, 'a.parley')]);
    expect(indexReadsSame(twice(''), twice('\n'))).toBe(false);
    // An audience, a title, a jump.
    expect(indexReadsSame(indexWorkspace([s0]), indexWorkspace([parse(text.replace('debtor', 'guarantor'), 'a.parley')]))).toBe(false);
    expect(indexReadsSame(indexWorkspace([s0]), indexWorkspace([parse(text.replace('title: 结尾', 'title: 结束'), 'a.parley')]))).toBe(false);
    expect(indexReadsSame(indexWorkspace([s0]), indexWorkspace([parse(text.replace('<<jump 结尾>>\n', ''), 'a.parley')]))).toBe(false);
  });

  it('a newline above titles: the workspace entry keeps its title and jump sets and graph key, moved nodes contribute their root\'s lists', () => {
    const input = (text: string, version: number) => ({ key: 'doc.parley', uri: 'file:///doc.parley', open: true, version, text });
    const ws = new Workspace();
    ws.upsert(input(big, 1));
    const e0 = ws.get('doc.parley')!;
    const s0 = e0.script!;
    const lines = big.split('\n');
    const at = agentLine(s0, 0);
    lines.splice(at, 1, lines[at].slice(0, 5), lines[at].slice(5));
    const text = lines.join('\n');
    ws.upsert(input(text, 2), false, { from: 1, changes: changesOf(big, text, 0, 0) });
    const e1 = ws.get('doc.parley')!;
    const fresh = new Workspace();
    fresh.upsert(input(text, 2));
    const { script: got, text: _t1, ...entry } = e1;
    const { script: want, text: _t2, ...expected } = fresh.get('doc.parley')!;
    expect(got).toEqual(want);
    expect(entry).toEqual(expected);
    expect(e1.summary).not.toBe(e0.summary);
    expect(e1.titles).toBe(e0.titles);
    expect(e1.jumps).toBe(e0.jumps);
    const last = e1.script!.nodes[e1.script!.nodes.length - 1];
    expect(nodeRoot(last)).not.toBe(last);
    expect(nodeContribution(last).targets).toBe(nodeContribution(nodeRoot(last)).targets);
    expect(nodeContribution(last).titleLine).toBe(last.titleLine);
  });

  it('a change given as the editor\'s content change makes the new lines from the earlier ones: the text is not split', () => {
    const s0 = parse('title: 开场\n---\n坐席: 您好\n坐席: 再见\n===\n', 'doc.parley');
    const change = { range: { start: { line: 2, character: 4 }, end: { line: 2, character: 4 } }, text: '你' };
    // (a text that is not the edit's result on an unchanged line: only the changed line is checked)
    const s1 = reparse(s0, 'title: 开场\n---\n坐席: 你您好\n坐席: 再会\n===\n', 'doc.parley', {}, [change]);
    expect(s1.lines).toEqual(['title: 开场', '---', '坐席: 你您好', '坐席: 再见', '===', '']);
    // A change that is not the text's (the changed line, or the length): the text is split.
    expect(reparse(s0, 'title: 开场\n---\n坐席: 们您好\n坐席: 再见\n===\n', 'doc.parley', {}, [change]).lines[2]).toBe('坐席: 们您好');
    expect(reparse(s0, 'title: 开场\n---\n坐席: 你您好\n坐席: 再见了\n===\n', 'doc.parley', {}, [change]).lines[3]).toBe('坐席: 再见了');
  });

  it('a change with a text made when read (the server\'s open document) makes no string of the whole text: the script\'s text is its lines joined when first read', () => {
    const s0 = parse('title: 开场\n---\n坐席: 您好\n坐席: 再见\n===\n', 'doc.parley');
    const text = 'title: 开场\n---\n坐席: 你您好\n坐席: 再见\n===\n';
    let made = 0;
    const source = { length: text.length, value: () => (made++, text) };
    const change = { range: { start: { line: 2, character: 4 }, end: { line: 2, character: 4 } }, text: '你' };
    const s1 = reparse(s0, source, 'doc.parley', {}, [change]);
    expect(made).toBe(0);
    expect(s1).toEqual(parse(text, 'doc.parley'));
    expect(s1.text).toBe(text);
    expect(made).toBe(0);
    // The length is still compared: a text that is not the edit's result is read and parsed.
    const other = 'title: 开场\n---\n坐席: 你您好\n坐席: 再见了\n===\n';
    expect(reparse(s0, { length: other.length, value: () => (made++, other) }, 'doc.parley', {}, [change]).lines[3]).toBe('坐席: 再见了');
    expect(made).toBe(1);
  });

  it('the node cache is kept across lints and holds the nodes of the last script only (a removed node, a prepared node never linted are dropped)', () => {
    const s0 = parse(big, 'doc.parley');
    const linter = new IncrementalLinter();
    const index = indexWorkspace([s0]);
    linter.lint(s0, index);
    const cache = linter['cache'];
    expect(cache.size).toBe(s0.nodes.length);
    // The second node removed (its lines cut from the text), and another script's nodes prepared.
    const lines = s0.text.split('\n');
    const n1 = s0.nodes[1];
    lines.splice(n1.titleLine, n1.lastLine - n1.titleLine + 1);
    const s1 = reparse(s0, lines.join('\n'), 'doc.parley');
    linter.prepare(parse('title: 别的\n---\n坐席：您好。\n===\n', 'doc.parley'), index, DEFAULT_CONFIG, 0, 1);
    expect(linter.lint(s1, indexWorkspace([s1]))).toEqual(lintScript(parse(s1.text, 'doc.parley'), indexWorkspace([s1])));
    expect(linter['cache']).toBe(cache);
    expect(cache.size).toBe(s1.nodes.length);
  });

  it('the server\'s open document hands its lines to the re-parse: one edit takes them as the script\'s lines (no copy); lines that are not the edit\'s result are not taken', () => {
    const s0 = parse('title: 开场\n---\n坐席: 您好\n坐席: 再见\n===\n', 'doc.parley');
    const doc = LinesDocument.create('file:///doc.parley', 'parley', 1, s0.text);
    const typed = { range: { start: { line: 2, character: 4 }, end: { line: 2, character: 4 } }, text: '你' };
    LinesDocument.update(doc, [typed], 2);
    const source = doc.source as Exclude<typeof doc.source, string>;
    const s1 = reparse(s0, source, 'doc.parley', {}, [typed]);
    expect(s1.lines).toBe(source.lines);
    expect(s1).toEqual(parse(doc.getText(), 'doc.parley'));
    // A newline, then the document's later edit: the earlier script's lines are not changed by it.
    const enter = { range: { start: { line: 3, character: 2 }, end: { line: 3, character: 2 } }, text: '\n' };
    LinesDocument.update(doc, [enter], 3);
    const s2 = reparse(s1, doc.source, 'doc.parley', {}, [enter]);
    expect(s2.lines).toBe((doc.source as Exclude<typeof doc.source, string>).lines);
    expect(s1.lines).toEqual(['title: 开场', '---', '坐席: 你您好', '坐席: 再见', '===', '']);
    expect(s2).toEqual(parse(doc.getText(), 'doc.parley'));
    // Lines that are not the edit's result (a changed line, a line too many): made from the edit.
    const text = 'title: 开场\n---\n坐席: 你您好\n坐席: 再见\n===\n';
    for (const lines of [['title: 开场', '---', '坐席: 们您好', '坐席: 再见', '===', ''], ['title: 开场', '---', '坐席: 你您好', '坐席: 再见', '===', '', '']]) {
      const s = reparse(s0, { length: text.length, value: () => text, lines }, 'doc.parley', {}, [typed]);
      expect(s.lines).not.toBe(lines);
      expect(s).toEqual(parse(text, 'doc.parley'));
    }
  });

  it('the title rules (undefined-jump, duplicate-title) run per node: a keystroke runs them on the changed node only; what a node reads of the index (another file\'s titles and their lines) re-makes its findings', () => {
    // (declared `node` + readsIndex: the engine keeps their findings per node, keyed by nodeIndexKey)
    const calls: Record<string, number[]> = { 'undefined-jump': [], 'duplicate-title': [] };
    const rules = Object.keys(calls).map((id) => ruleById(id)!);
    const checks = rules.map((r) => r.check);
    rules.forEach((r, i) => (r.check = (ctx) => (calls[r.meta.id].push(ctx.nodes.length), checks[i](ctx))));
    try {
      const node = (title: string, body: string) => [`title: ${title}`, '---', body, '===', ''].join('\n');
      const head = 'audience: debtor\nstage: M1\n\n';
      const a = head + [node('开场', '坐席：您好，请问是张先生吗？\n<<jump 结来>>'), node('确认', '坐席：好的，谢谢您。'), node('重复', '坐席：再见。\n<<jump 开场>>')].join('\n');
      let b = head + node('别的', '坐席：您好。\n<<jump 确认>>');
      let s = parse(a, 'a.parley');
      const linter = new IncrementalLinter();
      const check = () => {
        const sb = parse(b, 'b.parley');
        const index = indexWorkspace([s, sb]);
        calls['undefined-jump'] = [];
        calls['duplicate-title'] = [];
        const got = linter.lint(s, index);
        const seen = { 'undefined-jump': calls['undefined-jump'], 'duplicate-title': calls['duplicate-title'] };
        calls['undefined-jump'] = [];
        calls['duplicate-title'] = [];
        expect(got).toEqual(lintWorkspace([{ uri: 'a.parley', text: s.text }, { uri: 'b.parley', text: b }])[0].findings);
        Object.assign(calls, seen);
        return got;
      };
      expect(check().filter((f) => f.ruleId === 'undefined-jump').map((f) => f.message)).toEqual([expect.not.stringContaining('结束')]);
      expect(calls['undefined-jump'].length).toBe(s.nodes.length);
      // A character typed in the second node: the rules run on it alone.
      s = reparse(s, s.text.replace('谢谢您', '谢谢您了'), 'a.parley');
      check();
      expect(calls['undefined-jump']).toEqual([1]);
      expect(calls['duplicate-title']).toEqual([1]);
      // The other file defines a title close to the missing target: the did-you-mean changes.
      b += node('结束', '坐席：再见。');
      expect(check().filter((f) => f.ruleId === 'undefined-jump').map((f) => f.message)).toEqual([expect.stringContaining('结束')]);
      expect(calls['undefined-jump']).toEqual([1]);
      // ... and the same title as a node of this file: both places are reported, with the other's line.
      b += node('重复', '坐席：再见。');
      const line = (fs: Finding[]) => fs.filter((f) => f.ruleId === 'duplicate-title').map((f) => f.message);
      const before = line(check());
      expect(before).toEqual([expect.stringContaining('b.parley')]);
      expect(calls['duplicate-title']).toEqual([1]);
      // A newline in the other file above its copy: the line named changes.
      b = b.replace('title: 别的', '\ntitle: 别的');
      expect(line(check())).not.toEqual(before);
      expect(calls['duplicate-title']).toEqual([1]);
      // A newline in this file's first node: the nodes below move; of them the duplicate is checked
      // again (its line is in the other's finding), the others are not.
      s = reparse(s, s.text.replace('请问是', '请问\n是'), 'a.parley');
      check();
      expect(calls['undefined-jump']).toEqual([1, 1]);
    } finally {
      rules.forEach((r, i) => (r.check = checks[i]));
    }
  });

  it('a change of config starts over', () => {
    const s0 = parse(big, 'doc.parley');
    const linter = new IncrementalLinter();
    linter.lint(s0, indexWorkspace([s0]));
    expect(linter.lint(s0, indexWorkspace([s0]), TUNED)).toEqual(lintScript(s0, indexWorkspace([s0]), TUNED));
    expect(linter.lastChecked).toBe(s0.nodes.length);
  });
});
