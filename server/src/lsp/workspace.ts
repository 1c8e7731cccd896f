/**
 * The server's picture of the workspace: every `.parley` file it knows, open (text from the
 * editor) or closed (text from disk), and the cross-file index over them. Pure: the Node side reads
 * files and decides sizes and configs; this module only keeps and relates them.
 *
 * Only open documents keep their parsed script (an edit re-parses from it). A closed file keeps its
 * text and its outline — what the index reads of it (titles with line and audience, jumps) and where
 * its titles are written — and is parsed again when a feature needs the tree (`scriptOf`; the last
 * few such parses are kept). A 2,000-file workspace held as parsed scripts made the garbage
 * collector's pauses, which no slicing can split, slow typing down several times.
 */
import { parse, reparse, textOf, type ParseOptions, type ParsedScript, type ContentChange, type TextSource } from '../core/parser';
import type { LazyText } from '../core/parser/script';
import { contributionKeys, summaryKey, indexParts, nodeContribution, refProps, type IndexPart } from '../core/workspace';
import type { NodeRef, WorkspaceIndex } from '../core/rule';
import type { Range } from '../core/types';

export interface EntryInput {
  /** The name the core sees (`script.uri`): the file's path for `file:` URIs, else the URI. */
  key: string;
  /** The URI to publish diagnostics to and to put in locations. */
  uri: string;
  open: boolean;
  /** Editor version for open documents; null for files read from disk. */
  version: number | null;
  /** The text (an open document's made into one string only when read). */
  text: TextSource;
  /** Not linted and not indexed: larger than the size limit (the text is then empty). */
  tooLarge?: { bytes: number; limit: number };
  /** Excluded by the config's `ignore` globs: not linted, not indexed (as the CLI does). */
  ignored?: boolean;
  parseOptions?: ParseOptions;
}

/** A titled node as the outline keeps it: what the index reads, where the title is written, where the node jumps. */
interface OutlineNode extends NodeRef {
  /** The title's range on its line (titleLine). */
  start: number;
  end: number;
  /** The node's jump targets other than its own title, one per `<<jump>>`. */
  edges: readonly string[];
}

/** What a file keeps of its parse: its part of the index, whose nodes are OutlineNodes. */
export interface FileOutline extends IndexPart {
  defs: { uri: string; node: OutlineNode }[];
}

export interface Entry extends EntryInput {
  /** Parsed text: open documents only (a closed file is parsed when needed: Workspace.scriptOf). */
  script?: ParsedScript;
  /** The file's part of the index and its titles; undefined when too large or ignored (not indexed). */
  outline?: FileOutline;
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

const NO_EDGES: readonly string[] = Object.freeze([]);

function outlineOf(script: ParsedScript): FileOutline {
  const defs: FileOutline['defs'] = [];
  const jumps: string[] = [];
  for (const n of script.nodes) {
    const c = nodeContribution(n);
    if (c.title === undefined) continue;
    const r = n.titleRange;
    const node: OutlineNode = { title: c.title, titleLine: c.titleLine, props: refProps(c.audience), start: r.start.character, end: r.end.character, edges: c.edges.length ? c.edges : NO_EDGES };
    defs.push({ uri: script.uri, node });
    for (const j of c.edges) jumps.push(j);
  }
  return { defs, jumps };
}

/**
 * A text kept as its UTF-16 code units in a buffer (a closed file read by the background thread,
 * lsp/offload.ts: the buffer was moved here, not copied), made a string only when read — a feature
 * that parses the closed file, or a lint here if the thread is gone — and not kept as one. The
 * buffer is outside the JavaScript heap: 2,000 files' texts as strings were tens of megabytes for
 * the server's thread's collector to copy out of the young generation and to move while the user
 * types. Exact for any string (lone surrogates too).
 */
export class UnitsText implements LazyText {
  constructor(readonly units: Uint16Array) {}

  get length(): number {
    return this.units.length;
  }

  value(): string {
    const u = this.units;
    // (In pieces: an argument list has a limit.)
    const STEP = 8192;
    if (u.length <= STEP) return String.fromCharCode.apply(null, u as unknown as number[]);
    const parts: string[] = [];
    for (let i = 0; i < u.length; i += STEP) parts.push(String.fromCharCode.apply(null, u.subarray(i, i + STEP) as unknown as number[]));
    return parts.join('');
  }
}

/** A string's UTF-16 code units in a buffer of their own (UnitsText's, as the background thread sends them). */
export function unitsOf(s: string): Uint16Array {
  const u = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) u[i] = s.charCodeAt(i);
  return u;
}

/** The range of an outline node's title. */
export function titleRangeOf(n: OutlineNode): Range {
  return { start: { line: n.titleLine, character: n.start }, end: { line: n.titleLine, character: n.end } };
}

/** How many closed files' parses are kept for the features that ask again soon (hover targets, a file's lint after it changed on disk). */
export const RECENT_PARSES = 8;

function addTo(map: Map<string, Set<string>>, names: Iterable<string>, key: string): void {
  for (const n of names) {
    const s = map.get(n);
    if (s) s.add(key);
    else map.set(n, new Set([key]));
  }
}

function removeFrom(map: Map<string, Set<string>>, names: Iterable<string>, key: string): void {
  for (const n of names) {
    const s = map.get(n);
    if (s?.delete(key) && s.size === 0) map.delete(n);
  }
}

export class Workspace {
  /**
   * `recentParses`: how many closed files' parses to keep (RECENT_PARSES). The background thread
   * keeps the last one only (a file read and linted in one job is parsed once): it parses a closed
   * file to index it and, much later, to lint it, and the parses kept in between were most of what
   * its collector copied at each scavenge (on the helper threads the server's thread shares).
   */
  constructor(private readonly recentParses = RECENT_PARSES) {}

  private entries = new Map<string, Entry>();
  /** Reverse index: title → the files that define it; → the files that jump to it. */
  private definers = new Map<string, Set<string>>();
  private jumpers = new Map<string, Set<string>>();
  /** Closed files' recent parses, least recently used first. */
  private recent = new Map<string, { entry: Entry; script: ParsedScript }>();
  /** Closed files parsed again on demand (for tests and the log: how often `scriptOf` had to parse). */
  parsedOnDemand = 0;
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

  /** The files that take part in the workspace (not too large, not ignored). */
  indexed(): Entry[] {
    const out: Entry[] = [];
    for (const e of this.entries.values()) if (e.outline) out.push(e);
    return out;
  }

  /** The number of files that take part in the workspace. */
  get indexedCount(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.outline) n++;
    return n;
  }

  /**
   * A file's parsed script: an open document's own, else parsed from the text kept (the last
   * RECENT_PARSES of those are kept). Undefined for a file that is too large or ignored.
   */
  scriptOf(e: Entry): ParsedScript | undefined {
    if (e.script) return e.script;
    if (!e.outline) return undefined;
    const hit = this.recent.get(e.key);
    if (hit && hit.entry === e) {
      this.recent.delete(e.key);
      this.recent.set(e.key, hit);
      return hit.script;
    }
    const script = parse(textOf(e.text), e.key, e.parseOptions);
    this.parsedOnDemand++;
    if (this.entries.get(e.key) === e) this.remember(e, script);
    return script;
  }

  private remember(e: Entry, script: ParsedScript): void {
    if (this.recentParses <= 0) return;
    this.recent.delete(e.key);
    this.recent.set(e.key, { entry: e, script });
    if (this.recent.size > this.recentParses) this.recent.delete(this.recent.keys().next().value as string);
  }

  /** Parsed scripts held now: open documents' and the recent parses of closed files (the test that closed files hold none). */
  heldScripts(): { open: number; recent: number } {
    let open = 0;
    for (const e of this.entries.values()) if (e.script) open++;
    return { open, recent: this.recent.size };
  }

  /** The indexed files that define or jump to any of these titles, in workspace order (navigation's candidates). */
  mentioning(titles: Iterable<string>, defining = true, jumping = true): Entry[] {
    const keys = new Set<string>();
    for (const t of titles) {
      if (defining) for (const k of this.definers.get(t) ?? []) keys.add(k);
      if (jumping) for (const k of this.jumpers.get(t) ?? []) keys.add(k);
    }
    return this.inOrder(keys);
  }

  /** Entries of these keys, in the order of the workspace (as a walk over every entry would give them). */
  private inOrder(keys: Set<string>): Entry[] {
    const out: Entry[] = [];
    if (keys.size === 0) return out;
    for (const [k, e] of this.entries) {
      if (!keys.has(k)) continue;
      out.push(e);
      if (out.length === keys.size) break;
    }
    return out;
  }

  /** The cross-file index (titles, incoming jumps), rebuilt only after something changed, from the files' parts. */
  index(): WorkspaceIndex {
    if (!this.cachedIndex) {
      const parts: FileOutline[] = [];
      for (const e of this.entries.values()) if (e.outline) parts.push(e.outline);
      this.cachedIndex = indexParts(parts);
    }
    return this.cachedIndex;
  }

  /**
   * Add or replace a file. Returns the other open entries whose findings may change because of
   * it: those that define or jump to a title this file defines or jumps to (before or after);
   * with `closedToo`, the closed ones as well (their findings are shown when the scope is the
   * workspace).
   *
   * `edits`: the editor's changes that made this version of an open document from version `from`
   * (LSP content changes with ranges): when the entry is that version, the re-parse makes the new
   * lines from them instead of splitting the whole text (core/parser reparse).
   */
  upsert(input: EntryInput, closedToo = false, edits?: { from: number; changes: readonly ContentChange[] }): Entry[] {
    const old = this.entries.get(input.key);
    const indexed = !input.tooLarge && !input.ignored;
    // An edit re-parses from the first changed line to where the parse is back in step with the
    // previous one (reparse falls back to a full parse when it cannot reuse anything). A closed
    // file's previous parse may be among the recent ones.
    const before = old && (old.script ?? (this.recent.get(old.key)?.entry === old ? this.recent.get(old.key)!.script : undefined));
    const changes = edits && old?.script && old.open && input.open && old.version === edits.from ? edits.changes : undefined;
    const script = !indexed ? undefined : before ? reparse(before, input.text, input.key, input.parseOptions, changes) : parse(textOf(input.text), input.key, input.parseOptions);
    // A re-parse whose nodes contribute what the earlier parse's did (a keystroke that changed no
    // title, audience or jump, nor moved a line): the earlier keys and outline, as they are.
    const same = script && old?.script && old.outline && before === old.script ? sameContributions(before, script) : DIFFERENT;
    if (same === SAME && old) {
      const { titles, jumps, summary, graph, outline } = old;
      return this.store(old, { ...input, script: input.open ? script : undefined, outline, titles, jumps, summary, graph, deletedOnDisk: input.open ? old.deletedOnDisk : undefined }, script, closedToo);
    }
    // A re-parse that only moved titles by whole lines (a newline above them): the same titles, jumps
    // and graph; the summary (title lines) and the outline made again.
    const keys = script && old && same === MOVED ? { titles: old.titles, jumps: old.jumps, graph: old.graph, summary: summaryKey(script, old.summary) } : contributionKeys(script);
    // The index keeps parts of earlier parses while the summaries are equal: the rules read only
    // what the summary holds (title, title line, audience, incoming jumps).
    const outline = !script ? undefined : old?.outline && old.summary === keys.summary && sameEdges(old.outline, script) ? old.outline : outlineOf(script);
    const entry: Entry = { ...input, script: input.open ? script : undefined, outline, ...keys, deletedOnDisk: input.open ? old?.deletedOnDisk : undefined };
    return this.store(old, entry, script, closedToo);
  }

  /**
   * Add or replace a file parsed elsewhere (a background thread: lsp/offload.ts) with its outline
   * and contribution keys, and no parse. Returns the entries affected (see upsert).
   */
  put(input: EntryInput, outline: FileOutline | undefined, keys: { summary: string; graph: string; titles: Iterable<string>; jumps: Iterable<string> }, closedToo = false): Entry[] {
    const old = this.entries.get(input.key);
    const entry: Entry = { ...input, outline, summary: keys.summary, graph: keys.graph, titles: new Set(keys.titles), jumps: new Set(keys.jumps), deletedOnDisk: input.open ? old?.deletedOnDisk : undefined };
    return this.store(old, entry, undefined, closedToo);
  }

  /** Keep a closed file's text in another form with the same content (the background thread: as code units, UnitsText). */
  keepText(key: string, text: TextSource): void {
    const e = this.entries.get(key);
    if (e && !e.open && e.text.length === text.length) e.text = text;
  }

  private store(old: Entry | undefined, entry: Entry, script: ParsedScript | undefined, closedToo: boolean): Entry[] {
    const input = entry;
    this.entries.set(input.key, entry);
    this.recent.delete(input.key);
    if (script && !input.open) this.remember(entry, script);
    // (the same sets: the reverse index is right as it is)
    if (!old || old.titles !== entry.titles || old.jumps !== entry.jumps) {
      if (old) {
        removeFrom(this.definers, old.titles, old.key);
        removeFrom(this.jumpers, old.jumps, old.key);
      }
      addTo(this.definers, entry.titles, entry.key);
      addTo(this.jumpers, entry.jumps, entry.key);
    }
    if (!old || !old.outline !== !entry.outline || old.summary !== entry.summary) this.invalidate(input.open);
    return this.affectedBy(input.key, old, entry, closedToo);
  }

  /** Drop a file. Returns the open entries affected (see upsert). */
  remove(key: string, closedToo = false): Entry[] {
    const old = this.entries.get(key);
    if (!old) return [];
    this.entries.delete(key);
    this.recent.delete(key);
    removeFrom(this.definers, old.titles, key);
    removeFrom(this.jumpers, old.jumps, key);
    this.invalidate(old.open);
    return this.affectedBy(key, old, undefined, closedToo);
  }

  /** Every key under a folder (for a folder deleted on disk). */
  keysUnder(folder: string, sep = '/'): string[] {
    const prefix = folder.endsWith(sep) ? folder : folder + sep;
    return [...this.entries.keys()].filter((k) => k.startsWith(prefix));
  }

  /**
   * The files a change of `key` affects, found through the reverse index (not by a walk over every
   * file: a newline moves title lines, so typing changes the summary often).
   */
  private affectedBy(key: string, before: Entry | undefined, after: Entry | undefined, closedToo: boolean): Entry[] {
    if ((before?.summary ?? '') === (after?.summary ?? '')) return [];
    const graphChanged = (before?.graph ?? '') !== (after?.graph ?? '');
    const names = new Set<string>([...(before?.titles ?? []), ...(after?.titles ?? [])]);
    const targets = new Set<string>([...(before?.jumps ?? []), ...(after?.jumps ?? [])]);
    const keys = new Set<string>();
    for (const n of names) {
      // Titles shared with this file: duplicate-title (whose message names the other line).
      for (const k of this.definers.get(n) ?? []) keys.add(k);
      // Jumps into this file (undefined-jump, the target's audience).
      if (graphChanged) for (const k of this.jumpers.get(n) ?? []) keys.add(k);
    }
    // Jumps out of it into another file (that file's entry nodes).
    if (graphChanged) for (const t of targets) for (const k of this.definers.get(t) ?? []) keys.add(k);
    keys.delete(key);
    if (!closedToo) for (const k of keys) if (!this.entries.get(k)?.open) keys.delete(k);
    return this.inOrder(keys);
  }
}

/**
 * Do two parses of a file contribute the same, node for node: title, title line and its place on
 * the line, audience, jumps (what contributionKeys and outlineOf read)? Nodes `reparse` kept are the
 * same objects; only the others are compared. SAME; MOVED when only title lines differ (then the
 * titles, jumps and graph keys are the same; the summary is not); else DIFFERENT.
 */
const DIFFERENT = 0;
const MOVED = 1;
const SAME = 2;
function sameContributions(a: ParsedScript, b: ParsedScript): typeof DIFFERENT | typeof MOVED | typeof SAME {
  if (a.nodes.length !== b.nodes.length) return DIFFERENT;
  let out: typeof MOVED | typeof SAME = SAME;
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i];
    const y = b.nodes[i];
    if (x === y) continue;
    const cx = nodeContribution(x);
    const cy = nodeContribution(y);
    if (cx.title !== cy.title || cx.audience !== cy.audience) return DIFFERENT;
    if (cx.titleLine !== cy.titleLine) out = MOVED;
    // (a moved node's lists are its root's: the same objects as the earlier copy's)
    if ((cx.targets !== cy.targets && !sameStrings(cx.targets, cy.targets)) || (cx.edges !== cy.edges && !sameStrings(cx.edges, cy.edges))) return DIFFERENT;
    if (x.titleRange.start.character !== y.titleRange.start.character || x.titleRange.end.character !== y.titleRange.end.character) return DIFFERENT;
  }
  return out;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Do an outline's nodes jump where the script's titled nodes do (the summary does not tell which node jumps)? */
function sameEdges(o: FileOutline, script: ParsedScript): boolean {
  let i = 0;
  for (const n of script.nodes) {
    const c = nodeContribution(n);
    if (c.title === undefined) continue;
    const d = o.defs[i++];
    if (!d || d.node.edges.length !== c.edges.length || d.node.edges.some((x, j) => x !== c.edges[j])) return false;
    const r = n.titleRange;
    if (d.node.start !== r.start.character || d.node.end !== r.end.character) return false;
  }
  return i === o.defs.length;
}
