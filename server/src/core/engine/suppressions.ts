/**
 * Suppression comments: the lines and rules each `parley-disable…` comment covers.
 */
import type { ParsedScript, Suppression } from '../parser';

/** The line a `disable-next-line` comment applies to: the next line that is not blank or a comment. */
function nextCodeLine(script: ParsedScript, line: number): number {
  for (let i = line + 1; i < script.lines.length; i++) {
    const t = script.lines[i].trim();
    if (t && !t.startsWith('//')) return i;
  }
  return line + 1;
}

export interface ActiveSuppression {
  s: Suppression;
  from: number;
  to: number;
  /** Last line suppressed for a rule re-enabled by a `parley-enable <id>` before `to`. */
  closed: Map<string, number>;
  used: Set<string>;
}

/** Does this span suppress `ruleId` on `line`? */
export function covers(span: ActiveSuppression, ruleId: string, line: number): boolean {
  if (line < span.from || line > span.to) return false;
  if (span.s.rules.length && !span.s.rules.some((r) => r.id === ruleId)) return false;
  const closedAt = span.closed.get(ruleId);
  return closedAt === undefined || line <= closedAt;
}

export function suppressionSpans(script: ParsedScript): ActiveSuppression[] {
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
