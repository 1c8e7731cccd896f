/**
 * The GitHub Action (action.yml) as GitHub runs a composite action: each `run` step in bash with
 * `-eo pipefail`, `${{ inputs.* }}`, `${{ github.action_path }}` and `${{ steps.*.outputs.* }}`
 * substituted, outputs collected from $GITHUB_OUTPUT. The `uses:` steps (actions/setup-node,
 * github/codeql-action/upload-sarif) are GitHub's own and cannot run here; for them the test checks
 * what they are given: the condition and the SARIF file they upload.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = load(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;

interface Run {
  /** Outputs of each step by id. */
  outputs: Record<string, Record<string, string>>;
  /** Exit code of each run step by name. */
  codes: Record<string, number>;
  /** Standard output of each run step by name. */
  stdout: Record<string, string>;
  /** The step that failed the job, if any (GitHub stops there). */
  failed?: string;
  /** Names of the `uses` steps reached, with their inputs after substitution. */
  uses: { name: string; uses: string; with: Record<string, string> }[];
}

/** Run the action in `workspace` with the given inputs (the rest at their defaults). */
function runAction(workspace: string, given: Record<string, string> = {}): Run {
  for (const k of Object.keys(given)) expect(action.inputs, `unknown input ${k}`).toHaveProperty(k);
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? v.default ?? '']));
  const result: Run = { outputs: {}, codes: {}, stdout: {}, uses: [] };
  const expr = (e: string): string => {
    let m: RegExpExecArray | null;
    if ((m = /^inputs\.([\w-]+)$/.exec(e))) return inputs[m[1]];
    if (e === 'github.action_path') return ROOT;
    if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e))) return result.outputs[m[1]]?.[m[2]] ?? '';
    throw new Error(`expression not handled by this test: ${e}`);
  };
  const subst = (s: string) => s.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, e: string) => expr(e));
  for (const step of action.runs.steps) {
    const name = step.name ?? step.uses ?? '?';
    if (step.if && result.failed === undefined) {
      // The conditions of this action: always() && a == 'x' && b != '' … (evaluated the GitHub way).
      const cond = step.if.replace(/^\$\{\{\s*|\s*\}\}$/g, '');
      const ok = cond.split('&&').every((part) => {
        const p = part.trim();
        if (p === 'always()') return true;
        const m = /^(\S+)\s*(==|!=)\s*'(.*)'$/.exec(p);
        if (!m) throw new Error(`condition not handled by this test: ${p}`);
        return (expr(m[1]) === m[3]) === (m[2] === '==');
      });
      if (!ok) continue;
    } else if (result.failed !== undefined) continue;
    if (step.uses) {
      result.uses.push({ name, uses: step.uses, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, subst(String(v))])) });
      continue;
    }
    expect(step.shell, `${name}: shell`).toBe('bash');
    const outFile = path.join(workspace, `.github-output-${step.id ?? 'x'}`);
    fs.writeFileSync(outFile, '');
    const cwd = path.resolve(workspace, subst(step['working-directory'] ?? '.'));
    const env = { ...process.env, GITHUB_OUTPUT: outFile, NO_COLOR: '1', ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, subst(String(v))])) };
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', subst(step.run!)], { cwd, env, encoding: 'utf8' });
    result.codes[name] = r.status ?? -1;
    result.stdout[name] = r.stdout;
    if (step.id) {
      result.outputs[step.id] = Object.fromEntries(
        fs
          .readFileSync(outFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    }
    fs.rmSync(outFile);
    if (r.status !== 0) result.failed = name;
  }
  return result;
}

const header = (title: string) => [`title: ${title}`, 'stage: M2', 'audience: debtor', 'channel: call', '---'];
const clean = [...header('本人'), '坐席: 您好,我是{company}的{agent_name},请问是{debtor_name}先生本人吗?', '坐席: 请问您今天几点方便处理?', '==='].join('\n') + '\n';
const abusive = [...header('其他'), '坐席: 您好,我是{company}的{agent_name},请问是{debtor_name}先生本人吗?', '坐席: 您这个老赖。', '==='].join('\n') + '\n';

describe('GitHub Action (action.yml)', () => {
  it('declares a composite action whose inputs and outputs the steps use', () => {
    expect(action.runs.using).toBe('composite');
    const text = fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
    for (const k of Object.keys(action.inputs)) expect(text, `input ${k} unused`).toContain(`inputs.${k}`);
    expect(action.outputs['exit-code'].value).toContain('steps.lint.outputs.exit-code');
  });

  it('defaults: lints every script, writes SARIF for the upload step, then fails on findings', () => {
    const ws = tempDir({ 'scripts/a.parley': clean, 'scripts/deep/b.parley': abusive });
    const r = runAction(ws);
    expect(r.outputs.lint['exit-code']).toBe('1');
    expect(r.outputs.lint.report).toBe('parley.sarif');
    const sarif = JSON.parse(fs.readFileSync(path.join(ws, 'parley.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    expect(results.map((x) => x.ruleId)).toContain('abusive-language');
    expect(results.find((x) => x.ruleId === 'abusive-language')!.locations[0].physicalLocation.artifactLocation.uri).toContain('scripts/deep/b.parley');
    // The upload runs although Parley found problems, with the report and the category.
    const upload = r.uses.find((u) => u.uses.startsWith('github/codeql-action/upload-sarif'));
    expect(upload?.with).toEqual({ sarif_file: './parley.sarif', category: 'parley' });
    expect(r.failed).toBe('Result');
    expect(r.codes.Result).toBe(1);
  });

  it('fail-on-findings: false reports without failing; a clean project passes', () => {
    const ws = tempDir({ 'a.parley': clean, 'b.parley': abusive });
    const r = runAction(ws, { 'fail-on-findings': 'false' });
    expect(r.outputs.lint['exit-code']).toBe('1');
    expect(r.failed).toBeUndefined();
    const ok = runAction(tempDir({ 'a.parley': clean }));
    expect(ok.outputs.lint['exit-code']).toBe('0');
    expect(ok.failed).toBeUndefined();
  });

  it('paths: globs expanded by Parley (not the shell), several separated by spaces or lines', () => {
    const ws = tempDir({ 'in/a.parley': clean, 'in/sub/b.parley': abusive, 'out/c.parley': abusive, 'also.parley': clean });
    const r = runAction(ws, { paths: 'in/**/*.parley\nalso.parley', format: 'json', upload: 'false', 'fail-on-findings': 'false' });
    const report = JSON.parse(fs.readFileSync(path.join(ws, 'parley.sarif'), 'utf8')) as { filePath: string }[];
    expect(report.map((x) => path.relative(ws, x.filePath)).sort()).toEqual(['also.parley', 'in/a.parley', 'in/sub/b.parley']);
    expect(r.uses.some((u) => u.uses.includes('upload-sarif'))).toBe(false);
    // A non-SARIF report is also printed to the log.
    expect(r.stdout.Lint).toContain('in/sub/b.parley');
  });

  it('format github prints workflow annotations; max-warnings and config are passed on', () => {
    const ws = tempDir({ 'b.parley': abusive.replace('===', '坐席: 你今天下午三点前能还多少?\n==='), 'strict.json': JSON.stringify({ root: true, rules: { 'abusive-language': 'off', 'prefer-honorific': 'warning' } }) });
    const r = runAction(ws, { format: 'github', output: 'report.txt', 'fail-on-findings': 'false' });
    expect(r.stdout.Lint).toMatch(/^::(error|warning) file=b\.parley,line=\d+/m);
    const off = runAction(ws, { format: 'json', config: 'strict.json', 'max-warnings': '0', output: 'r.json', 'fail-on-findings': 'true' });
    const messages = (JSON.parse(fs.readFileSync(path.join(ws, 'r.json'), 'utf8')) as { messages: { ruleId: string; severity: string }[] }[]).flatMap((x) => x.messages);
    expect(messages.map((m) => m.ruleId)).not.toContain('abusive-language');
    // --max-warnings 0: any warning or error fails (info does not count).
    const failing = messages.some((m) => m.severity === 'error' || m.severity === 'warning');
    expect(messages.some((m) => m.severity === 'warning')).toBe(true);
    expect(off.outputs.lint['exit-code']).toBe(failing ? '1' : '0');
    expect(off.failed).toBe(failing ? 'Result' : undefined);
  });

  it('exit code 2 (a broken config) always fails, even with fail-on-findings: false', () => {
    const ws = tempDir({ 'a.parley': clean, 'parley.config.json': '{ not json' });
    const r = runAction(ws, { 'fail-on-findings': 'false' });
    expect(r.outputs.lint['exit-code']).toBe('2');
    expect(r.failed).toBe('Result');
    expect(r.codes.Result).toBe(2);
  });

  it('cache and working-directory: the results cache is written where asked, and reused', () => {
    const ws = tempDir({ 'project/a.parley': clean, 'project/b.parley': abusive });
    const inputs = { 'working-directory': 'project', cache: 'true', 'cache-location': '.cache/parley', format: 'json', upload: 'false', 'fail-on-findings': 'false' };
    const first = runAction(ws, inputs);
    expect(fs.existsSync(path.join(ws, 'project', '.cache', 'parley'))).toBe(true);
    const firstReport = fs.readFileSync(path.join(ws, 'project', 'parley.sarif'), 'utf8');
    const second = runAction(ws, inputs);
    expect(second.outputs.lint['exit-code']).toBe(first.outputs.lint['exit-code']);
    expect(fs.readFileSync(path.join(ws, 'project', 'parley.sarif'), 'utf8')).toBe(firstReport);
  });
});
