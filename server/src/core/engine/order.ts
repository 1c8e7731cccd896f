/**
 * The output's order of findings (start, end, rule id; a stable counting sort by line) and its
 * ceilings (MAX_FINDINGS_PER_LINE, MAX_FINDINGS_PER_FILE, the `findings-cut` finding).
 */
import { coreMessage, type Locale } from '../messages';
import { RULE_IDS } from '../rules';
import { comparePositions, type Finding, type Severity } from '../types';

/**
 * Items in the order of a non-negative integer key (a line), stable: a counting sort, linear in the
 * items and the largest key. Keys that are not such integers (never produced) fall back to a sort.
 */
export function byLine<T>(items: readonly T[], key: (x: T) => number): T[] {
  let max = 0;
  for (let i = 0; i < items.length; i++) {
    const k = key(items[i]);
    if (!(k >= 0 && Number.isInteger(k))) return items.map((x, i) => ({ x, i, k: key(x) })).sort((a, b) => a.k - b.k || a.i - b.i).map((e) => e.x);
    if (k > max) max = k;
  }
  // (a key far above the number of items: a sort costs less than the counts)
  if (max > 4 * items.length + 1024) return items.map((x, i) => ({ x, i, k: key(x) })).sort((a, b) => a.k - b.k || a.i - b.i).map((e) => e.x);
  const starts = new Uint32Array(max + 2);
  for (let i = 0; i < items.length; i++) starts[key(items[i]) + 1]++;
  for (let k = 1; k < starts.length; k++) starts[k] += starts[k - 1];
  const out = new Array<T>(items.length);
  for (let i = 0; i < items.length; i++) out[starts[key(items[i])]++] = items[i];
  return out;
}

/** Rule ids in the order of `localeCompare` (the findings' order on one range), as ranks. */
let ruleRanks: Map<string, number> | undefined;
function compareRuleIds(a: string, b: string): number {
  if (a === b) return 0;
  ruleRanks ??= new Map([...RULE_IDS].sort((x, y) => x.localeCompare(y)).map((id, i) => [id, i]));
  const x = ruleRanks.get(a);
  const y = ruleRanks.get(b);
  return x !== undefined && y !== undefined ? x - y : a.localeCompare(b);
}

/** The output's order of findings: start, end, rule id. */
export function compareFindings(a: Finding, b: Finding): number {
  return comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end) || compareRuleIds(a.ruleId, b.ruleId);
}

/** Sort findings[from, to) (one start line) by start, end and rule id; stable. */
export function sortRun(findings: Finding[], from: number, to: number): void {
  const part = findings.slice(from, to);
  part.sort(compareFindings);
  for (let k = 0; k < part.length; k++) findings[from + k] = part[k];
}

/** At most this many findings on one line, and in one file; one more finding says the rest were cut. */
export const MAX_FINDINGS_PER_LINE = 100;
export const MAX_FINDINGS_PER_FILE = 5000;

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

/**
 * The ceilings: sorted findings in, at most MAX_FINDINGS_PER_LINE per line and MAX_FINDINGS_PER_FILE
 * in all out, plus one `findings-cut` finding where the first was cut, as severe as the most severe
 * finding cut (so a cut never lowers the exit code), saying how many were left out.
 */
export function capFindings(sorted: Finding[], locale: Locale): Finding[] {
  if (sorted.length <= MAX_FINDINGS_PER_LINE) return sorted;
  const out: Finding[] = [];
  let line = -1;
  let onLine = 0;
  let cut = 0;
  let worst: Severity = 'hint';
  let first: Finding | undefined;
  let at = 0;
  for (const f of sorted) {
    if (f.range.start.line !== line) {
      line = f.range.start.line;
      onLine = 0;
    }
    if (onLine < MAX_FINDINGS_PER_LINE && out.length < MAX_FINDINGS_PER_FILE) {
      out.push(f);
      onLine++;
      continue;
    }
    if (!first) {
      first = f;
      at = out.length;
    }
    cut++;
    if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]) worst = f.severity;
  }
  if (!first) return sorted;
  out.splice(at, 0, {
    ruleId: 'findings-cut',
    severity: worst,
    uri: first.uri,
    range: first.range,
    messageId: 'findingsCut',
    data: { cut, perLine: MAX_FINDINGS_PER_LINE, perFile: MAX_FINDINGS_PER_FILE },
    message: coreMessage('findingsCut', { cut, perLine: MAX_FINDINGS_PER_LINE, perFile: MAX_FINDINGS_PER_FILE }, locale),
  });
  return out;
}
