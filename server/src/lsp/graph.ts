/**
 * The custom requests behind the conversation graph and the play-through (docs/EDITORS.md):
 * `parley/graph` and `parley/playthrough`. Which files a request covers (the files a file's jumps
 * connect it to, in either direction, or the whole workspace), and the core's graph and steps over
 * them with the findings as the editor shows them. No Node imports: the server hands in its entries
 * and how to lint them.
 */
import { viewNodes } from '../core/engine';
import type { ResolvedConfig } from '../core/config';
import { buildGraph, toDot, toMermaid, type ConversationGraph } from '../core/graph';
import { playNodes, type PlayNode } from '../core/playthrough';
import type { ParsedScript } from '../core/parser';
import type { NodeView, WorkspaceIndex } from '../core/rule';
import type { Finding } from '../core/types';
import type { Entry } from './workspace';

export const GRAPH_REQUEST = 'parley/graph';
export const PLAYTHROUGH_REQUEST = 'parley/playthrough';

export interface GraphParams {
  /** A `.parley` document: the graph of the files its jumps connect it to (both ways, transitively). */
  uri?: string;
  /** The whole workspace instead (or when no uri is given). */
  workspace?: boolean;
  /** Also return the graph as Graphviz DOT or Mermaid text in `text`. */
  format?: 'dot' | 'mermaid';
}

interface GraphResult extends ConversationGraph {
  /** The document URIs the graph covers. */
  uris: string[];
  text?: string;
}

export interface PlaythroughParams {
  uri: string;
  /** Start at the node holding this position ("from here"); else at the document's first entry node. */
  position?: { line: number; character: number };
}

interface PlaythroughResult {
  nodes: PlayNode[];
  /** Node id to start at; absent when the document has no node. */
  start?: string;
  /** Entry nodes' ids, in document order (the document's own first). */
  entries: string[];
  uris: string[];
}

export interface GraphSource {
  entries: Entry[];
  index: WorkspaceIndex;
  /** An entry's parsed script (a closed file is parsed on demand: lsp/workspace `scriptOf`). */
  script(entry: Entry): ParsedScript | undefined;
  config(entry: Entry): ResolvedConfig;
  /** The findings of an entry (parsed as `script`) as the editor shows them. */
  findings(entry: Entry, script: ParsedScript): Finding[];
  cache?: GraphCache;
  /**
   * Called between files: a graph over thousands of files is built in slices, so that typing goes
   * on meanwhile (resolves false when the server stops: the request then ends early).
   */
  pause?(): Promise<boolean>;
}

/**
 * What a graph request computed, kept while the script (views) or the entry (closed files'
 * findings), the workspace index and the config are the same objects: an edit in one file leaves
 * the other files' findings as they were, so a panel following the edits does not lint them all
 * again. (A closed file's views last as long as its recent parse: lsp/workspace.)
 */
export class GraphCache {
  private views = new WeakMap<object, { index: WorkspaceIndex; config: ResolvedConfig; value: NodeView[] }>();
  private findings = new WeakMap<object, { index: WorkspaceIndex; config: ResolvedConfig; value: Finding[] }>();

  viewsOf(script: ParsedScript, index: WorkspaceIndex, config: ResolvedConfig): NodeView[] {
    const hit = this.views.get(script);
    if (hit && hit.index === index && hit.config === config) return hit.value;
    const value = viewNodes(script, index, config);
    this.views.set(script, { index, config, value });
    return value;
  }

  findingsOf(entry: Entry, index: WorkspaceIndex, config: ResolvedConfig, compute: () => Finding[]): Finding[] {
    const hit = this.findings.get(entry);
    if (hit && hit.index === index && hit.config === config) return hit.value;
    const value = compute();
    this.findings.set(entry, { index, config, value });
    return value;
  }
}

/** The entries linked to `start` by jumps, either way, transitively (start first). */
function connectedEntries(entries: Entry[], start: Entry): Entry[] {
  const defining = new Map<string, Entry[]>();
  const jumping = new Map<string, Entry[]>();
  const add = (m: Map<string, Entry[]>, k: string, e: Entry) => {
    const l = m.get(k);
    if (l) l.push(e);
    else m.set(k, [e]);
  };
  for (const e of entries) {
    if (!e.outline) continue;
    for (const t of e.titles) add(defining, t, e);
    for (const j of e.jumps) add(jumping, j, e);
  }
  const seen = new Set<string>([start.key]);
  const out = [start];
  for (let i = 0; i < out.length; i++) {
    const e = out[i];
    const next = [...[...e.jumps].flatMap((j) => defining.get(j) ?? []), ...[...e.titles].flatMap((t) => jumping.get(t) ?? [])];
    for (const n of next) {
      if (seen.has(n.key)) continue;
      seen.add(n.key);
      out.push(n);
    }
  }
  return out;
}

function scopeOf(src: GraphSource, uri: string | undefined, workspace: boolean, keyOf: (uri: string) => string): Entry[] {
  const usable = src.entries.filter((e) => e.outline);
  if (workspace || uri === undefined) return usable;
  const key = keyOf(uri);
  const start = usable.find((e) => e.key === key || e.uri === uri);
  return start ? connectedEntries(usable, start) : [];
}

async function build(src: GraphSource, scope: Entry[]): Promise<{ graph: ConversationGraph; scripts: { script: ParsedScript; findings: Finding[] }[] } | undefined> {
  const views = (entry: Entry, script: ParsedScript) => (src.cache ? src.cache.viewsOf(script, src.index, src.config(entry)) : viewNodes(script, src.index, src.config(entry)));
  const scripts: { script: ParsedScript; views: NodeView[]; findings: Finding[] }[] = [];
  for (const e of scope) {
    if (src.pause && !(await src.pause())) return undefined;
    const script = src.script(e);
    if (script) scripts.push({ script, views: views(e, script), findings: src.findings(e, script) });
  }
  const graph = buildGraph(scripts);
  // The core names files by key (a path); editors need the document URIs.
  const uriOf = new Map(scope.map((e) => [e.key, e.uri]));
  for (const n of graph.nodes) n.uri = uriOf.get(n.uri) ?? n.uri;
  for (const e of graph.edges) e.uri = uriOf.get(e.uri) ?? e.uri;
  return { graph, scripts };
}

export async function graphRequest(src: GraphSource, p: GraphParams, keyOf: (uri: string) => string): Promise<GraphResult | null> {
  const scope = scopeOf(src, typeof p.uri === 'string' ? p.uri : undefined, p.workspace === true, keyOf);
  const built = await build(src, scope);
  if (!built) return null;
  const { graph } = built;
  const result: GraphResult = { ...graph, uris: scope.map((e) => e.uri) };
  if (p.format === 'dot') result.text = toDot(graph);
  else if (p.format === 'mermaid') result.text = toMermaid(graph);
  return result;
}

export async function playthroughRequest(src: GraphSource, p: PlaythroughParams, keyOf: (uri: string) => string): Promise<PlaythroughResult | null> {
  const scope = scopeOf(src, p.uri, false, keyOf);
  if (!scope.length) return { nodes: [], entries: [], uris: [] };
  const built = await build(src, scope);
  if (!built) return null;
  const { graph, scripts } = built;
  const nodes = playNodes(graph, scripts);
  const own = scope[0].uri;
  const mine = nodes.filter((n) => n.uri === own);
  const line = p.position && typeof p.position.line === 'number' ? p.position.line : undefined;
  // "From here": the node whose lines hold the position (its title line up to the next node's).
  const script = scripts[0]?.script;
  const here = line === undefined || !script ? undefined : script.nodes.find((n) => line >= n.titleLine && line <= n.lastLine);
  const hereNode = here ? mine.find((n) => n.line === here.titleLine) : undefined;
  const entries = [...mine.filter((n) => n.entry), ...nodes.filter((n) => n.entry && n.uri !== own)];
  const start = hereNode ?? entries[0] ?? mine[0];
  return { nodes, start: start?.id, entries: entries.map((n) => n.id), uris: scope.map((e) => e.uri) };
}
