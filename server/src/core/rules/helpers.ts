/** Building blocks shared by rule modules. */
import type { Match } from '../lexicon';
import type { LineView, NodeView, Rule, RuleContext, RuleMeta } from '../rule';
import type { Severity } from '../types';
import type { Audience } from '../vocabulary';

export const NOT_LIABLE: Audience[] = ['spouse', 'family', 'informed-contact', 'contact', 'employer', 'public'];
export const LIABLE: Audience[] = ['debtor', 'co-borrower', 'guarantor', 'heir'];

/** Agent speaker lines (the lines language rules check). */
export function agentLines(ctx: RuleContext): LineView[] {
  const out: LineView[] = [];
  for (const n of ctx.nodes) out.push(...n.agentLines);
  return out;
}

export function excerpt(view: LineView, m: Match): string {
  return view.line.text.slice(m.start, m.end);
}

/** "Debt facts or purpose" (RULES.md §A): shared set plus the rule's own extra terms. */
export function debtFacts(view: LineView, ruleLexicon: string): Match[] {
  const a = view.hits.matches('debt-words');
  const b = view.hits.matches(ruleLexicon);
  if (!b.length) return a;
  return [...a, ...b].sort((x, y) => x.start - y.start);
}

export interface LexiconRuleOptions {
  meta: Omit<RuleMeta, 'scope'>;
  /** Audiences the rule applies to; undefined = every line regardless of audience. */
  audiences?: Audience[];
  /** Extra applicability test for the node. */
  applies?: (node: NodeView, ctx: RuleContext) => boolean;
  /** Message for one match. */
  message: (text: string) => string;
  severityFor?: (view: LineView) => Severity | undefined;
}

/** A rule that reports every match of its lexicon in agent lines. */
export function lexiconRule(o: LexiconRuleOptions): Rule {
  const meta: RuleMeta = { ...o.meta, scope: 'line', lexicons: o.meta.lexicons ?? [o.meta.id] };
  return {
    meta,
    check(ctx) {
      for (const node of ctx.nodes) {
        if (o.audiences && (!node.audience || !o.audiences.includes(node.audience))) continue;
        if (o.applies && !o.applies(node, ctx)) continue;
        for (const view of node.agentLines) {
          const found = view.hits.matches(meta.id);
          // (An index loop: this runs for every agent line and lexicon rule, mostly on no match.)
          for (let k = 0; k < found.length; k++) {
            const m = found[k];
            ctx.report({ message: o.message(excerpt(view, m)), range: view.rangeOf(m.start, m.end), defaultSeverity: o.severityFor?.(view) });
          }
        }
      }
    },
  };
}

/** A structure rule: reports what the parser or the workspace model found under its id. */
export function structureRule(meta: Omit<RuleMeta, 'scope' | 'category' | 'fixable'> & { scope?: RuleMeta['scope'] }): Rule {
  return {
    meta: { ...meta, category: 'structure', fixable: false, scope: meta.scope ?? 'line' },
    check(ctx) {
      for (const r of ctx.script.reports) if (r.ruleId === meta.id) ctx.report({ message: r.message, range: r.range });
    },
  };
}
