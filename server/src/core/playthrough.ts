/**
 * The play-through of a conversation: each node's body as steps (what the agent says, the
 * respondent's possible answers with their branches, jumps, ends), each step with the findings on
 * its line — the findings for that node's listener — and `play`, which walks the steps from a start
 * node along the answers picked so far. Pure, and `play` has no run-time imports: an editor's
 * webview bundles it and replays the picks after every edit (restart = no picks, step back = one
 * pick fewer).
 */
import type { BodyLine, ParsedScript, ScriptNode } from './parser';
import type { ConversationGraph, GraphNode } from './graph';
import type { Finding, Severity } from './types';
import type { Role } from './vocabulary';

export interface PlayFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** 0-based line. */
  line: number;
}

interface PlayOption {
  /** 0-based line of the `->` line. */
  line: number;
  speaker?: string;
  text: string;
  findings: PlayFinding[];
  /** The option's branch. */
  steps: PlayStep[];
}

export type PlayStep =
  | { kind: 'say'; line: number; role: Role; speaker?: string; text: string; findings: PlayFinding[] }
  | { kind: 'choice'; options: PlayOption[] }
  | { kind: 'jump'; line: number; target: string; /** Node id; undefined when the title does not exist. */ to?: string; findings: PlayFinding[] }
  | { kind: 'end'; line: number; findings: PlayFinding[] };

export interface PlayNode extends GraphNode {
  /** Findings on the title and header lines (they concern the whole node). */
  headerFindings: PlayFinding[];
  steps: PlayStep[];
}

function playFinding(f: Finding): PlayFinding {
  return { ruleId: f.ruleId, severity: f.severity, message: f.message, line: f.range.start.line };
}

/** The steps of one node's body; `to` resolves a jump's line to its target node id. */
function nodeSteps(node: ScriptNode, findings: Finding[], to: (line: number) => string | undefined): { headerFindings: PlayFinding[]; steps: PlayStep[] } {
  const byLine = new Map<number, PlayFinding[]>();
  const headerFindings: PlayFinding[] = [];
  const firstBody = node.body.length ? node.body[0].line : node.lastLine + 1;
  for (const f of findings) {
    const l = f.range.start.line;
    if (l < node.titleLine || l > node.lastLine) continue;
    if (l < firstBody && (node.headerEndLine === undefined || l <= node.headerEndLine)) {
      headerFindings.push(playFinding(f));
      continue;
    }
    const list = byLine.get(l) ?? [];
    list.push(playFinding(f));
    byLine.set(l, list);
  }
  const at = (l: number) => byLine.get(l) ?? [];
  const steps: PlayStep[] = [];
  const branches = new Map<BodyLine, PlayStep[]>();
  for (const b of node.body) {
    const parent = b.branch.length ? b.branch[b.branch.length - 1] : undefined;
    const into = (parent && branches.get(parent)) ?? steps;
    if (b.kind === 'option') {
      const option: PlayOption = { line: b.line, speaker: b.label, text: b.text, findings: at(b.line), steps: [] };
      branches.set(b, option.steps);
      const last = into[into.length - 1];
      // Answers to the same question: options with nothing else said between them at their level.
      if (last?.kind === 'choice') last.options.push(option);
      else into.push({ kind: 'choice', options: [option] });
    } else if (b.kind === 'command' && b.command?.name === 'jump') {
      into.push({ kind: 'jump', line: b.line, target: b.command.arg.trim(), to: to(b.line), findings: at(b.line) });
    } else if (b.kind === 'command' && b.command?.name === 'end') {
      into.push({ kind: 'end', line: b.line, findings: at(b.line) });
    } else {
      // Speaker lines, and unknown commands shown as written (their finding says why).
      into.push({ kind: 'say', line: b.line, role: b.kind === 'command' ? 'note' : b.role, speaker: b.label, text: b.text, findings: at(b.line) });
    }
  }
  return { headerFindings, steps };
}

/** Play-through nodes for the graph's nodes: the graph (with finding counts) plus each body's steps. */
export function playNodes(graph: ConversationGraph, scripts: { script: ParsedScript; findings: Finding[] }[]): PlayNode[] {
  const nodeOf = new Map<string, { node: ScriptNode; findings: Finding[] }>();
  for (const { script, findings } of scripts) for (const n of script.nodes) nodeOf.set(`${script.uri}#${n.titleLine}`, { node: n, findings });
  const jumpTo = new Map<string, string | undefined>();
  for (const e of graph.edges) jumpTo.set(`${e.from}\0${e.line}`, e.to);
  const out: PlayNode[] = [];
  for (const g of graph.nodes) {
    const src = nodeOf.get(g.id);
    if (!src) continue;
    const { headerFindings, steps } = nodeSteps(src.node, src.findings, (line) => jumpTo.get(`${g.id}\0${line}`));
    out.push({ ...g, headerFindings, steps });
  }
  return out;
}

/** One line of a play-through transcript. */
export interface PlayEntry {
  /** `node`: the conversation enters a node (its title); `answer`: the respondent's picked answer. */
  kind: 'node' | 'say' | 'answer' | 'jump' | 'end';
  node: string;
  uri: string;
  line: number;
  role?: Role;
  speaker?: string;
  text: string;
  findings: PlayFinding[];
}

type PlayStop =
  /** Waiting for the respondent's answer (`options`). */
  | 'choice'
  /** `<<end>>`. */
  | 'end'
  /** The node's lines ran out without a jump or an end. */
  | 'fell-off'
  /** A jump to a title that does not exist. */
  | 'undefined-jump'
  /** The conversation came back to a node without any answer in between: it would go round forever. */
  | 'loop'
  /** The start node is not there (any more). */
  | 'no-start';

interface PlayState {
  transcript: PlayEntry[];
  stop: PlayStop;
  /** The answers to choose from when `stop` is `choice`. */
  options: PlayOption[];
  /** How many of the given picks were used (a pick out of range after an edit stops the replay there). */
  picked: number;
}

/** Longest transcript `play` builds (a guard: loops stop earlier). */
const MAX_ENTRIES = 5_000;

/**
 * Walks the conversation from `start` (a node id), answering each choice with the next of `picks`
 * (option indexes). Within a node, an option's branch runs and then the lines after the options
 * (as FORMAT §5 nests them); a jump leaves the node.
 */
export function play(nodes: readonly PlayNode[], start: string, picks: readonly number[]): PlayState {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const transcript: PlayEntry[] = [];
  let picked = 0;
  let cur = byId.get(start);
  if (!cur) return { transcript, stop: 'no-start', options: [], picked };
  const done = (stop: PlayStop, options: PlayOption[] = []): PlayState => ({ transcript, stop, options, picked });
  /** Nodes entered since the last answer. */
  let since = new Set<string>();
  for (;;) {
    const node: PlayNode = cur;
    if (since.has(node.id)) return done('loop');
    since.add(node.id);
    transcript.push({ kind: 'node', node: node.id, uri: node.uri, line: node.line, text: node.title, findings: node.headerFindings });
    const stack: { steps: PlayStep[]; i: number }[] = [{ steps: node.steps, i: 0 }];
    let next: PlayNode | undefined;
    while (stack.length && !next) {
      if (transcript.length > MAX_ENTRIES) return done('loop');
      const top = stack[stack.length - 1];
      if (top.i >= top.steps.length) {
        stack.pop();
        continue;
      }
      const s = top.steps[top.i++];
      const base = { node: node.id, uri: node.uri };
      if (s.kind === 'say') {
        transcript.push({ ...base, kind: 'say', line: s.line, role: s.role, speaker: s.speaker, text: s.text, findings: s.findings });
      } else if (s.kind === 'end') {
        transcript.push({ ...base, kind: 'end', line: s.line, text: '', findings: s.findings });
        return done('end');
      } else if (s.kind === 'jump') {
        transcript.push({ ...base, kind: 'jump', line: s.line, text: s.target, findings: s.findings });
        next = s.to !== undefined ? byId.get(s.to) : undefined;
        if (!next) return done('undefined-jump');
      } else {
        const p = picks[picked];
        if (p === undefined || !Number.isInteger(p) || p < 0 || p >= s.options.length) return done('choice', s.options);
        picked++;
        const o = s.options[p];
        transcript.push({ ...base, kind: 'answer', line: o.line, role: 'respondent', speaker: o.speaker, text: o.text, findings: o.findings });
        since = new Set([node.id]);
        stack.push({ steps: o.steps, i: 0 });
      }
    }
    if (!next) return done('fell-off');
    cur = next;
  }
}
