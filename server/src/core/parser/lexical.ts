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
