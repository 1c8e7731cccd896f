/**
 * Whole-workspace findings over stdio (issue 10, item 1): every `.parley` file of the workspace
 * folders has its findings published, open or not, equal to `parley lint` of the folder; a closed
 * file keeps them; changes on disk and other files' titles update them; `parley/lintWorkspace`
 * answers the counts; `parley.scope: openFiles` keeps the old behaviour. Needs dist/ (built by
 * test/setup/build.ts).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, LspClient, uriOf, workspaceWith, type Diagnostic } from './client';
import { JUMPER, REMOTE } from './fixtures';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface CliMessage {
  ruleId: string;
  severity: string;
  line: number;
  column: number;
}
function cliLint(cwd: string): { filePath: string; messages: CliMessage[] }[] {
  const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', '.'], { cwd, encoding: 'utf8' });
  return JSON.parse(r.stdout);
}
const cliKey = (ms: CliMessage[]) => ms.map((m) => `${m.ruleId}@${m.line}:${m.column}`).sort();
const lspKey = (ds: Diagnostic[]) => ds.map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`).sort();
const codes = (ds: Diagnostic[] | undefined) => (ds ?? []).map((d) => d.code);

/** The last diagnostics published for every URI. */
function latest(c: LspClient): Map<string, Diagnostic[]> {
  const m = new Map<string, Diagnostic[]>();
  for (const n of c.notifications) if (n.method === 'textDocument/publishDiagnostics') m.set(n.params.uri, n.params.diagnostics);
  return m;
}

/** A closed file jumping to a title no file defines (yet). */
const CALLER = JUMPER.replace(/远端节点/g, '稍后定义').replace('跳转入口', '来电入口');

describe('findings of closed files (parley.scope: workspace, the default)', () => {
  let dir: string;
  let c: LspClient;
  let cli: { filePath: string; messages: CliMessage[] }[];
  beforeAll(async () => {
    dir = workspaceWith({
      'jumper.parley': JUMPER,
      'sub/remote.parley': REMOTE,
      'caller.parley': CALLER,
      // As `parley lint` does: .gitignore'd files are not linted.
      '.gitignore': 'ignored/\n',
      'ignored/bad.parley': CALLER.replace('来电入口', '被忽略'),
    });
    spawnSync('git', ['init', '-q'], { cwd: dir });
    cli = cliLint(dir);
    c = new LspClient({ initializationOptions: { status: true } });
    await c.initialize([dir]);
  });
  afterAll(async () => {
    expect(await c.shutdown()).toBe(0);
  });

  it('publishes, without opening anything, the findings `parley lint` reports for every file', async () => {
    const withFindings = cli.filter((r) => r.messages.length > 0);
    expect(withFindings.length).toBeGreaterThanOrEqual(6);
    await c.waitUntil('every file with findings published', () => (withFindings.every((r) => latest(c).has(uriOf(r.filePath))) ? true : undefined));
    const shown = latest(c);
    for (const r of withFindings) expect({ f: r.filePath, d: lspKey(shown.get(uriOf(r.filePath))!) }).toEqual({ f: r.filePath, d: cliKey(r.messages) });
    // Nothing for clean files nor for the .gitignore'd one; no version for closed files.
    const published = [...shown].filter(([, ds]) => ds.length > 0).map(([u]) => u).sort();
    expect(published).toEqual(withFindings.map((r) => uriOf(r.filePath)).sort());
    expect(cli.some((r) => r.filePath.includes('ignored'))).toBe(false);
    expect(c.published(uriOf(path.join(dir, 'caller.parley'))).at(-1)!.version).toBeUndefined();
    // The client asked for parley/status: indexing started, then ended.
    await c.waitUntil('indexing done', () => (c.notifications.some((n) => n.method === 'parley/status' && n.params.indexing === false) ? true : undefined));
    expect(c.notifications.find((n) => n.method === 'parley/status')!.params.indexing).toBe(true);
  });

  it('parley/lintWorkspace answers the counts of what is published, as the CLI counts them', async () => {
    const t = await c.request('parley/lintWorkspace', {});
    const all = cli.flatMap((r) => r.messages);
    const by = (s: string) => all.filter((m) => m.severity === s).length;
    expect(t).toEqual({
      errors: by('error'),
      warnings: by('warning'),
      infos: by('info'),
      problems: by('error') + by('warning') + by('info'),
      files: cli.filter((r) => r.messages.some((m) => m.severity !== 'hint')).length,
      linted: cli.length,
    });
    expect(t.problems).toBeGreaterThan(30);
  });

  it('a closed file keeps its findings: closing republishes those of its text on disk', async () => {
    const file = path.join(dir, 'caller.parley');
    const uri = c.open(file, CALLER.replace('<<jump 稍后定义>>', '<<end>>'), 5);
    expect(await c.diagnosticsFor(uri, 5)).toEqual([]);
    const n = c.published(uri).length;
    c.notify('textDocument/didClose', { textDocument: { uri } });
    const after = await c.republished(uri, n, (ds) => ds.length > 0);
    expect(codes(after.diagnostics)).toEqual(['undefined-jump']);
    expect(after.version).toBeUndefined();
    await sleep(200);
    expect(codes(c.published(uri).at(-1)!.diagnostics)).toEqual(['undefined-jump']);
  });

  it('follows files created, changed and deleted on disk, and the titles other files define', async () => {
    const caller = uriOf(path.join(dir, 'caller.parley'));
    const target = path.join(dir, 'target.parley');
    fs.writeFileSync(target, REMOTE.replace('远端节点', '稍后定义'));
    let n = c.published(caller).length;
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(target), type: 1 }] });
    // The new file defines the title the closed caller jumps to: its undefined-jump goes.
    expect((await c.republished(caller, n, (ds) => ds.length === 0)).diagnostics).toEqual([]);
    // An open document renaming that title brings it back (titles of another file changed).
    const open = c.open(target, undefined, 1);
    await c.diagnosticsFor(open, 1);
    n = c.published(caller).length;
    c.change(open, 2, REMOTE.replace('远端节点', '改了名'));
    expect(codes((await c.republished(caller, n, (ds) => ds.length > 0)).diagnostics)).toEqual(['undefined-jump']);
    c.notify('textDocument/didClose', { textDocument: { uri: open } });
    // Closed again: the file on disk defines the title.
    n = c.published(caller).length;
    expect((await c.republished(caller, n, (ds) => ds.length === 0)).diagnostics).toEqual([]);
    // A change on disk to a closed file.
    const jumper = path.join(dir, 'jumper.parley');
    fs.writeFileSync(jumper, JUMPER.replace('<<jump 远端节点>>', '<<jump 无此节点>>'));
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(jumper), type: 2 }] });
    expect(codes((await c.diagnostics(uriOf(jumper), (p) => p.diagnostics.length > 0)).diagnostics)).toEqual(['undefined-jump']);
    // Deleted: its findings go.
    n = c.published(uriOf(jumper)).length;
    fs.unlinkSync(jumper);
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(jumper), type: 3 }] });
    expect((await c.republished(uriOf(jumper), n, (ds) => ds.length === 0)).diagnostics).toEqual([]);
  });

  it('code lenses on node headers: stage, audience, jumps in, findings', async () => {
    const file = path.join(dir, 'caller.parley');
    const uri = c.open(file, undefined, 1);
    await c.diagnosticsFor(uri, 1);
    const lenses = await c.request('textDocument/codeLens', { textDocument: { uri } });
    expect(lenses).toEqual([{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 11 } }, command: { title: '阶段 M1 · unverified · 无跳入 · 无问题', command: '' } }]);
    c.notify('textDocument/didClose', { textDocument: { uri } });
  });
});

describe('parley.scope: openFiles', () => {
  let dir: string;
  let c: LspClient;
  beforeAll(async () => {
    dir = workspaceWith({ 'caller.parley': CALLER }, false);
    c = new LspClient({ settings: { scope: 'openFiles', codeLens: { enable: false } } });
    await c.initialize([dir]);
  });
  afterAll(async () => {
    expect(await c.shutdown()).toBe(0);
  });

  it('publishes nothing for closed files and clears a file on close; Lint Workspace shows them all', async () => {
    const uri = uriOf(path.join(dir, 'caller.parley'));
    await sleep(500);
    expect(c.published(uri)).toEqual([]);
    c.open(path.join(dir, 'caller.parley'), undefined, 1);
    expect(codes(await c.diagnosticsFor(uri, 1))).toEqual(['undefined-jump']);
    c.notify('textDocument/didClose', { textDocument: { uri } });
    await c.waitUntil('cleared on close', () => (c.published(uri).at(-1)!.diagnostics.length === 0 ? true : undefined));
    const t = await c.request('parley/lintWorkspace', {});
    expect(t).toMatchObject({ errors: 1, problems: 1, files: 1, linted: 1 });
    expect(codes(c.published(uri).at(-1)!.diagnostics)).toEqual(['undefined-jump']);
    // parley.codeLens.enable false: no lenses.
    c.open(path.join(dir, 'caller.parley'), undefined, 2);
    expect(await c.request('textDocument/codeLens', { textDocument: { uri } })).toBeNull();
  });
});
