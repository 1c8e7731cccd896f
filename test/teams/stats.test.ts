/** `parley lint --stats`: times per phase and rule, findings per rule, in stylish and json. */
import { describe, expect, it } from 'vitest';
import { copyExamples } from '../helpers/cli';
import { runCli } from '../helpers/run';
import { RULE_IDS } from '../../server/src/core/rules';

interface Msg {
  ruleId: string | null;
}
interface R {
  filePath: string;
  messages: Msg[];
  stats?: { times: { read: number; parse: number; index: number; lint: number; rules: Record<string, number> }; findings: Record<string, number> };
}

describe('--stats', () => {
  const dir = copyExamples();

  it('json: a `stats` property on each result; the array and its messages are unchanged', async () => {
    const plain = JSON.parse((await runCli(['lint', '--format', 'json'], { cwd: dir })).stdout) as R[];
    const r = await runCli(['lint', '--format', 'json', '--stats'], { cwd: dir });
    const withStats = JSON.parse(r.stdout) as R[];
    expect(Array.isArray(withStats)).toBe(true);
    expect(withStats.map(({ filePath, messages }) => ({ filePath, messages }))).toEqual(plain);
    for (const res of withStats) {
      const s = res.stats!;
      expect(Object.keys(s.times).sort()).toEqual(['index', 'lint', 'parse', 'read', 'rules']);
      for (const k of ['read', 'parse', 'index', 'lint'] as const) expect(s.times[k]).toBeGreaterThanOrEqual(0);
      expect(s.times.parse + s.times.lint).toBeGreaterThan(0);
      // Every rule that ran has a time; every id is a rule.
      expect(Object.keys(s.times.rules).length).toBeGreaterThan(20);
      for (const id of Object.keys(s.times.rules)) expect(RULE_IDS.has(id), id).toBe(true);
      // Findings per rule are the messages' counts.
      const counted: Record<string, number> = {};
      for (const m of res.messages) if (m.ruleId) counted[m.ruleId] = (counted[m.ruleId] ?? 0) + 1;
      expect(s.findings).toEqual(counted);
    }
    // The run's table goes to standard error, not into the JSON.
    expect(r.stderr).toMatch(/^阶段\s+耗时\s+占比$/m);
  });

  it('stylish: a table after the results with the five phases and each rule’s time and findings', async () => {
    const json = JSON.parse((await runCli(['lint', '--format', 'json'], { cwd: dir })).stdout) as R[];
    const r = await runCli(['lint', '--stats'], { cwd: dir });
    const at = r.stdout.indexOf('耗时统计（');
    expect(at).toBeGreaterThan(r.stdout.indexOf('个问题'));
    const table = r.stdout.slice(at);
    for (const p of ['read', 'parse', 'index', 'lint', 'format', 'total']) expect(table).toMatch(new RegExp(`^${p}\\s+\\d+\\.\\d\\s+\\d+\\.\\d%$`, 'm'));
    const found = new Map<string, number>();
    for (const res of json) for (const m of res.messages) if (m.ruleId) found.set(m.ruleId, (found.get(m.ruleId) ?? 0) + 1);
    for (const [id, n] of found) expect(table, id).toMatch(new RegExp(`^${id}\\s+\\d+\\.\\d\\s+${n}$`, 'm'));
    expect(table).toMatch(/^abusive-language\s+\d+\.\d\s+\d+$/m);
  });

  it('sarif: the report stays valid SARIF; the table goes to standard error', async () => {
    const r = await runCli(['lint', '--format', 'sarif', '--stats'], { cwd: dir });
    expect(JSON.parse(r.stdout).version).toBe('2.1.0');
    expect(r.stderr).toContain('耗时统计（');
    // In English with --locale en; the phase names and rule ids are data in both.
    const en = await runCli(['lint', '--format', 'sarif', '--stats', '--locale', 'en'], { cwd: dir });
    expect(en.stderr).toMatch(/^Stats \(\d+ files; times in ms\)$/m);
    expect(en.stderr).toMatch(/^phase\s+time\s+share$/m);
    expect(en.stderr).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
