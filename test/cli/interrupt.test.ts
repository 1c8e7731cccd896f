/**
 * Issue 13 items 3 and 6: a run that is interrupted or loses a worker thread still loses nothing
 * and says what happened.
 *   - SIGINT/SIGTERM during `--fix` over many files: the file being written is finished, no other
 *     is started, no `*.tmp` is left, every file is either its old bytes or its fixed bytes, the
 *     files written are listed on stderr, and the exit code is 130/143 — on one thread and with
 *     worker threads.
 *   - A worker thread that runs out of memory (made genuinely so by a tiny heap through
 *     PARLEY_WORKER_HEAP_MB) makes the run start again in this thread: the output is the one of
 *     `--jobs 1`, the exit code the one it would have had, one warning names the cause — never exit 1.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, tempDir } from '../helpers/cli';

/** One script per file, each with many fixable lines (你 → 您): writing takes a while per file. */
const script = (i: number) =>
  [`title: 节点-${i}-端`, 'stage: M1', 'audience: debtor', '---', '坐席: 您好，我是{company}的{agent_name}，请问是{debtor_name}先生本人吗？', ...Array.from({ length: 40 }, (_, k) => `坐席: 你今天几点方便还款？这是第${k}句。`), '==='].join('\n') + '\n';
const N = 400;
const nameOf = (i: number) => `s${String(i).padStart(4, '0')}.parley`;

function workspace(): { dir: string; fixed: (i: number) => string } {
  const dir = tempDir(Object.fromEntries(Array.from({ length: N }, (_, i) => [nameOf(i), script(i)])));
  // What --fix makes of a file: fix one copy alone, the others differ only in the title.
  const one = tempDir({ 'x.parley': script(0) });
  const r = spawnSync(process.execPath, [CLI, 'lint', '--fix', 'x.parley'], { cwd: one, encoding: 'utf8' });
  expect(r.status).not.toBe(2);
  const fixed0 = fs.readFileSync(path.join(one, 'x.parley'), 'utf8');
  expect(fixed0).not.toBe(script(0));
  return { dir, fixed: (i) => fixed0.replace('节点-0-端', `节点-${i}-端`) };
}

/** Spawn `parley lint --fix`, send `signal` as soon as the first file has its fixed bytes, wait for the end. */
function fixAndInterrupt(dir: string, fixed: (i: number) => string, signal: NodeJS.Signals, jobs: string): Promise<{ code: number | null; killedBy: NodeJS.Signals | null; stderr: string; sent: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'lint', '--fix', '--jobs', jobs, '--format', 'json'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdout.resume();
    // The first fixed file to appear (a rename into the folder): inotify, not polling 400 files.
    const watcher = fs.watch(dir, (_event, name) => {
      if (sent || !name || !name.endsWith('.parley')) return;
      const i = Number(name.slice(1, 5));
      let text = '';
      try {
        text = fs.readFileSync(path.join(dir, name), 'utf8');
      } catch {
        return;
      }
      if (text === fixed(i)) sent = child.kill(signal);
    });
    child.on('exit', (code, killedBy) => {
      watcher.close();
      resolve({ code, killedBy, stderr, sent });
    });
  });
}

describe('SIGINT/SIGTERM during --fix over many files', () => {
  for (const [signal, jobs, code] of [
    ['SIGINT', '2', 130],
    ['SIGTERM', '1', 143],
  ] as const) {
    it(`${signal} (--jobs ${jobs}): finishes the file being written, leaves no *.tmp, every file old or new whole, lists what was written, exit ${code}`, { timeout: 180_000 }, async () => {
      const { dir, fixed } = workspace();
      const r = await fixAndInterrupt(dir, fixed, signal, jobs);
      expect(r.sent).toBe(true);
      expect(r.killedBy).toBeNull(); // it handled the signal and exited by itself
      expect(r.code).toBe(code);
      expect(fs.readdirSync(dir).filter((f) => !f.endsWith('.parley'))).toEqual([]); // no temp file
      const written: string[] = [];
      for (let i = 0; i < N; i++) {
        const text = fs.readFileSync(path.join(dir, nameOf(i)), 'utf8');
        if (text === fixed(i)) written.push(nameOf(i));
        else expect(text).toBe(script(i)); // untouched, never half-written
      }
      expect(written.length).toBeGreaterThan(0);
      expect(written.length).toBeLessThan(N); // interrupted, not run to the end
      // The message: the signal, how many files were written, and each of them.
      const [head, ...names] = r.stderr.trimEnd().split('\n');
      expect(head).toMatch(new RegExp(`^parley：收到 ${signal}，已停止.*--fix 已写入 ${written.length} 个文件：$`));
      expect(names.map((n) => n.trim()).sort()).toEqual(written);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('in English with --locale en', { timeout: 180_000 }, async () => {
    const { dir, fixed } = workspace();
    const child = spawn(process.execPath, [CLI, 'lint', '--fix', '--jobs', '1', '--locale', 'en'], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdout.resume();
    const poll = setInterval(() => {
      if (fs.readFileSync(path.join(dir, nameOf(0)), 'utf8') === fixed(0)) {
        clearInterval(poll);
        child.kill('SIGINT');
      }
    }, 2);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearInterval(poll);
    expect(code).toBe(130);
    expect(stderr).toMatch(/^parley: stopped by SIGINT: .*--fix wrote \d+ files?:\n {2}s0000\.parley\n/);
  });
});

describe('a worker thread that fails', () => {
  it('out of memory (a genuinely tiny heap): the run is done again in this thread, same output as --jobs 1, a warning, never exit 1 for it', { timeout: 180_000 }, () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 240; i++) files[nameOf(i)] = ['title: 开场' + i, 'stage: M2', 'audience: debtor', '---', i % 3 ? '坐席: 您好，请问您今天方便处理吗？' : '坐席: 你这个老赖，今天必须还钱！', '==='].join('\n') + '\n';
    const dir = tempDir(files);
    const env = { ...process.env, NO_COLOR: '1' };
    const one = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', '--jobs', '1', '--locale', 'en'], { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(one.status).toBe(1); // the abusive lines are errors
    const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', '--jobs', '2', '--locale', 'en'], { cwd: dir, env: { ...env, PARLEY_WORKER_HEAP_MB: '1' }, encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(r.stderr).toMatch(/^parley: warning: a worker thread failed \(ERR_WORKER_OUT_OF_MEMORY\); linted again in this thread\n$/);
    expect(r.status).toBe(one.status);
    expect(r.stdout).toBe(one.stdout);
  });
});
