/**
 * node/stdio.ts writeOutParts: the json stream's pieces written as they are (writev), never joined
 * into a copy first (issue 8: peak RSS). The bytes are those of the pieces joined, in order, also when
 * the pipe is non-blocking and fills: then a write stops short, meets EAGAIN, and the rest goes
 * through the stream (and the call says the parts are not all written yet: their buffers are held).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';

const STDIO = path.resolve(__dirname, '../../server/src/node/stdio.ts');

/** A script that writes `count` parts of `size` bytes (part k filled with byte k % 251) to fd 1 and reports on fd 2. */
function script(touchStream: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-parts-'));
  const entry = path.join(dir, 'entry.ts');
  fs.writeFileSync(
    entry,
    `import { writeOutParts } from ${JSON.stringify(STDIO)};
const [count, size] = process.argv.slice(2).map(Number);
${touchStream ? 'void process.stdout.fd; // the stream made: a piped fd 1 turns non-blocking' : ''}
const parts = Array.from({ length: count }, (_, k) => new Uint8Array(size).fill(k % 251));
const all = writeOutParts(1, parts);
process.stderr.write(String(all));
`,
  );
  const out = path.join(dir, 'run.js');
  buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'silent' });
  return out;
}

async function run(file: string, count: number, size: number, readAfterMs: number): Promise<{ bytes: Buffer; report: string }> {
  const child = spawn(process.execPath, [file, String(count), String(size)], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pause();
  let report = '';
  child.stderr.on('data', (c: Buffer) => (report += c.toString()));
  await new Promise((r) => setTimeout(r, readAfterMs));
  const chunks: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  child.stdout.resume();
  await new Promise((r) => child.on('close', r));
  return { bytes: Buffer.concat(chunks), report };
}

function expected(count: number, size: number): Buffer {
  return Buffer.concat(Array.from({ length: count }, (_, k) => Buffer.alloc(size, k % 251)));
}

describe.skipIf(process.platform === 'win32')('writing the parts of the output as they are', () => {
  it('a blocking pipe read late: every byte in order, all written when the call returns', async () => {
    const r = await run(script(false), 1500, 1000, 300);
    expect(r.bytes.equals(expected(1500, 1000))).toBe(true); // (more parts than one writev takes: 1024)
    expect(r.report).toBe('true');
  }, 60_000);

  it('a non-blocking pipe that fills: a short write, EAGAIN, the rest through the stream, in order', async () => {
    const r = await run(script(true), 300, 7001, 500);
    expect(r.bytes.equals(expected(300, 7001))).toBe(true);
    expect(r.report).toBe('false'); // queued in the stream: the caller must not free the parts
  }, 60_000);
});
