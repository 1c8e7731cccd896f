/**
 * The package that installs like a tool: `scripts/pack.mjs` packs `parley-lint-<version>.tgz`;
 * it installs offline into a clean prefix with no warning, and `parley`, `parley-language-server`,
 * `parley mcp` and the README's `$schema` path work from there. The versions and tags the docs
 * name are the ones the release process (docs/RELEASING.md) creates.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli';
import { LspClient, uriOf } from '../lsp/client';

const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
const script = ['title: 开场', 'stage: M2', 'audience: debtor', 'channel: call', '---', '坐席: 您好，我是{company}的{agent_name}，请问是{debtor_name}先生本人吗？', '坐席: 您这个老赖。', '坐席: 请问您今天几点方便处理？', '==='].join('\n') + '\n';

/** npm with a throw-away cache, offline: everything must come from the tarball. */
function npm(args: string[], cwd: string, cache: string) {
  return spawnSync('npm', [...args, '--offline', '--no-audit', '--no-fund', '--cache', cache], { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
}

describe('the parley-lint package', () => {
  let tarball: string;
  let base: string;
  let prefix: string;
  let install: ReturnType<typeof spawnSync>;
  beforeAll(() => {
    // Outside any node_modules tree, so that nothing resolves from this checkout.
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-pkg-')));
    tarball = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'pack.mjs'), '--out', base], { encoding: 'utf8' }).trim();
    prefix = path.join(base, 'prefix');
    install = npm(['install', '--global', '--prefix', prefix, tarball], base, path.join(base, 'npm-cache'));
  }, 120_000);

  it('is parley-lint-<version>.tgz: the bundles, schemas and rule pages; no dependencies, no install scripts', () => {
    expect(path.basename(tarball)).toBe(`parley-lint-${version}.tgz`);
    const list = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const f of ['dist/cli.js', 'dist/cli-bundle.js', 'dist/server.js', 'dist/server-bundle.js', 'dist/mcp.js', 'dist/lexicon-bank.bin', 'schemas/parley.config.schema.json', 'docs/rules/third-party-disclosure.md', 'docs/en/rules/third-party-disclosure.md', 'docs/rules/file-encoding.md', 'docs/FORMAT.md', 'docs/en/FORMAT.md', 'README.md', 'package.json']) expect(list).toContain(`package/${f}`);
    expect(list.filter((f) => f.startsWith('package/docs/src/')), 'the pages, not their sources').toEqual([]);
    expect(list.filter((f) => /\/(server|client|test|scripts|bench)\/|\.ts$|node_modules/.test(f))).toEqual([]);
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
    expect(manifest).toMatchObject({ name: 'parley-lint', version, bin: { parley: 'dist/cli.js', 'parley-language-server': 'dist/server.js' }, dependencies: {}, engines: { node: '>=20' } });
    expect(manifest.scripts).toBeUndefined();
    expect(manifest.devDependencies).toBeUndefined();
  });

  it('installs offline into a clean prefix with no warning', () => {
    expect(install.status, String(install.stderr)).toBe(0);
    expect(String(install.stderr)).toBe('');
    expect(String(install.stdout)).not.toMatch(/warn/i);
    expect(fs.existsSync(path.join(prefix, 'lib', 'node_modules', 'parley-lint', 'node_modules'))).toBe(false); // nothing else came along
  });

  it('parley works from there: version, lint (exit 1 with the finding), explain, html', () => {
    const bin = path.join(prefix, 'bin', 'parley');
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()).toBe(version);
    const project = tempDir({ 'scripts/a.parley': script });
    const lint = spawnSync(bin, ['lint', '--format', 'json'], { cwd: project, encoding: 'utf8' });
    expect(lint.status).toBe(1);
    expect(lint.stderr).toBe('');
    expect(JSON.parse(lint.stdout)[0].messages.map((m: { ruleId: string }) => m.ruleId)).toContain('abusive-language');
    expect(execFileSync(bin, ['explain', 'third-party-disclosure'], { encoding: 'utf8' })).toBe(fs.readFileSync(path.join(ROOT, 'docs', 'rules', 'third-party-disclosure.md'), 'utf8'));
    expect(execFileSync(bin, ['explain', 'third-party-disclosure', '--locale', 'en'], { encoding: 'utf8' })).toBe(fs.readFileSync(path.join(ROOT, 'docs', 'en', 'rules', 'third-party-disclosure.md'), 'utf8'));
    const html = spawnSync(bin, ['lint', '--format', 'html'], { cwd: project, encoding: 'utf8' });
    expect(html.stdout).toContain('怎么改（建议说法）'); // the rule pages ship with the package
  });

  it('parley-language-server works from there (diagnostics over stdio)', async () => {
    const project = tempDir({ 'a.parley': script });
    const c = new LspClient({ command: path.join(prefix, 'bin', 'parley-language-server') });
    try {
      const init = await c.initialize([project]);
      expect(init.serverInfo).toEqual({ name: 'parley-language-server', version });
      const uri = c.open(path.join(project, 'a.parley'));
      expect((await c.diagnosticsFor(uri, 1)).map((d) => d.code)).toContain('abusive-language');
      expect(uri).toBe(uriOf(path.join(project, 'a.parley')));
    } finally {
      await c.shutdown();
    }
  });

  it('parley mcp works from there (an MCP client session)', async () => {
    const client = new Client({ name: 'parley-package-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: path.join(prefix, 'bin', 'parley'), args: ['mcp'], cwd: base }));
    try {
      const r = (await client.callTool({ name: 'lint_text', arguments: { text: '坐席: 您这个老赖。', audience: 'debtor', stage: 'M2' } })) as { content: { text: string }[] };
      expect(JSON.parse(r.content[0].text).findings.map((f: { ruleId: string }) => f.ruleId)).toContain('abusive-language');
    } finally {
      await client.close();
    }
  });

  it('in a project (npm install --save-dev), the README’s $schema path is the installed schema, and a config using it works', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const schemaPath = /"\$schema":\s*"([^"]+)"/.exec(readme)?.[1];
    expect(schemaPath).toBe('./node_modules/parley-lint/schemas/parley.config.schema.json');
    const project = tempDir({ 'package.json': JSON.stringify({ name: 'scripts-repo', version: '1.0.0', private: true }), 'a.parley': script });
    const r = npm(['install', '--save-dev', tarball], project, path.join(base, 'npm-cache'));
    expect(r.status, String(r.stderr)).toBe(0);
    expect(String(r.stderr)).toBe('');
    const schemaFile = path.join(project, schemaPath!);
    expect(JSON.parse(fs.readFileSync(schemaFile, 'utf8')).$schema).toMatch(/json-schema/);
    fs.writeFileSync(path.join(project, 'parley.config.json'), JSON.stringify({ $schema: schemaPath, rules: { 'abusive-language': 'warning' } }));
    const lint = spawnSync(path.join(project, 'node_modules', '.bin', 'parley'), ['lint', '--format', 'json'], { cwd: project, encoding: 'utf8' });
    expect(lint.stderr).toBe('');
    expect(JSON.parse(lint.stdout)[0].messages.find((m: { ruleId: string }) => m.ruleId === 'abusive-language').severity).toBe('warning');
  });

  it('the docs name the versions and tags the release process creates (v<package.json version>)', () => {
    const tag = `v${version}`;
    const docs = ['README.md', 'docs/CI.md', 'docs/RELEASING.md'].map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')] as const);
    let seen = 0;
    for (const [f, text] of docs) {
      for (const m of text.matchAll(/parley-lint\/parley@(v?\d[\w.-]*\w)|rev:\s*(v?\d[\w.-]*\w)|parley-lint@(\d[\w.-]*\d)|parley-lint-(\d[\w.-]*\d)\.tgz/g)) {
        seen++;
        const tagLike = m[1] ?? m[2];
        if (tagLike !== undefined) expect(`${f}: ${m[0]}`).toBe(`${f}: ${m[0].replace(tagLike, tag)}`);
        else expect(`${f}: ${m[0]}`).toBe(`${f}: ${m[0].replace((m[3] ?? m[4])!, version)}`);
      }
    }
    expect(seen).toBeGreaterThan(3);
    expect(fs.readFileSync(path.join(ROOT, 'docs', 'RELEASING.md'), 'utf8')).toContain('npm run release:build');
  });
});
