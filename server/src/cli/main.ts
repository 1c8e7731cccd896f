/** The `parley` command: a thin adapter over the core. `run` returns the exit code. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../core/config';
import { docsUrl } from '../core/rule';
import { DEFAULT_LOCALE, parseLocale, type Locale } from '../core/messages';
import { FILE_PROBLEMS } from '../core/file-problems';
import { RULES, ruleById } from '../core/rules';
import { ConfigLoader } from '../node/config-loader';
import { expandPatterns } from '../node/files';
import { resolveCacheLocation } from '../node/cache';
import { countsOf, lintFilesAsync, messagesBytes, messagesJson, trace } from '../node/lint-files';
import { FORMATTERS } from './formatters';
import { displayPath } from './formatters/escape';
import { inShard, parseShard } from './shard';
import { statsTable, withStats } from './stats';
import { runSuppressions, SuppressionsError } from '../node/suppressions';
import { startTiming, stopTiming, timed } from '../node/timing';
import type { FileResult } from './formatters/types';

export interface Io {
  cwd: string;
  stdout: (s: string) => void;
  /** Standard output as bytes, when the host has it (big json outputs are written without decoding). */
  stdoutBytes?: (b: Uint8Array) => void;
  stderr: (s: string) => void;
  readStdin: () => Promise<string>;
  /** Standard input as bytes, when the host has them (so that non-UTF-8 input is refused, never mangled). */
  readStdinBytes?: () => Promise<Uint8Array>;
  /**
   * While --fix writes files: a signal that aborts, with the signal's name as its reason, on the
   * first SIGINT or SIGTERM (the host traps them from this call on). Without it, signals do what
   * they do by default.
   */
  interrupts?: () => AbortSignal;
}

/** The exit code of a run stopped by a signal: 128 + its number (SIGINT 130, SIGTERM 143). */
const SIGNAL_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/** What an interrupted --fix says on stderr: the signal and every file it wrote (one language). */
export function interruptedMessage(signal: string, written: string[], cwd: string, locale: Locale): string {
  const names = written.map((f) => `  ${displayPath(path.relative(cwd, f) || f)}\n`).join('');
  if (locale === 'en') {
    return `parley: stopped by ${signal}: the file being written was finished, no other file was started and no temporary file is left. --fix wrote ${written.length} file${written.length === 1 ? '' : 's'}${written.length ? ':' : '.'}\n${names}`;
  }
  return `parley：收到 ${signal}，已停止：正在写的文件已写完，其余文件未开始，没有留下临时文件。--fix 已写入 ${written.length} 个文件${written.length ? '：' : '。'}\n${names}`;
}

const HELP = `parley — lint debt-collection scripts (*.parley)

Usage:
  parley lint [paths or globs…] [options]   lint files (default: **/*.parley under the current folder)
  parley rules                              print the rule table
  parley explain <rule-id>                  print a rule's documentation (in the --locale language)
  parley mcp                                serve the Model Context Protocol over stdio (lint_text, lint_file, fix_text, explain_rule)

Options for lint:
  -f, --format <stylish|json|sarif|github|html>  output format (default: stylish; html: a report page)
      --max-warnings <n>                    exit 1 when there are more than n warnings
      --quiet                               report errors only
      --fix                                 apply fixes and write the files (atomically)
      --cache                               reuse results of unchanged files (content hashes; safe in CI)
      --cache-location <file|dir>           where the cache lives (default: .parleycache)
  -j, --jobs <n|auto>                       worker threads (default: auto = every core from 200 files on)
  -c, --config <file>                       use this config instead of looking for parley.config.json
      --stdin                               lint text from standard input
      --stdin-filename <path>               path to report (and to find the config from) for --stdin
      --suppress-all                        record every error and warning in parley-suppressions.json
      --suppress-rule <rule-id>             record this rule's findings only (repeatable)
      --prune-suppressions                  drop suppressions that no longer occur
      --pass-on-unpruned-suppressions       do not exit 2 when suppressions no longer occur
      --suppressions-location <file|dir>    where the suppressions file is (default: ./parley-suppressions.json)
      --shard <i/n>                         lint the i-th of n shares of the files (CI matrices)
      --stats                               times and findings per phase and rule
      --locale <zh|en>                      language of messages (also PARLEY_LOCALE, or "locale" in
                                            parley.config.json; default zh, Chinese)
  -h, --help                                show this help
  -v, --version                             print the version

Exit codes: 0 clean, 1 errors or too many warnings, 2 usage, config or internal error.
`;

export function version(): string {
  for (const p of [path.join(__dirname, '..', 'package.json'), path.join(__dirname, '..', '..', '..', 'package.json')]) {
    try {
      return JSON.parse(fs.readFileSync(p, 'utf8')).version as string;
    } catch {
      /* try the next */
    }
  }
  return '0.0.0';
}

/** The folder of rule pages in a locale: docs/rules (Chinese) or docs/en/rules (English). */
export function docsFolder(locale: Locale = DEFAULT_LOCALE): string | undefined {
  const sub = locale === 'zh' ? ['docs', 'rules'] : ['docs', 'en', 'rules'];
  for (const p of [path.join(__dirname, '..', ...sub), path.join(__dirname, '..', '..', '..', ...sub)]) {
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

function rulesTable(locale: Locale): string {
  const rows = [...RULES.map((r) => [r.meta.id, r.meta.category, r.meta.defaultSeverity, r.meta.fixable ? (locale === 'zh' ? '是' : 'yes') : '', r.meta.description[locale]]), ...FILE_PROBLEMS.map((p) => [p.id, 'file', 'error', '', p.description[locale]])];
  const head = locale === 'zh' ? ['规则', '类别', '默认级别', '修复', '说明'] : ['rule', 'category', 'default', 'fix', 'description'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]) : c)).join('  ');
  return [fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)].join('\n') + '\n';
}

export async function run(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean' },
        fix: { type: 'boolean' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        jobs: { type: 'string', short: 'j' },
        config: { type: 'string', short: 'c' },
        stdin: { type: 'boolean' },
        'stdin-filename': { type: 'string' },
        'suppress-all': { type: 'boolean' },
        'suppress-rule': { type: 'string', multiple: true },
        'prune-suppressions': { type: 'boolean' },
        'pass-on-unpruned-suppressions': { type: 'boolean' },
        'suppressions-location': { type: 'string' },
        shard: { type: 'string' },
        stats: { type: 'boolean' },
        locale: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    io.stderr(`parley: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values: o, positionals } = parsed;
  if (o.help) {
    io.stdout(HELP);
    return 0;
  }
  if (o.version) {
    io.stdout(version() + '\n');
    return 0;
  }
  const [command, ...rest] = positionals;
  // The locale chosen outside the config: --locale, then PARLEY_LOCALE (undefined: the config's, then zh).
  const localeSetting = o.locale ?? (process.env.PARLEY_LOCALE || undefined);
  const locale = parseLocale(localeSetting);
  if (localeSetting !== undefined && !locale) {
    io.stderr(`parley: ${o.locale !== undefined ? '--locale' : 'PARLEY_LOCALE'} must be zh or en, got "${localeSetting}"\n`);
    return 2;
  }
  if (command === 'rules') {
    io.stdout(rulesTable(locale ?? DEFAULT_LOCALE));
    return 0;
  }
  if (command === 'mcp') {
    // dist/mcp.js, a bundle of its own next to dist/cli.js: `parley lint` never loads the MCP SDK.
    const bundled = path.join(__dirname, 'mcp.js');
    const spec = './mcp';
    const { serveMcp } = (__filename.endsWith('.js') && fs.existsSync(bundled) ? require(bundled) : await import(spec)) as typeof import('./mcp');
    return serveMcp({ cwd: io.cwd, version: version(), docs: docsFolder(), parley: { ConfigError, ConfigLoader, docsUrl, ruleById, expandPatterns, lintFilesAsync } });
  }
  if (command === 'explain') {
    const id = rest[0];
    // A rule, or a file problem (file-encoding …): both have pages.
    const entry = id ? (ruleById(id)?.meta ?? FILE_PROBLEMS.find((p) => p.id === id)) : undefined;
    if (!entry) {
      io.stderr(`parley explain: ${id ? `unknown rule "${id}"` : 'give a rule id'}; \`parley rules\` lists them\n`);
      return 2;
    }
    const l = locale ?? DEFAULT_LOCALE;
    const folder = docsFolder(l);
    const file = folder && path.join(folder, `${entry.id}.md`);
    if (file && fs.existsSync(file)) io.stdout(fs.readFileSync(file, 'utf8'));
    else io.stdout(`# ${entry.id}\n\n${entry.description[l]}\n\n${docsUrl(entry.id, l)}\n`);
    return 0;
  }
  if (command !== 'lint') {
    io.stderr(command ? `parley: unknown command "${command}"\n\n${HELP}` : HELP);
    return 2;
  }
  const format = o.format ?? 'stylish';
  const formatter = FORMATTERS[format];
  if (!formatter) {
    io.stderr(`parley: unknown format "${format}" (use ${Object.keys(FORMATTERS).join(', ')})\n`);
    return 2;
  }
  let maxWarnings = -1;
  if (o['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(o['max-warnings'])) {
      io.stderr(`parley: --max-warnings needs a whole number, got "${o['max-warnings']}"\n`);
      return 2;
    }
    maxWarnings = Number(o['max-warnings']);
  }
  let jobs: number | 'auto' = 'auto';
  if (o.jobs !== undefined && o.jobs !== 'auto') {
    if (!/^[1-9]\d*$/.test(o.jobs)) {
      io.stderr(`parley: --jobs needs a positive whole number or "auto", got "${o.jobs}"\n`);
      return 2;
    }
    jobs = Number(o.jobs);
  }
  for (const id of o['suppress-rule'] ?? []) {
    if (!ruleById(id)) {
      io.stderr(`parley: --suppress-rule: unknown rule "${id}"; \`parley rules\` lists them\n`);
      return 2;
    }
  }
  let only: ((file: string) => boolean) | undefined;
  if (o.shard !== undefined) {
    const spec = parseShard(o.shard);
    if (typeof spec === 'string') {
      io.stderr(`parley: ${spec}\n`);
      return 2;
    }
    only = inShard(spec, io.cwd);
  }
  // --stats measures in this thread (worker threads would each need their own clock).
  const timing = o.stats ? startTiming() : stopTiming();
  if (timing) jobs = 1;
  const cache = o.cache || o['cache-location'] !== undefined ? { file: resolveCacheLocation(o['cache-location'], io.cwd), version: version() } : undefined;
  if (o.stdin && rest.length) {
    io.stderr('parley: --stdin lints standard input; do not give paths as well\n');
    return 2;
  }
  if (o.config && !fs.existsSync(path.resolve(io.cwd, o.config))) {
    io.stderr(`parley: config file not found: ${o.config}\n`);
    return 2;
  }
  const loader = new ConfigLoader(o.config ? path.resolve(io.cwd, o.config) : undefined, undefined, locale);
  let results: FileResult[];
  let hadFatal = false;
  try {
    if (o.stdin) {
      const input = io.readStdinBytes ? await io.readStdinBytes() : await io.readStdin();
      const file = path.resolve(io.cwd, o['stdin-filename'] ?? '<stdin>.parley');
      const r = await lintFilesAsync([], loader, { fix: o.fix, stdin: { path: file, text: input } });
      results = r.results;
      hadFatal = r.hadFatal;
      if (o.fix) {
        // The fixed text on standard output (the input as it was when nothing could be fixed, or
        // nothing when it could not be read); what is left to fix, in the chosen format, on stderr.
        const fatalInput = results[0]?.messages.some((m) => m.fatal);
        const output = results[0]?.output;
        if (output !== undefined) io.stdout(output);
        else if (!fatalInput) {
          if (typeof input === 'string') io.stdout(input);
          else if (io.stdoutBytes) io.stdoutBytes(input);
          else io.stdout(Buffer.from(input).toString('utf8'));
        }
        let rest = results.map((x) => ({ filePath: x.filePath, messages: x.messages }));
        if (o.quiet) rest = rest.map((x) => ({ ...x, messages: x.messages.filter((m) => m.severity === 'error') }));
        if (rest.some((x) => x.messages.length)) io.stderr(formatter(rest, { cwd: io.cwd, version: version() }));
        return exitCode(results, maxWarnings, hadFatal, !!o.quiet, io);
      }
    } else {
      trace('expanding paths');
      const { files, unmatched, explicit, roots } = await expandPatterns(rest, io.cwd);
      for (const u of unmatched) {
        if (rest.length) {
          io.stderr(`parley: no files match "${u}"\n`);
          hadFatal = true;
        }
      }
      // --fix stops cleanly on SIGINT/SIGTERM: the file being written is finished, nothing else is
      // started, every temporary file is gone, and the files written are listed.
      const signal = o.fix ? io.interrupts?.() : undefined;
      const r = await lintFilesAsync(files, loader, { fix: o.fix, jobs, cache, roots, only, signal });
      if (r.stats.workerProblem) io.stderr(`parley: warning: ${r.stats.workerProblem}\n`);
      if (r.interrupted && signal?.aborted) {
        const name = String(signal.reason);
        io.stderr(interruptedMessage(name, r.interrupted.written, io.cwd, locale ?? DEFAULT_LOCALE));
        return SIGNAL_CODES[name] ?? 130;
      }
      results = r.results;
      hadFatal ||= r.hadFatal;
      for (const f of r.ignored) if (explicit.has(f)) io.stderr(`parley: warning: ${displayPath(path.relative(io.cwd, f) || f)} is ignored by the "ignore" list of its parley.config.json; not linted\n`);
      if (r.stats.cacheProblem) io.stderr(`parley: warning: ${r.stats.cacheProblem}\n`);
    }
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`parley: ${e.message}\n`);
      return 2;
    }
    io.stderr(`parley: internal error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
  // The locale of the messages and notes: --locale / PARLEY_LOCALE, else the config's of the current folder.
  let outLocale = locale;
  try {
    outLocale ??= loader.forFile(path.join(io.cwd, 'x.parley')).resolved.locale;
  } catch {
    outLocale = DEFAULT_LOCALE;
  }
  let suppressionsFailed = false;
  if (!o.stdin || o['stdin-filename'] !== undefined) {
    try {
      const s = runSuppressions(
        results,
        { suppressAll: o['suppress-all'], suppressRules: o['suppress-rule'], prune: o['prune-suppressions'], passOnUnpruned: o['pass-on-unpruned-suppressions'], location: o['suppressions-location'], locale: outLocale },
        io.cwd,
      );
      results = s.results;
      suppressionsFailed = s.failed;
      for (const n of s.notes) io.stderr(n + '\n');
    } catch (e) {
      if (!(e instanceof SuppressionsError)) throw e;
      io.stderr(`parley: ${e.message}\n`);
      return 2;
    }
  }
  if (o.quiet) results = results.map((r) => ({ ...r, messages: r.messages.filter((m) => m.severity === 'error') }));
  trace('formatting');
  if (timing) results = withStats(results, timing);
  const formatStart = performance.now();
  if (format === 'json') {
    // The same bytes as the json formatter, written in pieces: no one 40 MB string for big runs,
    // and messages from the cache go out as the bytes they were stored as.
    const bytes = io.stdoutBytes;
    if (bytes) {
      let parts: Uint8Array[] = [Buffer.from('[')];
      let size = 0;
      for (let i = 0; i < results.length; i++) {
        const m = messagesBytes(results[i]);
        parts.push(Buffer.from(`${i ? ',' : ''}{"filePath":${JSON.stringify(results[i].filePath)},"messages":`), m, Buffer.from(results[i].stats ? `,"stats":${JSON.stringify(results[i].stats)}}` : '}'));
        size += m.length + 100;
        if (size > 1 << 20) {
          bytes(Buffer.concat(parts));
          parts = [];
          size = 0;
        }
      }
      parts.push(Buffer.from(']'));
      bytes(Buffer.concat(parts));
    } else {
      let chunk = '[';
      for (let i = 0; i < results.length; i++) {
        chunk += `${i ? ',' : ''}{"filePath":${JSON.stringify(results[i].filePath)},"messages":${messagesJson(results[i])}${results[i].stats ? `,"stats":${JSON.stringify(results[i].stats)}` : ''}}`;
        if (chunk.length > 1 << 20) {
          io.stdout(chunk);
          chunk = '';
        }
      }
      io.stdout(chunk + ']');
    }
  } else {
    const out = timed('format', undefined, () => formatter(results, { cwd: io.cwd, version: version(), locale: outLocale, docs: format === 'html' ? docsFolder(outLocale) : undefined }));
    io.stdout(out);
  }
  if (timing) {
    if (format === 'json') timing.phases.format += performance.now() - formatStart;
    const table = statsTable(results, timing);
    if (format === 'stylish') io.stdout(table);
    else io.stderr(table);
  }
  trace('output written');
  const code = exitCode(results, maxWarnings, hadFatal, !!o.quiet, io);
  return suppressionsFailed && code < 2 ? 2 : code;
}

function exitCode(results: FileResult[], maxWarnings: number, hadFatal: boolean, quiet: boolean, io?: Io): number {
  let errors = 0;
  let warnings = 0;
  for (const r of results) {
    const c = countsOf(r);
    if (c.fatal) hadFatal = true;
    errors += c.error;
    warnings += c.warning;
  }
  if (hadFatal) return 2;
  if (errors) return 1;
  if (!quiet && maxWarnings >= 0 && warnings > maxWarnings) {
    io?.stderr(`parley: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${maxWarnings} allows (exit 1)\n`);
    return 1;
  }
  return 0;
}
