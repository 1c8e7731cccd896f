/** A script's bytes from disk and their decoding. */
import { isUtf8 } from 'node:buffer';
import { notUtf8, ReadError, readBounded, type ScriptFile } from '../read';

/**
 * Decode a script's bytes: UTF-8 only (binary and invalid input refused with read.ts's messages),
 * BOM remembered so that --fix writes it back. Native validation and decoding: several times
 * faster than a fatal TextDecoder (which also drops the BOM before it can be noticed).
 */
export function decodeBytes(buf: Uint8Array, file: string): ScriptFile {
  if (buf.includes(0)) throw new ReadError(file, 'file-binary', 'binary');
  if (!isUtf8(buf)) throw notUtf8(file, buf);
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const bom = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
  const text = b.toString('utf8', bom ? 3 : 0); // a second U+FEFF after the BOM is text: kept
  return { path: file, text, bom };
}


/** Read a script's bytes: regular files only, at most maxFileSize bytes (read.ts). */
export function readBytes(file: string, maxSize: number): Buffer {
  return readBounded(file, maxSize);
}
