/**
 * Text from file names and scripts is shown to terminals: control characters (C0, DEL, C1, and the
 * line and paragraph separators) are printed as escapes (`\x1b`, `\n`, `\u2028`), never raw — a
 * file name cannot move the cursor, recolour the screen or forge a line of output.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function escapeControl(s: string): string {
  return s.replace(CONTROL, (c) => NAMED[c] ?? (c.charCodeAt(0) < 0x100 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${c.charCodeAt(0).toString(16)}`));
}

/** A path for a terminal line. */
export const displayPath = escapeControl;

/**
 * A relative path as an RFC 3986 URI reference: each segment percent-encoded (UTF-8) except the
 * unreserved characters and the sub-delimiters, ':' and '@' that a path segment may hold.
 */
export function uriPath(rel: string): string {
  return rel
    .split('/')
    .map((seg, i) => {
      const enc = encodeURIComponent(seg); // leaves only unreserved characters and !'()* (sub-delimiters) as they are
      // A first segment with ':' would read as a scheme: encode it there.
      return i === 0 ? enc : enc.replace(/%3A/g, ':').replace(/%40/g, '@');
    })
    .join('/');
}

/** An absolute path as a file: URI (RFC 8089 / 3986), percent-encoded the same way. */
export function fileUri(abs: string): string {
  const posix = abs.split(/[\\/]/).join('/');
  const withRoot = /^[A-Za-z]:/.test(posix) ? '/' + posix.slice(0, 2) + uriPath(posix.slice(2)) : uriPath(posix);
  return 'file://' + (withRoot.startsWith('/') ? '' : '/') + withRoot;
}
