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
import { toDiagnostic, type DiagnosticData } from './diagnostics';

const encoder = new TextEncoder();
const utf8 = (s: string) => encoder.encode(s);

/** One diagnostic's JSON up to its version (`…,"data":{…,"version":`): the version and `}}` follow. */
interface Encoded {
  locale: Locale | undefined;
  body: Uint8Array;
}

const PREFIX = utf8('{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":');
const SUFFIX = utf8('}');

/** The parameters of one textDocument/publishDiagnostics, encoded: the whole JSON-RPC message's body. */
export class EncodedDiagnostics {
  constructor(
    readonly uri: string,
    readonly version: number | undefined,
    /** `{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{…}}` as UTF-8. */
    readonly message: Uint8Array,
  ) {}

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
}

export class DiagnosticsEncoder {
  private cache = new WeakMap<Finding, Encoded>();
  /** The last publish per URI with a version (an open document's). */
  private sent = new Map<string, Sent>();

  private encoded(f: Finding, locale: Locale | undefined, keep: boolean): Encoded {
    const known = this.cache.get(f);
    if (known && known.locale === locale) return known;
    // The diagnostic with `data` last and the version last in it, so that one piece per finding is
    // kept and the version is written after it (clients do not care about the order of keys).
    const { data, ...rest } = toDiagnostic(f, null, locale);
    const { version: _, ...kept } = data as DiagnosticData;
    const json = JSON.stringify({ ...rest, data: kept });
    const e = { locale, body: utf8(json.slice(0, -2) + ',"version":') };
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
    const middle: Encoded[] = new Array(n - same - sameEnd);
    // Two passes: the size, then one buffer written once (a publish is megabytes on a large script).
    let size = PREFIX.length + head.length + tail.length + SUFFIX.length + Math.max(0, n + others.length - 1) + n * pieceTail;
    for (let i = 0; i < middle.length; i++) size += (middle[i] = this.encoded(findings[same + i], locale, keep)).body.length;
    const old = prev && (same || sameEnd) ? prev : undefined;
    const blockStart = old && same ? old.starts[0] : 0;
    const blockEnd = old && same ? old.slots[same - 1] + pieceTail : 0;
    const endStart = old && sameEnd ? old.starts[old.findings.length - sameEnd] : 0;
    const endEnd = old && sameEnd ? old.slots[old.findings.length - 1] + pieceTail : 0;
    // (the blocks include the commas between their pieces)
    size += blockEnd - blockStart - (same ? same * pieceTail + (same - 1) : 0);
    size += endEnd - endStart - (sameEnd ? sameEnd * pieceTail + (sameEnd - 1) : 0);
    for (const b of others) size += b.length;
    const out = new Uint8Array(size);
    const starts = new Int32Array(n);
    const slots = new Int32Array(n);
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
      const b = middle[i].body;
      starts[same + i] = at;
      out.set(b, at);
      at += b.length;
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
    if (keep) this.sent.set(uri, { findings, locale, message: out, starts, slots });
    else if (version !== null) this.sent.delete(uri);
    return new EncodedDiagnostics(uri, version ?? undefined, out);
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
