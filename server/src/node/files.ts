/** Expanding the CLI's paths and globs, honouring .gitignore and the config's ignore globs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore from 'ignore';
import { glob, isDynamicPattern } from 'tinyglobby';

const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];

function gitignoreFilter(cwd: string): (rel: string) => boolean {
  const ig = ignore();
  const file = path.join(cwd, '.gitignore');
  if (fs.existsSync(file)) {
    try {
      ig.add(fs.readFileSync(file, 'utf8'));
    } catch {
      /* unreadable .gitignore: nothing ignored */
    }
  }
  return (rel) => !rel.startsWith('..') && !path.isAbsolute(rel) && rel !== '' && ig.ignores(rel.split(path.sep).join('/'));
}

export interface Expanded {
  files: string[];
  /** Patterns that matched nothing. */
  unmatched: string[];
}

/** Expand patterns (files, folders, globs) to absolute script paths, sorted and unique. */
export async function expandPatterns(patterns: string[], cwd: string): Promise<Expanded> {
  const ignored = gitignoreFilter(cwd);
  const out = new Set<string>();
  const unmatched: string[] = [];
  const list = patterns.length ? patterns : ['**/*.parley'];
  for (const p of list) {
    const abs = path.resolve(cwd, p);
    let found: string[] = [];
    if (!isDynamicPattern(p) && fs.existsSync(abs)) {
      if (fs.statSync(abs).isDirectory()) {
        found = await glob('**/*.parley', { cwd: abs, absolute: true, ignore: ALWAYS_IGNORED, dot: false });
        found = found.filter((f) => !ignored(path.relative(cwd, f)));
      } else found = [abs]; // an explicit file is always linted
    } else {
      found = await glob(p, { cwd, absolute: true, ignore: ALWAYS_IGNORED, dot: false });
      found = found.filter((f) => !ignored(path.relative(cwd, f)));
    }
    if (!found.length) unmatched.push(p);
    for (const f of found) out.add(path.normalize(f));
  }
  return { files: [...out].sort(), unmatched };
}

/** Does a config's `ignore` list exclude this file? */
export function configIgnores(globs: string[], configDir: string, file: string): boolean {
  if (!globs.length) return false;
  const rel = path.relative(configDir, file);
  if (rel.startsWith('..')) return false;
  return ignore().add(globs).ignores(rel.split(path.sep).join('/'));
}
