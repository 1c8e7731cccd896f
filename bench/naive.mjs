#!/usr/bin/env node
// The naive baseline: one JavaScript RegExp, the alternation of every term (escaped), tested line
// by line over every *.parley file; prints the number of matching lines (as `rg -c` counts them).
//   node bench/naive.mjs <terms.txt> <folder>
import * as fs from 'node:fs';
import * as path from 'node:path';

const [termsFile, folder] = process.argv.slice(2);
const terms = fs.readFileSync(termsFile, 'utf8').split('\n').filter(Boolean);
const escape = (s) => s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
const re = new RegExp(terms.map(escape).join('|'));

const files = [];
const walk = (d) => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.parley')) files.push(p);
  }
};
walk(folder);
files.sort();

let matching = 0;
let lines = 0;
for (const f of files) {
  for (const line of fs.readFileSync(f, 'utf8').split('\n')) {
    lines++;
    if (re.test(line)) matching++;
  }
}
process.stdout.write(`${files.length} files, ${lines} lines, ${matching} matching lines\n`);
