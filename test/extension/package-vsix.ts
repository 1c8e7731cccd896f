/**
 * Packages the extension as `npm run package` does, minus the build (the test run's globalSetup
 * has just built dist/): the `vsce package …` part of scripts.package, with `-o` redirected.
 * Leaves dist/ alone, so it is safe while other test files run the CLI and the server from it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/** The arguments of the `vsce` command in scripts.package. */
export function vsceArgs(): string[] {
  const script: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.package;
  const vsce = script.split('&&').map((s) => s.trim()).find((s) => s.startsWith('vsce '));
  if (!vsce) throw new Error(`scripts.package does not run vsce: ${script}`);
  return vsce.split(/\s+/).slice(1);
}

export function packageVsix(out: string): void {
  for (const f of ['dist/extension.js', 'dist/server.js']) if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: build first (node scripts/build.mjs)`);
  const args = vsceArgs();
  const o = args.indexOf('-o');
  if (o < 0) throw new Error('scripts.package: vsce package has no -o <file>');
  args[o + 1] = out;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`vsce ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
}
