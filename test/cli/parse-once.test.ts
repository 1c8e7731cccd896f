/**
 * Each file is read, decoded and parsed once per run (issue 8): a shard lints a file while it
 * indexes it, against the index of that file alone, and keeps those messages when the file reads
 * the same of the whole workspace's index; otherwise (another file jumps into it, shares a title
 * with it, or it jumps out) it lints the file again. Either way the messages are those of the whole
 * workspace's index.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lintScript } from '../../server/src/core/engine';
import { parse } from '../../server/src/core/parser';
import { indexSummaries, jumpTargets, readsSame, summarizeScript } from '../../server/src/core/workspace';
import { ConfigLoader } from '../../server/src/node/config-loader';
import { Shard, lintFilesAsync, toMessages } from '../../server/src/node/lint-files';
import { tempDir } from '../helpers/cli';

const script = (title: string, audience: string, lines: string[], jumps: string[] = [], tags = '') =>
  [`title: ${title}`, 'stage: M2', `audience: ${audience}`, ...(tags ? [`tags: ${tags}`] : []), 'channel: call', '---', ...lines, ...jumps.map((j) => `<<jump ${j}>>`), '==='].join('\n') + '\n';

const HELLO = '坐席: 您好,我是{company}的{agent_name},请问是{debtor_name}先生本人吗?';
const DEBT = '坐席: 您的贷款已经逾期三个月了。';

function workspace(): string {
  return tempDir({
    // Self-contained: linted once, while indexed.
    'alone.parley': script('独立', 'unverified', [DEBT], ['独立-2']) + script('独立-2', 'debtor', [HELLO, DEBT]),
    // Jumped into from open.parley: 本人 is no entry node in the workspace, though it is one in its own file.
    'debtor.parley': script('本人', 'debtor', ['坐席: 请问您今天几点方便处理?']),
    // Jumps out of its file (to 本人), and to a title that exists nowhere.
    'open.parley': script('开场', 'unverified', [HELLO, DEBT], ['本人', '不存在']),
    // A title that is also in dup-b.parley.
    'dup-a.parley': script('重复', 'debtor', [HELLO]),
    'dup-b.parley': script('重复', 'debtor', [HELLO]),
  });
}

const files = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.parley')).sort().map((f) => path.join(dir, f));

/** The messages of each file linted against the index of every file (what a run must give). */
function expected(list: string[]): string {
  const scripts = list.map((f) => parse(fs.readFileSync(f, 'utf8'), f));
  const index = indexSummaries(scripts.map(summarizeScript));
  return JSON.stringify(scripts.map((s, i) => ({ filePath: list[i], messages: toMessages(lintScript(s, index), fs.readFileSync(list[i], 'utf8')) })));
}

afterEach(() => vi.restoreAllMocks());

describe('each file is parsed once', () => {
  it('files whose reads of the index are their own are parsed once; the others again; the messages are the whole workspace’s', async () => {
    const dir = workspace();
    const list = files(dir);
    const parses = vi.spyOn(Shard.prototype as unknown as { parse: (i: number, text: string) => unknown }, 'parse');
    const r = await lintFilesAsync(list, new ConfigLoader(), { jobs: 1 });
    expect(JSON.stringify(r.results.map((x) => ({ filePath: x.filePath, messages: x.messages })))).toBe(expected(list));
    const counts = new Map<string, number>();
    parses.mock.calls.forEach(([i], k) => {
      const f = path.basename((parses.mock.contexts[k] as unknown as { init: { files: { path: string }[] } }).init.files[i].path);
      counts.set(f, (counts.get(f) ?? 0) + 1);
    });
    expect(Object.fromEntries(counts)).toEqual({ 'alone.parley': 1, 'debtor.parley': 2, 'open.parley': 2, 'dup-a.parley': 2, 'dup-b.parley': 2 });
    // (open.parley jumps out of its file: linted only against the whole index, in step 4)
  });

  it('readsSame: a title jumped to from elsewhere, a title twice, a jump out of the file all read differently', () => {
    const dir = workspace();
    const list = files(dir);
    const scripts = list.map((f) => parse(fs.readFileSync(f, 'utf8'), f));
    const summaries = scripts.map(summarizeScript);
    const all = indexSummaries(summaries);
    const same = Object.fromEntries(scripts.map((s, i) => [path.basename(list[i]), readsSame(summaries[i], jumpTargets(s), indexSummaries([summaries[i]]), all)]));
    expect(same).toEqual({ 'alone.parley': true, 'debtor.parley': false, 'open.parley': false, 'dup-a.parley': false, 'dup-b.parley': false });
    // A start tag does not make a jumped-into node read differently… but the incoming jump does.
    const tagged = parse(script('本人', 'debtor', [HELLO], [], 'start'), 'x.parley');
    const t = summarizeScript(tagged);
    expect(readsSame(t, [], indexSummaries([t]), indexSummaries([t, { uri: 'y.parley', nodes: [], jumps: ['本人'] }]))).toBe(false);
    expect(readsSame(t, [], indexSummaries([t]), indexSummaries([t, { uri: 'y.parley', nodes: [], jumps: [] }]))).toBe(true);
  });
});
