// Bundles the CLI, the language server and the VS Code client into dist/ with esbuild.
import { build } from 'esbuild';
import { chmodSync, existsSync, readdirSync, rmSync } from 'node:fs';

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
// Files a former build left (the 14.8 MB lexicon-bank.bin of before the piece matcher, old bundles)
// would otherwise ride along into the .vsix and the npm tarball.
const outputs = new Set(entries.map((e) => e.outfile.slice('dist/'.length)));
if (existsSync('dist')) for (const f of readdirSync('dist')) if (!outputs.has(f)) rmSync(`dist/${f}`, { recursive: true, force: true });

await Promise.all(
  entries
    .filter((e) => existsSync(e.entryPoints[0]))
    .map((e) => build({ ...common, ...e, minify: process.argv.includes('--minify') })),
);

// The bins must be executable wherever dist/ is used without npm linking it.
for (const bin of ['dist/cli.js', 'dist/server.js']) if (existsSync(bin)) chmodSync(bin, 0o755);
