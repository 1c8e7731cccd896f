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

export class DiagnosticsEncoder {
  private cache = new WeakMap<Finding, Encoded>();

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

  /**
   * The publishDiagnostics parameters of these findings (`version` null: a closed file's); `extra`
   * are diagnostics that are not findings (the server's own, such as "file too large").
   */
  encode(uri: string, version: number | null, findings: readonly Finding[], locale: Locale | undefined, extra: readonly Diagnostic[] = []): EncodedDiagnostics {
    // Each finding: its piece, then `<version>}}` (ASCII), a comma between.
    const close = utf8(`${version === null ? 'null' : version}}}`);
    const head = utf8(`{"uri":${JSON.stringify(uri)},${version === null ? '' : `"version":${version},`}"diagnostics":[`);
    const tail = utf8(']}');
    const others = extra.map((d) => utf8(JSON.stringify(d)));
    // Two passes: the size, then one buffer written once (a publish is megabytes on a large script).
    const encoded: Encoded[] = new Array(findings.length);
    let size = PREFIX.length + head.length + tail.length + SUFFIX.length + Math.max(0, findings.length + others.length - 1) + findings.length * close.length;
    // (A closed file's findings are published once per lint and never given again: not kept.)
    const keep = version !== null;
    for (let i = 0; i < findings.length; i++) size += (encoded[i] = this.encoded(findings[i], locale, keep)).body.length;
    for (const b of others) size += b.length;
    const out = new Uint8Array(size);
    out.set(PREFIX, 0);
    let at = PREFIX.length;
    out.set(head, at);
    at += head.length;
    for (let i = 0; i < encoded.length; i++) {
      if (i > 0) out[at++] = 0x2c; // ,
      const b = encoded[i].body;
      out.set(b, at);
      at += b.length;
      for (let k = 0; k < close.length; k++) out[at++] = close[k];
    }
    for (let i = 0; i < others.length; i++) {
      if (i > 0 || encoded.length > 0) out[at++] = 0x2c;
      out.set(others[i], at);
      at += others[i].length;
    }
    out.set(tail, at);
    at += tail.length;
    out.set(SUFFIX, at);
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
