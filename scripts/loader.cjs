'use strict';
// Parley's loader (written by scripts/build.mjs into dist/cli.js and dist/server.js): runs the
// bundle beside it, compiled with V8's code cache, so that later starts skip compiling it (the
// bundle is about a megabyte: compiling it was a fifth of a one-file lint). Node 20 has no
// module.enableCompileCache (22.1+), so the cache is V8's own, through vm.Script: kept in
// <tmpdir>/parley-compile-cache-<uid>/ (a folder of this user's only), one file per bundle build,
// Node's V8 and architecture; written when missing or rejected, by the main thread only, atomically.
// PARLEY_NO_COMPILE_CACHE=1 turns it off. Any failure and the bundle is simply compiled.
// The bundle runs as this file would: its __filename is this loader's (worker threads start it).
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const Module = require('module');

const BUNDLE = '__PARLEY_BUNDLE__';
const BUILD = '__PARLEY_BUILD__';
const file = path.join(__dirname, BUNDLE);
const source = fs.readFileSync(file, 'utf8');

function cachePath() {
  if (process.env.PARLEY_NO_COMPILE_CACHE) return undefined;
  try {
    const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
    const dir = path.join(require('os').tmpdir(), `parley-compile-cache-${uid}`);
    const st = fs.statSync(file);
    return { dir, file: path.join(dir, `${BUNDLE}-${BUILD}-${st.size}-${Math.floor(st.mtimeMs)}-${process.versions.v8}-${process.arch}.bin`) };
  } catch {
    return undefined;
  }
}

/** The cached data, if the folder is this user's own and not writable by others. */
function readCache(c) {
  try {
    const st = fs.statSync(c.dir);
    if (!st.isDirectory() || (typeof process.getuid === 'function' && st.uid !== process.getuid()) || (st.mode & 0o022) !== 0) return undefined;
    return fs.readFileSync(c.file);
  } catch {
    return undefined;
  }
}

function writeCache(c, script) {
  try {
    const data = script.createCachedData();
    fs.mkdirSync(c.dir, { recursive: true, mode: 0o700 });
    const st = fs.statSync(c.dir);
    if ((typeof process.getuid === 'function' && st.uid !== process.getuid()) || (st.mode & 0o022) !== 0) return;
    const tmp = `${c.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data, { mode: 0o600 });
    fs.renameSync(tmp, c.file);
    // Other builds' caches of this bundle (and leftovers of interrupted writes) go.
    for (const f of fs.readdirSync(c.dir)) if (f.startsWith(`${BUNDLE}-`) && path.join(c.dir, f) !== c.file && !f.endsWith(`.${process.pid}.tmp`)) fs.rmSync(path.join(c.dir, f), { force: true });
  } catch {
    // (no cache: the next start compiles again)
  }
}

const cache = cachePath();
const cachedData = cache && readCache(cache);
// The shebang line is not JavaScript inside a function: made a comment of the same length.
const script = new vm.Script(Module.wrap(source.startsWith('#!') ? '//' + source.slice(2) : source), { filename: file, cachedData });
if (cache && (!cachedData || script.cachedDataRejected) && require('worker_threads').isMainThread) {
  // After the run has compiled the functions it uses (the cache then holds them too). A long
  // run (the language server) writes it a few seconds in; a short one as it exits.
  let written = false;
  const save = () => {
    if (!written) writeCache(cache, script);
    written = true;
  };
  process.once('exit', save);
  const t = setTimeout(save, 5000);
  if (typeof t.unref === 'function') t.unref();
}
script.runInThisContext().call(module.exports, module.exports, require, module, __filename, __dirname);
