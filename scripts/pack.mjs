// Packs the command-line tool as the npm package `parley-lint` (parley-lint-<version>.tgz in the
// repository root): the bundles in dist/ (built before: `npm run build`, or `npm run release:build`
// which minifies), the JSON schemas, the rule pages, README, CHANGELOG and LICENSE, and a
// package.json of its own.
//
// Why a package.json of its own: the repository's manifest is the VS Code extension's (named
// `parley`, which is another package on npm; private; a postinstall that builds from sources; every
// build tool in devDependencies). The tool needs none of that at run time — esbuild bundles every
// library into dist/ — so the package has no dependencies and no install scripts: it installs
// offline from the tarball in a second, and prints nothing but npm's own summary.
//
// Usage: node scripts/pack.mjs [--out <dir>]     prints the tarball's path
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const args = process.argv.slice(2);
const outDir = args.includes('--out') ? resolve(args[args.indexOf('--out') + 1]) : root;
mkdirSync(outDir, { recursive: true });

const repo = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const NAME = 'parley-lint';
// dist/cli.js is also the worker thread of `parley lint` (started with --parley-worker-thread).
// dist/cli.js and dist/server.js are loaders that run the bundles beside them (scripts/loader.cjs).
// dist/lexicon-bank.bin: the built-in lexicons compiled, read by cli.js and server.js at start-up.
const runtime = ['dist/cli.js', 'dist/cli-bundle.js', 'dist/server.js', 'dist/server-bundle.js', 'dist/mcp.js', 'dist/lexicon-bank.bin'];
for (const f of runtime) {
  if (!existsSync(join(root, f))) {
    console.error(`pack: ${f} is missing; run \`npm run build\` first`);
    process.exit(2);
  }
}

const manifest = {
  name: NAME,
  version: repo.version,
  description: 'Parley: a linter and language server for debt-collection scripts (催收话术, *.parley) — disclosure, coercion and courtesy rules',
  keywords: ['parley', 'lint', 'linter', 'language-server', 'debt-collection', '催收', '话术', 'compliance', 'mcp'],
  license: repo.license,
  homepage: 'https://github.com/parley-lint/parley#readme',
  repository: { type: 'git', url: 'git+https://github.com/parley-lint/parley.git' },
  bugs: { url: 'https://github.com/parley-lint/parley/issues' },
  engines: { node: '>=20' },
  bin: { parley: 'dist/cli.js', 'parley-language-server': 'dist/server.js' },
  // Everything the bundles use is inside them (esbuild) or beside them in dist/; nothing is resolved at run time.
  dependencies: {},
  files: ['dist/', 'schemas/', 'docs/', 'README.md', 'CHANGELOG.md', 'LICENSE'],
};

const stage = mkdtempSync(join(tmpdir(), 'parley-pack-'));
try {
  for (const f of runtime) cpSync(join(root, f), join(stage, f));
  cpSync(join(root, 'schemas'), join(stage, 'schemas'), { recursive: true });
  // The pages, not their sources (docs/src: what `npm run docs` renders the pages from).
  cpSync(join(root, 'docs'), join(stage, 'docs'), { recursive: true, filter: (src) => !src.startsWith(join(root, 'docs', 'src')) });
  for (const f of ['README.md', 'CHANGELOG.md', 'LICENSE']) if (existsSync(join(root, f))) cpSync(join(root, f), join(stage, f));
  writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const [info] = JSON.parse(out);
  const file = join(outDir, info.filename);
  console.log(file);
  if (process.env.PARLEY_PACK_VERBOSE) console.error(`pack: ${info.entryCount} files, ${(info.size / 1e6).toFixed(1)} MB packed, ${(info.unpackedSize / 1e6).toFixed(1)} MB unpacked`);
  // Older tarballs of other versions would only confuse `npm install ./parley-lint-*.tgz`.
  for (const f of readdirSync(outDir)) if (f.startsWith(`${NAME}-`) && f.endsWith('.tgz') && f !== info.filename && outDir === root) rmSync(join(outDir, f));
} finally {
  rmSync(stage, { recursive: true, force: true });
}
