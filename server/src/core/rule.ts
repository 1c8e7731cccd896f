/** The shape of a rule (ESLint-like meta + check) and the context a rule sees. */
import type { LexiconBank, Match } from './lexicon';
import type { BodyLine, ParsedScript, ScriptNode } from './parser';
import type { Fix, Range, Severity } from './types';
import { indexNames } from './text';
import type { Audience, Channel, DayRange, TimeWindow } from './vocabulary';
import type { ResolvedConfig } from './config';
import { pick, type Locale, type MessageData, type MessageTemplate } from './messages';

type Category = 'disclosure' | 'procedure' | 'red-line' | 'stage' | 'wording' | 'structure';

const DOCS_BASE = 'https://github.com/parley-lint/parley/blob/main/docs/rules/';

/**
 * What a rule visits, which the engine derives its treatment from:
 * - `line`, `node`: one node at a time, reading nothing but that node's view (its header with the
 *   file header's defaults, its lines) and the config: the incremental linter keeps a node's
 *   findings while the node is unchanged. With `readsIndex`, the node's view also reads the
 *   workspace index (isEntry, the audiences of jump targets, whether a target or the node's own
 *   title is defined, and where, and the list of titles when a target is not: nodeIndexKey in
 *   core/workspace says what): kept while that is the same.
 * - `file`: the whole parsed file (and what the parser found in it); run over the file at every lint.
 * - `workspace`: the file and the workspace index (titles, jumps across files).
 * - `suppressions`: the suppression comments, once every other rule has reported; the engine
 *   reports these itself, and they cannot be suppressed.
 */
type Visits = 'line' | 'node' | 'file' | 'workspace' | 'suppressions';

/** A JSON Schema (the subset the config validator and the schema generator use). */
export interface JsonSchema {
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean;
  pattern?: string;
  enum?: unknown[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  examples?: unknown[];
}

/** One option of a rule: a JSON Schema whose description is given in each locale. */
interface OptionSchema extends Omit<JsonSchema, 'description'> {
  description: { zh: string; en: string };
}

/** A rule's options: an object of named options, nothing else. */
interface OptionsSchema {
  type: 'object';
  additionalProperties: false;
  properties: Record<string, OptionSchema>;
}

/** A rule's options as a plain JSON Schema, its descriptions in `locale`; undefined without options. */
export function optionsSchema(meta: Pick<RuleMeta, 'options'>, locale: Locale): JsonSchema | undefined {
  const o = meta.options;
  if (!o) return undefined;
  const properties: Record<string, JsonSchema> = {};
  for (const [name, p] of Object.entries(o.properties)) properties[name] = { ...p, description: pick(p.description, locale) };
  return { type: o.type, additionalProperties: o.additionalProperties, properties };
}

export interface RuleMeta {
  id: string;
  category: Category;
  defaultSeverity: Severity;
  description: { zh: string; en: string };
  /** Whether the rule's findings carry fixes (a test checks none carries one when false). */
  fixable: boolean;
  /** Where findings are anchored; used by docs and the scorer's matching. */
  scope: 'line' | 'node' | 'file';
  visits: Visits;
  /** (`line`/`node` rules) the node view reads the workspace index. */
  readsIndex?: boolean;
  /**
   * (`line`/`node` rules) audiences the rule applies to: the engine gives it only nodes with one of
   * them. Undefined: every node, with or without an audience.
   */
  audiences?: readonly Audience[];
  /** (`line`/`node` rules) only nodes whose whole stage is at most this many days past due. */
  maxStageDays?: number;
  /** (`line`/`node` rules) channels the rule applies to; a node without a channel is checked too. */
  channels?: readonly Channel[];
  /** Lexicons (rule id or `sets/…` name) the rule reads. */
  lexicons?: string[];
  /** Every message the rule reports, by message id, in each locale. */
  messages: Record<string, MessageTemplate>;
  /**
   * The rule's options (the object after the severity in the config): a JSON Schema whose every
   * option is described in each locale. `optionsSchema(meta, locale)` gives the plain JSON Schema
   * (the validator, the config schema of each locale, the rule pages and config problems read it).
   */
  options?: OptionsSchema;
  /** False for the engine's own findings about suppression comments. Default true. */
  suppressible?: boolean;
}

/** Is a rule's finding reusable per node (line/node rules)? */
export function isNodeLocal(meta: RuleMeta): boolean {
  return (meta.visits === 'line' || meta.visits === 'node') && !meta.readsIndex;
}
export function isIndexNode(meta: RuleMeta): boolean {
  return (meta.visits === 'line' || meta.visits === 'node') && !!meta.readsIndex;
}

/** A rule page's URL in a locale: docs/rules (Chinese), docs/zh-TW/rules (Traditional), docs/en/rules (English). */
export function docsUrl(id: string, locale: Locale = 'zh'): string {
  return locale === 'zh' ? `${DOCS_BASE}${id}.md` : `${DOCS_BASE.replace('/docs/rules/', locale === 'en' ? '/docs/en/rules/' : '/docs/zh-TW/rules/')}${id}.md`;
}

/**
 * What a rule asks of a line's lexicon hits: the matches of a lexicon (after negation and
 * exceptions; the array is shared, do not modify it), or whether there is one.
 */
export interface Hits {
  matches(lexicon: string): Match[];
  has(lexicon: string): boolean;
  /** Does the term that made `m` (a match of `lexicon`) declare itself negatable (docs/LEXICONS.md)? */
  negatable(lexicon: string, m: Match): boolean;
  /**
   * The matches of `lexicon` that `keep` accepts, leftmost-longest among those only: a match the rule
   * cancels its own way hides no shorter one it keeps (a new array).
   */
  matchesWhere(lexicon: string, keep: (m: Match) => boolean): Match[];
  /** Is the negation `n` inside `m` (a match of `lexicon`) the term's own word, judged on what the term matched? */
  ownNegation(lexicon: string, m: Match, n: Match): boolean;
}

/** A text line (speaker or option) with everything a language rule needs. */
export interface LineView {
  node: ScriptNode;
  line: BodyLine;
  /** Folded text of the line (same length as line.text; placeholders masked). */
  folded: string;
  hits: Hits;
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
  /** The locale findings are rendered in. */
  locale: Locale;
  /** Render one of the rule's messages in the locale (fix titles). */
  text(messageId: string, data?: MessageData): string;
  report(r: RuleReport): void;
}

/** What a rule reports: a message id of its `meta.messages` with its data; the engine renders it. */
export interface RuleReport {
  messageId: string;
  data?: MessageData;
  range: Range;
  fix?: Fix;
  /** Alternatives the writer may pick (quick fixes never applied by fix-all); see Report. */
  suggestions?: Fix[];
  /** Overrides the rule's default severity for this finding. */
  defaultSeverity?: Severity;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

