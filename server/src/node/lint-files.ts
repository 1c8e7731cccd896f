/**
 * Linting files from disk (Node adapter): config per file, one workspace over every file linted
 * together, --fix written atomically. Shared by the CLI and its worker threads.
 */
import * as fs from 'node:fs';
import { applyFixes } from '../core/fix';
import { indexWorkspace, lintScript } from '../core/engine';
import { parse, type ParsedScript } from '../core/parser';
import type { Finding } from '../core/types';
import { lineStarts, offsetAt } from '../core/fix';
import type { FileResult, Message } from '../cli/formatters/types';
import { configIgnores, } from './files';
import type { ConfigLoader, LoadedConfig } from './config-loader';
import { ReadError, decodeScript, readScript, writeAtomic, type ScriptFile } from './read';

export interface LintFilesOptions {
  fix?: boolean;
  /** Text given on stdin for one path (the CLI's --stdin). */
  stdin?: { path: string; text: string };
}

export interface LintFilesResult {
  results: FileResult[];
  /** True when some file could not be read, fixed or written (exit 2). */
  hadFatal: boolean;
  /** Files skipped by the config's ignore globs. */
  ignored: string[];
}

export function toMessages(findings: Finding[], text: string): Message[] {
  const starts = lineStarts(text);
  return findings.map((f) => {
    const m: Message = {
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
    };
    if (f.fix && f.fix.edits.length === 1) {
      const e = f.fix.edits[0];
      m.fix = { range: [offsetAt(starts, text, e.range.start), offsetAt(starts, text, e.range.end)], text: e.newText };
    }
    return m;
  });
}

function fatal(filePath: string, message: string): FileResult {
  return { filePath, messages: [{ ruleId: null, severity: 'error', message, line: 1, column: 1, endLine: 1, endColumn: 1, fatal: true }] };
}

interface Loaded {
  path: string;
  file: ScriptFile;
  raw?: Buffer;
  config: LoadedConfig;
  script: ParsedScript;
}

export function lintFiles(paths: string[], loader: ConfigLoader, opts: LintFilesOptions = {}): LintFilesResult {
  const results = new Map<string, FileResult>();
  const loaded: Loaded[] = [];
  const ignored: string[] = [];
  let hadFatal = false;
  const all = opts.stdin ? [opts.stdin.path] : paths;
  for (const p of all) {
    const config = loader.forFile(p); // may throw ConfigError: the CLI reports it and exits 2
    if (!opts.stdin && config.file && configIgnores(config.raw.ignore ?? [], config.dir, p)) {
      ignored.push(p);
      continue;
    }
    try {
      let file: ScriptFile;
      let raw: Buffer | undefined;
      if (opts.stdin) file = decodeScript(Buffer.from(opts.stdin.text, 'utf8'), p);
      else {
        file = readScript(p, config.resolved.maxFileSize);
        raw = fs.readFileSync(p);
      }
      const script = parse(file.text, p, { placeholders: config.resolved.placeholders });
      loaded.push({ path: p, file, raw, config, script });
      results.set(p, { filePath: p, messages: [] });
    } catch (e) {
      if (!(e instanceof ReadError)) throw e;
      hadFatal = true;
      results.set(p, fatal(p, e.message));
    }
  }
  const index = indexWorkspace(loaded.map((l) => l.script));
  for (const l of loaded) {
    let findings = lintScript(l.script, index, l.config.resolved);
    let text = l.file.text;
    if (opts.fix && findings.some((f) => f.fix)) {
      for (let pass = 0; pass < 10; pass++) {
        const { text: next, applied } = applyFixes(text, findings);
        if (!applied.length) break;
        text = next;
        const script = parse(text, l.path, { placeholders: l.config.resolved.placeholders });
        findings = lintScript(script, index, l.config.resolved);
        if (!findings.some((f) => f.fix)) break;
      }
      if (text !== l.file.text) {
        const result: FileResult = { filePath: l.path, messages: toMessages(findings, text), output: (l.file.bom ? '\ufeff' : '') + text };
        if (!opts.stdin) {
          const problem = writeFixed(l, result.output!);
          if (problem) {
            hadFatal = true;
            result.messages.unshift(fatal(l.path, problem).messages[0]);
            result.output = undefined;
            result.messages = [...result.messages.slice(0, 1), ...toMessages(lintScript(l.script, index, l.config.resolved), l.file.text)];
          }
        }
        results.set(l.path, result);
        continue;
      }
    }
    results.set(l.path, { filePath: l.path, messages: toMessages(findings, text) });
  }
  return { results: all.filter((p) => results.has(p)).map((p) => results.get(p)!), hadFatal, ignored };
}

/** Write a fixed file: only if still writable and unchanged since it was read. Returns a problem or undefined. */
function writeFixed(l: Loaded, content: string): string | undefined {
  try {
    fs.accessSync(l.path, fs.constants.W_OK);
  } catch {
    return `${l.path}: file is read-only; fixes were not written`;
  }
  let now: Buffer;
  try {
    now = fs.readFileSync(l.path);
  } catch (e) {
    return `${l.path}: cannot re-read before writing (${(e as NodeJS.ErrnoException).code}); fixes were not written`;
  }
  if (l.raw && !now.equals(l.raw)) return `${l.path}: file changed while Parley was running; fixes were not written`;
  try {
    writeAtomic(l.path, content);
  } catch (e) {
    return `${l.path}: cannot write fixes (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); file left unchanged`;
  }
  return undefined;
}
