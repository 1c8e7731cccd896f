import type { Severity } from '../../core/types';
import type { MessageData } from '../../core/messages';

/** The CLI's result for one file: the shape of the `json` format. */
export interface FileResult {
  filePath: string;
  messages: Message[];
  /** Fixed source, when --fix applied something (not printed by the json format). */
  output?: string;
  /** `--stats`: times and findings of this file (printed by the json format). */
  stats?: import('../stats').FileStats;
}

export interface Message {
  ruleId: string | null;
  severity: Severity;
  /** The message in the chosen locale (--locale, PARLEY_LOCALE, the config's "locale"; default zh). */
  message: string;
  /** The id of the message in the rule's declared messages, and the values filling it (to render it in another locale). */
  messageId?: string;
  data?: MessageData;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fix?: { range: [number, number]; text: string };
  /**
   * Edits offered, never applied (by `--fix` or fix-all): a did-you-mean, a safe wording for a red
   * line. The shape of ESLint's JSON `suggestions`: what the editor's quick fix says, and its edit.
   */
  suggestions?: { desc: string; fix: { range: [number, number]; text: string } }[];
  /** Set for files that could not be read or linted at all. */
  fatal?: boolean;
}

interface FormatContext {
  cwd: string;
  version: string;
  /** Folder of the rule pages (docs/rules), when shipped. */
  docs?: string;
  /** The locale of the messages (SARIF names it and adds the other locale's text). */
  locale?: import('../../core/messages').Locale;
}

export type Formatter = (results: FileResult[], ctx: FormatContext) => string;
