/**
 * The workspace's files on disk: the scan of the folders, files read into the index (or dropped
 * when unreadable, ignored or deleted), watched-file events, folders added and removed, and the
 * reload of every entry when configs or settings change. File access goes through the host
 * (host.ts). No Node imports.
 */
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import { CONFIG_NAME } from '../core/config-resolver';
import { LOG } from './log-text';
import { Slicer } from './background';
import { errorText } from './guard';
import { DEFAULT_MAX_FILE_SIZE, isFileUri, SUPPRESSIONS_FILE, type ParleyServer } from './server';

export class WorkspaceFiles {
  constructor(private readonly s: ParleyServer) {}
  /** Reads the folders' scripts into the index; returns the files listed. */
  async scan(folders: string[]): Promise<Set<string>> {
    const listed = new Set<string>();
    const thaw = this.s.workspace.freezeIndex();
    try {
      return await this.scanFolders(folders, listed);
    } finally {
      thaw();
    }
  }

  async scanFolders(folders: string[], listed: Set<string>): Promise<Set<string>> {
    let skipped = 0;
    let count = 0;
    // Reading and parsing in slices, between the editor's messages, and not while a keystroke's
    // lint is due (typing first).
    const slices = new Slicer(() => this.s.foreground > 0, () => this.s.shuttingDown);
    for (const folder of folders) {
      let files: string[] = [];
      try {
        files = await this.s.host.listScripts(folder);
      } catch (e) {
        this.s.log(LOG.cannotList(folder, errorText(e)));
        continue;
      }
      for (const file of files) {
        listed.add(file);
        if (!(await slices.yield())) return listed;
        ++count;
        if (this.s.workspace.get(file)?.open) continue; // the editor's text wins
        try {
          if (!this.loadFromDisk(file)) skipped++;
        } catch (e) {
          skipped++;
          this.s.log(LOG.skipped(`${file}${this.s.logLocale() === 'zh' ? '：' : ': '}${errorText(e)}`));
        }
      }
    }
    this.s.log(LOG.indexed(count - skipped, folders.length, skipped));
    return listed;
  }

  /**
   * Read a closed file into the index (or drop it when unreadable or ignored) and re-lint the open
   * files it affects. `follow` (a change on disk, a close): with the workspace in scope, also lint
   * it and the closed files it affects (the initial scan queues every file once at its end).
   */
  loadFromDisk(file: string, follow = false): boolean {
    const cfg = this.s.configFor(file);
    const resolved = cfg.resolved;
    const limit = this.s.settings.maxFileSize ?? resolved.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    const closedToo = follow && this.s.wholeWorkspace;
    if (cfg.file && this.s.host.configIgnores(cfg.raw.ignore ?? [], cfg.dir, file)) {
      this.s.closed.unshow(file);
      this.s.scheduleAffected(this.s.workspace.remove(file, closedToo));
      return false;
    }
    const f = this.s.host.readScript(file, limit, this.s.logLocale());
    if ('error' in f) {
      this.s.log(LOG.skipped(f.error));
      this.s.closed.unshow(file);
      this.s.scheduleAffected(this.s.workspace.remove(file, closedToo));
      return false;
    }
    this.s.scheduleAffected(this.s.workspace.upsert(this.s.entryInput(file, this.s.host.uriOf(file), false, null, f.text), closedToo));
    if (closedToo) this.s.closed.queue([file]);
    return true;
  }

  watchedFilesChanged(changes: FileEvent[]): void {
    let configChanged = false;
    for (const ch of changes ?? []) {
      if (!ch || typeof ch.uri !== 'string' || !isFileUri(ch.uri)) continue;
      const p = this.s.host.keyOf(ch.uri);
      if (this.s.host.basename(p) === CONFIG_NAME) {
        configChanged = true;
        continue;
      }
      if (this.s.host.basename(p) === SUPPRESSIONS_FILE) {
        this.s.host.baselinesChanged();
        this.s.relintAll();
        continue;
      }
      if (!/\.parley$/i.test(p)) {
        // A folder deleted or renamed away: everything under it goes.
        if (ch.type === FileChangeType.Deleted) for (const k of this.s.workspace.all().map((e) => e.key).filter((k) => this.s.host.isUnder(k, p))) this.fileDeleted(k);
        continue;
      }
      const entry = this.s.workspace.get(p);
      if (ch.type === FileChangeType.Deleted) this.fileDeleted(p);
      else if (entry?.open) {
        if (entry.deletedOnDisk) entry.deletedOnDisk = false;
      } else this.loadFromDisk(p, true);
    }
    if (configChanged) {
      this.s.configs.changed();
      this.reloadAll();
    }
  }

  fileDeleted(key: string): void {
    const entry = this.s.workspace.get(key);
    if (!entry) return;
    if (entry.open) {
      // The buffer is still there: keep linting it; it leaves the index when closed.
      entry.deletedOnDisk = true;
      return;
    }
    this.s.closed.unshow(key);
    this.s.scheduleAffected(this.s.workspace.remove(key, this.s.wholeWorkspace));
  }

  foldersChanged(added: string[], removed: string[]): void {
    const rm = removed.filter(isFileUri).map((u) => this.s.host.keyOf(u));
    this.s.folders = this.s.folders.filter((f) => !rm.includes(f));
    for (const f of rm)
      for (const e of this.s.workspace.all())
        if (this.s.host.isUnder(e.key, f) && !e.open) {
          this.s.closed.unshow(e.key);
          this.s.workspace.remove(e.key);
        }
    const add = added.filter(isFileUri).map((u) => this.s.host.keyOf(u));
    this.s.folders.push(...add);
    this.s.scanning = this.scan(add).then(() => this.s.relintAll());
  }

  /** Configs or settings changed: recompute every entry (placeholders, ignore globs, size limits) and re-lint. */
  reloadAll(): void {
    for (const e of this.s.workspace.all()) {
      if (e.open) {
        const doc = this.s.documents.get(e.uri);
        if (doc) this.s.workspace.upsert({ ...this.s.entryInput(e.key, e.uri, true, doc.version, doc.getText()) });
      } else this.loadFromDisk(e.key);
    }
    for (const c of this.s.configs.all()) this.s.showConfigProblems(c);
    this.s.relintAll();
  }
}
