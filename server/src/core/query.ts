/**
 * Read-only lookups over parsed scripts, for editors: which region a line is in, what sits at a
 * position, where a title is defined and jumped to, what can be folded. Pure: no I/O, no editor
 * types; every range is 0-based line / UTF-16 character, as everywhere in the core.
 */
import type { BodyLine, HeaderLine, ParsedScript, Placeholder, ScriptNode, Suppression } from './parser';
import type { Position, Range } from './types';
import type { HeaderKey } from './vocabulary';

/** Is `p` inside `r`? The end is inclusive, so a cursor just after a word is "on" it. */
export function rangeContains(r: Range, p: Position): boolean {
  if (p.line < r.start.line || p.line > r.end.line) return false;
  if (p.line === r.start.line && p.character < r.start.character) return false;
  if (p.line === r.end.line && p.character > r.end.character) return false;
  return true;
}

/** The last line a node spans: its `===`, or the line before the next node's title, or the file's end. */
export function nodeEndLine(script: ParsedScript, node: ScriptNode): number {
  if (node.endLine !== undefined) return node.endLine;
  const i = script.nodes.indexOf(node);
  const next = script.nodes[i + 1];
  return next ? next.titleLine - 1 : Math.max(node.lastLine, script.lines.length - 1);
}

/** The node whose span (title line to `===`) holds `line`, if any. */
function nodeAtLine(script: ParsedScript, line: number): ScriptNode | undefined {
  let found: ScriptNode | undefined;
  for (const n of script.nodes) {
    if (n.titleLine > line) break;
    found = n;
  }
  if (!found) return undefined;
  return line <= nodeEndLine(script, found) ? found : undefined;
}

/**
 * Where a line is: the file header (before the first title), a node's title line, its header
 * (between the title and `---`), its body (between `---` and `===`), or between nodes.
 */
type Region = 'file-header' | 'title' | 'header' | 'body' | 'between';

export function regionAt(script: ParsedScript, line: number): { region: Region; node?: ScriptNode } {
  const first = script.nodes[0];
  if (!first || line < first.titleLine) return { region: 'file-header' };
  const node = nodeAtLine(script, line);
  if (!node) return { region: 'between' };
  if (line === node.titleLine) return { region: 'title', node };
  if (node.headerEndLine === undefined || line < node.headerEndLine) return { region: 'header', node };
  if (line === node.headerEndLine) return { region: 'between', node };
  if (node.endLine !== undefined && line >= node.endLine) return { region: 'between', node };
  return { region: 'body', node };
}

/** What sits at a position. */
export type Item =
  | { kind: 'title'; node: ScriptNode; title: string; range: Range }
  | { kind: 'jump'; target: string; line: BodyLine; node: ScriptNode; range: Range }
  | { kind: 'header-key'; header: HeaderLine; key?: HeaderKey; node?: ScriptNode; range: Range }
  | { kind: 'header-value'; header: HeaderLine; key: HeaderKey; value: string; node?: ScriptNode; range: Range }
  | { kind: 'placeholder'; placeholder: Placeholder; line: BodyLine; node: ScriptNode; range: Range }
  | { kind: 'speaker'; label: string; line: BodyLine; node: ScriptNode; range: Range }
  | { kind: 'suppression-rule'; id: string; suppression: Suppression; range: Range };

function headerItem(h: HeaderLine, p: Position, node?: ScriptNode): Item | undefined {
  if (h.line !== p.line) return undefined;
  if (rangeContains(h.keyRange, p)) return { kind: 'header-key', header: h, key: h.canonical, node, range: h.keyRange };
  if (h.canonical && h.value && rangeContains(h.valueRange, p)) {
    return { kind: 'header-value', header: h, key: h.canonical, value: h.value, node, range: h.valueRange };
  }
  return undefined;
}

export function itemAt(script: ParsedScript, p: Position): Item | undefined {
  for (const s of script.suppressions) {
    if (s.line !== p.line) continue;
    for (const r of s.rules) if (rangeContains(r.range, p)) return { kind: 'suppression-rule', id: r.id, suppression: s, range: r.range };
    return undefined;
  }
  const node = nodeAtLine(script, p.line);
  if (!node) {
    for (const h of script.fileHeader) {
      const item = headerItem(h, p);
      if (item) return item;
    }
    return undefined;
  }
  if (p.line === node.titleLine) {
    return node.title && rangeContains(node.titleRange, p) ? { kind: 'title', node, title: node.title, range: node.titleRange } : undefined;
  }
  for (const h of node.headers) {
    const item = headerItem(h, p, node);
    if (item) return item;
  }
  for (const b of node.body) {
    if (b.line !== p.line) continue;
    if (b.command) {
      if (b.command.name === 'jump' && b.command.arg && rangeContains(b.command.argRange, p)) {
        return { kind: 'jump', target: b.command.arg, line: b, node, range: b.command.argRange };
      }
      return undefined;
    }
    for (const ph of b.placeholders) if (rangeContains(ph.range, p)) return { kind: 'placeholder', placeholder: ph, line: b, node, range: ph.range };
    if (b.label && b.labelRange && rangeContains(b.labelRange, p)) return { kind: 'speaker', label: b.label, line: b, node, range: b.labelRange };
    return undefined;
  }
  return undefined;
}

/** A place where a title occurs: a node's `title:` (definition) or a `<<jump>>` to it (reference). */
export interface TitleUse {
  uri: string;
  range: Range;
  kind: 'definition' | 'reference';
  node: ScriptNode;
}

/** Every definition and every jump of `title` in the given scripts, in file then line order. */
export function titleUses(scripts: Iterable<ParsedScript>, title: string): TitleUse[] {
  const out: TitleUse[] = [];
  for (const s of scripts) {
    for (const n of s.nodes) {
      if (n.title === title) out.push({ uri: s.uri, range: n.titleRange, kind: 'definition', node: n });
      for (const b of n.body) {
        if (b.command?.name === 'jump' && b.command.arg === title) out.push({ uri: s.uri, range: b.command.argRange, kind: 'reference', node: n });
      }
    }
  }
  return out;
}

interface Fold {
  startLine: number;
  endLine: number;
  kind: 'node' | 'branch';
}

/** Folding ranges: each node (title line to `===`) and each option branch (`->` line to its last line). */
export function foldingRanges(script: ParsedScript): Fold[] {
  const out: Fold[] = [];
  for (const n of script.nodes) {
    const end = nodeEndLine(script, n);
    if (end > n.titleLine) out.push({ startLine: n.titleLine, endLine: end, kind: 'node' });
    const last = new Map<BodyLine, number>();
    for (const b of n.body) for (const o of b.branch) last.set(o, Math.max(last.get(o) ?? o.line, b.line));
    for (const o of n.body) {
      const end = last.get(o);
      if (o.kind === 'option' && end !== undefined && end > o.line) out.push({ startLine: o.line, endLine: end, kind: 'branch' });
    }
  }
  return out;
}
