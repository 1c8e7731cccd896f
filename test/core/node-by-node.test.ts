/**
 * ARCHITECTURE.md, "A large file is linted node by node": lintScript makes a node's views, runs its
 * line and node rules on them and drops them before the next node; the file and workspace rules
 * then read views that keep only the matches of the lexicons they declare. Their findings are what
 * they find over the full views.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveConfig } from '../../server/src/core/config';
import { lexiconBank, lintScript, viewNodes } from '../../server/src/core/engine';
import { parse } from '../../server/src/core/parser';
import type { RuleContext, RuleReport } from '../../server/src/core/rule';
import { RULES } from '../../server/src/core/rules';
import { indexWorkspace } from '../../server/src/core/workspace';

const EXAMPLES = path.join(__dirname, '../../../shared/examples');
const CASES = path.join(__dirname, '..', 'generalisation', 'cases');
const files: [string, string][] = [
  ...fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.parley')).map((f) => [f, fs.readFileSync(path.join(EXAMPLES, f), 'utf8')] as [string, string]),
  ...(fs.existsSync(CASES) ? fs.readdirSync(CASES).filter((f) => f.endsWith('.parley')).slice(0, 20).map((f) => [f, fs.readFileSync(path.join(CASES, f), 'utf8')] as [string, string]) : []),
];
const ALL = resolveConfig({ rules: Object.fromEntries(RULES.filter((r) => r.meta.visits !== 'suppressions').map((r) => [r.meta.id, 'error'])) });
const perNode = (visits: string) => visits === 'line' || visits === 'node';

afterEach(() => vi.restoreAllMocks());

describe('node by node', () => {
  it('line and node rules get one node at a time, every rule on a node before the next node; file rules get every node once', () => {
    const scripts = files.map(([f, t]) => parse(t, f));
    const index = indexWorkspace(scripts);
    let multi = 0;
    for (const s of scripts) {
      const calls: { id: string; nodes: RuleContext['nodes'] }[] = [];
      for (const r of RULES) {
        const original = r.check.bind(r);
        vi.spyOn(r, 'check').mockImplementation((ctx) => {
          calls.push({ id: r.meta.id, nodes: [...ctx.nodes] });
          original(ctx);
        });
      }
      lintScript(s, index, ALL);
      vi.restoreAllMocks();
      let lastNode = -1;
      let fileRulesStarted = false;
      for (const c of calls) {
        const visits = RULES.find((r) => r.meta.id === c.id)!.meta.visits;
        if (perNode(visits)) {
          expect(fileRulesStarted, `${s.uri}: ${c.id} after the file rules`).toBe(false);
          expect(c.nodes.length, `${s.uri}: ${c.id}`).toBe(1);
          const at = s.nodes.indexOf(c.nodes[0].node);
          expect(at, `${s.uri}: ${c.id} went back to an earlier node`).toBeGreaterThanOrEqual(lastNode);
          lastNode = at;
        } else {
          fileRulesStarted = true;
          expect(c.nodes.map((n) => n.node)).toEqual(s.nodes);
        }
      }
      if (s.nodes.length > 1) multi++;
    }
    expect(multi).toBeGreaterThan(3);
  });

  it('file and workspace rules find over the kept views what they find over the full views', () => {
    const scripts = files.map(([f, t]) => parse(t, f));
    const index = indexWorkspace(scripts);
    const bank = lexiconBank(ALL);
    const fileRules = RULES.filter((r) => !perNode(r.meta.visits) && r.meta.visits !== 'suppressions');
    expect(fileRules.some((r) => r.meta.lexicons?.length)).toBe(true);
    let reported = 0;
    let read = 0;
    for (const s of scripts) {
      // Each file rule as lintScript runs it, then run by hand over the engine's full views.
      const got = new Map<string, RuleReport[]>(fileRules.map((r) => [r.meta.id, []]));
      for (const r of fileRules) {
        const original = r.check.bind(r);
        vi.spyOn(r, 'check').mockImplementation((ctx) => original({ ...ctx, report: (x) => (got.get(r.meta.id)!.push(x), ctx.report(x)) }));
      }
      lintScript(s, index, ALL);
      vi.restoreAllMocks();
      const full = viewNodes(s, index, ALL);
      for (const r of fileRules) {
        const out: RuleReport[] = [];
        r.check({ script: s, nodes: full, workspace: index, config: ALL, bank, options: {}, locale: 'zh', text: (id) => id, report: (x) => out.push(x) });
        const key = (x: RuleReport) => `${x.messageId} ${JSON.stringify(x.range)}`;
        expect(got.get(r.meta.id)!.map(key), `${s.uri}: ${r.meta.id}`).toEqual(out.map(key));
        reported += out.length;
      }
      // (the lexicons a file rule declares were read on some line)
      if (full.some((n) => n.agentLines.some((l) => fileRules.some((r) => r.meta.lexicons?.some((x) => l.hits.has(x)))))) read++;
    }
    expect(read).toBeGreaterThan(0);
    expect(reported).toBeGreaterThan(0);
  });
});
