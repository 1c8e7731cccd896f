#!/usr/bin/env node
// Parley at scale: times `parley lint --format json` (all rules on) against ripgrep, textlint + prh
// and a naive single-RegExp scan, on the same generated corpus, in the same run.
//
//   npm run bench -- [options]
//     --textlint-sample N   time textlint on N files spread over the corpus and extrapolate (default 3)
//     --skip-textlint       --skip-naive        leave a baseline out
//     --repeat N            runs of parley and ripgrep; the median counts (default 3)
//     --check               exit 1 when a target is missed
//     --markdown FILE       also write the results as a Markdown table (for bench/RESULTS.md)
//     --files N --min-lines N --seed N   corpus parameters (see generate.mjs)
//
// Needs: a build (dist/cli.js), ripgrep (`rg`), GNU time (`/usr/bin/time`, for peak RSS; without it
// RSS is sampled from /proc), textlint and textlint-rule-prh (devDependencies).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generate } from './generate.mjs';
import { BENCH, ROOT, WORK, loadCore } from './lib/core.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i < 0 ? dflt : argv[i + 1];
};
const flag = (name) => argv.includes(name);
const SAMPLE = Number(opt('--textlint-sample', 3));
const REPEAT = Math.max(1, Number(opt('--repeat', 3)));
const CORPUS = path.join(BENCH, 'corpus');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const TEXTLINT = path.join(ROOT, 'node_modules', '.bin', 'textlint');

const log = (s) => process.stderr.write(s + '\n');

// ------------------------------------------------------------------ set-up
if (!fs.existsSync(CLI)) {
  log('building dist/ …');
  spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: ROOT });
}
fs.mkdirSync(WORK, { recursive: true });
const genOpts = { out: CORPUS, seed: Number(opt('--seed', 20240601)), files: Number(opt('--files', 2200)), minLines: Number(opt('--min-lines', 1_000_000)), force: false };
log('corpus …');
const manifest = generate(genOpts);
const files = [];
const walk = (d) => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.parley')) files.push(p);
  }
};
walk(CORPUS);
files.sort();
const LINES = manifest.lines;
const BYTES = manifest.bytes;

const core = await loadCore();
const terms = core.lexiconBank(core.DEFAULT_CONFIG).literals().sort();
const termsFile = path.join(WORK, 'terms.txt');
fs.writeFileSync(termsFile, terms.join('\n') + '\n');
// Every rule on, at its default severity (and whatever parley.config.json lies above: none).
const configFile = path.join(WORK, 'parley.config.json');
fs.writeFileSync(configFile, JSON.stringify({ root: true, rules: Object.fromEntries(core.RULES.map((r) => [r.meta.id, r.meta.defaultSeverity])) }, null, 1));
log(`${files.length} files, ${LINES} lines, ${(BYTES / 1e6).toFixed(1)} MB; ${terms.length} literal terms from ${Object.keys(core.BUILTIN_LEXICONS).length} lexicons`);

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

async function repeated(label, cmd, args, opts, n = REPEAT) {
  const runs = [];
  for (let i = 0; i < n; i++) {
    const r = await measure(cmd, args, opts);
    log(`  ${label}: ${r.wall.toFixed(2)} s, ${r.rssMb.toFixed(0)} MB (exit ${r.code})`);
    runs.push(r);
  }
  const sorted = [...runs].sort((a, b) => a.wall - b.wall);
  const med = sorted[Math.floor(sorted.length / 2)];
  return { ...med, runs: runs.map((r) => r.wall), rssMb: Math.max(...runs.map((r) => r.rssMb)) };
}

const results = {};
const parleyArgs = (extra = []) => [CLI, 'lint', '.', '--format', 'json', '--config', configFile, ...extra];

// ------------------------------------------------------------------ parley
log('parley lint --format json (all rules on) …');
const parleyOut = path.join(WORK, 'parley.json');
results.parley = await repeated('parley', process.execPath, parleyArgs(), { stdoutFile: parleyOut });
const findings = JSON.parse(fs.readFileSync(parleyOut, 'utf8'));
const findingCount = findings.reduce((n, f) => n + f.messages.length, 0);
const byRule = {};
for (const f of findings) for (const m of f.messages) byRule[m.ruleId] = (byRule[m.ruleId] ?? 0) + 1;
const workers = Math.min(os.availableParallelism?.() ?? os.cpus().length, 8);

log('parley --jobs 1 (one thread) …');
const singleOut = path.join(WORK, 'parley-single.json');
results.parleySingle = await repeated('parley --jobs 1', process.execPath, parleyArgs(['--jobs', '1']), { stdoutFile: singleOut }, 1);
const identical = fs.readFileSync(singleOut).equals(fs.readFileSync(parleyOut));

log('parley --cache (cold, then warm) …');
const cacheFile = path.join(WORK, 'parleycache');
fs.rmSync(cacheFile, { force: true });
const cacheOut = path.join(WORK, 'parley-cache.json');
results.cacheCold = await measure(process.execPath, parleyArgs(['--cache', '--cache-location', cacheFile]), { stdoutFile: cacheOut });
log(`  cold: ${results.cacheCold.wall.toFixed(2)} s`);
results.cacheWarm = await repeated('warm', process.execPath, parleyArgs(['--cache', '--cache-location', cacheFile]), { stdoutFile: cacheOut });
const cacheIdentical = fs.readFileSync(cacheOut).equals(fs.readFileSync(parleyOut));

// ------------------------------------------------------------------ ripgrep
if (has('rg')) {
  log('ripgrep -j1 -c -F -f terms.txt …');
  results.rg = await repeated('rg', 'rg', ['-j1', '-c', '-F', '-f', termsFile, '-g', '*.parley', '.'], { stdoutFile: path.join(WORK, 'rg.txt') });
  results.rg.version = spawnSync('rg', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  // Fixed costs, for reading the ratio: ripgrep building its matcher for the terms (on an empty
  // file), and parley starting and building its automaton (on one empty script).
  const emptyDir = path.join(WORK, 'empty');
  fs.mkdirSync(emptyDir, { recursive: true });
  fs.writeFileSync(path.join(emptyDir, 'empty.parley'), '');
  results.rgEmpty = await repeated('rg, empty file', 'rg', ['-j1', '-c', '-F', '-f', termsFile, path.join(emptyDir, 'empty.parley')], { stdoutFile: path.join(WORK, 'rg-empty.txt') });
  results.parleyEmpty = await repeated('parley, empty script', process.execPath, [CLI, 'lint', path.join(emptyDir, 'empty.parley'), '--format', 'json', '--config', configFile], { stdoutFile: path.join(WORK, 'parley-empty.json') });
} else log('ripgrep not found (apt-get install -y ripgrep): skipped');

// ------------------------------------------------------------------ naive RegExp
if (!flag('--skip-naive')) {
  log('naive single-RegExp scan (one run) …');
  results.naive = await measure(process.execPath, [path.join(BENCH, 'naive.mjs'), termsFile, CORPUS], { stdoutFile: path.join(WORK, 'naive.txt') });
  log(`  naive: ${results.naive.wall.toFixed(1)} s`);
}

// ------------------------------------------------------------------ textlint + prh
if (!flag('--skip-textlint') && fs.existsSync(TEXTLINT)) {
  const dir = path.join(WORK, 'textlint');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // prh word list from the same terms: every occurrence is reported (expected differs from the
  // term). Patterns are written as regular expressions escaped here: prh's own escaping of plain
  // strings produces invalid `u`-flag expressions for some terms (e.g. ¥).
  const esc = (s) => s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  let yml = 'version: 1\nrules:\n';
  for (const t of terms) yml += `  - expected: ${JSON.stringify(`【${t}】`)}\n    pattern: ${JSON.stringify(`/${esc(t)}/`)}\n`;
  fs.writeFileSync(path.join(dir, 'prh.yml'), yml);
  // .parley files go through textlint's plain-text plugin.
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
  results.textlint = {
    wall: startup.wall + perLine * LINES,
    rssMb: run.rssMb,
    code: run.code,
    extrapolated: { files: n, lines: sampleLines, sampleWall: run.wall, startupWall: startup.wall, reported },
  };
  log(`  textlint: start-up ${startup.wall.toFixed(1)} s, sample ${run.wall.toFixed(1)} s (${reported} reports) → ${results.textlint.wall.toFixed(0)} s extrapolated`);
  if (!reported) log('  warning: textlint reported nothing on the sample: is the .parley extension mapped?');
}

// ------------------------------------------------------------------ report
const rows = [];
const row = (name, r, note = '') => {
  if (!r) return;
  rows.push({ name, wall: r.wall, lps: LINES / r.wall, mbps: BYTES / 1e6 / r.wall, rss: r.rssMb, vsParley: r.wall / results.parley.wall, note });
};
row(`parley lint --format json (${workers} worker threads)`, results.parley, 'all rules on');
row('parley lint --jobs 1 (one thread)', results.parleySingle, identical ? 'output identical' : 'OUTPUT DIFFERS');
row('parley lint --cache, first run', results.cacheCold);
row('parley lint --cache, unchanged corpus', results.cacheWarm, cacheIdentical ? 'output identical' : 'OUTPUT DIFFERS');
row('ripgrep -j1 -c -F -f terms.txt', results.rg, results.rg?.version ?? '');
row('ripgrep, one empty file (building the matcher)', results.rgEmpty, 'fixed cost');
row('parley, one empty script (start-up, automaton)', results.parleyEmpty, 'fixed cost');
row('naive single RegExp (Node)', results.naive, `${terms.length} alternatives`);
if (results.textlint) {
  const x = results.textlint.extrapolated;
  row('textlint + prh', results.textlint, `extrapolated from ${x.files} files / ${x.lines} lines (${x.sampleWall.toFixed(1)} s, start-up ${x.startupWall.toFixed(1)} s)`);
}

const fmt = (v, d = 2) => (v >= 100 ? v.toFixed(0) : v.toFixed(d));
const table = [
  '| tool | wall (s) | lines/s | MB/s | peak RSS (MB) | time ÷ parley | note |',
  '|---|---:|---:|---:|---:|---:|---|',
  ...rows.map((r) => `| ${r.name} | ${fmt(r.wall)} | ${Math.round(r.lps).toLocaleString('en-US')} | ${fmt(r.mbps, 1)} | ${r.rss.toFixed(0)} | ${fmt(r.vsParley)}× | ${r.note} |`),
].join('\n');

const targets = [];
const target = (what, ok, detail) => targets.push({ what, ok, detail });
if (results.rg) target('parley wall ≤ 12 × ripgrep -j1', results.parley.wall <= 12 * results.rg.wall, `${(results.parley.wall / results.rg.wall).toFixed(1)}×`);
if (results.textlint) target('parley ≥ 40× faster than textlint + prh', results.textlint.wall / results.parley.wall >= 40, `${(results.textlint.wall / results.parley.wall).toFixed(0)}× (extrapolated)`);
if (results.naive) target('parley faster than the naive RegExp scan', results.parley.wall < results.naive.wall, `${(results.naive.wall / results.parley.wall).toFixed(1)}×`);
target('parley peak RSS ≤ 400 MB', results.parley.rssMb <= 400, `${results.parley.rssMb.toFixed(0)} MB`);
target('second --cache run ≥ 10× faster than the first', results.cacheCold.wall / results.cacheWarm.wall >= 10, `${(results.cacheCold.wall / results.cacheWarm.wall).toFixed(1)}×`);
target('worker threads give the one-thread output', identical, identical ? 'byte-identical' : 'differs');
target('cached output equals a fresh run', cacheIdentical, cacheIdentical ? 'byte-identical' : 'differs');

const cpu = (() => {
  try {
    return /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))[1];
  } catch {
    return os.cpus()[0]?.model ?? '?';
  }
})();
const machine = `${os.availableParallelism?.() ?? os.cpus().length} CPUs (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.type()} ${os.release()}`;
const corpusLine = `${files.length} files, ${LINES.toLocaleString('en-US')} lines, ${(BYTES / 1e6).toFixed(1)} MB (seed ${genOpts.seed}); ${findingCount.toLocaleString('en-US')} findings from parley; ${terms.length.toLocaleString('en-US')} literal terms`;
const targetLines = targets.map((t) => `- ${t.ok ? 'PASS' : 'FAIL'} ${t.what}: ${t.detail}`).join('\n');

process.stdout.write(`\nMachine: ${machine}\nCorpus: ${corpusLine}\n\n${table}\n\nTargets:\n${targetLines}\n\nFindings by rule: ${Object.entries(byRule).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
fs.writeFileSync(path.join(WORK, 'results.json'), JSON.stringify({ date: new Date().toISOString(), machine, corpus: manifest, results, targets, byRule }, null, 1));
const md = opt('--markdown');
if (md) fs.writeFileSync(md, `Machine: ${machine}\n\nCorpus: ${corpusLine}\n\n${table}\n\nTargets:\n\n${targetLines}\n`);
if (flag('--check') && targets.some((t) => !t.ok)) process.exitCode = 1;
