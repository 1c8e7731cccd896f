/**
 * The parse tree of a script (FORMAT.md): nodes, their headers and body lines, suppression comments
 * and the structure reports the parser finds, with exact ranges in 0-based lines and UTF-16 columns.
 */
import type { Range } from '../types';
import type { MessageData } from '../messages';
import type { Audience, Channel, DayRange, HeaderKey, PlaceholderCategory, Role, TimeWindow } from '../vocabulary';

export interface HeaderLine {
  key: string;
  canonical?: HeaderKey;
  value: string;
  line: number;
  keyRange: Range;
  valueRange: Range;
  /** The whole line's text range. */
  range: Range;
}

export interface Placeholder {
  /** The name as written (`金額`, `ａｍｏｕｎｔ`), trimmed. */
  name: string;
  /** The name of the table entry it is (`金额`, `amount`), or the folded name if it is unknown. */
  key: string;
  category?: PlaceholderCategory;
  /** Range including the braces. */
  range: Range;
}

export interface Command {
  name: string;
  arg: string;
  range: Range;
  argRange: Range;
}

export interface BodyLine {
  kind: 'speaker' | 'option' | 'command';
  line: number;
  indent: number;
  label?: string;
  labelRange?: Range;
  role: Role;
  /** The text spoken (comment removed, trimmed); for commands, the command text. */
  text: string;
  /** Column of `text` in the line. */
  textStart: number;
  placeholders: Placeholder[];
  command?: Command;
  /** The option lines whose branch this line is in, outermost first. */
  branch: BodyLine[];
}

export interface Prop<T> {
  raw: string;
  value: T | undefined;
  header: HeaderLine;
}

export interface NodeProps {
  stage?: Prop<DayRange>;
  audience?: Prop<Audience>;
  channel?: Prop<Channel>;
  time?: Prop<TimeWindow>;
  agents?: Prop<number>;
  speakers?: Prop<Map<string, Role>>;
  locale?: Prop<string>;
  tags?: Prop<string[]>;
}

export interface ScriptNode {
  title: string;
  titleLine: number;
  /** Range of the title text. */
  titleRange: Range;
  /** Range of the whole title line's text. */
  titleLineRange: Range;
  headers: HeaderLine[];
  headerEndLine?: number;
  endLine?: number;
  /** Last line that belongs to the node. */
  lastLine: number;
  body: BodyLine[];
  props: NodeProps;
}

/** `unknown`: a `// parley-disable…`/`parley-enable…` directive that is none of the four (e.g. `parley-disable-line`); it suppresses nothing. */
type SuppressionKind = 'next-line' | 'disable' | 'enable' | 'file' | 'unknown';
export interface Suppression {
  kind: SuppressionKind;
  /** Rule ids listed; empty means every rule. */
  rules: { id: string; range: Range }[];
  reason?: string;
  line: number;
  /** The whole comment; for an `unknown` directive, the directive word. */
  range: Range;
  /** The directive as written, for `unknown` ones. */
  directive?: string;
}

/**
 * A structure finding as the parser sees it: the rule id, the message id in that rule module's
 * `messages` and the data filling it (the words as the writer wrote them). The text is the rule's.
 */
export interface StructureReport {
  ruleId: string;
  messageId: string;
  data?: MessageData;
  range: Range;
  /** A replacement that is certainly what the writer meant (IME punctuation `——` → `---`). */
  fix?: Replacement;
  /** Replacements the message suggests (did-you-mean), offered but never applied by fix-all. */
  suggestions?: Replacement[];
}

/** One replacement the parser proposes: `newText` over `range`; the rule titles it (showing `label`, else `newText`). */
export interface Replacement {
  range: Range;
  newText: string;
  label?: string;
}

/**
 * A text made into one string only when read: an editor's open document keeps its lines, and
 * joining a 10,000-line document into one string on every keystroke (a large object for V8: a
 * fresh memory mapping, its pages faulted in) cost more than the keystroke's re-parse.
 */
export interface LazyText {
  readonly length: number;
  value(): string;
  /**
   * The text's lines (split at `\n`; no `\r` in the text), when the maker keeps them as flat
   * strings (lsp/document): `reparse` takes them as the edited script's lines instead of copying
   * the earlier ones and applying the edits to the copy. Never changed after it is handed out.
   */
  readonly lines?: readonly string[];
}

/** A text as a string, or made when read. */
export type TextSource = string | LazyText;

/** The string of a text source. */
export function textOf(t: TextSource): string {
  return typeof t === 'string' ? t : t.value();
}

export interface ParsedScript {
  uri: string;
  /** The text parsed (for a script `reparse` made from an editor's edits, joined from `lines` when first read). */
  text: string;
  lines: string[];
  fileHeader: HeaderLine[];
  nodes: ScriptNode[];
  suppressions: Suppression[];
  /** Structure reports found while parsing. */
  reports: StructureReport[];
}

export interface ParseOptions {
  /** Extra placeholders from the config, by name. */
  placeholders?: Record<string, PlaceholderCategory>;
}
