/**
 * Shared parts of the fuzz suite's hostile-workspace mode (workspace-cache.test.ts,
 * workspace-entries.test.ts): the scripts, reusable workspaces on a tmpfs, FIFOs made in batches,
 * the sampled run of the real CLI, and the built-in lexicons in their compiled form.
 *
 * Speed without a weaker check (issue 13: 100,000 inputs per property locally): every input goes
 * through the node adapter `parley lint` itself calls (expandPatterns, ConfigLoader,
 * lintFilesAsync) in this process; a sampled fraction also goes through the built CLI as a child
 * process, whose output must be the in-process result byte for byte. What used to cost 40–1,600 ms
 * a run and is not what is being tested is paid once: a workspace directory (files written once,
 * reset between runs), FIFOs (one `mkfifo` spawn per batch of 256), the built-in lexicons compiled
 * once per process as the bundles carry them (`builtinCompiled`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RUNS, SEED } from './runs';

/**
 * Runs per hostile property. PARLEY_FUZZ_HOSTILE_RUNS wins; else PARLEY_FUZZ_RUNS (100,000 in
 * `npm run fuzz`: every hostile input counts as one) — but in the regular suite (no
 * PARLEY_FUZZ_RUNS) only 30, each run being a whole lint of a workspace.
 */
export const HOSTILE_RUNS = Number(process.env.PARLEY_FUZZ_HOSTILE_RUNS || (process.env.PARLEY_FUZZ_RUNS ? RUNS : 30));
/** One run in this many (and the first) also spawns the built CLI and compares (PARLEY_FUZZ_CLI_EVERY). */
export const CLI_EVERY = Number(process.env.PARLEY_FUZZ_CLI_EVERY || 250);
/** Time-out of a property: ~10 ms of CPU a run, with room for a machine shared with others. */
export const HOSTILE_TIMEOUT = Math.max(600_000, HOSTILE_RUNS * 200);
/** Parley's version (the built CLI keys its cache with it: the sampled CLI runs read the same crafted caches). */
export const VERSION: string = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;

export const script = (title: string, lines: string[], jumps: string[] = []) =>
  [`title: ${title}`, 'stage: M2', 'audience: debtor', 'channel: call', '---', ...lines.map((l) => `坐席: ${l}`), ...jumps.map((j) => `<<jump ${j}>>`), '==='].join('\n') + '\n';

export const FILES: Record<string, string> = {
  'a.parley': script('开场', ['您好，我是{company}的{agent_name}，请问是{debtor_name}先生本人吗？', '你这个老赖，今天必须还钱！'], ['本人', '不存在']),
  'b.parley': script('本人', ['您好，请问您今天几点方便处理？', '你再不还，我们就天天打给你家人。']),
  'c.parley': script('本人', ['您好，我是{agent_name}，工号{agent_id}。', '你的身份证号是110105194912310029。']),
  'd.parley': script('结束', ['谢谢您的配合，再见。']),
};

/** A tmpfs when there is one (no disk writes for 100,000 workspaces), else the temp folder. */
export const TMP = (() => {
  try {
    if (fs.statSync('/dev/shm').isDirectory()) {
      fs.accessSync('/dev/shm', fs.constants.W_OK);
      return '/dev/shm';
    }
  } catch {
    // no /dev/shm here
  }
  return os.tmpdir();
})();

/** A fresh workspace with FILES (its own folder: for tests that keep it). */
export function workspace(): string {
  const dir = fs.mkdtempSync(path.join(TMP, 'parley-hostile-'));
  for (const [f, t] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, f), t);
  return dir;
}
export const filesOf = (dir: string) => Object.keys(FILES).map((f) => path.join(dir, f));

/**
 * One workspace folder used run after run: reset() removes whatever the last run added (links,
 * FIFOs, configs, caches, folders) and checks that FILES are still there, unchanged — the same
 * state a fresh mkdtemp + four writes would give, without them.
 */
export class ReusedWorkspace {
  readonly dir = workspace();
  reset(): string {
    for (const e of fs.readdirSync(this.dir)) if (!(e in FILES)) fs.rmSync(path.join(this.dir, e), { recursive: true, force: true });
    for (const [f, t] of Object.entries(FILES)) {
      const p = path.join(this.dir, f);
      const st = fs.lstatSync(p);
      if (!st.isFile() || st.size !== Buffer.byteLength(t) || fs.readFileSync(p, 'utf8') !== t) fs.writeFileSync(p, t);
    }
    return this.dir;
  }
  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export const hasMkfifo = (() => {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** FIFOs made 256 at a time by one `mkfifo` and moved into place (a rename keeps a FIFO a FIFO). */
export class FifoPool {
  private readonly dir = fs.mkdtempSync(path.join(TMP, 'parley-fifos-'));
  private free: string[] = [];
  private made = 0;
  take(to: string): void {
    if (!this.free.length) {
      const names = Array.from({ length: 256 }, () => path.join(this.dir, `f${this.made++}`));
      execFileSync('mkfifo', names);
      this.free = names;
    }
    fs.renameSync(this.free.pop()!, to);
  }
  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

/** `parley lint --format json --cache` in `dir`, as a user runs it (the built CLI, a child process). */
export function cliLint(dir: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', '--cache', '--jobs', '1'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', PARLEY_LOCALE: '' }, timeout: 120_000, maxBuffer: 64 * 2 ** 20 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The built-in lexicons compiled, as scripts/build.mjs embeds them in every bundle (the sources
 * compile them anew for each config with lexicons of its own: ~400 ms a run). For vi.mock of
 * server/src/core/prebuilt-bank: the in-process runs then restore them as `parley lint` does.
 * test/core/prebuilt-bank.test.ts checks that restoring finds what compiling finds.
 */
export async function builtinCompiled() {
  const { LexiconBank } = await import('../../server/src/core/lexicon');
  const { BUILTIN_CLASSES, BUILTIN_LEXICONS } = await import('../../server/src/core/lexicons');
  const bank = new LexiconBank(BUILTIN_CLASSES);
  for (const [name, data] of Object.entries(BUILTIN_LEXICONS)) bank.add(name, data as never);
  return JSON.parse(JSON.stringify(bank.compiled()));
}

/** One line per property with its count, seed and time (what docs/FUZZING.md records). */
export function report(what: string, runs: number, cliRuns: number, started: number, cpuStart: NodeJS.CpuUsage): void {
  const s = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const seed = process.env.PARLEY_FUZZ_SEED ?? `${SEED} (default)`;
  process.stdout.write(
    `[fuzz hostile] ${what}: ${runs} runs (${cliRuns} also through the CLI), seed ${seed}, ${s.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU in this process, ${(runs / s).toFixed(1)} runs/s\n`,
  );
}

/**
 * For long runs (`npm run fuzz:hostile`): every 1,000 runs, one line on stdout with the count so
 * far and the time, so that a run stopped early still says how far it got clean.
 */
export function progress(what: string, runs: number, started: number): void {
  if (runs === 0 || runs % 1000 !== 0 || HOSTILE_RUNS < 5000) return;
  const s = (performance.now() - started) / 1000;
  process.stdout.write(`[fuzz hostile] ${what}: ${runs} runs clean so far, ${s.toFixed(0)} s\n`);
}
