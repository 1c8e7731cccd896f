#!/usr/bin/env node
// The language server's work per keystroke, in process: the edits of bench/lsp-latency.mjs (one
// character typed on agent lines spread over a 10,000-line document; with --newlines N every Nth
// edit an Enter then a Backspace) applied to the server's modules (the text document,
// Workspace.upsert, the IncrementalLinter, the diagnostics encoder) without JSON-RPC. Prints the
// median and p95 per phase and the process's CPU time per edit. For A/B runs and --cpu-prof.
//
//   node bench/keystroke.mjs [--lines 10000] [--edits 500] [--newlines 10] [--corpus DIR] [--src DIR] [--json FILE]
//                            [--cpu-prof DIR] [--heap-prof DIR]
//
// --cpu-prof DIR: a V8 CPU profile of the measured edits only (not the set-up), DIR/keystroke.cpuprofile,
// with the bundle it ran beside it (DIR/keystroke.cjs) so that its line numbers can be read.
// --heap-prof DIR: a sampling heap profile of the measured edits that includes the objects already
// collected (what each edit allocates, not what stays), DIR/keystroke.heapprofile.
// --src DIR: the server's modules from another checkout (DIR/server/src), for A/B runs.
import { build } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { ROOT, WORK } from './lib/core.mjs';

const argv = process.argv.slice(2);
const opt = (n, d) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : d);
const LINES = Number(opt('--lines', 10_000));
const EDITS = Number(opt('--edits', 500));
const NEWLINES = Number(opt('--newlines', 0));

fs.mkdirSync(WORK, { recursive: true });
const out = path.join(WORK, `keystroke-${process.pid}.cjs`);
const SRC = path.resolve(opt('--src', ROOT));
const entry = path.join(SRC, 'bench/lib', `keystroke-entry-${process.pid}.ts`);
fs.mkdirSync(path.dirname(entry), { recursive: true });
fs.copyFileSync(path.join(ROOT, 'bench/lib/keystroke-entry.ts'), entry);
await build({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
fs.rmSync(entry);
const CPU_PROF = opt('--cpu-prof', undefined);
const k = createRequire(import.meta.url)(out);
if (CPU_PROF) {
  fs.mkdirSync(CPU_PROF, { recursive: true });
  fs.copyFileSync(out, path.join(CPU_PROF, 'keystroke.cjs'));
}
fs.rmSync(out);

const corpus = path.resolve(opt('--corpus', path.join(WORK, 'ref-corpus')));
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
const agent = [];
lines.forEach((l, i) => {
  if (/^\s*(坐席|催收员|客服|专员|外访员)[::]/.test(l) && l.length > 8) agent.push(i);
});
const sites = Array.from({ length: EDITS }, (_, j) => agent[Math.floor((j * agent.length) / EDITS)]);

const s = k.session('/bench/bench.parley', text);
let version = 1;
const edit = (line, count) => {
  const col = Math.min(lines[line].length, 6 + (version % 5));
  const at = { line, character: col };
  if (NEWLINES && count % NEWLINES === 0) {
    version++;
    const a = timed(() => s.step([{ range: { start: at, end: at }, text: '\n' }]));
    version++;
    const b = timed(() => s.step([{ range: { start: at, end: { line: line + 1, character: 0 } }, text: '' }]));
    return [a, b];
  }
  version++;
  const ch = version % 2 ? '你' : '的';
  lines[line] = lines[line].slice(0, col) + ch + lines[line].slice(col);
  return [timed(() => s.step([{ range: { start: at, end: at }, text: ch }]))];
};
const timed = (fn) => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};
for (let i = 0; i < 20; i++) edit(sites[i % sites.length], i + 1);
s.reset();
let session;
if (CPU_PROF) {
  const { Session } = await import('node:inspector');
  session = new Session();
  session.connect();
  const post = (m, p) => new Promise((ok, no) => session.post(m, p, (e, r) => (e ? no(e) : ok(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 250 });
  await post('Profiler.start');
  session.stop = () => post('Profiler.stop');
}
const HEAP_PROF = opt('--heap-prof', undefined);
let heapSession;
if (HEAP_PROF) {
  const { Session } = await import('node:inspector');
  heapSession = new Session();
  heapSession.connect();
  const post = (m, p) => new Promise((ok, no) => heapSession.post(m, p, (e, r) => (e ? no(e) : ok(r))));
  await post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  heapSession.stop = () => post('HeapProfiler.stopSampling');
}
// Garbage collections during the measured edits (perf_hooks 'gc' entries): young-generation
// scavenges (what sets the p95 of a keystroke) and the others, with their time.
const { PerformanceObserver, constants: perfConstants } = await import('node:perf_hooks');
const gcs = { scavenges: 0, scavengeMs: 0, other: 0, otherMs: 0, measuring: false };
const gcObserver = new PerformanceObserver((list) => {
  if (!gcs.measuring) return;
  for (const e of list.getEntries()) {
    if (e.detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) (gcs.scavenges++, (gcs.scavengeMs += e.duration));
    else (gcs.other++, (gcs.otherMs += e.duration));
  }
});
gcObserver.observe({ entryTypes: ['gc'] });
gcs.measuring = true;
const cpu0 = process.cpuUsage();
const lat = [];
const edits = NEWLINES ? sites.slice(0, Math.ceil(EDITS / 1.1)) : sites;
edits.forEach((l, i) => lat.push(...edit(l, i + 1)));
const cpu = process.cpuUsage(cpu0);
await new Promise((ok) => setTimeout(ok, 0)); // (the last edits' gc entries are delivered)
gcs.measuring = false;
gcObserver.disconnect();
if (session) {
  const { profile } = await session.stop();
  fs.writeFileSync(path.join(CPU_PROF, 'keystroke.cpuprofile'), JSON.stringify(profile));
  session.disconnect();
}
if (heapSession) {
  const { profile } = await heapSession.stop();
  fs.mkdirSync(HEAP_PROF, { recursive: true });
  fs.writeFileSync(path.join(HEAP_PROF, 'keystroke.heapprofile'), JSON.stringify(profile));
  heapSession.disconnect();
}
const pct = (xs, p) => {
  const q = [...xs].sort((a, b) => a - b);
  return q[Math.min(q.length - 1, Math.ceil((p / 100) * q.length) - 1)];
};
const n = lat.length;
const t = s.times;
const r = {
  edits: n,
  p50: pct(lat, 50),
  p95: pct(lat, 95),
  max: Math.max(...lat),
  cpuPerEdit: (cpu.user + cpu.system) / 1000 / n,
  perPhase: Object.fromEntries(Object.entries(t).map(([key, v]) => [key, v / n])),
  cpuPerPhase: Object.fromEntries(Object.entries(s.cpu).map(([key, v]) => [key, v / n])),
  scavengesPer100: (100 * gcs.scavenges) / n,
  scavengeMs: gcs.scavenges ? gcs.scavengeMs / gcs.scavenges : 0,
  otherGcs: gcs.other,
  otherGcMs: gcs.otherMs,
  ...s.info(),
};
const f = (x) => x.toFixed(2);
process.stdout.write(
  `${n} edits${NEWLINES ? `, every ${NEWLINES}th a newline` : ''}: p50 ${f(r.p50)} ms, p95 ${f(r.p95)} ms, max ${f(r.max)} ms, CPU ${f(r.cpuPerEdit)} ms per edit; ` +
    `CPU per edit: ${Object.entries(r.cpuPerPhase).map(([key, v]) => `${key} ${f(v)}`).join(', ')} ms; ` +
    `${f(r.scavengesPer100)} scavenges per 100 edits (${f(r.scavengeMs)} ms each), ${r.otherGcs} other collections (${f(r.otherGcMs)} ms); ` +
    `${r.diagnostics} diagnostics, ${(r.bytes / 1e6).toFixed(2)} MB\n`,
);
if (opt('--json', undefined)) fs.writeFileSync(opt('--json'), JSON.stringify(r, null, 1));
