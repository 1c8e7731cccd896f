#!/usr/bin/env node
// `npm run test:vscode`: the in-editor suite (test/vscode/suite) in desktop VS Code through
// @vscode/test-electron — the extension under development (this folder) plus a temp workspace
// holding copies of ../shared/examples.
//
// @vscode/test-electron downloads VS Code from update.code.visualstudio.com. Where that is not
// possible (no network, as on the project's build machines) this prints
// "skipped: VS Code cannot be downloaded on this machine (<reason>)" and exits 0 — unless
// PARLEY_VSCODE_REQUIRED=1, which makes it a failure. code-server covers the same suite there
// (npm run test:e2e).
//
// Environment:
//   PARLEY_VSCODE_VERSION     VS Code version to download (default: stable)
//   PARLEY_VSCODE_EXECUTABLE  use this VS Code instead of downloading one
//   PARLEY_VSCODE_REQUIRED=1  a failed download is a failure, not a skip
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = path.join(ROOT, '..', 'shared', 'examples');
const CACHE = path.join(process.env.PARLEY_E2E_CACHE ?? path.join(ROOT, '.e2e'), 'vscode-test');
const required = process.env.PARLEY_VSCODE_REQUIRED === '1';

// Electron needs a display: on a headless Linux re-run under xvfb-run when it exists.
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.PARLEY_UNDER_XVFB) {
  const xvfb = spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' }).stdout.trim();
  if (xvfb) {
    const r = spawnSync(xvfb, ['-a', process.execPath, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, PARLEY_UNDER_XVFB: '1' } });
    process.exit(r.status ?? 1);
  }
}

async function vscodeExecutable() {
  if (process.env.PARLEY_VSCODE_EXECUTABLE) return process.env.PARLEY_VSCODE_EXECUTABLE;
  try {
    return await downloadAndUnzipVSCode({ version: process.env.PARLEY_VSCODE_VERSION ?? 'stable', cachePath: CACHE, timeout: 30_000 });
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    if (required) {
      console.error(`test:vscode: FAILED — VS Code cannot be downloaded on this machine (${reason}) and PARLEY_VSCODE_REQUIRED=1`);
      process.exit(1);
    }
    console.log(`test:vscode: skipped: VS Code cannot be downloaded on this machine (${reason}).`);
    console.log('test:vscode: the same in-editor suite runs in code-server with `npm run test:e2e`.');
    process.exit(0);
  }
}

const executable = await vscodeExecutable();

// The extension's bundles (dist/extension.js, dist/server.js) and the suite bundle.
const b = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
if (b.status !== 0) process.exit(b.status ?? 1);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-vscode-'));
const suite = path.join(tmp, 'suite', 'index.js');
await build({ entryPoints: [path.join(ROOT, 'test', 'vscode', 'suite', 'index.ts')], outfile: suite, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning' });

const workspace = path.join(tmp, 'workspace');
fs.mkdirSync(workspace);
for (const f of fs.readdirSync(EXAMPLES)) if (f.endsWith('.parley') || f === 'expected.json') fs.copyFileSync(path.join(EXAMPLES, f), path.join(workspace, f));
const userData = path.join(tmp, 'user-data');
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'chat.disableAIFeatures': true, 'security.workspace.trust.enabled': false, 'update.mode': 'none', 'extensions.autoCheckUpdates': false }));

let code = 1;
try {
  code = await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: suite,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', userData, '--extensions-dir', path.join(tmp, 'extensions')],
  });
} catch (e) {
  console.error(`test:vscode: FAILED — ${e instanceof Error ? e.message : String(e)}`);
  code = 1;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
}
console.log(code === 0 ? 'test:vscode: passed' : `test:vscode: failed (exit ${code})`);
process.exit(code);
