/**
 * The engine: builds the workspace model over parsed scripts, runs every enabled rule, applies
 * severities and suppression comments. Pure: it never reads files.
 */
import { DEFAULT_CONFIG, type ResolvedConfig } from './config';
import { LexiconBank, MARK, type LineHits } from './lexicon';
import { BUILTIN_LEXICONS } from './lexicons';
import { parse, type ParsedScript, type ScriptNode, type Suppression } from './parser';
import type { LineView, NodeView, Rule, RuleContext, WorkspaceIndex } from './rule';
import { RULES, RULE_IDS, ruleById } from './rules';
import { didYouMean, fold } from './text';
import { comparePositions, lineRange, type Finding, type Report, type Severity } from './types';
import type { Audience } from './vocabulary';

const bankCache = new Map<string, LexiconBank>();

/** The lexicon bank for a config: built-in lexicons plus the config's extra terms. Cached. */
export function lexiconBank(config: ResolvedConfig): LexiconBank {
  let bank = bankCache.get(config.key);
  if (bank) return bank;
  bank = new LexiconBank();
  for (const [name, data] of Object.entries(BUILTIN_LEXICONS)) bank.add(name, data);
  for (const [name, data] of Object.entries(config.lexicons)) bank.add(name, { terms: data.terms ?? [], exceptions: data.exceptions ?? [] });
  bank.build();
  if (bankCache.size > 16) bankCache.clear();
  bankCache.set(config.key, bank);
  return bank;
}

/** Use a bank built elsewhere for configs with this key (a worker thread gets the main thread's build). */
export function installLexiconBank(configKey: string, bank: LexiconBank): void {
  if (bankCache.size > 16) bankCache.clear();
  bankCache.set(configKey, bank);
}

const MARKS: Record<string, string> = { debt: MARK.debt, agent: MARK.agent, debtor: MARK.debtor, other: MARK.other };

/** Build the workspace index (titles, incoming jumps) over a set of scripts. */
export function indexWorkspace(scripts: Iterable<ParsedScript>): WorkspaceIndex {
  const titles: WorkspaceIndex['titles'] = new Map();
  const incoming: WorkspaceIndex['incoming'] = new Map();
  for (const s of scripts) {
    for (const node of s.nodes) {
      if (!node.title) continue;
      let list = titles.get(node.title);
      if (!list) titles.set(node.title, (list = []));
      list.push({ uri: s.uri, node });
      for (const b of node.body) {
        if (b.command?.name === 'jump' && b.command.arg && b.command.arg !== node.title) {
          incoming.set(b.command.arg, (incoming.get(b.command.arg) ?? 0) + 1);
        }
      }
    }
  }
  return { titles, incoming };
}

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

/**
 * A flat copy of a string built from slices of a script (messages quote the script's words, titles
 * come from its lines): without it such a string keeps the script's whole text alive for as long
 * as the finding or the summary lives.
 */
function detach(s: string): string {
  return (' ' + s).slice(1);
}

/**
 * What the workspace index needs of one script: its titled nodes (title, line, audience) and the
 * targets of their jumps. Small and structured-clone friendly, so that worker threads can parse
 * their share of a workspace and send only this to the thread that merges the index.
 */
export interface ScriptSummary {
  uri: string;
  nodes: { title: string; titleLine: number; audience?: Audience }[];
  /** Jump targets other than the jumping node's own title, one entry per `<<jump>>`. */
  jumps: string[];
}

export function summarizeScript(s: ParsedScript): ScriptSummary {
  const nodes: ScriptSummary['nodes'] = [];
  const jumps: string[] = [];
  for (const node of s.nodes) {
    if (!node.title) continue;
    const audience = node.props.audience?.value;
    const title = detach(node.title);
    nodes.push(audience === undefined ? { title, titleLine: node.titleLine } : { title, titleLine: node.titleLine, audience });
    for (const b of node.body) {
      if (b.command?.name === 'jump' && b.command.arg && b.command.arg !== node.title) jumps.push(detach(b.command.arg));
    }
  }
  return { uri: s.uri, nodes, jumps };
}

/** The workspace index from script summaries: the same index `indexWorkspace` builds from the scripts. */
export function indexSummaries(summaries: Iterable<ScriptSummary>): WorkspaceIndex {
  const titles: WorkspaceIndex['titles'] = new Map();
  const incoming: WorkspaceIndex['incoming'] = new Map();
  for (const s of summaries) {
    for (const n of s.nodes) {
      let list = titles.get(n.title);
      if (!list) titles.set(n.title, (list = []));
      list.push({ uri: s.uri, node: { title: n.title, titleLine: n.titleLine, props: n.audience === undefined ? {} : { audience: { value: n.audience } } } });
    }
    for (const j of s.jumps) incoming.set(j, (incoming.get(j) ?? 0) + 1);
  }
  return { titles, incoming };
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
  constructor(
    readonly node: ScriptNode,
    readonly line: ScriptNode['body'][number],
    view: NodeView,
    private bank: LexiconBank,
  ) {
    this.audience = view.audience;
    this.stage = view.stage;
    this.channel = view.channel;
    this.channelInvalid = view.channelInvalid;
  }
  get folded(): string {
    return (this.foldedText ??= fold(this.line.placeholders.length ? maskPlaceholders(this.line) : this.line.text));
  }
  get hits(): LineHits {
    return (this.lineHits ??= this.bank.scan(this.folded));
  }
  rangeOf(s: number, e: number) {
    return lineRange(this.line.line, this.line.textStart + s, this.line.textStart + e);
  }
}

function nodeView(node: ScriptNode, index: WorkspaceIndex, bank: LexiconBank): NodeView {
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
    lines: [],
    agentLines: [],
  };
  for (const line of node.body) {
    if (line.kind === 'command') continue;
    const lv = new TextLineView(node, line, view, bank);
    view.lines.push(lv);
    if (line.role === 'agent' && line.kind === 'speaker') view.agentLines.push(lv);
  }
  return view;
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
      const ids = s.rules.map((r) => r.id);
      for (const span of open) {
        if (span.to !== Infinity) continue;
        if (!ids.length) span.to = s.line - 1;
        else for (const id of ids) if (!span.closed.has(id)) span.closed.set(id, s.line - 1);
      }
    }
  }
  return spans;
}

const META_RULES = new Set(['unused-disable', 'disable-without-reason']);

/**
 * Lint one script in the context of a workspace (titles and jumps across files).
 */
export function lintScript(script: ParsedScript, index: WorkspaceIndex, config: ResolvedConfig = DEFAULT_CONFIG): Finding[] {
  const bank = lexiconBank(config);
  const nodes = script.nodes.map((n) => nodeView(n, index, bank));
  const raw: { rule: Rule; report: Report }[] = [];
  for (const rule of RULES) {
    if (META_RULES.has(rule.meta.id)) continue;
    if (config.severities.get(rule.meta.id) === 'off') continue;
    const ctx: RuleContext = {
      script,
      nodes,
      workspace: index,
      config,
      bank,
      options: config.options.get(rule.meta.id) ?? {},
      report: (r) => raw.push({ rule, report: { ...r, ruleId: rule.meta.id } }),
    };
    try {
      rule.check(ctx);
    } catch (e) {
      raw.push({
        rule: ruleById('syntax-error')!,
        report: { ruleId: 'syntax-error', message: `内部错误:规则 ${rule.meta.id} 失败(${(e as Error).message})。Internal error in rule ${rule.meta.id}.`, range: lineRange(0, 0, 0) },
      });
    }
  }

  // Suppressions.
  const spans = suppressionSpans(script);
  const findings: Finding[] = [];
  for (const { rule, report } of raw) {
    const sev = severityOf(rule, report, config);
    if (sev === 'off') continue;
    const line = report.range.start.line;
    let suppressed = false;
    for (const span of spans) {
      if (!covers(span, rule.meta.id, line)) continue;
      span.used.add(span.s.rules.length ? rule.meta.id : '*');
      suppressed = true;
    }
    if (!suppressed) findings.push({ ...report, severity: sev, uri: script.uri });
  }

  const meta = (id: string, report: Report) => {
    const rule = ruleById(id)!;
    const sev = severityOf(rule, report, config);
    if (sev !== 'off') findings.push({ ...report, severity: sev, uri: script.uri });
  };
  for (const span of spans) {
    const s = span.s;
    if (!s.rules.length) {
      if (!span.used.size) meta('unused-disable', { ruleId: 'unused-disable', message: '这条抑制注释没有抑制任何发现,请删除。This suppression comment suppresses nothing; remove it.', range: s.range });
    } else {
      for (const r of s.rules) {
        if (!RULE_IDS.has(r.id)) {
          const guess = didYouMean(r.id, RULE_IDS);
          meta('unused-disable', { ruleId: 'unused-disable', message: `抑制注释中的规则「${r.id}」不存在${guess ? `,是不是「${guess}」?` : '。'} Unknown rule id "${r.id}" in a suppression comment${guess ? `; did you mean "${guess}"?` : '.'}`, range: r.range });
        } else if (!span.used.has(r.id) && config.severities.get(r.id) !== 'off') {
          // (a rule turned off by the config never reports, so its suppression is not called unused)
          meta('unused-disable', { ruleId: 'unused-disable', message: `抑制注释没有抑制任何「${r.id}」发现,请删除。This suppression of ${r.id} suppresses nothing; remove it.`, range: r.range });
        }
      }
    }
    if (!s.reason) meta('disable-without-reason', { ruleId: 'disable-without-reason', message: '抑制注释缺少理由:在规则之后写「-- 理由」,例如 -- 合规已批准,工单 1234。Add a reason after "--".', range: s.range });
  }
  for (const s of script.suppressions) {
    if (s.kind !== 'unknown') continue;
    const guess = didYouMean(s.directive ?? '', ['parley-disable-next-line', 'parley-disable', 'parley-enable', 'parley-disable-file']);
    meta('unused-disable', {
      ruleId: 'unused-disable',
      message: `未知的抑制指令「${s.directive}」,它不抑制任何发现${guess ? `,是不是「${guess}」?` : '。'}可用 parley-disable-next-line、parley-disable、parley-enable、parley-disable-file。Unknown directive "${s.directive}"; it suppresses nothing${guess ? `. Did you mean "${guess}"?` : '.'}`,
      range: s.range,
    });
  }

  // Dedupe (a file-header line can cause the same finding for several nodes) and sort.
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of findings) {
    const k = `${f.ruleId}|${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}|${f.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    f.message = detach(f.message);
    out.push(f);
  }
  out.sort((a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end) || a.ruleId.localeCompare(b.ruleId));
  return out;
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
