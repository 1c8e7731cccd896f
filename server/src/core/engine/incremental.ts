/**
 * The IncrementalLinter: successive versions of one document linted with what is unchanged kept.
 */
import { DEFAULT_CONFIG, type ResolvedConfig } from '../config';
import type { LexiconBank } from '../lexicon';
import { nodeRoot, type ParsedScript, type ScriptNode } from '../parser';
import type { NodeView, Rule, WorkspaceIndex } from '../rule';
import { RULES } from '../rules';
import { detach } from '../text';
import { indexReadsSame, nodeIndexKey } from '../workspace';
import { comparePositions, type Finding, type Report } from '../types';
import { lexiconBank } from './bank';
import { detachData, finish, severityOf } from './finish';
import { capFindings, compareFindings, MAX_FINDINGS_PER_FILE, MAX_FINDINGS_PER_LINE } from './order';
import { check, runs, type RawReport } from './run';
import { nodeView } from './views';
import { asMoved, checkNode, fresh, INDEX_NODE, moved, movedChunk, NODE_LOCAL, pairsOf, reportOrigin, withIndex, type Chunk, type NodeCache } from './node-cache';

/**
 * Lints successive versions of one document and gives, each time, exactly what `lintScript` gives:
 * node-local rules run only on nodes that are new since the previous version (a node that is the
 * same object — `reparse` keeps unchanged nodes — or an unchanged node moved by whole lines keeps
 * its reports, moved with it); every other rule, the suppression comments, the dedupe and the order
 * are applied over the whole file. It keeps the nodes of the last version only: memory follows the
 * document, not the number of edits. The config object must be the same for the cache to be kept.
 */
export class IncrementalLinter {
  private config: ResolvedConfig | undefined;
  private cache = new Map<ScriptNode, NodeCache>();
  /** The finding made from each kept report (see finish): unchanged nodes give the same finding objects. */
  private findings = new WeakMap<Report, Finding>();
  /** The file rules' reports of the last lint with their findings, by start line (see assemble). */
  private fileFindings = new Map<number, FileFinding[]>();
  /** The index of the last lint. */
  private lastIndex: WorkspaceIndex | undefined;
  /** The number of the last lint (NodeCache.stamp). */
  private stamp = 0;
  /** Nodes whose node-local rules ran in the last lint (for tests and traces). */
  lastChecked = 0;

  lint(script: ParsedScript, index: WorkspaceIndex, config: ResolvedConfig = DEFAULT_CONFIG): Finding[] {
    this.useConfig(config);
    const bank = lexiconBank(config);
    // The cache is kept and changed where nodes changed (not made again at each lint: a keystroke
    // changes one node); the entries of nodes no longer in the script are dropped after.
    const cache = this.cache;
    const stamp = ++this.stamp;
    let found = 0;
    const size = cache.size;
    const nodes: NodeView[] = new Array(script.nodes.length);
    const caches: NodeCache[] = new Array(script.nodes.length);
    let checked = 0;
    const last = this.lastIndex;
    // (compared when the index is not much larger than the script: the comparison walks the whole
    // index, the keys only this script's nodes — a small file in a large workspace keeps the keys)
    const readsSame = !!last && last !== index && index.titles.size <= 2 * script.nodes.length && indexReadsSame(last, index);
    this.lastIndex = index;
    for (let i = 0; i < script.nodes.length; i++) {
      const n = script.nodes[i];
      // Keyed by the node's root: a node that moved (even several times since the last lint) finds
      // the work done on any earlier copy of it.
      const root = nodeRoot(n);
      let c = cache.get(root);
      const had = c;
      if (c) found++;
      if (c && c.node !== n) {
        const earlier: NodeCache = c;
        // (a copy of the same node, moved: the same title and extent; its body is not read, a
        // moved node makes it when first read)
        c = c.node.title === n.title && c.node.lastLine - c.node.titleLine === n.lastLine - n.titleLine ? moved(c, n, bank) : undefined;
        // (its findings moved as they are: what chunkOf would give, without finishing them again)
        if (c && earlier.chunk?.uri === script.uri) c.chunk = movedChunk(earlier, c);
      }
      if (!c) {
        checked++;
        c = fresh(n, script, index, config, bank);
      } else if (c.indexed?.index !== index) {
        // (an index every node reads the same of as of the last lint's: no key to make)
        const deps = readsSame && c.indexed?.index === last ? c.indexed.deps : nodeIndexKey(n, index);
        if (c.indexed && c.indexed.deps === deps) c.indexed = withIndex(c.indexed, index);
        else {
          const view = nodeView(n, index, bank, c);
          c.indexed = { index, deps, view, reports: checkNode(INDEX_NODE, view, script, index, config, bank) };
          c.pairs = undefined;
          c.chunk = undefined;
        }
      }
      if (c !== had) cache.set(root, c);
      c.stamp = stamp;
      nodes[i] = c.indexed!.view;
      caches[i] = c;
    }
    // (every entry there was is a node of this script: none to drop)
    // (forEach: no [key, value] array per entry, as for…of makes; a keystroke that re-parsed a node
    // leaves its earlier root here to drop)
    if (found !== size) cache.forEach((c, root) => c.stamp !== stamp && cache.delete(root));
    this.lastChecked = checked;
    if (!script.suppressions.length) {
      const out = this.assemble(script, nodes, caches, index, config, bank);
      if (out) return out;
    }
    // Cached reports by rule, in node order: [rule index][k].
    const byRule: Report[][][] = [];
    for (const c of caches) {
      const pairs = (c.pairs ??= pairsOf(c));
      for (let i = 0; i < pairs.length; i++) (byRule[pairs[i][0]] ??= []).push(pairs[i][1]);
    }

    const raw: RawReport[] = [];
    for (let k = 0; k < RULES.length; k++) {
      const rule = RULES[k];
      if (!runs(rule, config)) continue;
      if (!NODE_LOCAL.has(rule.meta.id) && !INDEX_NODE.has(rule.meta.id)) {
        check(rule, { script, nodes, workspace: index, config, bank }, raw);
        continue;
      }
      for (const list of byRule[k] ?? []) for (const report of list) raw.push({ rule, report });
    }
    return finish(script, raw, config, this.findings);
  }

  /**
   * The node work of a coming `lint` of `script`, for its nodes [from, to), done ahead: that lint
   * finds it done. A long lint can so be cut into slices (the language server's background lint of
   * closed files, lsp/background.ts). Nodes prepared but not in the script linted next are dropped.
   */
  prepare(script: ParsedScript, index: WorkspaceIndex, config: ResolvedConfig, from: number, to: number): void {
    this.useConfig(config);
    const bank = lexiconBank(config);
    for (let i = from; i < Math.min(to, script.nodes.length); i++) {
      const n = script.nodes[i];
      const root = nodeRoot(n);
      if (!this.cache.has(root)) this.cache.set(root, fresh(n, script, index, config, bank));
    }
  }

  private useConfig(config: ResolvedConfig): void {
    if (config === this.config) return;
    this.cache = new Map();
    this.findings = new WeakMap();
    this.fileFindings = new Map();
    this.config = config;
  }

  /**
   * What `finish` gives for a file without suppression comments, from the nodes' chunks: the file
   * rules' reports and the nodes' reports outside their own lines ("loose") are finished as
   * `finish` does and merged into the chunks by line; a chunk no loose finding falls into is taken
   * whole. Order and dedupe as in `finish`: by start, end and rule id, ties in report order (rule,
   * then node, then the rule's order), the first of equal findings kept.
   */
  private assemble(script: ParsedScript, nodes: NodeView[], caches: NodeCache[], index: WorkspaceIndex, config: ResolvedConfig, bank: LexiconBank): Finding[] | undefined {
    type Loose = { f: Finding; node: number; seq: number };
    const chunks: Chunk[] = new Array(caches.length);
    const looseRaw: { rule: Rule; report: Report; node: number; seq: number }[] = [];
    let lastLine = -1;
    let total = 0;
    for (let i = 0; i < caches.length; i++) {
      const c = caches[i];
      let ch = c.chunk;
      if (!ch || ch.uri !== script.uri) ch = c.chunk = this.chunkOf(c, script.uri, config);
      // (nodes' lines follow each other; were they ever not to, the whole-file path decides)
      if (ch.findings.length) {
        if (ch.firstLine <= lastLine) return undefined;
        lastLine = ch.lastLine;
      }
      chunks[i] = ch;
      total += ch.findings.length;
      for (const o of ch.outside) looseRaw.push({ rule: o.rule, report: o.report, node: i, seq: o.seq });
    }
    // The file and workspace rules, over the whole file (in rule order, node -1: their own order).
    for (let k = 0; k < RULES.length; k++) {
      const rule = RULES[k];
      if (!runs(rule, config) || NODE_LOCAL.has(rule.meta.id) || INDEX_NODE.has(rule.meta.id)) continue;
      const raw: RawReport[] = [];
      check(rule, { script, nodes, workspace: index, config, bank }, raw);
      for (const r of raw) looseRaw.push({ rule: r.rule, report: r.report, node: -1, seq: looseRaw.length });
    }
    const loose: Loose[] = [];
    // The file rules' reports are made anew at each lint: a finding equal to one of the last lint's
    // is given as that object (a client keeps its work per finding object: publish.ts). Looked up by
    // range, then compared by value.
    const earlier = this.fileFindings;
    const kept = new Map<number, FileFinding[]>();
    for (const r of looseRaw) {
      let f: Finding | undefined;
      if (r.node >= 0) f = this.findingOf(r.rule, r.report, script.uri, config);
      else {
        const sev = severityOf(r.rule, r.report, config);
        if (sev === 'off') continue;
        // (by start line: a number, no key string to make; sameValue compares the whole range)
        const key = r.report.range.start.line;
        const candidates = earlier.get(key);
        let same: FileFinding | undefined;
        if (candidates) {
          for (const e of candidates) {
            if (e.rule === r.rule && e.f.severity === sev && e.f.uri === script.uri && sameValue(e.report, r.report)) {
              same = e;
              f = e.f;
              break;
            }
          }
        }
        f ??= this.findingOf(r.rule, r.report, script.uri, config);
        if (f) {
          // (an equal report: the earlier entry kept, its report is as good for the next lint)
          const entry = same ?? { rule: r.rule, report: r.report, f };
          const list = kept.get(key);
          if (list) list.push(entry);
          else kept.set(key, [entry]);
        }
      }
      if (f) loose.push({ f, node: r.node, seq: r.seq });
    }
    this.fileFindings = kept;
    const compareLoose = (a: Loose, b: Loose) => compareFindings(a.f, b.f) || a.node - b.node || a.seq - b.seq;
    loose.sort(compareLoose);

    // (made at its largest length and cut at the end: pushed one by one, its backing store was
    // copied a dozen times on the way to a few thousand findings)
    const out: Finding[] = total + loose.length <= 60_000 ? new Array(total + loose.length) : [];
    let size = 0;
    let run = 0; // start (in out) of the run of kept findings with the last one's rule and range
    let capNeeded = false;
    let countLine = -1;
    let onLine = 0;
    const emit = (f: Finding) => {
      const last = size ? out[size - 1] : undefined;
      if (!last || last.ruleId !== f.ruleId || comparePositions(last.range.start, f.range.start) || comparePositions(last.range.end, f.range.end)) run = size;
      else {
        for (let k = run; k < size; k++) if (out[k].message === f.message) return;
      }
      out[size++] = f;
      if (f.range.start.line !== countLine) {
        countLine = f.range.start.line;
        onLine = 0;
      }
      if (++onLine > MAX_FINDINGS_PER_LINE) capNeeded = true;
    };
    let li = 0;
    for (let i = 0; i < chunks.length; i++) {
      const ch = chunks[i];
      if (!ch.findings.length) continue;
      while (li < loose.length && loose[li].f.range.start.line < ch.firstLine) emit(loose[li++].f);
      if (li < loose.length && loose[li].f.range.start.line <= ch.lastLine) {
        // A loose finding among the node's: merge the two, one by one.
        let j = 0;
        while (j < ch.findings.length) {
          const l = li < loose.length && loose[li].f.range.start.line <= ch.lastLine ? loose[li] : undefined;
          if (l && (compareFindings(l.f, ch.findings[j]) || l.node - i) < 0) {
            emit(l.f);
            li++;
          } else emit(ch.findings[j++]);
        }
        continue;
      }
      // (the findings before were on earlier lines: none is a copy of one of these)
      run = size;
      for (let j = 0; j < ch.findings.length; j++) out[size++] = ch.findings[j];
      if (ch.maxPerLine > MAX_FINDINGS_PER_LINE) capNeeded = true;
      countLine = -1; // (the next finding is on a later line: one on the chunk's last line merges above)
    }
    while (li < loose.length) emit(loose[li++].f);
    out.length = size;
    if (!capNeeded && size <= MAX_FINDINGS_PER_FILE) return out;
    return capFindings(out, config.locale);
  }

  /** The finding of a report (the one made before from the same report, when still right), or undefined when its severity is off. */
  private findingOf(rule: Rule, report: Report, uri: string, config: ResolvedConfig): Finding | undefined {
    const sev = severityOf(rule, report, config);
    if (sev === 'off') return undefined;
    const earlier = this.findings.get(report);
    if (earlier && earlier.severity === sev && earlier.uri === uri) return earlier;
    let f: Finding = { ...report, severity: sev, uri };
    // A report moved by whole lines: its finding takes the strings of the finding it repeats (no
    // new copies), and says which one it repeats (findingOrigin).
    const o = reportOrigin(report);
    const root = o && this.findings.get(o.root);
    if (root && root.severity === sev && root.uri === uri && root.ruleId === report.ruleId) {
      f.message = root.message;
      if (root.data) f.data = root.data;
      f = asMoved(f, { root, delta: o.delta });
    } else {
      f.message = detach(f.message);
      if (f.data) f.data = detachData(f.data);
    }
    this.findings.set(report, f);
    return f;
  }

  private chunkOf(c: NodeCache, uri: string, config: ResolvedConfig): Chunk {
    const node = c.node;
    const inside: { f: Finding; seq: number }[] = [];
    const outside: Chunk['outside'] = [];
    let seq = 0;
    for (const [k, list] of (c.pairs ??= pairsOf(c))) {
      const rule = RULES[k];
      for (const report of list) {
        const line = report.range.start.line;
        if (line < node.titleLine || line > node.lastLine) {
          outside.push({ rule, report, seq: seq++ });
          continue;
        }
        const f = this.findingOf(rule, report, uri, config);
        if (f) inside.push({ f, seq: seq++ });
      }
    }
    inside.sort((a, b) => compareFindings(a.f, b.f) || a.seq - b.seq);
    const findings: Finding[] = [];
    let run = 0;
    let maxPerLine = 0;
    let line = -1;
    let onLine = 0;
    for (const { f } of inside) {
      const last = findings[findings.length - 1];
      if (!last || last.ruleId !== f.ruleId || comparePositions(last.range.start, f.range.start) || comparePositions(last.range.end, f.range.end)) run = findings.length;
      else if (findings.slice(run).some((x) => x.message === f.message)) continue;
      findings.push(f);
      if (f.range.start.line !== line) {
        line = f.range.start.line;
        onLine = 0;
      }
      maxPerLine = Math.max(maxPerLine, ++onLine);
    }
    return { uri, findings, firstLine: findings[0]?.range.start.line ?? 0, lastLine: findings[findings.length - 1]?.range.start.line ?? 0, maxPerLine, outside };
  }

  /** Forget everything (the document was closed). */
  clear(): void {
    this.cache = new Map();
    this.lastIndex = undefined;
    this.fileFindings = new Map();
    this.config = undefined;
  }
}

/** A file rule's report of a lint and its finding. */
interface FileFinding {
  rule: Rule;
  report: Report;
  f: Finding;
}

/**
 * Are two reports the same value: the same keys in the same order, equal values (what their
 * findings are made of)? Their keys are read with `for…in` into arrays kept for each depth, not
 * with Object.keys (an array for each object compared: about 60 KB per keystroke for the file
 * rules' 74 reports of a 10,000-line script). Reports are plain objects (a moved one's prototype
 * has no enumerable key).
 */
function sameValue(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i], depth + 1)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = (keysAt[depth] ??= []);
  let n = 0;
  for (const k in a) keys[n++] = k;
  let i = 0;
  for (const k in b) if (i >= n || keys[i++] !== k) return false;
  if (i !== n) return false;
  for (i = 0; i < n; i++) {
    const k = keysAt[depth][i];
    if (!sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth + 1)) return false;
  }
  return true;
}

/** sameValue's keys of the object it compares at each depth (filled anew at each comparison). */
const keysAt: string[][] = [];
