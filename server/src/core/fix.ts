/** Applying fixes: pure text edits, shared by the CLI's --fix and the editor's code actions. */
import type { Finding, Position, TextEdit } from './types';

/**
 * Offsets of each line start, treating \r\n, \n and \r as line ends (as the parser does). With
 * `upTo`, only those of lines 0..upTo+1 (what offsetAt needs for positions on lines up to `upTo`).
 */
export function lineStarts(text: string, upTo = Infinity): number[] {
  const starts = [0];
  const limit = upTo + 2;
  if (text.indexOf('\r') < 0) {
    // (found natively: most texts have no carriage return)
    for (let i = text.indexOf('\n'); i >= 0 && starts.length < limit; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length && starts.length < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) starts.push(i + 1);
  }
  return starts;
}

export function offsetAt(starts: number[], text: string, p: Position): number {
  if (p.line >= starts.length) return text.length;
  const lineStart = starts[p.line];
  const next = p.line + 1 < starts.length ? starts[p.line + 1] : text.length;
  return Math.min(lineStart + p.character, next);
}

interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

function toOffsetEdit(text: string, edit: TextEdit, starts = lineStarts(text)): OffsetEdit {
  return { start: offsetAt(starts, text, edit.range.start), end: offsetAt(starts, text, edit.range.end), text: edit.newText };
}

/**
 * Apply the fixes of `findings` to `text`. Fixes whose edits overlap an earlier-applied fix are
 * skipped (a later pass may apply them). Returns the new text and the findings whose fix was applied.
 */
export function applyFixes(text: string, findings: Finding[]): { text: string; applied: Finding[] } {
  const starts = lineStarts(text);
  const candidates = findings
    .filter((f) => f.fix && f.fix.edits.length)
    .map((f) => ({ f, edits: f.fix!.edits.map((e) => toOffsetEdit(text, e, starts)).sort((a, b) => a.start - b.start) }))
    .sort((a, b) => a.edits[0].start - b.edits[0].start);
  const chosen: OffsetEdit[] = [];
  const applied: Finding[] = [];
  let lastEnd = -1;
  for (const c of candidates) {
    if (c.edits[0].start < lastEnd) continue;
    let ok = true;
    for (let i = 1; i < c.edits.length; i++) if (c.edits[i].start < c.edits[i - 1].end) ok = false;
    if (!ok) continue;
    chosen.push(...c.edits);
    lastEnd = c.edits[c.edits.length - 1].end;
    applied.push(c.f);
  }
  let out = '';
  let pos = 0;
  for (const e of chosen) {
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  out += text.slice(pos);
  return { text: out, applied };
}
