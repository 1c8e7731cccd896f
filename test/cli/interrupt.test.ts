/**
 * Issue 13 items 3 and 6: a run that is interrupted or loses a worker thread still loses nothing
 * and says what happened.
 *   - SIGINT/SIGTERM during `--fix` over many files: the file being written is finished, no other
 *     is started, no `*.tmp` is left, every file is either its old bytes or its fixed bytes, the
 *     files written are listed on stderr, and the exit code is 130/143 — on one thread and with
 *     worker threads.
 *   - SIGKILL during `--fix` cannot be caught: it may leave one `*.parley-<pid>-<n>.tmp` per thread;
 *     the next run removes those (its own names, of processes that are gone, next to linted scripts,
 *     inside the linted folders — nothing else) and says so once.
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

function workspace(n = N): { dir: string; fixed: (i: number) => string } {
  const dir = tempDir(Object.fromEntries(Array.from({ length: n }, (_, i) => [nameOf(i), script(i)])));
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

describe('SIGKILL during --fix (it cannot be caught): the next run removes the temporary file it left', () => {
  const TEMP = /\.parley-\d+-\d+\.tmp$/;
  /** The id of a process that has ended (a child that ran and was reaped). */
  const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid;

  it('a --fix killed mid-write: every file old or new whole; the next run removes the temp file, says so once (zh), and finishes the fix', { timeout: 180_000 }, async () => {
    const n = 80;
    const { dir, fixed } = workspace(n);
    const child = spawn(process.execPath, [CLI, 'lint', '--fix', '--jobs', '1', '--format', 'json'], { cwd: dir });
    child.stdout.resume();
    child.stderr.resume();
    // SIGKILL the moment a temporary file appears: most often it is still there when the process dies.
    const watcher = fs.watch(dir, (_event, name) => {
      if (name && TEMP.test(name)) child.kill('SIGKILL');
    });
    const killedBy = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, sig) => resolve(sig)));
    watcher.close();
    expect(killedBy).toBe('SIGKILL');
    let left = fs.readdirSync(dir).filter((f) => TEMP.test(f));
    const written: number[] = [];
    for (let i = 0; i < n; i++) {
      const text = fs.readFileSync(path.join(dir, nameOf(i)), 'utf8');
      if (text === fixed(i)) written.push(i);
      else expect(text).toBe(script(i)); // untouched, never half-written
    }
    expect(written.length).toBeLessThan(n);
    if (!left.length) {
      // The kill landed between two writes this time: leave what it leaves when it lands inside one
      // (the next file's temporary copy, half written, under the killed process's id).
      const i = [...Array(n).keys()].find((k) => !written.includes(k))!;
      const name = `${nameOf(i)}.parley-${child.pid}-${written.length + 1}.tmp`;
      fs.writeFileSync(path.join(dir, name), fixed(i).slice(0, 100), { mode: 0o600 });
      left = [name];
    }
    expect(left).toHaveLength(1); // one thread: at most one file being written
    const next = spawnSync(process.execPath, [CLI, 'lint', '--fix', '--jobs', '1', '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(next.status).not.toBe(2);
    expect(next.stderr).toBe(`parley：已删除被强行中止的 --fix 留下的 1 个临时文件（其进程已不存在；它正在写的脚本保持原来的内容）：\n  ${left[0]}\n`);
    expect(fs.readdirSync(dir).filter((f) => !f.endsWith('.parley'))).toEqual([]);
    for (let i = 0; i < n; i++) expect(fs.readFileSync(path.join(dir, nameOf(i)), 'utf8')).toBe(fixed(i));
    // Reported once: nothing is left to report.
    const third = spawnSync(process.execPath, [CLI, 'lint', '--jobs', '1', '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(third.stderr).toBe('');
  });

  it('only its own names, of a process that is gone, next to a linted script, inside the linted folders; in English with --locale en', () => {
    const dir = tempDir({ 'sub/a.parley': script(1), 'sub/b.parley': script(2), 'top.parley': script(3), 'sub/notes.txt': 'x' });
    const dead = deadPid();
    const stale = [`a.parley.parley-${dead}-1.tmp`, `b.parley.parley-${dead}-7.tmp`];
    const kept = [
      `a.parley.parley-${process.pid}-2.tmp`, // a Parley that is still running (this test's process)
      `notes.txt.parley-${dead}-1.tmp`, // not next to a linted script
      `gone.parley.parley-${dead}-1.tmp`, // its script is not there
      `a.parley.parley-${dead}-1.tmp.bak`, // not the name
      `a.parley.${dead}.tmp`, // not the name
    ];
    for (const f of [...stale, ...kept]) fs.writeFileSync(path.join(dir, 'sub', f), 'half');
    fs.symlinkSync(path.join(dir, 'top.parley'), path.join(dir, 'sub', `b.parley.parley-${dead}-8.tmp`)); // a link, not a file
    kept.push(`b.parley.parley-${dead}-8.tmp`);
    fs.writeFileSync(path.join(dir, `top.parley.parley-${dead}-1.tmp`), 'half'); // outside the linted folder
    const r = spawnSync(process.execPath, [CLI, 'lint', 'sub', '--locale', 'en', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).not.toBe(2);
    expect(r.stderr).toBe(`parley: removed 2 temporary files left by a --fix that was killed (its process is gone; the script it was writing kept its previous bytes):\n${stale.map((f) => `  sub/${f}\n`).join('')}`);
    expect(fs.readdirSync(path.join(dir, 'sub')).sort()).toEqual(['a.parley', 'b.parley', 'notes.txt', ...kept].sort());
    expect(fs.existsSync(path.join(dir, `top.parley.parley-${dead}-1.tmp`))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'top.parley'), 'utf8')).toBe(script(3)); // the link's target untouched
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
