/** The `parley` command: a thin adapter over the core. `run` returns the exit code. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../core/config';
import { didYouMean } from '../core/text';
import { docsUrl } from '../core/rule';
import { DEFAULT_LOCALE, type Locale, parseLocale, pick, pickFilled, tr } from '../core/messages';
import { FILE_PROBLEMS } from '../core/file-problems';
import { RULES, ruleById } from '../core/rules';
import { ConfigLoader } from '../node/config-loader';
import { expandPatterns } from '../node/files';
import { removeStaleTemps } from '../node/read';
import { resolveCacheLocation } from '../node/cache';
import { docsFolder, packageVersion as version } from '../node/package-files';
import { countsOf, lintFilesAsync, messagesBytes, messagesJson, ownedBytes, trace } from '../node/lint-files';
import { discard, wholeBuffer } from '../node/discard';
import { FORMATTERS } from './formatters';
import { displayPath } from './formatters/escape';
import { inShard, parseShard } from './shard';
import { statsTable, withStats } from './stats';
import { runSuppressions, SuppressionStream, SuppressionsError, type SuppressionOptions } from '../node/suppressions';
import { startTiming, stopTiming, timed } from '../node/timing';
import type { FileResult } from './formatters/types';

interface Io {
  cwd: string;
  stdout: (s: string) => void;
  /**
   * Standard output as bytes, when the host has it (big json outputs are written without decoding).
   * `disposable`: nothing else holds `b`'s buffer, which the host may free as soon as it is written.
   */
  stdoutBytes?: (b: Uint8Array, disposable?: boolean) => void;
  /**
   * These bytes on standard output, in order, without joining them first. True when they are all
   * written already (nothing holds their buffers any more); false when some are still queued.
   */
  stdoutParts?: (parts: Uint8Array[]) => boolean;
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
function interruptedMessage(signal: string, written: string[], cwd: string, locale: Locale): string {
  const names = written.map((f) => `  ${displayPath(path.relative(cwd, f) || f)}\n`).join('');
  if (locale === 'en') {
    return `parley: stopped by ${signal}: the file being written was finished, no other file was started and no temporary file is left. --fix wrote ${written.length} file${written.length === 1 ? '' : 's'}${written.length ? ':' : '.'}\n${names}`;
  }
  return `parley：收到 ${signal}，已停止：正在写的文件已写完，其余文件未开始，没有留下临时文件。--fix 已写入 ${written.length} 个文件${written.length ? '：' : '。'}\n${names}`;
}

/** What a run says of the temporary files a killed --fix left and this run removed (once: they are gone after it). */
function staleTempsMessage(removed: string[], cwd: string, locale: Locale): string {
  const names = removed.map((f) => `  ${displayPath(path.relative(cwd, f) || f)}\n`).join('');
  if (locale === 'en') {
    return `parley: removed ${removed.length} temporary file${removed.length === 1 ? '' : 's'} left by a --fix that was killed (its process is gone; the script it was writing kept its previous bytes):\n${names}`;
  }
  return `parley：已删除被强行中止的 --fix 留下的 ${removed.length} 个临时文件（其进程已不存在；它正在写的脚本保持原来的内容）：\n${names}`;
}

const HELP_EN = `parley — lint debt-collection scripts (*.parley)

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
      --locale <zh|zh-TW|en>                language of messages: zh Simplified Chinese (default),
                                            zh-TW Traditional Chinese (also zh-HK), en English (also
                                            PARLEY_LOCALE, or "locale" in parley.config.json)
  -h, --help                                show this help
  -v, --version                             print the version

Exit codes: 0 clean, 1 errors or too many warnings, 2 usage, config or internal error.
`;

const HELP_ZH = `parley —— 检查催收话术（*.parley）

用法：
  parley lint [路径或通配符…] [选项]        检查文件（默认：当前文件夹下的 **/*.parley）
  parley rules                              列出规则表
  parley explain <规则 id>                  显示一条规则的说明（按 --locale 的语言）
  parley mcp                                通过 stdio 提供 Model Context Protocol 服务（lint_text、lint_file、fix_text、explain_rule）

lint 的选项：
  -f, --format <stylish|json|sarif|github|html>  输出格式（默认 stylish；html 为报告页面）
      --max-warnings <n>                    警告多于 n 条时以 1 退出
      --quiet                               只报告错误
      --fix                                 应用修复并写回文件（原子写入）
      --cache                               沿用未改动文件的结果（按内容哈希，可用于 CI）
      --cache-location <文件|文件夹>        缓存的位置（默认 .parleycache）
  -j, --jobs <n|auto>                       工作线程数（默认 auto：200 个文件起用上所有核心）
  -c, --config <文件>                       使用这个配置文件，不再查找 parley.config.json
      --stdin                               检查标准输入的文本
      --stdin-filename <路径>               --stdin 时报告的路径（也据此查找配置）
      --suppress-all                        把所有错误和警告记入 parley-suppressions.json
      --suppress-rule <规则 id>             只记录这条规则的问题（可重复）
      --prune-suppressions                  删除不再出现的抑制记录
      --pass-on-unpruned-suppressions       抑制记录不再出现时不以 2 退出
      --suppressions-location <文件|文件夹> 抑制文件的位置（默认 ./parley-suppressions.json）
      --shard <i/n>                         只检查 n 份文件中的第 i 份（CI 矩阵）
      --stats                               各阶段、各规则的耗时和问题数
      --locale <zh|zh-TW|en>                消息的语言：zh 简体中文（默认），zh-TW 繁体中文（zh-HK
                                            同此），en 英文（也可用 PARLEY_LOCALE，或
                                            parley.config.json 的 "locale"）
  -h, --help                                显示本帮助（英文版：--help --locale en）
  -v, --version                             显示版本

退出码：0 无问题；1 有错误或警告过多；2 用法、配置或内部错误。
`;

/** The help in a locale. */
function helpText(locale: Locale): string {
  return tr(locale, HELP_ZH, HELP_EN);
}

/**
 * The language of the CLI's own lines (usage and config errors, warnings): --locale, else
 * PARLEY_LOCALE, else Chinese. Read from the raw arguments, so that an error in parsing them is in
 * it too; a config's "locale" cannot choose the language of that config's own errors.
 */
export function argvLocale(argv: readonly string[], env: string | undefined = process.env.PARLEY_LOCALE): Locale {
  let raw: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') break;
    if (argv[i] === '--locale') raw = argv[i + 1];
    else if (argv[i].startsWith('--locale=')) raw = argv[i].slice('--locale='.length);
  }
  return parseLocale(raw ?? (env || undefined)) ?? DEFAULT_LOCALE;
}

/** node:util parseArgs's error, in a locale (its own text is English). */
function argsError(e: Error & { code?: string }, options: string[], locale: Locale): string {
  if (locale === 'en') return e.message;
  const quoted = /'([^']+)'/.exec(e.message)?.[1];
  // "-f, --format <value>" → "--format"
  const name = quoted && (/--[\w-]+/.exec(quoted)?.[0] ?? quoted);
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && name) {
    const guess = didYouMean(name.replace(/^-+/, ''), options);
    return `未知选项「${name}」${guess ? `；是不是「--${guess}」？` : ''}（\`parley --help\` 列出所有选项）`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && name) {
    return /argument missing/.test(e.message) ? `选项「${name}」缺少取值` : `选项「${name}」不接受取值`;
  }
  return `命令行参数有误（${e.code ?? 'ERR_PARSE_ARGS'}）`;
}

function rulesTable(locale: Locale): string {
  const rows = [...RULES.map((r) => [r.meta.id, r.meta.category, r.meta.defaultSeverity, r.meta.fixable ? tr(locale, '是', 'yes') : '', pick(r.meta.description, locale)]), ...FILE_PROBLEMS.map((p) => [p.id, 'file', 'error', '', pick(p.description, locale)])];
  const head = locale !== 'en' ? ['规则', '类别', '默认级别', '修复', '说明'].map((h) => tr(locale, h, h)) : ['rule', 'category', 'default', 'fix', 'description'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]) : c)).join('  ');
  return [fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)].join('\n') + '\n';
}

/** The options of every command (parseArgs). */
const OPTIONS = {
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
} as const;

export async function run(argv: string[], io: Io): Promise<number> {
  // The language of this command's own lines (set again once --locale is parsed).
  let lang = argvLocale(argv);
  // zh-TW: Parley's words in Traditional characters; what they quote in 「」 (paths, arguments) as given.
  const t = (zh: string, en: string) => pickFilled({ zh, en }, lang);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (e) {
    io.stderr(`${t('parley：', 'parley: ')}${argsError(e as Error, Object.keys(OPTIONS), lang)}\n\n${helpText(lang)}`);
    return 2;
  }
  const { values: o, positionals } = parsed;
  if (o.help) {
    io.stdout(helpText(lang));
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
    const which = o.locale !== undefined ? '--locale' : 'PARLEY_LOCALE';
    io.stderr(t(`parley：${which} 只能是 zh、zh-TW 或 en，收到「${localeSetting}」\n`, `parley: ${which} must be zh, zh-TW or en, got "${localeSetting}"\n`));
    return 2;
  }
  lang = locale ?? DEFAULT_LOCALE;
  if (command === 'rules') {
    io.stdout(rulesTable(locale ?? DEFAULT_LOCALE));
    return 0;
  }
  if (command === 'mcp') {
    // dist/mcp.js, a bundle of its own next to dist/cli.js: `parley lint` never loads the MCP SDK.
    const bundled = path.join(__dirname, 'mcp.js');
    const spec = './mcp';
    const { serveMcp } = (__filename.endsWith('.js') && fs.existsSync(bundled) ? require(bundled) : await import(spec)) as typeof import('./mcp');
    return serveMcp({ cwd: io.cwd, version: version(), locale, parley: { ConfigError, ConfigLoader, docsUrl, didYouMean, ruleById, ruleIds: RULES.map((r) => r.meta.id), docsFolder, expandPatterns, lintFilesAsync } });
  }
  if (command === 'explain') {
    const id = rest[0];
    // A rule, or a file problem (file-encoding …): both have pages.
    const entry = id ? (ruleById(id)?.meta ?? FILE_PROBLEMS.find((p) => p.id === id)) : undefined;
    if (!entry) {
      const guess = id ? didYouMean(id, [...RULES.map((r) => r.meta.id), ...FILE_PROBLEMS.map((p) => p.id)]) : undefined;
      io.stderr(
        t(
          `parley explain：${id ? `未知规则「${id}」。${guess ? `是不是「${guess}」？` : ''}` : '请给出规则 id。'}\`parley rules\` 列出所有规则。\n`,
          `parley explain: ${id ? `unknown rule "${id}"${guess ? ` (did you mean "${guess}"?)` : ''}` : 'give a rule id'}; \`parley rules\` lists them\n`,
        ),
      );
      return 2;
    }
    const l = locale ?? DEFAULT_LOCALE;
    const folder = docsFolder(l);
    const file = folder && path.join(folder, `${entry.id}.md`);
    if (file && fs.existsSync(file)) io.stdout(fs.readFileSync(file, 'utf8'));
    else io.stdout(`# ${entry.id}\n\n${pick(entry.description, l)}\n\n${docsUrl(entry.id, l)}\n`);
    return 0;
  }
  if (command !== 'lint') {
    io.stderr(command ? `${t(`parley：未知命令「${command}」`, `parley: unknown command "${command}"`)}\n\n${helpText(lang)}` : helpText(lang));
    return 2;
  }
  const format = o.format ?? 'stylish';
  const formatter = FORMATTERS[format];
  if (!formatter) {
    io.stderr(t(`parley：未知的输出格式「${format}」（可用：${Object.keys(FORMATTERS).join('、')}）\n`, `parley: unknown format "${format}" (use ${Object.keys(FORMATTERS).join(', ')})\n`));
    return 2;
  }
  let maxWarnings = -1;
  if (o['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(o['max-warnings'])) {
      io.stderr(t(`parley：--max-warnings 需要一个非负整数，收到「${o['max-warnings']}」\n`, `parley: --max-warnings needs a whole number, got "${o['max-warnings']}"\n`));
      return 2;
    }
    maxWarnings = Number(o['max-warnings']);
  }
  let jobs: number | 'auto' = 'auto';
  if (o.jobs !== undefined && o.jobs !== 'auto') {
    if (!/^[1-9]\d*$/.test(o.jobs)) {
      io.stderr(t(`parley：--jobs 需要一个正整数或 auto，收到「${o.jobs}」\n`, `parley: --jobs needs a positive whole number or "auto", got "${o.jobs}"\n`));
      return 2;
    }
    jobs = Number(o.jobs);
  }
  for (const id of o['suppress-rule'] ?? []) {
    if (!ruleById(id)) {
      io.stderr(t(`parley：--suppress-rule：未知规则「${id}」；\`parley rules\` 列出所有规则\n`, `parley: --suppress-rule: unknown rule "${id}"; \`parley rules\` lists them\n`));
      return 2;
    }
  }
  let only: ((file: string) => boolean) | undefined;
  if (o.shard !== undefined) {
    const spec = parseShard(o.shard, lang);
    if (typeof spec === 'string') {
      io.stderr(`${t('parley：', 'parley: ')}${spec}\n`);
      return 2;
    }
    only = inShard(spec, io.cwd);
  }
  // --stats measures in this thread (worker threads would each need their own clock).
  const timing = o.stats ? startTiming() : stopTiming();
  if (timing) jobs = 1;
  const cache = o.cache || o['cache-location'] !== undefined ? { file: resolveCacheLocation(o['cache-location'], io.cwd), version: version() } : undefined;
  if (o.stdin && rest.length) {
    io.stderr(t('parley：--stdin 检查标准输入，不能同时给出路径\n', 'parley: --stdin lints standard input; do not give paths as well\n'));
    return 2;
  }
  if (o.config && !fs.existsSync(path.resolve(io.cwd, o.config))) {
    io.stderr(t(`parley：找不到配置文件「${o.config}」\n`, `parley: config file not found: ${o.config}\n`));
    return 2;
  }
  const loader = new ConfigLoader(o.config ? path.resolve(io.cwd, o.config) : undefined, undefined, locale);
  let results: FileResult[];
  let hadFatal = false;
  // The locale of the messages and notes: --locale / PARLEY_LOCALE, else the config's of the current
  // folder (asked once the files' configs are loaded, so that their errors come first).
  let outLocale = locale;
  const notesLocale = (): Locale => {
    try {
      outLocale ??= loader.forFile(path.join(io.cwd, 'x.parley')).resolved.locale;
    } catch {
      outLocale = DEFAULT_LOCALE;
    }
    return outLocale;
  };
  const suppressionOptions = (): SuppressionOptions => ({
    suppressAll: o['suppress-all'],
    suppressRules: o['suppress-rule'],
    prune: o['prune-suppressions'],
    passOnUnpruned: o['pass-on-unpruned-suppressions'],
    location: o['suppressions-location'],
    locale: notesLocale(),
  });
  // --format json on files streams: each file's result is printed as soon as it and every file
  // before it are done, so that no thread holds the whole run's messages. Not when the results are
  // needed as a whole (a baseline to write, --stats) or a file may be written (--fix, the cache).
  const stream =
    !o.stdin && format === 'json' && !o.fix && !cache && !timing && !o['suppress-all'] && !o['suppress-rule']?.length && !o['prune-suppressions']
      ? new JsonStream(io, !!o.quiet, () => new SuppressionStream(suppressionOptions(), io.cwd))
      : undefined;
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
        return exitCode(results, maxWarnings, hadFatal, !!o.quiet, io, lang);
      }
    } else {
      trace('expanding paths');
      const { files, unmatched, explicit, roots } = await expandPatterns(rest, io.cwd);
      // A --fix killed by SIGKILL (it cannot be caught) may have left one temporary file per thread.
      const stale = removeStaleTemps(files, roots);
      if (stale.length) io.stderr(staleTempsMessage(stale, io.cwd, lang));
      for (const u of unmatched) {
        if (rest.length) {
          io.stderr(t(`parley：没有文件匹配「${u}」\n`, `parley: no files match "${u}"\n`));
          hadFatal = true;
        }
      }
      // --fix stops cleanly on SIGINT/SIGTERM: the file being written is finished, nothing else is
      // started, every temporary file is gone, and the files written are listed.
      const signal = o.fix ? io.interrupts?.() : undefined;
      const r = await lintFilesAsync(files, loader, { fix: o.fix, jobs, cache, roots, only, signal, onResult: stream && ((x) => stream.add(x)) });
      if (r.stats.workerProblem) io.stderr(t(`parley：警告：${r.stats.workerProblem.zh}\n`, `parley: warning: ${r.stats.workerProblem.en}\n`));
      if (r.interrupted && signal?.aborted) {
        const name = String(signal.reason);
        io.stderr(interruptedMessage(name, r.interrupted.written, io.cwd, lang));
        return SIGNAL_CODES[name] ?? 130;
      }
      results = r.results;
      hadFatal ||= r.hadFatal;
      for (const f of r.ignored) {
        if (!explicit.has(f)) continue;
        const name = displayPath(path.relative(io.cwd, f) || f);
        io.stderr(t(`parley：警告：「${name}」在其 parley.config.json 的 "ignore" 列表中，未检查\n`, `parley: warning: ${name} is ignored by the "ignore" list of its parley.config.json; not linted\n`));
      }
      if (r.stats.cacheProblem) io.stderr(t(`parley：警告：${r.stats.cacheProblem.zh}\n`, `parley: warning: ${r.stats.cacheProblem.en}\n`));
    }
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`${t('parley：', 'parley: ')}${e.textIn(lang)}\n`);
      return 2;
    }
    io.stderr(t(`parley：内部错误（请报告给 Parley 维护者）：\n${(e as Error).stack ?? e}\n`, `parley: internal error: ${(e as Error).stack ?? e}\n`));
    return 2;
  }
  if (stream) {
    const end = stream.finish();
    if (end.problem) {
      io.stderr(t(`parley：${end.problem.text.zh}\n`, `parley: ${end.problem.text.en}\n`));
      return 2;
    }
    for (const n of end.notes) io.stderr(n + '\n');
    trace('output written');
    const code = exitFor(stream.totals, maxWarnings, hadFatal, !!o.quiet, io, lang);
    return end.failed && code < 2 ? 2 : code;
  }
  notesLocale();
  let suppressionsFailed = false;
  if (!o.stdin || o['stdin-filename'] !== undefined) {
    try {
      const s = runSuppressions(results, suppressionOptions(), io.cwd);
      results = s.results;
      suppressionsFailed = s.failed;
      for (const n of s.notes) io.stderr(n + '\n');
    } catch (e) {
      if (!(e instanceof SuppressionsError)) throw e;
      io.stderr(t(`parley：${e.text.zh}\n`, `parley: ${e.text.en}\n`));
      return 2;
    }
  }
  if (o.quiet) results = results.map((r) => ({ ...r, messages: r.messages.filter((m) => m.severity === 'error') }));
  trace('formatting');
  if (timing) results = withStats(results, timing);
  // performance.now() only with --stats: the global loads perf_hooks, a cost at start-up.
  const formatStart = timing ? performance.now() : 0;
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
    const table = statsTable(results, timing, outLocale ?? lang);
    if (format === 'stylish') io.stdout(table);
    else io.stderr(table);
  }
  trace('output written');
  const code = exitCode(results, maxWarnings, hadFatal, !!o.quiet, io, lang);
  return suppressionsFailed && code < 2 ? 2 : code;
}

interface Totals {
  errors: number;
  warnings: number;
  fatal: boolean;
}

function tally(totals: Totals, r: FileResult): void {
  const c = countsOf(r);
  if (c.fatal) totals.fatal = true;
  totals.errors += c.error;
  totals.warnings += c.warning;
}

function exitCode(results: FileResult[], maxWarnings: number, hadFatal: boolean, quiet: boolean, io?: Io, locale: Locale = DEFAULT_LOCALE): number {
  const totals: Totals = { errors: 0, warnings: 0, fatal: false };
  for (const r of results) tally(totals, r);
  return exitFor(totals, maxWarnings, hadFatal, quiet, io, locale);
}

function exitFor({ errors, warnings, fatal }: Totals, maxWarnings: number, hadFatal: boolean, quiet: boolean, io?: Io, locale: Locale = DEFAULT_LOCALE): number {
  if (hadFatal || fatal) return 2;
  if (errors) return 1;
  if (!quiet && maxWarnings >= 0 && warnings > maxWarnings) {
    io?.stderr(
      locale === 'en'
        ? `parley: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${maxWarnings} allows (exit 1)\n`
        : tr(locale, `parley：${warnings} 条警告，多于 --max-warnings ${maxWarnings} 允许的数目（退出码 1）\n`, ''),
    );
    return 1;
  }
  return 0;
}

/**
 * The json format, streamed (`parley lint --format json` on files): the same bytes as the json
 * formatter, written as the results come, in pieces of about 1 MB. Each result goes through the
 * suppressions baseline and --quiet as runSuppressions and the formatter would treat it, and is
 * counted for the exit code. The baseline is read at the first result (after every config loaded,
 * as before); if it cannot be used, nothing is printed at all (exit 2, as before). An internal
 * error (a rule that throws: a bug) after the first piece leaves the array unclosed, so that no
 * reader takes the part for the whole.
 */
class JsonStream {
  readonly totals: Totals = { errors: 0, warnings: 0, fatal: false };
  private count = 0;
  private suppressions?: SuppressionStream;
  private problem?: SuppressionsError;
  private parts: Uint8Array[] = [];
  /** Buffers of `parts` that only they hold (bytes from worker threads): freed once written (or copied out). */
  private owned: ArrayBuffer[] = [];
  private chunk = '';
  private size = 0;

  constructor(
    private io: Io,
    private quiet: boolean,
    private baseline: () => SuppressionStream,
  ) {}

  private ready(): boolean {
    if (this.suppressions || this.problem) return !this.problem;
    try {
      this.suppressions = this.baseline();
    } catch (e) {
      if (!(e instanceof SuppressionsError)) throw e;
      this.problem = e;
    }
    return !this.problem;
  }

  add(result: FileResult): void {
    if (!this.ready()) return;
    let r = this.suppressions!.apply(result);
    if (this.quiet) r = { ...r, messages: r.messages.filter((m) => m.severity === 'error') };
    tally(this.totals, r);
    const head = `${this.count++ ? ',' : '['}{"filePath":${JSON.stringify(r.filePath)},"messages":`;
    if (this.io.stdoutBytes) {
      const m = messagesBytes(r);
      this.parts.push(Buffer.from(head), m, Buffer.from('}'));
      this.size += m.length + 100;
      const own = r === result ? ownedBytes(r) : undefined;
      if (own) this.owned.push(own);
    } else {
      this.chunk += `${head}${messagesJson(r)}}`;
      this.size = this.chunk.length;
    }
    if (this.size > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.io.stdoutBytes && this.io.stdoutParts) {
      // Written as they are (writev): no 1 MB copy to make and free, which a thread in a
      // synchronous loop (-j1: this thread lints) would not free before the loop ends.
      if (this.parts.length && this.io.stdoutParts(this.parts)) discard(this.owned);
    } else if (this.io.stdoutBytes) {
      if (this.parts.length) {
        // (Buffer.concat copies: the parts are not needed any more, nor the copy once written)
        const out = Buffer.concat(this.parts);
        discard(this.owned);
        this.io.stdoutBytes(out, wholeBuffer(out) !== undefined);
      }
    } else if (this.chunk) this.io.stdout(this.chunk);
    this.parts = [];
    this.owned = [];
    this.chunk = '';
    this.size = 0;
  }

  /** The end of the array, and what the baseline has to say (or why it could not be used). */
  finish(): { problem?: SuppressionsError; notes: string[]; failed: boolean } {
    if (!this.ready()) return { problem: this.problem, notes: [], failed: false };
    if (this.io.stdoutBytes) this.parts.push(Buffer.from(this.count ? ']' : '[]'));
    else this.chunk += this.count ? ']' : '[]';
    this.flush();
    return this.suppressions!.finish();
  }
}
