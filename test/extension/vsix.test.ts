/**
 * The VSIX holds what the extension runs and shows, and nothing else (.vscodeignore is an
 * allowlist). Packages with the vsce command of `npm run package` into a temp folder, using the
 * dist/ bundles the test run built, and lists the archive (what `unzip -l parley.vsix` shows).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deflateZip } from '../../scripts/deflate-vsix.mjs';
import { packageVsix, vsceArgs } from './package-vsix';
import { zipEntries } from './zip';

const ROOT = path.join(__dirname, '..', '..');

describe('parley.vsix', () => {
  let entries: string[];
  let archive: Buffer;
  beforeAll(() => {
    const args = vsceArgs();
    expect(args[0]).toBe('package');
    expect(args).toContain('--no-dependencies');
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-vsix-')), 'parley.vsix');
    packageVsix(out);
    entries = zipEntries(out).map((e) => e.replace(/^extension\//, ''));
    archive = fs.readFileSync(out);
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }, 120_000);

  it('has the bundles, manifest, grammar, snippets, schema, language configuration, licence and rule docs', () => {
    for (const f of ['dist/extension.js', 'dist/server.js', 'dist/server-bundle.js', 'dist/lexicon-bank.bin', 'package.json', 'language-configuration.json', 'syntaxes/parley.tmLanguage.json', 'snippets/parley.code-snippets', 'schemas/parley.config.schema.json', 'schemas/parley.config.schema.en.json']) {
      expect(entries, f).toContain(f);
    }
    expect(entries.some((e) => /^LICENSE(\.txt|\.md)?$/i.test(e)), 'LICENSE').toBe(true);
    expect(entries.some((e) => /^readme\.md$/i.test(e)), 'README').toBe(true);
    // Both page sets (hovers and "Show Rule Documentation" read the page of the display language) and the format guide.
    for (const dir of ['docs/rules', 'docs/en/rules']) {
      const docs = fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.md'));
      expect(docs.length).toBeGreaterThan(40);
      for (const d of docs) expect(entries, `${dir}/${d}`).toContain(`${dir}/${d}`);
    }
    for (const f of ['docs/FORMAT.md', 'docs/en/FORMAT.md']) expect(entries, f).toContain(f);
    expect(entries.filter((e) => e.startsWith('docs/src/')), 'the pages, not their sources').toEqual([]);
  });

  it('has the UI texts of each display language: package.nls*.json and the l10n bundles', () => {
    const nls = fs.readdirSync(ROOT).filter((f) => /^package\.nls(\.[\w-]+)?\.json$/.test(f));
    const l10n = fs.readdirSync(path.join(ROOT, 'l10n')).map((f) => `l10n/${f}`);
    expect(nls).toEqual(expect.arrayContaining(['package.nls.json', 'package.nls.zh-cn.json']));
    expect(l10n).toContain('l10n/bundle.l10n.zh-cn.json');
    for (const f of [...nls, ...l10n]) expect(entries, f).toContain(f);
  });

  it('has no node_modules, no TypeScript sources, no tests, no dev folders', () => {
    expect(entries.filter((e) => e.includes('node_modules/'))).toEqual([]);
    expect(entries.filter((e) => /\.(ts|mts|cts|map)$/.test(e))).toEqual([]);
    expect(entries.filter((e) => /^(test|tests|server|client|bench|scripts|\.e2e|\.ci|\.git|test-results)\//.test(e))).toEqual([]);
    expect(entries.filter((e) => /^dist\//.test(e) && !/^dist\/((web\/)?(extension|server)\.js|server-bundle\.js|webview\/conversation\.(js|css)|lexicon-bank\.bin)$/.test(e))).toEqual([]);
  });

  it('is deflated at level 9 after vsce (scripts/deflate-vsix.mjs), which keeps every entry and rewrites nothing more a second time', () => {
    const again = deflateZip(archive);
    expect(again.reason).toBeUndefined();
    // Had vsce's own (default-level) deflate been kept, a second pass would shrink the archive.
    expect(again.zip?.length).toBe(archive.length);
    const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-vsix-')), 'again.vsix');
    fs.writeFileSync(tmp, again.zip!);
    expect(zipEntries(tmp).map((e) => e.replace(/^extension\//, ''))).toEqual(entries);
    fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
  });
});
