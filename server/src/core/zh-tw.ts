/**
 * Parley's own Chinese texts in Traditional Chinese (locale zh-TW): opencc-js's mainland → Taiwan
 * conversion (`cn` → `tw`) cut down to the entries those texts use (data/zh-tw.json, written by
 * scripts/gen-zh-tw-table.mjs; test/core/zh-tw.test.ts checks it is current and that every text
 * converts exactly as opencc converts it). Only Parley's templates are converted, before the data
 * is filled in: what a finding quotes from the script stays as written. Pure: no I/O.
 */
import TABLE from './data/zh-tw.json';

type Pass = { readonly map: ReadonlyMap<string, string>; readonly longest: number };

let passes: Pass[] | undefined;
const cache = new Map<string, string>();

function load(): Pass[] {
  return (passes ??= (TABLE as unknown as Record<string, string>[]).map((p) => {
    const map = new Map(Object.entries(p));
    let longest = 0;
    for (const k of map.keys()) longest = Math.max(longest, k.length);
    return { map, longest };
  }));
}

/** One pass as opencc applies it: at each position the longest entry that starts there, else the character. */
function apply(pass: Pass, s: string): string {
  let out = '';
  for (let i = 0; i < s.length; ) {
    let n = Math.min(pass.longest, s.length - i);
    let v: string | undefined;
    for (; n > 0; n--) if ((v = pass.map.get(s.slice(i, i + n))) !== undefined) break;
    if (n > 0) {
      out += v;
      i += n;
    } else out += s[i++];
  }
  return out;
}

/** A text of Parley's (Simplified Chinese) in Traditional Chinese, Taiwan forms. Converted once per text. */
export function toTraditional(simplified: string): string {
  let t = cache.get(simplified);
  if (t === undefined) {
    t = load().reduce((s, p) => apply(p, s), simplified);
    if (cache.size < 4096) cache.set(simplified, t);
  }
  return t;
}
