/**
 * Closed files' findings (scope: workspace, or Lint Workspace asked): linted in the background
 * (background.ts), published without a version, taken back when the file opens, is removed or the
 * scope goes back to the open files; and the parley/lintWorkspace request. No Node imports.
 */
import type { Diagnostic } from 'vscode-languageserver';
import type { Locale } from '../core/messages';
import type { Finding } from '../core/types';
import { BackgroundQueue, PartialLint } from './background';
import { tooLargeDiagnostic } from './diagnostics';
import { STATUS, totals, type WorkspaceTotals } from './status';
import type { Entry } from './workspace';
import { isParleyDocument, type ParleyServer } from './server';
import { afterInput, later } from './background';
import { internOutline, keysOf, TYPING_PAUSE_MS, type BackgroundThread, type FromWorker, type Published, type Result } from './offload';
import { EncodedDiagnostics } from './publish';
import { UnitsText, type FileOutline } from './workspace';
import { LOG } from './log-text';


export class ClosedFiles {
  /** Closed files (keys) whose findings are due, linted in the background. */
  readonly backlog: BackgroundQueue<PartialLint>;
  /** Closed files (keys) whose findings are published. */
  readonly shown = new Set<string>();

  /**
   * The thread that reads, parses and lints closed files (offload.ts; Node), or undefined: they are
   * then linted here, in slices (`backlog`; the browser, or after the thread failed).
   */
  private thread: BackgroundThread | undefined;
  private seq = 0;
  /** Per key: the sequence number of the last read and of the last lint asked of the thread, until answered. */
  private readonly loads = new Map<string, number>();
  private readonly lints = new Map<string, number>();
  /** Per key: whether the read asked last should also bring the closed files its change affects (loadFromDisk's `follow`). */
  private readonly follow = new Map<string, boolean>();
  /** Batches of reads (a scan) not yet done: their keys, how many were skipped, who waits. */
  private readonly batches = new Map<number, { keys: Set<string>; skipped: number; done: (skipped: number) => void }>();
  private nextBatch = 0;
  /** Open documents' parts of the index as the thread last got them. */
  private readonly sentOpen = new Map<string, FileOutline | undefined>();
  /** Closed files' diagnostics from the thread, to publish: one at a time, never ahead of a keystroke's. */
  private readonly outbox = new Map<string, Published>();
  private sending = false;
  private wasWorking = false;
  private idle: (() => void)[] = [];

  constructor(private readonly s: ParleyServer) {
    this.backlog = new BackgroundQueue<PartialLint>(
      (key, until, partial) => {
        let next: PartialLint | undefined;
        s.guard('background lint', () => void (next = this.lint(key, until, partial)));
        return next;
      },
      () => s.foreground > 0,
      () => s.shuttingDown,
      s.ready,
      () => this.sendStatus(),
    );
  }
  /** Every closed file's findings, in the background. */
  queueAll(): void {
    this.queue(this.s.workspace.all().filter((e) => !e.open).map((e) => e.key));
  }

  /** Lint these closed files in the background (nothing when the scope is the open files). */
  queue(keys: Iterable<string>): void {
    if (!this.s.wholeWorkspace) return;
    if (!this.thread) return this.backlog.add(keys);
    const jobs = [];
    for (const key of keys) {
      const seq = ++this.seq;
      this.lints.set(key, seq);
      jobs.push({ key, seq, load: false, lint: true });
    }
    if (jobs.length) this.thread.post({ t: 'jobs', jobs });
    this.statusChanged();
  }

  // ------------------------------------------------------------ the background thread

  /** Whether closed files are read and linted on the background thread. */
  get offloaded(): boolean {
    return !!this.thread;
  }

  /** Start the background thread if the host has one (at `initialized`, before the scan). */
  start(): void {
    if (this.thread || !this.s.host.backgroundThread) return;
    try {
      this.thread = this.s.host.backgroundThread();
    } catch (e) {
      this.s.log(LOG.backgroundFailed(String((e as Error)?.message ?? e)));
      return;
    }
    if (!this.thread) return;
    this.thread.listen(
      (m) => this.s.guard('background thread', () => this.received(m)),
      (why) => this.s.guard('background thread', () => this.failed(why)),
    );
    this.setup();
  }

  /** Settings (or the locale) changed: the thread decides sizes, configs and messages as the server does. */
  setup(): void {
    this.thread?.post({ t: 'setup', setup: { settings: this.s.settings, locale: this.s.locale, folder: this.s.folders[0], encoded: this.s.encodesDiagnostics } });
  }

  configsChanged(): void {
    this.thread?.post({ t: 'configsChanged' });
  }

  baselinesChanged(): void {
    this.thread?.post({ t: 'baselinesChanged' });
  }

  /** A document changed (the user types): the background thread waits until typing pauses (offload.ts TYPING_PAUSE_MS). */
  edited(at: number): void {
    this.thread?.edited?.(at);
  }

  /** A document is open (or changed): its background work goes, and the thread gets its part of the index when that changed. */
  opened(key: string): void {
    this.shown.delete(key);
    this.backlog.delete(key);
    if (!this.thread) return;
    this.loads.delete(key);
    this.lints.delete(key);
    this.outbox.delete(key);
    const e = this.s.workspace.get(key);
    if (!e) return;
    if (this.sentOpen.has(key) && this.sentOpen.get(key) === e.outline) return;
    this.sentOpen.set(key, e.outline);
    this.thread.post({ t: 'open', input: { key: e.key, uri: e.uri, open: true, version: e.version, text: '', tooLarge: e.tooLarge, ignored: e.ignored }, outline: e.outline, keys: keysOf(e) });
  }

  /** A file left the workspace. */
  forget(key: string): void {
    this.sentOpen.delete(key);
    if (!this.thread) return;
    this.loads.delete(key);
    this.lints.delete(key);
    this.outbox.delete(key);
    this.thread.post({ t: 'forget', key });
  }

  /** Read a closed file on the thread (files.ts loadFromDisk); `lint`: then lint it too, and the closed files it affects. */
  load(key: string, lint: boolean): void {
    // A document just closed is a closed file from now on (its last text and part of the index until the disk's come).
    const e = this.s.workspace.get(key);
    if (e?.open) this.s.workspace.put({ key, uri: e.uri, open: false, version: null, text: e.text, tooLarge: e.tooLarge, ignored: e.ignored, parseOptions: e.parseOptions }, e.outline, keysOf(e));
    this.post([key], lint);
  }

  /** Read these closed files on the thread (a scan); resolves with how many were skipped once every one is in. */
  loadAll(keys: string[]): Promise<number> {
    if (!keys.length) return Promise.resolve(0);
    return new Promise((done) => {
      const batch = ++this.nextBatch;
      this.batches.set(batch, { keys: new Set(keys), skipped: 0, done });
      this.post(keys, false, batch);
    });
  }

  private post(keys: string[], lint: boolean, batch?: number): void {
    const jobs = [];
    for (const key of keys) {
      const seq = ++this.seq;
      this.sentOpen.delete(key);
      this.loads.set(key, seq);
      this.follow.set(key, lint);
      if (lint) this.lints.set(key, seq);
      jobs.push({ key, seq, load: true, lint });
    }
    this.thread!.post({ t: 'jobs', jobs, batch });
    this.statusChanged();
  }

  private received(m: FromWorker): void {
    if (m.t === 'log') return void this.s.log(m.text);
    if (m.t === 'done') {
      const b = this.batches.get(m.batch);
      this.batches.delete(m.batch);
      b?.done(b.skipped);
      return;
    }
    // (The configs of the folders this message's files were read in: looked up once per folder.)
    const folders = new Set<string>();
    for (const r of m.results) this.result(r, folders);
    this.statusChanged();
  }

  /**
   * One answer of the thread: applied only if nothing newer was asked for that file since (a
   * document opened meanwhile dropped what was asked: `opened`).
   */
  private result(r: Result, folders: Set<string>): void {
    const { key, seq } = r;
    // The thread read the file's config in its own resolver: read it here too (once per folder, cached),
    // so that a config's problems reach the output channel and its diagnostics as they did before.
    // Once per folder and message: without file watchers the resolver looks a folder's config up
    // on disk at every call (~0.1 ms a file, 200 ms of this thread's time per scan of 2,000 files).
    if (r.loaded) {
      const folder = this.s.host.dirname(key);
      if (!folders.has(folder)) {
        folders.add(folder);
        this.s.configFor(key);
      }
    }
    const newerLoad = (this.loads.get(key) ?? 0) > seq;
    if (r.loaded && this.loads.has(key) && !newerLoad) {
      this.loads.delete(key);
      const closedToo = !!this.follow.get(key) && this.s.wholeWorkspace;
      this.follow.delete(key);
      const l = r.loaded;
      if ('input' in l) {
        this.s.scheduleAffected(this.s.workspace.put({ ...l.input, text: new UnitsText(l.units) }, internOutline(l.outline), l.keys, closedToo));
      } else {
        if ('skipped' in l) this.s.log(LOG.skipped(l.skipped));
        for (const b of this.batches.values()) if (b.keys.has(key)) b.skipped++;
        this.unshow(key);
        this.s.scheduleAffected(this.s.workspace.remove(key, closedToo));
      }
    }
    if (!r.linted || !this.lints.has(key) || (this.lints.get(key) ?? 0) > seq) return;
    this.lints.delete(key);
    // (Read again meanwhile: the findings are of the text before; lint the new one.)
    if (newerLoad) return this.queue([key]);
    const entry = this.s.workspace.get(key);
    if (!entry || entry.open) return;
    if (!this.s.wholeWorkspace || 'unshow' in r.linted) return this.unshow(key);
    const p = r.linted;
    if (p.empty && !this.shown.has(key)) return;
    if (p.empty) this.shown.delete(key);
    else this.shown.add(key);
    if (p.counts) this.s.shown.set(key, p.counts);
    else this.s.shown.delete(key);
    this.outbox.delete(key);
    this.outbox.set(key, p);
    this.send();
  }

  /**
   * Publish the thread's diagnostics one message at a time, each after the previous one is
   * written, never while a keystroke's lint is due and only in pauses of typing (TYPING_PAUSE_MS): a keystroke's
   * publish waits behind at most one closed file's.
   */
  private send(): void {
    if (this.sending) return;
    this.sending = true;
    const next = (): void => {
      if (this.s.shuttingDown) this.outbox.clear();
      const first = this.outbox.entries().next();
      if (first.done) {
        this.sending = false;
        return this.statusChanged();
      }
      if (this.s.foreground > 0) return afterInput(next);
      // (A publish is written to the editor synchronously (a pipe): while the user types, the editor reads keystrokes' first.)
      const wait = this.s.lastEdit + TYPING_PAUSE_MS - Date.now();
      if (wait > 0) return void setTimeout(next, wait);
      const [key, p] = first.value;
      this.outbox.delete(key);
      const params = p.message ? new EncodedDiagnostics(p.uri, undefined, p.message) : { uri: p.uri, diagnostics: p.diagnostics ?? [] };
      this.s.connection.sendDiagnostics(params as never).then(
        () => later(next),
        () => later(next),
      );
    };
    later(next);
  }

  /** Background work pending (thread or slices): for the status notification and Lint Workspace. */
  private get working(): boolean {
    return this.thread ? this.loads.size + this.lints.size + this.outbox.size > 0 || this.sending : this.backlog.working;
  }

  private statusChanged(): void {
    const w = this.working;
    if (!w) for (const f of this.idle.splice(0)) f();
    if (w === this.wasWorking) return;
    this.wasWorking = w;
    this.sendStatus();
  }

  /** Resolves when no closed file's work is pending. */
  async whenIdle(): Promise<void> {
    await this.backlog.whenIdle();
    if (this.thread && this.working) await new Promise<void>((r) => this.idle.push(r));
  }

  /** The thread died: log it, and do what it had left here, in slices. */
  private failed(why: string): void {
    this.s.log(LOG.backgroundFailed(why));
    this.thread = undefined;
    this.sentOpen.clear();
    const loads = [...this.loads.keys()];
    const lints = [...this.lints.keys()];
    this.loads.clear();
    this.lints.clear();
    for (const key of loads) if (!this.s.workspace.get(key)?.open) this.s.files.loadFromDisk(key, !!this.follow.get(key));
    this.follow.clear();
    for (const [, b] of this.batches) b.done(b.skipped);
    this.batches.clear();
    this.queue(lints);
    this.statusChanged();
  }

  /**
   * Publish a closed file's findings (its text on disk), as `parley lint` finds them. The lint goes
   * on over slices until `until` each (background.ts PartialLint): returns where to go on from, or
   * undefined when done.
   */
  lint(key: string, until: number, partial: PartialLint | undefined): PartialLint | undefined {
    const entry = this.s.workspace.get(key);
    if (!entry || entry.open) return undefined;
    if (!this.s.wholeWorkspace || entry.ignored) return void this.unshow(key);
    if (entry.tooLarge) return void this.show(entry, [], undefined, [tooLargeDiagnostic(entry.tooLarge.bytes, entry.tooLarge.limit, this.s.uiLocale(entry.key))]);
    if (partial?.of !== entry) {
      const script = this.s.workspace.scriptOf(entry);
      if (!script) return void this.unshow(key);
      partial = new PartialLint(entry, script);
    }
    const findings = partial.step(until, this.s.workspace.index(), this.s.configFor(key).resolved);
    if (!findings) return partial;
    this.show(entry, this.s.underBaseline(key, findings), this.s.uiLocale(key));
    return undefined;
  }

  show(entry: Entry, findings: readonly Finding[], locale?: Locale, extra: Diagnostic[] = []): void {
    const any = findings.length + extra.length > 0;
    if (!any && !this.shown.has(entry.key)) return;
    if (any) this.shown.add(entry.key);
    else this.shown.delete(entry.key);
    this.s.publish(entry.uri, null, findings, locale, extra);
  }

  unshow(key: string): void {
    this.backlog.delete(key);
    this.lints.delete(key);
    this.outbox.delete(key);
    if (!this.shown.delete(key)) return;
    this.s.publish(this.s.workspace.get(key)?.uri ?? this.s.host.uriOf(key), null);
  }

  /** The scope went back to the open files: closed files' findings go. */
  clear(): void {
    this.backlog.clear();
    this.lints.clear();
    this.outbox.clear();
    this.thread?.post({ t: 'reset' });
    for (const key of [...this.shown]) if (!this.s.workspace.get(key)?.open) this.unshow(key);
    this.shown.clear();
  }

  /**
   * parley/lintWorkspace: list the folders again (files may have changed where no watcher saw
   * them), lint every file, open or closed, and answer the counts of what Problems then lists.
   * With `parley.scope` openFiles, closed files' findings are shown too until the setting changes.
   */
  async lintWorkspace(): Promise<WorkspaceTotals> {
    await this.s.ready;
    await this.s.scanning;
    if (!this.s.settings.enable) return totals(new Map(), 0);
    this.s.workspaceAsked = this.s.settings.scope !== 'workspace';
    const scan = this.s.files.scan(this.s.folders);
    this.s.scanning = scan;
    const listed = await scan;
    for (const e of this.s.workspace.all()) {
      if (e.open || !this.s.host.isPath(e.key) || listed.has(e.key)) continue;
      if (this.s.folders.some((f) => this.s.host.isUnder(e.key, f))) this.s.files.fileDeleted(e.key);
    }
    for (const doc of this.s.documents.all()) if (isParleyDocument(doc)) await this.s.lint(doc.uri, this.s.bump(doc.uri));
    this.queueAll();
    await this.whenIdle();
    return totals(this.s.shown, this.s.workspace.indexedCount);
  }

  sendStatus(): void {
    if (!this.s.statusWanted) return;
    const pending = this.thread ? this.lints.size + this.outbox.size : this.backlog.size;
    void this.s.connection.sendNotification(STATUS, { indexing: this.working, pending }).catch(() => undefined);
  }
}
