/**
 * Rule documentation pages read from disk beside the bundle, as the CLI does: Chinese pages in
 * docs/rules/<id>.md, English ones in docs/en/rules/<id>.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locale } from '../core/messages';

/** The folder of a locale's pages below docs/. */
const SUB: Record<Locale, string[]> = { zh: ['rules'], en: ['en', 'rules'] };

/** dist/server.js → <package>/docs/…; server/src/lsp/*.ts (tests from source) → <repo>/docs/…. */
export function docsFolder(locale: Locale = 'zh'): string | undefined {
  for (const base of [path.join(__dirname, '..', 'docs'), path.join(__dirname, '..', '..', '..', 'docs')]) {
    const p = path.join(base, ...SUB[locale]);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

const cache = new Map<string, string | undefined>();

/** The Markdown of a rule's page in a locale, or undefined when that page is not installed. Cached (pages ship with the server). */
export function readRuleDoc(id: string, locale: Locale = 'zh'): string | undefined {
  if (!/^[a-z0-9-]+$/.test(id)) return undefined;
  const key = `${locale}:${id}`;
  if (cache.has(key)) return cache.get(key);
  let text: string | undefined;
  const folder = docsFolder(locale);
  if (folder) {
    try {
      text = fs.readFileSync(path.join(folder, `${id}.md`), 'utf8');
    } catch {
      text = undefined;
    }
  }
  cache.set(key, text);
  return text;
}
