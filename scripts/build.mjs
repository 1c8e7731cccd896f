// Bundles the CLI, the language server and the VS Code client into dist/ with esbuild.
import { build } from 'esbuild';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const shim = "const __importMetaUrl = require('url').pathToFileURL(__filename).href;";
const common = { define: { 'import.meta.url': '__importMetaUrl' }, bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: false, logLevel: 'warning', legalComments: 'none' };
const entries = [
  { entryPoints: ['server/src/cli/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node\n' + shim } },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node\n' + shim } },
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], banner: { js: shim } },
  { entryPoints: ['server/src/node/worker.ts'], outfile: 'dist/worker.js', banner: { js: shim } },
  // `parley mcp` (loaded by dist/cli.js only for that command).
  { entryPoints: ['server/src/cli/mcp.ts'], outfile: 'dist/mcp.js', banner: { js: shim } },
];
await Promise.all(
  entries
    .filter((e) => existsSync(e.entryPoints[0]))
    .map((e) => build({ ...common, ...e, minify: process.argv.includes('--minify') })),
);

// The built-in lexicons' automaton, compiled now rather than at every start (server/src/node/prebuilt.ts
// loads it; a missing or stale file only means compiling at run time).
{
  const tmp = mkdtempSync(join(tmpdir(), 'parley-build-'));
  try {
    const out = join(tmp, 'bank.cjs');
    await build({ ...common, entryPoints: ['scripts/make-bank.ts'], outfile: out });
    const { makeBank } = createRequire(import.meta.url)(out);
    writeFileSync('dist/lexicon-bank.bin', makeBank());
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// The bins must be executable wherever dist/ is used without npm linking it.
for (const bin of ['dist/cli.js', 'dist/server.js']) if (existsSync(bin)) chmodSync(bin, 0o755);
