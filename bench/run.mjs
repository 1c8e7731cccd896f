#!/usr/bin/env node
// Every speed and size target of issue 8 item 5, in ONE run on the shared reference workload
// (../shared/bench: the corpus of gen-corpus.py, the peers' 404 terms in terms-zh.txt), each figure
// with a peer timed in the same run:
//
//   - `parley lint --format json` (all rules on) on 1,000,000 lines against ripgrep
//     (`rg -j1 -c -F -f terms-zh.txt`), the naive Node scan (../shared/bench/naive.mjs) and
//     textlint + prh (one prh rule per term; a sample of files, extrapolated: it is linear);
//     rounds interleaved (parley, rg, naive), medians of --repeat rounds; peak RSS;
//   - one small script, `parley lint one.parley`, against `node -e 0` (interleaved, medians);
//   - one 20 MB script (the corpus's files joined): wall and peak RSS;
//   - the language server (bench/lsp-latency.mjs): initialize → first publishDiagnostics of an
//     opened example, keystroke p95 on a 10,000-line script with and without typed newlines;
//   - the sizes of the npm tarball and the .vsix (`npm run release:build`: the minified bundles,
//     which every timing above then runs).
//
//   npm run bench -- [options]     (or: node bench/run.mjs, after a build)
//     --repeat N            rounds of the interleaved timings; the median counts (default 3)
//     --textlint-sample N   textlint on N files spread over the corpus, extrapolated (default 40: with 3, start-up noise of ±0.1 s outweighed the sample's own time and the extrapolation came out near zero)
//     --corpus DIR          corpus folder (default bench/.work/ref-corpus, written by gen-corpus.py)
//     --skip-textlint --skip-naive --skip-sizes --skip-lsp --skip-big   leave a part out
//     --extras              also time --jobs 1 and --cache (cold, warm) on the corpus: not targets,
//                           and each costs a full run
//     --check               exit 1 when a target is missed
//     --markdown FILE       also write the results as Markdown (for bench/RESULTS.md)
//
// Needs: python3 (the corpus), ripgrep (`rg`), GNU time (`/usr/bin/time`, peak RSS; without it RSS is
// sampled from /proc), textlint and textlint-rule-prh (devDependencies), vsce (for the .vsix).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BENCH, ROOT, WORK, loadCore } from './lib/core.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i < 0 ? dflt : argv[i + 1];
};
const flag = (name) => argv.includes(name);
const SAMPLE = Number(opt('--textlint-sample', 40));
const REPEAT = Math.max(1, Number(opt('--repeat', 3)));
const SHARED = path.resolve(ROOT, '..', 'shared', 'bench');
const TERMS = path.join(SHARED, 'terms-zh.txt');
const NAIVE = path.join(SHARED, 'naive.mjs');
const CORPUS = path.resolve(opt('--corpus', path.join(WORK, 'ref-corpus')));
const CLI = path.join(ROOT, 'dist', 'cli.js');
const TEXTLINT = path.join(ROOT, 'node_modules', '.bin', 'textlint');
const EXAMPLE = path.resolve(ROOT, '..', 'shared', 'examples', 'm1-first-call.parley');

const log = (s) => process.stderr.write(s + '\n');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const loadAvg = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
fs.mkdirSync(WORK, { recursive: true });
const loads = [`start ${loadAvg()}`];

// ------------------------------------------------------------------ sizes (and the build every timing runs)
const sizes = {};
if (!flag('--skip-sizes')) {
  log('npm run release:build (minified bundles, .vsix, npm tarball) …');
  for (const f of fs.readdirSync(ROOT)) if (/^parley-lint-.*\.tgz$/.test(f)) fs.rmSync(path.join(ROOT, f));
  const r = spawnSync('npm', ['run', 'release:build'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error('npm run release:build failed');
  const tgz = fs.readdirSync(ROOT).find((f) => /^parley-lint-.*\.tgz$/.test(f));
  sizes.tarball = fs.statSync(path.join(ROOT, tgz)).size;
  sizes.vsix = fs.statSync(path.join(ROOT, 'parley.vsix')).size;
  log(`  tarball ${sizes.tarball} bytes, .vsix ${sizes.vsix} bytes`);
} else if (!fs.existsSync(CLI)) {
  spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: ROOT });
}

// ------------------------------------------------------------------ the reference corpus
if (!fs.existsSync(path.join(CORPUS, '.corpus.json'))) {
  log('corpus (../shared/bench/gen-corpus.py) …');
  const r = spawnSync('python3', [path.join(SHARED, 'gen-corpus.py'), CORPUS], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('gen-corpus.py failed');
}
const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.parley')).sort().map((f) => path.join(CORPUS, f));
let LINES = 0;
let BYTES = 0;
for (const f of files) {
  const b = fs.readFileSync(f);
  BYTES += b.length;
  for (const c of b) if (c === 10) LINES++;
}
const terms = fs.readFileSync(TERMS, 'utf8').split(/\r?\n/).map((t) => t.trim()).filter(Boolean);

const core = await loadCore();
// Every rule on, at its default severity (and whatever parley.config.json lies above: none).
const configFile = path.join(WORK, 'parley.config.json');
fs.writeFileSync(configFile, JSON.stringify({ root: true, rules: Object.fromEntries(core.RULES.map((r) => [r.meta.id, r.meta.defaultSeverity])) }, null, 1));
log(`${files.length} files, ${LINES} lines, ${(BYTES / 1e6).toFixed(1)} MB; ${terms.length} terms (${path.relative(ROOT, TERMS)})`);

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

// ------------------------------------------------------------------ measuring
/** Run a command; wall time from here, peak RSS from GNU time (or sampled from /proc). */
function measure(cmd, args, { cwd = CORPUS, stdoutFile } = {}) {
  return new Promise((resolve) => {
    const out = stdoutFile ? fs.openSync(stdoutFile, 'w') : 'ignore';
    const timeFile = path.join(WORK, `time-${process.pid}.txt`);
    const [c, a] = GNU_TIME ? [GNU_TIME, ['-f', '%M', '-o', timeFile, cmd, ...args]] : [cmd, args];
    const t0 = process.hrtime.bigint();
    const child = spawn(c, a, { cwd, stdio: ['ignore', out, 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let sampled = 0;
    const poll = GNU_TIME
      ? undefined
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) sampled = Math.max(sampled, Number(m[1]));
          } catch {
            /* gone */
          }
        }, 10);
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      if (poll) clearInterval(poll);
      if (typeof out === 'number') fs.closeSync(out);
      let rssKb = sampled;
      if (GNU_TIME) {
        try {
          rssKb = Number(fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop());
          fs.unlinkSync(timeFile);
        } catch {
          /* keep the sample */
        }
      }
      resolve({ wall, rssMb: rssKb / 1024, code, stderr });
    });
  });
}

/** Interleaved rounds of several commands (each round runs every one once): medians per command. */
async function rounds(cmds, n = REPEAT) {
  const runs = Object.fromEntries(Object.keys(cmds).map((k) => [k, []]));
  for (let i = 0; i < n; i++) {
    for (const [k, c] of Object.entries(cmds)) {
      const r = await measure(c.cmd, c.args, c.opts);
      log(`  ${k} #${i + 1}: ${r.wall.toFixed(3)} s, ${r.rssMb.toFixed(0)} MB (exit ${r.code}; load ${loadAvg()})`);
      if (r.code !== 0 && !(c.okCodes ?? [0]).includes(r.code)) throw new Error(`${k} failed (exit ${r.code}): ${r.stderr.slice(0, 500)}`);
      runs[k].push(r);
    }
  }
  return Object.fromEntries(Object.entries(runs).map(([k, rs]) => [k, { wall: median(rs.map((r) => r.wall)), walls: rs.map((r) => r.wall), rssMb: Math.max(...rs.map((r) => r.rssMb)) }]));
}

const results = {};
const parleyArgs = (target, extra = []) => [CLI, 'lint', target, '--format', 'json', '--config', configFile, ...extra];

// ------------------------------------------------------------------ 1,000,000 lines: parley, ripgrep, naive
log(`${LINES.toLocaleString('en-US')} lines: ${REPEAT} interleaved rounds of parley, ripgrep${flag('--skip-naive') ? '' : ', the naive scan'} …`);
const parleyOut = path.join(WORK, 'parley.json');
const big = {
  parley: { cmd: process.execPath, args: parleyArgs('.'), opts: { stdoutFile: parleyOut }, okCodes: [1] },
};
if (has('rg')) big.rg = { cmd: 'rg', args: ['-j1', '-c', '-F', '-f', TERMS, '-g', '*.parley', '.'], opts: { stdoutFile: path.join(WORK, 'rg.txt') } };
else log('ripgrep not found (apt-get install -y ripgrep): skipped');
if (!flag('--skip-naive')) big.naive = { cmd: process.execPath, args: [NAIVE, '--terms', TERMS, '.'], opts: { stdoutFile: path.join(WORK, 'naive.json') } };
Object.assign(results, await rounds(big));
loads.push(`after the corpus rounds ${loadAvg()}`);
if (results.rg) results.rg.version = spawnSync('rg', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
const parleyBytes = fs.readFileSync(parleyOut);
const findings = JSON.parse(parleyBytes.toString('utf8'));
const findingCount = findings.reduce((n, f) => n + f.messages.length, 0);
const byRule = {};
for (const f of findings) for (const m of f.messages) byRule[m.ruleId] = (byRule[m.ruleId] ?? 0) + 1;
const workers = files.length >= 200 ? Math.min(os.availableParallelism?.() ?? os.cpus().length, 8) : 0; // lint-files/threads.ts WORKER_THRESHOLD

let identical;
let cacheIdentical;
if (flag('--extras')) {
  log('parley --jobs 1 (one thread), --cache cold then warm …');
  const singleOut = path.join(WORK, 'parley-single.json');
  results.parleySingle = await measure(process.execPath, parleyArgs('.', ['--jobs', '1']), { stdoutFile: singleOut });
  identical = fs.readFileSync(singleOut).equals(parleyBytes);
  const cacheFile = path.join(WORK, 'parleycache');
  fs.rmSync(cacheFile, { force: true });
  const cacheOut = path.join(WORK, 'parley-cache.json');
  results.cacheCold = await measure(process.execPath, parleyArgs('.', ['--cache', '--cache-location', cacheFile]), { stdoutFile: cacheOut });
  results.cacheWarm = await measure(process.execPath, parleyArgs('.', ['--cache', '--cache-location', cacheFile]), { stdoutFile: cacheOut });
  cacheIdentical = fs.readFileSync(cacheOut).equals(parleyBytes);
  log(`  jobs 1 ${results.parleySingle.wall.toFixed(2)} s; cache cold ${results.cacheCold.wall.toFixed(2)} s, warm ${results.cacheWarm.wall.toFixed(2)} s`);
}

// ------------------------------------------------------------------ textlint + prh
if (!flag('--skip-textlint') && fs.existsSync(TEXTLINT)) {
  const dir = path.join(WORK, 'textlint');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // One prh rule per term: every occurrence is reported (expected differs from the term). Patterns
  // are regular expressions escaped here: prh's own escaping of plain strings produces invalid
  // `u`-flag expressions for some terms (e.g. ¥).
  const esc = (s) => s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  let yml = 'version: 1\nrules:\n';
  for (const t of terms) yml += `  - expected: ${JSON.stringify(`【${t}】`)}\n    pattern: ${JSON.stringify(`/${esc(t)}/`)}\n`;
  fs.writeFileSync(path.join(dir, 'prh.yml'), yml);
  const rc = path.join(dir, '.textlintrc.json');
  fs.writeFileSync(rc, JSON.stringify({ plugins: { '@textlint/text': { extensions: ['.parley'] } }, rules: { prh: { rulePaths: [path.join(dir, 'prh.yml')] } } }, null, 1));
  const n = Math.max(1, Math.min(SAMPLE, files.length));
  const sample = Array.from({ length: n }, (_, i) => files[Math.floor((i * files.length) / n)]);
  const sampleLines = sample.reduce((a, f) => a + fs.readFileSync(f, 'utf8').split('\n').length - 1, 0);
  const empty = path.join(dir, 'empty.parley');
  fs.writeFileSync(empty, 'stage: M1\n');
  log(`textlint + prh: start-up on an empty script, then ${n} scripts (${sampleLines} lines) …`);
  const args = ['--config', rc, '--format', 'json'];
  const startup = await measure(TEXTLINT, [...args, empty], { cwd: dir, stdoutFile: path.join(dir, 'empty.json') });
  const run = await measure(TEXTLINT, [...args, ...sample], { cwd: dir, stdoutFile: path.join(dir, 'sample.json') });
  let reported = 0;
  try {
    reported = JSON.parse(fs.readFileSync(path.join(dir, 'sample.json'), 'utf8')).reduce((a, f) => a + f.messages.length, 0);
  } catch {
    /* reported stays 0 */
  }
  const perLine = Math.max(0, run.wall - startup.wall) / sampleLines;
  results.textlint = { wall: startup.wall + perLine * LINES, rssMb: run.rssMb, code: run.code, extrapolated: { files: n, lines: sampleLines, sampleWall: run.wall, startupWall: startup.wall, reported } };
  log(`  textlint: start-up ${startup.wall.toFixed(1)} s, sample ${run.wall.toFixed(1)} s (${reported} reports) → ${results.textlint.wall.toFixed(0)} s extrapolated`);
  if (!reported) log('  warning: textlint reported nothing on the sample: is the .parley extension mapped?');
}

// ------------------------------------------------------------------ one small script
log('one small script: node -e 0, parley lint one.parley (interleaved) …');
const oneDir = path.join(WORK, 'one');
fs.mkdirSync(oneDir, { recursive: true });
fs.writeFileSync(path.join(oneDir, 'parley.config.json'), '{ "root": true }\n');
fs.copyFileSync(EXAMPLE, path.join(oneDir, 'one.parley'));
const one = await rounds(
  {
    node: { cmd: process.execPath, args: ['-e', '0'], opts: { cwd: oneDir } },
    parleyOne: { cmd: process.execPath, args: [CLI, 'lint', 'one.parley'], opts: { cwd: oneDir }, okCodes: [1] },
  },
  Math.max(5, REPEAT),
);
Object.assign(results, one);

// ------------------------------------------------------------------ one 20 MB script
if (!flag('--skip-big')) {
  const bigDir = path.join(WORK, 'big');
  fs.mkdirSync(bigDir, { recursive: true });
  const bigFile = path.join(bigDir, 'big.parley');
  const parts = [];
  let size = 0;
  for (const f of files) {
    if (size >= 20e6) break;
    const b = fs.readFileSync(f);
    parts.push(b);
    size += b.length;
  }
  fs.writeFileSync(bigFile, Buffer.concat(parts));
  // Every rule on, and a size limit above the default 5 MB (which would refuse the file unread).
  fs.writeFileSync(path.join(bigDir, 'parley.config.json'), JSON.stringify({ ...JSON.parse(fs.readFileSync(configFile, 'utf8')), maxFileSize: 64_000_000 }, null, 1));
  log(`one ${(size / 1e6).toFixed(1)} MB script (${parts.length} corpus files joined) …`);
  const r = await rounds({ big20: { cmd: process.execPath, args: [CLI, 'lint', 'big.parley', '--format', 'json'], opts: { cwd: bigDir, stdoutFile: path.join(WORK, 'big.json') }, okCodes: [1] } });
  results.big20 = { ...r.big20, bytes: size };
}

// ------------------------------------------------------------------ the language server
let lsp;
if (!flag('--skip-lsp')) {
  log('language server (bench/lsp-latency.mjs) …');
  const lspJson = path.join(WORK, 'lsp.json');
  const r = spawnSync(process.execPath, [path.join(BENCH, 'lsp-latency.mjs'), '--corpus', CORPUS, '--example', EXAMPLE, '--json', lspJson], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status === 0) lsp = JSON.parse(fs.readFileSync(lspJson, 'utf8'));
  else log('  lsp-latency.mjs failed');
}
loads.push(`end ${loadAvg()}`);

// ------------------------------------------------------------------ report
const fmt = (v, d = 2) => (v >= 100 ? v.toFixed(0) : v.toFixed(d));
const rows = [];
const row = (name, r, note = '') => {
  if (!r) return;
  rows.push(`| ${name} | ${fmt(r.wall)} | ${r.walls ? r.walls.map((w) => w.toFixed(2)).join(', ') : ''} | ${Math.round(LINES / r.wall).toLocaleString('en-US')} | ${r.rssMb.toFixed(0)} | ${fmt(r.wall / results.parley.wall)}× | ${note} |`);
};
row(`parley lint --format json (${workers ? `${workers} worker threads` : 'one thread'})`, results.parley, 'all rules on');
row('parley lint --jobs 1 (one thread)', results.parleySingle, identical ? 'output identical' : 'OUTPUT DIFFERS');
row('parley lint --cache, first run', results.cacheCold);
row('parley lint --cache, unchanged corpus', results.cacheWarm, cacheIdentical ? 'output identical' : 'OUTPUT DIFFERS');
row(`ripgrep -j1 -c -F -f terms-zh.txt`, results.rg, results.rg?.version ?? '');
row('naive single-RegExp Node scan (../shared/bench/naive.mjs)', results.naive, `${terms.length} terms`);
if (results.textlint) {
  const x = results.textlint.extrapolated;
  row('textlint + prh, one rule per term', results.textlint, `extrapolated from ${x.files} files / ${x.lines} lines (${x.sampleWall.toFixed(1)} s, start-up ${x.startupWall.toFixed(1)} s)`);
}
const table = ['| tool | wall (s, median) | runs (s) | lines/s | peak RSS (MB) | time ÷ parley | note |', '|---|---:|---|---:|---:|---:|---|', ...rows].join('\n');

const targets = [];
const target = (what, ok, detail) => targets.push({ what, ok, detail });
const P = results.parley;
if (results.rg) target('corpus: parley wall ≤ 12 × ripgrep -j1', P.wall <= 12 * results.rg.wall, `${(P.wall / results.rg.wall).toFixed(1)}× (${P.wall.toFixed(2)} s against ${results.rg.wall.toFixed(3)} s)`);
if (results.naive) target('corpus: parley faster than the naive scan', P.wall < results.naive.wall, `naive ÷ parley = ${(results.naive.wall / P.wall).toFixed(2)} (${results.naive.wall.toFixed(2)} s against ${P.wall.toFixed(2)} s)`);
if (results.textlint) target('corpus: parley ≥ 40× faster than textlint + prh', results.textlint.wall / P.wall >= 40, `${(results.textlint.wall / P.wall).toFixed(1)}× (textlint extrapolated: ${results.textlint.wall.toFixed(0)} s)`);
target('corpus: parley peak RSS ≤ 300 MB', P.rssMb <= 300, `${P.rssMb.toFixed(0)} MB (largest of the rounds)`);
const extra = (results.parleyOne.wall - results.node.wall) * 1000;
target('one small script ≤ node -e 0 + 100 ms', extra <= 100, `+${extra.toFixed(0)} ms (${(results.parleyOne.wall * 1000).toFixed(0)} ms against ${(results.node.wall * 1000).toFixed(0)} ms)`);
if (lsp) {
  target('server: initialize → first publishDiagnostics ≤ 300 ms', lsp.startup.initToDiagnosticsMs <= 300, `${lsp.startup.initToDiagnosticsMs.toFixed(0)} ms (median of ${lsp.startup.runs.length}; from spawning the process: ${lsp.startup.spawnToDiagnosticsMs.toFixed(0)} ms)`);
  target('server: keystroke p95 ≤ 10 ms on 10,000 lines', lsp.big.p95 <= 10, `${lsp.big.p95.toFixed(1)} ms`);
  target('server: keystroke p95 ≤ 10 ms on 10,000 lines, every 10th edit a newline', lsp.newlines.p95 <= 10, `${lsp.newlines.p95.toFixed(1)} ms`);
}
if (results.big20) target('one 20 MB script ≤ 2 s and ≤ 400 MB', results.big20.wall <= 2 && results.big20.rssMb <= 400, `${results.big20.wall.toFixed(2)} s, ${results.big20.rssMb.toFixed(0)} MB (${(results.big20.bytes / 1e6).toFixed(1)} MB)`);
if (sizes.tarball) target('npm pack tarball ≤ 1.5 MB', sizes.tarball <= 1.5e6, `${sizes.tarball.toLocaleString('en-US')} bytes`);
if (sizes.vsix) target('.vsix ≤ 1.5 MB', sizes.vsix <= 1.5e6, `${sizes.vsix.toLocaleString('en-US')} bytes`);
if (identical !== undefined) target('worker threads give the one-thread output', identical, identical ? 'byte-identical' : 'differs');
if (cacheIdentical !== undefined) target('cached output equals a fresh run', cacheIdentical, cacheIdentical ? 'byte-identical' : 'differs');

const cpu = (() => {
  try {
    return /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))[1];
  } catch {
    return os.cpus()[0]?.model ?? '?';
  }
})();
const machine = `${os.availableParallelism?.() ?? os.cpus().length} CPUs (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.type()} ${os.release()}`;
const corpusLine = `${path.relative(ROOT, CORPUS)}: ${files.length} files, ${LINES.toLocaleString('en-US')} lines, ${(BYTES / 1e6).toFixed(1)} MB; ${findingCount.toLocaleString('en-US')} findings from parley (JSON output ${parleyBytes.length.toLocaleString('en-US')} bytes)`;
const targetLines = targets.map((t) => `- ${t.ok ? 'PASS' : 'FAIL'} ${t.what}: ${t.detail}`).join('\n');
const lspTable = lsp ? `\n\n${lsp.table}\n` : '';
const text = `Machine: ${machine}\nLoad average (1, 5, 15 min): ${loads.join('; ')}\nCorpus: ${corpusLine}\n\n${table}${lspTable}\n\nTargets:\n\n${targetLines}\n`;
process.stdout.write(`\n${text}\nFindings by rule: ${Object.entries(byRule).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
fs.writeFileSync(path.join(WORK, 'results.json'), JSON.stringify({ date: new Date().toISOString(), machine, loads, corpus: { dir: CORPUS, files: files.length, lines: LINES, bytes: BYTES }, results, sizes, lsp, targets, byRule }, null, 1));
const md = opt('--markdown');
if (md) fs.writeFileSync(md, text);
if (flag('--check') && targets.some((t) => !t.ok)) process.exitCode = 1;
