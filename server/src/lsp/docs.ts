/** Rule documentation pages (docs/rules/<id>.md) read from disk beside the bundle, as the CLI does. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** dist/server.js → <package>/docs/rules; server/src/lsp/*.ts (tests from source) → <repo>/docs/rules. */
export function docsFolder(): string | undefined {
  for (const p of [path.join(__dirname, '..', 'docs', 'rules'), path.join(__dirname, '..', '..', '..', 'docs', 'rules')]) {
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

const cache = new Map<string, string | undefined>();

/** The Markdown of a rule's page, or undefined when the docs are not installed. Cached (pages ship with the server). */
export function readRuleDoc(id: string): string | undefined {
  if (!/^[a-z0-9-]+$/.test(id)) return undefined;
  if (cache.has(id)) return cache.get(id);
  let text: string | undefined;
  const folder = docsFolder();
  if (folder) {
    try {
      text = fs.readFileSync(path.join(folder, `${id}.md`), 'utf8');
    } catch {
      text = undefined;
    }
  }
  cache.set(id, text);
  return text;
}
