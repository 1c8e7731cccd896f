/**
 * Property-based tests (fast-check): for any text and for mutated real scripts, the parser and every
 * rule return without throwing, every finding lies inside the document, fixes never overlap, and
 * fixing is idempotent. `npm run fuzz` runs them with 100,000 inputs per property.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyFixes, lineStarts, offsetAt } from '../../server/src/core/fix';
import { lintWorkspace, parse, RULES, type Finding } from '../../server/src/core';
import { anyText, exampleScripts, mutatedScript, RUNS, SEED } from './arbitraries';

const TIMEOUT = Math.max(60_000, RUNS * 20);

/** The document's lines as an editor sees them (the BOM is not part of the text). */
function documentLines(text: string): string[] {
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\n|\r/);
}

/** Every property that must hold for one file's findings. */
function checkFindings(text: string, findings: Finding[]): void {
  const lines = documentLines(text);
  for (const f of findings) {
    // No rule threw (the engine turns a throwing rule into an "internal error" finding).
    expect(f.message, `${f.ruleId}: ${f.message}`).not.toMatch(/内部错误|Internal error/);
    expect(RULES.some((r) => r.meta.id === f.ruleId), f.ruleId).toBe(true);
    for (const p of [f.range.start, f.range.end]) {
      expect(Number.isInteger(p.line) && p.line >= 0 && p.line < lines.length, `${f.ruleId} line ${p.line} of ${lines.length}`).toBe(true);
      expect(Number.isInteger(p.character) && p.character >= 0 && p.character <= lines[p.line].length, `${f.ruleId} ${p.line}:${p.character} (line length ${lines[p.line].length})`).toBe(true);
    }
    const { start: s, end: e } = f.range;
    expect(s.line < e.line || (s.line === e.line && s.character <= e.character), `${f.ruleId} range ends before it starts`).toBe(true);
  }
  // Fixes never overlap: the edits of all findings are disjoint.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const starts = lineStarts(body);
  const edits = findings
    .flatMap((f) => f.fix?.edits ?? [])
    .map((e) => ({ start: offsetAt(starts, body, e.range.start), end: offsetAt(starts, body, e.range.end) }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < edits.length; i++) expect(edits[i].start, 'overlapping fixes').toBeGreaterThanOrEqual(edits[i - 1].end);
}

/**
 * What --fix does to a file: read it (a BOM, and a doubled one, set aside), lint, apply the fixes,
 * again until nothing applies (at most 10 passes), and write it with its BOM.
 */
function fixAll(text: string): string {
  const bom = text.charCodeAt(0) === 0xfeff;
  let t = bom ? text.slice(1) : text;
  if (bom && t.charCodeAt(0) === 0xfeff) t = t.slice(1);
  for (let pass = 0; pass < 10; pass++) {
    const findings = lintWorkspace([{ uri: 'f.parley', text: t }])[0].findings;
    const { text: next, applied } = applyFixes(t, findings);
    if (!applied.length) break;
    t = next;
  }
  return (bom ? '\ufeff' : '') + t;
}

function checkText(text: string): void {
  const script = parse(text, 'f.parley');
  expect(script.lines.length).toBe(documentLines(text).length);
  checkFindings(text, lintWorkspace([{ uri: 'f.parley', text }])[0].findings);
  const once = fixAll(text);
  expect(fixAll(once), 'fixing twice differs from fixing once').toBe(once);
  // After one round of fixes, nothing fixable is left.
  expect(lintWorkspace([{ uri: 'f.parley', text: once }])[0].findings.filter((f) => f.fix)).toEqual([]);
}

describe('fuzz: the parser and the rules on any text', () => {
  it(`hold their properties on ${RUNS} arbitrary texts`, { timeout: TIMEOUT }, () => {
    fc.assert(fc.property(anyText, checkText), { numRuns: RUNS, seed: SEED });
  });
});

describe('fuzz: mutated example scripts', () => {
  it('has the labelled examples to mutate', () => expect(exampleScripts.length).toBeGreaterThan(3));

  it(`hold their properties on ${RUNS} mutated scripts`, { timeout: TIMEOUT }, () => {
    fc.assert(fc.property(mutatedScript, checkText), { numRuns: RUNS, seed: SEED + 1 });
  });

  it(`hold them across files: ${Math.max(1, Math.floor(RUNS / 4))} workspaces of mutated scripts (cross-file rules)`, { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.array(mutatedScript, { minLength: 2, maxLength: 4 }), (texts) => {
        const results = lintWorkspace(texts.map((text, i) => ({ uri: `w${i}.parley`, text })));
        results.forEach((r, i) => checkFindings(texts[i], r.findings));
      }),
      { numRuns: Math.max(1, Math.floor(RUNS / 4)), seed: SEED + 2 },
    );
  });
});
