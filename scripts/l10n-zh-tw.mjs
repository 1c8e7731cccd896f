#!/usr/bin/env node
/**
 * The extension's texts for VS Code in Traditional Chinese (display language zh-tw), generated
 * from the Simplified Chinese ones so that the two never drift:
 *
 *   package.nls.zh-cn.json       → package.nls.zh-tw.json        (settings, commands, menus)
 *   l10n/bundle.l10n.zh-cn.json  → l10n/bundle.l10n.zh-tw.json   (the client's runtime strings)
 *
 * Converted with opencc-js (mainland → Taiwan, with Taiwan phrases: 信息 → 資訊, 文件 → 檔案),
 * except Parley's own words, which Taiwan's computing phrases would misread: a 脚本 is a collection
 * script (話術腳本), not a program (指令碼), and 对象 is whom the agent speaks to, not an object
 * (物件); those take the plain conversion (腳本, 對象), as the server's messages do. Only Chinese
 * characters change, so placeholders ({0}), code spans, ids and URLs stay as they are.
 * Without these files a Taiwan or Hong Kong reviewer whose VS Code is in Traditional Chinese gets
 * every setting and command in English. test/extension/zh-tw.test.ts fails while a file differs.
 *
 *   node scripts/l10n-zh-tw.mjs          rewrite both files
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const OpenCC = require('opencc-js');
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const PAIRS = [
  ['package.nls.zh-cn.json', 'package.nls.zh-tw.json'],
  ['l10n/bundle.l10n.zh-cn.json', 'l10n/bundle.l10n.zh-tw.json'],
];

/** Parley's own words: converted character by character, never as Taiwan computing phrases. */
export const OWN_WORDS = ['脚本', '对象'];
let phrases;
let plain;
/** A Simplified Chinese text in Taiwan forms, Parley's own words kept as words. */
function convert(text) {
  phrases ??= OpenCC.Converter({ from: 'cn', to: 'twp' });
  plain ??= OpenCC.Converter({ from: 'cn', to: 'tw' });
  const own = new RegExp(`(${OWN_WORDS.join('|')})`);
  return text
    .split(own)
    .map((part, i) => (i % 2 === 1 ? plain(part) : phrases(part)))
    .join('');
}

/** The Traditional Chinese (Taiwan) file for the text of a Simplified Chinese one. */
export function render(sourceText) {
  const src = JSON.parse(sourceText);
  const out = Object.fromEntries(Object.entries(src).map(([k, v]) => [k, typeof v === 'string' ? convert(v) : v]));
  return JSON.stringify(out, null, 2) + '\n';
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [from, to] of PAIRS) {
    const text = render(fs.readFileSync(path.join(ROOT, from), 'utf8'));
    const file = path.join(ROOT, to);
    fs.writeFileSync(file + '.tmp', text);
    fs.renameSync(file + '.tmp', file);
    process.stdout.write(`${to}\n`);
  }
}
