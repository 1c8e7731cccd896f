/**
 * Which parley.config.json applies to a file, read, validated and resolved: the one resolver of
 * the CLI (node/config-loader's ConfigLoader) and the language server (lsp/configs.ts). Pure: the
 * file system comes in as `ConfigFiles` (Node's disk; the browser's nothing).
 *
 * A config is found as the CLI does (the nearest one at or above the file's folder, or the one
 * given with --config), read once per file and stamp, and resolved with the settings that come from
 * outside the file (severity overrides, the locale). What the two differ in is an invalid config:
 * the CLI stops (exit 2), the editor lints with the defaults and shows the config's problems.
 */
import { ConfigError, resolveConfig, type ConfigFile, type ResolvedConfig } from './config';
import type { ProblemText } from './config-text';
import type { Locale } from './messages';
import type { SeveritySetting } from './types';

export const CONFIG_NAME = 'parley.config.json';

/** What the resolver needs of a file system. */
export interface ConfigFiles {
  /** The nearest parley.config.json at or above a folder. */
  find(dir: string): string | undefined;
  /** Whether a config file named explicitly is there. */
  exists(file: string): boolean;
  /** Changes whenever the file changes ('missing' when it is gone). Absent: a file is read once. */
  stamp?(file: string): string;
  /** Reads and validates a config file (throws ConfigError with the problems). */
  read(file: string): ConfigFile;
  dirname(file: string): string;
}

export interface LoadedConfig {
  /** The config file, or undefined for the defaults. */
  file?: string;
  /** The folder globs in `ignore` are relative to. */
  dir: string;
  raw: ConfigFile;
  resolved: ResolvedConfig;
  /** (invalid: 'defaults') Each problem of an invalid file in each locale; `raw` is then `{}`. */
  problems?: ProblemText[];
  /** Did-you-mean of each problem (same index), for the config file's quick fixes. */
  guesses?: ({ name: string; guess: string } | undefined)[];
  stamp?: string;
}

interface ResolverOptions {
  /** A config given explicitly (--config): it applies to every file. */
  explicit?: string;
  /** Severities that win over the file's `rules` (the editor's parley.rules). */
  overrides?: Record<string, SeveritySetting>;
  /** The locale chosen outside the config (--locale, the editor's language): wins over the file's. */
  locale?: Locale;
  /** An invalid config: `throw` its ConfigError (the CLI), or lint with the defaults and keep its problems (the editor). */
  invalid: 'throw' | 'defaults';
  /** The folder of the defaults when no config file applies (the CLI: its working directory). */
  defaultsDir?: () => string;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class ConfigResolver {
  /** Read files by name: the raw config (or its problems) and the stamp it was read at. */
  private read = new Map<string, { stamp?: string; raw: ConfigFile; problems?: ProblemText[]; guesses?: LoadedConfig['guesses'] }>();
  /** Resolved configs by file ('' for the defaults): kept while the file's stamp and the options are the same. */
  private loaded = new Map<string, LoadedConfig>();
  /** Folder → config file found there, when lookups are cached (see `cacheLookups`). */
  private found = new Map<string, string | undefined>();
  /**
   * Cache which config each folder finds: for a client that reports config files created and
   * deleted (the server clears the cache on each), and for the CLI, which lints a snapshot. A file
   * found is still stamped at each use when `ConfigFiles` has stamps (the server's).
   */
  cacheLookups = false;

  constructor(
    private readonly files: ConfigFiles,
    private options: ResolverOptions,
  ) {}

  /** New settings from outside the files (the editor's parley.rules or language): configs are resolved again. */
  configure(overrides: Record<string, SeveritySetting> | undefined, locale: Locale | undefined): void {
    if (JSON.stringify(overrides ?? {}) === JSON.stringify(this.options.overrides ?? {}) && locale === this.options.locale) return;
    this.options = { ...this.options, overrides, locale };
    this.loaded.clear();
  }

  /** Forget what was read and found (config files changed). */
  clear(): void {
    this.read.clear();
    this.loaded.clear();
    this.found.clear();
  }

  /** The config that applies to files in `dir`. */
  forDir(dir: string): LoadedConfig {
    const file = this.options.explicit ?? this.find(dir);
    return file === undefined ? this.defaults(this.options.defaultsDir?.() ?? dir) : this.load(file);
  }

  /** The config in `file` (the defaults, at its folder, when there is no such file). */
  load(file: string): LoadedConfig {
    const cached = this.loaded.get(file);
    const stamp = this.files.stamp?.(file);
    if (cached && cached.stamp === stamp) return cached;
    if (stamp === 'missing' || (stamp === undefined && !this.files.exists(file))) return this.defaults(this.files.dirname(file));
    let r = this.read.get(file);
    if (!r || r.stamp !== stamp) {
      try {
        r = { stamp, raw: this.files.read(file) };
      } catch (e) {
        if (this.options.invalid === 'throw') throw e;
        r = e instanceof ConfigError ? { stamp, raw: {}, problems: e.texts, guesses: e.guesses } : { stamp, raw: {}, problems: [{ zh: errorText(e), en: errorText(e) }], guesses: [] };
      }
      this.read.set(file, r);
    }
    const loaded: LoadedConfig = { file, dir: this.files.dirname(file), raw: r.raw, resolved: resolveConfig(r.raw, this.options.overrides, this.options.locale), stamp };
    if (r.problems) {
      loaded.problems = r.problems;
      loaded.guesses = r.guesses;
    }
    this.loaded.set(file, loaded);
    return loaded;
  }

  private find(dir: string): string | undefined {
    if (!this.cacheLookups) return this.files.find(dir);
    if (this.found.has(dir)) return this.found.get(dir);
    const f = this.files.find(dir);
    this.found.set(dir, f);
    return f;
  }

  /** The defaults (one resolved config for every file without a config), with `dir` as their folder. */
  private defaults(dir: string): LoadedConfig {
    let d = this.loaded.get('');
    if (!d) this.loaded.set('', (d = { dir, raw: {}, resolved: resolveConfig({}, this.options.overrides, this.options.locale) }));
    return d.dir === dir ? d : { ...d, dir };
  }
}
