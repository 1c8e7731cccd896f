/**
 * `parley lint --shard i/n`: this runner's share of the files, for CI matrices. The share of a
 * file is decided by a stable hash of its path relative to the working directory (POSIX
 * separators), so it is the same on every runner and every system, and a file keeps its shard when
 * others are added or removed (a per-shard --cache stays warm). Every file is still read and
 * indexed: cross-file rules see all titles and jumps, and the union of the n shards' results is
 * the full run's.
 */
import * as path from 'node:path';
import { fill, type Locale, tr } from '../core/messages';
import { crypto } from '../node/cache';

interface ShardSpec {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parse "i/n" (1 ≤ i ≤ n); a string is the error message. */
export function parseShard(s: string, locale: Locale = 'en'): ShardSpec | string {
  const m = /^(\d+)\/(\d+)$/.exec(s.trim());
  if (!m) return locale === 'en' ? `--shard needs "i/n" (e.g. 1/4), got "${s}"` : fill(tr(locale, '--shard 需要「i/n」形式（例如 1/4），收到「{{s}}」', ''), { s }, locale);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) return locale === 'en' ? `--shard ${s}: i must be between 1 and n` : fill(tr(locale, '--shard {{s}}：i 应在 1 到 n 之间', ''), { s }, locale);
  return { index, count };
}

/** The shard (1-based) of a file among `count`. */
export function shardOf(file: string, cwd: string, count: number): number {
  const rel = path.relative(cwd, file).split(path.sep).join('/');
  const h = crypto().createHash('sha1').update(rel).digest();
  return (h.readUInt32BE(0) % count) + 1;
}

/** The predicate lintFilesAsync's `only` takes. */
export function inShard(spec: ShardSpec, cwd: string): (file: string) => boolean {
  return (file) => shardOf(file, cwd, spec.count) === spec.index;
}
