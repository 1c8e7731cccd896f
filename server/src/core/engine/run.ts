/**
 * Running rules: which rules run and on which nodes (their declared audiences, stage, channels),
 * one rule over one file with its context and reports, messages rendered (late ones on demand),
 * and a rule that throws made an internal error (RuleError).
 */
import type { ResolvedConfig } from '../config';
import type { ParsedScript } from '../parser';
import type { NodeView, Rule, RuleContext, RuleReport } from '../rule';
import { fill, pick, type Locale, type MessageData } from '../messages';
import { ruleById } from '../rules';
import { hasAlternatives, safeWordingFor } from '../alternatives';
import type { Report } from '../types';

/**
 * A rule threw: an internal error of Parley, not a finding about the script. It names the rule and
 * the file; the CLI exits 2 with it, the language server logs it and keeps serving.
 */
export class RuleError extends Error {
  constructor(
    readonly ruleId: string,
    readonly uri: string,
    readonly cause: unknown,
  ) {
    super(`internal error: rule ${ruleId} failed on ${uri}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'RuleError';
  }
}

/** Render a rule's message in a locale (the finding's message; SARIF's other locale). */
export function renderMessage(ruleId: string, messageId: string, data: MessageData | undefined, locale: Locale): string {
  const t = ruleById(ruleId)?.meta.messages[messageId];
  if (!t) throw new Error(`rule ${ruleId} has no message "${messageId}"`);
  return fill(pick(t, locale), data, locale);
}

/** A rule's reports on one line beyond this are dropped as they come (memory: a line of a million 你). */
const MAX_RAW_REPORTS_PER_LINE = 10_000;

/**
 * `late`: the report's message is rendered, and its safe wording looked up, only if its finding
 * is in the output (see `render`): a large file has tens of thousands of reports beyond the
 * ceilings (MAX_FINDINGS_PER_FILE), and each rendered message was kept to the end.
 */
export type RawReport = { rule: Rule; report: Report; late?: boolean };

/** Is the rule run at all (the `suppressions` rules are the engine's own, after suppressions)? */
export function runs(rule: Rule, config: ResolvedConfig): boolean {
  return rule.meta.visits !== 'suppressions' && config.severities.get(rule.meta.id) !== 'off';
}

/** Does a line/node rule apply to this node (its declared audiences, stage and channels)? */
export function appliesTo(rule: Rule, node: NodeView): boolean {
  const m = rule.meta;
  if (m.audiences && (!node.audience || !m.audiences.includes(node.audience))) return false;
  if (m.maxStageDays !== undefined && (!node.stage || node.stage.max > m.maxStageDays)) return false;
  if (m.channels && node.channel && !m.channels.includes(node.channel)) return false;
  return true;
}

function declaredNodes(rule: Rule, nodes: NodeView[]): NodeView[] {
  const m = rule.meta;
  if (m.visits !== 'line' && m.visits !== 'node') return nodes;
  if (!m.audiences && m.maxStageDays === undefined && !m.channels) return nodes;
  return nodes.filter((n) => appliesTo(rule, n));
}

/** Run one rule; a rule that throws is an internal error (RuleError), never a finding. */
export function check(rule: Rule, on: Pick<RuleContext, 'script' | 'nodes' | 'workspace' | 'config' | 'bank'>, raw: RawReport[]): void {
  checker(rule, on, raw)(declaredNodes(rule, on.nodes));
}

/**
 * One rule over one file, run on the nodes given at each call (the declared nodes: the caller
 * filters); its reports appended to `raw`. The context, and the count of reports per line, last
 * across the calls.
 */
export function checker(rule: Rule, on: Pick<RuleContext, 'script' | 'nodes' | 'workspace' | 'config' | 'bank'>, raw: RawReport[], late = false): (nodes: NodeView[]) => void {
  const ctx = new RuleRun(rule, on, raw, late);
  return (nodes) => {
    ctx.nodes = nodes;
    try {
      rule.check(ctx);
    } catch (e) {
      throw e instanceof RuleError ? e : new RuleError(rule.meta.id, on.script.uri, e);
    }
  };
}

/**
 * A rule's context for one run (see checker): one object, its `text` and `report` methods (a rule
 * at every keystroke ran on a fresh node was a context, three closures and a map for each of the
 * node's rules; the count of reports per line is made at the first report).
 */
class RuleRun implements RuleContext {
  script: ParsedScript;
  nodes: NodeView[] = [];
  workspace: RuleContext['workspace'];
  config: RuleContext['config'];
  bank: RuleContext['bank'];
  options: Record<string, unknown>;
  locale: Locale;
  private perLine: Map<number, number> | undefined;

  constructor(
    private readonly rule: Rule,
    on: Pick<RuleContext, 'script' | 'nodes' | 'workspace' | 'config' | 'bank'>,
    private readonly raw: RawReport[],
    private readonly late: boolean,
  ) {
    this.script = on.script;
    this.workspace = on.workspace;
    this.config = on.config;
    this.bank = on.bank;
    this.options = on.config.options.get(rule.meta.id) ?? {};
    this.locale = on.config.locale;
  }

  text(messageId: string, data?: MessageData): string {
    const messages = this.rule.meta.messages;
    return fill(messages[messageId] ? pick(messages[messageId], this.locale) : messageId, data, this.locale);
  }

  report(r: RuleReport): void {
    const rule = this.rule;
    const id = rule.meta.id;
    const t = rule.meta.messages[r.messageId];
    if (!t) throw new Error(`rule ${id} reported an undeclared message "${r.messageId}"`);
    const line = r.range.start.line;
    const perLine = (this.perLine ??= new Map());
    const n = (perLine.get(line) ?? 0) + 1;
    perLine.set(line, n);
    if (n > MAX_RAW_REPORTS_PER_LINE) return;
    if (this.late) {
      this.raw.push({ rule, report: { ...r, ruleId: id, message: '' }, late: true });
      return;
    }
    const report: Report = { ...r, ruleId: id, message: fill(pick(t, this.locale), r.data, this.locale) };
    // A red-line phrase with a safe wording in the rule's docs: offered as a suggestion.
    if (!r.suggestions && line === r.range.end.line && hasAlternatives(id)) {
      const whole = this.script.lines[line];
      const text = whole?.slice(r.range.start.character, r.range.end.character);
      const safe = text ? safeWordingFor(id, text, r.range, this.locale, whole) : undefined;
      if (safe) report.suggestions = safe;
    }
    this.raw.push({ rule, report });
  }
}

/**
 * A late report's message, and its safe wording (a red-line phrase with one in the rule's docs:
 * offered as a suggestion), as `checker` makes them for a report that is not late: the report is
 * completed in place, its keys in the same order.
 */
export function render(rule: Rule, report: Report, script: ParsedScript, locale: Locale): void {
  if (report.message) return;
  const id = rule.meta.id;
  try {
    report.message = fill(pick(rule.meta.messages[report.messageId], locale), report.data, locale);
    const line = report.range.start.line;
    if (hasAlternatives(id) && !report.suggestions && line === report.range.end.line) {
      const whole = script.lines[line];
      const text = whole?.slice(report.range.start.character, report.range.end.character);
      const safe = text ? safeWordingFor(id, text, report.range, locale, whole) : undefined;
      if (safe) report.suggestions = safe;
    }
  } catch (e) {
    throw new RuleError(id, script.uri, e);
  }
}
