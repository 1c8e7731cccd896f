/** Building blocks shared by rule modules. */
import type { Match } from '../lexicon';
import { coreMessage, type Locale } from '../messages';
import type { Replacement } from '../parser';
import type { LineView, NodeView, Rule, RuleContext, RuleMeta, RuleReport } from '../rule';
import { CLAUSE_BREAK, conditionOfNext } from '../text';
import type { Fix, Severity } from '../types';
import { AUDIENCES, isLiable, type Audience } from '../vocabulary';

/** Audiences that owe nothing, and those that owe the debt (in full, or up to an estate): from the one liability table, vocabulary's AUDIENCES. */
export const NOT_LIABLE: Audience[] = AUDIENCES.filter((a) => a.liable === 'no').map((a) => a.id);
export const LIABLE: Audience[] = AUDIENCES.filter((a) => isLiable(a.id)).map((a) => a.id);

const OPEN_QUOTES = '“‘「『《"\'';
const CLOSE_OF: Record<string, string> = { '“': '”', '‘': '’', '「': '」', '『': '』', '《': '》', '"': '"', "'": "'" };

/** Spans [start, end) of quoted text in a line (“…”, ‘…’, 「…」, 『…』, 《…》, "…", '…'). */
export function quotedSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (!OPEN_QUOTES.includes(c)) continue;
    const close = text.indexOf(CLOSE_OF[c], i + 1);
    if (close < 0) continue;
    spans.push([i, close + 1]);
    i = close;
  }
  return spans;
}

/** Is [start, end] strictly inside one of the quoted spans? */
export function inQuotes(spans: [number, number][], start: number, end = start + 1): boolean {
  return spans.some(([s, e]) => start > s && end < e);
}

export function excerpt(view: LineView, m: Match): string {
  return view.line.text.slice(m.start, m.end);
}

/** A stretch of a line's text quoted as evidence: [start, end) in UTF-16 units. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Evidence from several lexicons' matches (which may overlap or contain one another): the maximal
 * spans of their union, in order (overlapping or touching matches merge, so `信用卡` + `欠` +
 * `信用卡欠` is one span `信用卡欠`). Every phrase is quoted once, whole.
 */
function mergeSpans(ms: readonly Span[]): Span[] {
  if (!ms.length) return [];
  const sorted = ms.length === 1 ? ms : [...ms].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const m of sorted) {
    const last = out[out.length - 1];
    if (last && m.start <= last.end) {
      if (m.end > last.end) last.end = m.end;
    } else out.push({ start: m.start, end: m.end });
  }
  return out;
}

/**
 * The quote and the range of a finding built from several spans (ARCHITECTURE.md, "Evidence"):
 * the merged spans' texts joined by 、 in order, and one range from the first span's start to the
 * last span's end, so the underline starts where the quote starts and ends where it ends.
 */
export function evidence(view: LineView, ms: readonly Span[]): { quote: string; spans: Span[]; range: ReturnType<LineView['rangeOf']> } | undefined {
  const spans = mergeSpans(ms);
  if (!spans.length) return undefined;
  const quote = spans.map((s) => view.line.text.slice(s.start, s.end)).join('、');
  return { quote, spans, range: view.rangeOf(spans[0].start, spans[spans.length - 1].end) };
}

/**
 * Is `m` part of a true reassurance to a listener who is not liable that their own credit is not
 * affected (the `own-credit-safe` set: 您只是联系人，您的征信不会受影响)? To such a listener it is
 * neither a misleading promise nor a disclosure of the debtor's debt; to a liable one it is a promise.
 */
export function ownCreditSafe(view: LineView, m: Span): boolean {
  if (!view.audience || !NOT_LIABLE.includes(view.audience)) return false;
  const safe = view.hits.matches('own-credit-safe');
  for (let k = 0; k < safe.length; k++) if (overlaps(safe[k], m)) return true;
  return false;
}

/** Does span `a` overlap span `b`? */
export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** "Debt facts or purpose" (RULES.md §A): shared set plus the rule's own extra terms. */
export function debtFacts(view: LineView, ruleLexicon: string): Match[] {
  const a = view.hits.matches('debt-words');
  const b = view.hits.matches(ruleLexicon);
  if (!b.length) return a;
  if (!a.length) return b;
  // Both sorted by start (a lexicon's matches are): merged, a's first on a tie (a stable sort of a then b).
  const out: Match[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(b[j].start < a[i].start ? b[j++] : a[i++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

interface LexiconRuleOptions {
  /** The rule's meta; its messages have a `found` message whose `{{term}}` is the matched words. */
  meta: Omit<RuleMeta, 'scope' | 'visits'>;
  /** Extra applicability test for the node (beyond the declared audiences and stage). */
  applies?: (node: NodeView, ctx: RuleContext) => boolean;
  severityFor?: (view: LineView) => Severity | undefined;
  /** A match the rule does not report after all (e.g. one its listener makes true). */
  drop?: (view: LineView, m: Match) => boolean;
  /** Matches of other lexicons the rule reports on this line too (one that overlaps a match of its own is skipped). */
  also?: (view: LineView) => readonly Match[];
}

/** A lexicon's matches with those of others that overlap none of them, by start. */
function withOthers(found: readonly Match[], more: readonly Match[]): Match[] {
  return [...found, ...more.filter((x) => !found.some((m) => overlaps(m, x)))].sort((a, b) => a.start - b.start);
}

/** A rule that reports every match of its lexicon in agent lines (message `found`, data `term`). */
export function lexiconRule(o: LexiconRuleOptions): Rule {
  const meta: RuleMeta = { ...o.meta, scope: 'line', visits: 'line', lexicons: o.meta.lexicons ?? [o.meta.id] };
  return {
    meta,
    check(ctx) {
      for (const node of ctx.nodes) {
        if (o.applies && !o.applies(node, ctx)) continue;
        for (const view of node.agentLines) {
          let found = view.hits.matches(meta.id);
          const more = o.also?.(view);
          if (more?.length) found = withOthers(found, more);
          // (An index loop: this runs for every agent line and lexicon rule, mostly on no match.)
          for (let k = 0; k < found.length; k++) {
            const m = found[k];
            if (o.drop?.(view, m)) continue;
            ctx.report({ messageId: 'found', data: { term: excerpt(view, m) }, range: view.rangeOf(m.start, m.end), defaultSeverity: o.severityFor?.(view) });
          }
        }
      }
    },
  };
}

/**
 * A structure rule: reports what the parser found under its id. The parser names the message id
 * and its data (what the writer wrote); the text is the rule module's (`messages`).
 */
export function structureRule(meta: Omit<RuleMeta, 'scope' | 'category' | 'fixable' | 'visits'> & { scope?: RuleMeta['scope']; fixable?: boolean }): Rule {
  return {
    meta: { ...meta, category: 'structure', fixable: meta.fixable ?? false, scope: meta.scope ?? 'line', visits: 'file' },
    check(ctx) {
      for (const r of ctx.script.reports) {
        if (r.ruleId !== meta.id) continue;
        const report: RuleReport = { messageId: r.messageId, data: r.data, range: r.range };
        if (r.fix) report.fix = replacementFix(r.fix, ctx.locale);
        if (r.suggestions) report.suggestions = r.suggestions.map((x) => replacementFix(x, ctx.locale));
        ctx.report(report);
      }
    },
  };
}

/** A parser's replacement as a fix titled 改为「…」 / Change to "…" in the locale. */
function replacementFix(r: Replacement, locale: Locale): Fix {
  return { title: coreMessage('replaceWith', { text: r.label ?? r.newText }, locale), edits: [{ range: r.range, newText: r.newText }] };
}

/** Characters that end the reach of a negation (a condition or a new clause starts). */
const NEGATION_STOP = new Set(['就', '否', '则', '话', '如', '要']);

/** Does a clause break or a condition word lie in text[from, to)? */
function stopsBefore(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (CLAUSE_BREAK.has(text.charCodeAt(i)) || NEGATION_STOP.has(text[i])) return true;
  return false;
}

/**
 * Is the match negated (我们不会让您替他还)? Like the engine's negation, but it reads the `negation`
 * set through its exceptions, so A-not-A questions (能不能您先替他垫上, 是不是…) and 要不 / 不然 /
 * 不好意思 do not cancel a request to pay.
 */
function negatedRequest(view: LineView, m: Match): boolean {
  // Only a term that declares itself negatable (third-party-collection.json) is cancelled.
  if (!view.hits.negatable('third-party-collection', m)) return false;
  const text = view.folded;
  for (const n of view.hits.matches('negation')) {
    // A negation inside the request (这个钱不需要您来还) cancels it too, unless it is the term's own
    // word (这点钱对您来说不算什么: 不算 is what the term matched, a literal or a class's word, as in
    // the engine's isNegated).
    // It governs the rest of its clause only: a clause break or a condition after it inside the request
    // (押金先别退给他，直接转给我们抵欠款) ends its reach, as in the engine.
    if (n.start >= m.start && n.end <= m.end) {
      if (!view.hits.ownNegation('third-party-collection', m, n) && !stopsBefore(text, n.end, m.end)) return true;
      continue;
    }
    if (n.end > m.start) continue;
    const window = n.end - n.start === 1 ? 1 : 4;
    if (m.start - n.end > window) continue;
    // A bare 不 whose clause is the condition of a consequence in the next clause (你不帮他还，我们就
    // 天天打到你公司; 妳不幫他還，我們就…) asks for the payment; it does not deny it.
    if (n.end - n.start === 1 && conditionOfNext(text, m.end)) continue;
    let ok = true;
    for (let i = n.end; i < m.start; i++) {
      if (CLAUSE_BREAK.has(text.charCodeAt(i)) || NEGATION_STOP.has(text[i])) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

/** Words that make a misleading claim a claim of liability (你们家要承担连带责任, 你有义务偿还, 须承担还款责任). */
const LIABILITY_WORDS = ['责任', '义务', '连带', '共同债务', '承担', '负责'];
/** Urging the debtor: 督促, 催促, 劝, 提醒, 转告, 配合. */
const URGE = /督促|催促|催他|催她|劝|提醒|转告|配合/;

/**
 * A false claim, to a listener who owes nothing, that they owe the debt (a `misleading-claim` match
 * that holds a liability word): 你们一家人都要承担连带责任, 这是夫妻共同债务, 您作为紧急联系人须承担还款责任,
 * 我方保留追究贵公司连带责任的权利. It is `misleading-claim`'s finding; its words are not also a request
 * to pay (`third-party-collection`), pressure (`third-party-coercion`) or a disclosure of the debt
 * (`third-party-disclosure`).
 */
export function liabilityClaims(view: LineView): Span[] {
  if (!view.audience || !NOT_LIABLE.includes(view.audience)) return [];
  const ms = view.hits.matches('misleading-claim');
  if (!ms.length) return [];
  const text = view.folded;
  const out: Span[] = [];
  for (const m of ms) {
    if (!LIABILITY_WORDS.some((w) => text.slice(m.start, m.end).includes(w))) continue;
    // The claim is its whole clause (直系亲属要承担 + 连带责任, 须承担 + 还款责任).
    let start = m.start;
    let end = m.end;
    while (start > 0 && !CLAUSE_BREAK.has(text.charCodeAt(start - 1))) start--;
    while (end < text.length && !CLAUSE_BREAK.has(text.charCodeAt(end))) end++;
    // A duty to urge him (您有责任督促他还款) is pressure on the listener, not a claim that they owe.
    if (URGE.test(text.slice(start, end))) continue;
    out.push({ start, end });
  }
  return out;
}

/** Does `m` overlap one of `spans`? */
export function overlapsAny(spans: readonly Span[], m: Span): boolean {
  for (let k = 0; k < spans.length; k++) if (overlaps(spans[k], m)) return true;
  return false;
}

/** Requests that a person who is not liable pay the debt, after negation, outside a false claim of their liability (unless they say it is for him). */
export function collectionRequests(view: LineView): Match[] {
  const found = view.hits.matches('third-party-collection');
  return found.length ? requestsThatHold(view) : found;
}

/**
 * collectionRequests of a line with matches (apart: its closure's variables are allocated on entry).
 * The requests are chosen among those that hold, so a longer match that is negated or a bare claim
 * hides no shorter request beside it (房东您好，他的押金先别退给他，直接转给我们抵欠款).
 */
function requestsThatHold(view: LineView): Match[] {
  const claims = liabilityClaims(view);
  // A request that says whom the money is for or what to do with it (有义务替他还款, 也有义务还,
  // 一起还) asks all the same; the bare claim (一家人都要承担连带责任, 保留追究连带责任) does not.
  return view.hits.matchesWhere('third-party-collection', (m) => !negatedRequest(view, m) && (!overlapsAny(claims, m) || FOR_HIM.test(view.folded.slice(m.start, m.end))));
}

/** Paying for the debtor, or paying, in so many words: 替他, 帮她, 代他, 还, 付, 垫, 缴. */
const FOR_HIM = /(替|帮|代)(他|她)|[还付垫缴]/;
