/**
 * The CLI's standard output and error, written with fs.writeSync while each is a file, a pipe or
 * a socket (or /dev/null), and through process.stdout / process.stderr otherwise (a terminal, another
 * device, Windows).
 *
 * Reading process.stdout or process.stderr makes Node load its streams (stream, and net for a
 * pipe): about twenty modules, a tenth of a one-file lint, and for a clean script that prints
 * nothing they were the only use. So neither is touched until something is written, and then only
 * where a plain write would not do: a terminal (colours, Windows' console), or a write refused
 * with EAGAIN (a non-blocking pipe: from there on that output goes through its stream, in order).
 */
import * as fs from 'node:fs';

type Fd = 1 | 2;

/** Per fd: undefined until first used; 'direct' (fs.writeSync) or 'stream'. */
const mode: Record<Fd, 'direct' | 'stream' | undefined> = { 1: undefined, 2: undefined };
const hooked: Record<Fd, boolean> = { 1: false, 2: false };
const onError: Record<Fd, ((e: NodeJS.ErrnoException) => void) | undefined> = { 1: undefined, 2: undefined };

function modeOf(fd: Fd): 'direct' | 'stream' {
  let m = mode[fd];
  if (m === undefined) {
    m = 'stream';
    if (process.platform !== 'win32') {
      try {
        const st = fs.fstatSync(fd);
        if (st.isFile() || st.isFIFO() || st.isSocket()) m = 'direct';
        else if (st.isCharacterDevice()) {
          // /dev/null (`parley lint … >/dev/null` for the exit code alone) is no terminal either.
          const nul = fs.statSync('/dev/null');
          if (st.rdev === nul.rdev && st.ino === nul.ino) m = 'direct';
        }
      } catch {
        /* closed or unknown: the stream decides */
      }
    }
    mode[fd] = m;
  }
  return m;
}

function stream(fd: Fd): NodeJS.WriteStream {
  const s = fd === 1 ? process.stdout : process.stderr;
  if (!hooked[fd]) {
    hooked[fd] = true;
    s.on('error', (e: NodeJS.ErrnoException) => onError[fd]?.(e));
  }
  return s;
}

/**
 * What to do when a write to `fd` fails, however it is written (a stream reports it as an
 * 'error' event, a direct write throws): set before the first write.
 */
export function onWriteError(fd: Fd, handler: (e: NodeJS.ErrnoException) => void): void {
  onError[fd] = handler;
}

/**
 * Write `data` to `fd`. True when it is all written already (the caller may free its buffer);
 * false when part of it is still queued in the stream, or the write failed (then the error
 * handler has been called, synchronously or later).
 */
export function writeOut(fd: Fd, data: string | Uint8Array): boolean {
  if (data.length === 0) return true;
  if (modeOf(fd) === 'direct') {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    try {
      while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') {
        onError[fd]?.(e as NodeJS.ErrnoException);
        return false;
      }
      // A non-blocking pipe that is full: the rest, and all that follows, through the stream.
      mode[fd] = 'stream';
      data = bytes.subarray(off);
    }
  }
  const s = stream(fd);
  try {
    s.write(data);
  } catch (e) {
    onError[fd]?.(e as NodeJS.ErrnoException); // a synchronous stream (a file) throws here
    return false;
  }
  return s.writableLength === 0;
}

/**
 * Write `parts` to `fd`, in order, as writeOut would write them joined, without joining them (one
 * writev per call to the kernel while `fd` takes direct writes). True when all is written already
 * (the caller may free the parts' buffers); false as for writeOut.
 */
export function writeOutParts(fd: Fd, parts: Uint8Array[]): boolean {
  let i = 0; // the first part not yet written whole
  let off = 0; // how much of parts[i] is written
  if (modeOf(fd) === 'direct') {
    try {
      while (i < parts.length) {
        const batch = parts.slice(i, i + 1024); // (IOV_MAX)
        if (off) batch[0] = batch[0].subarray(off);
        let n = fs.writevSync(fd, batch);
        // (a short write: on from where it stopped)
        while (i < parts.length && n >= parts[i].length - off) {
          n -= parts[i].length - off;
          i++;
          off = 0;
        }
        off += n;
      }
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') {
        onError[fd]?.(e as NodeJS.ErrnoException);
        return false;
      }
      mode[fd] = 'stream'; // a non-blocking pipe that is full: the rest through the stream (writeOut)
    }
  }
  let written = true;
  for (; i < parts.length; i++, off = 0) {
    const rest = off ? parts[i].subarray(off) : parts[i];
    written = writeOut(fd, rest) && written;
  }
  return written;
}

/** Whether standard output is a terminal (without making its stream when it is a file or a pipe). */
export function stdoutIsTTY(): boolean {
  return modeOf(1) === 'stream' && !!process.stdout.isTTY;
}
