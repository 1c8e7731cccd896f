/**
 * Entry of the in-editor suite, bundled to one CommonJS file (vscode external):
 * - `run()` is the `extensionTestsPath` module @vscode/test-electron loads (scripts/test-vscode.mjs);
 *   it rejects when a check fails.
 * - `activate()` makes the same bundle a tiny runner extension for code-server
 *   (test/e2e/vscode.e2e.test.ts): it runs the suite on startup and writes the report to the file
 *   named in runner-config.json beside the bundle.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parleySuite } from './checks';
import type { SuiteReport } from './harness';

function hostName(): string {
  return `${vscode.env.appName} ${vscode.version} (${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`;
}

export async function run(): Promise<void> {
  const report = await parleySuite().run(hostName(), (l) => console.log(l));
  const failed = report.results.filter((r) => !r.ok);
  console.log(`${report.results.length - failed.length} passed, ${failed.length} failed in ${hostName()}`);
  if (failed.length) throw new Error(`${failed.length} Parley extension check(s) failed: ${failed.map((f) => f.name).join('; ')}`);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const configFile = path.join(context.extensionPath, 'runner-config.json');
  if (!fs.existsSync(configFile)) return;
  const { resultFile } = JSON.parse(fs.readFileSync(configFile, 'utf8')) as { resultFile: string };
  let report: SuiteReport;
  const lines: string[] = [];
  try {
    report = await parleySuite().run(hostName(), (l) => lines.push(l));
  } catch (e) {
    report = { ok: false, host: hostName(), results: [{ name: 'suite', ok: false, ms: 0, error: String(e) }] };
  }
  fs.writeFileSync(resultFile + '.tmp', JSON.stringify({ ...report, log: lines }, null, 2));
  fs.renameSync(resultFile + '.tmp', resultFile);
}

export function deactivate(): void {}
