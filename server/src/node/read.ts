/** Reading script files: UTF-8 only, BOM remembered, binary and non-UTF-8 input refused clearly. */
import * as fs from 'node:fs';

export interface ScriptFile {
  path: string;
  /** Text without BOM. */
  text: string;
  bom: boolean;
}

export class ReadError extends Error {}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeScript(buf: Uint8Array, file: string): ScriptFile {
  if (buf.includes(0)) throw new ReadError(`${file}: binary file (contains NUL bytes), not a Parley script`);
  let text: string;
  try {
    text = decoder.decode(buf);
  } catch {
    throw new ReadError(`${file}: not valid UTF-8; save the script as UTF-8`);
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  return { path: file, text: bom ? text.slice(1) : text, bom };
}

export function readScript(file: string, maxSize = Infinity): ScriptFile {
  let buf: Buffer;
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw new ReadError(`${file}: is a directory`);
    if (st.size > maxSize) throw new ReadError(`${file}: ${st.size} bytes is larger than maxFileSize (${maxSize}); not linted`);
    buf = fs.readFileSync(file);
  } catch (e) {
    if (e instanceof ReadError) throw e;
    throw new ReadError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return decodeScript(buf, file);
}

/** Write a file atomically: temp file in the same folder, then rename. Keeps the file's mode. */
export function writeAtomic(file: string, content: string): void {
  const st = fs.statSync(file);
  const tmp = `${file}.parley-${process.pid}-${Date.now()}.tmp`;
  try {
    fs.writeFileSync(tmp, content, { mode: st.mode });
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    throw e;
  }
}
