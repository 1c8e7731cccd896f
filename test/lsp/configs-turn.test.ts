/** lsp/configs.ts: a document's config is looked up on disk once per turn of the event loop, however often a keystroke asks. */
import { describe, expect, it } from 'vitest';
import { ServerConfigs } from '../../server/src/lsp/configs';
import type { ServerHost } from '../../server/src/lsp/host';

function host(files: Map<string, string>) {
  const walked: string[] = [];
  const dirname = (f: string) => f.slice(0, f.lastIndexOf('/')) || '/';
  const h = {
    isPath: (k: string) => k.startsWith('/'),
    dirname,
    cwd: () => '/',
    configFiles: {
      find(dir: string) {
        walked.push(dir);
        for (let d = dir; ; d = dirname(d)) {
          if (files.has(`${d}/parley.config.json`)) return `${d}/parley.config.json`;
          if (d === '/') return undefined;
        }
      },
      exists: (f: string) => files.has(f),
      stamp: (f: string) => (files.has(f) ? files.get(f)! : 'missing'),
      read: (f: string) => JSON.parse(files.get(f)!),
      dirname,
    },
  };
  return { host: h as unknown as ServerHost, walked };
}

describe('ServerConfigs', () => {
  it('walks the folders once per turn for a folder asked several times, and again in the next turn', async () => {
    const files = new Map<string, string>();
    const { host: h, walked } = host(files);
    const c = new ServerConfigs(h, () => undefined, () => undefined);
    for (let i = 0; i < 5; i++) expect(c.forKey('/w/a/doc.parley').file).toBeUndefined();
    c.forKey('/w/b/doc.parley');
    expect(walked).toEqual(['/w/a', '/w/b']);
    // A config made meanwhile is found in the next turn.
    files.set('/w/parley.config.json', '{"locale":"en"}');
    await Promise.resolve();
    expect(c.forKey('/w/a/doc.parley').file).toBe('/w/parley.config.json');
    expect(walked).toEqual(['/w/a', '/w/b', '/w/a']);
    // A change on disk said by the watcher is seen at once, in the same turn too.
    files.delete('/w/parley.config.json');
    c.changed();
    expect(c.forKey('/w/a/doc.parley').file).toBeUndefined();
  });
});
