/**
 * The Parley parser (FORMAT.md). Line-oriented, never throws: every input yields a tree plus the
 * structure reports of RULES.md §F, with exact ranges in 0-based lines and UTF-16 columns.
 *
 * This module is the entry (parse) and the incremental re-parse (reparse, mover, nodeRoot); the
 * parse tree's types are in parser/script.ts, the syntax of one line in parser/lexical.ts and the
 * parser proper, one pass over lines, in parser/parse-lines.ts.
 */
import type { Range } from './types';
import type { HeaderLine, BodyLine, Prop, NodeProps, ScriptNode, Suppression, StructureReport, ParsedScript, ParseOptions, TextSource, LazyText } from './parser/script';
import { textOf } from './parser/script';
import { splitLines } from './parser/lexical';
import { parseLines } from './parser/parse-lines';

export type * from './parser/script';
export { textOf } from './parser/script';
export { splitLines } from './parser/lexical';

export function parse(text: string, uri = 'untitled.parley', options: ParseOptions = {}): ParsedScript {
  const bom = text.charCodeAt(0) === 0xfeff;
  if (bom) text = text.slice(1);
  const lines = splitLines(text);
  const run = parseLines(lines, options, 0, undefined);
  const script: ParsedScript = { uri, text, lines, fileHeader: run.fileHeader, nodes: run.nodes, suppressions: run.suppressions, reports: run.reports };
  optionKeys.set(script, optionsKey(options));
  if (!bom && !text.includes('\r')) plainTexts.add(script);
  return script;
}

/**
 * Scripts whose text had no byte-order mark and no carriage return: their lines joined by `\n` are
 * the document's text, and an editor's positions are positions in their lines (what `reparse`
 * needs to apply an edit to the lines themselves).
 */
const plainTexts = new WeakSet<ParsedScript>();

/** An edit as an editor sends it (an LSP content change with a range): `range` of the text before it replaced by `text`. */
export interface ContentChange {
  range: Range;
  text: string;
}

/**
 * The lines of `text`, when `text` is `prev`'s text with `edits` applied one after another (each
 * in the text the ones before it left), made from `prev`'s lines and the edits alone: no split of
 * the whole text, no comparison of every line. Also the first line that may differ and how many
 * lines at the end are the earlier ones. Undefined (the caller splits the whole text) when the
 * lines cannot be known so: a text with carriage returns or a byte-order mark (line breaks that
 * join across an edit), a position outside its text, or a result that is not `text` where
 * checked (its length; the changed lines at their place when `text` is a string — a text made
 * when read is the editor's document with the same edits applied: only its length is compared,
 * so that it is not made).
 */
function editedLines(prev: ParsedScript, text: TextSource, edits: readonly ContentChange[]): { lines: string[]; first: number; same: number } | undefined {
  if (!plainTexts.has(prev) || edits.length === 0) return undefined;
  if (edits.length === 1 && typeof text !== 'string' && text.lines) return editedLine(prev, text, text.lines, edits[0]);
  const lines = prev.lines.slice();
  let length = lines.length - 1;
  for (const l of lines) length += l.length;
  let first = lines.length;
  let same = lines.length;
  for (const e of edits) {
    const { start, end } = e.range;
    if (e.text.includes('\r')) return undefined;
    if (start.line < 0 || end.line >= lines.length || start.line > end.line || (start.line === end.line && start.character > end.character)) return undefined;
    if (start.character < 0 || start.character > lines[start.line].length || end.character < 0 || end.character > lines[end.line].length) return undefined;
    // The characters replaced: the rest of the first line, the lines between and their breaks, the start of the last.
    let removed = end.character - start.character;
    for (let i = start.line; i < end.line; i++) removed += lines[i].length + 1;
    length += e.text.length - removed;
    const pieces = (lines[start.line].slice(0, start.character) + e.text + lines[end.line].slice(end.character)).split('\n').map(detach);
    if (pieces.length > 10_000) return undefined; // (a large paste: splice's arguments are finite)
    same = Math.min(same, lines.length - 1 - end.line);
    first = Math.min(first, start.line);
    lines.splice(start.line, end.line - start.line + 1, ...pieces);
  }
  if (length !== text.length) return undefined;
  // (a byte-order mark typed at the start: parsed from the text, as parse strips it)
  if (lines[0].charCodeAt(0) === 0xfeff) return undefined;
  same = Math.min(same, lines.length - first, prev.lines.length - first);
  if (typeof text !== 'string') return { lines, first, same };
  // The changed lines are where they should be in `text` (and with the length, so is the rest).
  let at = 0;
  for (let i = 0; i < first; i++) at += lines[i].length + 1;
  for (let i = first; i < lines.length - same; i++) {
    if (!text.startsWith(lines[i], at) || (i + 1 < lines.length && text.charCodeAt(at + lines[i].length) !== 10)) return undefined;
    at += lines[i].length + 1;
  }
  return { lines, first, same };
}

/**
 * editedLines for one edit whose result's lines the text source already has (`LazyText.lines`):
 * those lines, without a copy, when the edit is inside `prev`'s text and they are what it makes
 * (their number, the text's length and the changed lines compared); else undefined.
 */
function editedLine(prev: ParsedScript, text: LazyText, made: readonly string[], e: ContentChange): { lines: string[]; first: number; same: number } | undefined {
  const old = prev.lines;
  const { start, end } = e.range;
  if (e.text.includes('\r')) return undefined;
  if (start.line < 0 || end.line >= old.length || start.line > end.line || (start.line === end.line && start.character > end.character)) return undefined;
  if (start.character < 0 || start.character > old[start.line].length || end.character < 0 || end.character > old[end.line].length) return undefined;
  const pieces = (old[start.line].slice(0, start.character) + e.text + old[end.line].slice(end.character)).split('\n');
  if (made.length !== old.length - (end.line - start.line + 1) + pieces.length) return undefined;
  for (let i = 0; i < pieces.length; i++) if (made[start.line + i] !== pieces[i]) return undefined;
  let length = old.length - 1;
  for (let i = 0; i < old.length; i++) length += old[i].length;
  for (let i = start.line; i < end.line; i++) length -= old[i].length + 1;
  length += e.text.length - (end.character - start.character);
  if (length !== text.length) return undefined;
  if (made[0].charCodeAt(0) === 0xfeff) return undefined;
  const first = start.line;
  const same = Math.min(old.length - 1 - end.line, made.length - first, old.length - first);
  return { lines: made as string[], first, same };
}

/** The parse options a script was parsed with, as a comparable key (reparse needs the same). */
const optionKeys = new WeakMap<ParsedScript, string>();

function optionsKey(options: ParseOptions): string {
  const ph = options.placeholders;
  return ph ? JSON.stringify(Object.entries(ph)) : '';
}

/** For a node copied by `reparse` (moved by whole lines, unchanged), the node as it was first parsed. */
const roots = new WeakMap<ScriptNode, ScriptNode>();

/**
 * The node object whose content this one repeats: for a node `reparse` moved by whole lines, the
 * node as first parsed (one object, however many times it moved since), else the node itself.
 * Positions inside the node differ by `node.titleLine - root.titleLine` lines; positions before
 * its title (the file header) are the same.
 */
export function nodeRoot(node: ScriptNode): ScriptNode {
  return roots.get(node) ?? node;
}

/**
 * Parse `text`, the new text of the document `prev` was parsed from, reusing what did not change:
 * the same result as `parse(text, uri, options)` (value for value), computed from the first
 * changed line to the first line after the change where the parser is back between two nodes in
 * step with the earlier parse. Nodes before the change are the earlier objects; nodes after it are
 * the earlier objects too when no line was added or removed, else copies moved by the line
 * difference (`nodeRoot` says which node they repeat). A change inside the file header, or different
 * options, parses everything again.
 *
 * `edits`, when given, are the editor's changes that made `text` from `prev`'s text (LSP content
 * changes with ranges, in order): the new lines are then made from the earlier ones and the edits
 * (see editedLines), not by splitting the whole text; the result is the same.
 */
export function reparse(prev: ParsedScript, source: TextSource, uri = prev.uri, options: ParseOptions = {}, edits?: readonly ContentChange[]): ParsedScript {
  const key = optionsKey(options);
  if (prev.uri !== uri || optionKeys.get(prev) !== key) return parse(textOf(source), uri, options);
  // A text made when read, with the edits that made it: the lines from the edits, the text joined
  // from them only if something reads it (the same string: the script is plain).
  const made = typeof source !== 'string' && edits ? editedLines(prev, source, edits) : undefined;
  let text = made ? '' : textOf(source);
  const bom = text.charCodeAt(0) === 0xfeff;
  if (bom) text = text.slice(1);
  // (the same text with a byte-order mark added: parsed again, so that it is known not to be plain)
  if (!made && text === prev.text && (!bom || !plainTexts.has(prev))) return prev;
  const old = prev.lines;
  const known = made ?? (edits && !bom ? editedLines(prev, text, edits) : undefined);
  let lines: string[];
  let first = 0;
  let same = 0;
  if (known) ({ lines, first, same } = known);
  else {
    const split = splitLines(text);
    // The changed lines: [first, oldLen - same) in the old text, [first, newLen - same) in the new.
    const shortest = Math.min(split.length, old.length);
    while (first < shortest && split[first] === old[first]) first++;
    while (same < shortest - first && split[split.length - 1 - same] === old[old.length - 1 - same]) same++;
    // The lines: the earlier strings where unchanged, copies of the changed ones. (A line split from
    // the text is a slice that keeps the whole text alive; the parse tree holds slices of its lines,
    // and kept nodes live on across versions: without copies every version's text would stay.)
    lines = old.slice(0, first);
    for (let i = first; i < split.length - same; i++) lines.push(detach(split[i]));
    for (let i = old.length - same; i < old.length; i++) lines.push(old[i]);
  }
  const delta = lines.length - old.length;
  const changedEnd = lines.length - same;

  // Restart after the last node closed (by === ) before the first changed line: the parser is
  // between nodes there, and everything before it is unchanged.
  let restart = 0;
  let kept = 0;
  for (let k = prev.nodes.length - 1; k >= 0; k--) {
    const e = prev.nodes[k].endLine;
    if (e !== undefined && e < first) {
      restart = e + 1;
      kept = k + 1;
      break;
    }
  }
  // Lines of the old text where the old parse was between nodes (after a ===), at or after the change.
  const between = new Set<number>();
  for (let k = kept; k < prev.nodes.length; k++) {
    const e = prev.nodes[k].endLine;
    if (e !== undefined && e + 1 >= changedEnd - delta) between.add(e + 1);
  }
  const run = parseLines(lines, options, restart, restart > 0 ? prev.fileHeader : undefined, (i, fileHeader) =>
    i >= changedEnd && between.has(i - delta) && (restart > 0 || sameHeaders(fileHeader, prev.fileHeader)),
  );

  const oldStop = run.stoppedAt - delta;
  const head = {
    nodes: prev.nodes.slice(0, kept),
    suppressions: prev.suppressions.filter((x) => x.line < restart),
    reports: prev.reports.filter((x) => x.range.start.line < restart),
  };
  const tail: { nodes: ScriptNode[]; suppressions: Suppression[]; reports: StructureReport[] } = { nodes: [], suppressions: [], reports: [] };
  if (run.stoppedAt < lines.length) {
    for (const n of prev.nodes) if (n.titleLine >= oldStop) tail.nodes.push(n);
    for (const x of prev.suppressions) if (x.line >= oldStop) tail.suppressions.push(x);
    for (const x of prev.reports) if (x.range.start.line >= oldStop) tail.reports.push(x);
    if (delta) {
      const move = mover(delta, oldStop);
      // (each moved from the node it repeats, by every line it moved since: no chain of copies)
      tail.nodes = tail.nodes.map((n) => {
        const root = roots.get(n) ?? n;
        const moved = movedNode(root, n.titleLine + delta - root.titleLine);
        roots.set(moved, root);
        return moved;
      });
      tail.suppressions = tail.suppressions.map((x) => move.suppression(x));
      tail.reports = tail.reports.map((x) => move.report(x));
    }
  }
  const script: ParsedScript = {
    uri,
    text,
    lines,
    fileHeader: restart > 0 ? prev.fileHeader : run.fileHeader,
    nodes: [...head.nodes, ...run.nodes, ...tail.nodes],
    suppressions: [...head.suppressions, ...run.suppressions, ...tail.suppressions],
    reports: [...head.reports, ...run.reports, ...tail.reports],
  };
  if (made) joinedWhenRead(script);
  optionKeys.set(script, key);
  if (known || (!bom && !text.includes('\r'))) plainTexts.add(script);
  return script;
}

/** A plain script's `text`: its lines joined by `\n`, when first read. */
function joinedWhenRead(script: ParsedScript): void {
  let text: string | undefined;
  const lines = script.lines;
  Object.defineProperty(script, 'text', {
    enumerable: true,
    configurable: true,
    get: () => (text ??= lines.join('\n')),
    set: (v: string) => void (text = v),
  });
}

/** A flat copy of a string (not a slice of a larger one). */
function detach(s: string): string {
  return (' ' + s).slice(1);
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function sameHeaders(a: HeaderLine[], b: HeaderLine[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.key !== y.key || x.value !== y.value || x.line !== y.line || x.canonical !== y.canonical || !sameRange(x.range, y.range) || !sameRange(x.keyRange, y.keyRange) || !sameRange(x.valueRange, y.valueRange)) return false;
  }
  return true;
}

/**
 * `root` (a node as parsed) moved by `delta` lines, its headers, body and properties made when
 * first read. A newline moves every node below it; most moved nodes are never read past their
 * title and lines (the incremental linter keeps their work, the workspace their contribution), and
 * their copies were most of what a newline allocated (every body line, placeholder and range).
 * The fields are own and enumerable, in the parsed node's order (spreads, JSON and comparisons see
 * a parsed node's fields); the headers, body and properties are accessors, each made with the
 * others at the first read of any of them, as `mover(delta, root.titleLine).node(root)` makes them.
 */
function movedNode(root: ScriptNode, delta: number): ScriptNode {
  return new MovedNode(root, delta) as unknown as ScriptNode;
}

type NodeParts = Pick<ScriptNode, 'headers' | 'body' | 'props'>;

class MovedNode {
  declare title: string;
  declare titleLine: number;
  declare titleRange: Range;
  declare titleLineRange: Range;
  declare lastLine: number;
  declare headerEndLine?: number;
  declare endLine?: number;
  #root: ScriptNode | undefined;
  #delta: number;
  #parts: NodeParts | undefined;

  constructor(root: ScriptNode, delta: number) {
    this.#root = root;
    this.#delta = delta;
    const since = root.titleLine;
    this.title = root.title;
    this.titleLine = root.titleLine + delta;
    this.titleRange = movedRange(root.titleRange, since, delta);
    this.titleLineRange = movedRange(root.titleLineRange, since, delta);
    Object.defineProperty(this, 'headers', HEADERS);
    this.lastLine = root.lastLine + delta;
    Object.defineProperty(this, 'body', BODY);
    Object.defineProperty(this, 'props', PROPS);
    // (set only where the parser set them, as a parsed node has them)
    if (root.headerEndLine !== undefined) this.headerEndLine = root.headerEndLine + delta;
    if (root.endLine !== undefined) this.endLine = root.endLine + delta;
  }

  /** The headers, body and properties, made at the first read. */
  static parts(n: MovedNode): NodeParts {
    if (!n.#parts) {
      const root = n.#root!;
      n.#parts = mover(n.#delta, root.titleLine).parts(root);
      n.#root = undefined;
    }
    return n.#parts;
  }
}

function movedRange(r: Range, since: number, delta: number): Range {
  return r.start.line >= since || r.end.line >= since ? { start: movedPos(r.start, since, delta), end: movedPos(r.end, since, delta) } : r;
}

function movedPos(p: Range['start'], since: number, delta: number): Range['start'] {
  return p.line >= since ? { line: p.line + delta, character: p.character } : p;
}

/** MovedNode's accessors (the same functions for every moved node: one shape for all of them). */
const lazyPart = (k: keyof NodeParts): PropertyDescriptor => ({
  enumerable: true,
  configurable: true,
  get(this: MovedNode) {
    return MovedNode.parts(this)[k];
  },
  set(this: MovedNode, v: never) {
    MovedNode.parts(this)[k] = v;
  },
});
const HEADERS = lazyPart('headers');
const BODY = lazyPart('body');
const PROPS = lazyPart('props');

// (Moves an engine Report, whose fix and suggestions hold edits, and a StructureReport, whose fix
// and suggestions are Replacements.)
type Movable = { range: Range };
type WithEdits = { edits: Movable[] };
type MovableReport = { range: Range; fix?: WithEdits | Movable; suggestions?: (WithEdits | Movable)[] };

/**
 * Copies of parse results with every position at or after line `since` moved by `delta` lines.
 * (One object with methods: it was a set of closures, made for each node a newline moved.)
 */
export class Mover {
  constructor(
    readonly delta: number,
    readonly since: number,
  ) {}

  pos(p: Range['start']): Range['start'] {
    return p.line >= this.since ? { line: p.line + this.delta, character: p.character } : p;
  }

  range(r: Range): Range {
    return r.start.line >= this.since || r.end.line >= this.since ? { start: this.pos(r.start), end: this.pos(r.end) } : r;
  }

  header(h: HeaderLine): HeaderLine {
    return h.line >= this.since ? { ...h, line: h.line + this.delta, keyRange: this.range(h.keyRange), valueRange: this.range(h.valueRange), range: this.range(h.range) } : h;
  }

  /** A node's headers, body and properties, moved. */
  parts(n: ScriptNode): NodeParts {
    const delta = this.delta;
    const headers = new Map<HeaderLine, HeaderLine>();
    for (const h of n.headers) headers.set(h, this.header(h));
    // The option lines' copies (a branch lists option lines only), and the last branch list copied:
    // the parser gives the lines under the same options one list, and so do the copies.
    const options = new Map<BodyLine, BodyLine>();
    let branchFrom: BodyLine[] | undefined;
    let branchTo: BodyLine[] = [];
    const body = n.body.map((b) => {
      // (empty lists are shared with the earlier line: nothing is ever added to a parsed line's lists)
      const placeholders = b.placeholders.length ? b.placeholders.map((ph) => ({ ...ph, range: this.range(ph.range) })) : b.placeholders;
      if (b.branch.length && b.branch !== branchFrom) {
        branchFrom = b.branch;
        branchTo = b.branch.map((o) => options.get(o) ?? o);
      }
      const branch = b.branch.length ? branchTo : b.branch;
      // The parser's two shapes of line, property for property (a spread with the rest added
      // made a third, slower to make and to read: moved lines' reads went polymorphic).
      const c: BodyLine =
        'command' in b
          ? { kind: b.kind, line: b.line + delta, indent: b.indent, role: b.role, text: b.text, textStart: b.textStart, placeholders, command: b.command && { ...b.command, range: this.range(b.command.range), argRange: this.range(b.command.argRange) }, branch }
          : { kind: b.kind, line: b.line + delta, indent: b.indent, label: b.label, labelRange: b.labelRange && this.range(b.labelRange), role: b.role, text: b.text, textStart: b.textStart, placeholders, branch };
      if (b.kind === 'option') options.set(b, c);
      return c;
    });
    const props: NodeProps = {};
    for (const [k, prop] of Object.entries(n.props) as [keyof NodeProps, Prop<unknown>][]) {
      (props as Record<string, Prop<unknown>>)[k] = { ...prop, header: headers.get(prop.header) ?? this.header(prop.header) };
    }
    return { headers: n.headers.map((h) => headers.get(h)!), body, props };
  }

  node(n: ScriptNode): ScriptNode {
    const { headers, body, props } = this.parts(n);
    const out: ScriptNode = {
      ...n,
      titleLine: n.titleLine + this.delta,
      titleRange: this.range(n.titleRange),
      titleLineRange: this.range(n.titleLineRange),
      headers,
      lastLine: n.lastLine + this.delta,
      body,
      props,
    };
    // (set only where the parser set them: the same properties, so the same shape, as a parsed node)
    if (n.headerEndLine !== undefined) out.headerEndLine = n.headerEndLine + this.delta;
    if (n.endLine !== undefined) out.endLine = n.endLine + this.delta;
    return out;
  }

  suppression(x: Suppression): Suppression {
    return { ...x, line: x.line + this.delta, range: this.range(x.range), rules: x.rules.map((r) => ({ ...r, range: this.range(r.range) })) };
  }

  fix<F extends WithEdits | Movable>(f: F): F {
    return 'edits' in f ? { ...f, edits: f.edits.map((e) => ({ ...e, range: this.range(e.range) })) } : { ...f, range: this.range(f.range) };
  }

  /** Set `out`'s positions (range, fix, suggestions) to `x`'s moved; `out` has x's fields (a copy of it). */
  into<R extends MovableReport>(out: R, x: R): R {
    out.range = this.range(x.range);
    if (x.fix) out.fix = this.fix(x.fix);
    if (x.suggestions) out.suggestions = x.suggestions.map((f) => this.fix(f));
    return out;
  }

  report<R extends MovableReport>(x: R): R {
    return this.into({ ...x }, x);
  }
}

/** A Mover: every position at or after line `since` moved by `delta` lines. */
export function mover(delta: number, since: number): Mover {
  return new Mover(delta, since);
}
