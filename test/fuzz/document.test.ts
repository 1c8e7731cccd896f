/**
 * Property-based tests (fast-check) for the server's open documents (lsp/document.ts): a
 * LinesDocument, which keeps a text without carriage returns as lines, must be indistinguishable
 * from vscode-languageserver-textdocument's TextDocument under any sequence of editor changes —
 * ranged (inside the text, beyond a line's end or the last line, negative, backwards, across
 * lines), whole-text, several per update, with `\r`, `\r\n` and `\n` typed or pasted — in its text,
 * line count, offsets, positions, line ranges and end-of-line characters; and a text it handed out
 * (`source`) stays the text of its version after later changes.
 *
 * The oracle applies each change to a TextDocument made afresh from the text before it: after a
 * change with a position beyond the text, TextDocument's own line table is off (it splices at the
 * position's line as given), so its later answers are not the text's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LinesDocument } from '../../server/src/lsp/document';
import { textOf } from '../../server/src/core/parser';
import { RUNS, SEED, exampleScripts } from './arbitraries';

const PIECES = ['你', '的', 'a', ' ', '\n', '\n', '\n\n', '\r', '\r\n', '坐席: 您好', '===\n', '\ufeff', '', '\t', 'title: 开场\n---\n'];
const pos = fc.record({ line: fc.integer({ min: -2, max: 40 }), character: fc.integer({ min: -2, max: 60 }) });
const change = fc.oneof(
  { weight: 12, arbitrary: fc.record({ range: fc.record({ start: pos, end: pos }), text: fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((a) => a.join('')) }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((a) => ({ text: a.join('') })) },
);
const BASES = ['', '\n', 'a', '坐席: 你好\n坐席: 再见', 'x\r\ny\rz\n', ...exampleScripts.slice(0, 3)];

function same(a: TextDocument, b: LinesDocument, probes: { line: number; character: number }[], offsets: number[]): void {
  expect(b.getText()).toBe(a.getText());
  expect(b.lineCount).toBe(a.lineCount);
  expect(b.version).toBe(a.version);
  for (const p of probes) {
    expect(b.offsetAt(p)).toBe(a.offsetAt(p));
    expect(b.getLineRange(p.line)).toEqual(a.getLineRange(p.line));
    expect(b.getEOLCharacters(p.line)).toBe(a.getEOLCharacters(p.line));
  }
  for (let i = 0; i + 1 < probes.length; i += 2) {
    const range = { start: probes[i], end: probes[i + 1] };
    expect(b.getText(range)).toBe(a.getText(range));
  }
  for (const o of offsets) expect(b.positionAt(o)).toEqual(a.positionAt(o));
}

describe('LinesDocument is a TextDocument', () => {
  it(`${RUNS * 4} sequences of changes: text, positions and offsets as TextDocument's`, () => {
    fc.assert(
      fc.property(
        fc.nat({ max: BASES.length - 1 }),
        fc.array(fc.record({ changes: fc.array(change, { minLength: 1, maxLength: 3 }), read: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        fc.array(pos, { minLength: 2, maxLength: 8 }),
        fc.array(fc.integer({ min: -2, max: 3000 }), { maxLength: 6 }),
        (base, updates, probes, offsets) => {
          let a = TextDocument.create('file:///a.parley', 'parley', 1, BASES[base]);
          const b = LinesDocument.create('file:///a.parley', 'parley', 1, BASES[base]);
          const sources: { source: LinesDocument['source']; text: string }[] = [];
          let version = 1;
          for (const { changes, read } of updates) {
            sources.push({ source: b.source, text: a.getText() });
            version++;
            for (const c of changes) a = TextDocument.update(TextDocument.create(a.uri, 'parley', version, a.getText()), [c], version);
            a = TextDocument.create(a.uri, 'parley', version, a.getText());
            LinesDocument.update(b, changes, version);
            expect(b.source.length).toBe(a.getText().length);
            // (read now, or left unread until the next change: the lines then change without a join)
            if (read) same(a, b, probes, offsets);
          }
          same(a, b, probes, offsets);
          for (const { source, text } of sources) expect(textOf(source)).toBe(text);
        },
      ),
      { numRuns: RUNS * 4, seed: SEED + 40 },
    );
  });
});
