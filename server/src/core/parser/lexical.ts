/**
 * The syntax of one line, below any state: what a title, a header, a suppression comment, a label
 * look like; indentation width, comments, trimming; the split into lines.
 */
export const TITLE_RE = /^\s*(title|标题|標題)\s*[:\uFF1A]\s*(.*)$/i;
export const HEADER_RE = /^(\s*)([^\s:\uFF1A]+)\s*[:\uFF1A]\s*(.*)$/;
export const SUPPRESS_RE = /^(\s*\/\/\s*)parley-(disable-next-line|disable-file|disable|enable|(?:disable|enable)[\w-]+)(?![\w-])(.*)$/;
/** Lines meant as `---` / `===` that are not exactly that (checked after the exact forms). */
export const SEPARATOR_TYPO = /^[-—–－]{2,}$/;
export const END_TYPO = /^[=＝]{2,}$/;
export const LABEL_RE = /^([^\s:\uFF1A,\uFF0C。!\uFF01?\uFF1F、;\uFF1B()\uFF08\uFF09{}<>“”"'「」]{1,12})\s*([:\uFF1A])/;

/** 1 for the units LABEL_RE's label may not hold: \s and the rest of its character class. */
const NOT_LABEL = new Uint8Array(65536);
for (const c of ':\uFF1A,\uFF0C。!\uFF01?\uFF1F、;\uFF1B()\uFF08\uFF09{}<>“”"\'「」') NOT_LABEL[c.charCodeAt(0)] = 1;
// (\s: what isSpace reads)
for (const c of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]) NOT_LABEL[c] = 1;

/**
 * LABEL_RE on `s.slice(from, end)` without the slice or the match array (the parser asks it of
 * every body line): -1 when it does not match, else the end of the label (`from + m[1].length`);
 * the colon is then the first unit after the label that is not \s (see labelColon).
 */
export function labelAt(s: string, from: number, end: number): number {
  let i = from;
  while (i < end && i - from < 12 && NOT_LABEL[s.charCodeAt(i)] === 0) i++;
  if (i === from) return -1;
  // (a run of more than 12 label units: the expression cannot match, however it backtracks)
  if (i < end && NOT_LABEL[s.charCodeAt(i)] === 0) return -1;
  const colon = labelColon(s, i, end);
  return colon < end && (s.charCodeAt(colon) === 0x3a || s.charCodeAt(colon) === 0xff1a) ? i : -1;
}

/** The first unit at or after `i` (below `end`) that is not \s: after labelAt's label, its colon. */
export function labelColon(s: string, i: number, end: number): number {
  while (i < end && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** Nesting width of a line's indentation: a space 1, a tab 4, an ideographic space (U+3000, what a full-width IME types for a space) 2. */
export function indentWidth(s: string): number {
  let w = 0;
  for (const c of s) {
    if (c === ' ') w++;
    else if (c === '\t') w += 4;
    else if (c === '\u3000') w += 2;
    else break;
  }
  return w;
}

/** Index of a `//` comment outside `{...}`, or -1. (Char codes, not s[i]: no string per character.) */
export function commentStart(s: string, from: number): number {
  if (s.indexOf('//', from) < 0) return -1; // most lines: no comment at all, found natively
  let depth = 0;
  for (let i = from; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x7b) depth++;
    else if (c === 0x7d) depth = Math.max(0, depth - 1);
    else if (c === 0x2f && s.charCodeAt(i + 1) === 0x2f && depth === 0 && s.charCodeAt(i - 1) !== 0x3a) return i;
  }
  return -1;
}

/** Is this UTF-16 unit matched by the regular expression \s? */
export function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

export function trimEndIndex(s: string, end: number, start: number): number {
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  return end;
}

/**
 * The lines of a text, ended by \r\n, \n or \r. (A text without a carriage return, nearly every
 * one, is split at \n: the same lines, found at twice the speed of the pattern — 65 against 143 ms
 * on a 20 MB script.)
 */
export function splitLines(text: string): string[] {
  return text.indexOf('\r') < 0 ? text.split('\n') : text.split(/\r?\n|\r/);
}
