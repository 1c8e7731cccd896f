/**
 * The bundles restore the built-in lexicons from their compiled form (LexiconBank.compiled(),
 * embedded by scripts/build.mjs) instead of compiling them. A restored bank, with or without a
 * config's lexicons added, must find exactly what a freshly compiled one finds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CLASSES, BUILTIN_LEXICONS, LexiconBank, fold, parse, type LexiconData } from '../../server/src/core';
import { decodeBank, encodeBank } from '../../server/src/core/lexicon/bank-bytes';

const builtin = Object.entries(BUILTIN_LEXICONS) as [string, LexiconData][];
const extra: [string, LexiconData][] = [
  ['third-party-disclosure', { terms: ['欠…[close-person]', '帮你家人还'] }],
  ['my-words', { terms: ['飞单', '砍头息', '<num>天内'], exceptions: ['不是飞单'] }],
];

function fresh(withExtra: boolean): LexiconBank {
  const b = new LexiconBank(BUILTIN_CLASSES);
  for (const [n, d] of builtin) b.add(n, d);
  if (withExtra) for (const [n, d] of extra) b.add(n, d);
  return b.build();
}

function restored(withExtra: boolean, unsorted = false): LexiconBank {
  const c = new LexiconBank(BUILTIN_CLASSES);
  for (const [n, d] of builtin) c.add(n, d);
  // Through JSON, as the bundles carry it.
  const data = JSON.parse(JSON.stringify(c.compiled()));
  expect(data.tCls.length, 'compiled() gives the trie').toBe(data.tKids.length);
  expect(data.tFinal.reduce((n: number, f: number) => n + f, 0), 'a piece ends at each final state').toBe(data.lits.length);
  if (unsorted) {
    // No stored trie, and the pieces renumbered in reverse: restore() inserts them.
    delete data.tCls;
    delete data.clsUnit;
    delete data.tKids;
    delete data.tFinal;
    const last = data.lits.length - 1;
    data.lits.reverse();
    data.setItems = data.setItems.map((p: number) => (p < 0 ? p : last - p));
  }
  const b = LexiconBank.restore(data, BUILTIN_CLASSES, builtin)!;
  expect(b).toBeDefined();
  if (withExtra) for (const [n, d] of extra) b.add(n, d);
  return b.build();
}

/** Body lines of the shared examples and the generalisation cases, folded, plus a few of our own. */
function lines(): string[] {
  const out = ['你欠的钱什么时候还？飞单不是飞单，3天内还清', '告诉你家人你欠了我们银行五万块', '砍头息'];
  for (const dir of ['../shared/examples', 'test/generalisation/cases']) {
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.parley'));
    } catch {
      continue;
    }
    for (const f of files) {
      const s = parse(readFileSync(`${dir}/${f}`, 'utf8'), f);
      for (const n of s.nodes) for (const l of n.body) if (l.text) out.push(fold(l.text));
    }
  }
  return out;
}

describe('prebuilt lexicon bank', () => {
  for (const [withExtra, unsorted] of [[false, false], [true, false], [true, true]]) {
    it(`restored equals compiled${withExtra ? ' with a config’s lexicons added' : ''}${unsorted ? ', without the stored trie, pieces out of order' : ''}`, () => {
      const a = fresh(withExtra);
      const b = restored(withExtra, unsorted);
      expect(b.stats()).toEqual(a.stats());
      // The requirement sets restore() hands build() as stored refs trigger each pattern as compiling does.
      expect(b.triggers()).toEqual(a.triggers());
      const names = [...builtin.map(([n]) => n), ...(withExtra ? ['my-words'] : [])];
      const all = lines();
      expect(all.length).toBeGreaterThan(50);
      let found = 0;
      for (const line of all) {
        const ha = a.scan(line);
        const hb = b.scan(line);
        for (const n of names) {
          const ma = ha.matches(n);
          expect(hb.matches(n), `${n} in ${line}`).toEqual(ma);
          found += ma.length;
        }
      }
      expect(found).toBeGreaterThan(20);
    });
  }

  it('restored from the bank file’s bytes, finds what compiling finds without making the pieces’ strings', () => {
    const c = new LexiconBank(BUILTIN_CLASSES);
    for (const [n, d] of builtin) c.add(n, d);
    const data = decodeBank(encodeBank(c.compiled(), 'test'), 'test')!;
    expect(data).toBeDefined();
    // Start-up reads the pieces' units; making 20,000 strings of them was a large part of it.
    const cut = Object.getOwnPropertyDescriptor(data, 'lits')!.get!;
    let made = 0;
    Object.defineProperty(data, 'lits', { get: () => (made++, cut.call(data)), enumerable: true });
    const b = LexiconBank.restore(data, BUILTIN_CLASSES, builtin)!.build();
    const a = fresh(false);
    let found = 0;
    for (const line of lines()) {
      const ha = a.scan(line);
      const hb = b.scan(line);
      for (const [n] of builtin) {
        const ma = ha.matches(n);
        expect(hb.matches(n), `${n} in ${line}`).toEqual(ma);
        found += ma.length;
      }
    }
    expect(found).toBeGreaterThan(20);
    expect(made).toBe(0);
    // They are there when asked for.
    expect(b.literals().length).toBeGreaterThan(1000);
    expect(made).toBe(1);
  });

  it('restored from the bank file’s bytes alone (the bundles carry no lexicon files), finds what compiling finds, a config’s lexicons added', () => {
    const c = new LexiconBank(BUILTIN_CLASSES);
    for (const [n, d] of builtin) c.add(n, d);
    const data = decodeBank(encodeBank(c.compiled(), 'test'), 'test')!;
    // The patterns' texts are made one by one as matches need them, not all at start-up.
    const cut = Object.getOwnPropertyDescriptor(data, 'patterns')!.get!;
    let made = 0;
    Object.defineProperty(data, 'patterns', { get: () => (made++, cut.call(data)), enumerable: true });
    const b = LexiconBank.restore(data, BUILTIN_CLASSES)!;
    expect(b).toBeDefined();
    for (const [n, d] of extra) b.add(n, d);
    b.build();
    const a = fresh(true);
    expect(b.stats()).toEqual(a.stats());
    const names = [...builtin.map(([n]) => n), 'my-words'];
    let found = 0;
    for (const line of lines()) {
      const ha = a.scan(line);
      const hb = b.scan(line);
      for (const n of names) {
        const ma = ha.matches(n);
        expect(hb.matches(n), `${n} in ${line}`).toEqual(ma);
        found += ma.length;
      }
    }
    expect(found).toBeGreaterThan(20);
    expect(made).toBe(0);
    expect(b.triggers()).toEqual(a.triggers());
    expect(b.negatable('third-party-collection', builtin.find(([n]) => n === 'third-party-collection')![1].terms.map((t) => (typeof t === 'string' ? t : t.pattern))[0])).toBe(
      a.negatable('third-party-collection', builtin.find(([n]) => n === 'third-party-collection')![1].terms.map((t) => (typeof t === 'string' ? t : t.pattern))[0]),
    );
    // What another thread rebuilds it from: the lexicons given back from the bank, then the config's.
    const snap = b.snapshot();
    expect(snap.lexicons.map(([n]) => n)).toEqual([...builtin.map(([n]) => n), ...extra.map(([n]) => n)]);
    expect(LexiconBank.fromSnapshot(snap).triggers()).toEqual(fresh(true).triggers());
  });

  it('is refused for other lexicons (then the engine compiles)', () => {
    const c = new LexiconBank(BUILTIN_CLASSES);
    for (const [n, d] of builtin) c.add(n, d);
    const data = c.compiled();
    const changed = builtin.map(([n, d], i) => (i === 3 ? ([n, { ...d, terms: [...d.terms, '新词'] }] as [string, LexiconData]) : [n, d] as [string, LexiconData]));
    expect(LexiconBank.restore(data, BUILTIN_CLASSES, changed)).toBeUndefined();
    expect(LexiconBank.restore(data, BUILTIN_CLASSES, builtin.slice(1))).toBeUndefined();
  });
});
