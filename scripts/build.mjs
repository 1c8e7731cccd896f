// Bundles the CLI, the language server and the VS Code client into dist/ with esbuild.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const shim = "const __importMetaUrl = require('url').pathToFileURL(__filename).href;";
const common = { define: { 'import.meta.url': '__importMetaUrl' }, bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: false, logLevel: 'warning', legalComments: 'none', charset: 'utf8' };
const entries = [
  // The CLI and the language server: each bundle is run by a small loader (scripts/loader.cjs, written
  // below as dist/cli.js and dist/server.js) that compiles it with V8's code cache.
  { entryPoints: ['server/src/cli/cli.ts'], outfile: 'dist/cli-bundle.js', banner: { js: shim }, loader: 'dist/cli.js' },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server-bundle.js', banner: { js: shim }, loader: 'dist/server.js' },
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], banner: { js: shim } },
  // `parley mcp` (loaded by dist/cli.js only for that command).
  { entryPoints: ['server/src/cli/mcp.ts'], outfile: 'dist/mcp.js', banner: { js: shim } },
];
// The browser entry (vscode.dev, github.dev, code-server's web-worker extension host): the client
// and the same server, for a web worker. `vscode-languageserver` resolves to its browser build.
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
const browserLanguageServer = {
  name: 'vscode-languageserver-browser',
  setup(b) {
    b.onResolve({ filter: /^vscode-languageserver$/ }, (a) => b.resolve('vscode-languageserver/browser', { kind: a.kind, resolveDir: a.resolveDir }));
  },
};
const web = { bundle: true, platform: 'browser', target: 'es2022', sourcemap: false, logLevel: 'warning', legalComments: 'none', charset: 'utf8', define: { PARLEY_VERSION: JSON.stringify(version) } };
const webEntries = [
  { ...web, entryPoints: ['client/src/browser.ts'], outfile: 'dist/web/extension.js', format: 'cjs', external: ['vscode'] },
  { ...web, entryPoints: ['server/src/lsp/browser-main.ts'], outfile: 'dist/web/server.js', format: 'iife', plugins: [browserLanguageServer] },
  // The conversation panel's page (graph and play-through): a self-contained script and style sheet.
  { ...web, entryPoints: ['client/webview/conversation.ts'], outfile: 'dist/webview/conversation.js', format: 'iife' },
  { ...web, entryPoints: ['client/webview/conversation.css'], outfile: 'dist/webview/conversation.css' },
];
// Files a former build left (the 14.8 MB lexicon-bank.bin of before the piece matcher, old bundles)
// would otherwise ride along into the .vsix and the npm tarball.
const BANK_FILE = 'lexicon-bank.bin';
const outputs = new Set([...entries, ...webEntries].flatMap((e) => [e.outfile, e.loader ?? e.outfile]).map((f) => f.slice('dist/'.length).split('/')[0]).concat(BANK_FILE));
if (existsSync('dist')) for (const f of readdirSync('dist')) if (!outputs.has(f)) rmSync(`dist/${f}`, { recursive: true, force: true });

// The built-in lexicons, compiled once here (the core bundled and run), in place of
// server/src/core/prebuilt-bank.ts: start-up restores them instead of compiling them. The Node
// bundles read them from dist/lexicon-bank.bin (server/src/node/bank-file.ts: typed arrays over the
// file's bytes, stamped with this build's id); the browser's server is handed the same file's bytes
// by the extension (client/src/browser.ts) and decodes them alike (core/lexicon/bank-bytes.ts).
async function compiledBank() {
  const dir = mkdtempSync(join(tmpdir(), 'parley-build-'));
  try {
    const out = join(dir, 'core.cjs');
    const fileOut = join(dir, 'bank-file.cjs');
    await build({ ...common, define: {}, entryPoints: ['server/src/core/index.ts'], outfile: out, banner: {} });
    await build({ ...common, define: {}, entryPoints: ['server/src/node/bank-file.ts'], outfile: fileOut, banner: {} });
    const require = createRequire(import.meta.url);
    const core = require(out);
    const { encodeBank, decodeBank } = require(fileOut);
    const bank = new core.LexiconBank(core.BUILTIN_CLASSES);
    for (const [name, data] of Object.entries(core.BUILTIN_LEXICONS)) bank.add(name, data);
    const compiled = bank.compiled();
    const json = JSON.stringify(compiled);
    const id = createHash('sha256').update(json).digest('hex').slice(0, 16);
    const bin = encodeBank(compiled, id);
    // The file must give back exactly what was compiled.
    const back = decodeBank(bin, id);
    const plain = back && JSON.stringify(Object.fromEntries(Object.keys(compiled).map((k) => [k, Array.isArray(back[k]) ? back[k] : Array.from(back[k])])));
    if (plain !== json) throw new Error('build: dist/lexicon-bank.bin does not decode to the compiled bank');
    return { bin, id, validators: validatorsCode(core) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
// The config schema's and every rule's options validator, compiled to code (ajv standalone) with the
// options server/src/core/schema-check.ts uses at run time in the sources: a CommonJS module that
// replaces schema-check.ts in the bundles (no ajv, no schema compiled at start-up).
function validatorsCode(core) {
  const require = createRequire(import.meta.url);
  const Ajv = require('ajv').default;
  const standaloneCode = require('ajv/dist/standalone').default;
  const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true } });
  const names = { config: 'config' };
  // As validatedSchema() in schema-check.ts: without the per-rule entries of `rules` (for editors).
  const schema = JSON.parse(readFileSync('schemas/parley.config.schema.json', 'utf8'));
  delete schema.properties.rules.properties;
  ajv.addSchema(schema, 'config');
  for (const r of core.RULES) {
    const options = core.optionsSchema(r.meta, 'en');
    if (!options) continue;
    const key = 'opt_' + r.meta.id.replace(/-/g, '_');
    ajv.addSchema(options, key);
    names[key] = key;
  }
  return `${standaloneCode(ajv, names)}
exports.configValidator = () => exports.config;
exports.optionsValidator = (id) => {
  const v = exports['opt_' + id.replace(/-/g, '_')];
  if (!v) throw new Error('no options validator for rule ' + id + ' in this build');
  return v;
};
`;
}

const { bin: prebuiltBin, id: prebuiltId, validators } = await compiledBank();
const prebuiltPlugin = (fromFile) => ({
  name: 'prebuilt-bank',
  setup(b) {
    // Every import of server/src/core/prebuilt-bank (the engine's, and the browser entry's, which hands it the bytes).
    b.onResolve({ filter: /[\\/]prebuilt-bank$/ }, (args) => (args.importer.includes('server') ? { path: 'prebuilt-bank', namespace: 'parley-prebuilt' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'parley-prebuilt' }, () =>
      fromFile
        ? // The file beside the bundle (__dirname: dist/ in these CommonJS bundles).
          { contents: `import { loadBankFile } from './server/src/node/bank-file';\nexport const PREBUILT = loadBankFile(__dirname, ${JSON.stringify(prebuiltId)});\nexport function providePrebuiltBytes() {}`, loader: 'js', resolveDir: process.cwd() }
        : // The browser's server: the extension hands it the same file's bytes before it starts
          // (client/src/browser.ts, server/src/lsp/browser-main.ts), so the .vsix holds the bank once.
          {
            contents: `import { decodeBank } from './server/src/core/lexicon/bank-bytes';\nexport let PREBUILT;\nexport function providePrebuiltBytes(bytes) { PREBUILT = bytes instanceof Uint8Array ? decodeBank(bytes, ${JSON.stringify(prebuiltId)}) : undefined; }`,
            loader: 'js',
            resolveDir: process.cwd(),
          },
    );
  },
});

// The built-in lexicons' files are not in the bundles: the bank file holds every pattern, and
// server/src/core/lexicons/builtin.ts is replaced by a module that gives the lexicons back from it
// (lexiconsOf) for what needs them as sources (a config's own word classes, the config check).
// The .vsix carried them twice (both servers) beside the bank, the npm package three times.
const builtinFromBank = {
  name: 'builtin-lexicons-from-bank',
  setup(b) {
    b.onLoad({ filter: /[\\/]core[\\/]lexicons[\\/]builtin\.ts$/ }, (args) => ({
      contents: `import { PREBUILT } from '../prebuilt-bank';
import { lexiconsOf } from '../lexicon/sources-of';
let table;
export function builtinLexicons() {
  if (table) return table;
  const t = PREBUILT && lexiconsOf(PREBUILT);
  if (!t) throw new Error('Parley: 内置词库文件 dist/${BANK_FILE} 缺失或不属于此版本，请重新安装。The built-in lexicons (dist/${BANK_FILE}) are missing or of another build: reinstall Parley.');
  return (table = t);
}
`,
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};

const validatorsPlugin = {
  name: 'validators',
  setup(b) {
    b.onResolve({ filter: /[\\/]schema-check$/ }, (args) => (args.importer.includes('core') ? { path: 'schema-check', namespace: 'parley-validators' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'parley-validators' }, () => ({ contents: validators, loader: 'js', resolveDir: process.cwd() }));
  },
};

// Start-up: the data files (lexicons, word classes, the t2s table, the config schema) as one
// JSON.parse of a string each: V8 parses JSON faster than the same data as an object literal,
// which it must parse as code and then run.
const jsonAsString = {
  name: 'json-as-string',
  setup(b) {
    b.onLoad({ filter: /\.json$/ }, (args) => {
      if (args.path.includes('node_modules')) return undefined;
      const data = JSON.parse(readFileSync(args.path, 'utf8'));
      // A lexicon term's `note` says why it is there, for whoever edits the lexicon; nothing reads it at run time.
      const text = JSON.stringify(/[\\/]core[\\/]lexicons[\\/]/.test(args.path) ? withoutNotes(data) : data);
      return { contents: `export default /* @__PURE__ */ JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
    });
  },
};
// fdir (tinyglobby's crawler) looks for an optional picomatch when it loads (createRequire, then
// require.resolve: a walk over node_modules folders at every start, and from a checkout it loads a
// second picomatch from disk). tinyglobby filters with its own, bundled, so fdir's is never used.
const fdirWithoutPicomatch = {
  name: 'fdir-without-picomatch',
  setup(b) {
    b.onLoad({ filter: /[\\/]fdir[\\/]dist[\\/]index\.mjs$/ }, (args) => {
      const src = readFileSync(args.path, 'utf8');
      const out = src.replace(/__require\.resolve\("picomatch"\);\s*pm = __require\("picomatch"\);/, '');
      if (out === src) throw new Error(`build: fdir changed (${args.path}): its optional picomatch lookup was not found`);
      return { contents: out, loader: 'js' };
    });
  },
};
function withoutNotes(x) {
  if (Array.isArray(x)) return x.map(withoutNotes);
  if (x === null || typeof x !== 'object') return x;
  return Object.fromEntries(Object.entries(x).filter(([k, v]) => !(k === 'note' && typeof v === 'string')).map(([k, v]) => [k, withoutNotes(v)]));
}
// Our LSP feature modules import vscode-languageserver-types (its enums: DiagnosticSeverity …), and
// so does vscode-languageserver, each resolving its own copy (3.18.5 beside 3.18.4): two copies of
// the same enums in each server bundle. Resolve ours to the copy the LSP library uses.
const lspLibraryDir = dirname(createRequire(import.meta.url).resolve('vscode-languageserver'));
const oneLspTypes = {
  name: 'one-lsp-types',
  setup(b) {
    b.onResolve({ filter: /^vscode-languageserver-types$/ }, (args) => {
      if (args.pluginData?.oneLspTypes || args.importer.includes('node_modules')) return undefined;
      return b.resolve(args.path, { kind: args.kind, resolveDir: lspLibraryDir, pluginData: { oneLspTypes: true } });
    });
  },
};
// `import * as fs from 'node:fs'` in each of our modules became `__toESM(require("node:fs"))`: a
// copy of the module's ~100 properties as getters per importing module (30-odd in the CLI bundle,
// a tenth of its top-level evaluation). Our imports of Node's built-in modules go through one module
// per built-in that re-exports it, so each is copied once.
const builtinOnce = {
  name: 'builtin-modules-once',
  setup(b) {
    b.onResolve({ filter: /^node:[a-z_/]+$/ }, (args) => (args.importer.includes('node_modules') || args.namespace === 'parley-builtin' ? undefined : { path: args.path, namespace: 'parley-builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'parley-builtin' }, (args) => ({ contents: `export * from ${JSON.stringify(args.path)};`, loader: 'js', resolveDir: process.cwd() }));
  },
};
const plugins = [builtinFromBank, validatorsPlugin, jsonAsString, fdirWithoutPicomatch, oneLspTypes, builtinOnce];

await Promise.all([
  ...entries
    .filter((e) => existsSync(e.entryPoints[0]))
    .map(({ loader: _, ...e }) => build({ ...common, ...e, plugins: [prebuiltPlugin(true), ...plugins], minify: process.argv.includes('--minify') })),
  ...webEntries.map((e) => build({ ...e, plugins: [...(e.plugins ?? []), prebuiltPlugin(false), ...plugins], minify: process.argv.includes('--minify') })),
]);
writeFileSync(`dist/${BANK_FILE}`, prebuiltBin);
// The loaders, each stamped with its bundle's name and a digest of its content (the code cache's key).
const loaderTemplate = readFileSync('scripts/loader.cjs', 'utf8');
for (const e of entries) {
  if (!e.loader || !existsSync(e.outfile)) continue;
  const digest = createHash('sha256').update(readFileSync(e.outfile)).digest('hex').slice(0, 16);
  const text = loaderTemplate.replace("'__PARLEY_BUNDLE__'", JSON.stringify(e.outfile.slice('dist/'.length))).replace("'__PARLEY_BUILD__'", JSON.stringify(digest));
  if (text.includes('__PARLEY_')) throw new Error('build: scripts/loader.cjs lost its placeholders');
  writeFileSync(e.loader, '#!/usr/bin/env node\n' + text);
}

// The bins must be executable wherever dist/ is used without npm linking it.
for (const bin of ['dist/cli.js', 'dist/server.js']) if (existsSync(bin)) chmodSync(bin, 0o755);
