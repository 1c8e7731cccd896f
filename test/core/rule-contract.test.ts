/**
 * The declared rule contract: what each rule declares (what it visits, where it applies, whether it
 * fixes, whether it can be suppressed, its options) and what the engine does with it agree.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig, validateConfig } from '../../server/src/core/config';
import { INDEX_NODE, NODE_LOCAL, RuleError, appliesTo, lintScript, lintText } from '../../server/src/core/engine';
import { indexWorkspace } from '../../server/src/core/workspace';
import { parse } from '../../server/src/core/parser';
import { isIndexNode, isNodeLocal } from '../../server/src/core/rule';
import { RULES, ruleById } from '../../server/src/core/rules';
import type { SeveritySetting } from '../../server/src/core/types';

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'shared', 'examples');
const CASES = path.join(__dirname, '..', 'generalisation', 'cases');
const texts: [string, string][] = [
  ...fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.parley')).map((f) => [f, fs.readFileSync(path.join(EXAMPLES, f), 'utf8')] as [string, string]),
  ...(fs.existsSync(CASES) ? fs.readdirSync(CASES).filter((f) => f.endsWith('.parley')).slice(0, 12).map((f) => [f, fs.readFileSync(path.join(CASES, f), 'utf8')] as [string, string]) : []),
];

/** A config in which only `id` runs. */
function only(id: string) {
  const rules: Record<string, SeveritySetting> = {};
  for (const r of RULES) rules[r.meta.id] = r.meta.id === id ? 'error' : 'off';
  return resolveConfig({ rules });
}

const key = (f: { ruleId: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; message: string }) =>
  `${f.ruleId}@${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.message}`;

describe('declared rule contract', () => {
  it('every rule declares what it visits and its messages; the engine derives its node-local sets from that', () => {
    for (const r of RULES) {
      expect(['line', 'node', 'file', 'workspace', 'suppressions'], r.meta.id).toContain(r.meta.visits);
      expect(Object.keys(r.meta.messages).length, r.meta.id).toBeGreaterThan(0);
    }
    expect([...NODE_LOCAL].sort()).toEqual(RULES.filter((r) => isNodeLocal(r.meta)).map((r) => r.meta.id).sort());
    expect([...INDEX_NODE].sort()).toEqual(RULES.filter((r) => isIndexNode(r.meta)).map((r) => r.meta.id).sort());
  });

  // A rule declared `line`/`node` (and not reading the index) finds in a file exactly what it finds
  // in each node on its own: blank every other node's lines (line numbers stay) and lint again.
  it.each(RULES.filter((r) => isNodeLocal(r.meta)).map((r) => r.meta.id))('%s (declared node-local) finds node by node what it finds in the whole file', (id) => {
    const config = only(id);
    for (const [name, text] of texts) {
      const script = parse(text, name);
      const whole = new Set(lintScript(script, indexWorkspace([script]), config).map(key));
      const lines = text.split('\n');
      const pieces = new Set<string>();
      for (const n of script.nodes) {
        const mine = lines.map((l, i) => (i < script.nodes[0].titleLine || (i >= n.titleLine && i <= n.lastLine) ? l : ''));
        const s = parse(mine.join('\n'), name);
        for (const f of lintScript(s, indexWorkspace([s]), config)) pieces.add(key(f));
      }
      expect([...pieces].sort(), `${id} in ${name}`).toEqual([...whole].sort());
    }
  });

  it('a rule reports only in nodes its declared audiences, stage and channels allow; a non-fixable rule never carries a fix', () => {
    let checked = 0;
    for (const [name, text] of texts) {
      const script = parse(text, name);
      const findings = lintScript(script, indexWorkspace([script]));
      for (const f of findings) {
        const rule = ruleById(f.ruleId)!;
        if (!rule.meta.fixable) expect(f.fix, `${f.ruleId} in ${name}`).toBeUndefined();
        if (rule.meta.visits !== 'line' && rule.meta.visits !== 'node') continue;
        if (!rule.meta.audiences && rule.meta.maxStageDays === undefined && !rule.meta.channels) continue;
        const node = script.nodes.find((n) => f.range.start.line >= n.titleLine && f.range.start.line <= n.lastLine);
        if (!node) continue; // a file-header line reported for the nodes that inherit it
        const p = node.props;
        const view = { audience: p.audience?.value, stage: p.stage?.value, channel: p.channel?.value } as Parameters<typeof appliesTo>[1];
        expect(appliesTo(rule, view), `${f.ruleId} at ${name}:${f.range.start.line + 1}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('a rule declared unsuppressible is reported through a suppression comment; others are suppressed', () => {
    const text = [
      'audience: debtor', 'stage: M1', '', 'title: 开场', '---',
      '// parley-disable-next-line unused-disable, disable-without-reason, prefer-honorific -- 测试',
      '// parley-disable-next-line prefer-honorific',
      '坐席：你好，请问是张先生吗？', '===', '',
    ].join('\n');
    const ids = lintText(text).map((f) => f.ruleId);
    expect(ruleById('disable-without-reason')!.meta.suppressible).toBe(false);
    expect(ids).toContain('disable-without-reason');
    expect(ids).not.toContain('prefer-honorific');
  });

  it('a rule that throws is an internal error naming the rule and the file, never a finding', () => {
    const rule = ruleById('begging')!;
    const check = rule.check;
    rule.check = () => {
      throw new Error('boom');
    };
    try {
      expect(() => lintText('title: a\naudience: debtor\nstage: M1\n---\n坐席：您好。\n===\n', 'x/broken.parley')).toThrow(RuleError);
      try {
        lintText('title: a\naudience: debtor\nstage: M1\n---\n坐席：您好。\n===\n', 'x/broken.parley');
      } catch (e) {
        expect((e as RuleError).ruleId).toBe('begging');
        expect((e as Error).message).toContain('begging');
        expect((e as Error).message).toContain('x/broken.parley');
      }
    } finally {
      rule.check = check;
    }
  });
});

describe('config validation derives from the declared option schemas and lexicons', () => {
  const problems = (data: unknown) => {
    try {
      validateConfig(data, 'parley.config.json', RULES);
      return [];
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as ConfigError).problems;
    }
  };
  it('a misspelt option is an error with a did-you-mean', () => {
    expect(problems({ rules: { 'calling-hours': ['error', { erliest: '08:30' }] } })).toEqual([expect.stringMatching(/unknown option "erliest"; did you mean "earliest"\?/)]);
    expect(problems({ rules: { 'calling-hours': ['error', { earliest: '8点' }] } })).toEqual([expect.stringMatching(/"earliest"/)]);
    expect(problems({ rules: { 'calling-hours': ['error', { earliest: '08:30', latest: '20:00' }] } })).toEqual([]);
  });
  it('options for a rule that declares none are an error', () => {
    expect(problems({ rules: { begging: ['info', { strict: true }] } })).toEqual([expect.stringMatching(/takes no options/)]);
  });
  it('an unknown lexicon or rule id is an error with a did-you-mean', () => {
    expect(problems({ lexicons: { 'debt-word': { terms: ['欠钱'] } } })).toEqual([expect.stringMatching(/unknown lexicon "debt-word"; did you mean "debt-words"\?/)]);
    expect(problems({ rules: { 'calling-hour': 'off' } })).toEqual([expect.stringMatching(/unknown rule id "calling-hour"; did you mean "calling-hours"\?/)]);
  });
});
