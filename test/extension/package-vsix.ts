/**
 * Packages the extension as `npm run package` does, minus the build (the test run's globalSetup
 * has just built dist/): the `vsce package …` part of scripts.package, with `-o` redirected.
 * Leaves dist/ alone, so it is safe while other test files run the CLI and the server from it.
 *
 * Each end-to-end file installs the package in its own code-server; packaging takes ~10 s, so a
 * package is kept in the temp folder under a key of every file it could hold (path, size, mtime of
 * everything in the repository but node_modules, .git and test output) and copied when the key
 * matches: any change to a packaged file packages again.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/** The arguments of the `vsce` command in scripts.package. */
export function vsceArgs(): string[] {
  const script: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.package;
  const vsce = script.split('&&').map((s) => s.trim()).find((s) => s.startsWith('vsce '));
  if (!vsce) throw new Error(`scripts.package does not run vsce: ${script}`);
  return vsce.split(/\s+/).slice(1);
}

const SKIP = new Set(['node_modules', '.git', '.e2e', 'test-results', '.work']);

/** A digest of path, size and mtime of every file a package could hold. */
function sourcesKey(): string {
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (SKIP.has(e.name) || e.name.endsWith('.vsix') || e.name.endsWith('.tgz')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const st = fs.statSync(p);
        h.update(`${path.relative(ROOT, p)}\0${st.size}\0${st.mtimeMs}\n`);
      }
    }
  };
  walk(ROOT);
  return h.digest('hex').slice(0, 32);
}

export function packageVsix(out: string): void {
  for (const f of ['dist/extension.js', 'dist/server.js']) if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: build first (node scripts/build.mjs)`);
  const cached = path.join(os.tmpdir(), `parley-vsix-${sourcesKey()}.vsix`);
  if (fs.existsSync(cached)) {
    fs.copyFileSync(cached, out);
    return;
  }
  build(out);
  const tmp = `${cached}.${process.pid}.tmp`;
  fs.copyFileSync(out, tmp);
  fs.renameSync(tmp, cached);
}

function build(out: string): void {
  const args = vsceArgs();
  const o = args.indexOf('-o');
  if (o < 0) throw new Error('scripts.package: vsce package has no -o <file>');
  args[o + 1] = out;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`vsce ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  // The step of scripts.package after vsce: its entries deflated again at level 9.
  const d = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'deflate-vsix.mjs'), out], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (d.status !== 0) throw new Error(`scripts/deflate-vsix.mjs failed (${d.status ?? d.signal}):\n${d.stdout}\n${d.stderr}`);
}
