/**
 * Hostile-workspace mode of the fuzz suite (issue 13), links, devices, FIFOs and configs: a
 * workspace with links to /dev/zero, FIFOs, dangling links, loops and odd configs ends; its
 * hostile entries are reported, never read; its regular files get the findings they get on their
 * own; a bad config is a config error (exit 2) and nothing else. Every input goes through the node
 * adapter `parley lint` uses (expandPatterns, ConfigLoader, lintFilesAsync), in this process; one in
 * CLI_EVERY (and the first) also through the built CLI, which must print the same results and exit
 * with the code they call for. Runs and speed: hostile-workspace.ts; docs/FUZZING.md.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../server/src/core/config';
import { ConfigLoader } from '../../server/src/node/config-loader';
import { expandPatterns } from '../../server/src/node/files';
import { lintFilesAsync } from '../../server/src/node/lint-files';
import { SEED } from './runs';
import { CLI_EVERY, FifoPool, HOSTILE_RUNS, HOSTILE_TIMEOUT, ReusedWorkspace, VERSION, cliLint, filesOf, hasMkfifo, progress, report, workspace } from './hostile-workspace';

// The built-in lexicons restored from their compiled form, as in the bundles `parley lint` runs.
vi.mock('../../server/src/core/prebuilt-bank', async () => ({ PREBUILT: await (await import('./hostile-workspace')).builtinCompiled() }));

let keyHome: string;
const savedXdg = process.env.XDG_CACHE_HOME;
const savedKey = process.env.PARLEY_CACHE_KEY;
beforeAll(() => {
  keyHome = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-keyhome-'));
  process.env.XDG_CACHE_HOME = keyHome;
  delete process.env.PARLEY_CACHE_KEY;
});
afterAll(() => {
  if (savedXdg === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedXdg;
  if (savedKey !== undefined) process.env.PARLEY_CACHE_KEY = savedKey;
  fs.rmSync(keyHome, { recursive: true, force: true });
});

const plain = (results: { filePath: string; messages: unknown[] }[]) => JSON.stringify(results.map((x) => ({ filePath: x.filePath, messages: x.messages })));

describe('hostile workspace: links, devices, FIFOs and configs', () => {
  type Thing = 'dev-zero' | 'dev-null' | 'fifo' | 'dangling' | 'dir-loop' | 'self-link' | 'parent-link' | 'huge-sparse' | 'binary' | 'gbk';
  const thing: fc.Arbitrary<Thing> = fc.constantFrom('dev-zero', 'dev-null', 'fifo', 'dangling', 'dir-loop', 'self-link', 'parent-link', 'huge-sparse', 'binary', 'gbk');
  const configArb = fc.oneof(
    fc.constant<unknown>(undefined),
    fc.constant<unknown>('dev-zero'),
    fc.constant<unknown>('{ not json'),
    fc.record({ maxFileSize: fc.integer({ min: 1, max: 10_000 }) }),
    fc.record({ ignore: fc.array(fc.constantFrom('**', '*.parley', 'a.parley', '!a.parley', '[', '**/x*', '../**'), { maxLength: 3 }) }),
    fc.record({ rules: fc.dictionary(fc.constantFrom('abusive-language', 'prefer-honorific', 'nope'), fc.constantFrom('off', 'error', 'warning', 'bogus')) }),
    fc.record({ lexicons: fc.record({ 'abusive-language': fc.record({ terms: fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('(a|b)'.repeat(20), '('.repeat(50), '…', '<any>', '[close-person]')), { maxLength: 4 }) }) }) }),
    // Over the total budget of compiled patterns (every reference to a class of <num> forms is
    // compiled anew): a config error, never a run that eats the machine.
    fc.constant<unknown>({ classes: { n: { terms: Array.from({ length: 1000 }, (_, i) => String.fromCharCode(0x4e00 + i) + '<num>') } }, lexicons: { 'abusive-language': { terms: Array.from({ length: 5 }, (_, p) => String.fromCharCode(0x8000 + p) + '[n]'.repeat(24)) } } }),
  );

  const fifos = hasMkfifo ? new FifoPool() : undefined;
  const ws = new ReusedWorkspace();
  afterAll(() => {
    fifos?.dispose();
    ws.dispose();
  });

  function place(dir: string, name: string, t: Thing): void {
    const p = path.join(dir, name);
    switch (t) {
      case 'dev-zero':
        if (fs.existsSync('/dev/zero')) fs.symlinkSync('/dev/zero', p);
        break;
      case 'dev-null':
        if (fs.existsSync('/dev/null')) fs.symlinkSync('/dev/null', p);
        break;
      case 'fifo':
        fifos?.take(p);
        break;
      case 'dangling':
        fs.symlinkSync(path.join(dir, 'nowhere', 'x'), p);
        break;
      case 'dir-loop':
        fs.symlinkSync('.', p.replace(/\.parley$/, ''));
        break;
      case 'self-link':
        fs.symlinkSync(name, p);
        break;
      case 'parent-link':
        fs.mkdirSync(p.replace(/\.parley$/, '-d'), { recursive: true });
        fs.symlinkSync('..', path.join(p.replace(/\.parley$/, '-d'), 'up'));
        break;
      case 'huge-sparse': {
        // 64 MB by stat, nothing on disk: refused by its size before it is read.
        const fd = fs.openSync(p, 'w');
        fs.ftruncateSync(fd, 64 * 2 ** 20);
        fs.closeSync(fd);
        break;
      }
      case 'binary':
        fs.writeFileSync(p, Buffer.from([0, 1, 2, 0xff]));
        break;
      case 'gbk':
        fs.writeFileSync(p, Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0x0a]));
        break;
    }
  }

  /** The exit code `parley lint` gives these results (no --max-warnings). */
  const exitOf = (r: { hadFatal: boolean; results: { messages: { severity: string; fatal?: boolean }[] }[] }) =>
    r.hadFatal || r.results.some((x) => x.messages.some((m) => m.fatal)) ? 2 : r.results.some((x) => x.messages.some((m) => m.severity === 'error')) ? 1 : 0;

  it('property: the run ends, hostile entries are reported (never read), regular files get their own findings', async () => {
    const alone = new Map<string, string>();
    {
      const dir = workspace();
      const r = await lintFilesAsync(filesOf(dir), new ConfigLoader(), { jobs: 1 });
      for (const x of r.results) alone.set(path.basename(x.filePath), JSON.stringify(x.messages).split(dir).join('<dir>'));
      fs.rmSync(dir, { recursive: true, force: true });
    }
    let run = 0;
    let cliRuns = 0;
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    await fc.assert(
      fc.asyncProperty(fc.array(thing, { minLength: 1, maxLength: 5 }), configArb, async (things, config) => {
        progress('links, devices, FIFOs and configs', run, started);
        const dir = ws.reset();
        things.forEach((t, i) => place(dir, `h${i}.parley`, t));
        if (config === 'dev-zero') fs.symlinkSync('/dev/zero', path.join(dir, 'parley.config.json'));
        else if (typeof config === 'string') fs.writeFileSync(path.join(dir, 'parley.config.json'), config);
        else if (config !== undefined) fs.writeFileSync(path.join(dir, 'parley.config.json'), JSON.stringify(config));
        const sample = run++ % CLI_EVERY === 0;
        const { files } = await expandPatterns([], dir);
        let r;
        try {
          r = await lintFilesAsync(files, new ConfigLoader(), { jobs: 1, cache: { file: path.join(dir, '.parleycache'), version: VERSION } });
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError); // a bad config is a config error (exit 2), nothing else
          if (sample) {
            const c = cliLint(dir);
            expect(c.code, c.stderr).toBe(2);
            expect(c.stderr).toContain('parley.config.json');
            cliRuns++;
          }
          return;
        }
        for (const x of r.results) {
          const base = path.basename(x.filePath);
          if (/^h\d+\.parley$/.test(base)) {
            const rel = path.relative(dir, x.filePath);
            if (!rel.includes(path.sep)) for (const m of x.messages) if (m.fatal) expect(m.ruleId).toMatch(/^file-/);
          }
        }
        // With the default config, every regular file gets exactly the findings it gets alone
        // (a hostile neighbour adds no finding to it and takes none away).
        if (config === undefined) {
          for (const x of r.results) {
            const base = path.basename(x.filePath);
            if (alone.has(base) && path.dirname(x.filePath) === dir) expect(JSON.stringify(x.messages).split(dir).join('<dir>')).toBe(alone.get(base));
          }
        }
        if (sample) {
          // The built CLI over the same workspace (and the cache this run left): the same results
          // and the exit code they call for.
          const c = cliLint(dir);
          expect(c.code, c.stderr).toBe(exitOf(r));
          expect(plain(JSON.parse(c.stdout))).toBe(plain(r.results));
          cliRuns++;
        }
      }),
      { numRuns: HOSTILE_RUNS, seed: SEED },
    );
    expect(cliRuns).toBe(Math.ceil(run / CLI_EVERY));
    report('links, devices, FIFOs and configs', run, cliRuns, started, cpuStart);
  }, HOSTILE_TIMEOUT);
});
