/**
 * Inlay hints: a marker after each debt placeholder (`{amount}`, `｛金额｝`: category "debt facts")
 * said in a node whose audience is not liable for the debt (contact, family, employer, public …):
 * whoever hears that line owes nothing, and saying the debt to them is a disclosure. Standard LSP
 * (textDocument/inlayHint), so every client that shows inlay hints shows it. Pure. Off with
 * `parley.inlayHints.enable`.
 */
import type { InlayHint } from 'vscode-languageserver-types';
import { fill, type Locale, type MessageTemplate, pick, tr } from '../core/messages';
import type { ParsedScript } from '../core/parser';
import type { Range } from '../core/types';
import { audienceInfo } from '../core/vocabulary';

const TEXT = {
  label: { zh: '⚠ 对方不负还款责任', en: '⚠ listener not liable' },
  tooltip: {
    zh: '本节点的对象是「{{audience}}」（{{who}}），不负还款责任：对其说出 {{placeholder}} 就是向第三方披露欠款。',
    en: 'This node speaks to `{{audience}}` ({{who}}), who is not liable for the debt: saying {{placeholder}} to them discloses the debt to a third party.',
  },
} satisfies Record<string, MessageTemplate>;

function within(r: Range, range: Range | undefined): boolean {
  return !range || (r.end.line >= range.start.line && r.start.line <= range.end.line);
}

/** The hints of a document in `range` (the visible part; all when undefined). */
export function debtPlaceholderHints(script: ParsedScript, locale: Locale, range?: Range): InlayHint[] {
  const out: InlayHint[] = [];
  for (const n of script.nodes) {
    const audience = n.props.audience?.value;
    if (!audience || audienceInfo(audience).liable !== 'no') continue;
    if (range && (n.lastLine < range.start.line || n.titleLine > range.end.line)) continue;
    const who = audienceInfo(audience);
    for (const b of n.body) {
      if (b.role !== 'agent') continue;
      for (const p of b.placeholders) {
        if (p.category !== 'debt' || !within(p.range, range)) continue;
        const placeholder = `{${p.name}}`;
        out.push({
          position: p.range.end,
          label: pick(TEXT.label, locale),
          paddingLeft: true,
          tooltip: fill(pick(TEXT.tooltip, locale), { audience: tr(locale, who.zh[0], who.id), who: pick(who.who, locale), placeholder }, locale),
        });
      }
    }
  }
  return out;
}
