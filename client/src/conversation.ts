/**
 * The conversation panel: one webview with two modes, the graph of a script (and the files its
 * jumps connect it to) and its play-through. Both draw what the language server answers to
 * `parley/graph` and `parley/playthrough` (docs/EDITORS.md); the panel follows the active
 * `.parley` editor and its edits. The page (dist/webview/conversation.js + .css) is self-contained:
 * no network, a strict Content Security Policy, the extension's own files only.
 */
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient';
import { errorText, type ClientHolder } from './commands';

const VIEW_TYPE = 'parley.conversation';
const REFRESH_MS = 300;

type Mode = 'graph' | 'play';

/** Messages from the page. */
type FromPage =
  | { type: 'ready' }
  | { type: 'mode'; mode: Mode }
  | { type: 'reveal'; uri: string; line: number }
  | { type: 'export'; format: 'dot' | 'mermaid' };

function isParley(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && (doc.languageId === 'parley' || /\.parley$/i.test(doc.uri.path));
}

/** Chinese unless the editor's display language is English (users read Chinese first). */
function pageLocale(): 'zh' | 'en' {
  return /^en\b/i.test(vscode.env.language) ? 'en' : 'zh';
}

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 32; i++) s += chars[Math.floor(Math.random() * chars.length)];
  return s;
}

class ConversationPanel {
  private panel: vscode.WebviewPanel | undefined;
  private uri: vscode.Uri | undefined;
  private mode: Mode = 'graph';
  private position: vscode.Position | undefined;
  /** The next play data resets the page's picks (a new start was asked for). */
  private restart = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ready = false;
  private seq = 0;
  /** The documents the last answer covered: going to one of them (a click in the panel) keeps the view. */
  private covered = new Set<string>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly holder: ClientHolder,
  ) {
    context.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (isParley(e.document) && e.contentChanges.length) this.schedule();
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => /\.parley$/i.test(u.path))) this.schedule();
      }),
      vscode.window.onDidChangeActiveTextEditor((ed) => {
        if (!this.panel || !isParley(ed?.document) || ed!.document.uri.toString() === this.uri?.toString()) return;
        if (this.covered.has(ed!.document.uri.toString())) return;
        this.uri = ed!.document.uri;
        this.position = undefined;
        this.restart = true;
        this.schedule(0);
      }),
    );
  }

  show(mode: Mode, editor: vscode.TextEditor | undefined, fromHere: boolean): void {
    const doc = editor?.document ?? vscode.window.visibleTextEditors.find((e) => isParley(e.document))?.document;
    if (!isParley(doc)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Parley: open a .parley file first.'));
      return;
    }
    this.uri = doc.uri;
    this.mode = mode;
    this.position = fromHere && editor ? editor.selection.active : undefined;
    this.restart = mode === 'play';
    if (!this.panel) this.create();
    else this.panel.reveal(undefined, true);
    this.updateTitle();
    if (this.ready) {
      void this.panel!.webview.postMessage({ type: 'mode', mode });
      this.schedule(0);
    }
  }

  private create(): void {
    const root = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, '', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [root],
    });
    this.panel = panel;
    this.ready = false;
    const w = panel.webview;
    const n = nonce();
    const script = w.asWebviewUri(vscode.Uri.joinPath(root, 'conversation.js'));
    const style = w.asWebviewUri(vscode.Uri.joinPath(root, 'conversation.css'));
    const locale = pageLocale();
    w.html = `<!DOCTYPE html>
<html lang="${locale === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${w.cspSource} data:; style-src ${w.cspSource}; script-src 'nonce-${n}'; font-src ${w.cspSource};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
</head>
<body data-locale="${locale}" data-mode="${this.mode}">
<div id="app"></div>
<script nonce="${n}" src="${script}"></script>
</body>
</html>`;
    w.onDidReceiveMessage((m: FromPage) => this.received(m), undefined, this.context.subscriptions);
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.ready = false;
    }, undefined, this.context.subscriptions);
  }

  private updateTitle(): void {
    if (!this.panel) return;
    const name = this.uri ? this.uri.path.split('/').pop() : '';
    this.panel.title = this.mode === 'graph' ? vscode.l10n.t('Conversation Graph: {0}', name ?? '') : vscode.l10n.t('Play-through: {0}', name ?? '');
  }

  private async received(m: FromPage): Promise<void> {
    if (!m || typeof m !== 'object') return;
    if (m.type === 'ready') {
      this.ready = true;
      void this.panel?.webview.postMessage({ type: 'mode', mode: this.mode });
      this.schedule(0);
    } else if (m.type === 'mode') {
      this.mode = m.mode === 'play' ? 'play' : 'graph';
      this.updateTitle();
      this.schedule(0);
    } else if (m.type === 'reveal') {
      await this.reveal(m.uri, m.line);
    } else if (m.type === 'export') {
      await this.export(m.format === 'mermaid' ? 'mermaid' : 'dot');
    }
  }

  /** Opens the line in the editor column the script is shown in (not over the panel). */
  private async reveal(uri: string, line: number): Promise<void> {
    try {
      const target = vscode.Uri.parse(uri);
      const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target.toString());
      const doc = await vscode.workspace.openTextDocument(target);
      const l = Math.max(0, Math.min(doc.lineCount - 1, Number(line) || 0));
      const text = doc.lineAt(l);
      const range = new vscode.Range(l, text.firstNonWhitespaceCharacterIndex, l, text.range.end.character);
      const column = shown?.viewColumn ?? (this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
      await vscode.window.showTextDocument(doc, { viewColumn: column, selection: range, preserveFocus: false });
    } catch (e) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Parley: could not open {0}: {1}', uri, errorText(e)));
    }
  }

  private async export(format: 'dot' | 'mermaid'): Promise<void> {
    if (!this.uri) return;
    const r = await this.request<{ text?: string }>('parley/graph', { uri: this.uri.toString(), format });
    if (!r?.text) return;
    const doc = await vscode.workspace.openTextDocument({ content: r.text, language: 'plaintext' });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Active, preview: true });
  }

  private schedule(delay = REFRESH_MS): void {
    if (!this.panel) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delay);
  }

  private async refresh(): Promise<void> {
    if (!this.panel || !this.ready || !this.uri) return;
    const seq = ++this.seq;
    const uri = this.uri.toString();
    const mode = this.mode;
    const data =
      mode === 'graph'
        ? await this.request('parley/graph', { uri })
        : await this.request('parley/playthrough', { uri, ...(this.position ? { position: { line: this.position.line, character: this.position.character } } : {}) });
    // A newer refresh started meanwhile: its answer wins.
    if (seq !== this.seq || !this.panel || data === undefined) return;
    this.covered = new Set(((data as { uris?: string[] }).uris ?? []).map((u) => vscode.Uri.parse(u).toString()));
    const restart = mode === 'play' && this.restart;
    if (mode === 'play') this.restart = false;
    void this.panel.webview.postMessage({ type: mode, data, restart, file: this.uri.path.split('/').pop() });
  }

  private async request<T = unknown>(method: string, params: unknown): Promise<T | undefined> {
    const client = this.holder.client;
    if (!client) return undefined;
    try {
      if (client.state !== State.Running) {
        await new Promise<void>((resolve) => {
          const d = client.onDidChangeState((e) => {
            if (e.newState === State.Running) {
              d.dispose();
              resolve();
            }
          });
          setTimeout(() => {
            d.dispose();
            resolve();
          }, 10_000);
        });
      }
      return (await client.sendRequest(method, params)) as T;
    } catch (e) {
      void this.panel?.webview.postMessage({ type: 'error', message: errorText(e) });
      return undefined;
    }
  }
}

export function registerConversationView(context: vscode.ExtensionContext, holder: ClientHolder): void {
  const panel = new ConversationPanel(context, holder);
  context.subscriptions.push(
    vscode.commands.registerCommand('parley.showGraph', (uri?: unknown) => {
      const editor = activeFor(uri);
      panel.show('graph', editor, false);
    }),
    vscode.commands.registerCommand('parley.playThrough', (uri?: unknown) => {
      const editor = activeFor(uri);
      panel.show('play', editor, !!editor && editor === vscode.window.activeTextEditor);
    }),
  );
}

/** The editor of the file an editor-title or explorer button passed, else the active one. */
function activeFor(uri: unknown): vscode.TextEditor | undefined {
  if (uri instanceof vscode.Uri) {
    const e = vscode.window.visibleTextEditors.find((ed) => ed.document.uri.toString() === uri.toString());
    if (e) return e;
  }
  const a = vscode.window.activeTextEditor;
  return a && isParley(a.document) ? a : vscode.window.visibleTextEditors.find((ed) => isParley(ed.document));
}
