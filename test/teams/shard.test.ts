/** `parley lint --shard i/n`: every shard sees the whole workspace; the union of the shards is the full run. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, copyExamples, ROOT } from '../helpers/cli';
import { runCli } from '../helpers/run';
import { parseShard, shardOf } from '../../server/src/cli/shard';

interface R {
  filePath: string;
  messages: unknown[];
}

const node = (title: string, ...lines: string[]) => [`title: ${title}`, 'stage: M2', 'audience: debtor', 'channel: call', '---', '坐席: 您好，我是{company}的{agent_name}，请问是{debtor_name}先生本人吗？', ...lines, '==='].join('\n') + '\n';

/** The shared examples, plus scripts whose titles and jumps cross files: duplicates, jumps into other files, a jump to nowhere. */
function workspace(): string {
  const dir = copyExamples();
  for (let i = 0; i < 24; i++) {
    const f = path.join(dir, `flow/step-${String(i).padStart(2, '0')}.parley`);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    const lines = [`-> 客户: 是我。`, `    <<jump 第${(i + 1) % 24}步>>`, '-> 客户: 不是。', `    <<jump ${i % 5 === 0 ? '没有这个节点' : '结束'}>>`];
    fs.writeFileSync(f, node(`第${i}步`, ...lines) + (i % 6 === 0 ? '\n' + node('重复的标题', '坐席: 请问您今天几点方便处理？') : ''));
  }
  fs.writeFileSync(path.join(dir, 'flow/end.parley'), node('结束', '坐席: 好的，谢谢您，再见！'));
  return dir;
}

const byFile = (rs: R[]) => [...rs].sort((a, b) => a.filePath.localeCompare(b.filePath));

describe('--shard', () => {
  it('parses i/n and refuses anything else (exit 2)', async () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '1/0', '1', 'a/b', '1/2/3']) expect(typeof parseShard(bad), bad).toBe('string');
    const r = await runCli(['lint', '--shard', '3/2'], { cwd: copyExamples() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--shard');
  });

  it('the union of the shards equals the full run, cross-file findings included; each file in exactly one shard', async () => {
    const dir = workspace();
    const full = await runCli(['lint', '--format', 'json'], { cwd: dir });
    const fullResults = JSON.parse(full.stdout) as R[];
    expect(fullResults.length).toBe(31);
    const rules = new Set(fullResults.flatMap((r) => (r.messages as { ruleId: string }[]).map((m) => m.ruleId)));
    expect(rules).toContain('duplicate-title');
    expect(rules).toContain('undefined-jump');
    // The duplicates sit in files of different shards (else the test would prove little).
    const dupFiles = fullResults.filter((r) => (r.messages as { ruleId: string }[]).some((m) => m.ruleId === 'duplicate-title') && r.filePath.includes('step-'));
    expect(new Set(dupFiles.map((r) => shardOf(r.filePath, dir, 3))).size).toBeGreaterThan(1);

    const union: R[] = [];
    const codes: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const r = await runCli(['lint', '--format', 'json', '--shard', `${i}/3`], { cwd: dir });
      const part = JSON.parse(r.stdout) as R[];
      expect(part.length, `shard ${i}/3 is not empty`).toBeGreaterThan(0);
      for (const x of part) expect(shardOf(x.filePath, dir, 3)).toBe(i);
      union.push(...part);
      codes.push(r.code);
    }
    expect(byFile(union)).toEqual(byFile(fullResults));
    expect(Math.max(...codes)).toBe(full.code);

    // The same with worker threads and with a warm per-shard cache (the built CLI, as CI runs it).
    const threaded: R[] = [];
    for (let i = 1; i <= 2; i++) {
      const args = ['lint', '--format', 'json', '--shard', `${i}/2`, '--jobs', '2', '--cache', '--cache-location', `.cache-${i}`];
      cli(args, { cwd: dir });
      threaded.push(...(JSON.parse(cli(args, { cwd: dir }).stdout) as R[]));
    }
    expect(byFile(threaded)).toEqual(byFile(fullResults));
  });

  const hasJq = spawnSync('jq', ['--version']).status === 0;
  it.skipIf(!hasJq)('docs/CI.md: its jq command merges the shares\' SARIF into the full run\'s results (needs jq)', async () => {
    const docs = fs.readFileSync(path.join(ROOT, 'docs', 'CI.md'), 'utf8');
    const program = /run: jq -s '([^']+)' parley-\*\.sarif > parley\.sarif/.exec(docs)?.[1];
    expect(program, 'the merge step in docs/CI.md').toBeTruthy();
    const dir = workspace();
    const files: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const r = await runCli(['lint', '--format', 'sarif', '--shard', `${i}/4`], { cwd: dir });
      const f = path.join(dir, `parley-${i}.sarif`);
      fs.writeFileSync(f, r.stdout);
      files.push(f);
    }
    const merged = spawnSync('jq', ['-s', program!, ...files], { encoding: 'utf8' });
    expect(merged.status, merged.stderr).toBe(0);
    const full = JSON.parse((await runCli(['lint', '--format', 'sarif'], { cwd: dir })).stdout);
    const m = JSON.parse(merged.stdout);
    const key = (r: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: object } }[] }) => JSON.stringify([r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region, r.ruleId]);
    expect(m.runs).toHaveLength(1);
    expect(m.runs[0].results.map(key).sort()).toEqual(full.runs[0].results.map(key).sort());
    expect(m.runs[0].results.length).toBeGreaterThan(50);
    expect(m.runs[0].tool).toEqual(full.runs[0].tool);
  });

  it('a file keeps its shard when others are added (a stable hash of the relative path, POSIX separators)', () => {
    const a = shardOf('/w/flow/a.parley', '/w', 4);
    expect(shardOf('/elsewhere/flow/a.parley', '/elsewhere', 4)).toBe(a);
    expect(a).toBeGreaterThanOrEqual(1);
    expect(a).toBeLessThanOrEqual(4);
  });
});
