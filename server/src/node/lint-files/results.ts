/**
 * A file's result as the CLI reads it: findings turned into messages, messages kept as JSON text
 * (from the cache or a worker thread) and parsed only when read, their counts, and the fatal
 * result of a file that could not be linted.
 */
import type { FileResult, Message } from '../../cli/formatters/types';
import { lineStarts, offsetAt } from '../../core/fix';
import type { Locale, MessageData } from '../../core/messages';
import type { Finding } from '../../core/types';
import type { Counts } from '../cache';
import { markSoleView, wholeBuffer } from '../discard';
import type { FileProblemId, ReadError } from '../read';

export function toMessages(findings: Finding[], text: string): Message[] {
  let starts: number[] | undefined;
  // (the line starts only as far as an edit reaches: a large file's findings stop at the file's
  // ceiling, often in its first tenth)
  const lineStartsOf = () => {
    let last = 0;
    for (const f of findings) {
      for (const e of f.fix?.edits ?? []) last = Math.max(last, e.range.start.line, e.range.end.line);
      for (const x of f.suggestions ?? []) for (const e of x.edits) last = Math.max(last, e.range.start.line, e.range.end.line);
    }
    return lineStarts(text, last);
  };
  return findings.map((f) => {
    const m: Message = {
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      messageId: f.messageId,
      ...(f.data ? { data: f.data } : {}),
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
    };
    if (f.fix && f.fix.edits.length === 1) {
      const e = f.fix.edits[0];
      starts ??= lineStartsOf();
      m.fix = { range: [offsetAt(starts, text, e.range.start), offsetAt(starts, text, e.range.end)], text: e.newText };
    }
    if (f.suggestions?.length) {
      const offered = f.suggestions.filter((x) => x.edits.length === 1);
      if (offered.length) {
        const st = (starts ??= lineStartsOf());
        m.suggestions = offered.map((x) => ({ desc: x.title, fix: { range: [offsetAt(st, text, x.edits[0].range.start), offsetAt(st, text, x.edits[0].range.end)], text: x.edits[0].newText } }));
      }
    }
    return m;
  });
}

// Results read from the cache keep their messages as the JSON text the json format prints, and
// parse it only when something reads `messages`; the counts the exit code needs come along.
const rawMessages = new WeakMap<FileResult, string | Uint8Array>();
const knownCounts = new WeakMap<FileResult, Counts>();

export function cachedResult(filePath: string, entry: { messages: Uint8Array; counts: Counts }): FileResult {
  let parsed: Message[] | undefined;
  const r = { filePath } as FileResult;
  Object.defineProperty(r, 'messages', {
    enumerable: true,
    configurable: true,
    get: () => (parsed ??= JSON.parse(Buffer.from(entry.messages.buffer, entry.messages.byteOffset, entry.messages.byteLength).toString('utf8')) as Message[]),
    set: (v: Message[]) => {
      parsed = v;
      rawMessages.delete(r);
      knownCounts.delete(r);
    },
  });
  rawMessages.set(r, entry.messages);
  knownCounts.set(r, entry.counts);
  return r;
}

/** The messages of a result as JSON text: exactly JSON.stringify(result.messages). */
export function messagesJson(r: FileResult): string {
  let raw = rawMessages.get(r);
  if (raw === undefined) rawMessages.set(r, (raw = JSON.stringify(r.messages)));
  return typeof raw === 'string' ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
}

/** The same as UTF-8 bytes (what the cache stores and a byte stream prints without decoding). */
export function messagesBytes(r: FileResult): Uint8Array {
  let raw = rawMessages.get(r);
  if (raw === undefined) rawMessages.set(r, (raw = JSON.stringify(r.messages)));
  return typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
}

/** Errors, warnings and all messages of a result (without parsing cached messages). */
export function countsOf(r: FileResult): Counts & { fatal: boolean } {
  const known = knownCounts.get(r);
  if (known) return { ...known, fatal: false };
  const c = { error: 0, warning: 0, total: r.messages.length, fatal: false };
  for (const m of r.messages) {
    if (m.severity === 'error') c.error++;
    else if (m.severity === 'warning') c.warning++;
    if (m.fatal) c.fatal = true;
  }
  return c;
}

/** A file that could not be linted: its file-level id (`file-…`) and message in the config's locale. */
export interface FileFailure {
  ruleId: FileProblemId | null;
  message: string;
  messageId?: string;
  data?: MessageData;
}

export function failure(e: ReadError, locale: Locale): FileFailure {
  return { ruleId: e.id, message: e.text(locale), messageId: e.messageId, ...(e.data ? { data: e.data } : {}) };
}

/** A file-level problem: one fatal message, with the problem's id (`file-unreadable`, `file-special`…) when it has one. */
export function fatal(filePath: string, f: FileFailure): FileResult {
  const { ruleId, message, ...id } = f;
  return { filePath, messages: [{ ruleId, severity: 'error', message, ...id, line: 1, column: 1, endLine: 1, endColumn: 1, fatal: true }] };
}

export interface CompactLinted {
  filePath: string;
  json: Uint8Array;
  counts: Counts;
  fatal: boolean;
  written: boolean;
}

const encoder = new TextEncoder();

export function compactLinted(l: Linted): CompactLinted {
  const { fatal: hasFatal, ...counts } = countsOf(l.result);
  void hasFatal;
  // (messages made compact before, in step 2: their bytes as they are, in a buffer of their own)
  const raw = rawMessages.get(l.result);
  const json = raw instanceof Uint8Array && wholeBuffer(raw) ? raw : encoder.encode(JSON.stringify(l.result.messages));
  return { filePath: l.result.filePath, json, counts, fatal: l.fatal, written: l.written };
}

/** Results whose message bytes came from a worker thread: nothing else holds those bytes. */
const fromWorker = new WeakSet<FileResult>();

/**
 * The buffer of a result's message bytes when nothing but the result holds it (bytes a worker
 * thread sent, never parsed), so that once they are written it may be discarded.
 */
export function ownedBytes(r: FileResult): ArrayBuffer | undefined {
  const raw = fromWorker.has(r) ? rawMessages.get(r) : undefined;
  return raw instanceof Uint8Array ? wholeBuffer(raw) : undefined;
}

/** A result from its compact form; `transferred`: its bytes came from a worker thread (see ownedBytes). */
export function expandLinted(c: CompactLinted, transferred = false): Linted {
  if (c.fatal) {
    // Rare: the fatal message must be visible to the exit code, so parse now.
    const messages = JSON.parse(Buffer.from(c.json.buffer, c.json.byteOffset, c.json.byteLength).toString('utf8')) as Message[];
    return { result: { filePath: c.filePath, messages }, fatal: true, written: c.written };
  }
  const result = cachedResult(c.filePath, { messages: c.json, counts: c.counts });
  if (transferred) {
    fromWorker.add(result);
    markSoleView(c.json); // (the worker transferred the buffer whole: see compactLinted)
  }
  return { result, fatal: false, written: c.written };
}

/** What a streamed result leaves behind in the run (its messages are gone). */
export const HANDED_OVER: FileResult = Object.freeze({ filePath: '', messages: [] as Message[] });

export interface Linted {
  result: FileResult;
  /** The file could not be read, or a fix could not be written (read-only, changed meanwhile…). */
  fatal: boolean;
  /** The file was rewritten by --fix. */
  written: boolean;
}
