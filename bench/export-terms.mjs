#!/usr/bin/env node
// Write the union of the built-in lexicons' literal terms, one per line (for grep-like baselines).
//   node bench/export-terms.mjs [out-file]     (default: standard output)
import * as fs from 'node:fs';
import { literalTerms } from './lib/core.mjs';

const terms = await literalTerms();
const text = terms.join('\n') + '\n';
const out = process.argv[2];
if (out) {
  fs.writeFileSync(out, text);
  process.stderr.write(`${terms.length} terms → ${out}\n`);
} else process.stdout.write(text);
