/** The CLI in this process (`run` from server/src/cli/main.ts): the same code as dist/cli.js, without a process start per call. */
import { run } from '../../server/src/cli/main';
import type { CliResult } from './cli';

export async function runCli(args: string[], opts: { cwd: string; input?: string }): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    cwd: opts.cwd,
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readStdin: async () => opts.input ?? '',
  });
  return { code, stdout, stderr };
}
