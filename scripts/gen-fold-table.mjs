// Writes server/src/core/data/t2s.json: every CJK code unit that opencc-js (Hong Kong, then Taiwan
// forms → mainland simplified, one character at a time) turns into one other character, as
// "traditional simplified" pairs. The core folds with this table instead of loading opencc's
// dictionaries at start-up; test/core/fold-table.test.ts fails when it no longer matches opencc.
//
// Usage: node scripts/gen-fold-table.mjs [--check]   (--check: exit 1 if the file is stale)
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const OpenCC = require('opencc-js/t2cn');
const fromHk = OpenCC.Converter({ from: 'hk', to: 'cn' });
const fromTw = OpenCC.Converter({ from: 'tw', to: 'cn' });

export function foldPairs() {
  const out = [];
  const ranges = [
    [0x3400, 0x9fff],
    [0xf900, 0xfaff],
  ];
  for (const [lo, hi] of ranges) {
    for (let code = lo; code <= hi; code++) {
      if (code === 0x4e48) continue; // 么 is already simplified (opencc's table says 幺): text.ts keeps it
      const ch = String.fromCharCode(code);
      const a = fromHk(ch);
      const conv = a !== ch ? a : fromTw(ch);
      if (conv.length === 1 && conv !== ch) out.push(ch + conv);
    }
  }
  return out;
}

const FILE = new URL('../server/src/core/data/t2s.json', import.meta.url);
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const text = JSON.stringify(foldPairs().join('')) + '\n';
  if (process.argv.includes('--check')) {
    const ok = readFileSync(FILE, 'utf8') === text;
    if (!ok) console.error('server/src/core/data/t2s.json is stale: run node scripts/gen-fold-table.mjs');
    process.exit(ok ? 0 : 1);
  }
  writeFileSync(FILE, text);
}
