/** The shape of a rule (ESLint-like meta + check) and the context a rule sees. */
import type { LexiconBank, LineHits, Match } from './lexicon';
import type { BodyLine, ParsedScript, ScriptNode } from './parser';
import type { Fix, Range, Report, Severity } from './types';
import { lineRange } from './types';
import { indexNames } from './text';
import type { Audience, Channel, DayRange, TimeWindow } from './vocabulary';
import type { ResolvedConfig } from './config';

export type Category = 'disclosure' | 'procedure' | 'red-line' | 'stage' | 'wording' | 'structure';

export const DOCS_BASE = 'https://github.com/parley-lint/parley/blob/main/docs/rules/';

export interface RuleMeta {
  id: string;
  category: Category;
  defaultSeverity: Severity;
  description: { zh: string; en: string };
  fixable: boolean;
  /** Where findings are anchored; used by docs and the scorer's matching. */
  scope: 'line' | 'node' | 'file';
  /** Lexicons (rule id or `sets/…` name) the rule reads. */
  lexicons?: string[];
}

export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}

/** A text line (speaker or option) with everything a language rule needs. */
export interface LineView {
  node: ScriptNode;
  line: BodyLine;
  /** Folded text of the line (same length as line.text; placeholders masked). */
  folded: string;
  hits: LineHits;
  /** Valid audience of the node, if any. */
  audience?: Audience;
  /** Valid stage of the node, if any. */
  stage?: DayRange;
  channel?: Channel;
  /** The channel header exists but its value is invalid. */
  channelInvalid: boolean;
  /** Range of a [start, end) span of `line.text`. */
  rangeOf(start: number, end: number): Range;
}

export interface NodeView {
  node: ScriptNode;
  audience?: Audience;
  audienceInvalid: boolean;
  stage?: DayRange;
  stageInvalid: boolean;
  channel?: Channel;
  channelInvalid: boolean;
  time?: TimeWindow;
  agents?: number;
  /** No incoming jump in the workspace, or tagged `start`. */
  isEntry: boolean;
  /** The node's text lines (speaker and option lines). */
  lines: LineView[];
  /** The node's agent speaker lines in order. */
  agentLines: LineView[];
}

/** What the workspace index keeps of a node: a parsed ScriptNode is one, a summary's stand-in too. */
export interface NodeRef {
  title: string;
  titleLine: number;
  props: { audience?: { value: Audience | undefined } };
}

export interface WorkspaceIndex {
  /** Title → every node with that title (in file order, then line order). */
  titles: Map<string, { uri: string; node: NodeRef }[]>;
  /** Title → number of `<<jump>>` edges into it. */
  incoming: Map<string, number>;
}

const titleLists = new WeakMap<WorkspaceIndex, string[]>();

/** Every title of the workspace, in index order (computed once per index: did-you-mean lists). */
export function titleNames(index: WorkspaceIndex): string[] {
  let list = titleLists.get(index);
  if (!list) {
    titleLists.set(index, (list = [...index.titles.keys()]));
    indexNames(list);
  }
  return list;
}

export interface RuleContext {
  script: ParsedScript;
  nodes: NodeView[];
  workspace: WorkspaceIndex;
  config: ResolvedConfig;
  bank: LexiconBank;
  /** Options given to this rule in the config (ESLint style: ["warning", { … }]). */
  options: Record<string, unknown>;
  report(r: Omit<Report, 'ruleId'> & { fix?: Fix }): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export function matchRange(view: LineView, m: Match): Range {
  return view.rangeOf(m.start, m.end);
}

export function wholeLine(view: LineView): Range {
  const l = view.line;
  return lineRange(l.line, l.textStart, l.textStart + l.text.length);
}
