/**
 * What the rules read: per-node and per-line views (folded text, lexicon hits on first use), and
 * the kept views the file and workspace rules read once a node's line and node rules are done.
 */
import { DEFAULT_CONFIG, type ResolvedConfig } from '../config';
import { MARK, type LexiconBank, type LineHits, type Match } from '../lexicon';
import { nodeRoot, type ParsedScript, type ScriptNode } from '../parser';
import type { Hits, LineView, NodeView, WorkspaceIndex } from '../rule';
import { fold } from '../text';
import { lineRange } from '../types';
import { lexiconBank } from './bank';

const MARKS: Record<string, string> = { debt: MARK.debt, agent: MARK.agent, debtor: MARK.debtor, other: MARK.other };

/** The line's text with each placeholder replaced by its category marker and filler (same length). */
function maskPlaceholders(line: ScriptNode['body'][number]): string {
  const text = line.text;
  let out = '';
  let pos = 0;
  for (const ph of line.placeholders) {
    const s = ph.range.start.character - line.textStart;
    const e = ph.range.end.character - line.textStart;
    if (s < pos || e <= s || e > text.length) return maskSlow(line);
    out += text.slice(pos, s) + (ph.category ? MARKS[ph.category] : MARK.unknown) + MARK.filler.repeat(e - s - 1);
    pos = e;
  }
  return out + text.slice(pos);
}

/** Unit-by-unit masking, for placeholder ranges that are out of order (never produced by the parser). */
function maskSlow(line: ScriptNode['body'][number]): string {
  const chars = [...Array(line.text.length)].map((_, i) => line.text[i]);
  for (const ph of line.placeholders) {
    const s = ph.range.start.character - line.textStart;
    const e = ph.range.end.character - line.textStart;
    for (let k = s; k < e; k++) chars[k] = MARK.filler;
    chars[s] = ph.category ? MARKS[ph.category] : MARK.unknown;
  }
  return chars.join('');
}

/**
 * fold(), remembered for the texts folded lately (two generations of FOLD_CACHE texts of up to
 * FOLD_CACHE_UNITS units): scripts repeat lines, and the one string object a repeated text folds
 * to is also the key under which the bank finds its hits again with its hash already computed.
 */
const FOLD_CACHE = 4096;
const FOLD_CACHE_UNITS = 512;
let foldRecent = new Map<string, string>();
let foldOlder = new Map<string, string>();
function foldLine(text: string): string {
  if (text.length > FOLD_CACHE_UNITS) return fold(text);
  let f = foldRecent.get(text);
  if (f !== undefined) return f;
  f = foldOlder.get(text);
  if (f === undefined) {
    // A line's text is a slice of the whole file's: kept as a key, it would keep the file. The
    // cache keeps copies (a slice of a concatenation copies it; fold's own output is a new string).
    const own = (text + ' ').slice(0, -1);
    f = fold(text);
    if (f === text) f = own;
    text = own;
  }
  if (foldRecent.size >= FOLD_CACHE) {
    foldOlder = foldRecent;
    foldRecent = new Map();
  }
  foldRecent.set(text, f);
  return f;
}

/**
 * A text line as the rules see it. Folding and the automaton scan happen on first use: most rules
 * read agent lines only, so respondent and option lines are usually never scanned.
 */
export class TextLineView implements LineView {
  readonly audience: NodeView['audience'];
  readonly stage: NodeView['stage'];
  readonly channel: NodeView['channel'];
  readonly channelInvalid: boolean;
  private foldedText: string | undefined;
  private lineHits: LineHits | undefined;
  private keptHits: KeptHits | undefined;
  constructor(
    readonly node: ScriptNode,
    readonly line: ScriptNode['body'][number],
    view: Pick<NodeView, 'audience' | 'stage' | 'channel' | 'channelInvalid'>,
    private bank: LexiconBank,
    /** What the line's node pass kept of its hits (a view for the file rules, see KeptNodeView). */
    kept?: { names: readonly string[]; found: KeptLine },
  ) {
    this.audience = view.audience;
    this.stage = view.stage;
    this.channel = view.channel;
    this.channelInvalid = view.channelInvalid;
    if (kept) this.keptHits = new KeptHits(kept.names, kept.found, this);
  }
  get folded(): string {
    return (this.foldedText ??= foldLine(this.line.placeholders.length ? maskPlaceholders(this.line) : this.line.text));
  }
  get hits(): Hits {
    return this.keptHits ?? this.scanned();
  }
  /** The line's hits, from the automaton (once). */
  scanned(): LineHits {
    return (this.lineHits ??= this.bank.scan(this.folded));
  }
  /** Does the term that made `m` declare itself negatable? (The bank's data: no scan.) */
  negatable(lexicon: string, m: Match): boolean {
    return this.bank.negatable(lexicon, m.pattern);
  }
  /** Let the line's hits drop their pieces (LineHits.release). */
  release(): void {
    this.lineHits?.release();
  }
  /** Was the line scanned (did a rule read its hits)? */
  get wasScanned(): boolean {
    return this.lineHits !== undefined;
  }
  rangeOf(s: number, e: number) {
    return lineRange(this.line.line, this.line.textStart + s, this.line.textStart + e);
  }
  /** Take over what an earlier view of the same text (a line moved, not changed) already computed. */
  adopt(earlier: TextLineView): void {
    this.foldedText = earlier.foldedText;
    this.lineHits = earlier.lineHits;
  }
}

/**
 * The line views of a node (speaker and option lines; its agent speaker lines), each taking over
 * what the view at the same place of `adopt` computed (an earlier view of the same lines, moved).
 */
export function lineViews(node: ScriptNode, bank: LexiconBank, adopt?: readonly TextLineView[]): { lines: TextLineView[]; agentLines: TextLineView[] } {
  const p = node.props;
  const of = { audience: p.audience?.value, stage: p.stage?.value, channel: p.channel?.value, channelInvalid: !!p.channel && !p.channel.value };
  const lines: TextLineView[] = [];
  const agentLines: TextLineView[] = [];
  for (const line of node.body) {
    if (line.kind === 'command') continue;
    const lv = new TextLineView(node, line, of, bank);
    if (adopt) lv.adopt(adopt[lines.length]);
    lines.push(lv);
    if (line.role === 'agent' && line.kind === 'speaker') agentLines.push(lv);
  }
  return { lines, agentLines };
}

/**
 * A node's view whose line views are those of `lines` when first read (the incremental linter's
 * view of a node moved by whole lines: most are never read, and each line view is an object).
 */
export class NodeViewOf implements NodeView {
  readonly node: ScriptNode;
  readonly audience: NodeView['audience'];
  readonly audienceInvalid: boolean;
  readonly stage: NodeView['stage'];
  readonly stageInvalid: boolean;
  readonly channel: NodeView['channel'];
  readonly channelInvalid: boolean;
  readonly time: NodeView['time'];
  readonly agents: NodeView['agents'];
  readonly isEntry: boolean;
  constructor(
    node: ScriptNode,
    index: WorkspaceIndex,
    private readonly of: { readonly lines: TextLineView[]; readonly agentLines: TextLineView[] },
  ) {
    // (the properties of the node it repeats, when moved: the same values, and a moved node's own
    // are made only when read)
    const p = nodeRoot(node).props;
    this.node = node;
    this.audience = p.audience?.value;
    this.audienceInvalid = !!p.audience && !p.audience.value;
    this.stage = p.stage?.value;
    this.stageInvalid = !!p.stage && !p.stage.value;
    this.channel = p.channel?.value;
    this.channelInvalid = !!p.channel && !p.channel.value;
    this.time = p.time?.value;
    this.agents = p.agents?.value;
    this.isEntry = (p.tags?.value ?? []).includes('start') || !index.incoming.get(node.title);
  }
  get lines(): LineView[] {
    return this.of.lines;
  }
  get agentLines(): LineView[] {
    return this.of.agentLines;
  }
}

export function nodeView(node: ScriptNode, index: WorkspaceIndex, bank: LexiconBank, known?: { lines: TextLineView[]; agentLines: TextLineView[] }): NodeView {
  const p = node.props;
  const tags = p.tags?.value ?? [];
  const view: NodeView = {
    node,
    audience: p.audience?.value,
    audienceInvalid: !!p.audience && !p.audience.value,
    stage: p.stage?.value,
    stageInvalid: !!p.stage && !p.stage.value,
    channel: p.channel?.value,
    channelInvalid: !!p.channel && !p.channel.value,
    time: p.time?.value,
    agents: p.agents?.value,
    isEntry: tags.includes('start') || !index.incoming.get(node.title),
    lines: known?.lines ?? [],
    agentLines: known?.agentLines ?? [],
  };
  if (known) return view;
  for (const line of node.body) {
    if (line.kind === 'command') continue;
    const lv = new TextLineView(node, line, view, bank);
    view.lines.push(lv);
    if (line.role === 'agent' && line.kind === 'speaker') view.agentLines.push(lv);
  }
  return view;
}

/**
 * What a file or workspace rule may read of a line once its node's line and node rules are done:
 * the matches of the lexicons those rules declare (`meta.lexicons`), in the order given to
 * `keptLexicons`. Undefined for a line no rule scanned: it is scanned if a file rule asks.
 */
type KeptLine = readonly (readonly Match[])[];

/** The hits of a kept line: the declared lexicons' matches; any other lexicon scans the line. */
class KeptHits implements Hits {
  constructor(
    private names: readonly string[],
    private found: KeptLine,
    private view: TextLineView,
  ) {}
  matches(lexicon: string): Match[] {
    const k = this.names.indexOf(lexicon);
    return (k >= 0 ? this.found[k] : this.view.scanned().matches(lexicon)) as Match[];
  }
  has(lexicon: string): boolean {
    return this.matches(lexicon).length > 0;
  }
  negatable(lexicon: string, m: Match): boolean {
    return this.view.negatable(lexicon, m);
  }
  matchesWhere(lexicon: string, keep: (m: Match) => boolean): Match[] {
    return this.view.scanned().matchesWhere(lexicon, keep);
  }
  ownNegation(lexicon: string, m: Match, n: Match): boolean {
    return this.view.scanned().ownNegation(lexicon, m, n);
  }
}

/**
 * A node's view for the file and workspace rules, once its line and node rules have run: the
 * header fields, and line views made when a rule reads them, from the node's body and what the
 * node pass kept of each line (KeptLine). A large file so holds no line views, folded texts or
 * hits of nodes already linted: memory follows the largest node, not the file.
 */
class KeptNodeView implements NodeView {
  readonly node: ScriptNode;
  readonly audience: NodeView['audience'];
  readonly audienceInvalid: boolean;
  readonly stage: NodeView['stage'];
  readonly stageInvalid: boolean;
  readonly channel: NodeView['channel'];
  readonly channelInvalid: boolean;
  readonly time: NodeView['time'];
  readonly agents: NodeView['agents'];
  readonly isEntry: boolean;
  private views: { lines: LineView[]; agentLines: LineView[] } | undefined;
  constructor(
    from: NodeView,
    private bank: LexiconBank,
    /** The kept lexicons' names, and one entry per text line of the node, in order (undefined: the line was not scanned). */
    private names: readonly string[],
    private kept: (KeptLine | undefined)[] | undefined,
  ) {
    this.node = from.node;
    this.audience = from.audience;
    this.audienceInvalid = from.audienceInvalid;
    this.stage = from.stage;
    this.stageInvalid = from.stageInvalid;
    this.channel = from.channel;
    this.channelInvalid = from.channelInvalid;
    this.time = from.time;
    this.agents = from.agents;
    this.isEntry = from.isEntry;
  }
  get lines(): LineView[] {
    return (this.views ??= this.make()).lines;
  }
  get agentLines(): LineView[] {
    return (this.views ??= this.make()).agentLines;
  }
  private make(): { lines: LineView[]; agentLines: LineView[] } {
    const lines: LineView[] = [];
    const agentLines: LineView[] = [];
    let i = 0;
    for (const line of this.node.body) {
      if (line.kind === 'command') continue;
      const found = this.kept?.[i++];
      const lv = new TextLineView(this.node, line, this, this.bank, found && { names: this.names, found });
      lines.push(lv);
      if (line.role === 'agent' && line.kind === 'speaker') agentLines.push(lv);
    }
    this.kept = undefined;
    return { lines, agentLines };
  }
}

/** One array of empty matches per kept lexicon count (a line with none of them). */
const NONE_KEPT: (readonly Match[])[][] = [];

/** What the file rules will read of a node whose line and node rules are done (see KeptNodeView). */
export function keep(view: NodeView, bank: LexiconBank, lexicons: readonly string[]): KeptNodeView {
  let kept: (KeptLine | undefined)[] | undefined;
  if (lexicons.length) {
    kept = [];
    const none = (NONE_KEPT[lexicons.length] ??= lexicons.map(() => [] as Match[]));
    for (const lv of view.lines as TextLineView[]) {
      if (!lv.wasScanned) {
        kept.push(undefined);
        continue;
      }
      const hits = lv.scanned();
      let found: (readonly Match[])[] | undefined;
      for (let k = 0; k < lexicons.length; k++) {
        const m = hits.matches(lexicons[k]);
        if (m.length) (found ??= none.slice())[k] = m;
      }
      kept.push(found ?? none);
    }
  }
  // The node's rules are done with its lines: their hits keep their answers, not their pieces
  // (the bank may hand the same LineHits to a later line with the same text).
  for (const lv of view.lines as TextLineView[]) lv.release();
  return new KeptNodeView(view, bank, lexicons, kept);
}

/** The engine's views of a script's nodes (audience, stage, entry, lines with their lexicon hits), for tools such as the conversation graph. */
export function viewNodes(script: ParsedScript, index: WorkspaceIndex, config: ResolvedConfig = DEFAULT_CONFIG): NodeView[] {
  const bank = lexiconBank(config);
  return script.nodes.map((n) => nodeView(n, index, bank));
}
