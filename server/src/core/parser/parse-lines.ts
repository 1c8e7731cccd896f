/**
 * The parser proper: one pass over lines, from the top of the file or from a line between two
 * nodes, producing the file header, the nodes (headers, props, body lines, placeholders, option
 * branches), suppression comments and structure reports. Never throws.
 */
import { fold, didYouMean, syntaxForm } from '../text';
import { lineRange, type Range } from '../types';
import type { MessageData } from '../messages';
import { suggestAgents, suggestAudience, suggestChannel, suggestStage } from '../suggest';
import { BUILTIN_PLACEHOLDERS, BUILTIN_SPEAKERS, HEADER_KEYS, headerKey, parseAgents, parseAudience, parseChannel, parseLocale, parseSpeakers, parseStage, parseTime, stageMeant, WRITTEN_CHANNELS, type PlaceholderCategory, type Role } from '../vocabulary';
import type { HeaderLine, Placeholder, Command, BodyLine, NodeProps, ScriptNode, Suppression, StructureReport, Replacement, ParseOptions } from './script';
import { TITLE_RE, HEADER_RE, SUPPRESS_RE, SEPARATOR_TYPO, END_TYPO, labelAt, labelColon, indentWidth, commentStart, isSpace, trimEndIndex } from './lexical';

/** An ASCII digit (what \d reads without the u flag). */
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/**
 * The empty list every parsed line without placeholders or open options shares (typed for each use;
 * never added to: a parsed line's lists are read only).
 */
const NONE: never[] = [];

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
export function parseLines(
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
  /**
   * The open options as a body line's `branch`: one array shared by every line under the same
   * options (made again only when `stack` changes), and NONE for the many lines under none. A
   * parsed line's lists are never changed, so sharing them is safe; a large file so holds one
   * array per option, not one per line.
   */
  let branchOf: BodyLine[] = NONE;
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
      const guess = didYouMean(fold(h.key), Object.keys(HEADER_KEYS));
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
        if (parseAgents(v) === undefined) {
          const guess = v ? suggestAgents(v) : undefined;
          bad(guess ? 'agents-guess' : 'agents', guess ? { guess } : undefined, guess ? [{ range: h.valueRange, newText: guess }] : undefined);
        }
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
        case 'stage': props.stage = { raw: v, value: stageMeant(v), header: h }; break;
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
    branchOf = NONE;
  };

  const closeUnterminated = (why: 'header' | 'body') => {
    if (!node) return;
    if (why === 'header') report('syntax-error', 'no-separator', { title: node.title }, node.titleLineRange);
    else report('syntax-error', 'not-closed', { title: node.title }, node.titleLineRange);
  };

  const scanPlaceholders = (i: number, from: number, to: number): Placeholder[] => {
    const s = synOf(i);
    const raw = lines[i];
    let out: Placeholder[] = NONE;
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
      const ph = { name, key: entry ? entry[0] : folded, category, range };
      if (out === NONE) out = [ph];
      else out.push(ph);
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
    // (indentWidth stops where the indentation does: it reads the line itself)
    const indent = indentWidth(syn);
    let col = labelColon(syn, 0, syn.length);
    const cut = commentStart(syn, col);
    const end = trimEndIndex(syn, cut >= 0 ? cut : syn.length, col);
    while (stack.length && stack[stack.length - 1].indent >= indent) {
      stack.pop();
      branchOf = stack.length ? stack.slice() : NONE;
    }
    const branch = branchOf;
    if (col + 2 <= end && syn.startsWith('<<', col)) {
      const rest = syn.slice(col, end);
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
      n.body.push({ kind: 'command', line: i, indent, role: 'agent', text: raw.slice(col, end), textStart: col, placeholders: NONE, command: { ...cmd, name: lowered === 'jump' || lowered === 'end' ? lowered : name }, branch });
      return;
    }

    let kind: BodyLine['kind'] = 'speaker';
    if (col + 2 <= end && syn.startsWith('->', col)) {
      kind = 'option';
      col += 2;
      while (col < end && isSpace(syn.charCodeAt(col))) col++;
    }
    let label: string | undefined;
    let labelRange: Range | undefined;
    let role: Role = kind === 'option' ? 'respondent' : 'agent';
    // LABEL_RE on the rest of the line (labelAt: the label's end; its colon follows, after any \s).
    const labelEnd = labelAt(syn, col, end);
    const after = labelEnd < 0 ? -1 : labelColon(syn, labelEnd, end) + 1;
    // `10:30前…` (a time of day) and `https://…` are text, not a label.
    if (labelEnd >= 0 && !(isDigit(syn.charCodeAt(labelEnd - 1)) && after < end && isDigit(syn.charCodeAt(after))) && !(after + 2 <= end && syn.startsWith('//', after))) {
      const candidate = raw.slice(col, labelEnd);
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
        col = after;
        while (col < end && isSpace(syn.charCodeAt(col))) col++;
      }
    }
    const text = raw.slice(col, end);
    const placeholders = scanPlaceholders(i, col, end);
    const open = syn.indexOf('<<', col);
    if (open >= 0 && open + 2 <= end) {
      const close = syn.indexOf('>>', col);
      if (!(close >= 0 && close + 2 <= end)) report('syntax-error', 'unterminated-command', undefined, lineRange(i, open, end));
    }
    const bl: BodyLine = { kind, line: i, indent, label, labelRange, role, text, textStart: col, placeholders, branch };
    n.body.push(bl);
    if (kind === 'option') {
      stack.push(bl);
      branchOf = stack.slice();
    }
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
