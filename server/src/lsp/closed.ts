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

export class ClosedFiles {
  /** Closed files (keys) whose findings are due, linted in the background. */
  readonly backlog: BackgroundQueue<PartialLint>;
  /** Closed files (keys) whose findings are published. */
  readonly shown = new Set<string>();

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
    this.backlog.add(keys);
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
    if (!this.shown.delete(key)) return;
    this.s.publish(this.s.workspace.get(key)?.uri ?? this.s.host.uriOf(key), null);
  }

  /** The scope went back to the open files: closed files' findings go. */
  clear(): void {
    this.backlog.clear();
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
    await this.backlog.whenIdle();
    return totals(this.s.shown, this.s.workspace.indexedCount);
  }

  sendStatus(): void {
    if (!this.s.statusWanted) return;
    void this.s.connection.sendNotification(STATUS, { indexing: this.backlog.working, pending: this.backlog.size }).catch(() => undefined);
  }
}
