/** Loading the per-rule case tables (test/rules/cases/<rule-id>.json) and running one case. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintText, type Finding } from '../../server/src/core';

export interface LineCase {
  text: string;
  audience?: string;
  stage?: string;
  channel?: string;
  /** Exact text of each finding's range, in order (invalid cases). */
  matches?: string[];
  note?: string;
}
export interface ScriptCase {
  script: string;
  /** 1-based line of each finding (invalid cases). */
  lines?: number[];
  note?: string;
}
export type Case = LineCase | ScriptCase;
export interface CaseTable {
  valid: Case[];
  invalid: Case[];
}

export const CASES_DIR = path.join(__dirname, '..', 'rules', 'cases');

export function loadTable(id: string): CaseTable | undefined {
  const file = path.join(CASES_DIR, `${id}.json`);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as CaseTable;
}

/** Wrap a line case as the only agent line of one node. */
export function scriptOf(c: LineCase): string {
  return [
    'title: 用例',
    `stage: ${c.stage ?? 'M3'}`,
    `audience: ${c.audience ?? 'debtor'}`,
    `channel: ${c.channel ?? 'call'}`,
    '---',
    `坐席: ${c.text}`,
    '===',
    '',
  ].join('\n');
}

export function runCase(id: string, c: Case): { findings: Finding[]; text: string } {
  const text = 'script' in c ? c.script : scriptOf(c);
  const findings = lintText(text, 'case.parley').filter((f) => f.ruleId === id);
  return { findings, text };
}

export function spanText(text: string, f: Finding): string {
  const lines = text.split(/\r?\n/);
  if (f.range.start.line !== f.range.end.line) return '<multi-line>';
  return lines[f.range.start.line].slice(f.range.start.character, f.range.end.character);
}

export function describeCase(c: Case): string {
  return 'script' in c ? c.script.split('\n').slice(0, 8).join(' ⏎ ') : `${c.text} [${c.audience ?? 'debtor'} ${c.stage ?? 'M3'} ${c.channel ?? 'call'}]`;
}
