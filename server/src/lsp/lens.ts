/**
 * Code lenses on node headers: what a node is (stage, audience), how many jumps lead into it and
 * how many findings it has — a summary of the node before reading it. Pure. Off with
 * `parley.codeLens.enable`.
 */
import type { CodeLens } from 'vscode-languageserver-types';
import { fill, type Locale, type MessageTemplate } from '../core/messages';
import type { ParsedScript } from '../core/parser';
import type { Finding } from '../core/types';
import { parseAudience } from '../core/vocabulary';

export interface LensInput {
  script: ParsedScript;
  /** The document's current findings. */
  findings: Finding[];
  /** Number of `<<jump>>` edges into a title, over the workspace. */
  incoming(title: string): number;
  locale: Locale;
}

const TEXT = {
  stage: { zh: '阶段 {{value}}', en: 'stage {{value}}' },
  noStage: { zh: '无阶段', en: 'no stage' },
  noAudience: { zh: '无对象', en: 'no audience' },
  jumps: { zh: '{{n}} 处跳入', en: '{{n}} jumps in' },
  oneJump: { zh: '1 处跳入', en: '1 jump in' },
  noJumps: { zh: '无跳入', en: 'no jumps in' },
  findings: { zh: '{{n}} 个问题', en: '{{n}} findings' },
  oneFinding: { zh: '1 个问题', en: '1 finding' },
  noFindings: { zh: '无问题', en: 'no findings' },
} satisfies Record<string, MessageTemplate>;

const SEPARATOR = ' · ';

export function nodeLenses(input: LensInput): CodeLens[] {
  const { script, findings, locale } = input;
  const t = (k: keyof typeof TEXT, data?: Record<string, string | number>) => fill(TEXT[k][locale], data, locale);
  const out: CodeLens[] = [];
  // Findings counted per node by the line they start on (hints are not problems).
  const starts = findings.filter((f) => f.severity !== 'hint').map((f) => f.range.start.line).sort((a, b) => a - b);
  for (const n of script.nodes) {
    if (!n.title) continue;
    const parts: string[] = [];
    const stage = n.props.stage?.raw.trim();
    parts.push(stage ? t('stage', { value: stage }) : t('noStage'));
    const audience = n.props.audience?.raw.trim();
    const known = audience ? parseAudience(audience) : undefined;
    parts.push(audience ? (known ? audience : `${audience}?`) : t('noAudience'));
    const jumps = input.incoming(n.title);
    parts.push(jumps === 0 ? t('noJumps') : jumps === 1 ? t('oneJump') : t('jumps', { n: jumps }));
    const count = countIn(starts, n.titleLine, n.lastLine);
    parts.push(count === 0 ? t('noFindings') : count === 1 ? t('oneFinding') : t('findings', { n: count }));
    // A lens without a command id is a label (nothing to run when clicked).
    out.push({ range: n.titleLineRange, command: { title: parts.join(SEPARATOR), command: '' } });
  }
  return out;
}

/** Numbers of sorted `xs` in [lo, hi]. */
function countIn(xs: number[], lo: number, hi: number): number {
  let n = 0;
  for (const x of xs) if (x >= lo && x <= hi) n++;
  return n;
}
