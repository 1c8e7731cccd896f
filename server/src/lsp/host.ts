/**
 * What the language server needs from the machine it runs on: names for documents, configs,
 * workspace files, the suppressions baseline, rule pages. The server itself (server.ts) imports
 * nothing from Node; `node/server-host.ts` gives it the disk (dist/server.js), `browser-host.ts`
 * gives it nothing but the open documents (the web-worker server of vscode.dev, dist/web/server.js).
 */
import type { ConfigFiles } from '../core/config-resolver';
import type { Locale } from '../core/messages';
import type { LogText } from './log-text';
import type { Finding } from '../core/types';
import type { BackgroundThread } from './offload';

export type SuppressedMode = 'hint' | 'hide';

export interface ServerHost {
  /** The name the core sees for a document: a path for `file:` URIs (as the CLI), else the URI. */
  keyOf(uri: string): string;
  /** The URI of a name from `keyOf`. */
  uriOf(key: string): string;
  /** Whether a name is a path on this host's disk (only those have configs, neighbours and baselines). */
  isPath(key: string): boolean;
  dirname(key: string): string;
  basename(key: string): string;
  /** `to` relative to the folder `from` with `/` separators, or undefined when it lies outside. */
  relativeInside(from: string, to: string): string | undefined;
  /** Names of files at or under a folder name (for a folder deleted on disk). */
  isUnder(key: string, folder: string): boolean;
  /** The folder configs are looked up from when a document has no path. */
  cwd(): string;

  /** Config files as the shared resolver (core/config-resolver) reads them; with stamps, so that a changed file is read again. */
  readonly configFiles: ConfigFiles;
  /** A small text file (a config) for showing its problems; undefined when unreadable. */
  readText(file: string): string | undefined;
  configIgnores(globs: string[], configDir: string, file: string): boolean;

  /** The `.parley` files of a workspace folder, as `parley lint` would lint them there. */
  listScripts(folder: string): Promise<string[]>;
  exists(file: string): boolean;
  /** A script's text, or why it cannot be linted (unreadable, binary, not UTF-8, too large, special): the file and the reason in `locale`. */
  readScript(file: string, limit: number, locale?: Locale): { text: string } | { error: string };

  /**
   * Findings as the nearest parley-suppressions.json leaves them (`hint`: covered ones become hints,
   * their message prefixed in `locale`, the findings' language; `hide`: they go).
   */
  underBaseline(key: string, findings: Finding[], mode: SuppressedMode, log: (m: LogText) => void, locale?: Locale): Finding[];
  /** Forget cached baselines (the file changed). */
  baselinesChanged(): void;

  /** A rule's page (Markdown) in a locale, or undefined when the pages are not installed. */
  ruleDoc(id: string, locale?: Locale): string | undefined;
  /**
   * A thread that reads, parses and lints closed files (offload.ts), when the platform has threads
   * (Node); without one the server does that work on its own thread, in slices.
   */
  backgroundThread?(): BackgroundThread | undefined;
  /** The version of the server (package.json). */
  readonly version: string;
}

/** UTF-8 length of a string without Buffer (the size limit is in bytes, as on disk). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
