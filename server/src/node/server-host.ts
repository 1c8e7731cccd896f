/**
 * The language server's host on Node (dist/server.js): documents are files, configs and the
 * suppressions baseline are discovered on disk as `parley lint` does, rule pages are read beside
 * the bundle.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_LOCALE, type Locale } from '../core/messages';
import type { Finding } from '../core/types';
import type { ServerHost, SuppressedMode } from '../lsp/host';
import type { LogText } from '../lsp/log-text';
import type { ConfigFiles } from '../core/config-resolver';
import { nodeConfigFiles } from './config-loader';
import { configIgnores, expandPatterns } from './files';
import { ReadError, readScript } from './read';
import { startOffload } from './offload-thread';
import { docsFolder, packageVersion } from './package-files';
import type { BackgroundThread } from '../lsp/offload';
import { baselineFindings, findSuppressionsFile, loadSuppressions, suppressionKey, SuppressionsError, type Suppressions } from './suppressions';

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class NodeServerHost implements ServerHost {
  readonly version = packageVersion();

  /** dist/server.js started again as a worker thread (node/offload-thread.ts); none when run from sources (tests in-process). */
  backgroundThread(): BackgroundThread | undefined {
    if (process.env.PARLEY_NO_OFFLOAD === '1' || !/\.js$/.test(__filename)) return undefined;
    return startOffload(__filename);
  }
  private readonly docs = new Map<string, string | undefined>();
  /** parley-suppressions.json files read, by path (undefined: unreadable, logged once). */
  private readonly baselines = new Map<string, Suppressions | undefined>();

  /**
   * URIs already turned into keys: the server asks several times per keystroke for the same URI
   * (the change, the lint, the publish), and a URL parse each time was ~0.1 ms of every keystroke.
   */
  private readonly keys = new Map<string, string>();

  keyOf(uri: string): string {
    if (!uri.startsWith('file:')) return uri;
    let key = this.keys.get(uri);
    if (key !== undefined) return key;
    try {
      key = path.normalize(fileURLToPath(uri));
    } catch {
      key = uri;
    }
    // (a bound, for a long session's many files: cleared, then filled again by the URIs in use)
    if (this.keys.size >= 10_000) this.keys.clear();
    this.keys.set(uri, key);
    return key;
  }

  uriOf(key: string): string {
    return path.isAbsolute(key) ? pathToFileURL(key).href : key;
  }

  isPath(key: string): boolean {
    return path.isAbsolute(key);
  }

  dirname(key: string): string {
    return path.dirname(key);
  }

  basename(key: string): string {
    return path.basename(key);
  }

  relativeInside(from: string, to: string): string | undefined {
    const rel = path.relative(from, to);
    return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
  }

  isUnder(key: string, folder: string): boolean {
    return key === folder || key.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
  }

  cwd(): string {
    return process.cwd();
  }

  /** The CLI's config files (node/config-loader), with stamps: the editor reads a config again when it changed. */
  readonly configFiles: ConfigFiles = {
    ...nodeConfigFiles,
    stamp: (file) => {
      try {
        const st = fs.statSync(file);
        return `${st.mtimeMs}:${st.size}`;
      } catch {
        return 'missing';
      }
    },
  };

  readText(file: string): string | undefined {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  }

  configIgnores(globs: string[], configDir: string, file: string): boolean {
    return configIgnores(globs, configDir, file);
  }

  async listScripts(folder: string): Promise<string[]> {
    return (await expandPatterns([], folder)).files;
  }

  exists(file: string): boolean {
    return fs.existsSync(file);
  }

  readScript(file: string, limit: number, locale: Locale = DEFAULT_LOCALE): { text: string } | { error: string } {
    try {
      return { text: readScript(file, limit).text };
    } catch (e) {
      if (e instanceof ReadError) return { error: `${e.file}${locale === 'en' ? ': ' : '：'}${e.text(locale)}` };
      throw e;
    }
  }

  underBaseline(key: string, findings: Finding[], mode: SuppressedMode, log: (m: LogText) => void, locale: Locale = DEFAULT_LOCALE): Finding[] {
    if (!path.isAbsolute(key)) return findings;
    const file = findSuppressionsFile(path.dirname(key));
    if (!file) return findings;
    if (!this.baselines.has(file)) {
      try {
        this.baselines.set(file, loadSuppressions(file));
      } catch (e) {
        const why = e instanceof SuppressionsError ? e.text : { zh: errorText(e), en: errorText(e) };
        log({ zh: `忽略基线文件：${why.zh}`, en: `Ignoring ${why.en}` });
        this.baselines.set(file, undefined);
      }
    }
    const s = this.baselines.get(file);
    const k = suppressionKey(key, path.dirname(file));
    return baselineFindings(findings, s && Object.prototype.hasOwnProperty.call(s, k) ? s[k] : undefined, mode, locale);
  }

  baselinesChanged(): void {
    this.baselines.clear();
  }

  ruleDoc(id: string, locale: Locale = DEFAULT_LOCALE): string | undefined {
    if (!/^[a-z0-9-]+$/.test(id)) return undefined;
    const k = `${locale}:${id}`;
    if (this.docs.has(k)) return this.docs.get(k);
    // No fallback to the other language's page: a hover is in one language.
    let text: string | undefined;
    const folder = docsFolder(locale);
    if (folder) {
      try {
        text = fs.readFileSync(path.join(folder, `${id}.md`), 'utf8');
      } catch {
        text = undefined;
      }
    }
    this.docs.set(k, text);
    return text;
  }
}
