/**
 * Step 2's messages kept as parts (node/lint-files/parts.ts): a distinct head or fix text is kept
 * once per shard, and the JSON written again from the parts is exactly JSON.stringify of the
 * messages, whatever their keys; a message of another shape, or a full table, is refused (the
 * shard then keeps the file's JSON compressed).
 */
import { describe, expect, it } from 'vitest';
import type { Message } from '../../server/src/cli/formatters/types';
import { MessageParts } from '../../server/src/node/lint-files/parts';

const base = (over: Partial<Message> = {}): Message => ({ ruleId: 'third-party-disclosure', severity: 'error', message: '向第三方透露了欠款信息「欠款」："引号"\\ \u2028', messageId: 'found', data: { words: '欠款' }, line: 3, column: 5, endLine: 3, endColumn: 9, ...over });

describe('message parts', () => {
  it('write back exactly JSON.stringify of the messages', () => {
    const cases: Message[][] = [
      [],
      [base()],
      [base(), base({ line: 7, endLine: 8 }), base({ data: undefined }), base({ messageId: undefined, data: { id: 'x', list: ['a', 'b'] as unknown as string } })],
      [base({ fix: { range: [10, 12], text: '您好"\n' } }), base({ fix: { range: [0, 0], text: '' } })],
      [base({ suggestions: [{ desc: '改为「您」', fix: { range: [1, 2], text: '您' } }] })],
      [base({ fix: { range: [1, 2], text: 'a' }, suggestions: [{ desc: 'd', fix: { range: [1, 2], text: 'b' } }] })],
      [{ ruleId: null, severity: 'error', message: 'x', line: 1, column: 1, endLine: 1, endColumn: 1, fatal: true }],
      [{ ruleId: 'r', severity: 'warning', message: 'x', messageId: 'm', line: 1, column: 1, endLine: 1, endColumn: 1, fix: undefined, suggestions: undefined }],
      // one message text, heads that differ in data, severity, key order or nested values (more than are compared one by one)
      Array.from({ length: 30 }, (_, i) => base({ message: 'same', data: { words: String(i % 12), n: i % 3 } })),
      [base({ message: 'same', severity: 'warning' }), base({ message: 'same', data: { n: 1, words: '欠款' } as never }), base({ message: 'same', data: { words: ['a', 'b'] } }), base({ message: 'same', data: { words: ['a', 'c'] } }), base({ message: 'same', data: { words: NaN } }), base({ message: 'same', data: { words: NaN } })],
    ];
    const parts = new MessageParts(1 << 20);
    for (const ms of cases) {
      const records = parts.keep(ms);
      expect(records).toBeDefined();
      expect(parts.json(records!)).toBe(JSON.stringify(ms));
    }
  });

  it('keeps a repeated head once: the records of a message are numbers', () => {
    const parts = new MessageParts(1 << 20);
    const one = parts.keep([base()])!;
    const many = parts.keep(Array.from({ length: 50 }, (_, i) => base({ line: i + 1, endLine: i + 1 })))!;
    expect(many.length).toBe(50 * one.length);
    for (let o = 0; o < many.length; o += one.length) expect(many[o]).toBe(one[0]); // the same head
  });

  it('refuses a message of another shape, and any once the table is full', () => {
    const parts = new MessageParts(1 << 20);
    // positions out of order, not integers, or missing
    expect(parts.keep([{ ...base(), line: 1.5 }])).toBeUndefined();
    const { line, ...noLine } = base();
    void line;
    expect(parts.keep([noLine as Message])).toBeUndefined();
    const reordered = { ruleId: 'r', severity: 'error', message: 'x', column: 1, line: 1, endLine: 1, endColumn: 1 } as Message;
    expect(parts.keep([reordered])).toBeUndefined();
    const small = new MessageParts(10);
    expect(small.keep([base()])).toBeDefined(); // (the first head goes beyond: it is kept, the table is then full)
    expect(small.keep([base({ line: 9 })])).toBeUndefined();
  });
});
