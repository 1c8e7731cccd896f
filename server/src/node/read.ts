/**
 * Reading files: regular files only, never more than a limit (whatever `stat` says), UTF-8 only
 * for scripts, BOM remembered, binary and non-UTF-8 input refused clearly.
 *
 * Every file-level problem has an id (the finding ids of FORMAT's file-level findings):
 * `file-unreadable`, `file-special` (a device, FIFO or socket: never opened for reading),
 * `file-too-large`, `file-binary`, `file-encoding`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodingProblem, fileProblemMessage, type FileProblemId } from '../core/file-problems';
import type { Locale, MessageData } from '../core/messages';

export type { FileProblemId };

export interface ScriptFile {
  path: string;
  /** Text without BOM (a second U+FEFF after the BOM is text, and kept). */
  text: string;
  bom: boolean;
}

/**
 * A file that cannot be linted: a file-level finding with its id and message (core/file-problems).
 * `message` is English with the path (logs); `text(locale)` is the finding's message.
 */
export class ReadError extends Error {
  constructor(
    readonly file: string,
    readonly id: FileProblemId,
    readonly messageId: string,
    readonly data?: MessageData,
  ) {
    super(`${file}: ${fileProblemMessage(id, messageId, data, 'en')}`);
  }
  text(locale: Locale): string {
    return fileProblemMessage(this.id, this.messageId, this.data, locale);
  }
}

let gb: { decode(b: Uint8Array): string } | undefined | null;
/** A fatal GB18030 decoder, when this Node has the encoding (full ICU); undefined when not. */
function gb18030Decoder(): { decode(b: Uint8Array): string } | undefined {
  if (gb === undefined) {
    try {
      gb = new TextDecoder('gb18030', { fatal: true });
    } catch {
      gb = null;
    }
  }
  return gb ?? undefined;
}

/** The error for bytes that are not UTF-8: recognises GBK/GB18030 and says how to convert. */
export function notUtf8(file: string, buf: Uint8Array): ReadError {
  const kind = encodingProblem(buf, gb18030Decoder());
  return new ReadError(file, 'file-encoding', kind, kind === 'gb18030' ? { file: shellWord(file) } : undefined);
}

/** A file's name as one shell word (for the iconv command in the message). */
function shellWord(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return /^[\w.\-\u4e00-\u9fff]+$/.test(base) ? base : `'${base.replace(/'/g, `'\\''`)}'`;
}

/** A ReadError for an fs error (stat, open or read). */
function fsError(file: string, e: unknown): ReadError {
  if (e instanceof ReadError) return e;
  return new ReadError(file, 'file-unreadable', 'unreadable', { code: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeScript(buf: Uint8Array, file: string): ScriptFile {
  if (buf.includes(0)) throw new ReadError(file, 'file-binary', 'binary');
  let text: string;
  try {
    text = decoder.decode(buf);
  } catch {
    throw notUtf8(file, buf);
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  return { path: file, text: bom ? text.slice(1) : text, bom };
}

/** What a non-regular file is: the message id of its file-level finding (file-special's, or file-unreadable's `directory`). */
function specialKind(st: fs.Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return 'directory';
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice()) return 'char-device';
  if (st.isBlockDevice()) return 'block-device';
  return 'other';
}

function notRegular(file: string, kind: string): ReadError {
  return kind === 'directory' ? new ReadError(file, 'file-unreadable', 'directory') : new ReadError(file, 'file-special', kind);
}

/** Throws unless `file` (symbolic links followed) is a regular file. */
function assertRegular(file: string): fs.Stats {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    throw fsError(file, e);
  }
  const kind = specialKind(st);
  if (kind) throw notRegular(file, kind);
  return st;
}

/**
 * Read at most `maxSize` bytes of a regular file. Devices, FIFOs and sockets are refused before
 * they are opened (and again on the open descriptor, in case the path was swapped meanwhile); the
 * read stops after `maxSize + 1` bytes whatever `stat` said, so a file that grows, or lies about
 * its size, cannot make a run read without end. `what` names the limit in the message.
 */
export function readBounded(file: string, maxSize: number, what = 'maxFileSize'): Buffer {
  const st0 = assertRegular(file);
  if (st0.size > maxSize) throw new ReadError(file, 'file-too-large', 'large', { size: st0.size, max: maxSize, what });
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0));
  } catch (e) {
    throw fsError(file, e);
  }
  try {
    const st = fs.fstatSync(fd);
    const kind = specialKind(st);
    if (kind) throw notRegular(file, kind);
    const cap = Number.isFinite(maxSize) ? maxSize + 1 : Infinity;
    let buf = Buffer.allocUnsafe(Math.max(1, Math.min(st.size + 1, cap, 1 << 30)));
    let len = 0;
    for (;;) {
      if (len === buf.length) {
        if (len >= cap) break;
        const next = Buffer.allocUnsafe(Math.min(cap, Math.max(len * 2, 1 << 16)));
        buf.copy(next, 0, 0, len);
        buf = next;
      }
      let n: number;
      try {
        n = fs.readSync(fd, buf, len, buf.length - len, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') throw new ReadError(file, 'file-special', 'no-data');
        throw fsError(file, e);
      }
      if (n === 0) break;
      len += n;
    }
    if (len > maxSize) throw new ReadError(file, 'file-too-large', 'grew', { max: maxSize, what });
    return buf.subarray(0, len);
  } finally {
    fs.closeSync(fd);
  }
}

export function readScript(file: string, maxSize = Infinity): ScriptFile {
  return decodeScript(readBounded(file, maxSize), file);
}

/** Temporary files this process has created and not yet renamed or removed (cleaned on a signal). */
export const liveTempFiles = new Set<string>();
let tempCounter = 0;

interface WriteOptions {
  /** The file as it was read: written only if it still has these bytes (hash) right before the rename. */
  expect?: { size: number; mtimeMs: number; hash: (b: Uint8Array) => string; digest: string };
  /** Test seam: runs when the temporary file is written, just before the compare and the rename. */
  beforeRename?: () => void;
}

/**
 * Write a file atomically: temp file in the same folder, then rename. Keeps the file's mode
 * (exactly, whatever the umask: setuid/setgid/sticky bits too) and, when run as root, its owner.
 * With `expect`, the file is compared (size, mtime, content hash) right before the rename, and
 * nothing is written if another process changed it meanwhile.
 */
export function writeAtomic(file: string, content: string | Uint8Array, opts: WriteOptions = {}): void {
  const st = fs.statSync(file);
  const tmp = `${file}.parley-${process.pid}-${++tempCounter}.tmp`;
  liveTempFiles.add(tmp);
  try {
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, content);
      fs.fchmodSync(fd, st.mode & 0o7777);
      if (typeof process.getuid === 'function' && process.getuid() === 0 && (st.uid !== 0 || st.gid !== 0)) {
        fs.fchownSync(fd, st.uid, st.gid);
        fs.fchmodSync(fd, st.mode & 0o7777); // chown clears setuid/setgid
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    opts.beforeRename?.();
    if (opts.expect) {
      const now = fs.statSync(file);
      const e = opts.expect;
      if (now.size !== e.size || now.mtimeMs !== e.mtimeMs || e.hash(fs.readFileSync(file)) !== e.digest) throw new ConcurrentWriteError(file);
    }
    fs.renameSync(tmp, file);
    liveTempFiles.delete(tmp);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    liveTempFiles.delete(tmp);
    throw e;
  }
}

/** The temporary files writeAtomic names: `<file>.parley-<pid>-<n>.tmp`. */
const TEMP_NAME = /^(.+)\.parley-(\d{1,10})-(\d{1,16})\.tmp$/;

/** Whether a process with this id exists (one of another user's too); this process counts as alive. */
function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove the temporary files a `--fix` killed by SIGKILL (which cannot be caught) left next to the
 * scripts it was writing, and return their paths. Only writeAtomic's own names
 * (`<script>.parley-<pid>-<n>.tmp`) for a script of `files`, in that script's folder, inside
 * `roots` (real paths; the linted folders), regular files (not links), of a process that is no
 * longer alive — the temporary file of a Parley still running (this one, or another) is left alone.
 * Nothing that fails here stops the run.
 */
export function removeStaleTemps(files: string[], roots?: string[]): string[] {
  const byDir = new Map<string, Set<string>>();
  for (const f of files) {
    const dir = path.dirname(f);
    let names = byDir.get(dir);
    if (!names) byDir.set(dir, (names = new Set()));
    names.add(path.basename(f));
  }
  const removed: string[] = [];
  for (const [dir, names] of byDir) {
    try {
      if (roots) {
        const real = fs.realpathSync(dir);
        if (!roots.some((r) => real === r || real.startsWith(r.endsWith(path.sep) ? r : r + path.sep))) continue;
      }
      for (const entry of fs.readdirSync(dir)) {
        const m = TEMP_NAME.exec(entry);
        if (!m || !names.has(m[1])) continue;
        const pid = Number(m[2]);
        if (!(pid > 0 && pid < 2 ** 31) || processAlive(pid)) continue;
        const p = path.join(dir, entry);
        try {
          if (!fs.lstatSync(p).isFile()) continue;
          fs.unlinkSync(p);
          removed.push(p);
        } catch {
          /* gone meanwhile, or not ours to remove: leave it */
        }
      }
    } catch {
      /* an unreadable folder: nothing to clean there */
    }
  }
  return removed.sort();
}

export class ConcurrentWriteError extends Error {
  readonly code = 'ECHANGED';
  constructor(readonly file: string) {
    super(`${file}: file changed while Parley was running`);
  }
}
