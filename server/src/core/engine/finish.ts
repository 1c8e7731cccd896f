/**
 * A file's reports finished into findings: severities, suppression comments and their own
 * findings, dedupe, order and ceilings, over the whole file.
 */
import type { ResolvedConfig } from '../config';
import type { ParsedScript } from '../parser';
import type { Rule } from '../rule';
import { coreMessage, fill, pick, type MessageData } from '../messages';
import { RULE_IDS, ruleById } from '../rules';
import { detach, didYouMean } from '../text';
import { comparePositions, type Finding, type Report, type Severity } from '../types';
import { byLine, capFindings, sortRun } from './order';
import { render, type RawReport } from './run';
import { covers, suppressionSpans, type ActiveSuppression } from './suppressions';

export function detachData(d: MessageData): MessageData {
  const out: MessageData = {};
  for (const [k, v] of Object.entries(d)) out[k] = typeof v === 'string' ? detach(v) : Array.isArray(v) ? v.map(detach) : v;
  return out;
}

export function severityOf(rule: Rule, report: Report, config: ResolvedConfig): Severity | 'off' {
  const configured = config.severities.get(rule.meta.id);
  if (configured) return configured;
  return report.defaultSeverity ?? rule.meta.defaultSeverity;
}

/** Severities, suppression comments and their own findings, dedupe and order: over the whole file. */
/**
 * `known`: the finding made earlier from the same report object (the incremental linter keeps a
 * node's reports while the node is unchanged): given again, as the same object, when its severity
 * and file are the same, so that what a client keeps per finding (the language server's encoded
 * diagnostic) is reused too. Findings are not changed after they are returned.
 */
export function finish(script: ParsedScript, raw: RawReport[], config: ResolvedConfig, known?: WeakMap<Report, Finding>): Finding[] {
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
