// The language server's work for one keystroke, in process (bench/keystroke.mjs): the document's
// text updated as the server's TextDocuments does (lsp/document), Workspace.upsert (re-parse, outline), the IncrementalLinter
// and the diagnostics encoder, as server.ts calls them, without JSON-RPC.
import { LinesDocument } from '../../server/src/lsp/document';
import { Workspace } from '../../server/src/lsp/workspace';
import { DiagnosticsEncoder } from '../../server/src/lsp/publish';
import { IncrementalLinter, lintScript, lexiconBank } from '../../server/src/core/engine';
import { parse } from '../../server/src/core/parser';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { indexWorkspace } from '../../server/src/core/workspace';

export { parse, lintScript, indexWorkspace, DEFAULT_CONFIG };

export function session(key: string, text: string) {
  const uri = 'file://' + key;
  const doc = LinesDocument.create(uri, 'parley', 1, text);
  const ws = new Workspace();
  const linter = new IncrementalLinter();
  const encoder = new DiagnosticsEncoder();
  const config = DEFAULT_CONFIG;
  lexiconBank(config);
  const parseOptions = { placeholders: config.placeholders };
  const t = { update: 0, upsert: 0, lint: 0, encode: 0 };
  const c = { update: 0, upsert: 0, lint: 0, encode: 0 };
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let bytes = 0;
  let diagnostics = 0;
  const step = (changes: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[] | undefined) => {
    const c0 = cpu();
    const t0 = performance.now();
    const from = doc.version;
    if (changes) LinesDocument.update(doc, changes, doc.version + 1);
    const body = doc.source;
    const t1 = performance.now();
    const c1 = cpu();
    ws.upsert({ key, uri, open: true, version: doc.version, text: body, parseOptions }, true, changes && { from, changes });
    const t2 = performance.now();
    const c2 = cpu();
    const entry = ws.get(key)!;
    const findings = linter.lint(entry.script!, ws.index(), config);
    const t3 = performance.now();
    const c3 = cpu();
    const msg = encoder.encode(uri, doc.version, findings, undefined);
    msg.written();
    const t4 = performance.now();
    const c4 = cpu();
    c.update += c1 - c0;
    c.upsert += c2 - c1;
    c.lint += c3 - c2;
    c.encode += c4 - c3;
    t.update += t1 - t0;
    t.upsert += t2 - t1;
    t.lint += t3 - t2;
    t.encode += t4 - t3;
    bytes = msg.message.length;
    diagnostics = findings.length;
    return findings;
  };
  step(undefined);
  return { encoder, step, times: t, cpu: c, doc, linter, info: () => ({ bytes, diagnostics }), reset: () => (Object.assign(t, { update: 0, upsert: 0, lint: 0, encode: 0 }), Object.assign(c, { update: 0, upsert: 0, lint: 0, encode: 0 })) };
}
