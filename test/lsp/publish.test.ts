/** Diagnostics encoded once per finding (lsp/publish.ts): the bytes say what toDiagnostic says, and kept findings keep their bytes. */
import { describe, expect, it } from 'vitest';
import { IncrementalLinter, findingOrigin, lintScript, parse, reparse, indexWorkspace, type Finding, type ParsedScript } from '../../server/src/core';
import { tooLargeDiagnostic, toDiagnostic } from '../../server/src/lsp/diagnostics';
import { DiagnosticsEncoder, EncodedDiagnostics, encodedMessage } from '../../server/src/lsp/publish';

const SCRIPT = [
  'stage: M1',
  '',
  'title: 开场',
  'audience: debtor',
  '---',
  '坐席: 你好,我是{company}的{agnet_name}。',
  '<<jump 结尾>>',
  '===',
  '',
  'title: 结尾',
  'audience: debtor',
  '---',
  '坐席: 你再不还钱就等着坐牢吧，"引号"\\反斜杠',
  '===',
  '',
].join('\n');

function lint(linter: IncrementalLinter, text: string, prev?: ParsedScript) {
  const s = prev ? reparse(prev, text) : parse(text, 'a.parley');
  return { s, findings: linter.lint(s, indexWorkspace([s])) };
}

const decode = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b));

describe('DiagnosticsEncoder', () => {
  const { findings } = lint(new IncrementalLinter(), SCRIPT);
  it('has findings with fixes and suggestions to encode', () => {
    expect(findings.some((f) => f.fix)).toBe(true);
    expect(findings.some((f) => f.suggestions?.length)).toBe(true);
  });

  for (const version of [7, null]) {
    it(`encodes the JSON-RPC notification of toDiagnostic's diagnostics (version ${version})`, () => {
      const extra = [tooLargeDiagnostic(10, 5)];
      const p = new DiagnosticsEncoder().encode('file:///a.parley', version, findings, 'en', extra);
      const msg = decode(encodedMessage({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: p })!);
      expect(msg.jsonrpc).toBe('2.0');
      expect(msg.method).toBe('textDocument/publishDiagnostics');
      const expected = { uri: 'file:///a.parley', ...(version === null ? {} : { version }), diagnostics: [...findings.map((f) => toDiagnostic(f, version, 'en')), ...extra] };
      expect(msg.params).toEqual(JSON.parse(JSON.stringify(expected)));
      // Any other writer serialises it as the plain parameters.
      expect(JSON.parse(JSON.stringify(p))).toEqual(msg.params);
    });
  }

  it('encodes nothing, and only extra diagnostics', () => {
    const e = new DiagnosticsEncoder();
    expect(e.encode('u', 1, [], 'zh').toJSON()).toEqual({ uri: 'u', version: 1, diagnostics: [] });
    expect(e.encode('u', 1, [], 'zh', [tooLargeDiagnostic(10, 5)]).toJSON().diagnostics).toHaveLength(1);
  });

  it('writes the bytes of JSON.stringify and TextEncoder, whatever the strings and values (escapes, lone surrogates, astral characters, numbers)', () => {
    const odd = ['"引号"\\反斜杠\n\t\r\b\f\u0000\u001f\u007f', 'lone \ud800 high, lone \udfff low, \udfff\ud800 reversed, end \ud83d', 'astral 😀𠀀 é ß ü', ''];
    const [f] = findings;
    const list: Finding[] = odd.map((m, i) => ({
      ...f,
      message: m,
      range: { start: { line: i, character: 2 ** 31 + i }, end: { line: 1e21, character: -0 } },
      fix: { title: m, edits: [{ range: { start: { line: 0.5, character: -3 }, end: { line: NaN, character: Infinity } }, newText: m }] },
      suggestions: [{ title: `${m}\u2028\u2029`, edits: [] }],
    }));
    // (a toJSON and values JSON.stringify leaves out or writes as null)
    (list[0].fix as unknown as Record<string, unknown>).extra = { toJSON: (k: string) => ({ key: k, when: new Date(0) }), skip: undefined, fn: () => 1, arr: [undefined, () => 1, Symbol('s'), true, null] };
    const e = new DiagnosticsEncoder();
    for (const version of [7, null]) {
      const sent = e.encode('file:///a b.parley', version, list, 'en');
      const text = new TextDecoder().decode(sent.message).replace(/"version":(\d+) +\}\}/g, '"version":$1}}').replace(/"version":null +\}\}/g, '"version":null}}');
      // (the encoding puts `data` last, and the version last in it)
      const diagnostics = list.map((x) => {
        const { data, ...rest } = toDiagnostic(x, version, 'en');
        const { version: v, ...kept } = data as { version: number | null };
        return { ...rest, data: { ...kept, version: v } };
      });
      expect(text).toBe(`{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":${JSON.stringify({ uri: 'file:///a b.parley', ...(version === null ? {} : { version }), diagnostics })}}`);
    }
  });

  it('leaves other messages to the writer', () => {
    expect(encodedMessage({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'u', diagnostics: [] } })).toBeUndefined();
    expect(encodedMessage({ jsonrpc: '2.0', method: 'window/logMessage', params: new EncodedDiagnostics('u', 1, new Uint8Array()) })).toBeUndefined();
  });

  it('a publish copies what the last one sent at the same places, and says exactly what toDiagnostic says', () => {
    // Findings kept at the start, at the end, both, neither; versions that grow a digit; a locale change.
    const e = new DiagnosticsEncoder();
    const other = lint(new IncrementalLinter(), SCRIPT.replace('你好', '您好').replace('坐牢', '蹲监狱')).findings;
    expect(findings.length).toBeGreaterThan(3);
    const [a, b, ...rest] = findings;
    const lists: [Finding[], 'zh' | 'en'][] = [
      [findings, 'zh'], [findings, 'zh'], [[a, ...other, ...rest], 'zh'], [[a, b, ...rest.slice(1)], 'zh'], [[...other, b, ...rest], 'zh'],
      [[a, b, ...other], 'zh'], [findings, 'zh'], [findings.slice(1, -1), 'zh'], [[], 'zh'], [findings, 'zh'], [findings, 'en'], [[a, ...findings], 'en'], [findings, 'en'],
    ];
    let version = 7;
    for (const [list, locale] of lists) {
      version += 1 + version; // 8, 17, 35 … (more digits as it goes)
      const extra = version % 2 ? [tooLargeDiagnostic(10, 5)] : [];
      const sent = e.encode('file:///a.parley', version, list, locale, extra);
      const got = sent.toJSON();
      // (written: its buffer takes a later publish, whose bytes must not keep any of this one's)
      sent.written();
      expect(got).toEqual(JSON.parse(JSON.stringify({ uri: 'file:///a.parley', version, diagnostics: [...list.map((f) => toDiagnostic(f, version, locale)), ...extra] })));
    }
    // A closed file's publish (version null) in between, and a version too long for the slot.
    expect(e.encode('file:///a.parley', null, findings, 'zh').toJSON()).toEqual(JSON.parse(JSON.stringify({ uri: 'file:///a.parley', diagnostics: findings.map((f) => toDiagnostic(f, null, 'zh')) })));
    for (const v of [12345678901, 3, 12345678902]) expect(e.encode('file:///a.parley', v, findings, 'zh').toJSON().diagnostics).toEqual(JSON.parse(JSON.stringify(findings.map((f) => toDiagnostic(f, v, 'zh')))));
  });

  it('writes an open document\'s publishes into buffers it reuses once written, never into one being written', () => {
    const e = new DiagnosticsEncoder();
    const buffers = (n: number, written: boolean) => {
      const out: ArrayBufferLike[] = [];
      for (let i = 0; i < n; i++) {
        const m = e.encode('file:///a.parley', 2 + i, i % 2 ? findings : findings.slice(1), 'zh');
        out.push(m.message.buffer);
        if (written) m.written();
      }
      return out;
    };
    const reused = buffers(6, true);
    // (the last publish is read by the next one: two buffers take turns)
    expect(new Set(reused).size).toBe(2);
    const held = buffers(6, false);
    expect(new Set(held).size).toBe(6);
    // A closed file's publish (version null) is made once and not kept.
    expect(e.encode('file:///b.parley', null, findings, 'zh').message.buffer).not.toBe(e.encode('file:///b.parley', null, findings, 'zh').message.buffer);
  });

  it('follows the locale of the rule links', () => {
    const e = new DiagnosticsEncoder();
    const zh = e.encode('u', 1, findings, 'zh').toJSON();
    const en = e.encode('u', 1, findings, 'en').toJSON();
    expect(zh.diagnostics.map((d) => d.codeDescription?.href)).toEqual(findings.map((f) => toDiagnostic(f, 1, 'zh').codeDescription?.href));
    expect(en.diagnostics.map((d) => d.codeDescription?.href)).toEqual(findings.map((f) => toDiagnostic(f, 1, 'en').codeDescription?.href));
  });
});

describe('IncrementalLinter gives unchanged nodes the same finding objects', () => {
  it('keeps the objects of nodes an edit left alone, and only those', () => {
    const linter = new IncrementalLinter();
    const { s, findings: before } = lint(linter, SCRIPT);
    const edited = SCRIPT.replace('坐席: 你再不还钱', '坐席: 你们再不还钱');
    const after: Finding[] = lint(linter, edited, s).findings;
    const firstNode = (f: Finding) => f.range.start.line < 8;
    const kept = after.filter((f) => before.includes(f));
    // (whole-file rules' findings are made anew; node-local ones of the first node are kept)
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every(firstNode)).toBe(true);
    expect(after.filter((f) => !firstNode(f)).some((f) => before.includes(f))).toBe(false);
  });
});

describe('IncrementalLinter gives the file rules\' unchanged findings as the same objects', () => {
  // Lines the parser reports (syntax-error, unknown-placeholder: file rules), in two nodes and between them.
  const text = ['stage: M1', '', 'title: 一', 'audience: debtor', '---', '坐席: 您好,{未知}先生。', '坐席 您好', '===', '乱写的一行', '', 'title: 二', 'audience: debtor', '---', '坐席: 您好,{也未知}先生。', '===', ''].join('\n');
  const fileRule = (f: Finding) => f.ruleId === 'syntax-error' || f.ruleId === 'unknown-placeholder';
  const check = (findings: Finding[], t: string) => expect(findings).toEqual(lintScript(parse(t, 'a.parley'), indexWorkspace([parse(t, 'a.parley')])));

  it('keeps them across edits that leave them alone, one added or removed, and makes them anew where they changed', () => {
    const linter = new IncrementalLinter();
    let { s, findings: before } = lint(linter, text);
    const ofFile = before.filter(fileRule);
    expect(ofFile.length).toBeGreaterThanOrEqual(3);
    // A character typed in the second node's agent line, after the reports: every one kept.
    let t = text.replace('先生。\n===\n', '先生们。\n===\n');
    let after: Finding[];
    ({ s, findings: after } = lint(linter, t, s));
    check(after, t);
    expect(after.filter(fileRule)).toEqual(ofFile);
    for (const f of ofFile) expect(after).toContain(f);
    // One report added before the others (a new unknown placeholder in the first node): the others kept.
    t = t.replace('坐席: 您好,{未知}先生。', '坐席: {新的}您好,{未知}先生。');
    before = after;
    ({ s, findings: after } = lint(linter, t, s));
    check(after, t);
    const kept = after.filter(fileRule).filter((f) => before.includes(f));
    expect(kept.length).toBe(ofFile.length - 1); // (the report on the edited line moved a few characters)
    // ... and removed again: the others still kept.
    t = t.replace('{新的}', '');
    before = after;
    ({ s, findings: after } = lint(linter, t, s));
    check(after, t);
    expect(after.filter(fileRule).filter((f) => before.includes(f)).length).toBe(ofFile.length - 1);
    // A newline above all of them: every one is made anew (its lines moved).
    t = '\n' + t;
    before = after;
    ({ s, findings: after } = lint(linter, t, s));
    check(after, t);
    expect(after.filter(fileRule).some((f) => before.includes(f))).toBe(false);
  });
});

describe('newlines typed above findings', () => {
  // Three nodes with findings (fixes and suggestions among them), typed into as a writer does:
  // Enter and Backspace above, between and below them, lines pasted and deleted across nodes.
  const node = (t: string, extra = '') => [`title: ${t}`, 'audience: debtor', '---', '坐席: 你好,我是{company}的{agnet_name}。', '坐席: 你再不还钱就等着坐牢吧，"引号"\\反斜杠', extra, '===', ''];
  const base = ['stage: M1', '', ...node('开场', '<<jump 结尾>>'), ...node('中间'), ...node('结尾')].join('\n');
  const at = (text: string, line: number, col: number) => {
    const lines = text.split('\n');
    return lines.slice(0, line).join('\n').length + (line ? 1 : 0) + Math.min(col, lines[line]?.length ?? 0);
  };
  const enter = (line: number, col = 0) => (t: string) => t.slice(0, at(t, line, col)) + '\n' + t.slice(at(t, line, col));
  const join = (line: number) => (t: string) => t.slice(0, at(t, line, 0) - 1) + t.slice(at(t, line, 0));
  const cut = (l1: number, l2: number) => (t: string) => t.slice(0, at(t, l1, 0)) + t.slice(at(t, l2, 0));
  const paste = (line: number, what: string) => (t: string) => t.slice(0, at(t, line, 0)) + what + t.slice(at(t, line, 0));
  const edits = [
    enter(0), enter(0), join(1), enter(5, 3), join(6), enter(12), enter(12), enter(12), join(13), paste(3, 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n'),
    enter(20), cut(3, 13), paste(10, '坐席: 你好\n===\n\ntitle: 插入\n---\n'), join(4), enter(2), cut(2, 4), enter(0),
  ];

  it('encode what toDiagnostic says, and moved findings reuse the encoding of the one they repeat', () => {
    const linter = new IncrementalLinter();
    const e = new DiagnosticsEncoder();
    let { s, findings } = lint(linter, base);
    let text = base;
    let version = 1;
    let moved = 0;
    e.encode('file:///a.parley', version, findings, 'zh');
    for (const ed of edits) {
      text = ed(text);
      ({ s, findings } = lint(linter, text, s));
      moved += findings.filter((f) => findingOrigin(f)).length;
      version += 7;
      const fresh = lintScript(parse(text, 'a.parley'), indexWorkspace([parse(text, 'a.parley')]));
      expect(findings).toEqual(fresh);
      const sent = e.encode('file:///a.parley', version, findings, 'zh');
      expect(sent.toJSON()).toEqual(JSON.parse(JSON.stringify({ uri: 'file:///a.parley', version, diagnostics: fresh.map((f) => toDiagnostic(f, version, 'zh')) })));
      if (version % 2) sent.written(); // (some written before the next publish, some never)
    }
    // (the moved path was taken: findings below a newline repeat earlier ones)
    expect(moved).toBeGreaterThan(20);
  });

  it('a moved finding says which one it repeats, and how far it moved', () => {
    const linter = new IncrementalLinter();
    const { s, findings } = lint(linter, base);
    const after = lint(linter, enter(5, 3)(base), s).findings;
    const origins = after.map((f) => findingOrigin(f));
    expect(origins.filter(Boolean).length).toBeGreaterThan(3);
    for (let i = 0; i < after.length; i++) {
      const o = origins[i];
      if (!o) continue;
      expect(o.delta).toBe(1);
      expect(findings).toContain(o.root);
      expect({ ...after[i], range: undefined, fix: undefined, suggestions: undefined }).toEqual({ ...o.root, range: undefined, fix: undefined, suggestions: undefined });
      expect(after[i].range.start.line).toBe(o.root.range.start.line + 1);
    }
  });
});
