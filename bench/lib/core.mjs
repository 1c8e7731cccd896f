// The Parley core for benchmark scripts: bundled from server/src/core once (esbuild) into
// bench/.work/core.cjs and loaded from there, so the benchmarks use exactly the shipped code.
import { build } from 'esbuild';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const ROOT = path.dirname(BENCH);
export const WORK = path.join(BENCH, '.work');

export async function loadCore() {
  fs.mkdirSync(WORK, { recursive: true });
  const out = path.join(WORK, 'core.cjs');
  await build({
    entryPoints: [path.join(ROOT, 'server/src/core/index.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
  return createRequire(import.meta.url)(out);
}

/**
 * Every literal the built-in lexicons look for: each pattern expanded (alternatives, optional
 * groups) and cut at its gaps, `<num>` and placeholder tokens — LexiconBank.literals(), i.e. the
 * strings in Parley's own automaton. Sorted, unique.
 */
export async function literalTerms() {
  const core = await loadCore();
  const bank = core.lexiconBank(core.DEFAULT_CONFIG);
  return bank.literals().sort();
}
