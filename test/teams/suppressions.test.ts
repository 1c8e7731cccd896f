/** The suppressions baseline (`parley-suppressions.json`): its whole life cycle through the CLI. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli';
import { runCli as cli } from '../helpers/run';
import { applySuppressions, serializeSuppressions, updateSuppressions } from '../../server/src/node/suppressions';

const header = (title: string) => `title: ${title}\nstage: M2\naudience: debtor\nchannel: call\n---\n`;
const opening = '坐席: 您好，我是{company}的{agent_name}，请问是{debtor_name}先生本人吗？\n';
const ask = '坐席: 请问您今天几点方便处理？\n';
const abuse = '坐席: 您这个老赖。\n';
const phone = '坐席: 请您拨打13812345678联系我们。\n';
const script = (title: string, ...lines: string[]) => header(title) + opening + lines.join('') + ask + '===\n';

interface R {
  filePath: string;
  messages: { ruleId: string; severity: string }[];
}
const json = async (cwd: string, ...args: string[]) => {
  const r = await cli(['lint', '--format', 'json', ...args], { cwd });
  return { ...r, results: r.stdout ? (JSON.parse(r.stdout) as R[]) : [] };
};
const failing = (rs: R[]) => rs.flatMap((r) => r.messages.filter((m) => m.severity === 'error' || m.severity === 'warning').map((m) => `${path.basename(r.filePath)}:${m.ruleId}`)).sort();
const readBaseline = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

describe('suppressions baseline', async () => {
  it('suppress-all, new findings, fixed findings, prune: the adoption life cycle', async () => {
    const dir = tempDir({ 'a.parley': script('甲', abuse, abuse, phone), 'old/b.parley': script('乙', abuse) });
    const baseline = path.join(dir, 'parley-suppressions.json');

    // An existing library: the build fails.
    const first = await json(dir);
    expect(first.code).toBe(1);
    expect(failing(first.results)).toEqual(['a.parley:abusive-language', 'a.parley:abusive-language', 'a.parley:unmasked-identifier', 'b.parley:abusive-language']);

    // Record the baseline: counted per file (relative, POSIX) and rule.
    const rec = await cli(['lint', '--suppress-all'], { cwd: dir });
    expect(rec.code).toBe(0);
    // One language per note: Chinese by default.
    expect(rec.stderr).toBe('parley：已写入基线文件 parley-suppressions.json（3 个文件/规则条目，共 4 条问题）。\n');
    expect(readBaseline(baseline)).toEqual({
      'a.parley': { 'abusive-language': { count: 2 }, 'unmasked-identifier': { count: 1 } },
      'old/b.parley': { 'abusive-language': { count: 1 } },
    });
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]); // written atomically, nothing left over

    // Later runs pass…
    const again = await json(dir);
    expect(again.code).toBe(0);
    expect(failing(again.results)).toEqual([]);

    // …until a new finding appears: beyond the count, every finding of that rule in that file is reported.
    fs.writeFileSync(path.join(dir, 'old/b.parley'), script('乙', abuse, abuse));
    const more = await json(dir);
    expect(more.code).toBe(1);
    expect(failing(more.results)).toEqual(['b.parley:abusive-language', 'b.parley:abusive-language']);
    // A new rule in a suppressed file is reported alone.
    fs.writeFileSync(path.join(dir, 'old/b.parley'), script('乙', abuse, phone));
    expect(failing((await json(dir)).results)).toEqual(['b.parley:unmasked-identifier']);
    fs.writeFileSync(path.join(dir, 'old/b.parley'), script('乙', abuse));

    // Findings get fixed: the baseline no longer matches → exit 2 …
    fs.writeFileSync(path.join(dir, 'a.parley'), script('甲', abuse));
    const stale = await cli(['lint'], { cwd: dir });
    expect(stale.code).toBe(2);
    expect(stale.stderr).toBe(
      [
        'parley：parley-suppressions.json 中有 2 个基线条目已不再出现；加上 --prune-suppressions 运行可删除：',
        '  a.parley  abusive-language：基线 2 条，本次 1 条',
        '  a.parley  unmasked-identifier：基线 1 条，本次 0 条',
        '',
      ].join('\n'),
    );
    // … in English when asked, with nothing Chinese in it.
    const staleEn = await cli(['lint', '--locale', 'en'], { cwd: dir });
    expect(staleEn.code).toBe(2);
    expect(staleEn.stderr).toContain('parley: 2 suppressions in parley-suppressions.json no longer occur; run with --prune-suppressions to drop them:');
    expect(staleEn.stderr).toContain('a.parley  abusive-language: 2 suppressed, 1 found');
    expect(staleEn.stderr).toContain('a.parley  unmasked-identifier: 1 suppressed, 0 found');
    expect(staleEn.stderr).not.toMatch(/[\u4e00-\u9fff]/);
    // … unless told to pass …
    expect((await cli(['lint', '--pass-on-unpruned-suppressions'], { cwd: dir })).code).toBe(0);
    // … and pruning shrinks it to what still occurs.
    const pruned = await cli(['lint', '--prune-suppressions', '--locale', 'en'], { cwd: dir });
    expect(pruned.code).toBe(0);
    expect(pruned.stderr).toBe('parley: wrote parley-suppressions.json (2 findings in 2 file/rule entries)\n');
    expect(readBaseline(baseline)).toEqual({ 'a.parley': { 'abusive-language': { count: 1 } }, 'old/b.parley': { 'abusive-language': { count: 1 } } });
    expect((await cli(['lint'], { cwd: dir })).code).toBe(0);

    // A deleted file: pruning drops its entries.
    fs.rmSync(path.join(dir, 'old/b.parley'));
    expect((await cli(['lint', '--prune-suppressions'], { cwd: dir })).code).toBe(0);
    expect(readBaseline(baseline)).toEqual({ 'a.parley': { 'abusive-language': { count: 1 } } });
  });

  it('--suppress-rule records only that rule; unknown rules and bad files are errors (exit 2)', async () => {
    const dir = tempDir({ 'a.parley': script('甲', abuse, phone) });
    const r = await cli(['lint', '--suppress-rule', 'unmasked-identifier'], { cwd: dir });
    expect(r.code).toBe(1); // abusive-language is still reported
    expect(r.stdout).toContain('abusive-language');
    expect(r.stdout).not.toContain('unmasked-identifier');
    expect(readBaseline(path.join(dir, 'parley-suppressions.json'))).toEqual({ 'a.parley': { 'unmasked-identifier': { count: 1 } } });

    const unknown = await cli(['lint', '--suppress-rule', 'no-such-rule'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no-such-rule');

    fs.writeFileSync(path.join(dir, 'parley-suppressions.json'), '{ "a.parley": { "abusive-language": { "count": "两" } } }');
    const bad = await cli(['lint'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('count');
    fs.writeFileSync(path.join(dir, 'parley-suppressions.json'), '{ 坏的 JSON');
    expect((await cli(['lint'], { cwd: dir })).stderr).toContain('不是有效的 JSON'); // Chinese by default
  });

  it('--suppressions-location: a file or a folder elsewhere', async () => {
    const dir = tempDir({ 'scripts/a.parley': script('甲', abuse), 'ci/.keep': '' });
    expect((await cli(['lint', '--suppress-all', '--suppressions-location', 'ci/baseline.json'], { cwd: dir })).code).toBe(0);
    expect(readBaseline(path.join(dir, 'ci/baseline.json'))).toEqual({ 'scripts/a.parley': { 'abusive-language': { count: 1 } } });
    expect(fs.existsSync(path.join(dir, 'parley-suppressions.json'))).toBe(false);
    expect((await cli(['lint', '--suppressions-location', 'ci/baseline.json'], { cwd: dir })).code).toBe(0);
    expect((await cli(['lint'], { cwd: dir })).code).toBe(1); // the default location has no baseline
    expect((await cli(['lint', '--suppress-all', '--suppressions-location', 'ci'], { cwd: dir })).code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'ci/parley-suppressions.json'))).toBe(true);
  });

  it('counts errors and warnings only; serialises sorted; info findings are never suppressed', async () => {
    const base = '/w';
    const results = [
      { filePath: '/w/z.parley', messages: [{ ruleId: 'b', severity: 'error' as const, message: '', line: 1, column: 1, endLine: 1, endColumn: 1 }] },
      { filePath: '/w/a.parley', messages: [{ ruleId: 'i', severity: 'info' as const, message: '', line: 1, column: 1, endLine: 1, endColumn: 1 }] },
    ];
    const s = updateSuppressions({}, results, base, { rules: 'all' });
    expect(serializeSuppressions(s)).toBe('{\n  "z.parley": {\n    "b": {\n      "count": 1\n    }\n  }\n}\n');
    const applied = applySuppressions(results, s, base);
    expect(applied.results.map((r) => r.messages.length)).toEqual([0, 1]);
    expect(applied.suppressed).toBe(1);
  });
});

describe('suppressions baseline in the language server', () => {
  it('the CLI-written baseline makes covered findings hints (default) or hides them; new findings stay errors', async () => {
    const { LspClient, workspaceWith, uriOf } = await import('../lsp/client');
    const dir = workspaceWith({ 'scripts/a.parley': script('甲', abuse, phone) }, false);
    expect((await cli(['lint', '--suppress-rule', 'abusive-language'], { cwd: dir })).code).toBe(1);
    const file = path.join(dir, 'scripts/a.parley');
    const c = new LspClient();
    try {
      await c.initialize([dir]);
      const uri = c.open(file);
      const ds = await c.diagnosticsFor(uri, 1);
      const sev = (code: string) => ds.filter((d) => d.code === code).map((d) => d.severity);
      expect(sev('abusive-language')).toEqual([4]); // Hint
      // The hint's prefix is in the language of the message (Chinese here), not both.
      expect(ds.find((d) => d.code === 'abusive-language')!.message).toMatch(/^（已列入基线 parley-suppressions\.json）[^a-zA-Z]*「/);
      expect(sev('unmasked-identifier')).toEqual([1]); // not in the baseline: Error

      // One more finding of the rule than the baseline counts: all of them are errors again (as the CLI).
      c.change(uri, 2, script('甲', abuse, abuse, phone));
      const more = await c.diagnosticsFor(uri, 2);
      expect(more.filter((d) => d.code === 'abusive-language').map((d) => d.severity)).toEqual([1, 1]);

      // parley.suppressedFindings: hide.
      const n = c.published(uri).length;
      c.settings = { suppressedFindings: 'hide' };
      c.notify('workspace/didChangeConfiguration', { settings: { parley: c.settings } });
      c.change(uri, 3, script('甲', abuse, phone));
      const hidden = (await c.republished(uri, n, (d) => d.length > 0 && !d.some((x) => x.code === 'abusive-language'))).diagnostics;
      expect(hidden.map((d) => d.code)).toEqual(['unmasked-identifier']);

      // The baseline file changes on disk (pruned to nothing): the finding is back.
      fs.writeFileSync(path.join(dir, 'parley-suppressions.json'), '{}\n');
      const m = c.published(uri).length;
      c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(dir, 'parley-suppressions.json')), type: 2 }] });
      const back = (await c.republished(uri, m, (d) => d.some((x) => x.code === 'abusive-language'))).diagnostics;
      expect(back.filter((d) => d.code === 'abusive-language').map((d) => d.severity)).toEqual([1]);
    } finally {
      await c.shutdown();
    }
  });
});
