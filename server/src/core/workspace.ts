/**
 * The workspace model: what one file contributes to the workspace (its titled nodes with line and
 * audience, its jumps), the index over every file (titles, incoming jumps), and what of that index
 * a file's or a node's results depend on. Defined here once, from `nodeContribution`, and used alike
 * by the engine and the incremental linter, the CLI (lint-files, its worker threads and the cache's
 * dependency keys) and the language server (lsp/workspace: which open files a change affects).
 * A new cross-file rule that reads more of the workspace changes this module only. Pure.
 */
import { nodeRoot, type ParsedScript, type ScriptNode } from './parser';
import type { NodeRef, WorkspaceIndex } from './rule';
import { detach } from './text';
import type { Audience } from './vocabulary';

/** What one node contributes: its title, title line and audience, and its `<<jump>>` targets. */
interface NodeContribution {
  /** Undefined for a node without a title (it defines nothing; its jumps still count as targets). */
  title: string | undefined;
  titleLine: number;
  audience: Audience | undefined;
  /** Every jump target, in body order (with repeats and the node's own title). */
  targets: string[];
  /** The jump targets that are incoming edges of the index: all but the node's own title. */
  edges: string[];
}

/** Once per node object: an edit in the editor re-parses one node and keeps the others. */
const contributions = new WeakMap<ScriptNode, NodeContribution>();

export function nodeContribution(n: ScriptNode): NodeContribution {
  let c = contributions.get(n);
  if (c) return c;
  // A node `reparse` moved by whole lines contributes what the node it repeats does, at its own
  // title line: the same strings and lists, its body not read (a newline moves every node below).
  const root = nodeRoot(n);
  if (root !== n) {
    const r = nodeContribution(root);
    c = { title: r.title, titleLine: n.titleLine, audience: r.audience, targets: r.targets, edges: r.edges };
    contributions.set(n, c);
    return c;
  }
  // Flat copies (detach): a summary outlives its script and must not keep the script's text alive.
  c = { title: n.title ? detach(n.title) : undefined, titleLine: n.titleLine, audience: n.props.audience?.value, targets: [], edges: [] };
  for (const b of n.body) {
    if (b.command?.name !== 'jump' || !b.command.arg) continue;
    const t = detach(b.command.arg);
    c.targets.push(t);
    if (t !== n.title) c.edges.push(t);
  }
  contributions.set(n, c);
  return c;
}

/**
 * What the workspace index needs of one script: its titled nodes (title, line, audience) and the
 * incoming edges of their jumps. Small and structured-clone friendly, so that worker threads can
 * parse their share of a workspace and send only this to the thread that merges the index.
 */
export interface ScriptSummary {
  uri: string;
  nodes: { title: string; titleLine: number; audience?: Audience }[];
  /** Jump targets other than the jumping node's own title, one entry per `<<jump>>`. */
  jumps: string[];
}

export function summarizeScript(s: ParsedScript): ScriptSummary {
  const nodes: ScriptSummary['nodes'] = [];
  const jumps: string[] = [];
  for (const node of s.nodes) {
    const c = nodeContribution(node);
    if (c.title === undefined) continue;
    nodes.push(c.audience === undefined ? { title: c.title, titleLine: c.titleLine } : { title: c.title, titleLine: c.titleLine, audience: c.audience });
    for (const j of c.edges) jumps.push(j);
  }
  return { uri: s.uri, nodes, jumps };
}

/**
 * One file's part of the workspace index, built once per summary: the index entries of its titled
 * nodes and its incoming edges. The language server keeps one per file (not the parsed script), so
 * that rebuilding the index after an edit only fills maps with objects that already exist.
 */
export interface IndexPart {
  defs: { uri: string; node: NodeRef }[];
  /** Jump targets other than the jumping node's own title, one entry per `<<jump>>`. */
  jumps: readonly string[];
}

/** `props` of a NodeRef, one shared object per audience (a summary's nodes are many; their audiences few). */
const NO_PROPS: NodeRef['props'] = Object.freeze({});
const audienceProps = new Map<Audience, NodeRef['props']>();
export function refProps(audience: Audience | undefined): NodeRef['props'] {
  if (audience === undefined) return NO_PROPS;
  let p = audienceProps.get(audience);
  if (!p) audienceProps.set(audience, (p = Object.freeze({ audience: Object.freeze({ value: audience }) })));
  return p;
}

/** A summary's part of the index. */
function indexPart(s: ScriptSummary): IndexPart {
  return { defs: s.nodes.map((n) => ({ uri: s.uri, node: { title: n.title, titleLine: n.titleLine, props: refProps(n.audience) } })), jumps: s.jumps };
}

/** The workspace index (titles, incoming jumps) from files' parts, in file order. */
export function indexParts(parts: Iterable<IndexPart>): WorkspaceIndex {
  const titles: WorkspaceIndex['titles'] = new Map();
  const incoming: WorkspaceIndex['incoming'] = new Map();
  for (const p of parts) {
    for (const d of p.defs) {
      const list = titles.get(d.node.title);
      if (list) list.push(d);
      else titles.set(d.node.title, [d]);
    }
    for (const j of p.jumps) incoming.set(j, (incoming.get(j) ?? 0) + 1);
  }
  return { titles, incoming };
}

/** The workspace index (titles, incoming jumps) from script summaries. */
export function indexSummaries(summaries: Iterable<ScriptSummary>): WorkspaceIndex {
  const parts: IndexPart[] = [];
  for (const s of summaries) parts.push(indexPart(s));
  return indexParts(parts);
}

/** The workspace index over parsed scripts: the index of their summaries. */
export function indexWorkspace(scripts: Iterable<ParsedScript>): WorkspaceIndex {
  const summaries: ScriptSummary[] = [];
  for (const s of scripts) summaries.push(summarizeScript(s));
  return indexSummaries(summaries);
}

/** Every `<<jump>>` target of a script, titled node or not (what undefined-jump looks up), once each. */
export function jumpTargets(script: ParsedScript): string[] {
  const out = new Set<string>();
  for (const n of script.nodes) for (const t of nodeContribution(n).targets) out.add(t);
  return [...out];
}

/**
 * A file's contribution as comparable keys (the language server's test of which other files a change
 * affects): `summary` changes with anything the index takes from the file; `graph` leaves out title
 * lines (a change there matters to files that jump into this one); `titles` and `jumps` are the
 * titles it defines and every title it jumps to. Equal summaries give equal indexes.
 */
export function contributionKeys(script: ParsedScript | undefined): { summary: string; graph: string; titles: Set<string>; jumps: Set<string> } {
  const titles = new Set<string>();
  const jumps = new Set<string>();
  if (!script) return { summary: '', graph: '', titles, jumps };
  const defs: string[] = [];
  const edges: string[] = [];
  for (const n of script.nodes) {
    const c = nodeContribution(n);
    for (const t of c.targets) jumps.add(t);
    if (c.title === undefined) continue;
    titles.add(c.title);
    defs.push(`${c.title}\u0000${c.audience ?? ''}`);
    for (const j of c.edges) edges.push(j);
  }
  edges.sort();
  // The summary: the titles with their audiences in order and the edges, then the title lines
  // (digits and commas after the last line break: JSON has none), so that a newline that only
  // moves titles makes the lines again and keeps the rest (summaryKey).
  const summary = JSON.stringify([defs, edges]) + '\n' + titleLines(script);
  defs.sort();
  return { summary, graph: JSON.stringify([defs, edges]), titles, jumps };
}

/** The title lines of a script's titled nodes, in order, as contributionKeys's summary ends. */
function titleLines(script: ParsedScript): string {
  let out = '';
  for (const n of script.nodes) {
    const c = nodeContribution(n);
    if (c.title !== undefined) out += (out ? ',' : '') + c.titleLine;
  }
  return out;
}

/**
 * contributionKeys(script).summary alone, for a script whose nodes contribute what those of the
 * script with summary `earlier` did apart from their title lines: the earlier summary's titles and
 * edges, the lines made again.
 */
export function summaryKey(script: ParsedScript, earlier: string): string {
  return earlier.slice(0, earlier.lastIndexOf('\n') + 1) + titleLines(script);
}

/** How many other places of a duplicated title a duplicate-title finding names (the rest are counted). */
export const DUPLICATE_PLACES_NAMED = 3;

/**
 * What a node's index-reading rules (and its view) read of the index: whether its title has incoming
 * jumps (isEntry); the nodes of its title when there are several (file and title line of each:
 * duplicate-title names the others); for each of its jumps, the audiences of the nodes it reaches,
 * or, when none has its title, the list of every title (undefined-jump's did-you-mean). Line numbers
 * and files are part of it only for a title defined twice, so a newline that moves titles keeps it
 * for every other node (the incremental linter's reuse test).
 */
export function nodeIndexKey(n: ScriptNode, index: WorkspaceIndex): string {
  const c = nodeContribution(n);
  let k = c.title !== undefined && index.incoming.get(c.title) ? '1' : '0';
  if (c.title !== undefined) {
    // duplicate-title names the first few places and counts the rest: those places and the count,
    // never the whole list (10,000 nodes of one title would make 10,000 keys of 10,000 places each).
    const own = index.titles.get(c.title);
    if (own && own.length > 1) {
      const named = Math.min(own.length, DUPLICATE_PLACES_NAMED + 1);
      for (let i = 0; i < named; i++) k += '\u0004' + own[i].uri + '\u0001' + own[i].node.titleLine;
      k += '\u0005' + own.length;
    }
  }
  for (const target of c.targets) {
    const t = index.titles.get(target);
    k += '\u0000' + target + '\u0001' + (t ? t.map((e) => e.node.props.audience?.value ?? '').join('\u0002') : '\u0003' + titleSetOf(index));
  }
  return k;
}

/**
 * Does every node read the same of index `b` as of index `a` (nodeIndexKey equal for any node)?
 * What nodeIndexKey reads, compared over the whole index at once: the titles in the same order,
 * each with as many nodes of the same audiences, and for a title defined more than once the file
 * and line of the places named; the same titles with incoming jumps. A newline that moves titles
 * makes a new index that is the same but for the lines of titles defined once: the incremental
 * linter then need not make every node's key.
 */
export function indexReadsSame(a: WorkspaceIndex, b: WorkspaceIndex): boolean {
  if (a === b) return true;
  if (a.titles.size !== b.titles.size || a.incoming.size !== b.incoming.size) return false;
  const bt = b.titles.entries();
  for (const [title, x] of a.titles) {
    const next = bt.next();
    if (next.done || next.value[0] !== title) return false;
    const y = next.value[1];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i].node.props.audience?.value !== y[i].node.props.audience?.value) return false;
    if (x.length > 1) {
      const named = Math.min(x.length, DUPLICATE_PLACES_NAMED + 1);
      for (let i = 0; i < named; i++) if (x[i].uri !== y[i].uri || x[i].node.titleLine !== y[i].node.titleLine) return false;
    }
  }
  for (const [t, k] of a.incoming) if (!k !== !b.incoming.get(t)) return false;
  return true;
}

/**
 * A number for the list of titles of an index (in order): equal for indexes with the same list. The
 * last list is kept to compare with the next index's (an edit that moves lines rebuilds the index,
 * with the same titles).
 */
const titleSets = new WeakMap<WorkspaceIndex, number>();
let lastTitles: { key: string; id: number } = { key: '', id: 0 };
function titleSetOf(index: WorkspaceIndex): number {
  let id = titleSets.get(index);
  if (id !== undefined) return id;
  const key = [...index.titles.keys()].join('\n');
  if (key !== lastTitles.key) lastTitles = { key, id: lastTitles.id + 1 };
  titleSets.set(index, lastTitles.id);
  return lastTitles.id;
}

/**
 * Does a file read the same of index `a` as of index `b`? What a file's findings read of the index:
 * for each of its titles, whether it has incoming jumps (isEntry) and every node of that title (file,
 * line, audience: duplicate-title); for each of its jump targets, every node of that title (the
 * audience a jump reaches; undefined-jump). A target without a node makes undefined-jump read every
 * title (did-you-mean): then the answer is no. Equal reads give equal findings (the cache's
 * dependency keys, node/cache.ts, hash the same things); lint-files uses this to keep the findings
 * of a file linted against its own index while it was parsed.
 */
export function readsSame(summary: ScriptSummary, targets: readonly string[], a: WorkspaceIndex, b: WorkspaceIndex): boolean {
  const same = (title: string): boolean => {
    const x = a.titles.get(title);
    const y = b.titles.get(title);
    if (!x || !y) return false;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) {
      if (x[i].uri !== y[i].uri || x[i].node.titleLine !== y[i].node.titleLine || x[i].node.props.audience?.value !== y[i].node.props.audience?.value) return false;
    }
    return true;
  };
  for (const n of summary.nodes) if (!same(n.title) || !a.incoming.get(n.title) !== !b.incoming.get(n.title)) return false;
  for (const t of targets) if (!same(t)) return false;
  return true;
}
