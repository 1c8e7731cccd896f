/**
 * The built-in lexicons' automaton compiled at build time (dist/lexicon-bank.bin): it must be the
 * bank that compiling at run time gives, array for array; a damaged or stale file must be ignored;
 * and the CLI must find exactly the same with it as without it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, resolveConfig } from '../../server/src/core/config';
import { LexiconBank, SNAPSHOT_ARRAYS } from '../../server/src/core/lexicon';
import { BUILTIN_LEXICONS } from '../../server/src/core/lexicons';
import { decodeSnapshot, encodeSnapshot, lexiconFingerprint, PREBUILT_BANK_FILE } from '../../server/src/node/prebuilt';
import { EXAMPLES, ROOT, tempDir } from '../helpers/cli';

function compiled(): LexiconBank {
  const bank = new LexiconBank();
  for (const [name, data] of Object.entries(BUILTIN_LEXICONS)) bank.add(name, data);
  bank.build();
  return bank;
}

describe('prebuilt lexicon bank', () => {
  const file = path.join(ROOT, 'dist', PREBUILT_BANK_FILE);

  it('dist/lexicon-bank.bin is the bank compiled from the built-in lexicons, for the default config', () => {
    const got = decodeSnapshot(fs.readFileSync(file), lexiconFingerprint(), false);
    expect(got, 'the file decodes with the current fingerprint').toBeDefined();
    expect(got!.key).toBe(DEFAULT_CONFIG.key);
    const fresh = compiled().snapshot(false);
    for (const name of SNAPSHOT_ARRAYS) {
      const a = got!.snapshot.arrays[name] as Int32Array;
      const b = fresh.arrays[name] as Int32Array;
      expect(a.constructor, name).toBe(b.constructor);
      expect(Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength)), name).toBe(true);
    }
    expect(got!.snapshot.patterns).toEqual(fresh.patterns);
    expect(got!.snapshot.names).toEqual(fresh.names);
    expect(got!.snapshot.numOnly).toEqual(fresh.numOnly);
  });

  it('a bank read back scans like the compiled one', () => {
    const bank = compiled();
    const back = decodeSnapshot(encodeSnapshot(bank.snapshot(false), 'k', 'f'), 'f', true)!;
    const restored = LexiconBank.fromSnapshot(back.snapshot);
    for (const line of ['你这个老赖,再不还钱就去你单位闹', '您好,我是某某银行的客服,请问是张先生本人吗?', '我們會通知你的家人和同事']) {
      for (const lex of ['abusive-language', 'exposure-threat', 'third-party-disclosure', 'negation']) {
        expect(restored.scan(line).matches(lex), `${lex}: ${line}`).toEqual(bank.scan(line).matches(lex));
      }
    }
  });

  it('a stale, damaged or foreign file is ignored', () => {
    const bytes = encodeSnapshot(compiled().snapshot(false), DEFAULT_CONFIG.key, lexiconFingerprint());
    expect(decodeSnapshot(bytes, 'another fingerprint', false)).toBeUndefined();
    expect(decodeSnapshot(bytes.subarray(0, 1000), lexiconFingerprint(), false)).toBeUndefined();
    expect(decodeSnapshot(Buffer.from('not a bank at all'), lexiconFingerprint(), false)).toBeUndefined();
    const flipped = Buffer.from(bytes);
    flipped[10] ^= 0xff;
    expect(decodeSnapshot(flipped, lexiconFingerprint(), false)).toBeUndefined();
    // Another config's lexicons make another key: only the default key uses the file.
    expect(resolveConfig({ lexicons: { 'abusive-language': { terms: ['某词'] } } } as never).key).not.toBe(DEFAULT_CONFIG.key);
  });

  it('the CLI finds the same with the prebuilt bank, without it, and with a damaged one', () => {
    const run = (dist: string) => spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'lint', '--format', 'json', EXAMPLES], { encoding: 'utf8', cwd: ROOT });
    const withBank = run(path.join(ROOT, 'dist'));
    const copy = tempDir();
    for (const f of fs.readdirSync(path.join(ROOT, 'dist'))) if (f !== PREBUILT_BANK_FILE) fs.copyFileSync(path.join(ROOT, 'dist', f), path.join(copy, f));
    const without = run(copy);
    fs.writeFileSync(path.join(copy, PREBUILT_BANK_FILE), fs.readFileSync(file).subarray(0, 5000));
    const damaged = run(copy);
    expect(withBank.status).toBe(1);
    expect(without.stdout).toBe(withBank.stdout);
    expect(damaged.stdout).toBe(withBank.stdout);
    expect(damaged.status).toBe(withBank.status);
  });
});
