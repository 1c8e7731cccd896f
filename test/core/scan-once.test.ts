/**
 * ARCHITECTURE.md, "One scan per line": every lexicon lives in one automaton and a rule asks the
 * line's hits, so a lint with every rule on scans each text line at most once — however many rules
 * and lexicons read it. Counted through the one entry point of the automaton, LexiconBank.scan.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveConfig } from '../../server/src/core/config';
import { lintScript } from '../../server/src/core/engine';
import { LexiconBank } from '../../server/src/core/lexicon';
import { parse } from '../../server/src/core/parser';
import { RULES } from '../../server/src/core/rules';
import { indexWorkspace } from '../../server/src/core/workspace';

const EXAMPLES = path.join(__dirname, '../../../shared/examples');

afterEach(() => vi.restoreAllMocks());

describe('one scan per line', () => {
  it('a lint with every rule on scans each text line at most once, and the lexicon rules do scan', () => {
    // Every rule at "error", whatever its default, so that none is skipped.
    const config = resolveConfig({ rules: Object.fromEntries(RULES.filter((r) => r.meta.visits !== 'suppressions').map((r) => [r.meta.id, 'error'])) });
    const files = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.parley')).sort();
    expect(files.length).toBeGreaterThan(3);
    const scripts = files.map((f) => parse(fs.readFileSync(path.join(EXAMPLES, f), 'utf8'), f));
    const index = indexWorkspace(scripts);
    const scan = vi.spyOn(LexiconBank.prototype, 'scan');
    for (const s of scripts) {
      scan.mockClear();
      const findings = lintScript(s, index, config);
      const textLines = s.nodes.reduce((n, node) => n + node.body.filter((b) => b.kind !== 'command').length, 0);
      // Calls, not distinct texts: two lines with the same text are two scans, one each.
      expect(scan.mock.calls.length, s.uri).toBeLessThanOrEqual(textLines);
      if (findings.some((f) => f.ruleId === 'third-party-disclosure' || f.ruleId === 'disclosure-before-verification')) expect(scan.mock.calls.length, s.uri).toBeGreaterThan(0);
    }
  });

});
