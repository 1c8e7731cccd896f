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

export interface GraphResult extends ConversationGraph {
  /** The document URIs the graph covers. */
  uris: string[];
  text?: string;
}

export interface PlaythroughParams {
  uri: string;
  /** Start at the node holding this position ("from here"); else at the document's first entry node. */
  position?: { line: number; character: number };
}

export interface PlaythroughResult {
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
  config(entry: Entry): ResolvedConfig;
  /** The findings of an entry as the editor shows them. */
  findings(entry: Entry): Finding[];
  cache?: GraphCache;
}

/**
 * What a graph request computed per parsed script, kept while the script, the workspace index and
 * the config are the same objects: an edit in one file leaves the other files' views (and, for
 * closed files, findings) as they were, so a panel following the edits does not re-read them all.
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

  findingsOf(script: ParsedScript, index: WorkspaceIndex, config: ResolvedConfig, compute: () => Finding[]): Finding[] {
    const hit = this.findings.get(script);
    if (hit && hit.index === index && hit.config === config) return hit.value;
    const value = compute();
    this.findings.set(script, { index, config, value });
    return value;
  }
}

/** The entries linked to `start` by jumps, either way, transitively (start first). */
export function connectedEntries(entries: Entry[], start: Entry): Entry[] {
  const defining = new Map<string, Entry[]>();
  const jumping = new Map<string, Entry[]>();
  const add = (m: Map<string, Entry[]>, k: string, e: Entry) => {
    const l = m.get(k);
    if (l) l.push(e);
    else m.set(k, [e]);
  };
  for (const e of entries) {
    if (!e.script) continue;
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
  const usable = src.entries.filter((e) => e.script);
  if (workspace || uri === undefined) return usable;
  const key = keyOf(uri);
  const start = usable.find((e) => e.key === key || e.uri === uri);
  return start ? connectedEntries(usable, start) : [];
}

function build(src: GraphSource, scope: Entry[]): { graph: ConversationGraph; scripts: { script: NonNullable<Entry['script']>; findings: Finding[] }[] } {
  const scripts = scope.map((e) => ({ entry: e, script: e.script!, findings: src.findings(e) }));
  const views = (entry: Entry, script: ParsedScript) => (src.cache ? src.cache.viewsOf(script, src.index, src.config(entry)) : viewNodes(script, src.index, src.config(entry)));
  const graph = buildGraph(scripts.map(({ entry, script, findings }) => ({ script, views: views(entry, script), findings })));
  // The core names files by key (a path); editors need the document URIs.
  const uriOf = new Map(scope.map((e) => [e.key, e.uri]));
  for (const n of graph.nodes) n.uri = uriOf.get(n.uri) ?? n.uri;
  for (const e of graph.edges) e.uri = uriOf.get(e.uri) ?? e.uri;
  return { graph, scripts };
}

export function graphRequest(src: GraphSource, p: GraphParams, keyOf: (uri: string) => string): GraphResult {
  const scope = scopeOf(src, typeof p.uri === 'string' ? p.uri : undefined, p.workspace === true, keyOf);
  const { graph } = build(src, scope);
  const result: GraphResult = { ...graph, uris: scope.map((e) => e.uri) };
  if (p.format === 'dot') result.text = toDot(graph);
  else if (p.format === 'mermaid') result.text = toMermaid(graph);
  return result;
}

export function playthroughRequest(src: GraphSource, p: PlaythroughParams, keyOf: (uri: string) => string): PlaythroughResult {
  const scope = scopeOf(src, p.uri, false, keyOf);
  if (!scope.length) return { nodes: [], entries: [], uris: [] };
  const { graph, scripts } = build(src, scope);
  const nodes = playNodes(graph, scripts);
  const own = scope[0].uri;
  const mine = nodes.filter((n) => n.uri === own);
  const line = p.position && typeof p.position.line === 'number' ? p.position.line : undefined;
  // "From here": the node whose lines hold the position (its title line up to the next node's).
  const script = scope[0].script!;
  const here = line === undefined ? undefined : script.nodes.find((n) => line >= n.titleLine && line <= n.lastLine);
  const hereNode = here ? mine.find((n) => n.line === here.titleLine) : undefined;
  const entries = [...mine.filter((n) => n.entry), ...nodes.filter((n) => n.entry && n.uri !== own)];
  const start = hereNode ?? entries[0] ?? mine[0];
  return { nodes, start: start?.id, entries: entries.map((n) => n.id), uris: scope.map((e) => e.uri) };
}
