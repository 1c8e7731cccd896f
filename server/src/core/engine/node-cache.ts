/**
 * What the incremental linter keeps of one node (its views, reports and finished chunk), how it is
 * made afresh or moved by whole lines, and which rules' reports may be kept (NODE_LOCAL, INDEX_NODE).
 */
import type { ResolvedConfig } from '../config';
import type { LexiconBank } from '../lexicon';
import { mover, type ParsedScript, type ScriptNode } from '../parser';
import { isIndexNode, isNodeLocal, type NodeView, type Rule, type WorkspaceIndex } from '../rule';
import { RULES } from '../rules';
import { nodeIndexKey } from '../workspace';
import type { Finding, Report } from '../types';
import { check, runs, type RawReport } from './run';
import { lineViews, nodeView, NodeViewOf, type TextLineView } from './views';

/**
 * Rules whose findings for a node depend on nothing but that node (its header, including the file
 * header's defaults, its lines) and the config: derived from what each rule declares it visits
 * (`line` or `node`). Four of them (calling-hours, rest-hours, early-third-party-contact,
 * visit-single-agent) report a file-header line once per file: node by node they report it for each
 * node that inherits it, with the same message and range, and the dedupe in `finish` keeps the
 * first, as a whole-file run does. test/core/rule-contract.test.ts checks each declaration.
 */
export const NODE_LOCAL: ReadonlySet<string> = new Set(RULES.filter((r) => isNodeLocal(r.meta)).map((r) => r.meta.id));

/**
 * Rules that look at one node at a time but also at the workspace index (`readsIndex`): whether the
 * node is an entry node (incoming jumps), the nodes its jumps reach (or every title, when a target
 * has none) and the other nodes of its title. Their findings for a node are kept while what the
 * node reads of the index is the same (nodeIndexKey, core/workspace).
 */
export const INDEX_NODE: ReadonlySet<string> = new Set(RULES.filter((r) => isIndexNode(r.meta)).map((r) => r.meta.id));

/** Reports by index in RULES (holes: none). */
type ReportsByRule = (Report[] | undefined)[];

/** What the incremental linter keeps of one node: its line views (folded text, lexicon hits) and its node-local reports. */
export interface NodeCache {
  /** The node these views and reports are for (positions are this node's). */
  node: ScriptNode;
  lines: TextLineView[];
  agentLines: TextLineView[];
  /** Reports of the node-local rules. */
  reports: ReportsByRule;
  /**
   * The node's view and the reports of the index rules, for one index, with what of that index they
   * read (`nodeIndexKey`, core/workspace): another index that gives the node the same is as good.
   */
  indexed?: { index: WorkspaceIndex; deps: string; view: NodeView; reports: ReportsByRule };
  /** Both kinds of reports as [rule index, reports] pairs (what each lint walks). */
  pairs?: [number, Report[]][];
  /** The node's findings, finished as far as they can be alone (see Chunk); reset with `pairs`. */
  chunk?: Chunk;
  /** The last lint whose script had this node (the incremental linter drops the others). */
  stamp: number;
}

/**
 * One node's part of the output when the file has no suppression comments: the findings of its
 * reports on its own lines, with severities, in the output's order and deduplicated (what `finish`
 * does, restricted to lines no other node reports on), and its reports outside its lines (a
 * file-header line), which are merged with the file rules' reports at every lint. A lint then
 * takes an unchanged node's findings as one run, without looking at them.
 */
export interface Chunk {
  uri: string;
  findings: Finding[];
  /** Start lines of the first and last finding. */
  firstLine: number;
  lastLine: number;
  /** The most findings on one line (for the per-line ceiling). */
  maxPerLine: number;
  /** Reports outside the node's lines, with their place in the node's order. */
  outside: { rule: Rule; report: Report; seq: number }[];
}

export function pairsOf(c: NodeCache): [number, Report[]][] {
  const out: [number, Report[]][] = [];
  for (const by of [c.reports, c.indexed?.reports ?? []]) by.forEach((list, k) => list && out.push([k, list]));
  return out;
}

/** Run the given rules on one node. */
export function checkNode(rules: ReadonlySet<string>, view: NodeView, script: ParsedScript, index: WorkspaceIndex, config: ResolvedConfig, bank: LexiconBank): ReportsByRule {
  const out: ReportsByRule = [];
  const on = { script, nodes: [view], workspace: index, config, bank };
  let raw: RawReport[] = [];
  for (let k = 0; k < RULES.length; k++) {
    const rule = RULES[k];
    if (!rules.has(rule.meta.id) || !runs(rule, config)) continue;
    check(rule, on, raw);
    if (raw.length) {
      out[k] = raw.map((r) => r.report);
      raw = [];
    }
  }
  return out;
}


/** A node's views and reports, computed afresh. */
export function fresh(n: ScriptNode, script: ParsedScript, index: WorkspaceIndex, config: ResolvedConfig, bank: LexiconBank): NodeCache {
  const view = nodeView(n, index, bank);
  const c: NodeCache = { node: n, lines: view.lines as TextLineView[], agentLines: view.agentLines as TextLineView[], reports: checkNode(NODE_LOCAL, view, script, index, config, bank), stamp: 0 };
  c.indexed = { index, deps: nodeIndexKey(n, index), view, reports: checkNode(INDEX_NODE, view, script, index, config, bank) };
  return c;
}

/**
 * The cache of a node moved by whole lines (same content): the same views' work and reports, at
 * the new lines. The node's own positions move; positions before its title (a file-header line
 * that a node-local rule reports) do not.
 */
export function moved(earlier: NodeCache, node: ScriptNode, bank: LexiconBank): NodeCache {
  // The reports are moved when first read: a lint takes a moved node's findings from its moved
  // chunk (movedChunk) and reads its reports only to finish them again or through suppression comments.
  // So are its line views (most are never read: the file rules read few nodes' lines), made from
  // the earlier views they repeat — the last ones made, so that no chain of versions is kept.
  const adopt = earlier instanceof MovedCache ? earlier.viewsToAdopt() : earlier.lines;
  const c = new MovedCache(unmovedOf(earlier, earlier.node.titleLine, node.titleLine), node, adopt, bank);
  // (the index can be the same though nodes moved: untitled nodes are not part of it)
  const ix = earlier.indexed;
  if (ix) c.indexed = new MovedIndexed(unmovedOf(ix, earlier.node.titleLine, node.titleLine), ix.index, ix.deps, new NodeViewOf(node, ix.index, c));
  return c;
}

type HasReports = { reports: ReportsByRule };

/** Reports at the positions of a node whose title is on `line`, to be moved to title line `to`. */
interface Unmoved {
  from: ReportsByRule;
  line: number;
  to: number;
}

/**
 * What `earlier`'s reports are moved from: its reports, or — when it has not moved its own yet —
 * the reports it would move (so that a node moved again before its reports are read keeps no chain
 * of earlier versions alive).
 */
function unmovedOf(earlier: HasReports, line: number, to: number): Unmoved {
  const u = earlier instanceof MovedReports ? earlier.unmoved : undefined;
  return u ? { from: u.from, line: u.line, to } : { from: earlier.reports, line, to };
}

/** `reports` moved from `unmoved` when first read. */
class MovedReports {
  private moved: ReportsByRule | undefined;
  constructor(public unmoved: Unmoved | undefined) {}
  get reports(): ReportsByRule {
    if (!this.moved) {
      const u = this.unmoved!;
      this.moved = moveReports(u.from, u.to - u.line, u.line);
      this.unmoved = undefined;
    }
    return this.moved;
  }
  set reports(v: ReportsByRule) {
    this.moved = v;
    this.unmoved = undefined;
  }
}

class MovedCache extends MovedReports implements NodeCache {
  indexed?: NodeCache['indexed'];
  pairs?: [number, Report[]][];
  chunk?: Chunk;
  stamp = 0;
  private views: { lines: TextLineView[]; agentLines: TextLineView[] } | undefined;
  constructor(
    unmoved: Unmoved,
    public node: ScriptNode,
    /** The earlier line views these repeat, until they are made. */
    private adopt: readonly TextLineView[] | undefined,
    private readonly bank: LexiconBank,
  ) {
    super(unmoved);
  }
  get lines(): TextLineView[] {
    return (this.views ??= this.make()).lines;
  }
  get agentLines(): TextLineView[] {
    return (this.views ??= this.make()).agentLines;
  }
  /** What a copy of this node moved again adopts its line views from: these, or (not made yet) what these would adopt. */
  viewsToAdopt(): readonly TextLineView[] {
    return this.views ? this.views.lines : this.adopt!;
  }
  private make(): { lines: TextLineView[]; agentLines: TextLineView[] } {
    const v = lineViews(this.node, this.bank, this.adopt);
    this.adopt = undefined;
    return v;
  }
}

class MovedIndexed extends MovedReports {
  constructor(
    unmoved: Unmoved,
    public index: WorkspaceIndex,
    public deps: string,
    public view: NodeView,
  ) {
    super(unmoved);
  }
}

function moveReports(from: ReportsByRule, delta: number, since: number): ReportsByRule {
  const move = mover(delta, since);
  const moveReport = (r: Report): Report => {
    const shift = shiftOf(r, delta, since);
    if (shift === undefined) return move.report(r);
    const o = reportOrigin(r);
    return movedCopy(r, move, o ? { root: o.root, delta: o.delta + shift } : { root: r, delta: shift });
  };
  return from.map((list) => list && list.map(moveReport));
}

/**
 * `x` moved (`move.report`) as a Moved object with `origin`, made by one copy: the moved object
 * with x's fields, then its positions set moved (the same keys, so in the same order as a plain
 * moved copy). Before, a plain copy was made, then copied again into the Moved object.
 */
function movedCopy<T extends Report>(x: T, move: ReturnType<typeof mover>, origin: Origin<T>): T {
  const out = asMoved(x, origin);
  move.into(out, x);
  return out;
}

/** A copy of a node's index part for another index that gives the node the same (its reports, when not moved yet, still moved when first read). */
export function withIndex(ix: NonNullable<NodeCache['indexed']>, index: WorkspaceIndex): NonNullable<NodeCache['indexed']> {
  if (ix instanceof MovedIndexed && ix.unmoved) return new MovedIndexed(ix.unmoved, index, ix.deps, ix.view);
  return { index, deps: ix.deps, view: ix.view, reports: ix.reports };
}

/**
 * The chunk of a node moved by whole lines (`c`, made by `moved` from `earlier`): the earlier
 * chunk's findings moved with the node, in the same order (every position of each moves by the
 * same lines, so order and duplicates are as before), and the node's reports outside its lines
 * taken from `c`'s reports in chunkOf's order. Undefined (chunkOf then finishes the node's reports)
 * when a finding does not move as a whole (an edit outside the node's lines).
 */
export function movedChunk(earlier: NodeCache, c: NodeCache): Chunk | undefined {
  const ch = earlier.chunk!;
  const shift = c.node.titleLine - earlier.node.titleLine;
  const move = mover(shift, earlier.node.titleLine);
  const findings: Finding[] = new Array(ch.findings.length);
  for (let i = 0; i < findings.length; i++) {
    const f = ch.findings[i];
    if (shiftOf(f, shift, earlier.node.titleLine) !== shift) return undefined;
    const o = findingOrigin(f);
    findings[i] = movedCopy(f, move, o ? { root: o.root, delta: o.delta + shift } : { root: f, delta: shift });
  }
  const node = c.node;
  const outside: Chunk['outside'] = [];
  // (none outside before, none now: the node's reports moved with it, so need not be read)
  if (!ch.outside.length) return { uri: ch.uri, findings, firstLine: findings[0]?.range.start.line ?? 0, lastLine: findings[findings.length - 1]?.range.start.line ?? 0, maxPerLine: ch.maxPerLine, outside };
  let seq = 0;
  for (const [k, list] of (c.pairs ??= pairsOf(c))) {
    for (const report of list) {
      const line = report.range.start.line;
      if (line < node.titleLine || line > node.lastLine) outside.push({ rule: RULES[k], report, seq });
      seq++;
    }
  }
  if (outside.length !== ch.outside.length) return undefined;
  return { uri: ch.uri, findings, firstLine: findings[0]?.range.start.line ?? 0, lastLine: findings[findings.length - 1]?.range.start.line ?? 0, maxPerLine: ch.maxPerLine, outside };
}

/**
 * A report or finding moved by whole lines, and the one it repeats: the first of the line (never a
 * moved copy, so no chain of versions is kept alive) and how many lines every position of it moved
 * since. Made only when all its positions (range, fix, suggestions) moved by the same lines. Its
 * fields are the moved object's, own and enumerable in the same order (JSON, comparisons and
 * spreads see a plain report); the origin is a private field. (It was a WeakMap from each moved
 * object: a newline typed above a thousand findings added a thousand entries to one ephemeron
 * table, the costliest line of a newline, and more work for every garbage collection.)
 */
class Moved {
  readonly #origin: Origin<never>;
  constructor(fields: object, origin: Origin<never>) {
    Object.assign(this, fields);
    this.#origin = origin;
  }
  static origin<T>(x: T): Origin<T> | undefined {
    return x instanceof Moved ? (x.#origin as Origin<T>) : undefined;
  }
}

type Origin<T> = { root: T; delta: number };

/** `fields` (a report or finding made from `root`'s, moved) as one that says which it repeats. */
export function asMoved<T extends object>(fields: T, origin: Origin<T>): T {
  return new Moved(fields, origin as Origin<never>) as unknown as T;
}

/** The report a moved report repeats, and how far it moved (see Moved). */
export function reportOrigin(r: Report): Origin<Report> | undefined {
  return Moved.origin(r);
}

/**
 * The finding that `f` repeats moved by whole lines, if any: `f` says what `root` says, every line
 * of its positions (range, fix and suggestion edits) `delta` lines further, and nothing else
 * differs (same rule, severity, file, message, characters). A client that keeps work per finding
 * (the language server's encoded diagnostics, lsp/publish.ts) can reuse the root's and move it.
 */
export function findingOrigin(f: Finding): Origin<Finding> | undefined {
  return Moved.origin(f);
}

/**
 * How many lines every position of `x` (range, fix and suggestion edits) moves when positions at
 * or after line `since` move by `delta` (mover): `delta` when all of them are there, 0 when none
 * is, else undefined (not all by the same lines).
 */
function shiftOf(x: Report, delta: number, since: number): number | undefined {
  if (!delta) return 0;
  const moves = x.range.start.line >= since;
  if (x.range.end.line >= since !== moves) return undefined;
  if (x.fix && !editsAt(x.fix.edits, since, moves)) return undefined;
  if (x.suggestions) for (const s of x.suggestions) if (!editsAt(s.edits, since, moves)) return undefined;
  return moves ? delta : 0;
}

/** Are all the edits' positions at or after `since` (`after`), or all before it? */
function editsAt(edits: { range: Report['range'] }[], since: number, after: boolean): boolean {
  for (const e of edits) if (e.range.start.line >= since !== after || e.range.end.line >= since !== after) return false;
  return true;
}
