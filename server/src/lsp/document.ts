/**
 * The server's open documents: a `TextDocument` (vscode-languageserver-textdocument's interface,
 * same positions, offsets and text) that keeps a text without carriage returns as its lines and
 * applies an editor's changes to them, making the whole text one string only when something reads
 * it (`getText()`, or `source.value()`).
 *
 * vscode-languageserver-textdocument keeps one string and, on every change, concatenates and
 * flattens it: for a 10,000-line document a new string of over a megabyte, which V8 places in its
 * large-object space (a fresh memory mapping whose pages are then faulted in, unmapped again at
 * the next scavenge). That was a quarter of a keystroke's CPU, more than its re-parse; the re-parse
 * needs only the lines (core/parser reparse with a `LazyText`).
 *
 * A text with a carriage return anywhere is kept as vscode-languageserver-textdocument keeps it
 * (its `\r\n` and lone `\r` line breaks are its to count).
 */
import { TextDocument, type Position, type Range, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { LazyText } from '../core/parser';
import { detach } from '../core/text';

/** `a` before `b`. */
function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

export class LinesDocument implements TextDocument {
  /** The text's lines (split at `\n`; no `\r` in any) — undefined while `full` holds the text. */
  private lines: string[] | undefined;
  /** The text as one string, once made (or when it has carriage returns, in `full`). */
  private joined: string | undefined;
  private size: number;
  /** Offset of each line's start, once asked for. */
  private starts: number[] | undefined;
  private full: TextDocument | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private _version: number,
    text: string,
  ) {
    this.size = text.length;
    this.reset(text);
  }

  static create(uri: string, languageId: string, version: number, content: string): LinesDocument {
    return new LinesDocument(uri, languageId, version, content);
  }

  /** Apply an editor's changes (in order, each in the text the ones before it left), as TextDocument.update does. */
  static update(doc: LinesDocument, changes: TextDocumentContentChangeEvent[], version: number): LinesDocument {
    doc.apply(changes, version);
    return doc;
  }

  get version(): number {
    return this._version;
  }

  get lineCount(): number {
    return this.full ? this.full.lineCount : this.lines!.length;
  }

  /** The text, made into one string only when read (an immutable snapshot: later changes do not alter it). */
  get source(): LazyText | string {
    if (this.full) return this.full.getText();
    if (this.joined !== undefined) return this.joined;
    const lines = this.lines!;
    const length = this.size;
    return {
      length,
      value: () => {
        if (this.lines === lines) return this.getText();
        return lines.join('\n');
      },
      // (the re-parse takes them as the script's lines: apply never changes an array it made)
      lines,
    };
  }

  getText(range?: Range): string {
    if (this.full) return this.full.getText(range);
    if (!range) return (this.joined ??= this.lines!.join('\n'));
    let start = this.offsetAt(range.start);
    let end = this.offsetAt(range.end);
    if (this.joined !== undefined) return this.joined.substring(start, end);
    // (as substring: the smaller offset first)
    if (start > end) [start, end] = [end, start];
    if (start === end) return '';
    const a = this.positionAt(start);
    const b = this.positionAt(end);
    const lines = this.lines!;
    if (a.line === b.line) return lines[a.line].slice(a.character, b.character);
    const parts = [lines[a.line].slice(a.character)];
    for (let i = a.line + 1; i < b.line; i++) parts.push(lines[i]);
    parts.push(lines[b.line].slice(0, b.character));
    return parts.join('\n');
  }

  getLineRange(line: number): Range {
    if (this.full) return this.full.getLineRange(line);
    const lines = this.lines!;
    if (line >= lines.length) {
      const last = lines.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: lines[last].length } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { start: { line, character: 0 }, end: { line, character: lines[line].length } };
  }

  getEOLCharacters(line: number): string {
    if (this.full) return this.full.getEOLCharacters(line);
    return line >= 0 && line < this.lines!.length - 1 ? '\n' : '';
  }

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const lines = this.lines!;
    const starts = new Array<number>(lines.length);
    let at = 0;
    for (let i = 0; i < lines.length; i++) {
      starts[i] = at;
      at += lines[i].length + 1;
    }
    return (this.starts = starts);
  }

  offsetAt(position: Position): number {
    if (this.full) return this.full.offsetAt(position);
    const lines = this.lines!;
    if (position.line >= lines.length) return this.size;
    if (position.line < 0) return 0;
    const start = this.lineStarts()[position.line];
    if (position.character <= 0) return start;
    return start + Math.min(position.character, lines[position.line].length);
  }

  positionAt(offset: number): Position {
    if (this.full) return this.full.positionAt(offset);
    offset = Math.max(Math.min(offset, this.size), 0);
    const starts = this.lineStarts();
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid] > offset) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    return { line, character: offset - starts[line] };
  }

  private reset(text: string): void {
    this.starts = undefined;
    this.size = text.length;
    if (text.includes('\r')) {
      this.full = TextDocument.create(this.uri, this.languageId, this._version, text);
      this.lines = undefined;
      this.joined = undefined;
    } else {
      this.full = undefined;
      this.lines = text.split('\n');
      this.joined = text;
    }
  }

  /** A position as offsetAt reads it: line and character inside the text. */
  private clamp(p: Position): { line: number; character: number } {
    const lines = this.lines!;
    if (p.line >= lines.length) return { line: lines.length - 1, character: lines[lines.length - 1].length };
    if (p.line < 0 || p.character <= 0) return { line: Math.max(p.line, 0), character: 0 };
    return { line: p.line, character: Math.min(p.character, lines[p.line].length) };
  }

  private apply(changes: TextDocumentContentChangeEvent[], version: number): void {
    for (let k = 0; k < changes.length; k++) {
      const c = changes[k];
      if (this.full) {
        // (positions moved inside the text first: TextDocument's line table goes wrong on a position beyond it)
        const full = this.full;
        const r = 'range' in c && c.range ? { start: full.positionAt(full.offsetAt(c.range.start)), end: full.positionAt(full.offsetAt(c.range.end)) } : undefined;
        TextDocument.update(full, [r ? { range: r, text: c.text } : c], version);
        const text = full.getText();
        this.size = text.length;
        if (!text.includes('\r')) this.reset(text);
        continue;
      }
      if (!('range' in c) || !c.range) {
        if (typeof c.text !== 'string') throw new Error('Unknown change event received');
        this.reset(c.text);
        continue;
      }
      if (c.text.includes('\r')) {
        this.full = TextDocument.create(this.uri, this.languageId, this._version, this.getText());
        this.lines = undefined;
        this.joined = undefined;
        k--;
        continue;
      }
      let { start, end } = c.range;
      if (before(end, start)) [start, end] = [end, start];
      const a = this.clamp(start);
      const b = this.clamp(end);
      const lines = this.lines!;
      let removed = b.character - a.character;
      for (let i = a.line; i < b.line; i++) removed += lines[i].length + 1;
      // (flat copies: the lines are the re-parsed script's, kept by its parse tree; a piece of the
      // concatenation would keep the whole of it)
      const pieces = (lines[a.line].slice(0, a.character) + c.text + lines[b.line].slice(b.character)).split('\n').map(detach);
      // A new array (a LazyText handed out earlier keeps the old one), made by one copy.
      let next: string[];
      if (pieces.length === b.line - a.line + 1) {
        next = lines.slice();
        for (let i = 0; i < pieces.length; i++) next[a.line + i] = pieces[i];
      } else next = lines.slice(0, a.line).concat(pieces, lines.slice(b.line + 1));
      this.lines = next;
      this.size += c.text.length - removed;
      this.joined = undefined;
      this.starts = undefined;
    }
    this._version = version;
  }
}
