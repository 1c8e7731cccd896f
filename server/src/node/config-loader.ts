/** Finding and reading parley.config.json (Node adapter shared by the CLI and the language server). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, validateConfig, type ConfigFile } from '../core/config';
import { CONFIG_NAME, ConfigResolver, type ConfigFiles, type LoadedConfig } from '../core/config-resolver';
import { RULES } from '../core/rules';
import type { Locale } from '../core/messages';
import { jsonErrorZh } from '../core/config-text';
import { fileProblemMessage } from '../core/file-problems';
import { ReadError, readBounded } from './read';
import { sha256 } from './cache';

export { CONFIG_NAME };
/** A config (or lexicon) file is read up to this many bytes: a link to /dev/zero is an error, not a hang. */
const CONFIG_MAX_SIZE = 64 * 2 ** 20;

export type { LoadedConfig } from '../core/config-resolver';

/**
 * What validateConfig said of a config file, by its path and the hash of its text. Validating
 * compiles the config's lexicons (a config over the total pattern budget: ~1.5 s before it is
 * refused), and the MCP server makes a new ConfigLoader for every lint: the same bytes at the same
 * path are validated once per process. Only the verdict is kept — the data are parsed again, so no
 * two callers share an object.
 */
const verdicts = new Map<string, true | ConfigError>();
const MAX_VERDICTS = 32;

/** Read and validate one config file; throws ConfigError with a clear message. */
function readConfigFile(file: string): ConfigFile {
  let text: string;
  try {
    text = readBounded(file, CONFIG_MAX_SIZE, 'the config size limit').toString('utf8');
  } catch (e) {
    if (e instanceof ReadError) {
      throw new ConfigError(file, [{ zh: `无法读取文件：${fileProblemMessage(e.id, e.messageId, e.data, 'zh')}`, en: `cannot read the file: ${fileProblemMessage(e.id, e.messageId, e.data, 'en')}` }]);
    }
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(file, [{ zh: `无法读取文件${code ? `（${code}）` : ''}`, en: `cannot read the file (${code ?? (e as Error).message})` }]);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, [{ zh: jsonErrorZh(text, (e as Error).message), en: `not valid JSON: ${(e as Error).message}` }]);
  }
  // A usual config is a few hundred bytes: its text is its own key (no node:crypto to load for it).
  const key = text.length <= 4096 ? `${file}\0=${text}` : `${file}\0#${sha256(text)}`;
  const known = verdicts.get(key);
  if (known) {
    verdicts.delete(key); // most recently used last
    verdicts.set(key, known);
    if (known === true) return data as ConfigFile;
    throw known;
  }
  if (verdicts.size >= MAX_VERDICTS) verdicts.delete(verdicts.keys().next().value!);
  try {
    const valid = validateConfig(data, file, RULES);
    verdicts.set(key, true);
    return valid;
  } catch (e) {
    if (e instanceof ConfigError) verdicts.set(key, e);
    throw e;
  }
}

/** Walk up from `dir` to the first parley.config.json. */
function findConfigFile(dir: string): string | undefined {
  let cur = path.resolve(dir);
  for (;;) {
    const candidate = path.join(cur, CONFIG_NAME);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(cur);
    if (parent === cur) return undefined;
    cur = parent;
  }
}

/** The disk, as the config resolver sees it (the CLI; the language server adds stamps, server-host.ts). */
export const nodeConfigFiles: ConfigFiles = {
  find: (dir) => {
    try {
      return findConfigFile(dir);
    } catch {
      return undefined;
    }
  },
  exists: (file) => fs.existsSync(file),
  read: readConfigFile,
  dirname: (file) => path.dirname(file),
};

/**
 * The CLI's configs: the shared resolver (core/config-resolver) over the disk, `explicit` (from
 * --config) winning over discovery; an invalid config throws its ConfigError (exit 2). A run lints
 * a snapshot: each folder is looked up once and each file read once.
 */
export class ConfigLoader {
  private resolver: ConfigResolver;
  constructor(
    explicit?: string,
    overrides?: Record<string, import('../core/types').SeveritySetting>,
    /** The locale chosen outside the config (--locale, PARLEY_LOCALE): wins over the file's. */
    locale?: Locale,
  ) {
    this.resolver = new ConfigResolver(nodeConfigFiles, { explicit: explicit && path.resolve(explicit), overrides, locale, invalid: 'throw', defaultsDir: () => process.cwd() });
    this.resolver.cacheLookups = true;
  }

  load(file: string): LoadedConfig {
    return this.resolver.load(path.resolve(file));
  }

  /** The config that applies to a script at `scriptPath`. */
  forFile(scriptPath: string): LoadedConfig {
    return this.resolver.forDir(path.dirname(path.resolve(scriptPath)));
  }

  clear(): void {
    this.resolver.clear();
  }
}
