/** Expanding the CLI's paths and globs, honouring .gitignore and the config's ignore globs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore from 'ignore';
import { glob, isDynamicPattern } from 'tinyglobby';
import { readBounded } from './read';

const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];
/** A .gitignore larger than this is not read (a link to a device, say): nothing is ignored by it. */
const GITIGNORE_MAX = 4 * 2 ** 20;

function gitignoreFilter(cwd: string): (rel: string) => boolean {
  const ig = ignore();
  const file = path.join(cwd, '.gitignore');
  if (fs.existsSync(file)) {
    try {
      ig.add(readBounded(file, GITIGNORE_MAX, 'the .gitignore limit').toString('utf8'));
    } catch {
      /* unreadable, special or huge .gitignore: nothing ignored */
    }
  }
  return (rel) => !rel.startsWith('..') && !path.isAbsolute(rel) && rel !== '' && ig.ignores(rel.split(path.sep).join('/'));
}

interface Expanded {
  files: string[];
  /** Patterns that matched nothing. */
  unmatched: string[];
  /** Files named on the command line (not through a folder or a glob). */
  explicit: Set<string>;
  /** The folders the run covers, as real paths (--fix writes only inside them). */
  roots: string[];
}

function realOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** The folder a glob starts from (its segments before the first dynamic one). */
function globBase(p: string, cwd: string): string {
  const parts = p.split(/[\\/]/);
  const fixed: string[] = [];
  for (const seg of parts.slice(0, -1)) {
    if (isDynamicPattern(seg)) break;
    fixed.push(seg);
  }
  return path.resolve(cwd, fixed.join('/') || '.');
}

/**
 * Expand patterns (files, folders, globs) to absolute script paths, sorted and unique — unique by
 * real path: a file reachable twice (a folder linked into itself, `loop -> .`) is linted once, under
 * the path that does not go through a link when there is one, else the first in order.
 */
export async function expandPatterns(patterns: string[], cwd: string): Promise<Expanded> {
  const ignored = gitignoreFilter(cwd);
  const out = new Set<string>();
  const unmatched: string[] = [];
  const explicit = new Set<string>();
  const roots = new Set<string>([realOr(cwd)]);
  const list = patterns.length ? patterns : ['**/*.parley'];
  for (const p of list) {
    const abs = path.resolve(cwd, p);
    let found: string[] = [];
    if (!isDynamicPattern(p) && fs.existsSync(abs)) {
      if (fs.statSync(abs).isDirectory()) {
        roots.add(realOr(abs));
        found = await glob('**/*.parley', { cwd: abs, absolute: true, ignore: ALWAYS_IGNORED, dot: false });
        found = found.filter((f) => !ignored(path.relative(cwd, f)));
      } else {
        found = [abs]; // an explicit file is always linted (devices and FIFOs are reported, not read)
        explicit.add(path.normalize(abs));
        roots.add(realOr(path.dirname(abs)));
      }
    } else {
      roots.add(realOr(globBase(p, cwd)));
      found = await glob(p, { cwd, absolute: true, ignore: ALWAYS_IGNORED, dot: false });
      found = found.filter((f) => !ignored(path.relative(cwd, f)));
    }
    if (!found.length) unmatched.push(p);
    for (const f of found) out.add(path.normalize(f));
  }
  const byReal = new Map<string, string>();
  const direct = new Map<string, boolean>();
  const isDirect = (f: string) => {
    // The file's folder is reached without a link (the file itself may be one).
    const dir = path.dirname(f);
    let d = direct.get(dir);
    if (d === undefined) direct.set(dir, (d = realOr(dir) === dir));
    return d;
  };
  for (const f of [...out].sort()) {
    const real = realOr(f);
    const seen = byReal.get(real);
    if (seen === undefined || (!isDirect(seen) && isDirect(f))) byReal.set(real, f);
  }
  return { files: [...byReal.values()].sort(), unmatched, explicit, roots: [...roots] };
}

/** Does a config's `ignore` list exclude this file? */
export function configIgnores(globs: string[], configDir: string, file: string): boolean {
  if (!globs.length) return false;
  const rel = path.relative(configDir, file);
  if (rel.startsWith('..')) return false;
  return ignore().add(globs).ignores(rel.split(path.sep).join('/'));
}
