/**
 * A real editor at the end of the chain: Neovim (0.7, Debian's) headless starts
 * `node dist/server.js --stdio` with vim.lsp.start_client, attaches to an example file, waits for
 * the diagnostics and hovers a finding. The diagnostics must equal the CLI's findings for that file.
 * Skipped, saying so, when `nvim` is not on PATH.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.join(__dirname, '..', '..');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const EXAMPLES = path.join(ROOT, '..', 'shared', 'examples');
const INIT = path.join(__dirname, 'nvim', 'init.lua');
const REPORT = path.join(__dirname, 'nvim', 'report.lua');
const EDITORS_MD = path.join(ROOT, 'docs', 'EDITORS.md');

function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return undefined;
}

const NVIM = which('nvim');
const SKIP_REASON = 'SKIPPED: `nvim` is not on PATH — install Neovim 0.7+ (Debian: apt-get install -y --no-install-recommends neovim) to run the Neovim test';
if (!NVIM) console.warn(`test/editors/neovim.test.ts: ${SKIP_REASON}`);

interface NvimResult {
  filetype?: string;
  clients?: number;
  diagnostics?: { code: string; lnum: number; col: number; severity: number; source: string }[];
  hover?: string | null;
  error?: string;
}

function runNvim(file: string, workspace: string, hover?: string, init = INIT, pathPrefix?: string): { result: NvimResult; status: number | null; stderr: string } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-nvim-home-'));
  const out = path.join(home, 'result.json');
  const env = {
    ...process.env,
    PATH: pathPrefix ? `${pathPrefix}${path.delimiter}${process.env.PATH ?? ''}` : process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    XDG_STATE_HOME: path.join(home, 'state'),
    PARLEY_SERVER: SERVER,
    PARLEY_ROOT: workspace,
    PARLEY_OUT: out,
    PARLEY_HOVER: hover ?? '',
  };
  const r = spawnSync(NVIM!, ['--headless', '-n', '-i', 'NONE', '--noplugin', '-u', init, file], { env, encoding: 'utf8', timeout: 60_000, cwd: workspace });
  const result = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as NvimResult) : { error: `no result file; stderr: ${r.stderr}` };
  fs.rmSync(home, { recursive: true, force: true });
  return { result, status: r.status, stderr: r.stderr };
}

/** The CLI's findings for one file as [rule, 0-based line, 0-based byte column] (Neovim counts bytes). */
function cliFindings(file: string, cwd: string): [string, number, number][] {
  const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', file], { cwd, encoding: 'utf8' });
  const [res] = JSON.parse(r.stdout) as { messages: { ruleId: string; line: number; column: number }[] }[];
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  return res.messages.map((m) => [m.ruleId, m.line - 1, Buffer.byteLength(lines[m.line - 1].slice(0, m.column - 1))]);
}

const key = (xs: [string, number, number][]) => xs.map((x) => x.join('@')).sort();

const tempDirs: string[] = [];
function tempWorkspace(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-nvim-ws-')));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('Neovim (vim.lsp.start_client) as the client', () => {
  it.skipIf(!NVIM)(NVIM ? 'shows exactly the CLI findings for an example file, and hovers one' : SKIP_REASON, () => {
    const workspace = tempWorkspace();
    for (const f of fs.readdirSync(EXAMPLES)) if (f.endsWith('.parley')) fs.copyFileSync(path.join(EXAMPLES, f), path.join(workspace, f));
    const file = path.join(workspace, 'red-lines.parley');
    const { result, status, stderr } = runNvim(file, workspace, '8:12');
    expect(result.error, stderr).toBeUndefined();
    expect(status).toBe(0);
    const fromNvim = result.diagnostics!.map((d) => [d.code, d.lnum, d.col] as [string, number, number]);
    const fromCli = cliFindings(file, workspace);
    expect(fromCli.length).toBeGreaterThan(10);
    // Rule ids and lines, as the brief asks — and the columns too.
    expect(key(fromNvim.map(([c, l]) => [c, l, 0]))).toEqual(key(fromCli.map(([c, l]) => [c, l, 0])));
    expect(key(fromNvim)).toEqual(key(fromCli));
    expect(new Set(result.diagnostics!.map((d) => d.source))).toEqual(new Set(['parley']));
    // Neovim sends no display language: the hover is in Chinese, the default.
    expect(result.hover).toContain('**abusive-language** · 错误');
  });

  it.skipIf(!NVIM)(NVIM ? 'resolves a jump into another file of the workspace (no undefined-jump)' : SKIP_REASON, () => {
    const workspace = tempWorkspace();
    fs.writeFileSync(path.join(workspace, 'a.parley'), ['stage: M1', 'channel: call', '', 'title: 入口', 'audience: unverified', 'tags: start', '---', '坐席: 您好,我是{company}的{agent_name},请问是{debtor_name}先生本人吗?', '-> 客户: 是我。', '    <<jump 远端>>', '-> 客户: 不是。', '    <<jump 没有这个节点>>', '==='].join('\n') + '\n');
    fs.writeFileSync(path.join(workspace, 'b.parley'), ['title: 远端', 'stage: M1', 'audience: debtor', 'channel: call', '---', '坐席: 您好,请问您今天几点方便处理还款?', '==='].join('\n') + '\n');
    const { result } = runNvim(path.join(workspace, 'a.parley'), workspace);
    expect(result.error).toBeUndefined();
    expect(result.diagnostics!.map((d) => [d.code, d.lnum, d.col])).toEqual([['undefined-jump', 11, 11]]);
  });

  it.skipIf(!NVIM)(NVIM ? 'the Neovim set-up in docs/EDITORS.md works as written' : SKIP_REASON, () => {
    const md = fs.readFileSync(EDITORS_MD, 'utf8');
    const m = /<!-- neovim-setup[^>]*-->\s*```lua\n([\s\S]*?)```/.exec(md);
    expect(m, 'docs/EDITORS.md has a ```lua block after <!-- neovim-setup -->').not.toBeNull();
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-nvim-doc-'));
    // `parley-language-server` on PATH, as `npm link` would put it.
    const bin = path.join(home, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'parley-language-server'), `#!/bin/sh\nexec "${process.execPath}" "${SERVER}" "$@"\n`, { mode: 0o755 });
    const init = path.join(home, 'init.lua');
    fs.writeFileSync(init, `${m![1]}\ndofile(${JSON.stringify(REPORT)})\n`);
    const workspace = tempWorkspace();
    fs.writeFileSync(path.join(workspace, 'parley.config.json'), JSON.stringify({ rules: { 'prefer-honorific': 'off' } }));
    fs.mkdirSync(path.join(workspace, 'scripts'));
    for (const f of fs.readdirSync(EXAMPLES)) if (f.endsWith('.parley')) fs.copyFileSync(path.join(EXAMPLES, f), path.join(workspace, 'scripts', f));
    const file = path.join(workspace, 'scripts', 'contact-disclosure.parley');
    const { result, status, stderr } = runNvim(file, workspace, undefined, init, bin);
    fs.rmSync(home, { recursive: true, force: true });
    expect(result.error, stderr).toBeUndefined();
    expect(status).toBe(0);
    expect([result.filetype, result.clients]).toEqual(['parley', 1]);
    // The config above the scripts' folder applies (prefer-honorific off), exactly as for the CLI.
    const fromCli = cliFindings(file, workspace);
    expect(fromCli.some(([r]) => r === 'prefer-honorific')).toBe(false);
    expect(key(result.diagnostics!.map((d) => [d.code, d.lnum, d.col]))).toEqual(key(fromCli));
  });
});
