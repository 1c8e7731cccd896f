/**
 * The Parley parser (FORMAT.md). Line-oriented, never throws: every input yields a tree plus the
 * structure reports of RULES.md §F, with exact ranges in 0-based lines and UTF-16 columns.
 */
import { fold, didYouMean, syntaxForm } from './text';
import { lineRange, type Range } from './types';
import type { MessageData } from './messages';
import { suggestAudience, suggestChannel, suggestStage } from './suggest';
import {
  BUILTIN_PLACEHOLDERS, BUILTIN_SPEAKERS, HEADER_KEYS, headerKey, parseAgents, parseAudience,
  parseChannel, parseLocale, parseSpeakers, parseStage, parseTime, WRITTEN_CHANNELS,
  type Audience, type Channel, type DayRange, type HeaderKey, type PlaceholderCategory, type Role, type TimeWindow,
} from './vocabulary';

export interface HeaderLine {
  key: string;
  canonical?: HeaderKey;
  value: string;
  line: number;
  keyRange: Range;
  valueRange: Range;
  /** The whole line's text range. */
  range: Range;
}

export interface Placeholder {
  /** The name as written (`金額`, `ａｍｏｕｎｔ`), trimmed. */
  name: string;
  /** The name of the table entry it is (`金额`, `amount`), or the folded name if it is unknown. */
  key: string;
  category?: PlaceholderCategory;
  /** Range including the braces. */
  range: Range;
}

export interface Command {
  name: string;
  arg: string;
  range: Range;
  argRange: Range;
}

export interface BodyLine {
  kind: 'speaker' | 'option' | 'command';
  line: number;
  indent: number;
  label?: string;
  labelRange?: Range;
  role: Role;
  /** The text spoken (comment removed, trimmed); for commands, the command text. */
  text: string;
  /** Column of `text` in the line. */
  textStart: number;
  placeholders: Placeholder[];
  command?: Command;
  /** The option lines whose branch this line is in, outermost first. */
  branch: BodyLine[];
}

export interface Prop<T> {
  raw: string;
  value: T | undefined;
  header: HeaderLine;
}

export interface NodeProps {
  stage?: Prop<DayRange>;
  audience?: Prop<Audience>;
  channel?: Prop<Channel>;
  time?: Prop<TimeWindow>;
  agents?: Prop<number>;
  speakers?: Prop<Map<string, Role>>;
  locale?: Prop<string>;
  tags?: Prop<string[]>;
}

export interface ScriptNode {
  title: string;
  titleLine: number;
  /** Range of the title text. */
  titleRange: Range;
  /** Range of the whole title line's text. */
  titleLineRange: Range;
  headers: HeaderLine[];
  headerEndLine?: number;
  endLine?: number;
  /** Last line that belongs to the node. */
  lastLine: number;
  body: BodyLine[];
  props: NodeProps;
}

/** `unknown`: a `// parley-disable…`/`parley-enable…` directive that is none of the four (e.g. `parley-disable-line`); it suppresses nothing. */
export type SuppressionKind = 'next-line' | 'disable' | 'enable' | 'file' | 'unknown';
export interface Suppression {
  kind: SuppressionKind;
  /** Rule ids listed; empty means every rule. */
  rules: { id: string; range: Range }[];
  reason?: string;
  line: number;
  /** The whole comment; for an `unknown` directive, the directive word. */
  range: Range;
  /** The directive as written, for `unknown` ones. */
  directive?: string;
}

/**
 * A structure finding as the parser sees it: the rule id, the message id in that rule module's
 * `messages` and the data filling it (the words as the writer wrote them). The text is the rule's.
 */
export interface StructureReport {
  ruleId: string;
  messageId: string;
  data?: MessageData;
  range: Range;
  /** A replacement that is certainly what the writer meant (IME punctuation `——` → `---`). */
  fix?: Replacement;
  /** Replacements the message suggests (did-you-mean), offered but never applied by fix-all. */
  suggestions?: Replacement[];
}

/** One replacement the parser proposes: `newText` over `range`; the rule titles it (showing `label`, else `newText`). */
export interface Replacement {
  range: Range;
  newText: string;
  label?: string;
}

export interface ParsedScript {
  uri: string;
  text: string;
  lines: string[];
  fileHeader: HeaderLine[];
  nodes: ScriptNode[];
  suppressions: Suppression[];
  /** Structure reports found while parsing. */
  reports: StructureReport[];
}

export interface ParseOptions {
  /** Extra placeholders from the config, by name. */
  placeholders?: Record<string, PlaceholderCategory>;
}

const TITLE_RE = /^\s*(title|标题|標題)\s*[:\uFF1A]\s*(.*)$/i;
const HEADER_RE = /^(\s*)([^\s:\uFF1A]+)\s*[:\uFF1A]\s*(.*)$/;
const SUPPRESS_RE = /^(\s*\/\/\s*)parley-(disable-next-line|disable-file|disable|enable|(?:disable|enable)[\w-]+)(?![\w-])(.*)$/;
/** Lines meant as `---` / `===` that are not exactly that (checked after the exact forms). */
const SEPARATOR_TYPO = /^[-—–－]{2,}$/;
const END_TYPO = /^[=＝]{2,}$/;
const LABEL_RE = /^([^\s:\uFF1A,\uFF0C。!\uFF01?\uFF1F、;\uFF1B()\uFF08\uFF09{}<>“”"'「」]{1,12})\s*([:\uFF1A])/;

/** Nesting width of a line's indentation: a space 1, a tab 4, an ideographic space (U+3000, what a full-width IME types for a space) 2. */
function indentWidth(s: string): number {
  let w = 0;
  for (const c of s) {
    if (c === ' ') w++;
    else if (c === '\t') w += 4;
    else if (c === '\u3000') w += 2;
    else break;
  }
  return w;
}

/** Index of a `//` comment outside `{...}`, or -1. (Char codes, not s[i]: no string per character.) */
function commentStart(s: string, from: number): number {
  if (s.indexOf('//', from) < 0) return -1; // most lines: no comment at all, found natively
  let depth = 0;
  for (let i = from; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x7b) depth++;
    else if (c === 0x7d) depth = Math.max(0, depth - 1);
    else if (c === 0x2f && s.charCodeAt(i + 1) === 0x2f && depth === 0 && s.charCodeAt(i - 1) !== 0x3a) return i;
  }
  return -1;
}

/** Is this UTF-16 unit matched by the regular expression \s? */
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function trimEndIndex(s: string, end: number, start: number): number {
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  return end;
}

export function splitLines(text: string): string[] {
  return text.split(/\r?\n|\r/);
}

export function parse(text: string, uri = 'untitled.parley', options: ParseOptions = {}): ParsedScript {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = splitLines(text);
  const run = parseLines(lines, options, 0, undefined);
  const script: ParsedScript = { uri, text, lines, fileHeader: run.fileHeader, nodes: run.nodes, suppressions: run.suppressions, reports: run.reports };
  optionKeys.set(script, optionsKey(options));
  return script;
}

/** The parse options a script was parsed with, as a comparable key (reparse needs the same). */
const optionKeys = new WeakMap<ParsedScript, string>();

function optionsKey(options: ParseOptions): string {
  const ph = options.placeholders;
  return ph ? JSON.stringify(Object.entries(ph)) : '';
}

/** For a node copied by `reparse` (moved by whole lines, unchanged), the node as it was first parsed. */
const roots = new WeakMap<ScriptNode, ScriptNode>();

/**
 * The node object whose content this one repeats: for a node `reparse` moved by whole lines, the
 * node as first parsed (one object, however many times it moved since), else the node itself.
 * Positions inside the node differ by `node.titleLine - root.titleLine` lines; positions before
 * its title (the file header) are the same.
 */
export function nodeRoot(node: ScriptNode): ScriptNode {
  return roots.get(node) ?? node;
}

/**
 * Parse `text`, the new text of the document `prev` was parsed from, reusing what did not change:
 * the same result as `parse(text, uri, options)` (value for value), computed from the first
 * changed line to the first line after the change where the parser is back between two nodes in
 * step with the earlier parse. Nodes before the change are the earlier objects; nodes after it are
 * the earlier objects too when no line was added or removed, else copies moved by the line
 * difference (`nodeRoot` says which node they repeat). A change inside the file header, or different
 * options, parses everything again.
 */
export function reparse(prev: ParsedScript, text: string, uri = prev.uri, options: ParseOptions = {}): ParsedScript {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const key = optionsKey(options);
  if (prev.uri !== uri || optionKeys.get(prev) !== key) return parse(text, uri, options);
  if (text === prev.text) return prev;
  const split = splitLines(text);
  const old = prev.lines;
  // The changed lines: [first, oldLen - same) in the old text, [first, newLen - same) in the new.
  const shortest = Math.min(split.length, old.length);
  let first = 0;
  while (first < shortest && split[first] === old[first]) first++;
  let same = 0;
  while (same < shortest - first && split[split.length - 1 - same] === old[old.length - 1 - same]) same++;
  const delta = split.length - old.length;
  const changedEnd = split.length - same;
  // The lines: the earlier strings where unchanged, copies of the changed ones. (A line split from
  // the text is a slice that keeps the whole text alive; the parse tree holds slices of its lines,
  // and kept nodes live on across versions: without copies every version's text would stay.)
  const lines = old.slice(0, first);
  for (let i = first; i < changedEnd; i++) lines.push(detach(split[i]));
  for (let i = old.length - same; i < old.length; i++) lines.push(old[i]);

  // Restart after the last node closed (by === ) before the first changed line: the parser is
  // between nodes there, and everything before it is unchanged.
  let restart = 0;
  let kept = 0;
  for (let k = prev.nodes.length - 1; k >= 0; k--) {
    const e = prev.nodes[k].endLine;
    if (e !== undefined && e < first) {
      restart = e + 1;
      kept = k + 1;
      break;
    }
  }
  // Lines of the old text where the old parse was between nodes (after a ===), at or after the change.
  const between = new Set<number>();
  for (let k = kept; k < prev.nodes.length; k++) {
    const e = prev.nodes[k].endLine;
    if (e !== undefined && e + 1 >= changedEnd - delta) between.add(e + 1);
  }
  const run = parseLines(lines, options, restart, restart > 0 ? prev.fileHeader : undefined, (i, fileHeader) =>
    i >= changedEnd && between.has(i - delta) && (restart > 0 || sameHeaders(fileHeader, prev.fileHeader)),
  );

  const oldStop = run.stoppedAt - delta;
  const head = {
    nodes: prev.nodes.slice(0, kept),
    suppressions: prev.suppressions.filter((x) => x.line < restart),
    reports: prev.reports.filter((x) => x.range.start.line < restart),
  };
  const tail: { nodes: ScriptNode[]; suppressions: Suppression[]; reports: StructureReport[] } = { nodes: [], suppressions: [], reports: [] };
  if (run.stoppedAt < lines.length) {
    for (const n of prev.nodes) if (n.titleLine >= oldStop) tail.nodes.push(n);
    for (const x of prev.suppressions) if (x.line >= oldStop) tail.suppressions.push(x);
    for (const x of prev.reports) if (x.range.start.line >= oldStop) tail.reports.push(x);
    if (delta) {
      const move = mover(delta, oldStop);
      tail.nodes = tail.nodes.map((n) => {
        const moved = move.node(n);
        roots.set(moved, roots.get(n) ?? n);
        return moved;
      });
      tail.suppressions = tail.suppressions.map(move.suppression);
      tail.reports = tail.reports.map(move.report);
    }
  }
  const script: ParsedScript = {
    uri,
    text,
    lines,
    fileHeader: restart > 0 ? prev.fileHeader : run.fileHeader,
    nodes: [...head.nodes, ...run.nodes, ...tail.nodes],
    suppressions: [...head.suppressions, ...run.suppressions, ...tail.suppressions],
    reports: [...head.reports, ...run.reports, ...tail.reports],
  };
  optionKeys.set(script, key);
  return script;
}

/** A flat copy of a string (not a slice of a larger one). */
function detach(s: string): string {
  return (' ' + s).slice(1);
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function sameHeaders(a: HeaderLine[], b: HeaderLine[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.key !== y.key || x.value !== y.value || x.line !== y.line || x.canonical !== y.canonical || !sameRange(x.range, y.range) || !sameRange(x.keyRange, y.keyRange) || !sameRange(x.valueRange, y.valueRange)) return false;
  }
  return true;
}

/** Copies of parse results with every position at or after line `since` moved by `delta` lines. */
export function mover(delta: number, since: number) {
  const pos = (p: Range['start']) => (p.line >= since ? { line: p.line + delta, character: p.character } : p);
  const range = (r: Range): Range => (r.start.line >= since || r.end.line >= since ? { start: pos(r.start), end: pos(r.end) } : r);
  const header = (h: HeaderLine): HeaderLine => (h.line >= since ? { ...h, line: h.line + delta, keyRange: range(h.keyRange), valueRange: range(h.valueRange), range: range(h.range) } : h);
  const node = (n: ScriptNode): ScriptNode => {
    const headers = new Map<HeaderLine, HeaderLine>();
    for (const h of n.headers) headers.set(h, header(h));
    const lines = new Map<BodyLine, BodyLine>();
    const body = n.body.map((b) => {
      const c: BodyLine = {
        ...b,
        line: b.line + delta,
        labelRange: b.labelRange && range(b.labelRange),
        placeholders: b.placeholders.map((ph) => ({ ...ph, range: range(ph.range) })),
        command: b.command && { ...b.command, range: range(b.command.range), argRange: range(b.command.argRange) },
        branch: b.branch.map((o) => lines.get(o) ?? o),
      };
      lines.set(b, c);
      return c;
    });
    const props: NodeProps = {};
    for (const [k, prop] of Object.entries(n.props) as [keyof NodeProps, Prop<unknown>][]) {
      (props as Record<string, Prop<unknown>>)[k] = { ...prop, header: headers.get(prop.header) ?? header(prop.header) };
    }
    return {
      ...n,
      titleLine: n.titleLine + delta,
      titleRange: range(n.titleRange),
      titleLineRange: range(n.titleLineRange),
      headers: n.headers.map((h) => headers.get(h)!),
      headerEndLine: n.headerEndLine === undefined ? undefined : n.headerEndLine + delta,
      endLine: n.endLine === undefined ? undefined : n.endLine + delta,
      lastLine: n.lastLine + delta,
      body,
      props,
    };
  };
  const suppression = (x: Suppression): Suppression => ({ ...x, line: x.line + delta, range: range(x.range), rules: x.rules.map((r) => ({ ...r, range: range(r.range) })) });
  // (Moves an engine Report, whose fix and suggestions hold edits, and a StructureReport, whose
  // fix and suggestions are Replacements.)
  type Movable = { range: Range };
  type WithEdits = { edits: Movable[] };
  const movedFix = <F extends WithEdits | Movable>(f: F): F => ('edits' in f ? { ...f, edits: f.edits.map((e) => ({ ...e, range: range(e.range) })) } : { ...f, range: range(f.range) });
  const report = <R extends { range: Range; fix?: WithEdits | Movable; suggestions?: (WithEdits | Movable)[] }>(x: R): R => {
    const out: R = { ...x, range: range(x.range) };
    if (x.fix) out.fix = movedFix(x.fix);
    if (x.suggestions) out.suggestions = x.suggestions.map(movedFix);
    return out;
  };
  return { range, node, suppression, report };
}

/** What one run of the parser over `lines[from..]` produced. */
interface ParseRun {
  fileHeader: HeaderLine[];
  nodes: ScriptNode[];
  suppressions: Suppression[];
  reports: StructureReport[];
  /** The line the run stopped at because `resync` said so; otherwise the number of lines. */
  stoppedAt: number;
}

/**
 * The parser proper. It starts at line `from`, either at the top of the file (`inherited`
 * undefined: file-header state) or between two nodes with the file header already read
 * (`inherited`). Between nodes the parser's whole state is the file header: nothing else carries
 * over from one node to the next (speaker labels and option branches are reset at each node), so
 * a run that starts at such a line gives exactly what the full run gives from there.
 * `resync(i)` is asked at each line that starts between nodes; when it answers true the run stops
 * there (the caller reuses what an earlier parse found from that line on).
 */
function parseLines(
  lines: string[],
  options: ParseOptions,
  from: number,
  inherited: HeaderLine[] | undefined,
  resync?: (line: number, fileHeader: HeaderLine[]) => boolean,
): ParseRun {
  const reports: StructureReport[] = [];
  const fileHeader: HeaderLine[] = inherited ?? [];
  const nodes: ScriptNode[] = [];
  const suppressions: Suppression[] = [];
  const placeholderTable: Record<string, PlaceholderCategory> = { ...BUILTIN_PLACEHOLDERS, ...(options.placeholders ?? {}) };
  /** Folded name → [table name, category]. */
  const placeholderLookup = new Map<string, [string, PlaceholderCategory]>();
  for (const [k, v] of Object.entries(placeholderTable)) placeholderLookup.set(fold(k), [k, v]);

  const report = (ruleId: string, messageId: string, data: MessageData | undefined, range: Range, edits?: { fix?: Replacement; suggestions?: Replacement[] }) =>
    reports.push({ ruleId, messageId, ...(data ? { data } : {}), range, ...(edits?.fix ? { fix: edits.fix } : {}), ...(edits?.suggestions?.length ? { suggestions: edits.suggestions } : {}) });

  let state = (inherited ? 'between' : 'fileHeader') as 'fileHeader' | 'header' | 'body' | 'between';
  let node: ScriptNode | undefined;
  let stack: BodyLine[] = [];
  let speakers = new Map<string, Role>();

  /** Line i as the syntax reads it (full-width and IME forms as ASCII, text.ts `syntaxForm`); one-entry cache. */
  let synIndex = -1;
  let synText = '';
  const synOf = (i: number): string => {
    if (i !== synIndex) {
      synIndex = i;
      synText = syntaxForm(lines[i]);
    }
    return synText;
  };

  const lineText = (i: number): Range => {
    const s = lines[i];
    const start = s.length - s.trimStart().length;
    return lineRange(i, start, trimEndIndex(s, s.length, start));
  };

  const parseHeader = (i: number): HeaderLine | undefined => {
    const raw = lines[i];
    const syn = synOf(i);
    const cut = commentStart(syn, 0);
    const s = cut >= 0 ? syn.slice(0, cut) : syn;
    const m = HEADER_RE.exec(s);
    if (!m) return undefined;
    const keyStart = m[1].length;
    const keyEnd = keyStart + m[2].length;
    const valueStart = s.length - m[3].length;
    const valueEnd = trimEndIndex(s, s.length, valueStart);
    const key = raw.slice(keyStart, keyEnd);
    return {
      key,
      canonical: headerKey(key),
      value: raw.slice(valueStart, valueEnd),
      line: i,
      keyRange: lineRange(i, keyStart, keyEnd),
      valueRange: lineRange(i, valueStart, valueEnd),
      range: lineRange(i, keyStart, valueEnd),
    };
  };

  const checkHeader = (h: HeaderLine) => {
    if (!h.canonical) {
      const guess = didYouMean(h.key, Object.keys(HEADER_KEYS));
      report('unknown-header', guess ? 'unknown-guess' : 'unknown', guess ? { key: h.key, guess } : { key: h.key }, h.keyRange, guess ? { suggestions: [{ range: h.keyRange, newText: guess }] } : undefined);
      return;
    }
    const v = h.value;
    // (the key as the writer wrote it: 渠道 or channel)
    const bad = (messageId: string, data?: MessageData, suggestions?: Replacement[]) =>
      report('invalid-header-value', messageId, { key: h.key, value: v, ...data }, h.valueRange.start.character === h.valueRange.end.character ? h.range : h.valueRange, { suggestions });
    switch (h.canonical) {
      case 'title':
        break;
      case 'stage':
        if (!parseStage(v)) {
          const guess = v ? suggestStage(v) : undefined;
          report('invalid-stage', !v ? 'empty' : guess ? 'invalid-guess' : 'invalid', guess ? { key: h.key, value: v, guess } : { key: h.key, value: v }, v ? h.valueRange : h.range, guess ? { suggestions: [{ range: h.valueRange, newText: guess }] } : undefined);
        }
        break;
      case 'audience':
        if (!parseAudience(v)) {
          const guess = suggestAudience(v);
          report('invalid-audience', !v ? 'empty' : guess ? 'unknown-guess' : 'unknown', guess ? { key: h.key, value: v, guess } : { key: h.key, value: v }, v ? h.valueRange : h.range, guess && v ? { suggestions: [{ range: h.valueRange, newText: guess }] } : undefined);
        }
        break;
      case 'channel':
        if (!parseChannel(v)) {
          const guess = suggestChannel(v);
          bad(guess ? 'channel-guess' : 'channel', guess ? { guess } : undefined, guess && v ? [{ range: h.valueRange, newText: guess }] : undefined);
        }
        break;
      case 'time':
        if (!parseTime(v)) bad('time');
        break;
      case 'agents':
        if (parseAgents(v) === undefined) bad('agents');
        break;
      case 'speakers': {
        const r = parseSpeakers(v);
        if (typeof r === 'string') bad('speakers');
        break;
      }
      case 'locale':
        if (!parseLocale(v)) bad('locale');
        break;
      case 'tags':
        break;
    }
  };

  /** Speaker labels declared by the file header and the node's header lines read so far. */
  // Memoised per node and per count of `speakers:` lines read: a node with 32,000 other header
  // lines must not re-read all of them for each one (issue 13: linear in the input).
  let speakersMemo: { n: ScriptNode; count: number; map: Map<string, Role> } | undefined;
  let speakersRead = 0;
  const headerSpeakers = (n: ScriptNode): Map<string, Role> => {
    if (speakersMemo && speakersMemo.n === n && speakersMemo.count === speakersRead) return speakersMemo.map;
    const out = new Map<string, Role>();
    speakersMemo = { n, count: speakersRead, map: out };
    for (const h of [...fileHeader, ...n.headers]) {
      if (h.canonical !== 'speakers') continue;
      const r = parseSpeakers(h.value);
      if (typeof r !== 'string') for (const [k, role] of r) out.set(k, role);
    }
    return out;
  };

  const resolveProps = (n: ScriptNode): NodeProps => {
    const props: NodeProps = {};
    const apply = (h: HeaderLine) => {
      const v = h.value;
      switch (h.canonical) {
        case 'stage': props.stage = { raw: v, value: parseStage(v), header: h }; break;
        case 'audience': props.audience = { raw: v, value: parseAudience(v)?.id, header: h }; break;
        case 'channel': props.channel = { raw: v, value: parseChannel(v), header: h }; break;
        case 'time': props.time = { raw: v, value: parseTime(v), header: h }; break;
        case 'agents': props.agents = { raw: v, value: parseAgents(v), header: h }; break;
        case 'speakers': {
          const r = parseSpeakers(v);
          const prev = props.speakers?.value ?? new Map<string, Role>();
          const merged = new Map(prev);
          if (typeof r !== 'string') for (const [k, role] of r) merged.set(k, role);
          props.speakers = { raw: v, value: merged, header: h };
          break;
        }
        case 'locale': props.locale = { raw: v, value: parseLocale(v), header: h }; break;
        case 'tags': props.tags = { raw: v, value: syntaxForm(v).split(/\s+/).filter(Boolean), header: h }; break;
        default: break;
      }
    };
    for (const h of fileHeader) apply(h);
    for (const h of n.headers) apply(h);
    return props;
  };

  const startNode = (i: number, m: RegExpExecArray) => {
    const raw = lines[i];
    const syn = synOf(i);
    const cut = commentStart(syn, 0);
    const s = cut >= 0 ? syn.slice(0, cut) : syn;
    // m[2] came from the full line (comment included): match again on the comment-stripped text.
    const sm = TITLE_RE.exec(s);
    const vs = sm ? s.length - sm[2].length : s.length;
    const titleStart = vs + (s.slice(vs).length - s.slice(vs).trimStart().length);
    const titleEnd = trimEndIndex(s, s.length, titleStart);
    const title = raw.slice(titleStart, titleEnd);
    node = {
      title,
      titleLine: i,
      titleRange: lineRange(i, titleStart, titleEnd),
      titleLineRange: lineText(i),
      headers: [],
      lastLine: i,
      body: [],
      props: {},
    };
    nodes.push(node);
    if (!title) report('syntax-error', 'empty-title', undefined, lineText(i));
    else if (/<<|>>/.test(s.slice(titleStart, titleEnd))) report('syntax-error', 'title-command', { title }, node.titleRange);
    state = 'header';
    stack = [];
  };

  const closeUnterminated = (why: 'header' | 'body') => {
    if (!node) return;
    if (why === 'header') report('syntax-error', 'no-separator', { title: node.title }, node.titleLineRange);
    else report('syntax-error', 'not-closed', { title: node.title }, node.titleLineRange);
  };

  const scanPlaceholders = (i: number, from: number, to: number): Placeholder[] => {
    const s = synOf(i);
    const raw = lines[i];
    const out: Placeholder[] = [];
    let k = from;
    while (k < to) {
      const open = s.indexOf('{', k);
      if (open < 0 || open >= to) break;
      const close = s.indexOf('}', open + 1);
      if (close < 0 || close >= to) {
        report('syntax-error', 'unterminated-placeholder', undefined, lineRange(i, open, to));
        break;
      }
      const name = raw.slice(open + 1, close).trim();
      const folded = fold(name);
      const entry = placeholderLookup.get(folded);
      const category = entry?.[1];
      const range = lineRange(i, open, close + 1);
      if (!category) {
        const guess = didYouMean(name, Object.keys(placeholderTable));
        // (the name between the braces is replaced: the writer's braces, ASCII or full-width, stay)
        const inner = raw.slice(open + 1, close);
        const nameStart = open + 1 + (inner.length - inner.trimStart().length);
        const suggestions = guess && name ? [{ range: lineRange(i, nameStart, nameStart + name.length), newText: guess, label: `{${guess}}` }] : undefined;
        report('unknown-placeholder', guess ? 'unknown-guess' : 'unknown', guess ? { name, guess } : { name }, range, { suggestions });
      }
      out.push({ name, key: entry ? entry[0] : folded, category, range });
      k = close + 1;
    }
    return out;
  };

  const roleIn = (map: Map<string, Role>, label: string): Role | undefined => {
    if (map.has(label)) return map.get(label);
    const f = fold(label);
    for (const [k, r] of map) if (fold(k) === f) return r;
    return BUILTIN_SPEAKERS[f];
  };
  const roleOf = (label: string): Role | undefined => roleIn(speakers, label);

  const parseBodyLine = (i: number) => {
    const n = node!;
    const raw = lines[i];
    // Structure is read on the syntax form (`｛`, `《《`, `－＞`, `：` as ASCII); names and text are
    // taken from the line as written, at the same offsets.
    const syn = synOf(i);
    const indentStr = syn.slice(0, syn.length - syn.trimStart().length);
    const indent = indentWidth(indentStr);
    let col = indentStr.length;
    const cut = commentStart(syn, col);
    const end = trimEndIndex(syn, cut >= 0 ? cut : syn.length, col);
    while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
    const branch = stack.slice();
    const rest = syn.slice(col, end);

    if (rest.startsWith('<<')) {
      const close = rest.indexOf('>>');
      if (close < 0) {
        report('syntax-error', 'unterminated-command', undefined, lineRange(i, col, end));
        return;
      }
      const inner = rest.slice(2, close);
      const nameMatch = /^\s*(\S*)\s*(.*?)\s*$/.exec(inner)!;
      const name = nameMatch[1];
      const argLength = nameMatch[2].length;
      const argStart = col + 2 + inner.indexOf(nameMatch[2], nameMatch[0].indexOf(name) + name.length);
      const arg = raw.slice(argStart, argStart + argLength);
      const cmd: Command = {
        name,
        arg,
        range: lineRange(i, col, col + close + 2),
        argRange: lineRange(i, arg ? argStart : col + 2 + inner.length, arg ? argStart + arg.length : col + 2 + inner.length),
      };
      const after = rest.slice(close + 2);
      if (after.trim()) report('syntax-error', 'text-after-command', undefined, lineRange(i, col + close + 2 + (after.length - after.trimStart().length), end));
      const lowered = name.toLowerCase();
      if (lowered === 'jump') {
        if (!arg) report('syntax-error', 'jump-no-target', undefined, cmd.range);
      } else if (lowered === 'end') {
        if (arg) report('syntax-error', 'end-with-argument', undefined, cmd.argRange);
      } else {
        report('unknown-command', 'unknown', { name }, cmd.range);
      }
      n.body.push({ kind: 'command', line: i, indent, role: 'agent', text: raw.slice(col, end), textStart: col, placeholders: [], command: { ...cmd, name: lowered === 'jump' || lowered === 'end' ? lowered : name }, branch });
      return;
    }

    let kind: BodyLine['kind'] = 'speaker';
    if (rest.startsWith('->')) {
      kind = 'option';
      col += 2;
      while (col < end && isSpace(syn.charCodeAt(col))) col++;
    }
    let label: string | undefined;
    let labelRange: Range | undefined;
    let role: Role = kind === 'option' ? 'respondent' : 'agent';
    const body = syn.slice(col, end);
    const lm = LABEL_RE.exec(body);
    const afterColon = lm ? body.slice(lm[0].length) : '';
    // `10:30前…` (a time of day) and `https://…` are text, not a label.
    if (lm && !(/\d$/.test(lm[1]) && /^\d/.test(afterColon)) && !afterColon.startsWith('//')) {
      const candidate = raw.slice(col, col + lm[1].length);
      const known = roleOf(candidate);
      // In a written message (sms, letter, im, email) only a known label is one: `温馨提示：…`,
      // `尊敬的客户：…` are the message's own words (FORMAT §5, v1.1).
      const written = n.props.channel?.value !== undefined && WRITTEN_CHANNELS.has(n.props.channel.value);
      if (known !== undefined || !written) {
        const headerLike = known === undefined && headerKey(candidate) !== undefined;
        if (headerLike && kind === 'speaker') {
          report('syntax-error', 'header-in-body', { line: candidate }, lineRange(i, col, end));
          return;
        }
        label = candidate;
        labelRange = lineRange(i, col, col + candidate.length);
        if (known) role = known;
        else {
          report('unknown-speaker', 'unknown', { label: candidate }, labelRange);
          role = 'agent';
        }
        col += lm[0].length;
        while (col < end && isSpace(syn.charCodeAt(col))) col++;
      }
    }
    const text = raw.slice(col, end);
    const placeholders = scanPlaceholders(i, col, end);
    const synText = syn.slice(col, end);
    if (synText.includes('<<') && !synText.includes('>>')) report('syntax-error', 'unterminated-command', undefined, lineRange(i, col + synText.indexOf('<<'), end));
    const bl: BodyLine = { kind, line: i, indent, label, labelRange, role, text, textStart: col, placeholders, branch };
    n.body.push(bl);
    if (kind === 'option') stack.push(bl);
  };

  const parseSuppression = (i: number, m: RegExpExecArray) => {
    const raw = lines[i];
    const kindWord = m[2];
    const kind: Suppression['kind'] =
      kindWord === 'disable-next-line' ? 'next-line' : kindWord === 'disable-file' ? 'file' : kindWord === 'disable' ? 'disable' : kindWord === 'enable' ? 'enable' : 'unknown';
    if (kind === 'unknown') {
      const start = m[1].length;
      suppressions.push({ kind, rules: [], line: i, range: lineRange(i, start, start + 'parley-'.length + kindWord.length), directive: `parley-${kindWord}` });
      return;
    }
    let rest = m[3];
    const restStart = raw.length - rest.length;
    let reason: string | undefined;
    const sepMatch = /--|——/.exec(rest);
    const sep = sepMatch ? sepMatch.index : -1;
    let listPart = rest;
    if (sep >= 0) {
      // The reason as written (m came from the syntax form of the line).
      reason = raw.slice(restStart + sep + 2).trim() || undefined;
      listPart = rest.slice(0, sep);
    }
    const rules: Suppression['rules'] = [];
    const re = /[^\s,\uFF0C]+/g;
    let mm: RegExpExecArray | null;
    while ((mm = re.exec(listPart))) rules.push({ id: mm[0], range: lineRange(i, restStart + mm.index, restStart + mm.index + mm[0].length) });
    rest = '';
    suppressions.push({ kind, rules, reason, line: i, range: lineText(i) });
  };

  let stoppedAt = lines.length;
  for (let i = from; i < lines.length; i++) {
    if (resync && state === 'between' && resync(i, fileHeader)) {
      stoppedAt = i;
      break;
    }
    const raw = lines[i];
    // Structure (separators, comments, options, commands) is read on the syntax form: `＝＝＝`,
    // `－－－`, `／／`, `－＞`, `《《` are `===`, `---`, `//`, `->`, `<<` (FORMAT §2, v1.1).
    const syn = synOf(i);
    const trimmed = syn.trim();
    if (!trimmed) continue;
    if (trimmed.startsWith('//')) {
      const sm = SUPPRESS_RE.exec(syn);
      if (sm) parseSuppression(i, sm);
      if (node && state !== 'between') node.lastLine = i;
      continue;
    }
    const titleMatch = TITLE_RE.exec(syn);
    switch (state) {
      case 'fileHeader':
      case 'between': {
        if (titleMatch) {
          startNode(i, titleMatch);
          break;
        }
        if (trimmed === '---' || trimmed === '===') {
          report('syntax-error', 'stray-delimiter', { line: raw.trim() }, lineText(i));
          break;
        }
        const h = parseHeader(i);
        const looksBody = trimmed.startsWith('->') || trimmed.startsWith('<<') || !h || (!h.canonical && roleOf(h.key) !== undefined);
        if (state === 'fileHeader' && h && !looksBody) {
          fileHeader.push(h);
          if (h.canonical === 'speakers') speakersRead++;
          checkHeader(h);
          break;
        }
        if (state === 'between' && h && h.canonical) {
          report('syntax-error', 'header-outside-node', { key: h.key }, lineText(i));
          break;
        }
        report('syntax-error', 'text-outside-node', undefined, lineText(i));
        break;
      }
      case 'header': {
        const n = node!;
        n.lastLine = i;
        if (trimmed === '---') {
          n.headerEndLine = i;
          n.props = resolveProps(n);
          speakers = n.props.speakers?.value ?? new Map();
          state = 'body';
          break;
        }
        if (titleMatch) {
          closeUnterminated('header');
          n.props = resolveProps(n);
          n.lastLine = i - 1;
          startNode(i, titleMatch);
          break;
        }
        if (trimmed === '===') {
          closeUnterminated('header');
          n.props = resolveProps(n);
          n.endLine = i;
          node = undefined;
          state = 'between';
          break;
        }
        if (SEPARATOR_TYPO.test(trimmed)) {
          // `----`, `--`, `——`: a mistyped separator; report it and read on as if it were `---`.
          report('syntax-error', 'bad-separator', { line: raw.trim() }, lineText(i), { fix: { range: lineText(i), newText: '---' } });
          n.headerEndLine = i;
          n.props = resolveProps(n);
          speakers = n.props.speakers?.value ?? new Map();
          state = 'body';
          break;
        }
        const h = parseHeader(i);
        const firstWord = /^(\S+)\s/.exec(trimmed);
        const keyWithoutColon = !h && !!firstWord && headerKey(firstWord[1]) !== undefined;
        if (!keyWithoutColon && (!h || trimmed.startsWith('->') || trimmed.startsWith('<<') || (!h.canonical && roleIn(headerSpeakers(n), h.key) !== undefined))) {
          // A speaker, option or command line before any `---`: the separator is missing. Report it
          // once (on the title line) and read the rest of the node as its body.
          closeUnterminated('header');
          n.props = resolveProps(n);
          speakers = n.props.speakers?.value ?? new Map();
          state = 'body';
          parseBodyLine(i);
          break;
        }
        if (!h) {
          report('syntax-error', 'bad-header-line', undefined, lineText(i));
          break;
        }
        n.headers.push(h);
        if (h.canonical === 'speakers') speakersRead++;
        checkHeader(h);
        break;
      }
      case 'body': {
        const n = node!;
        if (trimmed === '===') {
          n.endLine = i;
          n.lastLine = i;
          node = undefined;
          state = 'between';
          break;
        }
        if (titleMatch && indentWidth(syn) === 0) {
          closeUnterminated('body');
          startNode(i, titleMatch);
          break;
        }
        if (END_TYPO.test(trimmed)) {
          report('syntax-error', 'bad-end', { line: raw.trim() }, lineText(i), { fix: { range: lineText(i), newText: '===' } });
          n.endLine = i;
          n.lastLine = i;
          node = undefined;
          state = 'between';
          break;
        }
        n.lastLine = i;
        if (trimmed === '---') {
          report('syntax-error', 'separator-in-body', undefined, lineText(i));
          break;
        }
        parseBodyLine(i);
        break;
      }
    }
  }
  if (node) {
    if (state === 'header') {
      closeUnterminated('header');
      node.props = resolveProps(node);
    } else if (state === 'body') closeUnterminated('body');
  }
  return { fileHeader, nodes, suppressions, reports, stoppedAt };
}
