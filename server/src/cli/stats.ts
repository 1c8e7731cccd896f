/**
 * `parley lint --stats`: where the time goes and what each rule found.
 *
 * - stylish: a table after the results (phases, then rules by time);
 * - json: a `stats` property on each result object (the array stays an array of
 *   { filePath, messages, … } — as ESLint puts its stats on each result);
 * - other formats: the table goes to standard error, the report stays as it is.
 */
import type { FileResult } from './formatters/types';
import type { Phase, Timing } from '../node/timing';
import { type Locale, tr } from '../core/messages';

export interface FileStats {
  /** Milliseconds per phase for this file, and per rule. */
  times: { read: number; parse: number; index: number; lint: number; rules: Record<string, number> };
  /** Findings per rule id in this file (as reported). */
  findings: Record<string, number>;
}

const ms = (x: number) => Math.round(x * 1000) / 1000;

function findingsByRule(results: FileResult[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of results) for (const m of r.messages) if (m.ruleId) out.set(m.ruleId, (out.get(m.ruleId) ?? 0) + 1);
  return out;
}

/** The results with a `stats` property each (new objects; the messages are the same). */
export function withStats(results: FileResult[], t: Timing): FileResult[] {
  return results.map((r) => {
    const f = t.files.get(r.filePath);
    const findings: Record<string, number> = {};
    for (const m of r.messages) if (m.ruleId) findings[m.ruleId] = (findings[m.ruleId] ?? 0) + 1;
    const rules: Record<string, number> = {};
    for (const [k, v] of Object.entries(f?.rules ?? {})) rules[k] = ms(v);
    const stats: FileStats = { times: { read: ms(f?.read ?? 0), parse: ms(f?.parse ?? 0), index: ms(f?.index ?? 0), lint: ms(f?.lint ?? 0), rules }, findings };
    return { ...r, stats };
  });
}

/** The table: phases (time, share), then every rule that ran or found something (time, findings). */
export function statsTable(results: FileResult[], t: Timing, locale: Locale = 'zh'): string {
  const phases: Phase[] = ['read', 'parse', 'index', 'lint', 'format'];
  const total = phases.reduce((s, p) => s + t.phases[p], 0);
  const fmt = (x: number) => x.toFixed(1);
  const rows: string[][] = phases.map((p) => [p, fmt(t.phases[p]), total ? `${((100 * t.phases[p]) / total).toFixed(1)}%` : '0.0%']);
  rows.push(['total', fmt(total), '100.0%']);
  // Columns by display width: a Chinese head takes two columns per character.
  const width = (s: string) => s.length + (s.match(/[\u3000-\u9fff\uff00-\uffef]/g)?.length ?? 0);
  const pad = (s: string, w: number, left: boolean) => (left ? s + ' '.repeat(Math.max(0, w - width(s))) : ' '.repeat(Math.max(0, w - width(s))) + s);
  const table = (head: string[], body: string[][]) => {
    const widths = head.map((h, i) => Math.max(width(h), ...body.map((r) => width(r[i]))));
    const line = (r: string[]) => r.map((c, i) => pad(c, widths[i], i === 0)).join('  ');
    return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
  };
  const found = findingsByRule(results);
  const ids = new Set([...t.rules.keys(), ...found.keys()]);
  const ruleRows = [...ids]
    .map((id) => ({ id, time: t.rules.get(id) ?? 0, n: found.get(id) ?? 0 }))
    .sort((a, b) => b.time - a.time || b.n - a.n || a.id.localeCompare(b.id))
    .map((r) => [r.id, fmt(r.time), String(r.n)]);
  // Phase names and rule ids are the data (as in --format json's stats); the heads are in the locale.
  const title =
    locale !== 'en' ? tr(locale, `耗时统计（${results.length} 个文件，单位：毫秒）`, '') : `Stats (${results.length} file${results.length === 1 ? '' : 's'}; times in ms)`;
  const heads = locale !== 'en' ? [['阶段', '耗时', '占比'], ['规则', '耗时', '问题']].map((r) => r.map((h) => tr(locale, h, h))) : [['phase', 'time', 'share'], ['rule', 'time', 'findings']];
  return `\n${title}\n\n${table(heads[0], rows)}\n\n${table(heads[1], ruleRows)}\n`;
}
