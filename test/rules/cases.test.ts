/**
 * Every rule's table of cases (RuleTester style): valid cases produce no finding of the rule;
 * invalid cases produce exactly the expected findings (exact ranges for line cases).
 */
import { describe, expect, it } from 'vitest';
import { RULES } from '../../server/src/core';
import { describeCase, loadTable, runCase, spanText } from '../helpers/cases';

describe.each(RULES.map((r) => r.meta.id))('%s', (id) => {
  const table = loadTable(id);
  it('has a table of cases with valid and invalid examples', () => {
    expect(table, `test/rules/cases/${id}.json is missing`).toBeDefined();
    expect(table!.invalid.length).toBeGreaterThan(0);
    if (id !== 'unused-disable' && id !== 'disable-without-reason') expect(table!.valid.length).toBeGreaterThan(0);
  });
  if (!table) return;
  it.each(table.valid.map((c) => [describeCase(c), c] as const))('valid: %s', (_name, c) => {
    const { findings, text } = runCase(id, c);
    expect(findings.map((f) => `${f.range.start.line + 1}: ${spanText(text, f)} — ${f.message}`)).toEqual([]);
  });
  it.each(table.invalid.map((c) => [describeCase(c), c] as const))('invalid: %s', (_name, c) => {
    const { findings, text } = runCase(id, c);
    expect(findings.length, 'expected at least one finding').toBeGreaterThan(0);
    if ('script' in c) {
      if (c.lines) expect(findings.map((f) => f.range.start.line + 1)).toEqual(c.lines);
    } else if (c.matches) {
      expect(findings.map((f) => spanText(text, f))).toEqual(c.matches);
    }
    for (const f of findings) expect(f.message.length).toBeGreaterThan(10);
  });
});
