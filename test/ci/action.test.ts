/**
 * The GitHub Action (action.yml) as GitHub runs a composite action: each `run` step in bash with
 * `-eo pipefail`, `${{ inputs.* }}`, `${{ github.action_path }}` and `${{ steps.*.outputs.* }}`
 * substituted, outputs collected from $GITHUB_OUTPUT. The `uses:` steps (actions/setup-node,
 * github/codeql-action/upload-sarif) are GitHub's own and cannot run here; for them the test checks
 * what they are given: the condition and the SARIF file they upload, and plays their outcome
 * (an upload that fails where code scanning is unavailable).
 *
 * The action installs the released package: here the tarball `scripts/pack.mjs` makes from this
 * checkout (given as the `package` input), installed offline into a fresh prefix as on a runner.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  'continue-on-error'?: boolean;
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
  stderr: Record<string, string>;
  /** The step that failed the job, if any (GitHub stops there). */
  failed?: string;
  /** Names of the `uses` steps reached, with their inputs after substitution. */
  uses: { name: string; uses: string; with: Record<string, string> }[];
  /** Outcome of each step by id (success, failure; absent: skipped). */
  outcomes: Record<string, string>;
  /** What the steps wrote to $GITHUB_STEP_SUMMARY. */
  summary: string;
}

interface Env {
  /** github.event.pull_request.head.repo.fork */
  fork?: boolean;
  /** Outcome of the SARIF upload (GitHub's action): 'failure' where code scanning is unavailable. */
  uploadOutcome?: 'success' | 'failure';
  /** $RUNNER_TEMP (default: one for the whole file, as a reused runner). */
  runnerTemp?: string;
  /** Extra environment for the run steps. */
  env?: Record<string, string>;
}

/** The package the action installs in these tests: this checkout, packed as a release is. */
let TARBALL = '';
let RUNNER_TEMP = '';
beforeAll(() => {
  const out = tempDir();
  TARBALL = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'pack.mjs'), '--out', out], { encoding: 'utf8' }).trim();
  RUNNER_TEMP = tempDir();
}, 120_000);

/** Run the action in `workspace` with the given inputs (the rest at their defaults). */
function runAction(workspace: string, given: Record<string, string> = {}, gh: Env = {}): Run {
  for (const k of Object.keys(given)) expect(action.inputs, `unknown input ${k}`).toHaveProperty(k);
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? (k === 'package' ? TARBALL : undefined) ?? v.default ?? '']));
  const result: Run = { outputs: {}, codes: {}, stdout: {}, stderr: {}, uses: [], outcomes: {}, summary: '' };
  const runnerTemp = gh.runnerTemp ?? RUNNER_TEMP;
  const summaryFile = path.join(runnerTemp, `step-summary-${process.hrtime.bigint()}`);
  fs.writeFileSync(summaryFile, '');
  const expr = (e: string): string => {
    let m: RegExpExecArray | null;
    if ((m = /^inputs\.([\w-]+)$/.exec(e))) return inputs[m[1]];
    if (e === 'github.action_path') return ROOT;
    if (e === 'github.event.pull_request.head.repo.fork') return gh.fork ? 'true' : '';
    if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e))) return result.outputs[m[1]]?.[m[2]] ?? '';
    if ((m = /^steps\.([\w-]+)\.outcome$/.exec(e))) return result.outcomes[m[1]] ?? '';
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
        const m = /^(\S+)\s*(==|!=)\s*(?:'(.*)'|(true|false))$/.exec(p);
        if (!m) throw new Error(`condition not handled by this test: ${p}`);
        return (expr(m[1]) === (m[3] ?? (m[4] === 'true' ? 'true' : ''))) === (m[2] === '==');
      });
      if (!ok) continue;
    } else if (result.failed !== undefined) continue;
    if (step.uses) {
      result.uses.push({ name, uses: step.uses, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, subst(String(v))])) });
      const outcome = step.uses.startsWith('github/codeql-action/upload-sarif') ? (gh.uploadOutcome ?? 'success') : 'success';
      if (step.id) result.outcomes[step.id] = outcome;
      if (outcome === 'failure' && !step['continue-on-error']) result.failed = name;
      continue;
    }
    expect(step.shell, `${name}: shell`).toBe('bash');
    const outFile = path.join(workspace, `.github-output-${step.id ?? 'x'}`);
    fs.writeFileSync(outFile, '');
    const cwd = path.resolve(workspace, subst(step['working-directory'] ?? '.'));
    const env = { ...process.env, ...gh.env, GITHUB_OUTPUT: outFile, GITHUB_STEP_SUMMARY: summaryFile, RUNNER_TEMP: runnerTemp, NO_COLOR: '1', ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, subst(String(v))])) };
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', subst(step.run!)], { cwd, env, encoding: 'utf8' });
    result.codes[name] = r.status ?? -1;
    result.stdout[name] = r.stdout;
    result.stderr[name] = r.stderr;
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
    if (step.id) result.outcomes[step.id] = r.status === 0 ? 'success' : 'failure';
    if (r.status !== 0) result.failed = name;
  }
  result.summary = fs.readFileSync(summaryFile, 'utf8');
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

  it('the job summary lists each finding’s suggestions (safe wordings, did-you-means), from SARIF and from JSON', () => {
    const ws = tempDir({ 'a.parley': clean.replace('坐席: 请问您今天几点方便处理?', '坐席: 欠钱不还是犯法的,请问您今天几点方便处理?') });
    const sarif = runAction(ws, { upload: 'false', 'fail-on-findings': 'false' });
    expect(sarif.summary).toMatch(/^\| a\.parley \| 7 \| error \| criminal-threat \| .+ \| 改用安全说法「违约」 \|$/m);
    const json = runAction(ws, { format: 'json', upload: 'false', 'fail-on-findings': 'false' });
    expect(json.summary).toMatch(/\| error \| criminal-threat \| .+ \| 改用安全说法「违约」 \|$/m);
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

  it('installs the released package into a fresh prefix (no npm ci, no build of this repository) and lints with it', () => {
    const text = fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
    expect(text).not.toMatch(/npm ci|scripts\/build\.mjs|npx /);
    const runnerTemp = tempDir();
    const ws = tempDir({ 'scripts/b.parley': abusive });
    const t0 = Date.now();
    const r = runAction(ws, { format: 'json', upload: 'false', 'fail-on-findings': 'false' }, { runnerTemp });
    const elapsed = Date.now() - t0;
    expect(r.failed).toBeUndefined();
    expect(r.outputs.install.bin).toBe(path.join(runnerTemp, 'parley-lint', 'bin', 'parley'));
    expect(r.stdout['Install Parley']).toContain(`Installing ${TARBALL}`);
    expect(r.stdout['Install Parley'].trim().split('\n').at(-1)).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    expect(r.stderr['Install Parley']).toBe(''); // no warning from npm or from the package
    expect(r.stdout.Lint).toContain('abusive-language');
    // A fresh runner: install and first finding (GitHub's setup-node aside). Printed, not asserted (no timed assertions).
    console.log(`[action] install + lint on a fresh prefix: ${elapsed} ms`);
  });

  it('with no package input it installs parley-lint at the action’s own version (the tag used)', () => {
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    // Offline, with an empty cache: the install cannot succeed here, but says what it installs.
    const r = runAction(tempDir({ 'a.parley': clean }), { package: '' }, { runnerTemp: tempDir(), env: { npm_config_offline: 'true', npm_config_cache: tempDir() } });
    expect(r.stdout['Install Parley']).toContain(`Installing parley-lint@${version}`);
    expect(r.failed).toBe('Install Parley');
    expect(r.codes.Lint).toBeUndefined();
  });

  it('code scanning unavailable: a failed upload does not fail the job, a fork skips it, and the result is reported either way', () => {
    const ws = tempDir({ 'scripts/b.parley': abusive });
    const failedUpload = runAction(ws, { 'fail-on-findings': 'false' }, { uploadOutcome: 'failure' });
    expect(failedUpload.outcomes.upload).toBe('failure');
    expect(failedUpload.failed).toBeUndefined();
    expect(failedUpload.stdout.Result).toMatch(/^::warning::Code scanning did not take the SARIF report/m);
    const sarif = JSON.parse(fs.readFileSync(path.join(ws, 'parley.sarif'), 'utf8'));
    const errors = sarif.runs[0].results.filter((x: { level: string }) => x.level === 'error').length;
    expect(errors).toBeGreaterThan(0);
    expect(failedUpload.summary).toContain(`### Parley: exit 1 — ${errors} errors`);
    expect(failedUpload.summary).toMatch(/\| scripts\/b\.parley \| \d+ \| error \| abusive-language \|/);

    const fork = runAction(ws, {}, { fork: true });
    expect(fork.uses.some((u) => u.uses.includes('upload-sarif'))).toBe(false);
    expect(fork.stdout.Result).toMatch(/^::notice::SARIF upload skipped/m);
    expect(fork.summary).toContain('abusive-language');
    expect(fork.failed).toBe('Result'); // findings still fail the job (fail-on-findings: true)

    const uploaded = runAction(ws, { 'fail-on-findings': 'false' });
    expect(uploaded.stdout.Result).toContain('SARIF report uploaded to code scanning.');
  });
});
