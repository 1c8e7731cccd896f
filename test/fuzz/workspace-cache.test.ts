/**
 * Hostile-workspace mode of the fuzz suite (issue 13), crafted caches: `--cache` never reports
 * fewer findings than a run without it — whatever the cache file holds (forged entries with
 * another key, flipped bytes, truncations, swapped or duplicated lines), the results are exactly
 * those of a run without a cache. Every input goes through the node adapter `parley lint` uses, in
 * this process; one in CLI_EVERY (and the first) also through the built CLI, which must print the
 * same results. Runs: hostile-workspace.ts (30 in the regular suite, PARLEY_FUZZ_RUNS in
 * `npm run fuzz`, PARLEY_FUZZ_HOSTILE_RUNS wins). The other hostile property (links, devices,
 * FIFOs, configs) is workspace-entries.test.ts: a file of its own, so the two run in parallel.
 */
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigLoader } from '../../server/src/node/config-loader';
import { lintFilesAsync } from '../../server/src/node/lint-files';
import { SEED } from './runs';
import { CLI_EVERY, HOSTILE_RUNS, HOSTILE_TIMEOUT, VERSION, cliLint, filesOf, progress, report, workspace } from './hostile-workspace';

// The built-in lexicons restored from their compiled form, as in the bundles `parley lint` runs.
vi.mock('../../server/src/core/prebuilt-bank', async () => ({ PREBUILT: await (await import('./hostile-workspace')).builtinCompiled() }));

let keyHome: string;
const savedXdg = process.env.XDG_CACHE_HOME;
const savedKey = process.env.PARLEY_CACHE_KEY;
beforeAll(() => {
  keyHome = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-keyhome-'));
  process.env.XDG_CACHE_HOME = keyHome; // this user's key: created 0600 under it (the spawned CLI inherits it)
  delete process.env.PARLEY_CACHE_KEY;
});
afterAll(() => {
  if (savedXdg === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedXdg;
  if (savedKey !== undefined) process.env.PARLEY_CACHE_KEY = savedKey;
});

const plain = (r: { results: { filePath: string; messages: unknown[] }[] }) => JSON.stringify(r.results.map((x) => ({ filePath: x.filePath, messages: x.messages })));
const count = (r: { results: { messages: unknown[] }[] }) => r.results.reduce((n, x) => n + x.messages.length, 0);

/** A cache line re-signed with `key` (what someone who knows a key — their own, not ours — can write). */
function resign(line: string, key: string): string {
  const [, meta, index, messages] = line.split('\t');
  const mac = createHmac('sha256', key).update(VERSION).update('\0').update(`${meta}\t${index}\t${messages}`).digest('base64');
  return [mac, meta, index, messages].join('\t');
}

type Craft =
  | { kind: 'forge-empty'; line: number; key: string }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'swap-paths'; a: number; b: number }
  | { kind: 'duplicate'; line: number }
  | { kind: 'old-format' }
  | { kind: 'garbage'; bytes: Uint8Array }
  | { kind: 'header-workspace'; value: string };

const craft: fc.Arbitrary<Craft> = fc.oneof(
  fc.record({ kind: fc.constant('forge-empty' as const), line: fc.nat(8), key: fc.string({ minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap-paths' as const), a: fc.nat(8), b: fc.nat(8) }),
  fc.record({ kind: fc.constant('duplicate' as const), line: fc.nat(8) }),
  fc.constant({ kind: 'old-format' as const }),
  fc.record({ kind: fc.constant('garbage' as const), bytes: fc.uint8Array({ maxLength: 300 }) }),
  fc.record({ kind: fc.constant('header-workspace' as const), value: fc.string({ maxLength: 50 }) }),
);

function apply(buf: Buffer, c: Craft): Buffer {
  const text = buf.toString('utf8');
  const lines = text.split('\n');
  const body = lines.slice(1, -1);
  switch (c.kind) {
    case 'forge-empty': {
      if (!body.length) return buf;
      const i = c.line % body.length;
      const [mac, meta, index] = body[i].split('\t');
      const m = JSON.parse(meta);
      m.counts = { error: 0, warning: 0, total: 0 };
      body[i] = resign([mac, JSON.stringify(m), index, '[]'].join('\t'), c.key);
      return Buffer.from([lines[0], ...body, ''].join('\n'));
    }
    case 'flip': {
      const out = Buffer.from(buf);
      if (out.length) out[c.at % out.length] ^= 1 << c.bit;
      return out;
    }
    case 'truncate':
      return buf.subarray(0, buf.length ? c.at % buf.length : 0);
    case 'swap-paths': {
      if (body.length < 2) return buf;
      const i = c.a % body.length;
      const j = c.b % body.length;
      const pi = body[i].split('\t');
      const pj = body[j].split('\t');
      const mi = JSON.parse(pi[1]);
      const mj = JSON.parse(pj[1]);
      [mi.path, mj.path] = [mj.path, mi.path];
      pi[1] = JSON.stringify(mi);
      pj[1] = JSON.stringify(mj);
      body[i] = pi.join('\t');
      body[j] = pj.join('\t');
      return Buffer.from([lines[0], ...body, ''].join('\n'));
    }
    case 'duplicate': {
      if (!body.length) return buf;
      const i = c.line % body.length;
      return Buffer.from([lines[0], ...body, body[i], ''].join('\n'));
    }
    case 'old-format':
      // The committed cache: format 3, no MACs, "no messages, counts 0".
      return Buffer.from(
        [JSON.stringify({ format: 3, parley: VERSION }), ...body.map((l) => { const [, meta, index] = l.split('\t'); const m = JSON.parse(meta); m.counts = { error: 0, warning: 0, total: 0 }; return [JSON.stringify(m), index, '[]'].join('\t'); }), ''].join('\n'),
      );
    case 'garbage':
      return Buffer.concat([buf, Buffer.from(c.bytes)]);
    case 'header-workspace': {
      // (a header an earlier craft already broke, e.g. truncated to nothing, stays broken)
      let head: Record<string, unknown>;
      try {
        head = JSON.parse(lines[0]);
      } catch {
        return buf;
      }
      if (!head || typeof head !== 'object') return buf;
      head.workspace = c.value;
      return Buffer.from([JSON.stringify(head), ...lines.slice(1)].join('\n'));
    }
  }
}

describe('hostile workspace: crafted caches', () => {
  it('a cache whose entries all say "no messages, counts 0", signed with another key, hides nothing', async () => {
    const dir = workspace();
    const files = filesOf(dir);
    const base = await lintFilesAsync(files, new ConfigLoader(), { jobs: 1 });
    const cacheFile = path.join(dir, '.parleycache');
    await lintFilesAsync(files, new ConfigLoader(), { jobs: 1, cache: { file: cacheFile, version: VERSION } });
    const lines = fs.readFileSync(cacheFile, 'utf8').split('\n');
    const forged = [lines[0], ...lines.slice(1, -1).map((l) => { const [mac, meta, index] = l.split('\t'); const m = JSON.parse(meta); m.counts = { error: 0, warning: 0, total: 0 }; return resign([mac, JSON.stringify(m), index, '[]'].join('\t'), 'the attacker’s key'); }), ''].join('\n');
    fs.writeFileSync(cacheFile, forged);
    const r = await lintFilesAsync(files, new ConfigLoader(), { jobs: 1, cache: { file: cacheFile, version: VERSION } });
    expect(count(base)).toBeGreaterThan(5);
    expect(plain(r)).toBe(plain(base));
    expect(r.stats.fromCache).toBe(0);
    // …and the key that vouches for entries is this user's, 0600, outside the workspace.
    const keyFile = path.join(keyHome, 'parley', 'key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    // A warm run with the genuine cache it rewrote reuses everything.
    const warm = await lintFilesAsync(files, new ConfigLoader(), { jobs: 1, cache: { file: cacheFile, version: VERSION } });
    expect(warm.stats.fromCache).toBe(files.length);
    expect(plain(warm)).toBe(plain(base));
    fs.rmSync(dir, { recursive: true, force: true }); // (on a tmpfs: memory)
  });

  it('property: --cache over any crafted cache gives exactly the findings of a run without it', async () => {
    const dir = workspace();
    const files = filesOf(dir);
    const base = plain(await lintFilesAsync(files, new ConfigLoader(), { jobs: 1 }));
    const cacheFile = path.join(dir, '.parleycache');
    await lintFilesAsync(files, new ConfigLoader(), { jobs: 1, cache: { file: cacheFile, version: VERSION } });
    const genuine = fs.readFileSync(cacheFile);
    let run = 0;
    let cliRuns = 0;
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    await fc.assert(
      fc.asyncProperty(fc.array(craft, { minLength: 1, maxLength: 4 }), async (crafts) => {
        progress('crafted caches', run, started);
        let buf: Buffer = genuine as Buffer;
        for (const c of crafts) {
          try {
            buf = apply(buf, c);
          } catch {
            // (a craft that cannot apply to what earlier crafts left — a line they broke — is skipped)
          }
        }
        fs.writeFileSync(cacheFile, buf);
        if (run++ % CLI_EVERY === 0) {
          // The built CLI over the same crafted cache: the same results, the exit code they call for.
          const c = cliLint(dir);
          expect(c.code, c.stderr).toBe(1);
          expect(plain({ results: JSON.parse(c.stdout) })).toBe(base);
          cliRuns++;
          fs.writeFileSync(cacheFile, buf);
        }
        const r = await lintFilesAsync(files, new ConfigLoader(), { jobs: 1, cache: { file: cacheFile, version: VERSION } });
        expect(plain(r)).toBe(base);
        // What it wrote back is sound too.
        const again = await lintFilesAsync(files, new ConfigLoader(), { jobs: 1, cache: { file: cacheFile, version: VERSION } });
        expect(plain(again)).toBe(base);
      }),
      { numRuns: HOSTILE_RUNS, seed: SEED },
    );
    expect(cliRuns).toBe(Math.ceil(run / CLI_EVERY));
    report('crafted caches', run, cliRuns, started, cpuStart);
    fs.rmSync(dir, { recursive: true, force: true });
  }, HOSTILE_TIMEOUT);
});
