/**
 * The matcher against a reference: patterns multiplied out into every literal sequence (the way
 * Parley matched before it compiled patterns into graphs), each sequence chained greedily (a
 * segment's first occurrence after the previous one decides). On random patterns and lines the
 * compiled matcher must find exactly the same spans.
 */
import { describe, expect, it } from 'vitest';
import { LexiconBank } from '../../server/src/core';
import { MARK } from '../../server/src/core/lexicon';
import { CLAUSE_BREAK, SENTENCE_BREAK } from '../../server/src/core/text';

const CLASSES = { x: { terms: ['a', 'bc'] }, y: { terms: ['[x]c', 'b…a'] } };
type Tok = string; // one character, 'NUM', 'GAP1' (…), 'GAP2' (……)

/** Every expansion of a pattern in the subset the generator writes. */
function expand(p: string): Tok[][] {
  let i = 0;
  const seq = (): Tok[][] => {
    let alts: Tok[][][] = [[[]]];
    const cur = () => alts[alts.length - 1];
    const append = (forms: Tok[][]) => {
      const a = cur();
      const out: Tok[][] = [];
      for (const x of a) for (const y of forms) out.push([...x, ...y]);
      alts[alts.length - 1] = out;
    };
    while (i < p.length && p[i] !== ')') {
      const c = p[i];
      if (c === '(') {
        i++;
        const inner = seq();
        i++; // ')'
        append(inner);
      } else if (c === '|') {
        i++;
        alts.push([[]]);
      } else if (c === '…') {
        const two = p[i + 1] === '…';
        i += two ? 2 : 1;
        append([[two ? 'GAP2' : 'GAP1']]);
      } else if (c === '<') {
        const close = p.indexOf('>', i);
        const name = p.slice(i + 1, close);
        i = close + 1;
        append([[name === 'num' ? 'NUM' : MARK.debt]]);
      } else if (c === '[') {
        const close = p.indexOf(']', i);
        const name = p.slice(i + 1, close) as keyof typeof CLASSES;
        i = close + 1;
        append(CLASSES[name].terms.flatMap((t) => expand(t)));
      } else {
        append([[c]]);
        i++;
      }
    }
    return alts.flat();
  };
  return seq();
}

interface Seg { lit?: string; num?: boolean; gap: number } // gap before: 0 adj, 1 clause, 2 sentence, 3 placeholder
function segments(tokens: Tok[]): Seg[] | undefined {
  const segs: Seg[] = [];
  let lit = '';
  let pending = -1;
  let gapBefore = 0;
  const flush = () => {
    if (lit) segs.push({ lit, gap: segs.length ? gapBefore : 0 });
    lit = '';
  };
  for (const t of tokens) {
    if (t === 'GAP1' || t === 'GAP2') {
      if (!lit && !segs.length) return undefined; // starts with a gap
      flush();
      pending = t === 'GAP1' ? 1 : 2;
      continue;
    }
    const isMark = t === MARK.debt;
    if (t === 'NUM' || isMark) {
      if (lit) {
        flush();
        gapBefore = 0;
      } else gapBefore = pending < 0 ? 0 : pending;
      segs.push(t === 'NUM' ? { num: true, gap: segs.length ? gapBefore : 0 } : { lit: t, gap: segs.length ? gapBefore : 0 });
      pending = t === 'NUM' ? 0 : 3;
      continue;
    }
    if (!lit && segs.length) gapBefore = pending < 0 ? 0 : pending;
    lit += t;
    pending = -1;
  }
  flush();
  return segs.length ? segs : undefined;
}

const NUMS = new Set([...'0123456789二三']);
function runs(t: string): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < t.length; ) {
    if (NUMS.has(t[i])) {
      let j = i + 1;
      while (j < t.length && NUMS.has(t[j])) j++;
      out.push([i, j]);
      i = j;
    } else i++;
  }
  return out;
}
function gapOk(t: string, from: number, to: number, gap: number): boolean {
  if (to < from) return false;
  if (gap === 0) return to === from;
  if (gap === 3) return [...t.slice(from, to)].every((c) => c === MARK.filler);
  const limit = gap === 1 ? 10 : 30;
  const breaks = gap === 1 ? CLAUSE_BREAK : SENTENCE_BREAK;
  let n = 0;
  for (let i = from; i < to; i++) {
    if (breaks.has(t.charCodeAt(i))) return false;
    if (t[i] !== MARK.filler && ++n > limit) return false;
  }
  return true;
}
function occurrences(t: string, s: Seg): [number, number][] {
  if (s.num) return runs(t);
  const out: [number, number][] = [];
  for (let i = t.indexOf(s.lit!); i >= 0; i = t.indexOf(s.lit!, i + 1)) out.push([i, i + s.lit!.length]);
  return out;
}
function reference(patterns: string[], t: string): string[] {
  const found: [number, number][] = [];
  for (const p of patterns) {
    for (const tokens of expand(p)) {
      const segs = segments(tokens)!;
      for (const [s0, e0] of occurrences(t, segs[0])) {
        let end = e0;
        let ok = true;
        for (const seg of segs.slice(1)) {
          const next = occurrences(t, seg).find(([s]) => s >= end);
          if (!next || !gapOk(t, end, next[0], seg.gap)) {
            ok = false;
            break;
          }
          end = next[1];
        }
        if (!ok) continue;
        while (end < t.length && t[end] === MARK.filler) end++;
        found.push([s0, end]);
      }
    }
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: string[] = [];
  let last = -1;
  for (const [s, e] of found) if (s >= last) out.push(`${s}-${e}`), (last = e);
  return out;
}

function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

describe('the compiled matcher finds what the multiplied-out patterns find', () => {
  it('on random patterns (groups, optional parts, classes, gaps, <num>, placeholders) and random lines', () => {
    const r = rng(7);
    const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)];
    const atom = (d: number): string => {
      const k = r();
      if (k < 0.45 || d > 2) return pick(['a', 'b', 'c', 'ab', 'ca']);
      if (k < 0.6) return pick(['[x]', '[y]']);
      if (k < 0.68) return '<num>';
      if (k < 0.74) return '<debt>';
      const alts = Array.from({ length: 1 + Math.floor(r() * 3) }, () => seqOf(d + 1));
      if (r() < 0.3) alts.push('');
      return `(${alts.join('|')})`;
    };
    const seqOf = (d: number): string => Array.from({ length: 1 + Math.floor(r() * 3) }, () => atom(d)).join(r() < 0.3 ? pick(['…', '……']) : '');
    const line = () => {
      let s = '';
      const n = Math.floor(r() * 40);
      for (let i = 0; i < n; i++) s += r() < 0.08 ? MARK.debt + MARK.filler.repeat(1 + Math.floor(r() * 3)) : pick([...'aaabbcc12二，。 x']);
      return s;
    };
    let compared = 0;
    let nonEmpty = 0;
    for (let round = 0; round < 250; round++) {
      const patterns = Array.from({ length: 1 + Math.floor(r() * 3) }, () => seqOf(0)).filter((p) => expand(p).every((e) => segments(e)));
      if (!patterns.length || patterns.some((p) => expand(p).length > 2000)) continue;
      const bank = new LexiconBank(CLASSES);
      bank.add('t', { terms: patterns });
      bank.build();
      for (let k = 0; k < 10; k++) {
        const t = line();
        const got = bank.scan(t).matches('t').map((m) => `${m.start}-${m.end}`);
        const want = reference(patterns, t);
        expect({ patterns, t, got }).toEqual({ patterns, t, got: want });
        compared++;
        if (want.length) nonEmpty++;
      }
    }
    expect(compared).toBeGreaterThan(1200);
    expect(nonEmpty).toBeGreaterThan(200);
  });
});
