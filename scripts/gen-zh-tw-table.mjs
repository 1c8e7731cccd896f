#!/usr/bin/env node
/**
 * Writes server/src/core/data/zh-tw.json: the part of opencc-js's mainland → Taiwan conversion
 * (`cn` → `tw`: Traditional characters in Taiwan's standard forms, 为 → 為, 里 → 裡) that Parley's own
 * Chinese texts use, so that the core can show its messages in Traditional Chinese (locale zh-TW)
 * without shipping opencc's dictionaries (about 1 MB). Not `twp`: its computing vocabulary turns
 * 对象 (a node's audience) into 物件 (a programming object) and 脚本 (a call script) into 指令碼.
 *
 * opencc converts in passes; each pass replaces, left to right, the longest dictionary entry that
 * starts at each position. An entry that occurs in none of a pass's inputs can never match there,
 * so the entries that do occur are enough to convert those inputs exactly as opencc does. The
 * inputs are every string literal with a Chinese character under server/src (rule messages and
 * descriptions, engine, hover, quick fix and CLI texts: the pieces of a template literal between
 * its `${…}`). core/zh-tw.ts applies the table; test/core/zh-tw.test.ts fails when this file
 * differs from what this script writes, and checks every text converts as opencc converts it.
 *
 *   node scripts/gen-zh-tw-table.mjs         rewrite the table
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'server', 'src', 'core', 'data', 'zh-tw.json');
const require = createRequire(import.meta.url);
const OPENCC = path.join(ROOT, 'node_modules', 'opencc-js');
const lib = (p) => import(pathToFileURL(path.join(OPENCC, 'dist', 'esm-lib', p)).href).then((m) => m.default);

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** The Chinese pieces of the string literals of a TypeScript source (comments skipped). */
export function literals(source) {
  const out = [];
  const re = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g;
  for (const m of source.matchAll(re)) {
    const body = m[1] ?? m[2] ?? m[3];
    if (body === undefined || !CJK.test(body)) continue;
    // A template literal's pieces between interpolations; an interpolation's own literals are
    // found when the inner expression is scanned as a source of its own.
    const pieces = m[3] !== undefined ? splitTemplate(body) : [body];
    for (const p of pieces) if (CJK.test(p)) out.push(p);
  }
  return out;
}

/** The text pieces of a template literal's body, and the literals inside its `${…}`. */
function splitTemplate(body) {
  const pieces = [];
  let text = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') {
      text += body.slice(i, i + 2);
      i++;
    } else if (body[i] === '$' && body[i + 1] === '{') {
      pieces.push(text);
      text = '';
      let depth = 1;
      let j = i + 2;
      for (; j < body.length && depth; j++) {
        if (body[j] === '{') depth++;
        else if (body[j] === '}') depth--;
      }
      pieces.push(...literals(body.slice(i + 2, j - 1)));
      i = j - 1;
    } else text += body[i];
  }
  pieces.push(text);
  return pieces;
}

/** Every Chinese text of Parley's sources, once each, in a stable order. */
export function sourceTexts() {
  const texts = new Set();
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) for (const t of literals(fs.readFileSync(p, 'utf8'))) texts.add(t);
    }
  };
  walk(path.join(ROOT, 'server', 'src'));
  return [...texts];
}

/** opencc-js's passes for cn → tw: each a Map from entry to replacement (first dictionary wins, as in opencc). */
async function passes() {
  const groups = [...(await lib('from/cn.js')), ...(await lib('to/tw.js'))];
  return groups.map((group) => {
    const map = new Map();
    for (const dict of group.slice().reverse()) {
      const entries = typeof dict === 'string' ? dict.split('|').map((l) => l.split(' ')) : dict;
      for (const [k, v] of entries) map.set(k, v);
    }
    return map;
  });
}

/** The table: per pass, the entries that occur in that pass's inputs (core/zh-tw.ts's format). */
export async function table(texts = sourceTexts()) {
  let inputs = texts;
  const out = [];
  for (const map of await passes()) {
    let longest = 0;
    for (const k of map.keys()) longest = Math.max(longest, k.length);
    const used = {};
    for (const s of inputs)
      for (let i = 0; i < s.length; i++)
        for (let n = 1; n <= longest && i + n <= s.length; n++) {
          const k = s.slice(i, i + n);
          const v = map.get(k);
          if (v !== undefined && v !== k) used[k] = v;
          // An entry that maps to itself still matters: it stops a shorter entry from matching.
          else if (v !== undefined && n > 1) used[k] = v;
        }
    const pass = Object.fromEntries(Object.entries(used).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    out.push(pass);
    inputs = inputs.map((s) => convertWith([pass], s));
  }
  return out;
}

/** One pass as core/zh-tw.ts applies it: at each position the longest entry, else the character. */
function convertWith([pass], s) {
  let longest = 0;
  for (const k of Object.keys(pass)) longest = Math.max(longest, k.length);
  let out = '';
  for (let i = 0; i < s.length; ) {
    let n = Math.min(longest, s.length - i);
    for (; n > 0; n--) if (Object.hasOwn(pass, s.slice(i, i + n))) break;
    if (n) {
      out += pass[s.slice(i, i + n)];
      i += n;
    } else out += s[i++];
  }
  return out;
}

/** opencc-js's own converter (cn → tw), for the tests. */
export function opencc() {
  return require('opencc-js').Converter({ from: 'cn', to: 'tw' });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = JSON.stringify(await table()) + '\n';
  fs.writeFileSync(OUT + '.tmp', text);
  fs.renameSync(OUT + '.tmp', OUT);
  process.stdout.write(`${path.relative(ROOT, OUT)}: ${text.length} characters, ${Buffer.byteLength(text)} bytes\n`);
}
