/**
 * Piped output stays a blocking write while worker threads run (issue 8: peak RSS). Left to Node, a
 * worker's stdout is piped into process.stdout, and making that stream turns a piped fd 1
 * non-blocking: the CLI's direct writes then meet EAGAIN and the rest of the output waits in memory.
 * Here the reader does not read until the run has started its workers and filled the pipe: fd 1 must
 * still be blocking then (O_NONBLOCK clear), and the bytes the same as a run written to a file.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli';

const O_NONBLOCK = 0o4000;

function tree(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-pipe-'));
  // Enough findings that the JSON output is far larger than a pipe's 64 KB buffer.
  const body = Array.from({ length: 40 }, (_, i) => `坐席：你欠的${i}万块今天不还就等着坐牢吧！`).join('\n');
  for (let i = 0; i < 60; i++) fs.writeFileSync(path.join(dir, `s${i}.parley`), `title: 节点${i}\nstage: M3\naudience: debtor\nchannel: call\n---\n${body}\n===\n`);
  return dir;
}

describe.skipIf(process.platform !== 'linux')('piped output with worker threads', () => {
  it('fd 1 stays blocking and the bytes are those of a run written to a file', async () => {
    const dir = tree();
    const file = path.join(dir, 'out.json');
    const fd = fs.openSync(file, 'w');
    spawnSync(process.execPath, [CLI, 'lint', '--jobs', '2', '--format', 'json', '.'], { cwd: dir, stdio: ['ignore', fd, 'ignore'] });
    fs.closeSync(fd);
    const expected = fs.readFileSync(file);
    expect(expected.length).toBeGreaterThan(256 * 1024);

    const child = spawn(process.execPath, [CLI, 'lint', '--jobs', '2', '--format', 'json', '.'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.pause();
    // Wait until the run has started its worker threads (more threads than a bare node has at
    // start) and written: it is then blocked on the full pipe, since nothing reads it yet.
    const threads = () => {
      try {
        return fs.readdirSync(`/proc/${child.pid}/task`).length;
      } catch {
        return 0;
      }
    };
    const base = 7; // node's own threads (main, 4 libuv workers, V8 platform threads vary: at least 7)
    let flags = -1;
    for (let i = 0; i < 600 && flags < 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const info = fs.readFileSync(`/proc/${child.pid}/fdinfo/1`, 'utf8');
      if (threads() > base && i > 20) flags = parseInt(/flags:\s+(\d+)/.exec(info)![1], 8);
    }
    expect(flags).toBeGreaterThanOrEqual(0);
    expect(flags & O_NONBLOCK).toBe(0);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stdout.resume();
    await new Promise((r) => child.on('close', r));
    expect(Buffer.concat(chunks).equals(expected)).toBe(true);
  }, 120_000);
});
