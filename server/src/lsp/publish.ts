/**
 * Publishing diagnostics at the cost of what changed. A 10,000-line script has thousands of
 * findings, and LSP sends all of a document's diagnostics on every change: serialising them all
 * again on each keystroke (1.7 MB of JSON) cost more than linting the edit. Each finding's
 * diagnostic is encoded once, as UTF-8 bytes split around its document version, and kept while
 * the linter gives the same finding object again (it does for every node the edit left alone);
 * a publish then concatenates the pieces.
 *
 * `EncodedDiagnostics` is what the server hands to `sendDiagnostics` when the connection's
 * writer knows it (the stdio writer of main.ts writes its bytes as they are); for any other
 * writer `toJSON` gives the plain parameters, so it is correct everywhere. Pure: TextEncoder
 * only (Node and browsers have it).
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { Locale } from '../core/messages';
import type { Finding } from '../core/types';
import { findingOrigin } from '../core/engine';
import { toDiagnostic, type DiagnosticData } from './diagnostics';

const encoder = new TextEncoder();
const utf8 = (s: string) => encoder.encode(s);

/** One diagnostic's JSON up to its version (`…,"data":{…,"version":`): the version and `}}` follow. */
interface Encoded {
  locale: Locale | undefined;
  body: Uint8Array;
  /**
   * Where the line numbers are in `body` (made on first use): offset of each one's first digit,
   * its digit count and its value, three numbers per line number. `"line":` occurs in a
   * diagnostic's JSON only as the key of a position (inside a JSON string its quotes are escaped).
   */
  lines?: Int32Array;
}

/** A finding moved by whole lines (engine's findingOrigin): the encoding of the finding it repeats, and how far it moved. */
interface Moved {
  from: Encoded;
  delta: number;
}

const LINE_KEY = utf8('"line":');

/**
 * JSON written straight into UTF-8 bytes: the bytes `TextEncoder.encode(JSON.stringify(v))` gives,
 * without the JSON string and a new buffer per value in between. A fresh node's findings are
 * encoded at every keystroke (they are new objects), and that chain allocated about 2.4 KB per
 * finding: 240 KB per keystroke on a line with 100 findings, so a scavenge every few keystrokes.
 * One scratch buffer, grown when needed and reused; the caller copies out what it keeps.
 */
class JsonBytes {
  buf = new Uint8Array(4096);
  at = 0;

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.at + n));
    b.set(this.buf.subarray(0, this.at));
    this.buf = b;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }

  byte(c: number): void {
    this.room(1);
    this.buf[this.at++] = c;
  }

  /** A string's characters as UTF-8, escaped as JSON.stringify escapes them when `quote`, else as they are. */
  text(s: string, quote: boolean): void {
    // (at most 6 bytes per UTF-16 unit: \uXXXX; a pair is 4 bytes for 2 units)
    this.room(s.length * 6 + 2);
    const b = this.buf;
    let at = this.at;
    if (quote) b[at++] = 0x22;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (quote && (c < 0x20 || c === 0x22 || c === 0x5c)) {
          b[at++] = 0x5c;
          const e = c === 0x22 ? 0x22 : c === 0x5c ? 0x5c : c === 8 ? 0x62 : c === 9 ? 0x74 : c === 10 ? 0x6e : c === 12 ? 0x66 : c === 13 ? 0x72 : 0;
          if (e) b[at++] = e;
          else at = unicodeEscape(b, at, c);
        } else b[at++] = c;
      } else if (c < 0x800) {
        b[at++] = 0xc0 | (c >> 6);
        b[at++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          b[at++] = 0xf0 | (cp >> 18);
          b[at++] = 0x80 | ((cp >> 12) & 0x3f);
          b[at++] = 0x80 | ((cp >> 6) & 0x3f);
          b[at++] = 0x80 | (cp & 0x3f);
          i++;
        } else if (quote) {
          // A lone surrogate: JSON.stringify escapes it (well-formed JSON.stringify).
          b[at++] = 0x5c;
          at = unicodeEscape(b, at, c);
        } else {
          // (as TextEncoder: U+FFFD)
          b[at++] = 0xef;
          b[at++] = 0xbf;
          b[at++] = 0xbd;
        }
      } else {
        b[at++] = 0xe0 | (c >> 12);
        b[at++] = 0x80 | ((c >> 6) & 0x3f);
        b[at++] = 0x80 | (c & 0x3f);
      }
    }
    if (quote) b[at++] = 0x22;
    this.at = at;
  }

  number(n: number): void {
    if (Number.isInteger(n) && n >= 0 && n <= 0x7fffffff && !Object.is(n, -0)) {
      const len = digits(n);
      this.room(len);
      for (let k = len - 1, x = n; k >= 0; k--, x = (x / 10) | 0) this.buf[this.at + k] = 0x30 + (x % 10);
      this.at += len;
    } else this.text(Number.isFinite(n) ? String(n) : 'null', false);
  }

  /** `v` as JSON.stringify writes it; false (nothing written) where it writes nothing (undefined, a function, a symbol). */
  value(v: unknown, key: string): boolean {
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(k: string): unknown }).toJSON(key);
    switch (typeof v) {
      case 'string':
        this.text(v, true);
        return true;
      case 'number':
        this.number(v);
        return true;
      case 'boolean':
        this.text(v ? 'true' : 'false', false);
        return true;
      case 'object':
        if (v === null) this.text('null', false);
        else if (Array.isArray(v)) {
          this.byte(0x5b);
          for (let i = 0; i < v.length; i++) {
            if (i > 0) this.byte(0x2c);
            if (!this.value(v[i], String(i))) this.text('null', false);
          }
          this.byte(0x5d);
        } else if (v instanceof Number || v instanceof String || v instanceof Boolean) this.text(JSON.stringify(v), false);
        else {
          this.byte(0x7b);
          this.members(v as Record<string, unknown>, undefined, true);
          this.byte(0x7d);
        }
        return true;
      default:
        // (undefined, a function, a symbol; a bigint throws as in JSON.stringify)
        if (typeof v === 'bigint') JSON.stringify(v);
        return false;
    }
  }

  /** An object's members as JSON.stringify writes them between its braces, `skip` left out; returns whether any was written. */
  members(o: Record<string, unknown>, skip: string | undefined, first: boolean): boolean {
    // (for-in over own properties: the keys of Object.keys in the same order, without a new array per object)
    for (const k in o) {
      if (k === skip || !Object.prototype.hasOwnProperty.call(o, k)) continue;
      const v = o[k];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      const mark = this.at;
      if (!first) this.byte(0x2c);
      this.text(k, true);
      this.byte(0x3a);
      if (this.value(v, k)) first = false;
      else this.at = mark; // (a toJSON that gave undefined: the member is left out)
    }
    return !first;
  }
}

/** `\\u` is written; the four lowercase hex digits of `c` follow (as JSON.stringify writes them). */
function unicodeEscape(b: Uint8Array, at: number, c: number): number {
  b[at++] = 0x75;
  for (let k = 12; k >= 0; k -= 4) {
    const h = (c >> k) & 0xf;
    b[at++] = h < 10 ? 0x30 + h : 0x57 + h;
  }
  return at;
}

/** The line numbers of an encoded diagnostic (see Encoded.lines). */
function linesOf(e: Encoded): Int32Array {
  if (e.lines) return e.lines;
  const b = e.body;
  const found: number[] = [];
  const k = LINE_KEY;
  outer: for (let i = 0; i + k.length < b.length; i++) {
    if (b[i] !== 0x22) continue;
    for (let j = 1; j < k.length; j++) if (b[i + j] !== k[j]) continue outer;
    let p = i + k.length;
    const start = p;
    let v = 0;
    while (p < b.length && b[p] >= 0x30 && b[p] <= 0x39) v = v * 10 + (b[p++] - 0x30);
    if (p > start) found.push(start, p - start, v);
    i = p - 1;
  }
  return (e.lines = Int32Array.from(found));
}

function digits(v: number): number {
  let n = 1;
  while (v >= 10) {
    v = (v / 10) | 0;
    n++;
  }
  return n;
}

/** The size of a moved finding's piece (its body with the moved line numbers). */
function movedSize(m: Moved): number {
  const l = linesOf(m.from);
  let size = m.from.body.length;
  for (let i = 0; i < l.length; i += 3) size += digits(l[i + 2] + m.delta) - l[i + 1];
  return size;
}

/** Write a moved finding's piece at `at`; returns the offset after it. */
function writeMoved(m: Moved, out: Uint8Array, at: number): number {
  const b = m.from.body;
  const l = linesOf(m.from);
  // Line numbers as wide as before (most): the body copied whole, the numbers written over theirs.
  // (Copied in pieces, each piece a subarray: half a megabyte of views per newline typed above
  // 1,500 findings.)
  let wide = true;
  for (let i = 0; i < l.length && wide; i += 3) wide = digits(l[i + 2] + m.delta) === l[i + 1];
  if (wide) {
    out.set(b, at);
    for (let i = 0; i < l.length; i += 3) {
      const n = l[i + 1];
      for (let k = n - 1, x = l[i + 2] + m.delta, p = at + l[i]; k >= 0; k--, x = (x / 10) | 0) out[p + k] = 0x30 + (x % 10);
    }
    return at + b.length;
  }
  let from = 0;
  for (let i = 0; i < l.length; i += 3) {
    out.set(b.subarray(from, l[i]), at);
    at += l[i] - from;
    const v = l[i + 2] + m.delta;
    const n = digits(v);
    for (let k = n - 1, x = v; k >= 0; k--, x = (x / 10) | 0) out[at + k] = 0x30 + (x % 10);
    at += n;
    from = l[i] + l[i + 1];
  }
  out.set(b.subarray(from), at);
  return at + b.length - from;
}

const PREFIX = utf8('{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":');
const SUFFIX = utf8('}');

/**
 * A buffer an open document's messages are written into, again and again: a publish of a large
 * script is megabytes, and a new buffer for each keystroke made the garbage collector run full
 * collections of the whole heap every few keystrokes (tens of milliseconds each).
 */
interface Slab {
  buf: Uint8Array;
  starts: Int32Array;
  slots: Int32Array;
  /** Messages in this buffer handed to a writer and not yet written (see EncodedDiagnostics.written). */
  writing: number;
}

/** The parameters of one textDocument/publishDiagnostics, encoded: the whole JSON-RPC message's body. */
export class EncodedDiagnostics {
  constructor(
    readonly uri: string,
    readonly version: number | undefined,
    /** `{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{…}}` as UTF-8. */
    readonly message: Uint8Array,
    private slab?: Slab,
  ) {
    if (slab) slab.writing++;
  }

  /**
   * The writer is done with `message` (its bytes are written): its buffer may take a later
   * publish. Never called (another writer, a test): the buffer is never written again.
   */
  written(): void {
    if (this.slab) this.slab.writing--;
    this.slab = undefined;
  }

  /** The plain parameters (for a writer that serialises messages itself, and for traces). */
  toJSON(): PublishDiagnosticsParams {
    return (JSON.parse(new TextDecoder().decode(this.message)) as { params: PublishDiagnosticsParams }).params;
  }
}

/**
 * Width of the version slot after each diagnostic's piece: the version, then spaces up to this many
 * bytes (JSON allows the blanks), so that the pieces of one publish can be copied into the next
 * as they are, only their versions written again. A longer version takes the slower path.
 */
const SLOT = 10;
const SPACE = 0x20;
const CLOSE = utf8('}}');

/** What the last publish of an open document sent: its findings, and where each one's piece was. */
interface Sent {
  findings: readonly Finding[];
  locale: Locale | undefined;
  message: Uint8Array;
  /** Offset of each finding's piece in `message`, and of its version slot. */
  starts: Int32Array;
  slots: Int32Array;
  /** The buffer `message`, `starts` and `slots` are in. */
  slab: Slab;
  /** The document's buffers (this one among them), reused once written (at most POOL). */
  pool: Slab[];
}

const POOL = 3;

/** A buffer of the pool for a message of `size` bytes and `n` findings: one not being written and not `busy`, else a new one. */
function slabFor(pool: Slab[], busy: Slab | undefined, size: number, n: number): Slab {
  for (let i = 0; i < pool.length; i++) {
    const s = pool[i];
    if (s === busy || s.writing > 0) continue;
    if (s.buf.length < size || s.starts.length < n) {
      // (grown by a quarter, so that a document that grows does not allocate at each keystroke)
      pool[i] = { buf: new Uint8Array(size + (size >> 2)), starts: new Int32Array(n + (n >> 2)), slots: new Int32Array(n + (n >> 2)), writing: 0 };
    }
    return pool[i];
  }
  const s: Slab = { buf: new Uint8Array(size + (size >> 2)), starts: new Int32Array(n + (n >> 2)), slots: new Int32Array(n + (n >> 2)), writing: 0 };
  if (pool.length < POOL) pool.push(s);
  return s;
}

const DATA_KEY = utf8('"data":{');
const DATA_KEY_AFTER = utf8(',"data":{');
const VERSION_KEY = utf8('"version":');
const VERSION_KEY_AFTER = utf8(',"version":');

export class DiagnosticsEncoder {
  private cache = new WeakMap<Finding, Encoded>();
  private json = new JsonBytes();
  /** The last publish per URI with a version (an open document's). */
  private sent = new Map<string, Sent>();

  private encoded(f: Finding, locale: Locale | undefined, keep: boolean): Encoded {
    const known = this.cache.get(f);
    if (known && known.locale === locale) return known;
    // The diagnostic with `data` last and the version last in it, so that one piece per finding is
    // kept and the version is written after it (clients do not care about the order of keys):
    // `{…,"data":{…,"version":`, written as bytes (JsonBytes) and copied out once.
    const d = toDiagnostic(f, null, locale);
    const w = this.json;
    w.at = 0;
    w.byte(0x7b);
    const some = w.members(d as unknown as Record<string, unknown>, 'data', true);
    w.bytes(some ? DATA_KEY_AFTER : DATA_KEY);
    w.bytes(w.members(d.data as DiagnosticData as unknown as Record<string, unknown>, 'version', true) ? VERSION_KEY_AFTER : VERSION_KEY);
    const e = { locale, body: w.buf.slice(0, w.at) };
    if (keep) this.cache.set(f, e);
    return e;
  }

  /** Forget what was sent for a URI (its document closed). */
  forget(uri: string): void {
    this.sent.delete(uri);
  }

  /**
   * The publishDiagnostics parameters of these findings (`version` null: a closed file's); `extra`
   * are diagnostics that are not findings (the server's own, such as "file too large").
   *
   * For an open document, the findings the last publish of the same URI sent at the same places at
   * the start and at the end of the list (the same objects: the linter gives them again for nodes
   * an edit left alone) are copied from that message in two blocks, their versions written again;
   * only the findings between are encoded piece by piece.
   */
  encode(uri: string, version: number | null, findings: readonly Finding[], locale: Locale | undefined, extra: readonly Diagnostic[] = []): EncodedDiagnostics {
    const v = utf8(version === null ? 'null' : String(version));
    if (v.length > SLOT) this.sent.delete(uri);
    const head = utf8(`{"uri":${JSON.stringify(uri)},${version === null ? '' : `"version":${version},`}"diagnostics":[`);
    const tail = utf8(']}');
    const others = extra.map((d) => utf8(JSON.stringify(d)));
    // (A closed file's findings are published once per lint and never given again: not kept.)
    const keep = version !== null && v.length <= SLOT;
    const prev = keep ? this.sent.get(uri) : undefined;
    const n = findings.length;
    // The runs of findings sent last time at the same places from the start and from the end.
    let same = 0;
    let sameEnd = 0;
    if (prev && prev.locale === locale) {
      const old = prev.findings;
      const m = old.length;
      while (same < n && same < m && findings[same] === old[same]) same++;
      while (sameEnd < n - same && sameEnd < m - same && findings[n - 1 - sameEnd] === old[m - 1 - sameEnd]) sameEnd++;
    }
    // (a version longer than the slot: a wider slot, this once, and nothing kept)
    const slot = Math.max(SLOT, v.length);
    const pieceTail = slot + CLOSE.length;
    const middle: (Encoded | Moved)[] = new Array(n - same - sameEnd);
    // Two passes: the size, then one buffer written once (a publish is megabytes on a large script).
    let size = PREFIX.length + head.length + tail.length + SUFFIX.length + Math.max(0, n + others.length - 1) + n * pieceTail;
    for (let i = 0; i < middle.length; i++) {
      const f = findings[same + i];
      // A finding that repeats one moved by whole lines (a newline typed above it): the encoding of
      // the one it repeats with its line numbers moved, nothing kept for this one.
      const o = this.cache.has(f) ? undefined : findingOrigin(f);
      if (o && o.root.ruleId === f.ruleId && o.delta + o.root.range.start.line === f.range.start.line) {
        const m: Moved = { from: this.encoded(o.root, locale, true), delta: o.delta };
        middle[i] = m;
        size += movedSize(m);
      } else size += (middle[i] = this.encoded(f, locale, keep)).body.length;
    }
    const old = prev && (same || sameEnd) ? prev : undefined;
    const blockStart = old && same ? old.starts[0] : 0;
    const blockEnd = old && same ? old.slots[same - 1] + pieceTail : 0;
    const endStart = old && sameEnd ? old.starts[old.findings.length - sameEnd] : 0;
    const endEnd = old && sameEnd ? old.slots[old.findings.length - 1] + pieceTail : 0;
    // (the blocks include the commas between their pieces)
    size += blockEnd - blockStart - (same ? same * pieceTail + (same - 1) : 0);
    size += endEnd - endStart - (sameEnd ? sameEnd * pieceTail + (sameEnd - 1) : 0);
    for (const b of others) size += b.length;
    // An open document's message goes into a buffer of its own pool (every byte of it is written
    // below); a closed file's, published once, into a new one.
    const pool = keep ? (this.sent.get(uri)?.pool ?? []) : undefined;
    const slab = pool ? slabFor(pool, this.sent.get(uri)?.slab, size, n) : undefined;
    const out = slab ? slab.buf.subarray(0, size) : new Uint8Array(size);
    const starts = slab ? slab.starts : new Int32Array(n);
    const slots = slab ? slab.slots : new Int32Array(n);
    out.set(PREFIX, 0);
    let at = PREFIX.length;
    out.set(head, at);
    at += head.length;
    if (old && same) {
      const shift = at - blockStart;
      out.set(old.message.subarray(blockStart, blockEnd), at);
      for (let i = 0; i < same; i++) {
        starts[i] = old.starts[i] + shift;
        slots[i] = old.slots[i] + shift;
      }
      at += blockEnd - blockStart;
    }
    for (let i = 0; i < middle.length; i++) {
      if (same + i > 0) out[at++] = 0x2c; // ,
      const piece = middle[i];
      starts[same + i] = at;
      if ('body' in piece) {
        out.set(piece.body, at);
        at += piece.body.length;
      } else at = writeMoved(piece, out, at);
      slots[same + i] = at;
      at += slot;
      out.set(CLOSE, at);
      at += CLOSE.length;
    }
    if (old && sameEnd) {
      if (n - sameEnd > 0) out[at++] = 0x2c;
      const shift = at - endStart;
      out.set(old.message.subarray(endStart, endEnd), at);
      const base = old.findings.length - sameEnd;
      for (let i = 0; i < sameEnd; i++) {
        starts[n - sameEnd + i] = old.starts[base + i] + shift;
        slots[n - sameEnd + i] = old.slots[base + i] + shift;
      }
      at += endEnd - endStart;
    }
    // Every piece's version, padded to the slot.
    for (let i = 0; i < n; i++) {
      let p = slots[i];
      for (let k = 0; k < v.length; k++) out[p++] = v[k];
      for (let k = v.length; k < slot; k++) out[p++] = SPACE;
    }
    for (let i = 0; i < others.length; i++) {
      if (i > 0 || n > 0) out[at++] = 0x2c;
      out.set(others[i], at);
      at += others[i].length;
    }
    out.set(tail, at);
    at += tail.length;
    out.set(SUFFIX, at);
    if (keep) this.sent.set(uri, { findings, locale, message: out, starts, slots, slab: slab!, pool: pool! });
    else if (version !== null) this.sent.delete(uri);
    return new EncodedDiagnostics(uri, version ?? undefined, out, slab);
  }
}

/**
 * The JSON-RPC body of a notification whose parameters are encoded already, or undefined for any
 * other message (the writer serialises those as usual).
 */
export function encodedMessage(msg: unknown): Uint8Array | undefined {
  const m = msg as { method?: unknown; params?: unknown; id?: unknown };
  if (m.method !== 'textDocument/publishDiagnostics' || !(m.params instanceof EncodedDiagnostics) || m.id !== undefined) return undefined;
  return m.params.message;
}
