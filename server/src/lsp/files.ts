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
import { isFileUri, SUPPRESSIONS_FILE, type ParleyServer } from './server';
import { sizeLimit } from './offload';

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
    // (With a background thread, it reads and parses them: offload.ts.)
    const offloaded: string[] | undefined = this.s.closed.offloaded ? [] : undefined;
    for (const folder of folders) {
      let files: string[] = [];
      try {
        files = await this.s.host.listScripts(folder);
      } catch (e) {
        this.s.log(LOG.cannotList(folder, errorText(e)));
        continue;
      }
      if (offloaded) {
        for (const file of files) {
          listed.add(file);
          ++count;
          if (!this.s.workspace.get(file)?.open) offloaded.push(file);
        }
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
          this.s.log(LOG.skipped(`${file}${this.s.logLocale() === 'en' ? ': ' : '：'}${errorText(e)}`));
        }
      }
    }
    if (offloaded) skipped += await this.s.closed.loadAll(offloaded);
    this.s.log(LOG.indexed(count - skipped, folders.length, skipped));
    return listed;
  }

  /**
   * Read a closed file into the index (or drop it when unreadable or ignored) and re-lint the open
   * files it affects. `follow` (a change on disk, a close): with the workspace in scope, also lint
   * it and the closed files it affects (the initial scan queues every file once at its end).
   * With a background thread, the thread reads it; `here`: this thread too, now (a change on disk
   * is seen by the next keystroke, as before), and the thread's copy follows.
   */
  loadFromDisk(file: string, follow = false, here = false): boolean {
    if (this.s.closed.offloaded && !here) {
      this.s.closed.load(file, follow && this.s.wholeWorkspace);
      return true;
    }
    const cfg = this.s.configFor(file);
    const limit = sizeLimit(this.s.configs, this.s.settings, file);
    const closedToo = follow && this.s.wholeWorkspace;
    if (cfg.file && this.s.host.configIgnores(cfg.raw.ignore ?? [], cfg.dir, file)) {
      this.s.closed.unshow(file);
      this.s.closed.forget(file);
      this.s.scheduleAffected(this.s.workspace.remove(file, closedToo));
      return false;
    }
    const f = this.s.host.readScript(file, limit, this.s.logLocale());
    if ('error' in f) {
      this.s.log(LOG.skipped(f.error));
      this.s.closed.unshow(file);
      this.s.closed.forget(file);
      this.s.scheduleAffected(this.s.workspace.remove(file, closedToo));
      return false;
    }
    // (The thread reads it before it lints the files this change affects.)
    if (this.s.closed.offloaded) this.s.closed.load(file, false);
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
        this.s.closed.baselinesChanged();
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
      } else this.loadFromDisk(p, true, true);
    }
    if (configChanged) {
      this.s.configs.changed();
      this.s.closed.configsChanged();
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
    this.s.closed.forget(key);
    this.s.scheduleAffected(this.s.workspace.remove(key, this.s.wholeWorkspace));
  }

  foldersChanged(added: string[], removed: string[]): void {
    const rm = removed.filter(isFileUri).map((u) => this.s.host.keyOf(u));
    this.s.folders = this.s.folders.filter((f) => !rm.includes(f));
    for (const f of rm)
      for (const e of this.s.workspace.all())
        if (this.s.host.isUnder(e.key, f) && !e.open) {
          this.s.closed.unshow(e.key);
          this.s.closed.forget(e.key);
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
        if (doc) {
          this.s.workspace.upsert({ ...this.s.entryInput(e.key, e.uri, true, doc.version, doc.getText()) });
          this.s.closed.opened(e.key);
        }
      } else this.loadFromDisk(e.key);
    }
    for (const c of this.s.configs.all()) this.s.showConfigProblems(c);
    this.s.relintAll();
  }
}
