import type { Rule } from '../rule';

const OPEN_QUOTES = '“‘「『"\'';
const CLOSE_OF: Record<string, string> = { '“': '”', '‘': '’', '「': '」', '『': '』', '"': '"', "'": "'" };

/** Spans [start, end) of quoted text in a line. */
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

/** prefer-honorific: 你 addressed to the listener (not 你们, not inside quotes); fix: 您. */
const rule: Rule = {
  meta: {
    id: 'prefer-honorific',
    category: 'wording',
    defaultSeverity: 'info',
    description: { zh: '称呼对方用“您”而不是“你”', en: 'Address the listener as 您 rather than 你' },
    fixable: true,
    scope: 'line',
    lexicons: ['prefer-honorific'],
  },
  check(ctx) {
    for (const node of ctx.nodes) {
      if (!node.audience || node.audience === 'public') continue;
      for (const view of node.agentLines) {
        const f = view.folded;
        if (!f.includes('你')) continue;
        const quotes = quotedSpans(view.line.text);
        const exceptions = view.hits.matches('prefer-honorific');
        for (let i = f.indexOf('你'); i >= 0; i = f.indexOf('你', i + 1)) {
          if (f[i + 1] === '们') continue;
          if (quotes.some(([s, e]) => i > s && i < e)) continue;
          if (exceptions.some((m) => m.start <= i && m.end > i)) continue;
          const range = view.rangeOf(i, i + 1);
          ctx.report({
            message: `称呼对方请用“您”代替“${view.line.text[i]}”:尊称客气,让客户感到被尊重。Use 您 to address the listener.`,
            range,
            fix: { title: '把“你”改为“您”', edits: [{ range, newText: '您' }] },
          });
        }
      }
    }
  },
};
export default rule;
