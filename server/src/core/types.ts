/** Core types shared by the parser, the rules, the engine and the adapters. Pure: no I/O. */
import type { MessageData } from './messages';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

/** 0-based line, UTF-16 column: the LSP convention. */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface TextEdit {
  range: Range;
  newText: string;
}
export interface Fix {
  /** Human-readable label for the quick fix. */
  title: string;
  edits: TextEdit[];
}

/** A finding before severities and suppressions are applied. */
export interface Report {
  ruleId: string;
  /** The message id in the rule's `meta.messages`, and the data filling it. */
  messageId: string;
  data?: MessageData;
  /** The message rendered in the configured locale. */
  message: string;
  range: Range;
  fix?: Fix;
  /**
   * Edits a writer may choose (did-you-mean: `{amout}` → `{amount}`), offered as quick fixes but
   * never applied by fix-all or `--fix`: a guess is not a certainty.
   */
  suggestions?: Fix[];
  /** Overrides the rule's default severity for this finding (used when the catalogue varies it). */
  defaultSeverity?: Severity;
}

export interface Finding extends Report {
  severity: Severity;
  /** Set when the file is not the one the finding belongs to (cross-file rules). */
  uri: string;
}

function range(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

export function lineRange(line: number, start: number, end: number): Range {
  return range(line, start, line, end);
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}
