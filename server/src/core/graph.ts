/**
 * The conversation graph of a workspace: nodes (with audience, stage, channel, finding counts),
 * `<<jump>>` edges labelled with the respondent's answer that leads to them, entry nodes,
 * unreachable nodes, undefined jumps — and the compliance picture: the paths from an entry node to
 * a liable party's debt details on which no respondent answer was given (the identity was never
 * confirmed). Pure: editors ask for it over a custom LSP request, the CLI can export it.
 */
import type { ParsedScript, ScriptNode, BodyLine } from './parser';
import type { NodeView } from './rule';
import type { Finding, Severity } from './types';
import { audienceInfo, formatDays, type Audience } from './vocabulary';

type AudienceClass = 'liable' | 'not-liable' | 'unverified' | 'unknown';

export interface GraphNode {
  /** Stable id: `<uri>#<titleLine>`. */
  id: string;
  title: string;
  uri: string;
  /** 0-based line of the title. */
  line: number;
  audience?: Audience;
  audienceClass: AudienceClass;
  stage?: string;
  channel?: string;
  entry: boolean;
  reachable: boolean;
  /** Another node of the workspace has the same title. */
  duplicate: boolean;
  /** An agent line states debt facts or the purpose of the contact. */
  disclosesDebt: boolean;
  /** On a path from an entry node that reaches a liable party's debt details with no answer given. */
  unsafe: boolean;
  findings: Record<Severity, number>;
}

export interface GraphEdge {
  from: string;
  /** Target node id; undefined when the title does not exist. */
  to?: string;
  target: string;
  uri: string;
  /** 0-based line of the `<<jump>>`. */
  line: number;
  /** The respondent's answer (option text) whose branch holds the jump, innermost option. */
  answer?: string;
  /** Taken after the respondent answered (the jump sits inside an option branch). */
  answered: boolean;
  unsafe: boolean;
}

export interface ConversationGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Paths (node ids, entry first) that reach a liable node's debt details without an answer. */
  unsafePaths: string[][];
}

interface GraphInput {
  script: ParsedScript;
  /** The engine's views of the script's nodes (same order as script.nodes). */
  views: NodeView[];
  findings?: Finding[];
}

function audienceClass(a: Audience | undefined): AudienceClass {
  if (!a) return 'unknown';
  const l = audienceInfo(a).liable;
  return l === 'unknown' ? 'unverified' : l === 'no' ? 'not-liable' : 'liable';
}

function jumpsOf(node: ScriptNode): BodyLine[] {
  return node.body.filter((l) => l.kind === 'command' && l.command?.name === 'jump' && l.command.arg.trim() !== '');
}

function mentionsDebt(view: NodeView): boolean {
  return view.agentLines.some((l) => l.line.placeholders.some((p) => p.category === 'debt') || l.hits.matches('debt-words').length > 0);
}

function countFindings(node: ScriptNode, findings: Finding[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of findings) {
    const l = f.range.start.line;
    if (l >= node.titleLine && l <= node.lastLine) c[f.severity]++;
  }
  return c;
}

export function buildGraph(inputs: GraphInput[]): ConversationGraph {
  const nodes: GraphNode[] = [];
  const byTitle = new Map<string, GraphNode[]>();
  const raw: { input: GraphInput; node: ScriptNode; g: GraphNode }[] = [];
  for (const input of inputs) {
    const { script, views } = input;
    script.nodes.forEach((node, i) => {
      const v = views[i];
      const p = node.props;
      const g: GraphNode = {
        id: `${script.uri}#${node.titleLine}`,
        title: node.title,
        uri: script.uri,
        line: node.titleLine,
        audience: p.audience?.value,
        audienceClass: audienceClass(p.audience?.value),
        stage: p.stage?.value ? (p.stage.raw.trim() || formatDays(p.stage.value)) : undefined,
        channel: p.channel?.value,
        entry: !!v?.isEntry,
        reachable: false,
        duplicate: false,
        disclosesDebt: v ? mentionsDebt(v) : false,
        unsafe: false,
        findings: countFindings(node, input.findings ?? []),
      };
      nodes.push(g);
      raw.push({ input, node, g });
      const list = byTitle.get(node.title) ?? [];
      list.push(g);
      byTitle.set(node.title, list);
    });
  }
  for (const list of byTitle.values()) if (list.length > 1) for (const g of list) g.duplicate = true;

  const edges: GraphEdge[] = [];
  const out = new Map<string, GraphEdge[]>();
  for (const { input, node, g } of raw) {
    for (const l of jumpsOf(node)) {
      const target = l.command!.arg.trim();
      const to = byTitle.get(target)?.[0];
      const option = l.branch[l.branch.length - 1];
      const e: GraphEdge = {
        from: g.id,
        to: to?.id,
        target,
        uri: input.script.uri,
        line: l.line,
        answer: option ? option.text : undefined,
        answered: l.branch.length > 0,
        unsafe: false,
      };
      edges.push(e);
      const list = out.get(g.id) ?? [];
      list.push(e);
      out.set(g.id, list);
    }
  }

  // Reachability from the entry nodes.
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const stack = nodes.filter((n) => n.entry);
  for (const n of stack) n.reachable = true;
  while (stack.length) {
    const n = stack.pop()!;
    for (const e of out.get(n.id) ?? []) {
      const t = e.to ? byId.get(e.to) : undefined;
      if (t && !t.reachable) {
        t.reachable = true;
        stack.push(t);
      }
    }
  }

  // Unsafe paths: states (node, answered-yet); an entry that is not a liable party starts
  // unanswered; an edge inside an option branch is an answer. Reaching a liable node that states
  // debt facts while still unanswered is a disclosure to whoever picked up.
  const unsafePaths: string[][] = [];
  const seen = new Set<string>();
  type State = { id: string; answered: boolean; path: string[]; via: GraphEdge[] };
  const queue: State[] = [];
  for (const n of nodes) if (n.entry && n.audienceClass !== 'liable') queue.push({ id: n.id, answered: false, path: [n.id], via: [] });
  // (a read index, not shift(): shift is linear in the queue's length)
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head];
    const key = `${s.id}\0${s.answered}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const n = byId.get(s.id)!;
    if (!s.answered && s.path.length > 1 && n.audienceClass === 'liable' && n.disclosesDebt) {
      unsafePaths.push(s.path);
      for (const id of s.path) byId.get(id)!.unsafe = true;
      for (const e of s.via) e.unsafe = true;
      continue;
    }
    for (const e of out.get(s.id) ?? []) {
      if (!e.to) continue;
      queue.push({ id: e.to, answered: s.answered || e.answered, path: [...s.path, e.to], via: [...s.via, e] });
    }
  }
  return { nodes, edges, unsafePaths };
}

function dotString(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') + '"';
}

/** The same colours as the VS Code panel (client/webview/conversation.css); red is kept for unsafe paths. */
const CLASS_COLOUR: Record<AudienceClass, string> = { liable: '#2e7d32', 'not-liable': '#1565c0', unverified: '#ef8f00', unknown: '#8a8a8a' };

function nodeLabel(n: GraphNode): string {
  return [n.title, [n.audience ?? '?', n.stage ?? '?'].join(' · ')].join('\n');
}

/** Graphviz DOT. */
export function toDot(g: ConversationGraph): string {
  const lines = ['digraph parley {', '  rankdir=LR;', '  node [shape=box, style="rounded,filled", fillcolor=white];'];
  const ids = new Map(g.nodes.map((n, i) => [n.id, `n${i}`]));
  g.nodes.forEach((n, i) => {
    const attrs = [`label=${dotString(nodeLabel(n))}`, `color=${dotString(CLASS_COLOUR[n.audienceClass])}`];
    if (n.entry) attrs.push('peripheries=2');
    if (!n.reachable) attrs.push('style="rounded,dashed"');
    if (n.unsafe) attrs.push('penwidth=3');
    lines.push(`  n${i} [${attrs.join(', ')}];`);
  });
  let missing = 0;
  for (const e of g.edges) {
    let to = e.to ? ids.get(e.to) : undefined;
    if (!to) {
      to = `missing${missing++}`;
      lines.push(`  ${to} [label=${dotString(e.target + '\n(undefined)')}, shape=box, style=dashed, color="#c62828"];`);
    }
    const attrs = e.answer ? [`label=${dotString(e.answer)}`] : [];
    if (e.unsafe) attrs.push('color="#c62828"', 'penwidth=2');
    lines.push(`  ${ids.get(e.from)} -> ${to}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

function mermaidText(s: string): string {
  return '"' + s.replace(/"/g, '#quot;').replace(/\n/g, '<br/>') + '"';
}

/** Mermaid flowchart. */
export function toMermaid(g: ConversationGraph): string {
  const lines = ['flowchart LR'];
  const ids = new Map(g.nodes.map((n, i) => [n.id, `n${i}`]));
  g.nodes.forEach((n, i) => {
    const label = mermaidText(nodeLabel(n));
    lines.push(n.entry ? `  n${i}([${label}])` : `  n${i}[${label}]`);
  });
  let missing = 0;
  const unsafeLinks: number[] = [];
  let link = 0;
  for (const e of g.edges) {
    let to = e.to ? ids.get(e.to) : undefined;
    if (!to) {
      to = `missing${missing++}`;
      lines.push(`  ${to}[${mermaidText(e.target + ' (undefined)')}]`);
    }
    lines.push(`  ${ids.get(e.from)} -->${e.answer ? `|${mermaidText(e.answer)}|` : ''} ${to}`);
    if (e.unsafe) unsafeLinks.push(link);
    link++;
  }
  for (const c of Object.keys(CLASS_COLOUR) as AudienceClass[]) lines.push(`  classDef ${c} stroke:${CLASS_COLOUR[c]},stroke-width:2px`);
  g.nodes.forEach((n, i) => lines.push(`  class n${i} ${n.audienceClass}`));
  if (unsafeLinks.length) lines.push(`  linkStyle ${unsafeLinks.join(',')} stroke:#c62828,stroke-width:3px`);
  return lines.join('\n') + '\n';
}
