/**
 * dist/lexicon-bank.bin: the built-in lexicons' compiled form beside the Node bundles
 * (server/src/node/bank-file.ts). It must give back exactly what compiling gave, be refused when it
 * is not the file of the bundles' own build (then the engine compiles), and be the one the built
 * bundles expect.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CLASSES, BUILTIN_LEXICONS, LexiconBank, type LexiconData } from '../../server/src/core';
import { BANK_FILE, decodeBank, encodeBank, loadBankFile } from '../../server/src/node/bank-file';

const ROOT = path.resolve(__dirname, '../..');

function compiled() {
  const b = new LexiconBank(BUILTIN_CLASSES);
  for (const [n, d] of Object.entries(BUILTIN_LEXICONS) as [string, LexiconData][]) b.add(n, d);
  return b.compiled();
}

const plain = (x: object) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, typeof v === 'object' && !Array.isArray(v) ? Array.from(v as ArrayLike<number>) : v]));

describe('lexicon bank file', () => {
  const c = compiled();
  const bytes = encodeBank(c, 'build-1');

  it('decodes to the compiled bank, pieces and numbers alike', () => {
    const back = decodeBank(bytes, 'build-1')!;
    expect(back).toBeDefined();
    const want = plain(c);
    const got = plain(back);
    for (const k of Object.keys(want)) expect(got[k], k).toEqual(want[k]);
    // Narrow numbers where they fit: well under the JSON the bundles carried.
    expect(bytes.length).toBeLessThan(JSON.stringify(c).length);
  });

  it('decodes from bytes that do not start at a 4-byte boundary', () => {
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    expect(plain(decodeBank(shifted, 'build-1')!)).toEqual(plain(decodeBank(bytes, 'build-1')!));
  });

  it('is refused when it is another build’s, truncated or not a bank file', () => {
    expect(decodeBank(bytes, 'build-2')).toBeUndefined();
    expect(decodeBank(bytes.subarray(0, bytes.length >> 1), 'build-1')).toBeUndefined();
    expect(decodeBank(new TextEncoder().encode('{"names":[]}'), 'build-1')).toBeUndefined();
    expect(decodeBank(new Uint8Array(0), 'build-1')).toBeUndefined();
    expect(loadBankFile(path.join(ROOT, 'no-such-dir'), 'build-1')).toBeUndefined();
  });

  it('a restored bank from the file finds what the compiled one finds', () => {
    const builtin = Object.entries(BUILTIN_LEXICONS) as [string, LexiconData][];
    const a = new LexiconBank(BUILTIN_CLASSES);
    for (const [n, d] of builtin) a.add(n, d);
    a.build();
    const b = LexiconBank.restore(decodeBank(bytes, 'build-1')!, BUILTIN_CLASSES, builtin)!.build();
    expect(b.stats()).toEqual(a.stats());
    for (const line of ['告诉你家人你欠了我们银行五万块', '你再不还钱我们就上门找你', '3天内还清，否则后果自负']) {
      const ha = a.scan(line);
      const hb = b.scan(line);
      for (const [n] of builtin) expect(hb.matches(n), `${n} in ${line}`).toEqual(ha.matches(n));
    }
  });

  it('a restored bank from the file, with a config’s lexicon added, finds what the compiled one finds', () => {
    // restore() keeps the file's pieces as units; adding patterns makes their strings and appends.
    const builtin = Object.entries(BUILTIN_LEXICONS) as [string, LexiconData][];
    const extra: [string, LexiconData] = ['my-words', { terms: ['飞单', '砍头息', '告诉你家人', '<num>天内'], exceptions: ['不是飞单'] }];
    const a = new LexiconBank(BUILTIN_CLASSES);
    for (const [n, d] of [...builtin, extra]) a.add(n, d);
    a.build();
    const b = LexiconBank.restore(decodeBank(bytes, 'build-1')!, BUILTIN_CLASSES, builtin)!;
    b.add(...extra);
    b.build();
    expect(b.stats()).toEqual(a.stats());
    expect(b.literals().sort()).toEqual(a.literals().sort());
    for (const line of ['告诉你家人你欠了我们银行五万块', '飞单不是飞单，砍头息', '3天内还清，否则后果自负']) {
      const ha = a.scan(line);
      const hb = b.scan(line);
      for (const n of [...builtin.map(([n]) => n), 'my-words']) expect(hb.matches(n), `${n} in ${line}`).toEqual(ha.matches(n));
    }
  });

  it('is the file the built Node bundles read (the id they were built with)', () => {
    const file = path.join(ROOT, 'dist', BANK_FILE);
    // dist/ is built before the tests (test/setup/build.ts).
    const data = fs.readFileSync(file);
    const header = JSON.parse(data.subarray(8, 8 + data.readUInt32LE(4)).toString('utf8')) as { id: string };
    for (const bundle of ['cli-bundle.js', 'server-bundle.js']) expect(fs.readFileSync(path.join(ROOT, 'dist', bundle), 'utf8'), bundle).toContain(JSON.stringify(header.id));
    expect(loadBankFile(path.join(ROOT, 'dist'), header.id)).toBeDefined();
  });
});
