// Build-time helper (bundled and run by scripts/build.mjs): the default lexicon bank, compiled,
// as the bytes of dist/lexicon-bank.bin.
import { DEFAULT_CONFIG } from '../server/src/core/config';
import { lexiconBank } from '../server/src/core/engine';
import { encodeSnapshot, lexiconFingerprint } from '../server/src/node/prebuilt';

export function makeBank(): Buffer {
  return encodeSnapshot(lexiconBank(DEFAULT_CONFIG).snapshot(false), DEFAULT_CONFIG.key, lexiconFingerprint());
}
