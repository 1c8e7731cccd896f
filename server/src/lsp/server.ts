/**
 * The Parley language server: wires the LSP connection to the core. Thin by design: what is at a
 * position, completions, hovers, code actions and navigation live in the pure modules beside this
 * file; rules live in the core. This file owns the state (open documents, the workspace's files,
 * configs, settings), the life cycle, the open documents' lints and scheduling, and publishing.
 * Its other jobs are in rooms of their own, which read and call the state here: requests.ts (the
 * language features' requests), files.ts (the workspace's files on disk: scan, watchers, folders),
 * closed.ts (closed files' findings in the background, Lint Workspace), capabilities.ts.
 */
import {
  DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, MessageType, ShowMessageNotification, TextDocuments,
  type ClientCapabilities, type Connection, type Diagnostic, type InitializeParams, type InitializeResult,
  type PublishDiagnosticsParams, type WorkspaceFolder,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LinesDocument } from './document';
import { IncrementalLinter, lexiconBank } from '../core/engine';
import { DEFAULT_LOCALE, editorLocale, type Locale } from '../core/messages';
import { LOG, logLine, type LogText } from './log-text';
import type { Finding } from '../core/types';
import type { ContentChange, TextSource } from '../core/parser';
import { configDiagnostics, toDiagnostic, tooLargeDiagnostic } from './diagnostics';
import { utf8Length, type ServerHost } from './host';
import { later } from './background';
import { errorText, Guard } from './guard';
import { DiagnosticsEncoder, EncodedDiagnostics } from './publish';
import { DEFAULT_SETTINGS, normaliseSettings, type Settings } from './settings';
import { countProblems, type Counts } from './status';
import { Workspace, type Entry, type EntryInput } from './workspace';
import { ServerConfigs, type LoadedConfig } from './configs';
import { CONFIG_NAME } from '../core/config-resolver';
import { serverCapabilities } from './capabilities';
import { ClosedFiles } from './closed';
import { WorkspaceFiles } from './files';
import { Requests } from './requests';
import { entryInputOf } from './offload';

/** Delay before re-linting other open files a change affects. */
const AFFECTED_DELAY_MS = 120;
/** How long the first lints wait for the initial workspace scan before going ahead without it. */
const SCAN_WAIT_MS = 2_000;

export const SUPPRESSIONS_FILE = 'parley-suppressions.json';

export function isFileUri(uri: string): boolean {
  return uri.startsWith('file:');
}

/** A timer that does not keep a Node process alive (browsers' timers are numbers: nothing to do). */
function unref<T>(t: T): T {
  (t as { unref?: () => void }).unref?.();
  return t;
}

export function isParleyDocument(doc: TextDocument): boolean {
  return doc.languageId === 'parley' || /\.parley$/i.test(doc.uri);
}

/**
 * The server's state and its core jobs. Members without `private` are read and called by the
 * server's other rooms (requests.ts, files.ts, closed.ts), and by nothing else.
 */
export class ParleyServer {
  /** Open documents; each change also noted in `edits` (as the editor sent it), for the re-parse. */
  readonly documents = new TextDocuments<LinesDocument>({
    create: LinesDocument.create,
    update: (doc, changes, version) => {
      const from = doc.version;
      const updated = LinesDocument.update(doc, changes, version);
      const ranged = changes.every((c) => 'range' in c && c.range) ? (changes as ContentChange[]) : undefined;
      this.edits.set(doc.uri, { from, to: version, changes: ranged });
      return updated;
    },
  });
  /** Per open document, the changes of its last update (read, and dropped, by documentChanged). */
  private edits = new Map<string, { from: number; to: number; changes: ContentChange[] | undefined }>();
  readonly workspace = new Workspace();
  capabilities: ClientCapabilities = {};
  folders: string[] = [];
  settings: Settings = DEFAULT_SETTINGS;
  /** parley.config.json files: found and read as the CLI does (core/config-resolver), with the settings over them. */
  readonly configs: ServerConfigs;
  /** Config files whose problems are currently published. */
  private configProblemsShown = new Set<string>();
  private generations = new Map<string, number>();
  readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private results = new Map<string, { version: number; findings: Finding[] }>();
  /** Per open document: the previous version's nodes and findings, so that an edit re-lints only what it changed. */
  private linters = new Map<string, IncrementalLinter>();
  /** The locale from `initialize` (the editor's display language), if it gave one. */
  locale: Locale | undefined;
  /** Open documents to re-lint at the next save (run: onSave). */
  readonly pendingOnSave = new Set<string>();
  private justOpened = new Set<string>();
  /** Resolves once settings are read and the initial scan is done (or took too long): lints wait for it. */
  readonly ready: Promise<void>;
  private markReady: () => void = () => undefined;
  scanning: Promise<unknown> = Promise.resolve();
  shuttingDown = false;
  private readonly guards = new Guard((m) => this.log(m));
  /** Per published URI's key: its errors, warnings and infos (what Problems lists). */
  readonly shown = new Map<string, Counts>();
  /** Lints of edited documents scheduled and not yet run: the background waits for them. */
  foreground = 0;
  /** When a document last changed (ms): closed files' publishes wait for a pause in typing (closed.ts). */
  lastEdit = 0;
  /** "Lint Workspace" asked for every file's findings while the scope is openFiles (until the setting changes). */
  workspaceAsked = false;
  /** The client asked for parley/status notifications (the VS Code extension does). */
  statusWanted = false;
  /** Closed files' findings in the background (scope: workspace). */
  readonly closed: ClosedFiles;
  /** The workspace's files on disk. */
  readonly files: WorkspaceFiles;
  /** The language features' requests. */
  readonly requests: Requests;

  /** Diagnostics go out encoded (publish.ts): the stdio writer. */
  get encodesDiagnostics(): boolean {
    return !!this.encoder;
  }

  get shutdownReceived(): boolean {
    return this.shuttingDown;
  }

  /** Encodes diagnostics once per finding, when the connection's writer takes encoded ones (publish.ts). */
  private readonly encoder: DiagnosticsEncoder | undefined;

  constructor(
    readonly connection: Connection,
    readonly host: ServerHost,
    options: { encodedDiagnostics?: boolean } = {},
  ) {
    this.encoder = options.encodedDiagnostics ? new DiagnosticsEncoder() : undefined;
    this.ready = new Promise<void>((resolve) => (this.markReady = resolve));
    this.closed = new ClosedFiles(this);
    this.files = new WorkspaceFiles(this);
    this.requests = new Requests(this);
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
    c.onDidChangeWatchedFiles(this.notification('didChangeWatchedFiles', (p) => this.files.watchedFilesChanged(p.changes)));
    this.requests.register(c);

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
    return { capabilities: serverCapabilities(opts), serverInfo: { name: 'parley-language-server', version: this.host.version } };
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
          this.guard('didChangeWorkspaceFolders', () => this.files.foldersChanged(e.added.map((f) => f.uri), e.removed.map((f) => f.uri))),
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
    // Closed files are read and linted on a thread of their own where the host has one (offload.ts).
    this.closed.start();
    let scanned = false;
    this.scanning = this.files.scan(this.folders).finally(() => (scanned = true));
    // Then every closed file's findings, in the background (scope: workspace).
    void this.scanning.then(() => this.closed.queueAll());
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
    this.closed.setup();
    if (sizeChanged) this.files.reloadAll();
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
    if (!this.wholeWorkspace) this.closed.clear();
    if (!this.settings.enable) {
      for (const doc of this.documents.all()) this.publish(doc.uri, doc.version);
      this.results.clear();
      this.linters.clear();
      return;
    }
    this.relintAll();
  }

  /** The config that applies to a file (discovered as the CLI does; lsp/configs.ts). */
  configFor(key: string | undefined): LoadedConfig {
    return this.configs.forKey(key);
  }

  /** A config file was read (again): its problems go to it as diagnostics, or are cleared. */
  showConfigProblems(c: LoadedConfig): void {
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
  uiLocale(key: string | undefined): Locale {
    return this.locale ?? this.configFor(key).resolved.locale;
  }

  /** Entry fields that depend on the config and settings: size limit, ignore globs, placeholders. */
  entryInput(key: string, uri: string, open: boolean, version: number | null, text: TextSource): EntryInput {
    return entryInputOf(this.host, this.configs, this.settings, key, uri, open, version, text, utf8Length);
  }


  // ---------------------------------------------------------------- documents

  /**
   * The entry of a document a request names, with its parsed script: an open document's own; a
   * closed file's parsed on demand (closed files keep no parse: lsp/workspace).
   */
  entryOf(uri: string): Entry | undefined {
    if (typeof uri !== 'string') return undefined;
    const e = this.workspace.get(this.host.keyOf(uri));
    if (!e || e.script || !e.outline) return e;
    return { ...e, script: this.workspace.scriptOf(e) };
  }

  private documentChanged(doc: LinesDocument): void {
    this.lastEdit = Date.now();
    this.closed.edited(this.lastEdit);
    const opened = this.justOpened.delete(doc.uri);
    if (!isParleyDocument(doc)) return;
    const key = this.host.keyOf(doc.uri);
    const edited = this.edits.get(doc.uri);
    this.edits.delete(doc.uri);
    const edits = edited?.changes && edited.to === doc.version ? { from: edited.from, changes: edited.changes } : undefined;
    // Open now: its findings are the document's (published with its version), not the disk's.
    const affected = this.workspace.upsert(this.entryInput(key, doc.uri, true, doc.version, doc.source), this.wholeWorkspace, edits);
    this.closed.opened(key);
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
    this.closed.queue(closed);
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
    if (onDisk && this.wholeWorkspace) this.closed.shown.add(key);
    else this.publish(doc.uri, null);
    if (!entry) return;
    if (onDisk) this.files.loadFromDisk(key, true);
    else {
      this.closed.forget(key);
      this.scheduleAffected(this.workspace.remove(key, this.wholeWorkspace));
    }
  }

  // ---------------------------------------------------------------- linting

  /** Whether closed files' findings are shown: `parley.scope` workspace (or Lint Workspace asked). */
  get wholeWorkspace(): boolean {
    return this.settings.enable && (this.settings.scope === 'workspace' || this.workspaceAsked);
  }

  bump(uri: string): number {
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
      this.lint(uri, gen).catch((e: unknown) => this.lintFailed(uri, errorText(e)));
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

  scheduleAffected(entries: Entry[]): void {
    if (this.settings.run === 'onSave') {
      for (const e of entries) this.pendingOnSave.add(e.uri);
      return;
    }
    const closed: string[] = [];
    for (const e of entries) {
      if (this.documents.get(e.uri)) this.schedule(e.uri, AFFECTED_DELAY_MS);
      else if (!e.open) closed.push(e.key);
    }
    this.closed.queue(closed);
  }

  relintAll(): void {
    for (const doc of this.documents.all()) if (isParleyDocument(doc)) this.schedule(doc.uri, 0);
    this.closed.queueAll();
  }

  async lint(uri: string, gen: number): Promise<void> {
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
  underBaseline(key: string, findings: Finding[]): Finding[] {
    return this.host.underBaseline(key, findings, this.settings.suppressedFindings, (m) => this.log(m), this.uiLocale(key));
  }

  /** Findings of a document's current text: the published ones when current, else computed now. */
  currentFindings(uri: string): Finding[] {
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
  publish(uri: string, version: number | null, findings: readonly Finding[] = [], locale?: Locale, extra: Diagnostic[] = []): void {
    const counts = countProblems(findings, extra);
    if (counts) this.shown.set(this.host.keyOf(uri), counts);
    else this.shown.delete(this.host.keyOf(uri));
    // (Over stdio the diagnostics go as bytes encoded once per finding, publish.ts.)
    const params = this.encoder
      ? this.encoder.encode(uri, version, findings, locale, extra)
      : { uri, diagnostics: [...findings.map((f) => toDiagnostic(f, version, locale)), ...extra], ...(version !== null ? { version } : {}) };
    // (once written, an encoded message's buffer takes a later publish of the document)
    void this.connection.sendDiagnostics(params as PublishDiagnosticsParams).then(() => (params instanceof EncodedDiagnostics ? params.written() : undefined), () => undefined);
  }

  // ---------------------------------------------------------------- hardening

  /** The language of the output channel's lines: the editor's display language, else Chinese. */
  logLocale(): Locale {
    return this.locale ?? DEFAULT_LOCALE;
  }

  log(message: LogText | string): void {
    try {
      this.connection.console.log(logLine(message, this.logLocale()));
    } catch {
      /* the connection is gone */
    }
  }

  private failureShown = false;

  /**
   * A file could not be linted (a missing or foreign lexicon bank in a broken install, an internal
   * error): the log says why for each file, and the first failure of the session is also shown to
   * the user, once, so that an empty Problems view is never mistaken for a clean script.
   */
  lintFailed(uri: string, error: string): void {
    this.log(LOG.lintFailed(uri, error));
    if (this.failureShown) return;
    this.failureShown = true;
    try {
      // (a notification, not showErrorMessage's request: nothing to answer)
      void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message: logLine(LOG.lintFailedShown(error), this.logLocale()) });
    } catch {
      /* the connection is gone */
    }
  }

  guard(name: string, fn: () => void): void {
    this.guards.run(name, fn);
  }

  notification<P>(name: string, fn: (p: P) => void | Promise<void>): (p: P) => void {
    return this.guards.notification(name, fn);
  }

  request<P, R, F>(name: string, fallback: F, fn: (p: P) => R | Promise<R>): (p: P) => Promise<R | F> {
    return this.guards.request(name, fallback, fn);
  }
}
