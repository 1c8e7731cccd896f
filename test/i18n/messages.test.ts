/**
 * Every message of every rule (and of the file-level problems) rendered in both locales: no slot
 * left unfilled, one language per message, Chinese punctuation in Chinese.
 */
import { describe, expect, it } from 'vitest';
import { RULES } from '../../server/src/core/rules';
import { FILE_PROBLEMS } from '../../server/src/core/file-problems';
import { CORE_MESSAGES, fill, slots, type MessageData, type MessageTemplate } from '../../server/src/core/messages';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
/** Slots whose values are numbers, times, ids or lists of ids (not the writer's Chinese words). */
const ASCII_SLOTS = new Set(['agents', 'size', 'max', 'line', 'window', 'earliest', 'latest', 'start', 'end', 'id', 'code', 'file', 'valid', 'others', 'rule', 'error', 'stage', 'what', 'cut', 'perLine', 'perFile', 'count']);

/** Text outside quotes, code and placeholders: what must be in the message's own language. */
function ownText(s: string): string {
  return s
    .replace(/「[^」]*」/g, ' Q ')
    .replace(/“[^”]*”/g, ' Q ')
    .replace(/"[^"]*"/g, ' Q ')
    .replace(/`[^`]*`/g, ' Q ')
    .replace(/<<[^>]*>>/g, ' Q ')
    .replace(/\{[^{}]*\}/g, ' Q ');
}

const all: [string, string, MessageTemplate][] = [
  ...RULES.flatMap((r) => Object.entries(r.meta.messages).map(([id, t]) => [r.meta.id, id, t] as [string, string, MessageTemplate])),
  ...FILE_PROBLEMS.flatMap((p) => Object.entries(p.messages).map(([id, t]) => [p.id, id, t] as [string, string, MessageTemplate])),
  ...Object.entries(CORE_MESSAGES).map(([id, t]) => ['(engine)', id, t] as [string, string, MessageTemplate]),
];

function dataFor(t: string, evidence: string): MessageData {
  const d: MessageData = {};
  for (const s of slots(t)) d[s] = ASCII_SLOTS.has(s) ? (s === 'valid' ? ['a', 'b'] : '42') : s === 'words' ? [evidence, evidence] : evidence;
  return d;
}

describe('rule messages in both locales', () => {
  it('every rule declares at least one message, each with Chinese and English text', () => {
    for (const r of RULES) {
      expect(Object.keys(r.meta.messages).length, r.meta.id).toBeGreaterThan(0);
      for (const [id, t] of Object.entries(r.meta.messages)) {
        expect(t.zh.trim(), `${r.meta.id}/${id}`).not.toBe('');
        expect(t.en.trim(), `${r.meta.id}/${id}`).not.toBe('');
        // English never needs data Chinese does not have (Chinese may add the writer's own key).
        for (const s of slots(t.en)) expect(slots(t.zh), `${r.meta.id}/${id}: {{${s}}}`).toContain(s);
      }
    }
  });

  it.each(all.map(([rule, id, t]) => [`${rule}/${id}`, t] as const))('%s renders in Chinese: filled, Chinese punctuation, no English sentence', (name, t) => {
    const text = fill(t.zh, dataFor(t.zh, '老赖'), 'zh');
    expect(text, name).not.toMatch(/\{\{\w+\}\}/);
    expect(text, name).toMatch(CJK);
    const own = ownText(text);
    // ASCII punctuation touching Chinese text (：，。；？！（） are the Chinese forms).
    expect(own, name).not.toMatch(/[\u3400-\u9fff][,;:?!()]|[,;:?!()][\u3400-\u9fff]/);
    expect(own, name).not.toMatch(/[\u3400-\u9fff]\.(\s|$)/);
    // No English sentence: three English words in a row.
    expect(own, name).not.toMatch(/\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}\b/);
  });

  it.each(all.map(([rule, id, t]) => [`${rule}/${id}`, t] as const))('%s renders in English: filled, no Chinese outside quoted evidence', (name, t) => {
    const text = fill(t.en, dataFor(t.en, '老赖'), 'en');
    expect(text, name).not.toMatch(/\{\{\w+\}\}/);
    expect(ownText(text), name).not.toMatch(CJK);
    expect(ownText(text), name).not.toMatch(/[，。：；？！（）「」]/);
    expect(text, name).toMatch(/[A-Za-z]{3,}/);
  });
});
