/**
 * The language server's configs: the shared resolver (core/config-resolver, as `parley lint` finds
 * and reads them) with the editor's settings over it (parley.rules, the display language), and
 * the problems of an invalid config shown on that config file. Pure: the host gives the files.
 */
import { ConfigResolver, type LoadedConfig } from '../core/config-resolver';
import type { ResolvedConfig } from '../core/config';
import type { Locale } from '../core/messages';
import type { ServerHost } from './host';
import type { Settings } from './settings';

export type { LoadedConfig };

export class ServerConfigs {
  private readonly resolver: ConfigResolver;
  /** The config objects whose problems were last shown, by file (a new object means read again). */
  private shown = new Map<string, LoadedConfig>();

  constructor(
    private readonly host: ServerHost,
    /** The folder configs are looked up from for a document without a path (the first workspace folder). */
    private readonly fallbackDir: () => string | undefined,
    /** A config file was read (again): show its problems, or clear them. */
    private readonly onRead: (c: LoadedConfig) => void,
  ) {
    this.resolver = new ConfigResolver(host.configFiles, { invalid: 'defaults' });
  }

  /** The editor's display language: wins over a config's "locale". */
  locale: Locale | undefined;

  /**
   * The client watches parley.config.json files (the server registered a watcher): which config a
   * folder finds is cached until `changed()`, instead of walking up the folders at every lint.
   * The file found is still stamped at each use (an edit outside the workspace is seen too).
   */
  set watched(on: boolean) {
    this.resolver.cacheLookups = on;
  }

  /**
   * The lookups of the current turn of the event loop, by folder (dropped at its end): a keystroke
   * asks for its document's config five times in one go (the entry's size limit and ignores, the
   * lint, the locale of the publish and of the baseline), and without file watchers each lookup
   * walked up the folders (a file-system call per level).
   */
  private turn: Map<string, LoadedConfig> | undefined;

  /** Settings changed: severities of parley.rules and the locale apply from now on. */
  settingsChanged(settings: Settings): void {
    this.turn = undefined;
    this.resolver.configure(settings.rules, this.locale);
  }

  /** Config files changed on disk. */
  changed(): void {
    this.turn = undefined;
    this.resolver.clear();
  }

  /** The config that applies to a document (its name from host.keyOf), discovered as the CLI does. */
  forKey(key: string | undefined): LoadedConfig {
    const dir = key && this.host.isPath(key) ? this.host.dirname(key) : (this.fallbackDir() ?? this.host.cwd());
    let c = this.turn?.get(dir);
    if (!c) {
      c = this.resolver.forDir(dir);
      if (!this.turn) {
        this.turn = new Map();
        queueMicrotask(() => (this.turn = undefined));
      }
      this.turn.set(dir, c);
    }
    if (c.file && this.shown.get(c.file) !== c) {
      this.shown.set(c.file, c);
      this.onRead(c);
    }
    return c;
  }

  resolved(key: string | undefined): ResolvedConfig {
    return this.forKey(key).resolved;
  }

  /** Every config file read so far, as last read. */
  all(): LoadedConfig[] {
    return [...this.shown.values()];
  }
}
