/**
 * Hostile-workspace mode of the fuzz suite (issue 13): crafted caches, links to devices and FIFOs,
 * pathological configs. Properties:
 *   - `--cache` never reports fewer findings than a run without it — whatever the cache file holds
 *     (forged entries with another key, flipped bytes, truncations, swapped or duplicated lines),
 *     the results are exactly those of a run without a cache;
 *   - a workspace with links to /dev/zero, FIFOs, dangling links and odd configs ends, and its
 *     regular files get the findings they get on their own.
 * PARLEY_FUZZ_RUNS sets the runs (300 in the regular suite, 100,000 in `npm run fuzz`); each run
 * here is a whole lint, so the count is divided by HOSTILE_DIVISOR (PARLEY_FUZZ_HOSTILE_RUNS
 * overrides).
 */
import { createHmac } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../server/src/core/config';
import { ConfigLoader } from '../../server/src/node/config-loader';
import { lintFilesAsync } from '../../server/src/node/lint-files';
import { RUNS, SEED } from './arbitraries';

const HOSTILE_DIVISOR = 10;
const HOSTILE_RUNS = Number(process.env.PARLEY_FUZZ_HOSTILE_RUNS || Math.max(20, Math.round(RUNS / HOSTILE_DIVISOR)));
const VERSION = '9.9.9-fuzz';

const script = (title: string, lines: string[], jumps: string[] = []) =>
  [`title: ${title}`, 'stage: M2', 'audience: debtor', 'channel: call', '---', ...lines.map((l) => `坐席: ${l}`), ...jumps.map((j) => `<<jump ${j}>>`), '==='].join('\n') + '\n';

const FILES: Record<string, string> = {
  'a.parley': script('开场', ['您好，我是{company}的{agent_name}，请问是{debtor_name}先生本人吗？', '你这个老赖，今天必须还钱！'], ['本人', '不存在']),
  'b.parley': script('本人', ['您好，请问您今天几点方便处理？', '你再不还，我们就天天打给你家人。']),
  'c.parley': script('本人', ['您好，我是{agent_name}，工号{agent_id}。', '你的身份证号是110105194912310029。']),
  'd.parley': script('结束', ['谢谢您的配合，再见。']),
};

let keyHome: string;
const savedXdg = process.env.XDG_CACHE_HOME;
const savedKey = process.env.PARLEY_CACHE_KEY;
beforeAll(() => {
  keyHome = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-keyhome-'));
  process.env.XDG_CACHE_HOME = keyHome; // this user's key: created 0600 under it
  delete process.env.PARLEY_CACHE_KEY;
});
afterAll(() => {
  if (savedXdg === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedXdg;
  if (savedKey !== undefined) process.env.PARLEY_CACHE_KEY = savedKey;
});

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-hostile-'));
  for (const [f, t] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, f), t);
  return dir;
}
const filesOf = (dir: string) => Object.keys(FILES).map((f) => path.join(dir, f));
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
  });

  it('property: --cache over any crafted cache gives exactly the findings of a run without it', async () => {
    const dir = workspace();
    const files = filesOf(dir);
    const base = plain(await lintFilesAsync(files, new ConfigLoader(), { jobs: 1 }));
    const cacheFile = path.join(dir, '.parleycache');
    await lintFilesAsync(files, new ConfigLoader(), { jobs: 1, cache: { file: cacheFile, version: VERSION } });
    const genuine = fs.readFileSync(cacheFile);
    await fc.assert(
      fc.asyncProperty(fc.array(craft, { minLength: 1, maxLength: 4 }), async (crafts) => {
        let buf: Buffer = genuine as Buffer;
        for (const c of crafts) {
          try {
            buf = apply(buf, c);
          } catch {
            // (a craft that cannot apply to what earlier crafts left — a line they broke — is skipped)
          }
        }
        fs.writeFileSync(cacheFile, buf);
        const r = await lintFilesAsync(files, new ConfigLoader(), { jobs: 1, cache: { file: cacheFile, version: VERSION } });
        expect(plain(r)).toBe(base);
        // What it wrote back is sound too.
        const again = await lintFilesAsync(files, new ConfigLoader(), { jobs: 1, cache: { file: cacheFile, version: VERSION } });
        expect(plain(again)).toBe(base);
      }),
      { numRuns: HOSTILE_RUNS, seed: SEED },
    );
  }, 600_000);
});

describe('hostile workspace: links, devices, FIFOs and configs', () => {
  const hasMkfifo = (() => {
    try {
      execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
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
        if (hasMkfifo) execFileSync('mkfifo', [p]);
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

  it('property: the run ends, hostile entries are reported (never read), regular files get their own findings', async () => {
    const alone = new Map<string, string>();
    {
      const dir = workspace();
      const r = await lintFilesAsync(filesOf(dir), new ConfigLoader(), { jobs: 1 });
      for (const x of r.results) alone.set(path.basename(x.filePath), JSON.stringify(x.messages).split(dir).join('<dir>'));
    }
    await fc.assert(
      fc.asyncProperty(fc.array(thing, { minLength: 1, maxLength: 5 }), configArb, async (things, config) => {
        const dir = workspace();
        things.forEach((t, i) => place(dir, `h${i}.parley`, t));
        if (config === 'dev-zero') fs.symlinkSync('/dev/zero', path.join(dir, 'parley.config.json'));
        else if (typeof config === 'string') fs.writeFileSync(path.join(dir, 'parley.config.json'), config);
        else if (config !== undefined) fs.writeFileSync(path.join(dir, 'parley.config.json'), JSON.stringify(config));
        const { expandPatterns } = await import('../../server/src/node/files');
        const { files } = await expandPatterns([], dir);
        let r;
        try {
          r = await lintFilesAsync(files, new ConfigLoader(), { jobs: 1, cache: { file: path.join(dir, '.parleycache'), version: VERSION } });
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError); // a bad config is a config error (exit 2), nothing else
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
        fs.rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: HOSTILE_RUNS, seed: SEED },
    );
  }, 600_000);
});
