/** Hover: findings under the cursor, and what a stage, audience, placeholder or jump target means. Pure. */
import { MarkupKind, type Hover, type Range } from 'vscode-languageserver-types';
import type { ParsedScript, ScriptNode } from '../core/parser';
import { itemAt, rangeContains, type Item } from '../core/query';
import { docsUrl } from '../core/rule';
import { ruleById } from '../core/rules';
import type { Finding, Position } from '../core/types';
import { CHANNELS, PLACEHOLDER_CATEGORY_LABEL, formatDays, parseAudience, parseChannel, parseStage } from '../core/vocabulary';
import { HEADER_KEY_DOCS, LIABLE_TEXT } from './completion';

export interface TitleTarget {
  /** How to name the file to a reader (a workspace-relative path). */
  file: string;
  node: ScriptNode;
  /** The script's lines, to show the node's header as written. */
  lines: string[];
}

export interface HoverInput {
  script: ParsedScript;
  position: Position;
  /** The document's current findings. */
  findings: Finding[];
  /** Every node with this title in the workspace. */
  targets(title: string): TitleTarget[];
  /** A rule's documentation page (Markdown), if installed. */
  ruleDoc(id: string): string | undefined;
}

/** The body of a `## heading` section of a Markdown page (up to the next `## `), trimmed. */
export function markdownSection(md: string, heading: string): string | undefined {
  const lines = md.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim().toLowerCase() === `## ${heading}`.toLowerCase());
  if (start < 0) return undefined;
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) {
    if (/^##?\s/.test(lines[i])) {
      end = i;
      break;
    }
  }
  const body = lines.slice(start + 1, end).join('\n').trim();
  return body || undefined;
}

export function ruleHover(id: string, ruleDoc: (id: string) => string | undefined, severity?: string): string {
  const rule = ruleById(id);
  if (!rule) return `**${id}**: unknown rule`;
  const parts = [`**${id}**${severity ? ` · ${severity}` : ''}${rule.meta.fixable ? ' · fixable' : ''}`, `${rule.meta.description.zh}  \n${rule.meta.description.en}`];
  const doc = ruleDoc(id);
  const fix = doc ? markdownSection(doc, 'How to fix') : undefined;
  if (fix) parts.push(`**How to fix**\n\n${fix}`);
  parts.push(`[Documentation](${docsUrl(id)})`);
  return parts.join('\n\n');
}

function code(s: string): string {
  const ticks = s.includes('`') ? '``' : '`';
  return `${ticks}${s}${ticks}`;
}

function itemHover(item: Item, input: HoverInput): string | undefined {
  switch (item.kind) {
    case 'header-value': {
      if (item.key === 'stage') {
        const r = parseStage(item.value);
        return r ? `**Stage ${code(item.value)}**: ${formatDays(r)}` : `**Stage ${code(item.value)}**: not a stage Parley can read (M0, M1 … Mn, Mn+, M1-M2, D1-5, D31+, D0)`;
      }
      if (item.key === 'audience') {
        const a = parseAudience(item.value);
        if (!a) return `**Audience ${code(item.value)}**: not an audience Parley knows`;
        return `**Audience ${code(a.id)}** (${a.zh.join(' / ')}): ${a.who}; ${LIABLE_TEXT[a.liable]}.`;
      }
      if (item.key === 'channel') {
        const c = parseChannel(item.value);
        if (!c) return undefined;
        const zh = Object.keys(CHANNELS).find((k) => k !== c && CHANNELS[k] === c);
        return `**Channel ${code(c)}**${zh ? ` (${zh})` : ''}`;
      }
      return undefined;
    }
    case 'header-key':
      return item.key ? `**${item.key}**: ${HEADER_KEY_DOCS[item.key]}` : undefined;
    case 'placeholder': {
      const ph = item.placeholder;
      return ph.category
        ? `**Placeholder ${code(`{${ph.name}}`)}**: ${PLACEHOLDER_CATEGORY_LABEL[ph.category]}`
        : `**Placeholder ${code(`{${ph.name}}`)}**: unknown (neither built in nor configured)`;
    }
    case 'jump': {
      const targets = input.targets(item.target);
      if (!targets.length) return `**${code(item.target)}**: no node has this title`;
      return targets
        .map((t) => {
          const n = t.node;
          const last = n.headerEndLine ?? (n.headers.length ? n.headers[n.headers.length - 1].line : n.titleLine);
          const header = t.lines.slice(n.titleLine, last + 1).filter((l) => l.trim() && l.trim() !== '---').map((l) => l.trim());
          return `${'```parley'}\n${header.join('\n')}\n${'```'}\n${code(t.file)}, line ${n.titleLine + 1}`;
        })
        .join('\n\n');
    }
    case 'suppression-rule':
      return ruleHover(item.id, input.ruleDoc);
    default:
      return undefined;
  }
}

export function hover(input: HoverInput): Hover | null {
  const parts: string[] = [];
  let range: Range | undefined;
  for (const f of input.findings) {
    if (!rangeContains(f.range, input.position)) continue;
    parts.push(ruleHover(f.ruleId, input.ruleDoc, f.severity));
    range ??= f.range;
  }
  const item = itemAt(input.script, input.position);
  if (item && !(item.kind === 'suppression-rule' && input.findings.some((f) => rangeContains(f.range, input.position) && f.ruleId === item.id))) {
    const text = itemHover(item, input);
    if (text) {
      parts.push(text);
      range = item.range;
    }
  }
  if (!parts.length) return null;
  return { contents: { kind: MarkupKind.Markdown, value: [...new Set(parts)].join('\n\n---\n\n') }, range };
}
