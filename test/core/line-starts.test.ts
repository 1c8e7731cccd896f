/**
 * The whole-text helpers a large file leans on: splitLines (a text without a carriage return is
 * split at \n) and lineStarts up to a line (what toMessages needs for the edits it turns into
 * offsets) give what the general forms give.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lineStarts, offsetAt } from '../../server/src/core/fix';
import { splitLines } from '../../server/src/core/parser';
import { toMessages } from '../../server/src/node/lint-files/results';
import type { Finding } from '../../server/src/core/types';

/** Texts of short lines with every kind of line end, or none but \n. */
const text = (ends: string[]) => fc.array(fc.tuple(fc.string({ maxLength: 6 }).map((s) => s.replace(/[\r\n]/g, '')), fc.constantFrom(...ends)), { maxLength: 30 }).map((parts) => parts.map(([a, b]) => a + b).join(''));

/** The general forms, as they were. */
const allStarts = (t: string): number[] => {
  const starts = [0];
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 13) {
      if (t.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) starts.push(i + 1);
  }
  return starts;
};

describe('whole-text helpers', () => {
  it('splitLines gives the lines the line-end pattern gives', () => {
    fc.assert(
      fc.property(fc.oneof(text(['\n', '']), text(['\n', '\r\n', '\r', ''])), (t) => {
        expect(splitLines(t)).toEqual(t.split(/\r?\n|\r/));
      }),
    );
    expect(splitLines('a\r\nb\rc\n')).toEqual(['a', 'b', 'c', '']);
    expect(splitLines('a\nb')).toEqual(['a', 'b']);
  });

  it('lineStarts gives every line start, or those up to a line and the next', () => {
    fc.assert(
      fc.property(fc.oneof(text(['\n', '']), text(['\n', '\r\n', '\r', ''])), fc.nat(40), (t, upTo) => {
        const all = allStarts(t);
        expect(lineStarts(t)).toEqual(all);
        const some = lineStarts(t, upTo);
        expect(some).toEqual(all.slice(0, upTo + 2));
        for (let line = 0; line <= upTo; line++) for (const character of [0, 1, 3, 100]) expect(offsetAt(some, t, { line, character })).toBe(offsetAt(all, t, { line, character }));
      }),
    );
  });

  it('toMessages turns edits into the same offsets whatever line the last edit is on', () => {
    const t = 'a\nbb\r\nccc\rdddd\n\neeeee';
    const at = (line: number, s: number, e: number) => ({ start: { line, character: s }, end: { line, character: e } });
    const f = (line: number, withFix: boolean): Finding => ({
      ruleId: 'r',
      severity: 'warning',
      uri: 'u',
      messageId: 'm',
      message: 'x',
      range: at(line, 0, 1),
      ...(withFix ? { fix: { title: 't', edits: [{ range: at(line, 1, 9), newText: 'y' }] } } : {}),
      suggestions: [{ title: 's', edits: [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 1 } }, newText: 'z' }] }],
    });
    const messages = toMessages([f(0, true), f(2, false), f(3, true)], t);
    const starts = allStarts(t);
    expect(messages.map((m) => [m.fix?.range, m.suggestions?.[0].fix.range])).toEqual([
      [[offsetAt(starts, t, { line: 0, character: 1 }), offsetAt(starts, t, { line: 0, character: 9 })], [0, offsetAt(starts, t, { line: 1, character: 1 })]],
      [undefined, [starts[2], offsetAt(starts, t, { line: 3, character: 1 })]],
      [[offsetAt(starts, t, { line: 3, character: 1 }), offsetAt(starts, t, { line: 3, character: 9 })], [starts[3], offsetAt(starts, t, { line: 4, character: 1 })]],
    ]);
  });
});
