#!/usr/bin/env node
// Editor latency: drives the bundled language server (dist/server.js --stdio) as an editor would,
// with one 10,000-line document and 500 single-character edits spread over it, and measures the
// time from each didChange to the publishDiagnostics of that version (matched by version).
//
//   node bench/lsp-latency.mjs [--lines 10000] [--edits 500] [--corpus DIR] [--example FILE] [--json FILE]
//                              [--quick] [--workspace [--rows 1,3] [--burst 10:400] [--repeat 3] [--no-wait] [--type-at 3000]] [--cpu-prof DIR]
//
// --workspace --rows 1,3 --repeat 3 is issue 10's measure: the same keystrokes in an empty folder and while
// the 2,000-file workspace is indexed and linted in the background, in alternating rounds, each round's
// p50 and p95 side by side with their ratio, the medians of the rounds, and PASS when the median ratios are ≤ 1.10.
// Every row starts typing 3 s after initialize (--type-at; before, the empty folder typed from ~0.6 s, during
// its server's own start-up, and the workspace from ~2.5 s, after the scan's wait).
// The JSON (--json) has every keystroke's send time and latency (`series`, ms after initialize; `monoInitUs`
// places them on a CPU profile's clock).
//
// The document is the first 10,000 lines of the shared reference corpus (../shared/bench/gen-corpus.py,
// default bench/.work/ref-corpus). Also measured: start-up, from the `initialize` request (and from
// spawning the process) to the first publishDiagnostics of an opened example (median of 5).
//
// Also reported: the same latency for a one-line document (the server's fixed cost per change:
// JSON-RPC and its typing delay, whatever it is), the server's RSS before and after the edits
// (read from /proc/<pid>/status), and the in-process cost of parse + lint of the whole document.
// Target (issue 8): p95 ≤ 10 ms with and without typed newlines, memory flat (the server's RSS once idle after the edits at most 10 MB above
// its RSS before them; sampled every 50 edits too, to show the rise and fall while typing).
// Arrival times are taken when a message's last byte is in, before the client parses it.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { ROOT, WORK, loadCore } from './lib/core.mjs';

const argv = process.argv.slice(2);
const opt = (n, d) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : d);
const LINES = Number(opt('--lines', 10_000));
const EDITS = Number(opt('--edits', 500));
const SERVER = process.env.PARLEY_BENCH_SERVER ?? path.join(ROOT, 'dist', 'server.js');
if (!fs.existsSync(SERVER)) {
  process.stderr.write('dist/server.js not found: build first (node scripts/build.mjs); the language server is in server/src/lsp.\n');
  process.exit(2);
}

// ------------------------------------------------------------------ the document
const corpus = path.resolve(opt('--corpus', path.join(WORK, 'ref-corpus')));
const EXAMPLE = path.resolve(opt('--example', path.join(ROOT, '..', 'shared', 'examples', 'm1-first-call.parley')));
if (!fs.existsSync(path.join(corpus, '.corpus.json'))) {
  const r = spawnSync('python3', [path.join(ROOT, '..', 'shared', 'bench', 'gen-corpus.py'), corpus], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(2);
}
const sources = fs.readdirSync(corpus).filter((f) => f.endsWith('.parley')).sort().map((f) => path.join(corpus, f));
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
// --cpu-prof DIR: each server writes a V8 CPU profile there (open it in Chrome DevTools).
// PARLEY_BENCH_NODE_ARGS: extra node flags for every server, space-separated (e.g. a --require preload
// that records GC events or a sampling heap profile, or a V8 flag for an A/B).
const CPU_PROF = opt('--cpu-prof', undefined);
function startServer(rootDir, settings = {}) {
  const nodeArgs = [...(CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(CPU_PROF)] : []), ...(process.env.PARLEY_BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, SERVER, '--stdio'], { cwd: rootDir, stdio: ['pipe', 'pipe', 'pipe'] });
  let nextId = 1;
  const pending = new Map();
  const waiters = [];
  // The server's last parley/status: background work (the scan, closed files' lints) under way.
  let indexing = false;
  child.stderr.on('data', () => undefined);
  const send = (msg) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  };
  // The time a message arrived is taken when its last byte is in, before it is parsed: what the
  // client then does with it (JSON.parse of a 1 MB diagnostics list) is the client's cost.
  let chunks = [];
  let have = 0;
  child.stdout.on('data', (chunk) => {
    chunks.push(chunk);
    have += chunk.length;
    for (;;) {
      let head = chunks[0];
      if (!head) return;
      let sep = head.indexOf('\r\n\r\n');
      if (sep < 0 && chunks.length > 1) {
        chunks = [(head = Buffer.concat(chunks, have))];
        sep = head.indexOf('\r\n\r\n');
      }
      if (sep < 0) return;
      const m = /Content-Length: (\d+)/i.exec(head.subarray(0, sep).toString('ascii'));
      const len = Number(m[1]);
      if (have < sep + 4 + len) return; // (the chunks are joined once, when all are in)
      const at = performance.now();
      if (chunks.length > 1) chunks = [(head = Buffer.concat(chunks, have))];
      const msg = JSON.parse(head.subarray(sep + 4, sep + 4 + len).toString('utf8'));
      const rest = head.subarray(sep + 4 + len);
      chunks = rest.length ? [rest] : [];
      have = rest.length;
      if (msg.id !== undefined && msg.method === undefined) {
        pending.get(msg.id)?.(msg);
        pending.delete(msg.id);
      } else if (msg.id !== undefined) {
        // Requests from the server: configuration, registrations, progress.
        const result = msg.method === 'workspace/configuration' ? (msg.params?.items ?? []).map(() => settings) : null;
        send({ id: msg.id, result });
      } else {
        if (msg.method === 'parley/status') indexing = !!msg.params?.indexing;
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
    get indexing() {
      return indexing;
    },
    waitFor: (pred, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('timed out waiting for the server')), timeoutMs);
        waiters.push({ pred, resolve: (v) => (clearTimeout(t), resolve(v)) });
      }),
  };
}

/** CPU time (user + system, ms) the process has used so far: a measure the machine's load does not inflate as it does wall time. */
const TICK_MS = 1000 / (Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100);
const cpuMs = (pid, thread = false) => {
  try {
    // (thread: the main thread's only, /proc/<pid>/task/<pid>: without the server's background thread)
    const f = fs.readFileSync(thread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS; // utime, stime (fields 14 and 15)
  } catch {
    return NaN;
  }
};
/** After `exit`: the server ends by itself (and writes its CPU profile); killed if it has not within 5 s. */
const stopped = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const t = setTimeout(() => child.kill(), 5000);
    child.once('exit', () => (clearTimeout(t), resolve()));
    child.stdin.end();
  });
const rss = (pid) => {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/**
 * opts (the --workspace runs): `root` a folder to open instead of an empty temp one (kept),
 * `settings` the parley settings the server pulls, `gapMs` a pause between edits (typing speed),
 * `settle: false` to skip the 30 s idle wait.
 */
async function session(docText, editLines, label, newlineEvery = 0, opts = {}) {
  const root = opts.root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'parley-lsp-bench-'));
  const server = startServer(root, opts.settings);
  const tInit = performance.now();
  // (The monotonic clock in µs, as CPU profiles' timestamps: to place the series on a profile.)
  const monoInitUs = Number(process.hrtime.bigint() / 1000n);
  await server.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'bench' }],
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true }, synchronization: { didSave: true } }, workspace: { configuration: true } },
    initializationOptions: { status: true },
  });
  server.notify('initialized', {});
  // Background linting of the workspace's closed files ends with parley/status { indexing: false }.
  // (After the scan's log line: an edit's own re-lints of a few closed files end earlier.)
  const indexed =
    opts.settings?.scope === 'workspace'
      ? server
          .waitFor((m) => m.method === 'window/logMessage' && /^(Indexed |已索引 )/.test(m.params.message), 600_000)
          .then(() => server.waitFor((m) => m.method === 'parley/status' && m.params.indexing === false, 600_000))
          .then(({ at }) => at - tInit, () => NaN)
      : Promise.resolve(undefined);
  // The server's peak RSS over the whole session (sampled every 250 ms, the background work included).
  let rssPeak = 0;
  const peakTimer = setInterval(() => {
    try {
      rssPeak = Math.max(rssPeak, rss(server.child.pid));
    } catch {
      /* gone */
    }
  }, 250);
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
  // Per measured edit: whether the server's background work was under way when it was sent.
  const during = [];
  // Per measured edit: when it was sent (ms after initialize).
  const sentAt = [];
  const change = async (range, newText) => {
    version++;
    const got = server.waitFor(isFor(version));
    const t0 = performance.now();
    const busy = server.indexing;
    server.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: newText }] });
    const { at } = await got;
    during.push(busy);
    sentAt.push(t0 - tInit);
    return at - t0;
  };
  let count = 0;
  const edit = async (line) => {
    const col = Math.min(docLines[line].length, 6 + (version % 5));
    const at = { line, character: col };
    count++;
    if (newlineEvery && count % newlineEvery === 0) {
      // Enter, then Backspace: two single-character edits that move every line below and back.
      const a = await change({ start: at, end: at }, '\n');
      const b = await change({ start: at, end: { line: line + 1, character: 0 } }, '');
      return [a, b];
    }
    return [await change({ start: at, end: at }, version % 2 ? '你' : '的')];
  };
  // opts.typeAt: the first (warm-up) keystroke no earlier than this long after initialize, so that
  // rows compared with each other type at the same moment of the server's life (an empty folder's
  // server would otherwise type during its own start-up, a workspace's only after the scan's wait).
  const typeWait = (opts.typeAt ?? 0) - (performance.now() - tInit);
  if (typeWait > 0) await new Promise((r) => setTimeout(r, typeWait));
  for (let i = 0; i < 20; i++) await edit(editLines[i % editLines.length]);
  count = 0;
  during.length = 0;
  sentAt.length = 0;
  const rssBefore = rss(server.child.pid);
  const cpuBefore = cpuMs(server.child.pid);
  const mainBefore = cpuMs(server.child.pid, true);
  const lat = [];
  // RSS every 50 edits: flat means no growth once the heap has settled, not that V8 never grows.
  const rssSeries = [rssBefore];
  for (const l of editLines) {
    lat.push(...(await edit(l)));
    if (opts.gapMs) await new Promise((r) => setTimeout(r, opts.gapMs));
    if (opts.burst && lat.length % opts.burst.edits === 0) await new Promise((r) => setTimeout(r, opts.burst.pauseMs));
    if (lat.length >= 50 * rssSeries.length) rssSeries.push(rss(server.child.pid));
  }
  const rssAfter = rss(server.child.pid);
  const cpuPerEdit = (cpuMs(server.child.pid) - cpuBefore) / lat.length;
  const mainCpuPerEdit = (cpuMs(server.child.pid, true) - mainBefore) / lat.length;
  const rssMid = rssSeries[Math.floor((rssSeries.length - 1) / 2)];
  // Then idle, as an editor between bursts of typing: V8's memory reducer collects what the edits
  // left behind. What remains is what the server keeps (a leak would stay).
  let rssSettled = rssAfter;
  const typedMs = performance.now() - tInit;
  for (let waited = 0; opts.settle !== false && waited < 30_000; waited += 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    rssSettled = rss(server.child.pid);
  }
  // (opts.wait false: the background work is not waited for; the server stops in the middle of it.)
  const indexMs = opts.wait === false ? undefined : await indexed;
  clearInterval(peakTimer);
  await server.request('shutdown', null);
  server.notify('exit', null);
  await stopped(server.child);
  if (!opts.root) fs.rmSync(root, { recursive: true, force: true });
  // The edits sent while the background work was under way (parley/status indexing: true), apart.
  const busyLat = lat.filter((_, i) => during[i]);
  const r = { label, typedMs, duringBackground: { edits: busyLat.length, p50: busyLat.length ? pct(busyLat, 50) : NaN, p95: busyLat.length ? pct(busyLat, 95) : NaN }, indexMs, lines: docLines.length, edits: lat.length, openMs, diagnostics: diagCount, p50: pct(lat, 50), p95: pct(lat, 95), p99: pct(lat, 99), max: Math.max(...lat), cpuPerEdit, mainCpuPerEdit, load: os.loadavg()[0], mean: lat.reduce((a, b) => a + b, 0) / lat.length, rssBeforeMb: rssBefore, rssAfterMb: rssAfter, rssMidMb: rssMid, rssSettledMb: rssSettled, rssPeakMb: rssPeak, rssSeriesMb: rssSeries.map((x) => Math.round(x)), monoInitUs, series: lat.map((ms, i) => [Math.round(sentAt[i]), +ms.toFixed(2), during[i] ? 1 : 0]) };
  const bg = r.duringBackground.edits ? ` (${r.duringBackground.edits} edits during background work: p95 ${r.duringBackground.p95.toFixed(1)} ms)` : '';
  process.stderr.write(`${label}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms${bg}, server CPU ${cpuPerEdit.toFixed(1)} ms per edit (main thread ${mainCpuPerEdit.toFixed(1)}), load ${r.load.toFixed(1)}, RSS ${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MB\n`);
  return r;
}

/** Start-up: spawn the server, initialize, open the example; time to its first publishDiagnostics. */
async function startup(example) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-lsp-start-'));
  fs.copyFileSync(example, path.join(root, 'example.parley'));
  const uri = pathToFileURL(path.join(root, 'example.parley')).href;
  const tSpawn = performance.now();
  const server = startServer(root);
  const got = server.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri, 60_000);
  const tInit = performance.now();
  await server.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'start' }],
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true }, synchronization: { didSave: true } }, workspace: { configuration: true } },
  });
  server.notify('initialized', {});
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'parley', version: 1, text: fs.readFileSync(example, 'utf8') } });
  const { at } = await got;
  await server.request('shutdown', null);
  server.notify('exit', null);
  await stopped(server.child);
  fs.rmSync(root, { recursive: true, force: true });
  return { initToDiagnosticsMs: at - tInit, spawnToDiagnosticsMs: at - tSpawn };
}

// ------------------------------------------------------------------ run
const ONE_LINE = 'title: 开场\naudience: debtor\nstage: M1\n---\n坐席: 您好,我是{company}的{agent_name}。\n===\n';

// --workspace: typing while the server lints a 2,000-file workspace (the corpus) in the background
// (parley.scope workspace, the default), against the same folder with parley.scope openFiles
// (closed files indexed, not linted) and an empty folder. Edits are 20 ms apart (typing speed),
// so they fall while the background work runs; indexMs is the time from initialize to the end of
// the background linting. Also given: the p95 of the edits sent while the server said its
// background work was under way (parley/status indexing: true), and the main thread's CPU per edit.
if (argv.includes('--workspace')) {
  const corpusRoot = corpus; // the shared reference corpus (2,000 files)
  const n = Math.min(EDITS, 300);
  // --burst 10:400: typing in bursts, a pause of 400 ms after every 10 edits (the background work
  // then runs between bursts, and a burst's first keystrokes meet what it left); the rows' labels say so.
  const burstOpt = opt('--burst', undefined)?.split(':').map(Number);
  const burst = burstOpt ? { edits: burstOpt[0], pauseMs: burstOpt[1] } : undefined;
  const tail = burst ? `, bursts of ${burst.edits} edits with ${burst.pauseMs} ms pauses` : '';
  // --no-wait: stop each server when the typing ends, without waiting for its background work (quicker A/B runs; no "done after").
  const wait = !argv.includes('--no-wait');
  // --type-at MS (default 3000): every row starts typing MS after initialize (or at its first diagnostics if later).
  const typeAt = Number(opt('--type-at', 3000));
  const w = { gapMs: 20, settle: false, burst, wait, typeAt };
  const all = [
    () => session(ONE_LINE, Array.from({ length: n }, () => 4), `one-line document, empty folder${tail}`, 0, w),
    () => session(ONE_LINE, Array.from({ length: n }, () => 4), `one-line document, 2,000-file workspace, scope openFiles${tail}`, 0, { ...w, root: corpusRoot, settings: { scope: 'openFiles' } }),
    () => session(ONE_LINE, Array.from({ length: n }, () => 4), `one-line document, 2,000-file workspace, scope workspace${tail}`, 0, { ...w, root: corpusRoot, settings: { scope: 'workspace' } }),
    () => session(text, sites.slice(0, n), `${LINES}-line document, 2,000-file workspace, scope openFiles${tail}`, 0, { ...w, root: corpusRoot, settings: { scope: 'openFiles' } }),
    () => session(text, sites.slice(0, n), `${LINES}-line document, 2,000-file workspace, scope workspace${tail}`, 0, { ...w, root: corpusRoot, settings: { scope: 'workspace' } }),
  ];
  // --rows 1,3: only those sessions (1-based, in the order above), e.g. the empty folder against the workspace.
  const pick = opt('--rows', undefined)?.split(',').map((x) => Number(x) - 1) ?? all.map((_, i) => i);
  // --repeat N: N rounds of those sessions, the order reversed every other round (so that neither
  // row always runs first on a machine whose load drifts).
  const rounds = Math.max(1, Number(opt('--repeat', 1)) || 1);
  const rows = [];
  for (let k = 0; k < rounds; k++) for (const i of k % 2 ? [...pick].reverse() : pick) rows.push({ ...(await all[i]()), row: i + 1, round: k + 1 });
  const f = (x) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(1));
  const table = [
    '| round | document and folder | edits | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | edits during background work: p95 (ms) | main thread CPU per edit (ms) | server peak RSS (MB) | load | typing ended after (ms) | background linting done after (ms) |',
    '|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.round} | ${r.label} | ${r.edits} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${f(r.max)} | ${r.duringBackground.edits}: ${f(r.duringBackground.p95)} | ${f(r.mainCpuPerEdit)} | ${r.rssPeakMb.toFixed(0)} | ${f(r.load)} | ${f(r.typedMs)} | ${f(r.indexMs)} |`),
  ].join('\n');
  process.stdout.write(table + '\n');
  // Issue 10 ("indexing a 2,000-file workspace runs in the background and does not slow typing"):
  // with rows 1 and 3, the same keystrokes in an empty folder and while the workspace is indexed and
  // linted, side by side per round, each round's ratio, and the medians of the rounds.
  const summary = { rounds: [] };
  if (pick.includes(0) && pick.includes(2)) {
    const med = (xs) => pct(xs, 50);
    for (let k = 1; k <= rounds; k++) {
      const e = rows.find((r) => r.round === k && r.row === 1);
      const ws = rows.find((r) => r.round === k && r.row === 3);
      summary.rounds.push({ round: k, empty: { p50: e.p50, p95: e.p95, cpu: e.mainCpuPerEdit, rss: e.rssPeakMb }, workspace: { p50: ws.p50, p95: ws.p95, cpu: ws.mainCpuPerEdit, rss: ws.rssPeakMb, during: ws.duringBackground.edits }, p50Ratio: ws.p50 / e.p50, p95Ratio: ws.p95 / e.p95, load: (e.load + ws.load) / 2 });
    }
    const R = summary.rounds;
    summary.median = { p50Ratio: med(R.map((r) => r.p50Ratio)), p95Ratio: med(R.map((r) => r.p95Ratio)), emptyP50: med(R.map((r) => r.empty.p50)), emptyP95: med(R.map((r) => r.empty.p95)), workspaceP50: med(R.map((r) => r.workspace.p50)), workspaceP95: med(R.map((r) => r.workspace.p95)), emptyCpu: med(R.map((r) => r.empty.cpu)), workspaceCpu: med(R.map((r) => r.workspace.cpu)) };
    const m = summary.median;
    // (A load above the number of cores: keystrokes wait for a core, and the p95 measures that.)
    const loadMed = med(R.map((r) => r.load));
    const busy = loadMed > os.cpus().length;
    // "Unchanged": the medians of the rounds' ratios within 10 % (the run-to-run spread of the empty folder's p95 on a quiet machine).
    summary.unchanged = m.p50Ratio <= 1.1 && m.p95Ratio <= 1.1;
    process.stdout.write(
      [
        '',
        `Issue 10, typing while the 2,000-file workspace is indexed and linted in the background (rows 1 and 3${tail}, ${rounds} round${rounds > 1 ? 's' : ''}, order alternated):`,
        '',
        '| round | empty folder p50 / p95 (ms) | workspace p50 / p95 (ms) | p50 ratio | p95 ratio | main-thread CPU per keystroke, empty / workspace (ms) | server peak RSS, empty / workspace (MB) | keystrokes sent during background work | load |',
        '|---:|---|---|---:|---:|---|---|---:|---:|',
        ...R.map((r) => `| ${r.round} | ${f(r.empty.p50)} / ${f(r.empty.p95)} | ${f(r.workspace.p50)} / ${f(r.workspace.p95)} | ${r.p50Ratio.toFixed(2)} | ${r.p95Ratio.toFixed(2)} | ${f(r.empty.cpu)} / ${f(r.workspace.cpu)} | ${r.empty.rss.toFixed(0)} / ${r.workspace.rss.toFixed(0)} | ${r.workspace.during} of ${n} | ${f(r.load)} |`),
        `| median | ${f(m.emptyP50)} / ${f(m.emptyP95)} | ${f(m.workspaceP50)} / ${f(m.workspaceP95)} | ${m.p50Ratio.toFixed(2)} | ${m.p95Ratio.toFixed(2)} | ${f(m.emptyCpu)} / ${f(m.workspaceCpu)} | | | |`,
        '',
        `${summary.unchanged ? 'PASS' : 'FAIL'} keystroke latency unchanged while the workspace is indexed (medians of the rounds' workspace/empty ratios ≤ 1.10: p50 ${m.p50Ratio.toFixed(2)}, p95 ${m.p95Ratio.toFixed(2)})${rounds < 3 ? ' — fewer than 3 rounds: not conclusive (--repeat 3)' : ''}${busy ? ` — the machine was loaded (load ${loadMed.toFixed(1)} on ${os.cpus().length} cores): the tails are the scheduler's, not conclusive` : ''}`,
        '',
      ].join('\n'),
    );
  }
  if (opt('--json', undefined)) fs.writeFileSync(opt('--json'), JSON.stringify(pick.includes(0) && pick.includes(2) ? { rows, issue10: summary } : rows, null, 2));
  process.exit(0);
}

// --quick: the three typing sessions only (no start-up runs, no 30 s idle, no in-process work),
// for comparing builds of the server; the CPU ms per edit is the figure load inflates least.
if (argv.includes('--quick')) {
  const q = { settle: false };
  const rows = [
    await session(ONE_LINE, Array.from({ length: 100 }, () => 4), 'one-line document', 0, q),
    await session(text, sites, `${LINES}-line document`, 0, q),
    await session(text, sites.slice(0, Math.ceil(EDITS / 1.1)), `${LINES}-line document, every 10th edit a newline`, 10, q),
  ];
  process.stdout.write(
    [
      '| document | edits | p50 (ms) | p95 (ms) | max (ms) | server CPU per edit (ms) | load |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...rows.map((r) => `| ${r.label} | ${r.edits} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} | ${r.cpuPerEdit.toFixed(1)} | ${r.load.toFixed(1)} |`),
    ].join('\n') + '\n',
  );
  if (opt('--json', undefined)) fs.writeFileSync(opt('--json'), JSON.stringify(rows, null, 2));
  process.exit(0);
}

const starts = [];
for (let i = 0; i < 5; i++) starts.push(await startup(EXAMPLE));
const startMed = (k) => pct(starts.map((x) => x[k]), 50);
const start = { initToDiagnosticsMs: startMed('initToDiagnosticsMs'), spawnToDiagnosticsMs: startMed('spawnToDiagnosticsMs'), runs: starts, example: path.basename(EXAMPLE) };
process.stderr.write(`start-up: initialize → first diagnostics ${start.initToDiagnosticsMs.toFixed(0)} ms (from spawn ${start.spawnToDiagnosticsMs.toFixed(0)} ms)\n`);
const baseline = await session(ONE_LINE, Array.from({ length: 100 }, () => 4), 'one-line document');
const big = await session(text, sites, `${LINES}-line document`);
// The same, with Enter and Backspace (each a single-character edit that moves every line below) in
// place of every tenth character.
const lines10 = await session(text, sites.slice(0, Math.ceil(EDITS / 1.1)), `${LINES}-line document, every 10th edit a newline`, 10);

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

const ok = big.p95 <= 10;
const okNewlines = lines10.p95 <= 10;
// Memory flat: once idle after the edits, the server holds no more than before them (+10 MB; a
// leak of 20 KB per edit would show). During the edits RSS rises and falls with V8's collections:
// the series shows how far.
const kept = big.rssSettledMb - big.rssBeforeMb;
const flat = kept <= 10;
const peak = Math.max(...big.rssSeriesMb);
const report = [
  `| document | edits | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | open → first diagnostics (ms) | server RSS before → after (MB) |`,
  `|---|---:|---:|---:|---:|---:|---:|---|`,
  ...[baseline, big, lines10].map((r) => `| ${r.label} (${r.diagnostics} diagnostics) | ${r.edits} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.openMs.toFixed(0)} | ${r.rssBeforeMb.toFixed(0)} → ${r.rssAfterMb.toFixed(0)} |`),
].join('\n');
process.stdout.write(`\nStart-up (${start.example}, median of ${starts.length}): initialize → first publishDiagnostics ${start.initToDiagnosticsMs.toFixed(0)} ms; from spawning the server ${start.spawnToDiagnosticsMs.toFixed(0)} ms.\n`);
process.stdout.write(`\n${report}\n\nIn process, the whole ${LINES}-line document: parse ${med('parse').toFixed(1)} ms + lint ${med('lint').toFixed(1)} ms (median).\n`);
process.stdout.write(`Latency above the one-line document (the server's fixed cost per change): p95 ${(big.p95 - baseline.p50).toFixed(1)} ms.\n`);
process.stdout.write(`With newlines: ${okNewlines ? 'PASS' : 'FAIL'} p95 ≤ 10 ms (${lines10.p95.toFixed(1)} ms over ${lines10.edits} edits).\n`);
process.stdout.write(`Server RSS every 50 edits (MB): ${big.rssSeriesMb.join(', ')}; after 30 s idle: ${big.rssSettledMb.toFixed(0)}.\n`);
process.stdout.write(`${ok ? 'PASS' : 'FAIL'} p95 ≤ 10 ms (${big.p95.toFixed(1)} ms); ${flat ? 'PASS' : 'FAIL'} memory flat (RSS ${big.rssBeforeMb.toFixed(0)} MB before the edits, ${big.rssSettledMb.toFixed(0)} MB once idle after them; at most ${peak} MB while typing)\n`);
const out = opt('--json');
const table = `${report}\n\nServer start-up (${start.example}, median of ${starts.length}): initialize → first publishDiagnostics ${start.initToDiagnosticsMs.toFixed(0)} ms (${start.spawnToDiagnosticsMs.toFixed(0)} ms from spawning the process). In process, the whole ${LINES}-line document: parse ${med('parse').toFixed(1)} ms + lint ${med('lint').toFixed(1)} ms (median). Server RSS every 50 edits (MB): ${big.rssSeriesMb.join(', ')}; after 30 s idle: ${big.rssSettledMb.toFixed(0)}.`;
if (out) fs.writeFileSync(out, JSON.stringify({ startup: start, baseline, big, newlines: lines10, inProcess: { parseMs: med('parse'), lintMs: med('lint') }, table }, null, 1));
