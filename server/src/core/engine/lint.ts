/**
 * Linting a whole script (node by node, then the file and workspace rules), a set of files, a text.
 */
import { DEFAULT_CONFIG, type ResolvedConfig } from '../config';
import { parse, type ParsedScript } from '../parser';
import type { NodeView, WorkspaceIndex } from '../rule';
import { RULES } from '../rules';
import { indexWorkspace } from '../workspace';
import type { Finding } from '../types';
import { lexiconBank } from './bank';
import { finish } from './finish';
import { appliesTo, checker, runs, type RawReport } from './run';
import { keep, nodeView } from './views';

export interface LintInput {
  uri: string;
  text: string;
}

export interface LintResult {
  uri: string;
  findings: Finding[];
}

/**
 * Lint one script in the context of a workspace (titles and jumps across files).
 */
export function lintScript(script: ParsedScript, index: WorkspaceIndex, config: ResolvedConfig = DEFAULT_CONFIG, ruleTime?: (ruleId: string, ms: number) => void): Finding[] {
  const bank = lexiconBank(config);
  // Node by node: a node's views are made, its line and node rules run on them (the same reports
  // in the same order as each rule run over the whole file: they read nothing but the node), and
  // the views dropped; the file and workspace rules then run over views that keep only what they
  // declare they read. (--stats: rule times are summed over the nodes; performance is a global in
  // Node and browsers.)
  const raws: RawReport[][] = RULES.map(() => []);
  const on = { script, nodes: [] as NodeView[], workspace: index, config, bank };
  const checks = RULES.map((rule, k) => (runs(rule, config) ? checker(rule, on, raws[k], true) : undefined));
  const timed = (k: number, nodes: NodeView[]) => {
    if (!ruleTime) return checks[k]!(nodes);
    const start = globalThis.performance.now();
    checks[k]!(nodes);
    ruleTime(RULES[k].meta.id, globalThis.performance.now() - start);
  };
  const perNode: number[] = [];
  const whole: number[] = [];
  const lexicons = new Set<string>();
  for (let k = 0; k < RULES.length; k++) {
    if (!checks[k]) continue;
    const m = RULES[k].meta;
    if (m.visits === 'line' || m.visits === 'node') perNode.push(k);
    else {
      whole.push(k);
      for (const l of m.lexicons ?? []) lexicons.add(l);
    }
  }
  const kept = [...lexicons];
  const nodes: NodeView[] = [];
  for (const n of script.nodes) {
    const view = nodeView(n, index, bank);
    const one = [view];
    for (const k of perNode) if (appliesTo(RULES[k], view)) timed(k, one);
    nodes.push(keep(view, bank, kept));
  }
  for (const k of whole) timed(k, nodes);
  return finish(script, raws.flat(), config);
}

/** Parse and lint a set of files that form one workspace. */
export function lintWorkspace(inputs: LintInput[], config: ResolvedConfig = DEFAULT_CONFIG): LintResult[] {
  const scripts = inputs.map((i) => parse(i.text, i.uri, { placeholders: config.placeholders }));
  const index = indexWorkspace(scripts);
  return scripts.map((s) => ({ uri: s.uri, findings: lintScript(s, index, config) }));
}

/** Lint one text on its own (a workspace of one file). */
export function lintText(text: string, uri = 'untitled.parley', config: ResolvedConfig = DEFAULT_CONFIG): Finding[] {
  return lintWorkspace([{ uri, text }], config)[0].findings;
}
