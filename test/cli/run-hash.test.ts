/**
 * runHash (server/src/node/cache.ts): the hash a run compares between its two reads of a file when
 * nothing keeps it (no --cache, no --fix). Small files are hashed in JavaScript; from 64 KB on it
 * is sha256. Any changed byte, and any change of length, changes it.
 */
import { describe, expect, it } from 'vitest';
import { runHash, sha256 } from '../../server/src/node/cache';

describe('runHash', () => {
  it('is the same for the same bytes and differs when any one byte changes', () => {
    for (const len of [0, 1, 3, 4, 5, 63, 1244, 4096, 65535]) {
      const b = new Uint8Array(len);
      for (let i = 0; i < len; i++) b[i] = (i * 131 + 7) & 255;
      const h = runHash(b);
      expect(runHash(b.slice())).toBe(h);
      for (const at of [0, 1, 2, 3, Math.floor(len / 2), len - 2, len - 1]) {
        if (at < 0 || at >= len) continue;
        const c = b.slice();
        c[at] ^= 0x80;
        expect(runHash(c), `length ${len}, byte ${at}`).not.toBe(h);
      }
      // One byte more or less (a zero byte appended: the length counts).
      const longer = new Uint8Array(len + 1);
      longer.set(b);
      expect(runHash(longer)).not.toBe(h);
    }
  });

  it('is sha256 from 64 KB on (native, and faster there)', () => {
    const big = new Uint8Array(64 * 1024).fill(7);
    expect(runHash(big)).toBe(sha256(big));
    expect(runHash(big.subarray(1))).not.toBe(sha256(big.subarray(1)));
  });
});
