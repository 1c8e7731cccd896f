#!/usr/bin/env node
// Editor latency: drives the bundled language server (dist/server.js --stdio) as an editor would,
// with one 10,000-line document and 500 single-character edits spread over it, and measures the
// time from each didChange to the publishDiagnostics of that version (matched by version).
//
//   node bench/lsp-latency.mjs [--lines 10000] [--edits 500] [--json FILE]
//
// Also reported: the same latency for a one-line document (the server's fixed cost per change:
// JSON-RPC and its typing delay, whatever it is), the server's RSS before and after the edits
// (read from /proc/<pid>/status), and the in-process cost of parse + lint of the whole document.
// Target: p95 ≤ 20 ms, memory flat.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate } from './generate.mjs';
import { BENCH, ROOT, loadCore } from './lib/core.mjs';

const argv = process.argv.slice(2);
const opt = (n, d) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : d);
const LINES = Number(opt('--lines', 10_000));
const EDITS = Number(opt('--edits', 500));
const SERVER = path.join(ROOT, 'dist', 'server.js');
if (!fs.existsSync(SERVER)) {
  process.stderr.write('dist/server.js not found: build first (node scripts/build.mjs); the language server is in server/src/lsp.\n');
  process.exit(2);
}

// ------------------------------------------------------------------ the document
const corpus = path.join(BENCH, 'corpus');
generate({ out: corpus, seed: 20240601, files: 2200, minLines: 1_000_000, force: false });
const sources = [];
const walk = (d) => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.parley')) sources.push(p);
  }
};
walk(path.join(corpus, 'team-03'));
sources.sort();
let lines = [];
for (const f of sources) {
  lines.push(...fs.readFileSync(f, 'utf8').replace(/\r\n/g, '\n').split('\n'));
  if (lines.length >= LINES) break;
}
lines = lines.slice(0, LINES);
const text = lines.join('\n');

// Edit sites: agent lines spread evenly over the document; an edit inserts one character.
const agent = [];
lines.forEach((l, i) => {
  if (/^\s*(坐席|催收员|客服|专员|外访员)[::]/.test(l) && l.length > 8) agent.push(i);
});
const sites = Array.from({ length: EDITS }, (_, k) => agent[Math.floor((k * agent.length) / EDITS)]);

// ------------------------------------------------------------------ a JSON-RPC client over stdio
function startServer(rootDir) {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: rootDir, stdio: ['pipe', 'pipe', 'pipe'] });
  let buf = Buffer.alloc(0);
  let nextId = 1;
  const pending = new Map();
  const waiters = [];
  const notes = [];
  child.stderr.on('data', () => undefined);
  const send = (msg) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  };
  child.stdout.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const sep = buf.indexOf('\r\n\r\n');
      if (sep < 0) return;
      const m = /Content-Length: (\d+)/i.exec(buf.subarray(0, sep).toString('ascii'));
      const len = Number(m[1]);
      if (buf.length < sep + 4 + len) return;
      const msg = JSON.parse(buf.subarray(sep + 4, sep + 4 + len).toString('utf8'));
      buf = buf.subarray(sep + 4 + len);
      const at = performance.now();
      if (msg.id !== undefined && msg.method === undefined) {
        pending.get(msg.id)?.(msg);
        pending.delete(msg.id);
      } else if (msg.id !== undefined) {
        // Requests from the server: configuration, registrations, progress.
        const result = msg.method === 'workspace/configuration' ? (msg.params?.items ?? []).map(() => ({})) : null;
        send({ id: msg.id, result });
      } else {
        notes.push({ msg, at });
        for (let i = waiters.length - 1; i >= 0; i--) {
          if (waiters[i].pred(msg)) {
            waiters[i].resolve({ msg, at });
            waiters.splice(i, 1);
          }
        }
      }
    }
  });
  return {
    child,
    request: (method, params) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        send({ id, method, params });
      }),
    notify: (method, params) => send({ method, params }),
    waitFor: (pred, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('timed out waiting for the server')), timeoutMs);
        waiters.push({ pred, resolve: (v) => (clearTimeout(t), resolve(v)) });
      }),
  };
}

const rss = (pid) => {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function session(docText, editLines, label) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-lsp-bench-'));
  const server = startServer(root);
  await server.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'bench' }],
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true }, synchronization: { didSave: true } }, workspace: { configuration: true } },
  });
  server.notify('initialized', {});
  const uri = pathToFileURL(path.join(root, 'bench.parley')).href;
  const isFor = (v) => (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === v;
  const opened = server.waitFor(isFor(1), 120_000);
  const tOpen = performance.now();
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'parley', version: 1, text: docText } });
  const first = await opened;
  const openMs = first.at - tOpen;
  const diagCount = first.msg.params.diagnostics.length;
  // Warm-up edits (JIT), not counted.
  const docLines = docText.split('\n');
  let version = 1;
  const edit = async (line) => {
    version++;
    const col = Math.min(docLines[line].length, 6 + (version % 5));
    const got = server.waitFor(isFor(version));
    const t0 = performance.now();
    server.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line, character: col }, end: { line, character: col } }, text: version % 2 ? '你' : '的' }] });
    const { at } = await got;
    return at - t0;
  };
  for (let i = 0; i < 20; i++) await edit(editLines[i % editLines.length]);
  const rssBefore = rss(server.child.pid);
  const lat = [];
  for (const l of editLines) lat.push(await edit(l));
  const rssAfter = rss(server.child.pid);
  await server.request('shutdown', null);
  server.notify('exit', null);
  server.child.kill();
  fs.rmSync(root, { recursive: true, force: true });
  const r = { label, lines: docLines.length, edits: lat.length, openMs, diagnostics: diagCount, p50: pct(lat, 50), p95: pct(lat, 95), p99: pct(lat, 99), max: Math.max(...lat), mean: lat.reduce((a, b) => a + b, 0) / lat.length, rssBeforeMb: rssBefore, rssAfterMb: rssAfter };
  process.stderr.write(`${label}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, RSS ${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MB\n`);
  return r;
}

// ------------------------------------------------------------------ run
const baseline = await session('title: 开场\naudience: debtor\nstage: M1\n---\n坐席: 您好,我是{company}的{agent_name}。\n===\n', Array.from({ length: 100 }, () => 4), 'one-line document');
const big = await session(text, sites, `${LINES}-line document`);

// The work itself, in process: parse and lint the whole document (what a full re-lint costs).
const core = await loadCore();
core.lintText('x');
const work = [];
for (let i = 0; i < 15; i++) {
  const t0 = performance.now();
  const s = core.parse(text, 'bench.parley');
  const t1 = performance.now();
  core.lintScript(s, core.indexWorkspace([s]), core.DEFAULT_CONFIG);
  work.push({ parse: t1 - t0, lint: performance.now() - t1 });
}
const med = (k) => pct(work.slice(5).map((w) => w[k]), 50);

const ok = big.p95 <= 20;
const flat = big.rssAfterMb - big.rssBeforeMb <= Math.max(20, big.rssBeforeMb * 0.1);
const report = [
  `| document | edits | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | open → first diagnostics (ms) | server RSS before → after (MB) |`,
  `|---|---:|---:|---:|---:|---:|---:|---|`,
  ...[baseline, big].map((r) => `| ${r.label} (${r.diagnostics} diagnostics) | ${r.edits} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.openMs.toFixed(0)} | ${r.rssBeforeMb.toFixed(0)} → ${r.rssAfterMb.toFixed(0)} |`),
].join('\n');
process.stdout.write(`\n${report}\n\nIn process, the whole ${LINES}-line document: parse ${med('parse').toFixed(1)} ms + lint ${med('lint').toFixed(1)} ms (median).\n`);
process.stdout.write(`Latency above the one-line document (the server's fixed cost per change): p95 ${(big.p95 - baseline.p50).toFixed(1)} ms.\n`);
process.stdout.write(`${ok ? 'PASS' : 'FAIL'} p95 ≤ 20 ms (${big.p95.toFixed(1)} ms); ${flat ? 'PASS' : 'FAIL'} memory flat (${(big.rssAfterMb - big.rssBeforeMb).toFixed(0)} MB over ${big.edits} edits)\n`);
const out = opt('--json');
if (out) fs.writeFileSync(out, JSON.stringify({ baseline, big, inProcess: { parseMs: med('parse'), lintMs: med('lint') } }, null, 1));
