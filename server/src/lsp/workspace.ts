/**
 * The server's picture of the workspace: every `.parley` file it knows, open (text from the
 * editor) or closed (text from disk), parsed, and the cross-file index over them. Pure: the Node
 * side reads files and decides sizes and configs; this module only keeps and relates them.
 */
import { parse, reparse, type ParseOptions, type ParsedScript } from '../core/parser';
import { contributionKeys, indexWorkspace } from '../core/workspace';
import type { WorkspaceIndex } from '../core/rule';

export interface EntryInput {
  /** The name the core sees (`script.uri`): the file's path for `file:` URIs, else the URI. */
  key: string;
  /** The URI to publish diagnostics to and to put in locations. */
  uri: string;
  open: boolean;
  /** Editor version for open documents; null for files read from disk. */
  version: number | null;
  text: string;
  /** Not linted and not indexed: larger than the size limit (the text is then empty). */
  tooLarge?: { bytes: number; limit: number };
  /** Excluded by the config's `ignore` globs: not linted, not indexed (as the CLI does). */
  ignored?: boolean;
  parseOptions?: ParseOptions;
}

export interface Entry extends EntryInput {
  /** Parsed text; undefined when too large or ignored. */
  script?: ParsedScript;
  /** Titles defined and jumped to, for deciding which other files a change affects. */
  titles: Set<string>;
  jumps: Set<string>;
  /** What the workspace index takes from this file: titles with line and audience, jump targets. */
  summary: string;
  /** The same without title lines: a change here matters to files that jump into this one. */
  graph: string;
  /** The file was deleted on disk while open: dropped when it is closed. */
  deletedOnDisk?: boolean;
}

function intersects(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

export class Workspace {
  private entries = new Map<string, Entry>();
  private cachedIndex: WorkspaceIndex | undefined;
  private indexFrozen = 0;
  private indexStale = false;

  /**
   * While a scan reads closed files in: their arrival does not invalidate the index, so a
   * keystroke's lint does not rebuild it over every file read so far (the server re-lints when the
   * scan ends). Changes of open files still do. Returns the function that ends the freeze.
   */
  freezeIndex(): () => void {
    this.indexFrozen++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (--this.indexFrozen === 0 && this.indexStale) {
        this.indexStale = false;
        this.cachedIndex = undefined;
      }
    };
  }

  private invalidate(open: boolean): void {
    if (this.indexFrozen > 0 && !open && this.cachedIndex) this.indexStale = true;
    else this.cachedIndex = undefined;
  }

  get(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  all(): Entry[] {
    return [...this.entries.values()];
  }

  /** Parsed scripts that take part in the workspace (not too large, not ignored). */
  scripts(): ParsedScript[] {
    const out: ParsedScript[] = [];
    for (const e of this.entries.values()) if (e.script) out.push(e.script);
    return out;
  }

  /** The cross-file index (titles, incoming jumps), rebuilt only after something changed. */
  index(): WorkspaceIndex {
    if (!this.cachedIndex) this.cachedIndex = indexWorkspace(this.scripts());
    return this.cachedIndex;
  }

  /**
   * Add or replace a file. Returns the other open entries whose findings may change because of
   * it: those that define or jump to a title this file defines or jumps to (before or after);
   * with `closedToo`, the closed ones as well (their findings are shown when the scope is the
   * workspace).
   */
  upsert(input: EntryInput, closedToo = false): Entry[] {
    const old = this.entries.get(input.key);
    // An edit re-parses from the first changed line to where the parse is back in step with the
    // previous one (reparse falls back to a full parse when it cannot reuse anything).
    const script = input.tooLarge || input.ignored ? undefined : old?.script ? reparse(old.script, input.text, input.key, input.parseOptions) : parse(input.text, input.key, input.parseOptions);
    const entry: Entry = { ...input, script, ...contributionKeys(script), deletedOnDisk: input.open ? old?.deletedOnDisk : undefined };
    this.entries.set(input.key, entry);
    // The index keeps nodes of earlier parses while the summaries are equal: the rules read only
    // what the summary holds (title, title line, audience, incoming jumps).
    if (!old || !old.script !== !script || old.summary !== entry.summary) this.invalidate(input.open);
    return this.affectedBy(input.key, old, entry, closedToo);
  }

  /** Drop a file. Returns the open entries affected (see upsert). */
  remove(key: string, closedToo = false): Entry[] {
    const old = this.entries.get(key);
    if (!old) return [];
    this.entries.delete(key);
    this.invalidate(old.open);
    return this.affectedBy(key, old, undefined, closedToo);
  }

  /** Every key under a folder (for a folder deleted on disk). */
  keysUnder(folder: string, sep = '/'): string[] {
    const prefix = folder.endsWith(sep) ? folder : folder + sep;
    return [...this.entries.keys()].filter((k) => k.startsWith(prefix));
  }

  private affectedBy(key: string, before: Entry | undefined, after: Entry | undefined, closedToo: boolean): Entry[] {
    if ((before?.summary ?? '') === (after?.summary ?? '')) return [];
    const graphChanged = (before?.graph ?? '') !== (after?.graph ?? '');
    const names = new Set<string>([...(before?.titles ?? []), ...(after?.titles ?? [])]);
    const targets = new Set<string>([...(before?.jumps ?? []), ...(after?.jumps ?? [])]);
    const out: Entry[] = [];
    for (const e of this.entries.values()) {
      if ((!e.open && !closedToo) || e.key === key) continue;
      // Titles shared with this file: duplicate-title (whose message names the other line).
      if (intersects(e.titles, names)) out.push(e);
      // Jumps into this file (undefined-jump, the target's audience) or out of it into e (entry nodes).
      else if (graphChanged && (intersects(e.jumps, names) || intersects(e.titles, targets))) out.push(e);
    }
    return out;
  }
}
