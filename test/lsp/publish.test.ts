/** Diagnostics encoded once per finding (lsp/publish.ts): the bytes say what toDiagnostic says, and kept findings keep their bytes. */
import { describe, expect, it } from 'vitest';
import { IncrementalLinter, parse, reparse, indexWorkspace, type Finding, type ParsedScript } from '../../server/src/core';
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
      const got = e.encode('file:///a.parley', version, list, locale, extra).toJSON();
      expect(got).toEqual(JSON.parse(JSON.stringify({ uri: 'file:///a.parley', version, diagnostics: [...list.map((f) => toDiagnostic(f, version, locale)), ...extra] })));
    }
    // A closed file's publish (version null) in between, and a version too long for the slot.
    expect(e.encode('file:///a.parley', null, findings, 'zh').toJSON()).toEqual(JSON.parse(JSON.stringify({ uri: 'file:///a.parley', diagnostics: findings.map((f) => toDiagnostic(f, null, 'zh')) })));
    for (const v of [12345678901, 3, 12345678902]) expect(e.encode('file:///a.parley', v, findings, 'zh').toJSON().diagnostics).toEqual(JSON.parse(JSON.stringify(findings.map((f) => toDiagnostic(f, v, 'zh')))));
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
