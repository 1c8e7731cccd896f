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
import type { docsUrl } from '../core/rule';
import type { ruleById } from '../core/rules';
import type { ConfigLoader } from '../node/config-loader';
import type { expandPatterns } from '../node/files';
import type { lintFilesAsync } from '../node/lint-files';
import type { FileResult, Message } from './formatters/types';

/** The parts of Parley the MCP tools call, handed over by the CLI (types only are imported here). */
export interface McpParley {
  ConfigError: typeof ConfigError;
  ConfigLoader: typeof ConfigLoader;
  docsUrl: typeof docsUrl;
  ruleById: typeof ruleById;
  expandPatterns: typeof expandPatterns;
  lintFilesAsync: typeof lintFilesAsync;
}

export interface McpOptions {
  cwd: string;
  version: string;
  /** Folder of the rule pages (docs/rules), when shipped. */
  docs?: string;
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

function findingsOf(r: FileResult | undefined, offset: number, docsUrl: McpParley['docsUrl']): Finding[] {
  return (r?.messages ?? []).map((m) => ({
    ruleId: m.ruleId,
    severity: m.severity,
    message: m.message,
    line: Math.max(1, m.line - offset),
    column: m.line - offset >= 1 ? m.column : 1,
    endLine: Math.max(1, m.endLine - offset),
    endColumn: m.endLine - offset >= 1 ? m.endColumn : 1,
    fixable: !!m.fix,
    ...(m.ruleId ? { docs: docsUrl(m.ruleId) } : {}),
  }));
}

function summary(fs_: Finding[]): { errors: number; warnings: number; info: number; text: string } {
  const errors = fs_.filter((f) => f.severity === 'error').length;
  const warnings = fs_.filter((f) => f.severity === 'warning').length;
  const info = fs_.length - errors - warnings;
  const text = fs_.length ? `${errors} 个错误，${warnings} 个警告，${info} 条提示 (${errors} errors, ${warnings} warnings, ${info} info)` : '未发现问题 (no findings)';
  return { errors, warnings, info, text };
}

function reply(payload: Record<string, unknown>, isError = false) {
  return { content: [{ type: 'text' as const, text: JSON.stringify(payload, null, 2) }], ...(isError ? { isError: true } : {}) };
}

function failed(e: unknown, ConfigError: McpParley['ConfigError']) {
  const message = e instanceof ConfigError ? e.message : `${(e as Error)?.message ?? e}`;
  return reply({ error: message }, true);
}

export function createMcpServer(o: McpOptions): McpServer {
  const { ConfigLoader, docsUrl, ruleById, expandPatterns, lintFilesAsync } = o.parley;
  const failure = (e: unknown) => failed(e, o.parley.ConfigError);
  const findings = (r: FileResult | undefined, offset: number) => findingsOf(r, offset, docsUrl);
  const server = new McpServer({ name: 'parley', version: o.version }, { instructions: 'Parley lints Chinese debt-collection scripts (催收话术, .parley files) for disclosure, coercion and courtesy rules. Lint a draft with lint_text before proposing it; fix_text applies the safe fixes; explain_rule says what to say instead.' });
  const context = {
    filename: z.string().optional().describe('Path the text would have (relative to the server’s folder): its parley.config.json applies, and findings name it. Default: draft.parley'),
    audience: z.enum(AUDIENCES).optional().describe(`Who the text speaks to, when the text does not say (FORMAT.md §4.2): ${AUDIENCES.join(', ')}`),
    stage: z.string().optional().describe('Collection stage when the text does not say (FORMAT.md §4.1), e.g. M1, M2, M3+'),
  };
  const lintText = async (args: { text: string; filename?: string; audience?: string; stage?: string }, fix: boolean) => {
    const file = path.resolve(o.cwd, args.filename ?? 'draft.parley');
    const w = withContext(args.text, args);
    const r = await lintFilesAsync([], new ConfigLoader(), { fix, stdin: { path: file, text: w.text } });
    return { file, w, result: r.results[0] };
  };

  server.registerTool(
    'lint_text',
    {
      title: 'Lint a collection script',
      description: 'Lint the text of a Parley script (催收话术) — a whole .parley file, or a few bare lines such as "坐席: 您好，……" — and return every finding with its rule, severity, line, message and documentation link.',
      inputSchema: { text: z.string().describe('The script text'), ...context },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      try {
        const { file, w, result } = await lintText(args, false);
        const f = findings(result, w.offset);
        return reply({ filePath: path.relative(o.cwd, file) || file, summary: summary(f), findings: f });
      } catch (e) {
        return failure(e);
      }
    },
  );

  server.registerTool(
    'lint_file',
    {
      title: 'Lint a .parley file',
      description: 'Lint a .parley file (path relative to the folder the server runs in) as `parley lint <path>` does, with its parley.config.json.',
      inputSchema: { path: z.string().describe('The file, relative to the server’s folder or absolute') },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      try {
        const { files } = await expandPatterns([args.path], o.cwd);
        if (!files.length) return reply({ error: `no .parley file at ${args.path}` }, true);
        const r = await lintFilesAsync(files, new ConfigLoader(), { jobs: 1 });
        const out = r.results.map((res) => {
          const f = findings(res, 0);
          return { filePath: path.relative(o.cwd, res.filePath) || res.filePath, summary: summary(f), findings: f };
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
      title: 'Apply Parley’s fixes to a script',
      description: 'Return the text with every safe automatic fix applied (e.g. 你 → 您, 对不起 → 我向您道歉), and the findings that remain for a person to rewrite.',
      inputSchema: { text: z.string().describe('The script text'), ...context },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      try {
        const { w, result } = await lintText(args, true);
        let fixed = result?.output ?? w.text;
        if (fixed.startsWith('\ufeff')) fixed = fixed.slice(1);
        // Take off the context that was put around the text.
        const lines = fixed.split('\n');
        let body = lines.slice(w.offset).join('\n');
        if (w.suffix && body.endsWith(w.suffix)) body = body.slice(0, -w.suffix.length);
        else if (w.suffix && body.endsWith('===\n')) body = body.slice(0, -4);
        const f = findings(result, w.offset);
        return reply({ fixedText: body, changed: body !== args.text, summary: summary(f), remaining: f });
      } catch (e) {
        return failure(e);
      }
    },
  );

  server.registerTool(
    'explain_rule',
    {
      title: 'Explain a Parley rule',
      description: 'The documentation of a rule id (what it checks, why, and what to say instead).',
      inputSchema: { ruleId: z.string().describe('A rule id such as third-party-disclosure') },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      const rule = ruleById(args.ruleId);
      if (!rule) return reply({ error: `unknown rule "${args.ruleId}"` }, true);
      const file = o.docs && path.join(o.docs, `${rule.meta.id}.md`);
      const text = file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `# ${rule.meta.id}\n\n${rule.meta.description.zh}\n\n${rule.meta.description.en}\n`;
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
