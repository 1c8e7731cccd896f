/**
 * The language server's host in a browser (vscode.dev, github.dev, code-server's web-worker
 * extension host): there is no disk, only the documents the editor opens. So: no
 * parley.config.json discovery (the built-in defaults and the `parley.*` settings apply), no
 * scan of closed files (cross-file rules see the open documents), no suppressions baseline, and
 * rule hovers show the rule's description without its page. README.md "In the browser" says so.
 */
import type { ConfigFiles } from '../core/config-resolver';
import type { Finding } from '../core/types';
import type { ServerHost } from './host';
import { DEFAULT_LOCALE, type Locale, tr } from '../core/messages';

export class BrowserServerHost implements ServerHost {
  constructor(readonly version: string) {}

  keyOf(uri: string): string {
    return uri;
  }

  uriOf(key: string): string {
    return key;
  }

  isPath(): boolean {
    return false;
  }

  dirname(key: string): string {
    const i = key.lastIndexOf('/');
    return i > 0 ? key.slice(0, i) : key;
  }

  basename(key: string): string {
    return key.slice(key.lastIndexOf('/') + 1);
  }

  relativeInside(): string | undefined {
    return undefined;
  }

  isUnder(key: string, folder: string): boolean {
    return key === folder || key.startsWith(folder.endsWith('/') ? folder : folder + '/');
  }

  cwd(): string {
    return '/';
  }

  /** No disk, no configs: the defaults and the parley.* settings apply. */
  readonly configFiles: ConfigFiles = {
    find: () => undefined,
    exists: () => false,
    read: (file) => {
      throw new Error(`${file}: configs cannot be read in the browser`);
    },
    dirname: (file) => this.dirname(file),
  };

  readText(): string | undefined {
    return undefined;
  }

  configIgnores(): boolean {
    return false;
  }

  async listScripts(): Promise<string[]> {
    return [];
  }

  exists(): boolean {
    return false;
  }

  readScript(file: string, _limit: number, locale: Locale = DEFAULT_LOCALE): { error: string } {
    return { error: locale === 'en' ? `${file}: files are not read from disk in the browser` : `${file}${tr(locale, '：浏览器中不从磁盘读取文件', '')}` };
  }

  underBaseline(_key: string, findings: Finding[]): Finding[] {
    return findings;
  }

  baselinesChanged(): void {}

  ruleDoc(): string | undefined {
    return undefined;
  }
}
