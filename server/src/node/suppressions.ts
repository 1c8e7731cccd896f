/**
 * Bulk suppressions (ESLint's `--suppress-all` and friends, adapted): a baseline file,
 * `parley-suppressions.json`, counts the existing findings per file and rule so that a team can
 * turn Parley on over an old library and fail only on new findings.
 *
 *   { "scripts/a.parley": { "third-party-disclosure": { "count": 2 } } }
 *
 * Keys are paths relative to the folder Parley runs in (the CLI's working directory; for the
 * language server the folder holding the file), with `/` separators on every system. Only errors
 * and warnings are counted (the findings that fail a build); info and hints pass anyway.
 *
 * Matching: for each file and rule, when the run finds no more findings than the count, they are
 * all suppressed; when it finds more, all of them are reported (Parley cannot tell which ones are
 * new — as ESLint). An entry whose count is larger than what the run finds is "unpruned": the
 * code got better and the baseline should shrink (`--prune-suppressions`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileResult, Message } from '../cli/formatters/types';
import { jsonErrorZh } from '../core/config-text';
import { DEFAULT_LOCALE, fill, type Language, type Locale, type MessageData, type MessageTemplate, pick } from '../core/messages';

const SUPPRESSIONS_FILE = 'parley-suppressions.json';

export type Suppressions = Record<string, Record<string, { count: number }>>;

/** A suppressions file that cannot be used: what is wrong, in each locale (the message is the English). */
export class SuppressionsError extends Error {
  constructor(readonly text: MessageTemplate) {
    super(text.en);
  }
}

/**
 * What the baseline tells its user, one language per message (the chosen locale). English counts
 * are spelled out per number (`1 finding`, `2 findings`), so each English template has a singular
 * and a plural form; Chinese needs one.
 */
const TEXT = {
  wrote: {
    zh: () => 'parley：已写入基线文件 {{file}}（{{entries}} 个文件/规则条目，共 {{findings}} 条问题）。',
    en: (d: MessageData) => `parley: wrote {{file}} ({{findings}} finding${d.findings === 1 ? '' : 's'} in {{entries}} file/rule entr${d.entries === 1 ? 'y' : 'ies'})`,
  },
  unpruned: {
    zh: () => 'parley：{{file}} 中有 {{n}} 个基线条目已不再出现；加上 --prune-suppressions 运行可删除：',
    en: (d: MessageData) => `parley: {{n}} suppression${d.n === 1 ? '' : 's'} in {{file}} no longer occur${d.n === 1 ? 's' : ''}; run with --prune-suppressions to drop ${d.n === 1 ? 'it' : 'them'}:`,
  },
  row: {
    zh: () => '  {{file}}  {{rule}}：基线 {{count}} 条，本次 {{found}} 条',
    en: () => '  {{file}}  {{rule}}: {{count}} suppressed, {{found}} found',
  },
  more: { zh: () => '  ……另有 {{n}} 个', en: () => '  … and {{n}} more' },
  hint: { zh: () => '（已列入基线 {{file}}）', en: () => '(suppressed by the baseline {{file}})' },
} satisfies Record<string, Record<Language, (d: MessageData) => string>>;

/** One of the baseline's texts in a locale. */
function baselineText(id: keyof typeof TEXT, data: MessageData, locale: Locale = DEFAULT_LOCALE): string {
  return fill(pick({ zh: TEXT[id].zh(), en: TEXT[id].en(data) }, locale), data, locale);
}

/** The key of a file in the suppressions file: relative to `base`, POSIX separators. */
export function suppressionKey(file: string, base: string): string {
  return path.relative(base, file).split(path.sep).join('/');
}

/** Does this message count towards (and can it be hidden by) a suppression? */
function suppressible(m: Pick<Message, 'ruleId' | 'severity' | 'fatal'>): boolean {
  return !!m.ruleId && !m.fatal && (m.severity === 'error' || m.severity === 'warning');
}

/** Check the parsed content of a suppressions file; throws SuppressionsError with what is wrong. */
function validateSuppressions(data: unknown, file: string): Suppressions {
  const bad = (zh: string, en: string) => new SuppressionsError({ zh: `${file}：${zh}`, en: `${file}: ${en}` });
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw bad('应为 JSON 对象 { "<文件>": { "<规则 id>": { "count": n } } }', 'must be a JSON object { "<file>": { "<rule-id>": { "count": n } } }');
  for (const [key, rules] of Object.entries(data as Record<string, unknown>)) {
    if (!rules || typeof rules !== 'object' || Array.isArray(rules)) throw bad(`「${key}」应把规则 id 映射到 { "count": n }`, `"${key}" must map rule ids to { "count": n }`);
    for (const [rule, entry] of Object.entries(rules as Record<string, unknown>)) {
      const count = (entry as { count?: unknown } | null)?.count;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw bad(`「${key}」→「${rule}」需要 { "count": n }，n 为不小于 1 的整数`, `"${key}" → "${rule}" needs { "count": n } with a whole number n ≥ 1`);
    }
  }
  return data as Suppressions;
}

/** Read a suppressions file: missing → empty; unreadable or malformed → SuppressionsError. */
export function loadSuppressions(file: string): Suppressions {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    const code = (e as NodeJS.ErrnoException).code;
    throw new SuppressionsError({ zh: `${file}：无法读取${code ? `（${code}）` : ''}`, en: `${file}: cannot read (${code ?? (e as Error).message})` });
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (e) {
    throw new SuppressionsError({ zh: `${file}：${jsonErrorZh(text, (e as Error).message)}`, en: `${file}: not valid JSON (${(e as Error).message})` });
  }
  return validateSuppressions(data, file);
}

/** Sorted keys, two-space indent, final newline: a stable file that diffs well in review. */
export function serializeSuppressions(s: Suppressions): string {
  const out: Suppressions = {};
  for (const key of Object.keys(s).sort()) {
    const rules = Object.keys(s[key]).sort();
    if (!rules.length) continue;
    out[key] = {};
    for (const r of rules) out[key][r] = { count: s[key][r].count };
  }
  return JSON.stringify(out, null, 2) + '\n';
}

/** Write atomically (temp file in the same folder, then rename): a reader never sees half a file. */
function saveSuppressions(file: string, s: Suppressions): void {
  const content = serializeSuppressions(s);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.parley-${process.pid}-${Date.now()}.tmp`;
  try {
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    const code = (e as NodeJS.ErrnoException).code;
    throw new SuppressionsError({ zh: `无法写入 ${file}${code ? `（${code}）` : ''}`, en: `cannot write ${file} (${code ?? (e as Error).message})` });
  }
}

/** Findings per rule that a suppression can cover. */
function countByRule(messages: readonly Message[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) if (suppressible(m)) counts.set(m.ruleId!, (counts.get(m.ruleId!) ?? 0) + 1);
  return counts;
}

interface Applied {
  results: FileResult[];
  /** Findings hidden by the baseline. */
  suppressed: number;
  /** Entries (of files in this run) whose count is larger than what the run found: file → rule → the count that still occurs. */
  unpruned: { file: string; rule: string; count: number; found: number }[];
}

/** Hide the findings the baseline covers; find the entries that no longer match. */
export function applySuppressions(results: FileResult[], s: Suppressions, base: string): Applied {
  let suppressed = 0;
  const unpruned: Applied['unpruned'] = [];
  const out = results.map((r) => {
    const key = suppressionKey(r.filePath, base);
    const entry = Object.prototype.hasOwnProperty.call(s, key) ? s[key] : undefined;
    if (!entry || r.messages.some((m) => m.fatal)) return r; // an unreadable file says nothing about its baseline
    const counts = countByRule(r.messages);
    const hidden = new Set<string>();
    for (const [rule, { count }] of Object.entries(entry)) {
      const found = counts.get(rule) ?? 0;
      if (found <= count) {
        if (found) hidden.add(rule);
        suppressed += found;
      }
      if (found < count) unpruned.push({ file: key, rule, count, found });
    }
    if (!hidden.size) return r;
    return { ...r, messages: r.messages.filter((m) => !(suppressible(m) && hidden.has(m.ruleId!))) };
  });
  return { results: out, suppressed, unpruned };
}

/**
 * The baseline after a run: `rules` ('all' or a set of ids) are set to what the run found in its
 * files (added, raised or lowered); with `prune`, every entry of the run's files is lowered to what
 * still occurs and dropped at zero. Entries of files not in the run stay as they are, unless the
 * file no longer exists (pruning drops those too).
 */
export function updateSuppressions(s: Suppressions, results: FileResult[], base: string, opts: { rules?: 'all' | Set<string>; prune?: boolean }): Suppressions {
  const next: Suppressions = {};
  for (const [k, v] of Object.entries(s)) next[k] = { ...v };
  for (const r of results) {
    if (r.messages.some((m) => m.fatal)) continue;
    const key = suppressionKey(r.filePath, base);
    const counts = countByRule(r.messages);
    const entry = (next[key] ??= {});
    if (opts.prune) {
      for (const [rule, { count }] of Object.entries(entry)) {
        const found = counts.get(rule) ?? 0;
        if (found === 0) delete entry[rule];
        else if (found < count) entry[rule] = { count: found };
      }
    }
    if (opts.rules) {
      const chosen = opts.rules === 'all' ? new Set([...counts.keys(), ...Object.keys(entry)]) : opts.rules;
      for (const rule of chosen) {
        const found = counts.get(rule) ?? 0;
        if (found) entry[rule] = { count: found };
        else delete entry[rule];
      }
    }
    if (!Object.keys(entry).length) delete next[key];
  }
  if (opts.prune) for (const key of Object.keys(next)) if (!fs.existsSync(path.resolve(base, key))) delete next[key];
  return next;
}

export interface SuppressionOptions {
  suppressAll?: boolean;
  suppressRules?: string[];
  prune?: boolean;
  passOnUnpruned?: boolean;
  location?: string;
  /** The language of the notes (the messages' locale); Chinese by default. */
  locale?: Locale;
}

interface SuppressionOutcome {
  results: FileResult[];
  /** Lines for standard error (what was written, what no longer matches). */
  notes: string[];
  /** Exit 2: unpruned entries without --pass-on-unpruned-suppressions. */
  failed: boolean;
}

/** Resolve --suppressions-location (a file, or a folder that gets parley-suppressions.json). */
function suppressionsFile(location: string | undefined, cwd: string): string {
  if (!location) return path.join(cwd, SUPPRESSIONS_FILE);
  const p = path.resolve(cwd, location);
  try {
    if (fs.statSync(p).isDirectory()) return path.join(p, SUPPRESSIONS_FILE);
  } catch {
    /* a file to create */
  }
  return p;
}

/** The CLI's part: write the baseline when asked, then apply it to the results. */
export function runSuppressions(results: FileResult[], o: SuppressionOptions, cwd: string): SuppressionOutcome {
  const file = suppressionsFile(o.location, cwd);
  const notes: string[] = [];
  let s = loadSuppressions(file);
  const rel = path.relative(cwd, file) || file;
  if (o.suppressAll || o.suppressRules?.length || o.prune) {
    const before = serializeSuppressions(s);
    s = updateSuppressions(s, results, cwd, { rules: o.suppressAll ? 'all' : o.suppressRules?.length ? new Set(o.suppressRules) : undefined, prune: o.prune });
    const after = serializeSuppressions(s);
    if (after !== before || !fs.existsSync(file)) {
      saveSuppressions(file, s);
      let entries = 0;
      let findings = 0;
      for (const rules of Object.values(s)) for (const { count } of Object.values(rules)) (entries++, (findings += count));
      notes.push(baselineText('wrote', { file: rel, findings, entries }, o.locale));
    }
  }
  const applied = applySuppressions(results, s, cwd);
  const failed = unprunedNotes(applied.unpruned, rel, o, notes);
  return { results: applied.results, notes, failed };
}

/** What runSuppressions says of unpruned entries (added to `notes`); true when that fails the run. */
function unprunedNotes(unpruned: Applied['unpruned'], rel: string, o: SuppressionOptions, notes: string[]): boolean {
  if (!unpruned.length) return false;
  const list = unpruned.slice(0, 10).map((u) => baselineText('row', { file: u.file, rule: u.rule, count: u.count, found: u.found }, o.locale));
  if (unpruned.length > 10) list.push(baselineText('more', { n: unpruned.length - 10 }, o.locale));
  notes.push(baselineText('unpruned', { n: unpruned.length, file: rel }, o.locale), ...list);
  return !o.passOnUnpruned;
}

/**
 * runSuppressions for results that come one at a time (a streamed json output), when no baseline
 * is written (no --suppress-all, --suppress-rule or --prune-suppressions): the same file read, the
 * same findings hidden, the same notes at the end. The file is read when made (SuppressionsError).
 */
export class SuppressionStream {
  private s: Suppressions;
  private unpruned: Applied['unpruned'] = [];
  private rel: string;
  private none: boolean;

  constructor(
    private o: SuppressionOptions,
    private cwd: string,
  ) {
    const file = suppressionsFile(o.location, cwd);
    this.s = loadSuppressions(file);
    this.rel = path.relative(cwd, file) || file;
    this.none = !Object.keys(this.s).length;
  }

  /** One file's result under the baseline. */
  apply(r: FileResult): FileResult {
    if (this.none) return r;
    const applied = applySuppressions([r], this.s, this.cwd);
    this.unpruned.push(...applied.unpruned);
    return applied.results[0];
  }

  /** The notes and the verdict of runSuppressions, once every result went through apply(). */
  finish(): Omit<SuppressionOutcome, 'results'> {
    const notes: string[] = [];
    return { notes, failed: unprunedNotes(this.unpruned, this.rel, this.o, notes) };
  }
}

// ----------------------------------------------------------------------------------------------
// The language server's part: the same file, found by walking up from the script's folder.

type SuppressedMode = 'hint' | 'hide';

/** The nearest parley-suppressions.json at or above `dir`, or undefined. */
export function findSuppressionsFile(dir: string, stopAt?: string): string | undefined {
  let d = path.resolve(dir);
  for (;;) {
    const f = path.join(d, SUPPRESSIONS_FILE);
    if (fs.existsSync(f)) return f;
    if (stopAt && path.resolve(stopAt) === d) return undefined;
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/**
 * Findings of one file under its baseline entry (rule → count), as the CLI decides: a rule whose
 * errors and warnings are no more than its count is suppressed — shown as hints (`hint`, marked
 * by a prefix in the findings' locale) or not at all (`hide`). Works on anything with ruleId, severity and message.
 */
export function baselineFindings<F extends { ruleId: string; severity: string; message: string }>(
  findings: F[],
  entry: Record<string, { count: number }> | undefined,
  mode: SuppressedMode,
  locale: Locale = DEFAULT_LOCALE,
): F[] {
  if (!entry) return findings;
  const counts = new Map<string, number>();
  const counted = (f: F) => f.severity === 'error' || f.severity === 'warning';
  for (const f of findings) if (counted(f)) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  const hidden = new Set<string>();
  for (const [rule, n] of counts) if (Object.prototype.hasOwnProperty.call(entry, rule) && n <= entry[rule].count) hidden.add(rule);
  if (!hidden.size) return findings;
  const out: F[] = [];
  for (const f of findings) {
    if (!counted(f) || !hidden.has(f.ruleId)) out.push(f);
    else if (mode === 'hint') out.push({ ...f, severity: 'hint', message: `${baselineText('hint', { file: SUPPRESSIONS_FILE }, locale)}${locale === 'en' ? ' ' : ''}${f.message}` });
  }
  return out;
}
