/**
 * The engine: builds the workspace model over parsed scripts, runs every enabled rule, applies
 * severities and suppression comments. Pure: it never reads files.
 */
import { DEFAULT_CONFIG, type ResolvedConfig } from './config';
import { LexiconBank, MARK, mergeClasses, type LexiconData, type LineHits, type Match } from './lexicon';
import { PREBUILT } from './prebuilt-bank';
import { BUILTIN_CLASSES, BUILTIN_LEXICONS } from './lexicons';
import { mover, nodeRoot, parse, type ParsedScript, type ScriptNode, type Suppression } from './parser';
import { isIndexNode, isNodeLocal, type Hits, type LineView, type NodeView, type Rule, type RuleContext, type WorkspaceIndex } from './rule';
import { coreMessage, fill, pick, type Locale, type MessageData } from './messages';
import { RULES, RULE_IDS, ruleById } from './rules';
import { detach, didYouMean, fold } from './text';
import { hasAlternatives, safeWordingFor } from './alternatives';
import { indexWorkspace, nodeIndexKey } from './workspace';
import { comparePositions, lineRange, type Finding, type Report, type Severity } from './types';

const bankCache = new Map<string, LexiconBank>();

/** The lexicon bank for a config: built-in lexicons plus the config's extra terms. Cached. */
export function lexiconBank(config: ResolvedConfig): LexiconBank {
  let bank = bankCache.get(config.key);
  if (bank) return bank;
  const builtin = Object.entries(BUILTIN_LEXICONS) as [string, LexiconData][];
  // The bundles carry the built-in lexicons compiled (prebuilt-bank.ts); a config's own word classes
  // can change what a built-in pattern means, so then everything is compiled.
  const restored = PREBUILT && Object.keys(config.classes).length === 0 ? LexiconBank.restore(PREBUILT, BUILTIN_CLASSES, builtin) : undefined;
  if (restored) bank = restored;
  else {
    bank = new LexiconBank(mergeClasses(BUILTIN_CLASSES, config.classes));
    for (const [name, data] of builtin) bank.add(name, data);
  }
  for (const [name, data] of Object.entries(config.lexicons)) bank.add(name, { terms: data.terms ?? [], exceptions: data.exceptions ?? [] });
  bank.build();
  if (bankCache.size > 16) bankCache.clear();
  bankCache.set(config.key, bank);
  return bank;
}

const MARKS: Record<string, string> = { debt: MARK.debt, agent: MARK.agent, debtor: MARK.debtor, other: MARK.other };

/** The line's text with each placeholder replaced by its category marker and filler (same length). */
function maskPlaceholders(line: ScriptNode['body'][number]): string {
  const text = line.text;
  let out = '';
  let pos = 0;
  for (const ph of line.placeholders) {
    const s = ph.range.start.character - line.textStart;
    const e = ph.range.end.character - line.textStart;
    if (s < pos || e <= s || e > text.length) return maskSlow(line);
    out += text.slice(pos, s) + (ph.category ? MARKS[ph.category] : MARK.unknown) + MARK.filler.repeat(e - s - 1);
    pos = e;
  }
  return out + text.slice(pos);
}

/** Unit-by-unit masking, for placeholder ranges that are out of order (never produced by the parser). */
function maskSlow(line: ScriptNode['body'][number]): string {
  const chars = [...Array(line.text.length)].map((_, i) => line.text[i]);
  for (const ph of line.placeholders) {
    const s = ph.range.start.character - line.textStart;
    const e = ph.range.end.character - line.textStart;
    for (let k = s; k < e; k++) chars[k] = MARK.filler;
    chars[s] = ph.category ? MARKS[ph.category] : MARK.unknown;
  }
  return chars.join('');
}

function detachData(d: MessageData): MessageData {
  const out: MessageData = {};
  for (const [k, v] of Object.entries(d)) out[k] = typeof v === 'string' ? detach(v) : Array.isArray(v) ? v.map(detach) : v;
  return out;
}

/**
 * A text line as the rules see it. Folding and the automaton scan happen on first use: most rules
 * read agent lines only, so respondent and option lines are usually never scanned.
 */
class TextLineView implements LineView {
  readonly audience: NodeView['audience'];
  readonly stage: NodeView['stage'];
  readonly channel: NodeView['channel'];
  readonly channelInvalid: boolean;
  private foldedText: string | undefined;
  private lineHits: LineHits | undefined;
  private keptHits: KeptHits | undefined;
  constructor(
    readonly node: ScriptNode,
    readonly line: ScriptNode['body'][number],
    view: Pick<NodeView, 'audience' | 'stage' | 'channel' | 'channelInvalid'>,
    private bank: LexiconBank,
    /** What the line's node pass kept of its hits (a view for the file rules, see KeptNodeView). */
    kept?: { names: readonly string[]; found: KeptLine },
  ) {
    this.audience = view.audience;
    this.stage = view.stage;
    this.channel = view.channel;
    this.channelInvalid = view.channelInvalid;
    if (kept) this.keptHits = new KeptHits(kept.names, kept.found, this);
  }
  get folded(): string {
    return (this.foldedText ??= fold(this.line.placeholders.length ? maskPlaceholders(this.line) : this.line.text));
  }
  get hits(): Hits {
    return this.keptHits ?? this.scanned();
  }
  /** The line's hits, from the automaton (once). */
  scanned(): LineHits {
    return (this.lineHits ??= this.bank.scan(this.folded));
  }
  /** Does the term that made `m` declare itself negatable? (The bank's data: no scan.) */
  negatable(lexicon: string, m: Match): boolean {
    return this.bank.negatable(lexicon, m.pattern);
  }
  /** Was the line scanned (did a rule read its hits)? */
  get wasScanned(): boolean {
    return this.lineHits !== undefined;
  }
  rangeOf(s: number, e: number) {
    return lineRange(this.line.line, this.line.textStart + s, this.line.textStart + e);
  }
  /** Take over what an earlier view of the same text (a line moved, not changed) already computed. */
  adopt(earlier: TextLineView): void {
    this.foldedText = earlier.foldedText;
    this.lineHits = earlier.lineHits;
  }
}

function nodeView(node: ScriptNode, index: WorkspaceIndex, bank: LexiconBank, known?: { lines: TextLineView[]; agentLines: TextLineView[] }): NodeView {
  const p = node.props;
  const tags = p.tags?.value ?? [];
  const view: NodeView = {
    node,
    audience: p.audience?.value,
    audienceInvalid: !!p.audience && !p.audience.value,
    stage: p.stage?.value,
    stageInvalid: !!p.stage && !p.stage.value,
    channel: p.channel?.value,
    channelInvalid: !!p.channel && !p.channel.value,
    time: p.time?.value,
    agents: p.agents?.value,
    isEntry: tags.includes('start') || !index.incoming.get(node.title),
    lines: known?.lines ?? [],
    agentLines: known?.agentLines ?? [],
  };
  if (known) return view;
  for (const line of node.body) {
    if (line.kind === 'command') continue;
    const lv = new TextLineView(node, line, view, bank);
    view.lines.push(lv);
    if (line.role === 'agent' && line.kind === 'speaker') view.agentLines.push(lv);
  }
  return view;
}

/**
 * What a file or workspace rule may read of a line once its node's line and node rules are done:
 * the matches of the lexicons those rules declare (`meta.lexicons`), in the order given to
 * `keptLexicons`. Undefined for a line no rule scanned: it is scanned if a file rule asks.
 */
type KeptLine = readonly (readonly Match[])[];

/** The hits of a kept line: the declared lexicons' matches; any other lexicon scans the line. */
class KeptHits implements Hits {
  constructor(
    private names: readonly string[],
    private found: KeptLine,
    private view: TextLineView,
  ) {}
  matches(lexicon: string): Match[] {
    const k = this.names.indexOf(lexicon);
    return (k >= 0 ? this.found[k] : this.view.scanned().matches(lexicon)) as Match[];
  }
  has(lexicon: string): boolean {
    return this.matches(lexicon).length > 0;
  }
  negatable(lexicon: string, m: Match): boolean {
    return this.view.negatable(lexicon, m);
  }
}

/**
 * A node's view for the file and workspace rules, once its line and node rules have run: the
 * header fields, and line views made when a rule reads them, from the node's body and what the
 * node pass kept of each line (KeptLine). A large file so holds no line views, folded texts or
 * hits of nodes already linted: memory follows the largest node, not the file.
 */
class KeptNodeView implements NodeView {
  readonly node: ScriptNode;
  readonly audience: NodeView['audience'];
  readonly audienceInvalid: boolean;
  readonly stage: NodeView['stage'];
  readonly stageInvalid: boolean;
  readonly channel: NodeView['channel'];
  readonly channelInvalid: boolean;
  readonly time: NodeView['time'];
  readonly agents: NodeView['agents'];
  readonly isEntry: boolean;
  private views: { lines: LineView[]; agentLines: LineView[] } | undefined;
  constructor(
    from: NodeView,
    private bank: LexiconBank,
    /** The kept lexicons' names, and one entry per text line of the node, in order (undefined: the line was not scanned). */
    private names: readonly string[],
    private kept: (KeptLine | undefined)[] | undefined,
  ) {
    this.node = from.node;
    this.audience = from.audience;
    this.audienceInvalid = from.audienceInvalid;
    this.stage = from.stage;
    this.stageInvalid = from.stageInvalid;
    this.channel = from.channel;
    this.channelInvalid = from.channelInvalid;
    this.time = from.time;
    this.agents = from.agents;
    this.isEntry = from.isEntry;
  }
  get lines(): LineView[] {
    return (this.views ??= this.make()).lines;
  }
  get agentLines(): LineView[] {
    return (this.views ??= this.make()).agentLines;
  }
  private make(): { lines: LineView[]; agentLines: LineView[] } {
    const lines: LineView[] = [];
    const agentLines: LineView[] = [];
    let i = 0;
    for (const line of this.node.body) {
      if (line.kind === 'command') continue;
      const found = this.kept?.[i++];
      const lv = new TextLineView(this.node, line, this, this.bank, found && { names: this.names, found });
      lines.push(lv);
      if (line.role === 'agent' && line.kind === 'speaker') agentLines.push(lv);
    }
    this.kept = undefined;
    return { lines, agentLines };
  }
}

/** One array of empty matches per kept lexicon count (a line with none of them). */
const NONE_KEPT: (readonly Match[])[][] = [];

/** What the file rules will read of a node whose line and node rules are done (see KeptNodeView). */
function keep(view: NodeView, bank: LexiconBank, lexicons: readonly string[]): KeptNodeView {
  let kept: (KeptLine | undefined)[] | undefined;
  if (lexicons.length) {
    kept = [];
    const none = (NONE_KEPT[lexicons.length] ??= lexicons.map(() => [] as Match[]));
    for (const lv of view.lines as TextLineView[]) {
      if (!lv.wasScanned) {
        kept.push(undefined);
        continue;
      }
      const hits = lv.scanned();
      let found: (readonly Match[])[] | undefined;
      for (let k = 0; k < lexicons.length; k++) {
        const m = hits.matches(lexicons[k]);
        if (m.length) (found ??= none.slice())[k] = m;
      }
      kept.push(found ?? none);
    }
  }
  return new KeptNodeView(view, bank, lexicons, kept);
}

export interface LintInput {
  uri: string;
  text: string;
}

export interface LintResult {
  uri: string;
  findings: Finding[];
}

function severityOf(rule: Rule, report: Report, config: ResolvedConfig): Severity | 'off' {
  const configured = config.severities.get(rule.meta.id);
  if (configured) return configured;
  return report.defaultSeverity ?? rule.meta.defaultSeverity;
}

/** The line a `disable-next-line` comment applies to: the next line that is not blank or a comment. */
function nextCodeLine(script: ParsedScript, line: number): number {
  for (let i = line + 1; i < script.lines.length; i++) {
    const t = script.lines[i].trim();
    if (t && !t.startsWith('//')) return i;
  }
  return line + 1;
}

interface ActiveSuppression {
  s: Suppression;
  from: number;
  to: number;
  /** Last line suppressed for a rule re-enabled by a `parley-enable <id>` before `to`. */
  closed: Map<string, number>;
  used: Set<string>;
}

/** Does this span suppress `ruleId` on `line`? */
function covers(span: ActiveSuppression, ruleId: string, line: number): boolean {
  if (line < span.from || line > span.to) return false;
  if (span.s.rules.length && !span.s.rules.some((r) => r.id === ruleId)) return false;
  const closedAt = span.closed.get(ruleId);
  return closedAt === undefined || line <= closedAt;
}

function suppressionSpans(script: ParsedScript): ActiveSuppression[] {
  const spans: ActiveSuppression[] = [];
  const open: ActiveSuppression[] = [];
  for (const s of script.suppressions) {
    if (s.kind === 'next-line') {
      const l = nextCodeLine(script, s.line);
      spans.push({ s, from: l, to: l, closed: new Map(), used: new Set() });
    } else if (s.kind === 'unknown') continue;
    else if (s.kind === 'file') spans.push({ s, from: 0, to: Infinity, closed: new Map(), used: new Set() });
    else if (s.kind === 'disable') {
      const span: ActiveSuppression = { s, from: s.line + 1, to: Infinity, closed: new Map(), used: new Set<string>() };
      spans.push(span);
      open.push(span);
    } else {
      // enable: with no ids, ends every open disable; with ids, ends the suppression of just those
      // rules (a `disable a, b` … `enable a` keeps b disabled).
      // A span whose every rule is re-enabled ends there too, and leaves `open` (linear in the
      // comments: 32,000 disable/enable pairs keep one span open at a time, not 32,000).
      const ids = s.rules.map((r) => r.id);
      for (const span of open) {
        if (span.to !== Infinity) continue;
        if (!ids.length) span.to = s.line - 1;
        else {
          for (const id of ids) if (!span.closed.has(id)) span.closed.set(id, s.line - 1);
          if (span.s.rules.length && span.s.rules.every((r) => span.closed.has(r.id))) span.to = Math.max(...span.s.rules.map((r) => span.closed.get(r.id)!));
        }
      }
      for (let k = open.length - 1; k >= 0; k--) if (open[k].to !== Infinity) open.splice(k, 1);
    }
  }
  return spans;
}

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

/**
 * `late`: the report's message is rendered, and its safe wording looked up, only if its finding
 * is in the output (see `render`): a large file has tens of thousands of reports beyond the
 * ceilings (MAX_FINDINGS_PER_FILE), and each rendered message was kept to the end.
 */
type RawReport = { rule: Rule; report: Report; late?: boolean };

/** Is the rule run at all (the `suppressions` rules are the engine's own, after suppressions)? */
function runs(rule: Rule, config: ResolvedConfig): boolean {
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
function check(rule: Rule, on: Pick<RuleContext, 'script' | 'nodes' | 'workspace' | 'config' | 'bank'>, raw: RawReport[]): void {
  checker(rule, on, raw)(declaredNodes(rule, on.nodes));
}

/**
 * One rule over one file, run on the nodes given at each call (the declared nodes: the caller
 * filters); its reports appended to `raw`. The context, and the count of reports per line, last
 * across the calls.
 */
function checker(rule: Rule, on: Pick<RuleContext, 'script' | 'nodes' | 'workspace' | 'config' | 'bank'>, raw: RawReport[], late = false): (nodes: NodeView[]) => void {
  const locale = on.config.locale;
  const messages = rule.meta.messages;
  const id = rule.meta.id;
  const perLine = new Map<number, number>();
  const withAlternatives = hasAlternatives(id);
  const ctx: RuleContext = {
    ...on,
    nodes: [],
    options: on.config.options.get(id) ?? {},
    locale,
    text: (messageId, data) => fill(messages[messageId] ? pick(messages[messageId], locale) : messageId, data, locale),
    report: (r) => {
      const t = messages[r.messageId];
      if (!t) throw new Error(`rule ${id} reported an undeclared message "${r.messageId}"`);
      const line = r.range.start.line;
      const n = (perLine.get(line) ?? 0) + 1;
      perLine.set(line, n);
      if (n > MAX_RAW_REPORTS_PER_LINE) return;
      if (late) {
        raw.push({ rule, report: { ...r, ruleId: id, message: '' }, late });
        return;
      }
      const report: Report = { ...r, ruleId: id, message: fill(pick(t, locale), r.data, locale) };
      // A red-line phrase with a safe wording in the rule's docs: offered as a suggestion.
      if (withAlternatives && !r.suggestions && line === r.range.end.line) {
        const whole = on.script.lines[line];
        const text = whole?.slice(r.range.start.character, r.range.end.character);
        const safe = text ? safeWordingFor(id, text, r.range, locale, whole) : undefined;
        if (safe) report.suggestions = safe;
      }
      raw.push({ rule, report });
    },
  };
  return (nodes) => {
    ctx.nodes = nodes;
    try {
      rule.check(ctx);
    } catch (e) {
      throw e instanceof RuleError ? e : new RuleError(id, on.script.uri, e);
    }
  };
}

/**
 * A late report's message, and its safe wording (a red-line phrase with one in the rule's docs:
 * offered as a suggestion), as `checker` makes them for a report that is not late: the report is
 * completed in place, its keys in the same order.
 */
function render(rule: Rule, report: Report, script: ParsedScript, locale: Locale): void {
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

/** Severities, suppression comments and their own findings, dedupe and order: over the whole file. */
/**
 * `known`: the finding made earlier from the same report object (the incremental linter keeps a
 * node's reports while the node is unchanged): given again, as the same object, when its severity
 * and file are the same, so that what a client keeps per finding (the language server's encoded
 * diagnostic) is reused too. Findings are not changed after they are returned.
 */
function finish(script: ParsedScript, raw: RawReport[], config: ResolvedConfig, known?: WeakMap<Report, Finding>): Finding[] {
  // Suppressions.
  const spans = suppressionSpans(script);
  const findings: Finding[] = [];
  /** Findings given again (already detached). */
  const reused = new Set<Finding>();
  // (the severity of a rule's findings, unless a finding carries its own default)
  const ruleSeverity = new Map<Rule, Severity | 'off'>();
  // Reports in line order (stable: raw order within a line), spans swept alongside: each report
  // is checked against the spans covering its line only, not every span of the file.
  const order = byLine(raw, (r) => r.report.range.start.line);
  const byFrom = spans.slice().sort((a, b) => a.from - b.from);
  let nextSpan = 0;
  let active: ActiveSuppression[] = [];
  let activeLine = -1;
  /** The findings of late reports (RawReport.late), with their rule and report. */
  const lateOf = new Map<Finding, RawReport>();
  for (const { rule, report, late } of order) {
    let sev: Severity | 'off' | undefined;
    if (report.defaultSeverity === undefined) {
      sev = ruleSeverity.get(rule);
      if (sev === undefined) ruleSeverity.set(rule, (sev = severityOf(rule, report, config)));
    } else sev = severityOf(rule, report, config);
    if (sev === 'off') continue;
    const line = report.range.start.line;
    if (line !== activeLine) {
      activeLine = line;
      while (nextSpan < byFrom.length && byFrom[nextSpan].from <= line) active.push(byFrom[nextSpan++]);
      if (active.length) active = active.filter((s) => s.to >= line);
    }
    let suppressed = false;
    if (rule.meta.suppressible !== false) for (const span of active) {
      if (!covers(span, rule.meta.id, line)) continue;
      span.used.add(span.s.rules.length ? rule.meta.id : '*');
      suppressed = true;
    }
    if (suppressed) continue;
    const earlier = known?.get(report);
    if (earlier && earlier.severity === sev && earlier.uri === script.uri) {
      findings.push(earlier);
      reused.add(earlier);
      continue;
    }
    const f: Finding = { ...report, severity: sev, uri: script.uri };
    if (late) lateOf.set(f, { rule, report });
    known?.set(report, f);
    findings.push(f);
  }

  const locale = config.locale;
  const meta = (id: string, messageId: string, data: MessageData | undefined, range: Report['range'], guess?: string) => {
    const rule = ruleById(id)!;
    const report: Report = { ruleId: id, messageId, ...(data ? { data } : {}), message: fill(pick(rule.meta.messages[messageId], locale), data, locale), range };
    if (guess) report.suggestions = [{ title: coreMessage('replaceWith', { text: guess }, locale), edits: [{ range, newText: guess }] }];
    const sev = severityOf(rule, report, config);
    if (sev !== 'off') findings.push({ ...report, severity: sev, uri: script.uri });
  };
  for (const span of spans) {
    const s = span.s;
    if (!s.rules.length) {
      if (!span.used.size) meta('unused-disable', 'unused', undefined, s.range);
    } else {
      for (const r of s.rules) {
        if (!RULE_IDS.has(r.id)) {
          const guess = didYouMean(r.id, RULE_IDS);
          meta('unused-disable', guess ? 'unknown-rule-guess' : 'unknown-rule', guess ? { id: r.id, guess } : { id: r.id }, r.range, guess);
        } else if (!span.used.has(r.id) && config.severities.get(r.id) !== 'off') {
          // (a rule turned off by the config never reports, so its suppression is not called unused)
          meta('unused-disable', 'unused-rule', { id: r.id }, r.range);
        }
      }
    }
    if (!s.reason) meta('disable-without-reason', 'missing', undefined, s.range);
  }
  for (const s of script.suppressions) {
    if (s.kind !== 'unknown') continue;
    const valid = ['parley-disable-next-line', 'parley-disable', 'parley-enable', 'parley-disable-file'];
    const guess = didYouMean(s.directive ?? '', valid);
    const directive = s.directive ?? '';
    meta('unused-disable', guess ? 'unknown-directive-guess' : 'unknown-directive', guess ? { directive, guess, valid } : { directive, valid }, s.range, guess);
  }

  // Sort, and dedupe (a file-header line can cause the same finding for several nodes): the sort
  // is stable, so the copies of a finding (same rule, range and message) end up in one run of
  // findings with the same rule and range, in the order they were reported; the first is kept.
  // (Order: start, end, rule id; ties in the order found. A stable counting sort by start line,
  // then each line's few findings sorted: linear in the findings and lines, where one sort of a
  // large file's thousands of findings was most of an edit's cost in the language server.)
  const sorted = byLine(findings, (f) => f.range.start.line);
  for (let i = 0; i < sorted.length; ) {
    const line = sorted[i].range.start.line;
    let j = i + 1;
    while (j < sorted.length && sorted[j].range.start.line === line) j++;
    if (j - i > 1) sortRun(sorted, i, j);
    i = j;
  }
  const out: Finding[] = [];
  /** The message of a finding (a late one's rendered now: two findings of one rule on one range). */
  const messageOf = (f: Finding): string => {
    const l = lateOf.get(f);
    if (l && !l.report.message) {
      render(l.rule, l.report, script, locale);
      f.message = l.report.message;
    }
    return f.message;
  };
  let run = 0; // start (in out) of the run of kept findings with the last one's rule and range
  for (const f of sorted) {
    const last = out[out.length - 1];
    if (!last || last.ruleId !== f.ruleId || comparePositions(last.range.start, f.range.start) || comparePositions(last.range.end, f.range.end)) run = out.length;
    else {
      let copy = false;
      for (let k = run; k < out.length && !copy; k++) copy = messageOf(out[k]) === messageOf(f);
      if (copy) continue;
    }
    if (!reused.has(f) && !lateOf.has(f)) {
      f.message = detach(f.message);
      if (f.data) f.data = detachData(f.data);
    }
    out.push(f);
  }
  const capped = capFindings(out, config.locale);
  if (!lateOf.size) return capped;
  // The late findings that are in the output: made as those of other reports are.
  for (let i = 0; i < capped.length; i++) {
    const l = lateOf.get(capped[i]);
    if (!l) continue;
    render(l.rule, l.report, script, locale);
    const f: Finding = { ...l.report, severity: capped[i].severity, uri: script.uri };
    f.message = detach(f.message);
    if (f.data) f.data = detachData(f.data);
    capped[i] = f;
  }
  return capped;
}

/**
 * Items in the order of a non-negative integer key (a line), stable: a counting sort, linear in the
 * items and the largest key. Keys that are not such integers (never produced) fall back to a sort.
 */
function byLine<T>(items: readonly T[], key: (x: T) => number): T[] {
  let max = 0;
  for (let i = 0; i < items.length; i++) {
    const k = key(items[i]);
    if (!(k >= 0 && Number.isInteger(k))) return items.map((x, i) => ({ x, i, k: key(x) })).sort((a, b) => a.k - b.k || a.i - b.i).map((e) => e.x);
    if (k > max) max = k;
  }
  // (a key far above the number of items: a sort costs less than the counts)
  if (max > 4 * items.length + 1024) return items.map((x, i) => ({ x, i, k: key(x) })).sort((a, b) => a.k - b.k || a.i - b.i).map((e) => e.x);
  const starts = new Uint32Array(max + 2);
  for (let i = 0; i < items.length; i++) starts[key(items[i]) + 1]++;
  for (let k = 1; k < starts.length; k++) starts[k] += starts[k - 1];
  const out = new Array<T>(items.length);
  for (let i = 0; i < items.length; i++) out[starts[key(items[i])]++] = items[i];
  return out;
}

/** Rule ids in the order of `localeCompare` (the findings' order on one range), as ranks. */
let ruleRanks: Map<string, number> | undefined;
function compareRuleIds(a: string, b: string): number {
  if (a === b) return 0;
  ruleRanks ??= new Map([...RULE_IDS].sort((x, y) => x.localeCompare(y)).map((id, i) => [id, i]));
  const x = ruleRanks.get(a);
  const y = ruleRanks.get(b);
  return x !== undefined && y !== undefined ? x - y : a.localeCompare(b);
}

/** The output's order of findings: start, end, rule id. */
function compareFindings(a: Finding, b: Finding): number {
  return comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end) || compareRuleIds(a.ruleId, b.ruleId);
}

/** Sort findings[from, to) (one start line) by start, end and rule id; stable. */
function sortRun(findings: Finding[], from: number, to: number): void {
  const part = findings.slice(from, to);
  part.sort(compareFindings);
  for (let k = 0; k < part.length; k++) findings[from + k] = part[k];
}

/** At most this many findings on one line, and in one file; one more finding says the rest were cut. */
export const MAX_FINDINGS_PER_LINE = 100;
export const MAX_FINDINGS_PER_FILE = 5000;
/** A rule's reports on one line beyond this are dropped as they come (memory: a line of a million 你). */
const MAX_RAW_REPORTS_PER_LINE = 10_000;
const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

/**
 * The ceilings: sorted findings in, at most MAX_FINDINGS_PER_LINE per line and MAX_FINDINGS_PER_FILE
 * in all out, plus one `findings-cut` finding where the first was cut, as severe as the most severe
 * finding cut (so a cut never lowers the exit code), saying how many were left out.
 */
function capFindings(sorted: Finding[], locale: Locale): Finding[] {
  if (sorted.length <= MAX_FINDINGS_PER_LINE) return sorted;
  const out: Finding[] = [];
  let line = -1;
  let onLine = 0;
  let cut = 0;
  let worst: Severity = 'hint';
  let first: Finding | undefined;
  let at = 0;
  for (const f of sorted) {
    if (f.range.start.line !== line) {
      line = f.range.start.line;
      onLine = 0;
    }
    if (onLine < MAX_FINDINGS_PER_LINE && out.length < MAX_FINDINGS_PER_FILE) {
      out.push(f);
      onLine++;
      continue;
    }
    if (!first) {
      first = f;
      at = out.length;
    }
    cut++;
    if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]) worst = f.severity;
  }
  if (!first) return sorted;
  out.splice(at, 0, {
    ruleId: 'findings-cut',
    severity: worst,
    uri: first.uri,
    range: first.range,
    messageId: 'findingsCut',
    data: { cut, perLine: MAX_FINDINGS_PER_LINE, perFile: MAX_FINDINGS_PER_FILE },
    message: coreMessage('findingsCut', { cut, perLine: MAX_FINDINGS_PER_LINE, perFile: MAX_FINDINGS_PER_FILE }, locale),
  });
  return out;
}

/**
 * Rules whose findings for a node depend on nothing but that node (its header, including the file
 * header's defaults, its lines) and the config: derived from what each rule declares it visits
 * (`line` or `node`). Four of them (calling-hours, rest-hours, early-third-party-contact,
 * visit-single-agent) report a file-header line once per file: node by node they report it for each
 * node that inherits it, with the same message and range, and the dedupe in `finish` keeps the
 * first, as a whole-file run does. test/core/rule-contract.test.ts checks each declaration.
 */
export const NODE_LOCAL: ReadonlySet<string> = new Set(RULES.filter((r) => isNodeLocal(r.meta)).map((r) => r.meta.id));

/**
 * Rules that look at one node at a time but also at the workspace index (`readsIndex`): whether the
 * node is an entry node (incoming jumps) and the audience of the nodes it jumps to. Their findings
 * for a node are kept while what the node reads of the index is the same.
 */
export const INDEX_NODE: ReadonlySet<string> = new Set(RULES.filter((r) => isIndexNode(r.meta)).map((r) => r.meta.id));

/** Reports by index in RULES (holes: none). */
type ReportsByRule = (Report[] | undefined)[];

/** What the incremental linter keeps of one node: its line views (folded text, lexicon hits) and its node-local reports. */
interface NodeCache {
  /** The node these views and reports are for (positions are this node's). */
  node: ScriptNode;
  lines: TextLineView[];
  agentLines: TextLineView[];
  /** Reports of the node-local rules. */
  reports: ReportsByRule;
  /**
   * The node's view and the reports of the index rules, for one index, with what of that index they
   * read (`nodeIndexKey`, core/workspace): another index that gives the node the same is as good.
   */
  indexed?: { index: WorkspaceIndex; deps: string; view: NodeView; reports: ReportsByRule };
  /** Both kinds of reports as [rule index, reports] pairs (what each lint walks). */
  pairs?: [number, Report[]][];
  /** The node's findings, finished as far as they can be alone (see Chunk); reset with `pairs`. */
  chunk?: Chunk;
}

/**
 * One node's part of the output when the file has no suppression comments: the findings of its
 * reports on its own lines, with severities, in the output's order and deduplicated (what `finish`
 * does, restricted to lines no other node reports on), and its reports outside its lines (a
 * file-header line), which are merged with the file rules' reports at every lint. A lint then
 * takes an unchanged node's findings as one run, without looking at them.
 */
interface Chunk {
  uri: string;
  findings: Finding[];
  /** Start lines of the first and last finding. */
  firstLine: number;
  lastLine: number;
  /** The most findings on one line (for the per-line ceiling). */
  maxPerLine: number;
  /** Reports outside the node's lines, with their place in the node's order. */
  outside: { rule: Rule; report: Report; seq: number }[];
}

function pairsOf(c: NodeCache): [number, Report[]][] {
  const out: [number, Report[]][] = [];
  for (const by of [c.reports, c.indexed?.reports ?? []]) by.forEach((list, k) => list && out.push([k, list]));
  return out;
}

/** Run the given rules on one node. */
function checkNode(rules: ReadonlySet<string>, view: NodeView, script: ParsedScript, index: WorkspaceIndex, config: ResolvedConfig, bank: LexiconBank): ReportsByRule {
  const out: ReportsByRule = [];
  for (let k = 0; k < RULES.length; k++) {
    const rule = RULES[k];
    if (!rules.has(rule.meta.id) || !runs(rule, config)) continue;
    const raw: RawReport[] = [];
    check(rule, { script, nodes: [view], workspace: index, config, bank }, raw);
    if (raw.length) out[k] = raw.map((r) => r.report);
  }
  return out;
}

/**
 * Lints successive versions of one document and gives, each time, exactly what `lintScript` gives:
 * node-local rules run only on nodes that are new since the previous version (a node that is the
 * same object — `reparse` keeps unchanged nodes — or an unchanged node moved by whole lines keeps
 * its reports, moved with it); every other rule, the suppression comments, the dedupe and the order
 * are applied over the whole file. It keeps the nodes of the last version only: memory follows the
 * document, not the number of edits. The config object must be the same for the cache to be kept.
 */
export class IncrementalLinter {
  private config: ResolvedConfig | undefined;
  private cache = new Map<ScriptNode, NodeCache>();
  /** The finding made from each kept report (see finish): unchanged nodes give the same finding objects. */
  private findings = new WeakMap<Report, Finding>();
  /** The file rules' findings of the last lint, by value (see assemble). */
  private fileFindings = new Map<string, Finding>();
  /** Nodes whose node-local rules ran in the last lint (for tests and traces). */
  lastChecked = 0;

  lint(script: ParsedScript, index: WorkspaceIndex, config: ResolvedConfig = DEFAULT_CONFIG): Finding[] {
    this.useConfig(config);
    const bank = lexiconBank(config);
    const next = new Map<ScriptNode, NodeCache>();
    const nodes: NodeView[] = [];
    // Cached reports by rule, in node order: [rule index][k] (filled node by node below).
    const byRule: Report[][][] = [];
    let checked = 0;
    for (const n of script.nodes) {
      // Keyed by the node's root: a node that moved (even several times since the last lint) finds
      // the work done on any earlier copy of it.
      const root = nodeRoot(n);
      let c = this.cache.get(root);
      if (c && c.node !== n) {
        const earlier: NodeCache = c;
        c = c.node.title === n.title && c.node.body.length === n.body.length ? moved(c, n, bank) : undefined;
        // (its findings moved as they are: what chunkOf would give, without finishing them again)
        if (c && earlier.chunk?.uri === script.uri) c.chunk = movedChunk(earlier, c);
      }
      if (!c) {
        checked++;
        c = fresh(n, script, index, config, bank);
      } else if (c.indexed?.index !== index) {
        const deps = nodeIndexKey(n, index);
        if (c.indexed && c.indexed.deps === deps) c.indexed = { ...c.indexed, index };
        else {
          const view = nodeView(n, index, bank, c);
          c.indexed = { index, deps, view, reports: checkNode(INDEX_NODE, view, script, index, config, bank) };
          c.pairs = undefined;
          c.chunk = undefined;
        }
      }
      next.set(root, c);
      nodes.push(c.indexed!.view);
      const pairs = (c.pairs ??= pairsOf(c));
      for (let i = 0; i < pairs.length; i++) (byRule[pairs[i][0]] ??= []).push(pairs[i][1]);
    }
    this.cache = next;
    this.lastChecked = checked;
    if (!script.suppressions.length) {
      const out = this.assemble(script, nodes, index, config, bank);
      if (out) return out;
    }

    const raw: RawReport[] = [];
    for (let k = 0; k < RULES.length; k++) {
      const rule = RULES[k];
      if (!runs(rule, config)) continue;
      if (!NODE_LOCAL.has(rule.meta.id) && !INDEX_NODE.has(rule.meta.id)) {
        check(rule, { script, nodes, workspace: index, config, bank }, raw);
        continue;
      }
      for (const list of byRule[k] ?? []) for (const report of list) raw.push({ rule, report });
    }
    return finish(script, raw, config, this.findings);
  }

  /**
   * The node work of a coming `lint` of `script`, for its nodes [from, to), done ahead: that lint
   * finds it done. A long lint can so be cut into slices (the language server's background lint of
   * closed files, lsp/background.ts). Nodes prepared but not in the script linted next are dropped.
   */
  prepare(script: ParsedScript, index: WorkspaceIndex, config: ResolvedConfig, from: number, to: number): void {
    this.useConfig(config);
    const bank = lexiconBank(config);
    for (let i = from; i < Math.min(to, script.nodes.length); i++) {
      const n = script.nodes[i];
      const root = nodeRoot(n);
      if (!this.cache.has(root)) this.cache.set(root, fresh(n, script, index, config, bank));
    }
  }

  private useConfig(config: ResolvedConfig): void {
    if (config === this.config) return;
    this.cache = new Map();
    this.findings = new WeakMap();
    this.fileFindings = new Map();
    this.config = config;
  }

  /**
   * What `finish` gives for a file without suppression comments, from the nodes' chunks: the file
   * rules' reports and the nodes' reports outside their own lines ("loose") are finished as
   * `finish` does and merged into the chunks by line; a chunk no loose finding falls into is taken
   * whole. Order and dedupe as in `finish`: by start, end and rule id, ties in report order (rule,
   * then node, then the rule's order), the first of equal findings kept.
   */
  private assemble(script: ParsedScript, nodes: NodeView[], index: WorkspaceIndex, config: ResolvedConfig, bank: LexiconBank): Finding[] | undefined {
    type Loose = { f: Finding; node: number; seq: number };
    const chunks: Chunk[] = [];
    const looseRaw: { rule: Rule; report: Report; node: number; seq: number }[] = [];
    let lastLine = -1;
    for (let i = 0; i < script.nodes.length; i++) {
      const c = this.cache.get(nodeRoot(script.nodes[i]))!;
      let ch = c.chunk;
      if (!ch || ch.uri !== script.uri) ch = c.chunk = this.chunkOf(c, script.uri, config);
      // (nodes' lines follow each other; were they ever not to, the whole-file path decides)
      if (ch.findings.length) {
        if (ch.firstLine <= lastLine) return undefined;
        lastLine = ch.lastLine;
      }
      chunks.push(ch);
      for (const o of ch.outside) looseRaw.push({ rule: o.rule, report: o.report, node: i, seq: o.seq });
    }
    // The file and workspace rules, over the whole file (in rule order, node -1: their own order).
    for (let k = 0; k < RULES.length; k++) {
      const rule = RULES[k];
      if (!runs(rule, config) || NODE_LOCAL.has(rule.meta.id) || INDEX_NODE.has(rule.meta.id)) continue;
      const raw: RawReport[] = [];
      check(rule, { script, nodes, workspace: index, config, bank }, raw);
      for (const r of raw) looseRaw.push({ rule: r.rule, report: r.report, node: -1, seq: looseRaw.length });
    }
    const loose: Loose[] = [];
    // The file rules' reports are made anew at each lint: a finding equal to one of the last lint's
    // is given as that object (a client keeps its work per finding object: publish.ts).
    const earlier = this.fileFindings;
    const kept = new Map<string, Finding>();
    for (const r of looseRaw) {
      let f: Finding | undefined;
      if (r.node >= 0) f = this.findingOf(r.rule, r.report, script.uri, config);
      else {
        const sev = severityOf(r.rule, r.report, config);
        if (sev === 'off') continue;
        const key = `${sev}\n${script.uri}\n${JSON.stringify(r.report)}`;
        f = earlier.get(key) ?? this.findingOf(r.rule, r.report, script.uri, config);
        if (f) kept.set(key, f);
      }
      if (f) loose.push({ f, node: r.node, seq: r.seq });
    }
    this.fileFindings = kept;
    const compareLoose = (a: Loose, b: Loose) => compareFindings(a.f, b.f) || a.node - b.node || a.seq - b.seq;
    loose.sort(compareLoose);

    const out: Finding[] = [];
    let run = 0; // start (in out) of the run of kept findings with the last one's rule and range
    let capNeeded = false;
    let countLine = -1;
    let onLine = 0;
    const emit = (f: Finding) => {
      const last = out[out.length - 1];
      if (!last || last.ruleId !== f.ruleId || comparePositions(last.range.start, f.range.start) || comparePositions(last.range.end, f.range.end)) run = out.length;
      else {
        for (let k = run; k < out.length; k++) if (out[k].message === f.message) return;
      }
      out.push(f);
      if (f.range.start.line !== countLine) {
        countLine = f.range.start.line;
        onLine = 0;
      }
      if (++onLine > MAX_FINDINGS_PER_LINE) capNeeded = true;
    };
    let li = 0;
    for (let i = 0; i < chunks.length; i++) {
      const ch = chunks[i];
      if (!ch.findings.length) continue;
      while (li < loose.length && loose[li].f.range.start.line < ch.firstLine) emit(loose[li++].f);
      if (li < loose.length && loose[li].f.range.start.line <= ch.lastLine) {
        // A loose finding among the node's: merge the two, one by one.
        let j = 0;
        while (j < ch.findings.length) {
          const l = li < loose.length && loose[li].f.range.start.line <= ch.lastLine ? loose[li] : undefined;
          if (l && (compareFindings(l.f, ch.findings[j]) || l.node - i) < 0) {
            emit(l.f);
            li++;
          } else emit(ch.findings[j++]);
        }
        continue;
      }
      // (the findings before were on earlier lines: none is a copy of one of these)
      run = out.length;
      for (let j = 0; j < ch.findings.length; j++) out.push(ch.findings[j]);
      if (ch.maxPerLine > MAX_FINDINGS_PER_LINE) capNeeded = true;
      countLine = -1; // (the next finding is on a later line: one on the chunk's last line merges above)
    }
    while (li < loose.length) emit(loose[li++].f);
    if (!capNeeded && out.length <= MAX_FINDINGS_PER_FILE) return out;
    return capFindings(out, config.locale);
  }

  /** The finding of a report (the one made before from the same report, when still right), or undefined when its severity is off. */
  private findingOf(rule: Rule, report: Report, uri: string, config: ResolvedConfig): Finding | undefined {
    const sev = severityOf(rule, report, config);
    if (sev === 'off') return undefined;
    const earlier = this.findings.get(report);
    if (earlier && earlier.severity === sev && earlier.uri === uri) return earlier;
    const f: Finding = { ...report, severity: sev, uri };
    // A report moved by whole lines: its finding takes the strings of the finding it repeats (no
    // new copies), and says which one it repeats (findingOrigin).
    const o = reportOrigins.get(report);
    const root = o && this.findings.get(o.root);
    if (root && root.severity === sev && root.uri === uri && root.ruleId === report.ruleId) {
      f.message = root.message;
      if (root.data) f.data = root.data;
      findingOrigins.set(f, { root, delta: o.delta });
    } else {
      f.message = detach(f.message);
      if (f.data) f.data = detachData(f.data);
    }
    this.findings.set(report, f);
    return f;
  }

  private chunkOf(c: NodeCache, uri: string, config: ResolvedConfig): Chunk {
    const node = c.node;
    const inside: { f: Finding; seq: number }[] = [];
    const outside: Chunk['outside'] = [];
    let seq = 0;
    for (const [k, list] of (c.pairs ??= pairsOf(c))) {
      const rule = RULES[k];
      for (const report of list) {
        const line = report.range.start.line;
        if (line < node.titleLine || line > node.lastLine) {
          outside.push({ rule, report, seq: seq++ });
          continue;
        }
        const f = this.findingOf(rule, report, uri, config);
        if (f) inside.push({ f, seq: seq++ });
      }
    }
    inside.sort((a, b) => compareFindings(a.f, b.f) || a.seq - b.seq);
    const findings: Finding[] = [];
    let run = 0;
    let maxPerLine = 0;
    let line = -1;
    let onLine = 0;
    for (const { f } of inside) {
      const last = findings[findings.length - 1];
      if (!last || last.ruleId !== f.ruleId || comparePositions(last.range.start, f.range.start) || comparePositions(last.range.end, f.range.end)) run = findings.length;
      else if (findings.slice(run).some((x) => x.message === f.message)) continue;
      findings.push(f);
      if (f.range.start.line !== line) {
        line = f.range.start.line;
        onLine = 0;
      }
      maxPerLine = Math.max(maxPerLine, ++onLine);
    }
    return { uri, findings, firstLine: findings[0]?.range.start.line ?? 0, lastLine: findings[findings.length - 1]?.range.start.line ?? 0, maxPerLine, outside };
  }

  /** Forget everything (the document was closed). */
  clear(): void {
    this.cache = new Map();
    this.fileFindings = new Map();
    this.config = undefined;
  }
}

/** A node's views and reports, computed afresh. */
function fresh(n: ScriptNode, script: ParsedScript, index: WorkspaceIndex, config: ResolvedConfig, bank: LexiconBank): NodeCache {
  const view = nodeView(n, index, bank);
  const c: NodeCache = { node: n, lines: view.lines as TextLineView[], agentLines: view.agentLines as TextLineView[], reports: checkNode(NODE_LOCAL, view, script, index, config, bank) };
  c.indexed = { index, deps: nodeIndexKey(n, index), view, reports: checkNode(INDEX_NODE, view, script, index, config, bank) };
  return c;
}

/**
 * The cache of a node moved by whole lines (same content): the same views' work and reports, at
 * the new lines. The node's own positions move; positions before its title (a file-header line
 * that a node-local rule reports) do not.
 */
function moved(earlier: NodeCache, node: ScriptNode, bank: LexiconBank): NodeCache {
  const view = nodeView(node, { titles: new Map(), incoming: new Map() }, bank);
  const lines = view.lines as TextLineView[];
  for (let i = 0; i < lines.length; i++) lines[i].adopt(earlier.lines[i]);
  const move = mover(node.titleLine - earlier.node.titleLine, earlier.node.titleLine);
  const moveReport = (r: Report): Report => {
    const out = move.report(r);
    const shift = uniformShift(r, out);
    if (shift !== undefined) {
      const o = reportOrigins.get(r);
      reportOrigins.set(out, o ? { root: o.root, delta: o.delta + shift } : { root: r, delta: shift });
    }
    return out;
  };
  const moveAll = (r: ReportsByRule) => r.map((list) => list && list.map(moveReport));
  const c: NodeCache = { node, lines, agentLines: view.agentLines as TextLineView[], reports: moveAll(earlier.reports) };
  // (the index can be the same though nodes moved: untitled nodes are not part of it)
  const ix = earlier.indexed;
  if (ix) c.indexed = { index: ix.index, deps: ix.deps, view: nodeView(node, ix.index, bank, c), reports: moveAll(ix.reports) };
  return c;
}

/**
 * The chunk of a node moved by whole lines (`c`, made by `moved` from `earlier`): the earlier
 * chunk's findings moved with the node, in the same order (every position of each moves by the
 * same lines, so order and duplicates are as before), and the node's reports outside its lines
 * taken from `c`'s reports in chunkOf's order. Undefined (chunkOf then finishes the node's reports)
 * when a finding does not move as a whole (an edit outside the node's lines).
 */
function movedChunk(earlier: NodeCache, c: NodeCache): Chunk | undefined {
  const ch = earlier.chunk!;
  const shift = c.node.titleLine - earlier.node.titleLine;
  const move = mover(shift, earlier.node.titleLine);
  const findings: Finding[] = new Array(ch.findings.length);
  for (let i = 0; i < findings.length; i++) {
    const f = ch.findings[i];
    const out = move.report(f);
    if (uniformShift(f, out) !== shift) return undefined;
    const o = findingOrigins.get(f);
    findingOrigins.set(out, o ? { root: o.root, delta: o.delta + shift } : { root: f, delta: shift });
    findings[i] = out;
  }
  const node = c.node;
  const outside: Chunk['outside'] = [];
  let seq = 0;
  for (const [k, list] of (c.pairs ??= pairsOf(c))) {
    for (const report of list) {
      const line = report.range.start.line;
      if (line < node.titleLine || line > node.lastLine) outside.push({ rule: RULES[k], report, seq });
      seq++;
    }
  }
  if (outside.length !== ch.outside.length) return undefined;
  return { uri: ch.uri, findings, firstLine: findings[0]?.range.start.line ?? 0, lastLine: findings[findings.length - 1]?.range.start.line ?? 0, maxPerLine: ch.maxPerLine, outside };
}

/**
 * A report of a node moved by whole lines, and the report it repeats: the first of the line (never
 * a moved copy, so no chain of versions is kept alive) and how many lines every position of it
 * moved since. Set only when all its positions (range, fix, suggestions) moved by the same lines.
 */
const reportOrigins = new WeakMap<Report, { root: Report; delta: number }>();
/** The same for findings: the finding of the first report, and how far this one's positions are from its. */
const findingOrigins = new WeakMap<Finding, { root: Finding; delta: number }>();

/**
 * The finding that `f` repeats moved by whole lines, if any: `f` says what `root` says, every line
 * of its positions (range, fix and suggestion edits) `delta` lines further, and nothing else
 * differs (same rule, severity, file, message, characters). A client that keeps work per finding
 * (the language server's encoded diagnostics, lsp/publish.ts) can reuse the root's and move it.
 */
export function findingOrigin(f: Finding): { root: Finding; delta: number } | undefined {
  return findingOrigins.get(f);
}

/** How many lines every position of `a` moved to give `b` (the same for each), or undefined. */
function uniformShift(a: Report, b: Report): number | undefined {
  const d = b.range.start.line - a.range.start.line;
  if (b.range.end.line - a.range.end.line !== d) return undefined;
  const sameEdits = (x: Report['fix'], y: Report['fix']): boolean => {
    if (!x || !y || x.edits.length !== y.edits.length) return x === y;
    for (let i = 0; i < x.edits.length; i++) {
      const p = x.edits[i].range;
      const q = y.edits[i].range;
      if (q.start.line - p.start.line !== d || q.end.line - p.end.line !== d) return false;
    }
    return true;
  };
  if (!sameEdits(a.fix, b.fix)) return undefined;
  const s = a.suggestions;
  const t = b.suggestions;
  if (!s || !t) return s === t ? d : undefined;
  if (s.length !== t.length) return undefined;
  for (let i = 0; i < s.length; i++) if (!sameEdits(s[i], t[i])) return undefined;
  return d;
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

export { fold };

/** The engine's views of a script's nodes (audience, stage, entry, lines with their lexicon hits), for tools such as the conversation graph. */
export function viewNodes(script: ParsedScript, index: WorkspaceIndex, config: ResolvedConfig = DEFAULT_CONFIG): NodeView[] {
  const bank = lexiconBank(config);
  return script.nodes.map((n) => nodeView(n, index, bank));
}
