/**
 * dist/lexicon-bank.bin beside the Node bundles: the built-in lexicons' compiled form, read at
 * start-up into typed arrays that view the file's bytes (the format: core/lexicon/bank-bytes.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CompiledBank } from '../core/lexicon';
import { decodeBank } from '../core/lexicon/bank-bytes';

export { decodeBank, encodeBank } from '../core/lexicon/bank-bytes';

/** The file's name beside the bundles. */
export const BANK_FILE = 'lexicon-bank.bin';

/** The bank file of build `id` in `dir` (the bundle's folder), or undefined (missing, unreadable, another build's). */
export function loadBankFile(dir: string, id: string): CompiledBank | undefined {
  try {
    return decodeBank(fs.readFileSync(path.join(dir, BANK_FILE)), id);
  } catch {
    return undefined;
  }
}
