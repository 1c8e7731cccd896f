/**
 * `parley mcp`: a Model Context Protocol server over stdio (the official SDK), so that assistants
 * drafting collection scripts can check them as they write. Tools:
 *
 * - `lint_text`   — lint a script (or a few bare lines of one) given as text, optionally as if it
 *                   were the file `filename` (its parley.config.json applies) and with an
 *                   `audience`/`stage` context for text that does not declare them;
 * - `lint_file`   — lint a file on disk (relative to the folder the server was started in);
 * - `fix_text`    — the text with every safe fix applied, and what remains;
 * - `explain_rule`— a rule's documentation (what it checks, what to say instead).
 *
 * Everything a person may read (the tools' titles and descriptions, findings, summaries, errors,
 * rule pages) is in one language: `--locale` / `PARLEY_LOCALE`, else the config's `"locale"` for
 * findings and summaries, else Chinese; as `parley lint`.
 *
 * Bundled on its own (dist/mcp.js): `parley lint` never loads the SDK. The linter itself comes from
 * the CLI that loads this module (`McpOptions.parley`): dist/mcp.js holds the SDK and this file, not
 * a second copy of the core and its compiled lexicons (which would make the npm package ~1 MB larger).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import type { ConfigError } from '../core/config';
import { fill, type Language, type Locale, pick, tr } from '../core/messages';
import type { docsUrl } from '../core/rule';
import type { didYouMean } from '../core/text';
import type { ruleById } from '../core/rules';
import type { ConfigLoader } from '../node/config-loader';
import type { expandPatterns } from '../node/files';
import type { lintFilesAsync } from '../node/lint-files';
import type { FileResult, Message } from './formatters/types';

/** The parts of Parley the MCP tools call, handed over by the CLI (types only are imported here). */
interface McpParley {
  ConfigError: typeof ConfigError;
  ConfigLoader: typeof ConfigLoader;
  docsUrl: typeof docsUrl;
  didYouMean: typeof didYouMean;
  ruleById: typeof ruleById;
  /** Every rule id (for a did-you-mean). */
  ruleIds: readonly string[];
  /** The folder of the rule pages in a locale, when shipped. */
  docsFolder: (locale: Locale) => string | undefined;
  expandPatterns: typeof expandPatterns;
  lintFilesAsync: typeof lintFilesAsync;
}

interface McpOptions {
  cwd: string;
  version: string;
  /** The locale chosen outside the config (--locale, PARLEY_LOCALE); undefined: the config's, else zh. */
  locale?: Locale;
  parley: McpParley;
}

/** FORMAT.md §4.2 (the Chinese aliases are accepted in the text itself). */
const AUDIENCES = ['unverified', 'debtor', 'co-borrower', 'guarantor', 'heir', 'spouse', 'family', 'informed-contact', 'contact', 'employer', 'public'] as const;

/**
 * Text with the context an assistant gave: bare lines (no `title:`) become the body of one node;
 * `audience`/`stage` become file-header defaults. Returns the text to lint and how many lines were
 * put in front (to map lines back), and the suffix added.
 */
export function withContext(text: string, ctx: { audience?: string; stage?: string }): { text: string; offset: number; suffix: string } {
  const header: string[] = [];
  if (ctx.audience) header.push(`audience: ${ctx.audience}`);
  if (ctx.stage) header.push(`stage: ${ctx.stage}`);
  const hasNode = /^[ \t]*(title|标题)[ \t]*[:：]/m.test(text);
  if (hasNode) {
    if (!header.length) return { text, offset: 0, suffix: '' };
    const prefix = header.join('\n') + '\n\n';
    return { text: prefix + text, offset: header.length + 1, suffix: '' };
  }
  const prefix = ['title: 草稿', ...header, '---'].join('\n') + '\n';
  const body = text.endsWith('\n') || text === '' ? text : text + '\n';
  const suffix = (body === text ? '' : '\n') + '===\n';
  return { text: prefix + body + '===\n', offset: header.length + 2, suffix };
}

interface Finding {
  ruleId: string | null;
  severity: Message['severity'];
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixable: boolean;
  docs?: string;
}

function findingsOf(r: FileResult | undefined, offset: number, docsUrl: McpParley['docsUrl'], locale: Locale): Finding[] {
  return (r?.messages ?? []).map((m) => ({
    ruleId: m.ruleId,
    severity: m.severity,
    message: m.message,
    line: Math.max(1, m.line - offset),
    column: m.line - offset >= 1 ? m.column : 1,
    endLine: Math.max(1, m.endLine - offset),
    endColumn: m.endLine - offset >= 1 ? m.endColumn : 1,
    fixable: !!m.fix,
    ...(m.ruleId ? { docs: docsUrl(m.ruleId, locale) } : {}),
  }));
}

export function summary(fs_: Finding[], locale: Locale): { errors: number; warnings: number; info: number; text: string } {
  const errors = fs_.filter((f) => f.severity === 'error').length;
  const warnings = fs_.filter((f) => f.severity === 'warning').length;
  const info = fs_.length - errors - warnings;
  const text =
    locale !== 'en'
      ? fs_.length
        ? tr(locale, `${errors} 个错误，${warnings} 个警告，${info} 条提示`, '')
        : tr(locale, '没有问题', '')
      : fs_.length
        ? `${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}, ${info} info`
        : 'no findings';
  return { errors, warnings, info, text };
}

/** The texts a person may read, per locale. */
const TEXT = {
  instructions: {
    zh: 'Parley 检查中文催收话术（.parley 文件）是否违反信息披露、施压和礼貌等规则。提出话术之前先用 lint_text 检查草稿；fix_text 应用可自动修复的改动；explain_rule 说明应该怎么说。',
    en: 'Parley lints Chinese debt-collection scripts (催收话术, .parley files) for disclosure, coercion and courtesy rules. Lint a draft with lint_text before proposing it; fix_text applies the safe fixes; explain_rule says what to say instead.',
  },
  filename: {
    zh: '这段文字所在的文件路径（相对于服务启动的文件夹）：适用该处的 parley.config.json，结果中也用这个名字。默认：draft.parley',
    en: 'Path the text would have (relative to the server’s folder): its parley.config.json applies, and findings name it. Default: draft.parley',
  },
  audience: {
    zh: '文字未写明时，说话的对象（见 docs/FORMAT.md）：',
    en: 'Who the text speaks to, when the text does not say (see docs/FORMAT.md): ',
  },
  stage: {
    zh: '文字未写明时的催收阶段（见 docs/FORMAT.md），如 M1、M2、M3+',
    en: 'Collection stage when the text does not say (see docs/FORMAT.md), e.g. M1, M2, M3+',
  },
  text: { zh: '话术文本', en: 'The script text' },
  lintTextTitle: { zh: '检查一段催收话术', en: 'Lint a collection script' },
  lintTextDescription: {
    zh: '检查一段 Parley 话术：整个 .parley 文件，或几行不带标题的话术（如「坐席: 您好，……」），返回每条问题的规则、级别、行号、说明和文档链接。',
    en: 'Lint the text of a Parley script (催收话术) — a whole .parley file, or a few bare lines such as "坐席: 您好，……" — and return every finding with its rule, severity, line, message and documentation link.',
  },
  lintFileTitle: { zh: '检查一个 .parley 文件', en: 'Lint a .parley file' },
  lintFileDescription: {
    zh: '像 `parley lint <路径>` 一样检查一个 .parley 文件（路径相对于服务启动的文件夹），使用它的 parley.config.json。',
    en: 'Lint a .parley file (path relative to the folder the server runs in) as `parley lint <path>` does, with its parley.config.json.',
  },
  path: { zh: '文件路径，相对于服务启动的文件夹，或绝对路径', en: 'The file, relative to the server’s folder or absolute' },
  fixTextTitle: { zh: '对话术应用 Parley 的自动修复', en: 'Apply Parley’s fixes to a script' },
  fixTextDescription: {
    zh: '返回应用了全部安全的自动修复之后的文本（如 你 → 您、对不起 → 我向您道歉），以及仍需人工改写的问题。',
    en: 'Return the text with every safe automatic fix applied (e.g. 你 → 您, 对不起 → 我向您道歉), and the findings that remain for a person to rewrite.',
  },
  explainTitle: { zh: '说明一条 Parley 规则', en: 'Explain a Parley rule' },
  explainDescription: { zh: '一条规则的说明：检查什么、为什么、应该怎么说。', en: 'The documentation of a rule id (what it checks, why, and what to say instead).' },
  ruleId: { zh: '规则 id，如 third-party-disclosure', en: 'A rule id such as third-party-disclosure' },
} satisfies Record<string, Record<Language, string>>;

function reply(payload: Record<string, unknown>, isError = false) {
  return { content: [{ type: 'text' as const, text: JSON.stringify(payload, null, 2) }], ...(isError ? { isError: true } : {}) };
}

function failed(e: unknown, ConfigError: McpParley['ConfigError'], locale: Locale) {
  // A config error in the chosen language; anything else is Parley's own failure, said so.
  const message = e instanceof ConfigError ? e.textIn(locale) : `${tr(locale, 'Parley 内部错误：', 'Parley internal error: ')}${(e as Error)?.message ?? e}`;
  return reply({ error: message }, true);
}

function createMcpServer(o: McpOptions): McpServer {
  const { ConfigLoader, docsUrl, ruleById, expandPatterns, lintFilesAsync } = o.parley;
  // The language of the server's own texts (tools, errors): --locale / PARLEY_LOCALE, else Chinese.
  const lang: Locale = o.locale ?? 'zh';
  const t = (k: keyof typeof TEXT) => pick(TEXT[k], lang);
  const failure = (e: unknown) => failed(e, o.parley.ConfigError, lang);
  const newLoader = () => new ConfigLoader(undefined, undefined, o.locale);
  /** The locale of a file's findings (its config's unless chosen outside), for their summary and links. */
  const localeOf = (loader: ConfigLoader, file: string): Locale => {
    try {
      return loader.forFile(file).resolved.locale;
    } catch {
      return lang;
    }
  };
  const findings = (r: FileResult | undefined, offset: number, locale: Locale) => findingsOf(r, offset, docsUrl, locale);
  const server = new McpServer({ name: 'parley', version: o.version }, { instructions: t('instructions') });
  const context = {
    filename: z.string().optional().describe(t('filename')),
    audience: z.enum(AUDIENCES).optional().describe(`${t('audience')}${AUDIENCES.join(lang === 'en' ? ', ' : '、')}`),
    stage: z.string().optional().describe(t('stage')),
  };
  const lintText = async (args: { text: string; filename?: string; audience?: string; stage?: string }, fix: boolean) => {
    const file = path.resolve(o.cwd, args.filename ?? 'draft.parley');
    const w = withContext(args.text, args);
    const loader = newLoader();
    const r = await lintFilesAsync([], loader, { fix, stdin: { path: file, text: w.text } });
    return { file, w, result: r.results[0], locale: localeOf(loader, file) };
  };

  server.registerTool(
    'lint_text',
    {
      title: t('lintTextTitle'),
      description: t('lintTextDescription'),
      inputSchema: { text: z.string().describe(t('text')), ...context },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      try {
        const { file, w, result, locale } = await lintText(args, false);
        const f = findings(result, w.offset, locale);
        return reply({ filePath: path.relative(o.cwd, file) || file, summary: summary(f, locale), findings: f });
      } catch (e) {
        return failure(e);
      }
    },
  );

  server.registerTool(
    'lint_file',
    {
      title: t('lintFileTitle'),
      description: t('lintFileDescription'),
      inputSchema: { path: z.string().describe(t('path')) },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      try {
        const { files } = await expandPatterns([args.path], o.cwd);
        if (!files.length) return reply({ error: lang === 'en' ? `no .parley file at ${args.path}` : fill(tr(lang, '「{{path}}」处没有 .parley 文件', ''), { path: args.path }, lang) }, true);
        const loader = newLoader();
        const r = await lintFilesAsync(files, loader, { jobs: 1 });
        const out = r.results.map((res) => {
          const locale = localeOf(loader, res.filePath);
          const f = findings(res, 0, locale);
          return { filePath: path.relative(o.cwd, res.filePath) || res.filePath, summary: summary(f, locale), findings: f };
        });
        return reply(out.length === 1 ? out[0] : { files: out }, r.hadFatal);
      } catch (e) {
        return failure(e);
      }
    },
  );

  server.registerTool(
    'fix_text',
    {
      title: t('fixTextTitle'),
      description: t('fixTextDescription'),
      inputSchema: { text: z.string().describe(t('text')), ...context },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      try {
        const { w, result, locale } = await lintText(args, true);
        let fixed = result?.output ?? w.text;
        if (fixed.startsWith('\ufeff')) fixed = fixed.slice(1);
        // Take off the context that was put around the text.
        const lines = fixed.split('\n');
        let body = lines.slice(w.offset).join('\n');
        if (w.suffix && body.endsWith(w.suffix)) body = body.slice(0, -w.suffix.length);
        else if (w.suffix && body.endsWith('===\n')) body = body.slice(0, -4);
        const f = findings(result, w.offset, locale);
        return reply({ fixedText: body, changed: body !== args.text, summary: summary(f, locale), remaining: f });
      } catch (e) {
        return failure(e);
      }
    },
  );

  server.registerTool(
    'explain_rule',
    {
      title: t('explainTitle'),
      description: t('explainDescription'),
      inputSchema: { ruleId: z.string().describe(t('ruleId')) },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      const rule = ruleById(args.ruleId);
      if (!rule) {
        const guess = o.parley.didYouMean(args.ruleId, o.parley.ruleIds);
        const error =
          lang !== 'en'
            ? tr(lang, `未知规则「${args.ruleId}」${guess ? `；是不是「${guess}」？` : ''}`, '')
            : `unknown rule "${args.ruleId}"${guess ? `; did you mean "${guess}"?` : ''}`;
        return reply({ error }, true);
      }
      // The page in the server's language (as `parley explain`).
      const folder = o.parley.docsFolder(lang);
      const file = folder && path.join(folder, `${rule.meta.id}.md`);
      const text = file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `# ${rule.meta.id}\n\n${pick(rule.meta.description, lang)}\n\n${docsUrl(rule.meta.id, lang)}\n`;
      return { content: [{ type: 'text' as const, text }] };
    },
  );
  return server;
}

/** Serve over stdio until the client closes standard input. */
export async function serveMcp(o: McpOptions): Promise<number> {
  const server = createMcpServer(o);
  const transport = new StdioServerTransport();
  await server.connect(transport);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await closed;
  await server.close().catch(() => undefined);
  return 0;
}
