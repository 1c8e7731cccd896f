/**
 * Code lenses on node headers: what a node is (stage, audience), how many jumps lead into it and
 * how many findings it has — a summary of the node before reading it — and, for a node that other
 * nodes jump to, "reached from N nodes" with their titles in the tooltip; clicking it runs
 * `parley.showReachedFrom` with their locations (the VS Code extension shows them in a peek, as a
 * references lens does). Pure. Off with `parley.codeLens.enable`.
 */
import type { CodeLens, Location } from 'vscode-languageserver-types';
import { fill, type Locale, type MessageTemplate, pick } from '../core/messages';
import type { ParsedScript } from '../core/parser';
import type { Finding } from '../core/types';
import { parseAudience } from '../core/vocabulary';
import { titleRangeOf, type FileOutline } from './workspace';

interface LensInput {
  script: ParsedScript;
  /** The document's current findings. */
  findings: Finding[];
  /** Number of `<<jump>>` edges into a title, over the workspace. */
  incoming(title: string): number;
  /** The nodes whose `<<jump>>` leads to a title, over the workspace (see `jumpSources`). */
  reachedFrom?(title: string): JumpSource[];
  /** The document's URI (the argument of the reached-from command). */
  uri?: string;
  locale: Locale;
}

/** A node that jumps to a title: its own title and where that title is written. */
interface JumpSource {
  title: string;
  location: Location;
}

/** Run by a click on "reached from": arguments `[uri, position of the title, Location[] of the jumping nodes]`. */
const SHOW_REACHED_FROM = 'parley.showReachedFrom';

/**
 * Title → the titled nodes that jump to it (each once, in file then line order), over files given
 * as their URI and outline (lsp/workspace: no parse needed). A node's jump to its own title is not a way in.
 */
export function jumpSources(files: Iterable<{ uri: string; outline?: FileOutline }>): Map<string, JumpSource[]> {
  const out = new Map<string, JumpSource[]>();
  for (const f of files) {
    if (!f.outline) continue;
    for (const { node: n } of f.outline.defs) {
      let seen: Set<string> | undefined;
      for (const t of n.edges) {
        if ((seen ??= new Set()).has(t)) continue;
        seen.add(t);
        let list = out.get(t);
        if (!list) out.set(t, (list = []));
        list.push({ title: n.title, location: { uri: f.uri, range: titleRangeOf(n) } });
      }
    }
  }
  return out;
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
  reachedFrom: { zh: '从 {{n}} 个节点到达', en: 'reached from {{n}} nodes' },
  reachedFromOne: { zh: '从 1 个节点到达', en: 'reached from 1 node' },
  reachedFromTip: { zh: '跳转到这里的节点：{{titles}}', en: 'Nodes that jump here: {{titles}}' },
} satisfies Record<string, MessageTemplate>;

const SEPARATOR = ' · ';
/** Titles listed in the reached-from tooltip; the peek lists them all. */
const MAX_TIP_TITLES = 20;

export function nodeLenses(input: LensInput): CodeLens[] {
  const { script, findings, locale } = input;
  const t = (k: keyof typeof TEXT, data?: Record<string, string | number>) => fill(pick(TEXT[k], locale), data, locale);
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
    const from = input.reachedFrom?.(n.title) ?? [];
    if (from.length && input.uri) {
      const shown = from.length > MAX_TIP_TITLES ? [...from.slice(0, MAX_TIP_TITLES).map((f) => f.title), '…'] : from.map((f) => f.title);
      out.push({
        range: n.titleLineRange,
        command: {
          title: from.length === 1 ? t('reachedFromOne') : t('reachedFrom', { n: from.length }),
          tooltip: fill(pick(TEXT.reachedFromTip, locale), { titles: shown.join(locale === 'en' ? ', ' : '、') }, locale),
          command: SHOW_REACHED_FROM,
          arguments: [input.uri, n.titleRange.start, from.map((f) => f.location)],
        },
      });
    }
  }
  return out;
}

/** Numbers of sorted `xs` in [lo, hi]. */
function countIn(xs: number[], lo: number, hi: number): number {
  let n = 0;
  for (const x of xs) if (x >= lo && x <= hi) n++;
  return n;
}
