/**
 * The Parley language server: wires the LSP connection to the core. Thin by design: what is at a
 * position, completions, hovers, code actions and navigation live in the pure modules beside this
 * file; rules live in the core. This file owns state (open documents, the workspace's files,
 * configs, settings), file-system access and scheduling.
 */
import {
  CodeActionKind, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, ErrorCodes, FileChangeType, LSPErrorCodes,
  ResponseError, TextDocumentSyncKind, TextDocuments,
  type ClientCapabilities, type Connection, type Diagnostic, type FileEvent, type InitializeParams, type InitializeResult,
  type PublishDiagnosticsParams, type TextEdit, type WorkspaceEdit, type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { IncrementalLinter, lexiconBank, lintScript } from '../core/engine';
import { DEFAULT_LOCALE, editorLocale, type Locale } from '../core/messages';
import { LOG, logLine, type LogText } from './log-text';
import type { Finding } from '../core/types';
import { codeActions, configActions, FIX_ALL_KIND, PLACE_CURSOR, SHOW_DOCUMENTATION } from './actions';
import { completions } from './completion';
import { configDiagnostics, toDiagnostic, tooLargeDiagnostic } from './diagnostics';
import { utf8Length, type ServerHost } from './host';
import { GraphCache, GRAPH_REQUEST, graphRequest, PLAYTHROUGH_REQUEST, playthroughRequest, type GraphParams, type GraphSource, type PlaythroughParams } from './graph';
import { hover, type TitleTarget } from './hover';
import { jumpSources, nodeLenses } from './lens';
import { debtPlaceholderHints } from './inlay';
import { BackgroundQueue, later, PartialLint, Slicer } from './background';
import { errorText, Guard } from './guard';
import { DiagnosticsEncoder } from './publish';
import { definition, documentSymbols, flatSymbols, folding, fuzzyMatch, references, renameEdits, titleAt, workspaceSymbols, type NavInput } from './navigation';
import type { ParsedScript } from '../core/parser';
import { DEFAULT_SETTINGS, normaliseSettings, type Settings } from './settings';
import { countProblems, LINT_WORKSPACE, STATUS, totals, type Counts, type WorkspaceTotals } from './status';
import { Workspace, type Entry, type EntryInput } from './workspace';
import { ServerConfigs, type LoadedConfig } from './configs';
import { CONFIG_NAME } from '../core/config-resolver';

const DEFAULT_MAX_FILE_SIZE = 5_000_000;
/** Delay before re-linting other open files a change affects. */
const AFFECTED_DELAY_MS = 120;
/** How long the first lints wait for the initial workspace scan before going ahead without it. */
const SCAN_WAIT_MS = 2_000;


const SUPPRESSIONS_FILE = 'parley-suppressions.json';

function isFileUri(uri: string): boolean {
  return uri.startsWith('file:');
}


/** A timer that does not keep a Node process alive (browsers' timers are numbers: nothing to do). */
function unref<T>(t: T): T {
  (t as { unref?: () => void }).unref?.();
  return t;
}

function isParleyDocument(doc: TextDocument): boolean {
  return doc.languageId === 'parley' || /\.parley$/i.test(doc.uri);
}


export class ParleyServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly workspace = new Workspace();
  private capabilities: ClientCapabilities = {};
  private folders: string[] = [];
  private settings: Settings = DEFAULT_SETTINGS;
  /** parley.config.json files: found and read as the CLI does (core/config-resolver), with the settings over them. */
  private readonly configs: ServerConfigs;
  /** Config files whose problems are currently published. */
  private configProblemsShown = new Set<string>();
  private generations = new Map<string, number>();
  private timers = new Map<string, ReturnType<typeof setTimeout>>();
  private results = new Map<string, { version: number; findings: Finding[] }>();
  /** Per open document: the previous version's nodes and findings, so that an edit re-lints only what it changed. */
  private linters = new Map<string, IncrementalLinter>();
  /** Views and closed files' findings kept between graph requests (a panel following edits asks often). */
  private graphCache = new GraphCache();
  /** The locale from `initialize` (the editor's display language), if it gave one. */
  locale: Locale | undefined;
  /** Open documents to re-lint at the next save (run: onSave). */
  private pendingOnSave = new Set<string>();
  private justOpened = new Set<string>();
  /** Resolves once settings are read and the initial scan is done (or took too long): lints wait for it. */
  private ready: Promise<void>;
  private markReady: () => void = () => undefined;
  private scanning: Promise<unknown> = Promise.resolve();
  private shuttingDown = false;
  /** Closed files (keys) whose findings are due, linted in the background (scope: workspace). */
  private readonly backlog: BackgroundQueue<PartialLint>;
  private readonly guards = new Guard((m) => this.log(m));
  /** Closed files (keys) whose findings are published. */
  private closedShown = new Set<string>();
  /** Per published URI's key: its errors, warnings and infos (what Problems lists). */
  private shown = new Map<string, Counts>();
  /** Lints of edited documents scheduled and not yet run: the background waits for them. */
  private foreground = 0;
  /** "Lint Workspace" asked for every file's findings while the scope is openFiles (until the setting changes). */
  private workspaceAsked = false;
  /** The client asked for parley/status notifications (the VS Code extension does). */
  private statusWanted = false;

  get shutdownReceived(): boolean {
    return this.shuttingDown;
  }

  /** Encodes diagnostics once per finding, when the connection's writer takes encoded ones (publish.ts). */
  private readonly encoder: DiagnosticsEncoder | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly host: ServerHost,
    options: { encodedDiagnostics?: boolean } = {},
  ) {
    this.encoder = options.encodedDiagnostics ? new DiagnosticsEncoder() : undefined;
    this.ready = new Promise<void>((resolve) => (this.markReady = resolve));
    this.backlog = new BackgroundQueue<PartialLint>(
      (key, until, partial) => {
        let next: PartialLint | undefined;
        this.guard('background lint', () => void (next = this.lintClosed(key, until, partial)));
        return next;
      },
      () => this.foreground > 0,
      () => this.shuttingDown,
      this.ready,
      () => this.sendStatus(),
    );
    this.configs = new ServerConfigs(host, () => this.folders[0], (c) => this.showConfigProblems(c));
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(this.notification('initialized', () => this.initialized()));
    c.onShutdown(() => {
      this.shuttingDown = true;
      for (const t of this.timers.values()) clearTimeout(t);
      this.timers.clear();
    });
    c.onDidChangeConfiguration(this.notification('didChangeConfiguration', (p) => this.configurationChanged(p?.settings)));
    c.onDidChangeWatchedFiles(this.notification('didChangeWatchedFiles', (p) => this.watchedFilesChanged(p.changes)));
    c.onCodeAction(this.request('codeAction', null, (p) => {
      const doc = this.documents.get(p.textDocument.uri);
      // parley.config.json (the extension sends it for this): its did-you-mean swaps.
      if (doc && doc.uri.endsWith('/' + CONFIG_NAME)) return configActions(doc.getText(), p.context?.diagnostics ?? [], (edits) => this.workspaceEdit(new Map([[doc.uri, { version: doc.version, edits }]])));
      const entry = this.entryOf(p.textDocument.uri);
      if (!doc || !entry?.script || !this.settings.enable) return null;
      return codeActions({
        uri: doc.uri,
        version: doc.version,
        text: doc.getText(),
        lines: entry.script.lines,
        diagnostics: p.context?.diagnostics ?? [],
        only: p.context?.only,
        findings: this.currentFindings(doc.uri),
        edit: (edits) => this.workspaceEdit(new Map([[doc.uri, { version: doc.version, edits }]])),
        locale: this.uiLocale(entry.key),
        script: entry.script,
      });
    }));
    c.onExecuteCommand(this.request('executeCommand', null, (p) => this.executeCommand(p.command, p.arguments ?? [])));
    c.onHover(this.request('hover', null, (p) => {
      const entry = this.entryOf(p.textDocument.uri);
      if (!entry?.script) return null;
      return hover({
        script: entry.script,
        position: p.position,
        findings: this.settings.enable ? this.currentFindings(entry.uri) : [],
        targets: (title) => this.titleTargets(title),
        ruleDoc: (id, locale) => this.host.ruleDoc(id, locale),
        locale: this.uiLocale(entry.key),
      });
    }));
    c.onCompletion(this.request('completion', null, (p) => {
      const entry = this.entryOf(p.textDocument.uri);
      if (!entry?.script) return null;
      return { isIncomplete: false, items: completions({ script: entry.script, position: p.position, titles: this.workspace.index().titles.keys(), placeholders: entry.parseOptions?.placeholders, locale: this.uiLocale(entry.key) }) };
    }));
    c.onDefinition(this.request('definition', null, (p) => {
      const nav = this.nav(p.textDocument.uri, p.position);
      return nav ? definition(nav) : null;
    }));
    c.onReferences(this.request('references', null, (p) => {
      const nav = this.nav(p.textDocument.uri, p.position);
      return nav ? references(nav, !!p.context?.includeDeclaration) : null;
    }));
    c.onPrepareRename(this.request('prepareRename', null, (p) => {
      const entry = this.entryOf(p.textDocument.uri);
      const t = entry?.script && titleAt(entry.script, p.position);
      return t ? { range: t.range, placeholder: t.title } : null;
    }));
    c.onRenameRequest(this.request('rename', null, (p) => {
      const nav = this.nav(p.textDocument.uri, p.position, typeof p.newName === 'string' ? [p.newName, p.newName.trim()] : []);
      if (!nav) return null;
      if (typeof p.newName !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'newName must be a string');
      const r = renameEdits(nav, p.newName, this.uiLocale(this.entryOf(p.textDocument.uri)?.key));
      if (!r.ok) throw new ResponseError(r.reason === 'invalid' ? ErrorCodes.InvalidParams : LSPErrorCodes.RequestFailed, r.message);
      const byUri = new Map<string, { version: number | null; edits: TextEdit[] }>();
      for (const [name, edits] of r.edits) {
        const e = this.workspace.get(name);
        const uri = e?.uri ?? name;
        byUri.set(uri, { version: e?.open ? (this.documents.get(uri)?.version ?? e.version) : null, edits });
      }
      return this.workspaceEdit(byUri);
    }));
    c.onDocumentSymbol(this.request('documentSymbol', null, (p) => {
      const entry = this.entryOf(p.textDocument.uri);
      if (!entry?.script) return null;
      const hierarchical = !!this.capabilities.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport;
      return hierarchical ? documentSymbols(entry.script) : flatSymbols(entry.script, entry.uri);
    }));
    c.onWorkspaceSymbol(this.request('workspaceSymbol', null, (p) => {
      const query = typeof p.query === 'string' ? p.query : '';
      return workspaceSymbols(this.scriptsWithTitle((t) => fuzzyMatch(query.trim(), t)), query, (n) => this.uriOfName(n));
    }));
    c.onFoldingRanges(this.request('foldingRange', null, (p) => {
      const entry = this.entryOf(p.textDocument.uri);
      return entry?.script ? folding(entry.script) : null;
    }));
    // The conversation graph and the play-through (docs/EDITORS.md): after the initial scan, so
    // that closed files' nodes are in it.
    c.onRequest(GRAPH_REQUEST, this.request(GRAPH_REQUEST, null, async (p: GraphParams) => {
      await this.ready;
      return graphRequest(this.graphSource(), p, (u) => this.host.keyOf(u));
    }));
    c.onRequest(PLAYTHROUGH_REQUEST, this.request(PLAYTHROUGH_REQUEST, null, async (p: PlaythroughParams) => {
      if (typeof p.uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, `${PLAYTHROUGH_REQUEST}: uri must be a string`);
      await this.ready;
      return playthroughRequest(this.graphSource(), p, (u) => this.host.keyOf(u));
    }));
    c.onCodeLens(this.request('codeLens', null, (p) => {
      const entry = this.entryOf(p.textDocument.uri);
      if (!entry?.script || !this.settings.codeLens) return null;
      const index = this.workspace.index();
      // (Over the outlines of the files that jump into this one's titles: the reverse index finds them.)
      const sources = jumpSources(this.workspace.mentioning(entry.titles, false, true));
      return nodeLenses({
        script: entry.script,
        uri: entry.uri,
        findings: this.settings.enable ? this.currentFindings(entry.uri) : [],
        incoming: (t) => index.incoming.get(t) ?? 0,
        reachedFrom: (t) => sources.get(t) ?? [],
        locale: this.uiLocale(entry.key),
      });
    }));
    c.languages.inlayHint.on(this.request('inlayHint', null, (p) => {
      const entry = this.entryOf(p.textDocument.uri);
      if (!entry?.script || !this.settings.inlayHints) return null;
      return debtPlaceholderHints(entry.script, this.uiLocale(entry.key), p.range);
    }));
    c.onRequest(LINT_WORKSPACE, this.request(LINT_WORKSPACE, null, () => this.lintWorkspace()));

    this.documents.onDidOpen((e) => this.justOpened.add(e.document.uri));
    this.documents.onDidChangeContent((e) => this.guard('didChange', () => this.documentChanged(e.document)));
    this.documents.onDidSave((e) => this.guard('didSave', () => this.documentSaved(e.document)));
    this.documents.onDidClose((e) => this.guard('didClose', () => this.documentClosed(e.document)));
    this.documents.listen(c);
    c.listen();
  }

  // ---------------------------------------------------------------- lifecycle

  private initialize(p: InitializeParams): InitializeResult {
    this.capabilities = p.capabilities ?? {};
    // The editor's display language (VS Code: zh-cn, en …) chooses the language of messages,
    // hovers and quick fixes; without one, the config's "locale", then Chinese.
    this.locale = editorLocale(p.locale);
    this.configs.locale = this.locale;
    // Should `initialized` never come, lint anyway after a while.
    unref(setTimeout(() => this.markReady(), 10_000));
    const folders: WorkspaceFolder[] = p.workspaceFolders ?? (p.rootUri ? [{ uri: p.rootUri, name: 'root' }] : p.rootPath ? [{ uri: this.host.uriOf(p.rootPath), name: 'root' }] : []);
    this.folders = folders.filter((f) => isFileUri(f.uri)).map((f) => this.host.keyOf(f.uri));
    if (p.initializationOptions && typeof p.initializationOptions === 'object') {
      const { problems, settings } = normaliseSettings((p.initializationOptions as { settings?: unknown }).settings);
      if ((p.initializationOptions as { settings?: unknown }).settings !== undefined) this.settings = settings;
      for (const m of problems) this.log(m);
    }
    this.configs.settingsChanged(this.settings);
    const opts = (p.initializationOptions ?? {}) as { clientCommands?: unknown; extensionVersion?: unknown; status?: unknown };
    this.statusWanted = opts.status === true;
    // The Parley VS Code extension implements parley.showDocumentation itself (opening the bundled
    // page); advertising it from the server too would make vscode-languageclient register it twice.
    const clientCommands = Array.isArray(opts.clientCommands) ? opts.clientCommands : opts.extensionVersion !== undefined ? [SHOW_DOCUMENTATION] : [];
    const commands = [SHOW_DOCUMENTATION, PLACE_CURSOR].filter((c) => !clientCommands.includes(c));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        ...(commands.length ? { executeCommandProvider: { commands } } : {}),
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['{', ' ', ':', '\uff1a', ',', '\uff0c', '<', '>', '\uff5b', '\u300a', '\u300b', '\uff1c', '\uff1e'], resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'parley-language-server', version: this.host.version },
    };
  }

  private async initialized(): Promise<void> {
    const caps = this.capabilities;
    if (caps.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      this.connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.parley' }, { globPattern: `**/${CONFIG_NAME}` }, { globPattern: `**/${SUPPRESSIONS_FILE}` }] })
        .then(() => (this.configs.watched = true))
        .catch((e: unknown) => this.log(LOG.watchers(errorText(e))));
    }
    if (caps.workspace?.didChangeConfiguration?.dynamicRegistration) {
      this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'parley' }).catch(() => undefined);
    }
    if (caps.workspace?.workspaceFolders) {
      try {
        this.connection.workspace.onDidChangeWorkspaceFolders((e) =>
          this.guard('didChangeWorkspaceFolders', () => this.foldersChanged(e.added.map((f) => f.uri), e.removed.map((f) => f.uri))),
        );
      } catch (e) {
        this.log(LOG.folders(errorText(e)));
      }
    }
    const settings = this.pullSettings();
    // Build the lexicon automaton now, while the editor is still starting, not at the first keystroke.
    await new Promise<void>((r) => later(r));
    try {
      lexiconBank(this.configFor(this.folders[0] ? this.folders[0] + '/x.parley' : undefined).resolved);
    } catch (e) {
      this.log(LOG.lexicons(errorText(e)));
    }
    let scanned = false;
    this.scanning = this.scan(this.folders).finally(() => (scanned = true));
    // Then every closed file's findings, in the background (scope: workspace).
    void this.scanning.then(() => this.queueAllClosed());
    const timeout = new Promise<void>((r) => unref(setTimeout(r, SCAN_WAIT_MS)));
    const scanOrTimeout = Promise.race([this.scanning, timeout]);
    void Promise.allSettled([settings, scanOrTimeout]).finally(() => this.markReady());
    await scanOrTimeout;
    // Lints that ran before a slow scan finished saw part of the workspace: run them again.
    if (!scanned) {
      await this.scanning;
      this.relintAll();
    }
  }

  // ---------------------------------------------------------------- settings and configs

  private async pullSettings(): Promise<void> {
    if (!this.capabilities.workspace?.configuration) return;
    try {
      const raw = await this.connection.workspace.getConfiguration({ section: 'parley' });
      const { settings, problems } = normaliseSettings(raw);
      for (const m of problems) this.log(m);
      this.applySettings(settings);
    } catch (e) {
      this.log(LOG.settingsUnreadable(errorText(e)));
    }
  }

  private applySettings(next: Settings): void {
    const sizeChanged = next.maxFileSize !== this.settings.maxFileSize;
    if (next.scope !== this.settings.scope) this.workspaceAsked = false;
    const lensChanged = next.codeLens !== this.settings.codeLens;
    const hintsChanged = next.inlayHints !== this.settings.inlayHints;
    this.settings = next;
    this.configs.settingsChanged(next);
    if (sizeChanged) this.reloadAll();
    if (lensChanged && this.capabilities.workspace?.codeLens?.refreshSupport) void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    if (hintsChanged && this.capabilities.workspace?.inlayHint?.refreshSupport) void this.connection.sendRequest('workspace/inlayHint/refresh').catch(() => undefined);
  }

  private async configurationChanged(pushed: unknown): Promise<void> {
    if (this.capabilities.workspace?.configuration) await this.pullSettings();
    else {
      const { settings, problems } = normaliseSettings((pushed as { parley?: unknown } | undefined)?.parley);
      for (const m of problems) this.log(m);
      this.applySettings(settings);
    }
    if (!this.wholeWorkspace) this.clearClosed();
    if (!this.settings.enable) {
      for (const doc of this.documents.all()) this.publish(doc.uri, doc.version);
      this.results.clear();
      this.linters.clear();
      return;
    }
    this.relintAll();
  }

  /** The config that applies to a file (discovered as the CLI does; lsp/configs.ts). */
  private configFor(key: string | undefined): LoadedConfig {
    return this.configs.forKey(key);
  }

  /** A config file was read (again): its problems go to it as diagnostics, or are cleared. */
  private showConfigProblems(c: LoadedConfig): void {
    if (!c.file) return;
    const uri = this.host.uriOf(c.file);
    if (c.problems?.length) {
      this.log(LOG.invalidConfig(c.file, c.problems));
      const text = this.host.readText(c.file) ?? '';
      void this.connection.sendDiagnostics({ uri, diagnostics: configDiagnostics(text, c.problems, c.guesses, this.locale ?? c.resolved.locale) });
      this.configProblemsShown.add(c.file);
    } else if (this.configProblemsShown.delete(c.file)) {
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }

  /**
   * The language of hovers, completion details and quick-fix titles for a file: the editor's
   * display language, else the config's "locale", else Chinese (as for its messages).
   */
  private uiLocale(key: string | undefined): Locale {
    return this.locale ?? this.configFor(key).resolved.locale;
  }

  /** Entry fields that depend on the config and settings: size limit, ignore globs, placeholders. */
  private entryInput(key: string, uri: string, open: boolean, version: number | null, text: string): EntryInput {
    const cfg = this.configFor(key);
    const resolved = cfg.resolved;
    const limit = this.settings.maxFileSize ?? resolved.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    // (A UTF-16 unit is at most 3 bytes of UTF-8: most texts are known to fit without counting.)
    const bytes = text.length * 3 <= limit ? 0 : utf8Length(text);
    const tooLarge = bytes > limit ? { bytes, limit } : undefined;
    const ignored = !!cfg.file && this.host.isPath(key) && this.host.configIgnores(cfg.raw.ignore ?? [], cfg.dir, key);
    return { key, uri, open, version, text: tooLarge ? '' : text, tooLarge, ignored, parseOptions: { placeholders: resolved.placeholders } };
  }

  // ---------------------------------------------------------------- workspace files

  /** Reads the folders' scripts into the index; returns the files listed. */
  private async scan(folders: string[]): Promise<Set<string>> {
    const listed = new Set<string>();
    const thaw = this.workspace.freezeIndex();
    try {
      return await this.scanFolders(folders, listed);
    } finally {
      thaw();
    }
  }

  private async scanFolders(folders: string[], listed: Set<string>): Promise<Set<string>> {
    let skipped = 0;
    let count = 0;
    // Reading and parsing in slices, between the editor's messages, and not while a keystroke's
    // lint is due (typing first).
    const slices = new Slicer(() => this.foreground > 0, () => this.shuttingDown);
    for (const folder of folders) {
      let files: string[] = [];
      try {
        files = await this.host.listScripts(folder);
      } catch (e) {
        this.log(LOG.cannotList(folder, errorText(e)));
        continue;
      }
      for (const file of files) {
        listed.add(file);
        if (!(await slices.yield())) return listed;
        ++count;
        if (this.workspace.get(file)?.open) continue; // the editor's text wins
        try {
          if (!this.loadFromDisk(file)) skipped++;
        } catch (e) {
          skipped++;
          this.log(LOG.skipped(`${file}${this.logLocale() === 'zh' ? '：' : ': '}${errorText(e)}`));
        }
      }
    }
    this.log(LOG.indexed(count - skipped, folders.length, skipped));
    return listed;
  }

  /**
   * Read a closed file into the index (or drop it when unreadable or ignored) and re-lint the open
   * files it affects. `follow` (a change on disk, a close): with the workspace in scope, also lint
   * it and the closed files it affects (the initial scan queues every file once at its end).
   */
  private loadFromDisk(file: string, follow = false): boolean {
    const cfg = this.configFor(file);
    const resolved = cfg.resolved;
    const limit = this.settings.maxFileSize ?? resolved.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    const closedToo = follow && this.wholeWorkspace;
    if (cfg.file && this.host.configIgnores(cfg.raw.ignore ?? [], cfg.dir, file)) {
      this.unshowClosed(file);
      this.scheduleAffected(this.workspace.remove(file, closedToo));
      return false;
    }
    const f = this.host.readScript(file, limit, this.logLocale());
    if ('error' in f) {
      this.log(LOG.skipped(f.error));
      this.unshowClosed(file);
      this.scheduleAffected(this.workspace.remove(file, closedToo));
      return false;
    }
    this.scheduleAffected(this.workspace.upsert(this.entryInput(file, this.host.uriOf(file), false, null, f.text), closedToo));
    if (closedToo) this.queueClosed([file]);
    return true;
  }

  private watchedFilesChanged(changes: FileEvent[]): void {
    let configChanged = false;
    for (const ch of changes ?? []) {
      if (!ch || typeof ch.uri !== 'string' || !isFileUri(ch.uri)) continue;
      const p = this.host.keyOf(ch.uri);
      if (this.host.basename(p) === CONFIG_NAME) {
        configChanged = true;
        continue;
      }
      if (this.host.basename(p) === SUPPRESSIONS_FILE) {
        this.host.baselinesChanged();
        this.relintAll();
        continue;
      }
      if (!/\.parley$/i.test(p)) {
        // A folder deleted or renamed away: everything under it goes.
        if (ch.type === FileChangeType.Deleted) for (const k of this.workspace.all().map((e) => e.key).filter((k) => this.host.isUnder(k, p))) this.fileDeleted(k);
        continue;
      }
      const entry = this.workspace.get(p);
      if (ch.type === FileChangeType.Deleted) this.fileDeleted(p);
      else if (entry?.open) {
        if (entry.deletedOnDisk) entry.deletedOnDisk = false;
      } else this.loadFromDisk(p, true);
    }
    if (configChanged) {
      this.configs.changed();
      this.reloadAll();
    }
  }

  private fileDeleted(key: string): void {
    const entry = this.workspace.get(key);
    if (!entry) return;
    if (entry.open) {
      // The buffer is still there: keep linting it; it leaves the index when closed.
      entry.deletedOnDisk = true;
      return;
    }
    this.unshowClosed(key);
    this.scheduleAffected(this.workspace.remove(key, this.wholeWorkspace));
  }

  private foldersChanged(added: string[], removed: string[]): void {
    const rm = removed.filter(isFileUri).map((u) => this.host.keyOf(u));
    this.folders = this.folders.filter((f) => !rm.includes(f));
    for (const f of rm)
      for (const e of this.workspace.all())
        if (this.host.isUnder(e.key, f) && !e.open) {
          this.unshowClosed(e.key);
          this.workspace.remove(e.key);
        }
    const add = added.filter(isFileUri).map((u) => this.host.keyOf(u));
    this.folders.push(...add);
    this.scanning = this.scan(add).then(() => this.relintAll());
  }

  /** Configs or settings changed: recompute every entry (placeholders, ignore globs, size limits) and re-lint. */
  private reloadAll(): void {
    for (const e of this.workspace.all()) {
      if (e.open) {
        const doc = this.documents.get(e.uri);
        if (doc) this.workspace.upsert({ ...this.entryInput(e.key, e.uri, true, doc.version, doc.getText()) });
      } else this.loadFromDisk(e.key);
    }
    for (const c of this.configs.all()) this.showConfigProblems(c);
    this.relintAll();
  }

  // ---------------------------------------------------------------- documents

  /**
   * The entry of a document a request names, with its parsed script: an open document's own; a
   * closed file's parsed on demand (closed files keep no parse: lsp/workspace).
   */
  private entryOf(uri: string): Entry | undefined {
    if (typeof uri !== 'string') return undefined;
    const e = this.workspace.get(this.host.keyOf(uri));
    if (!e || e.script || !e.outline) return e;
    return { ...e, script: this.workspace.scriptOf(e) };
  }

  private documentChanged(doc: TextDocument): void {
    const opened = this.justOpened.delete(doc.uri);
    if (!isParleyDocument(doc)) return;
    const key = this.host.keyOf(doc.uri);
    // Open now: its findings are the document's (published with its version), not the disk's.
    this.closedShown.delete(key);
    this.backlog.delete(key);
    const affected = this.workspace.upsert(this.entryInput(key, doc.uri, true, doc.version, doc.getText()), this.wholeWorkspace);
    if (opened) {
      this.schedule(doc.uri, 0);
      this.scheduleAffected(affected);
      return;
    }
    if (this.settings.run === 'onSave') {
      this.pendingOnSave.add(doc.uri);
      for (const e of affected) this.pendingOnSave.add(e.uri);
      return;
    }
    this.schedule(doc.uri, 0);
    this.scheduleAffected(affected);
  }

  private documentSaved(doc: TextDocument): void {
    if (!isParleyDocument(doc) || this.settings.run !== 'onSave') return;
    this.pendingOnSave.add(doc.uri);
    const closed: string[] = [];
    for (const uri of this.pendingOnSave) {
      if (this.documents.get(uri)) this.schedule(uri, 0);
      else closed.push(this.host.keyOf(uri));
    }
    this.pendingOnSave.clear();
    this.queueClosed(closed);
  }

  private documentClosed(doc: TextDocument): void {
    this.justOpened.delete(doc.uri);
    this.pendingOnSave.delete(doc.uri);
    this.bump(doc.uri);
    const t = this.timers.get(doc.uri);
    if (t) clearTimeout(t);
    this.timers.delete(doc.uri);
    this.results.delete(doc.uri);
    this.linters.delete(doc.uri);
    this.encoder?.forget(doc.uri);
    if (!isParleyDocument(doc)) return;
    const key = this.host.keyOf(doc.uri);
    const entry = this.workspace.get(key);
    const onDisk = !!entry && this.host.isPath(key) && !entry.deletedOnDisk && this.host.exists(key);
    // With the workspace in scope, a file that stays on disk keeps findings: those of its saved
    // text replace the document's (published even when empty, to clear the document's).
    if (onDisk && this.wholeWorkspace) this.closedShown.add(key);
    else this.publish(doc.uri, null);
    if (!entry) return;
    if (onDisk) this.loadFromDisk(key, true);
    else this.scheduleAffected(this.workspace.remove(key, this.wholeWorkspace));
  }

  // ---------------------------------------------------------------- linting

  private bump(uri: string): number {
    const g = (this.generations.get(uri) ?? 0) + 1;
    this.generations.set(uri, g);
    return g;
  }

  /**
   * Lint a document after `delay` ms, or — delay 0, the document itself changed — as soon as the
   * server is idle: no typing delay. The connection handles one queued message per turn of the
   * event loop, so the run waits two turns: changes already received by then (a burst) supersede it
   * (the generation moves on) and only the last one is linted. A run never publishes a result for
   * an outdated version: it checks its generation when it starts and lints the current text
   * synchronously, so nothing can change in between.
   */
  private schedule(uri: string, delay: number): void {
    if (this.shuttingDown) return;
    const gen = this.bump(uri);
    const old = this.timers.get(uri);
    if (old) clearTimeout(old);
    this.timers.delete(uri);
    const run = () => {
      if (this.generations.get(uri) !== gen) return;
      this.lint(uri, gen).catch((e: unknown) => this.log(LOG.lintFailed(uri, errorText(e))));
    };
    if (delay <= 0) {
      this.foreground++;
      later(() => {
        if (this.generations.get(uri) !== gen) return void this.foreground--;
        later(() => {
          this.foreground--;
          run();
        });
      });
      return;
    }
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        run();
      }, delay),
    );
  }

  private scheduleAffected(entries: Entry[]): void {
    if (this.settings.run === 'onSave') {
      for (const e of entries) this.pendingOnSave.add(e.uri);
      return;
    }
    const closed: string[] = [];
    for (const e of entries) {
      if (this.documents.get(e.uri)) this.schedule(e.uri, AFFECTED_DELAY_MS);
      else if (!e.open) closed.push(e.key);
    }
    this.queueClosed(closed);
  }

  private relintAll(): void {
    for (const doc of this.documents.all()) if (isParleyDocument(doc)) this.schedule(doc.uri, 0);
    this.queueAllClosed();
  }

  // ---------------------------------------------------------------- closed files (scope: workspace)

  /** Whether closed files' findings are shown: `parley.scope` workspace (or Lint Workspace asked). */
  private get wholeWorkspace(): boolean {
    return this.settings.enable && (this.settings.scope === 'workspace' || this.workspaceAsked);
  }

  private queueAllClosed(): void {
    this.queueClosed(this.workspace.all().filter((e) => !e.open).map((e) => e.key));
  }

  /** Lint these closed files in the background (nothing when the scope is the open files). */
  private queueClosed(keys: Iterable<string>): void {
    if (!this.wholeWorkspace) return;
    this.backlog.add(keys);
  }

  /**
   * Publish a closed file's findings (its text on disk), as `parley lint` finds them. The lint goes
   * on over slices until `until` each (background.ts PartialLint): returns where to go on from, or
   * undefined when done.
   */
  private lintClosed(key: string, until: number, partial: PartialLint | undefined): PartialLint | undefined {
    const entry = this.workspace.get(key);
    if (!entry || entry.open) return undefined;
    if (!this.wholeWorkspace || entry.ignored) return void this.unshowClosed(key);
    if (entry.tooLarge) return void this.showClosed(entry, [], undefined, [tooLargeDiagnostic(entry.tooLarge.bytes, entry.tooLarge.limit, this.uiLocale(entry.key))]);
    if (partial?.of !== entry) {
      const script = this.workspace.scriptOf(entry);
      if (!script) return void this.unshowClosed(key);
      partial = new PartialLint(entry, script);
    }
    const findings = partial.step(until, this.workspace.index(), this.configFor(key).resolved);
    if (!findings) return partial;
    this.showClosed(entry, this.underBaseline(key, findings), this.uiLocale(key));
    return undefined;
  }

  private showClosed(entry: Entry, findings: readonly Finding[], locale?: Locale, extra: Diagnostic[] = []): void {
    const any = findings.length + extra.length > 0;
    if (!any && !this.closedShown.has(entry.key)) return;
    if (any) this.closedShown.add(entry.key);
    else this.closedShown.delete(entry.key);
    this.publish(entry.uri, null, findings, locale, extra);
  }

  private unshowClosed(key: string): void {
    this.backlog.delete(key);
    if (!this.closedShown.delete(key)) return;
    this.publish(this.workspace.get(key)?.uri ?? this.host.uriOf(key), null);
  }

  /** The scope went back to the open files: closed files' findings go. */
  private clearClosed(): void {
    this.backlog.clear();
    for (const key of [...this.closedShown]) if (!this.workspace.get(key)?.open) this.unshowClosed(key);
    this.closedShown.clear();
  }

  /**
   * parley/lintWorkspace: list the folders again (files may have changed where no watcher saw
   * them), lint every file, open or closed, and answer the counts of what Problems then lists.
   * With `parley.scope` openFiles, closed files' findings are shown too until the setting changes.
   */
  private async lintWorkspace(): Promise<WorkspaceTotals> {
    await this.ready;
    await this.scanning;
    if (!this.settings.enable) return totals(new Map(), 0);
    this.workspaceAsked = this.settings.scope !== 'workspace';
    const scan = this.scan(this.folders);
    this.scanning = scan;
    const listed = await scan;
    for (const e of this.workspace.all()) {
      if (e.open || !this.host.isPath(e.key) || listed.has(e.key)) continue;
      if (this.folders.some((f) => this.host.isUnder(e.key, f))) this.fileDeleted(e.key);
    }
    for (const doc of this.documents.all()) if (isParleyDocument(doc)) await this.lint(doc.uri, this.bump(doc.uri));
    this.queueAllClosed();
    await this.backlog.whenIdle();
    return totals(this.shown, this.workspace.indexedCount);
  }

  private sendStatus(): void {
    if (!this.statusWanted) return;
    void this.connection.sendNotification(STATUS, { indexing: this.backlog.working, pending: this.backlog.size }).catch(() => undefined);
  }

  private async lint(uri: string, gen: number): Promise<void> {
    await this.ready;
    // A newer change (or a close) superseded this run: its result would be stale.
    if (this.generations.get(uri) !== gen || this.shuttingDown) return;
    const doc = this.documents.get(uri);
    const entry = this.entryOf(uri);
    if (!doc || !entry || !entry.open) return;
    if (!this.settings.enable) {
      this.publish(uri, doc.version);
      return;
    }
    if (entry.tooLarge) {
      this.linters.delete(uri);
      this.results.set(uri, { version: doc.version, findings: [] });
      this.publish(uri, doc.version, [], undefined, [tooLargeDiagnostic(entry.tooLarge.bytes, entry.tooLarge.limit, this.uiLocale(entry.key))]);
      return;
    }
    const started = Date.now();
    const findings = this.computeFindings(entry);
    this.results.set(uri, { version: doc.version, findings });
    const locale = this.uiLocale(entry.key);
    this.publish(uri, doc.version, this.underBaseline(entry.key, findings), locale);
    if (this.settings.trace.server === 'verbose') this.log(LOG.linted(uri, doc.version, findings.length, Date.now() - started));
  }

  private computeFindings(entry: Entry): Finding[] {
    if (!entry.script) return [];
    const cfg = this.configFor(entry.key);
    let linter = this.linters.get(entry.uri);
    if (!linter) {
      // (open documents only: closed files are indexed, never linted)
      linter = new IncrementalLinter();
      if (this.documents.get(entry.uri)) this.linters.set(entry.uri, linter);
    }
    return linter.lint(entry.script, this.workspace.index(), cfg.resolved);
  }

  /** Findings as shown: those covered by the nearest parley-suppressions.json become hints or go (parley.suppressedFindings). */
  private underBaseline(key: string, findings: Finding[]): Finding[] {
    return this.host.underBaseline(key, findings, this.settings.suppressedFindings, (m) => this.log(m), this.uiLocale(key));
  }

  /** Findings of a document's current text: the published ones when current, else computed now. */
  private currentFindings(uri: string): Finding[] {
    const doc = this.documents.get(uri);
    const entry = this.entryOf(uri);
    if (!doc || !entry?.script) return [];
    const r = this.results.get(uri);
    if (r && r.version === doc.version) return r.findings;
    return this.computeFindings(entry);
  }

  /**
   * Send a document's diagnostics: its findings (in `locale`, the rule links' language) and `extra`
   * diagnostics of the server's own. `version` null: a closed file's.
   */
  private publish(uri: string, version: number | null, findings: readonly Finding[] = [], locale?: Locale, extra: Diagnostic[] = []): void {
    const counts = countProblems(findings, extra);
    if (counts) this.shown.set(this.host.keyOf(uri), counts);
    else this.shown.delete(this.host.keyOf(uri));
    // (Over stdio the diagnostics go as bytes encoded once per finding, publish.ts.)
    const params = this.encoder
      ? this.encoder.encode(uri, version, findings, locale, extra)
      : { uri, diagnostics: [...findings.map((f) => toDiagnostic(f, version, locale)), ...extra], ...(version !== null ? { version } : {}) };
    void this.connection.sendDiagnostics(params as PublishDiagnosticsParams).catch(() => undefined);
  }

  // ---------------------------------------------------------------- requests

  private uriOfName(name: string): string {
    return this.workspace.get(name)?.uri ?? this.host.uriOf(name);
  }

  private displayName(name: string): string {
    if (!this.host.isPath(name)) return name;
    for (const f of this.folders) {
      const rel = this.host.relativeInside(f, name);
      if (rel !== undefined) return rel;
    }
    return this.host.basename(name);
  }

  private titleTargets(title: string): TitleTarget[] {
    const out: TitleTarget[] = [];
    for (const t of this.workspace.index().titles.get(title) ?? []) {
      const e = this.workspace.get(t.uri);
      const script = e && this.workspace.scriptOf(e);
      const node = script?.nodes.find((n) => n.titleLine === t.node.titleLine && n.title === title);
      if (script && node) out.push({ file: this.displayName(t.uri), node, lines: script.lines });
    }
    return out;
  }

  /**
   * What the graph requests read: every indexed file, linted as shown (open ones' current findings,
   * closed ones parsed and linted now, their findings kept while the file and the index stay), one
   * file per slice of background work: a graph over a large workspace does not hold typing up.
   */
  private graphSource(): GraphSource {
    const index = this.workspace.index();
    const slices = new Slicer(() => this.foreground > 0, () => this.shuttingDown);
    return {
      entries: this.workspace.indexed(),
      index,
      script: (e) => this.workspace.scriptOf(e),
      config: (e) => this.configFor(e.key).resolved,
      findings: (e, script) => {
        if (!this.settings.enable) return [];
        const cfg = this.configFor(e.key).resolved;
        const current = e.open && this.documents.get(e.uri) && this.workspace.get(e.key) === e;
        const findings = current ? this.currentFindings(e.uri) : this.graphCache.findingsOf(e, index, cfg, () => lintScript(script, index, cfg));
        return this.underBaseline(e.key, findings);
      },
      cache: this.graphCache,
      pause: () => slices.yield(),
    };
  }

  /** Parsed scripts of the indexed files with a title that passes `test`, parsed one by one as they are read (closed files on demand). */
  private *scriptsWithTitle(test: (title: string) => boolean): Iterable<ParsedScript> {
    for (const e of this.workspace.indexed()) {
      if (!e.outline!.defs.some((d) => test(d.node.title))) continue;
      const script = this.workspace.scriptOf(e);
      if (script) yield script;
    }
  }

  /**
   * Definition, references and rename at a position: the title there and the scripts of the files
   * that define or jump to it (or to `more`: a new name) — found by the reverse index, parsed when closed.
   */
  private nav(uri: string, position: { line: number; character: number }, more: string[] = []): NavInput | undefined {
    const entry = this.entryOf(uri);
    if (!entry?.script || !position) return undefined;
    const t = titleAt(entry.script, position);
    const scripts: ParsedScript[] = [];
    for (const e of this.workspace.mentioning(t ? [t.title, ...more] : [])) {
      const script = e.key === entry.key ? entry.script : this.workspace.scriptOf(e);
      if (script) scripts.push(script);
    }
    return { script: entry.script, position, scripts, uriOf: (n) => this.uriOfName(n) };
  }

  private workspaceEdit(byUri: Map<string, { version: number | null; edits: TextEdit[] }>): WorkspaceEdit {
    if (this.capabilities.workspace?.workspaceEdit?.documentChanges) {
      return { documentChanges: [...byUri].map(([uri, { version, edits }]) => ({ textDocument: { uri, version }, edits })) };
    }
    const changes: Record<string, TextEdit[]> = {};
    for (const [uri, { edits }] of byUri) changes[uri] = edits;
    return { changes };
  }

  private async executeCommand(command: string, args: unknown[]): Promise<null> {
    if (command === PLACE_CURSOR) return this.placeCursor(args);
    if (command !== SHOW_DOCUMENTATION) throw new ResponseError(ErrorCodes.InvalidParams, `Unknown command ${command}`);
    const arg = args[0];
    const url = typeof arg === 'string' ? arg : typeof (arg as { url?: unknown })?.url === 'string' ? (arg as { url: string }).url : undefined;
    if (!url || !/^(https?|file):/.test(url)) throw new ResponseError(ErrorCodes.InvalidParams, 'parley.showDocumentation needs a documentation URL');
    if (this.capabilities.window?.showDocument?.support) {
      await this.connection.window.showDocument({ uri: url, external: true });
    } else {
      this.connection.window.showInformationMessage(logLine(LOG.documentation(url), this.logLocale()));
    }
    return null;
  }

  /** parley.placeCursor [uri, position]: after an action's edit, the editor shows the document with the cursor there. */
  private async placeCursor(args: unknown[]): Promise<null> {
    const [uri, at] = args as [unknown, { line?: unknown; character?: unknown } | undefined];
    if (typeof uri !== 'string' || !at || typeof at.line !== 'number' || typeof at.character !== 'number' || at.line < 0 || at.character < 0) {
      throw new ResponseError(ErrorCodes.InvalidParams, 'parley.placeCursor needs a document URI and a position');
    }
    if (!this.capabilities.window?.showDocument?.support) return null; // (nothing to ask for: the edit is applied all the same)
    const position = { line: at.line, character: at.character };
    await this.connection.window.showDocument({ uri, takeFocus: true, selection: { start: position, end: position } });
    return null;
  }

  // ---------------------------------------------------------------- hardening

  /** The language of the output channel's lines: the editor's display language, else Chinese. */
  logLocale(): Locale {
    return this.locale ?? DEFAULT_LOCALE;
  }

  private log(message: LogText | string): void {
    try {
      this.connection.console.log(logLine(message, this.logLocale()));
    } catch {
      /* the connection is gone */
    }
  }

  private guard(name: string, fn: () => void): void {
    this.guards.run(name, fn);
  }

  private notification<P>(name: string, fn: (p: P) => void | Promise<void>): (p: P) => void {
    return this.guards.notification(name, fn);
  }

  private request<P, R, F>(name: string, fallback: F, fn: (p: P) => R | Promise<R>): (p: P) => Promise<R | F> {
    return this.guards.request(name, fallback, fn);
  }
}
