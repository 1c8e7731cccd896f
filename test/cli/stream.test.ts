/**
 * `parley lint --format json` on files streams its output (issue 8: memory): each file's result is
 * printed as soon as it and every file before it are done. The bytes, the notes on stderr and the
 * exit code are those of the run that collects every result first (here: a --cache run, which
 * does), with a suppressions baseline, --quiet, --max-warnings and worker threads; a baseline that
 * cannot be used prints nothing at all. Step 2's messages kept as parts or compressed give the same
 * results, and compressed ones come back in one buffer.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigLoader } from '../../server/src/node/config-loader';
import { Shard, type ShardInit } from '../../server/src/node/lint-files';
import { pack, unpack } from '../../server/src/node/lint-files/shard';
import { wholeBuffer } from '../../server/src/node/discard';
import { indexSummaries } from '../../server/src/core/workspace';
import { cli, copyExamples } from '../helpers/cli';

/** The examples plus a baseline: one entry that hides findings, one that no longer occurs. */
function workspace(): string {
  const dir = copyExamples();
  const first = JSON.parse(cli(['lint', '--format', 'json'], { cwd: dir }).stdout) as { filePath: string; messages: { ruleId: string; severity: string }[] }[];
  const withErrors = first.find((r) => r.messages.some((m) => m.severity === 'error'))!;
  const rule = withErrors.messages.find((m) => m.severity === 'error')!.ruleId;
  const count = withErrors.messages.filter((m) => m.ruleId === rule && (m.severity === 'error' || m.severity === 'warning')).length;
  const key = path.relative(dir, withErrors.filePath).split(path.sep).join('/');
  fs.writeFileSync(path.join(dir, 'parley-suppressions.json'), JSON.stringify({ [key]: { [rule]: { count } }, [path.basename(first[0].filePath)]: { 'no-such-findings-here': { count: 3 } } }));
  return dir;
}

describe('json output, streamed', () => {
  it('the same bytes, notes and exit code as a run that collects every result first', () => {
    const dir = workspace();
    for (const extra of [[], ['--quiet'], ['--max-warnings', '0', '--pass-on-unpruned-suppressions'], ['--jobs', '2'], ['--jobs', '3', '--locale', 'en']]) {
      const streamed = cli(['lint', '--format', 'json', ...extra], { cwd: dir });
      fs.rmSync(path.join(dir, '.parleycache'), { force: true });
      const collected = cli(['lint', '--format', 'json', '--cache', ...extra], { cwd: dir });
      expect(streamed.stdout.length).toBeGreaterThan(1000);
      expect(streamed.stdout).toBe(collected.stdout);
      expect(streamed.stderr).toBe(collected.stderr);
      expect(streamed.code).toBe(collected.code);
    }
    // (the baseline hid something, and its stale entry is reported)
    expect(cli(['lint', '--format', 'json'], { cwd: dir }).stderr).toMatch(/parley-suppressions\.json/);
  });

  it('no files: []; a baseline that cannot be used: nothing on stdout, exit 2', () => {
    const dir = workspace();
    const none = cli(['lint', '--format', 'json', 'nothing-*.parley'], { cwd: dir });
    expect(none.stdout).toBe('[]');
    fs.writeFileSync(path.join(dir, 'parley-suppressions.json'), '{ 坏的 JSON');
    const bad = cli(['lint', '--format', 'json', '--jobs', '2'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^parley：\S*parley-suppressions\.json：/);
  });

  it('step 2’s messages kept as parts or compressed are the same messages', () => {
    const dir = copyExamples();
    const loader = new ConfigLoader();
    const list = fs.readdirSync(dir).filter((f) => f.endsWith('.parley')).sort().map((f) => path.join(dir, f));
    const init = (early: boolean, earlyPlainBytes?: number, earlyPartsUnits?: number): ShardInit => ({ files: list.map((p) => ({ path: p, config: 0 })), configs: [loader.forFile(list[0]).resolved], fix: false, early, earlyPlainBytes, earlyPartsUnits });
    const run = (i: ShardInit) => {
      const shard = new Shard(i);
      const index = indexSummaries(shard.index().flatMap((x) => (x.summary ? [x.summary] : [])));
      return shard.lint(index, list.map(() => true)).map((l) => JSON.stringify(l!.result.messages));
    };
    const plain = run(init(false));
    expect(plain.join('').length).toBeGreaterThan(1000);
    // (as parts; then, the parts table full, compressed)
    expect(run(init(true, 0))).toEqual(plain);
    expect(run(init(true, 2000))).toEqual(plain);
    expect(run(init(true, 0, 0))).toEqual(plain);
    expect(run(init(true, 2000, 500))).toEqual(plain);
  });

  it('compressed messages come back in one buffer of their own, a byte larger than them (no pieces joined)', () => {
    for (const n of [2, 10, 16_384, 52_000, 200_000]) {
      const json = new TextEncoder().encode(JSON.stringify(Array.from({ length: n }, (_, i) => i % 97)).slice(0, n));
      const back = unpack(pack(json), json.length);
      expect(Buffer.from(back).equals(Buffer.from(json))).toBe(true);
      expect(back.byteOffset).toBe(0);
      // (under 4 KB zlib's room is a slice of Buffer's pool: then a copy of their exact size)
      expect(back.buffer.byteLength).toBe(n < 4095 ? n : n + 1);
      // its own: transferable whole to the main thread, and freed there once written
      expect(wholeBuffer(back)).toBe(back.buffer);
    }
  });
});
