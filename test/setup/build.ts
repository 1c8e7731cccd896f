/** vitest globalSetup: bundle dist/ once per run so CLI and server tests run the real artefacts. */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

export default function setup(): void {
  if (process.env.PARLEY_SKIP_BUILD) return;
  execFileSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: path.join(__dirname, '..', '..') });
}
