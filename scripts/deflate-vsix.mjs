// Re-compresses a .vsix (a zip) at deflate level 9, in place. vsce writes its entries with zlib's
// default level; level 9 makes the same archive ~1 % smaller (15 KB of Parley's 1.5 MB), which is
// what the .vsix ≤ 1.5 MB target of issue 8 was missing. Every entry keeps its name, bytes, CRC,
// times and attributes; only its compressed form changes, and only when level 9 is smaller.
//
// Safe by construction: each new entry is inflated again and compared with the original bytes, and
// the file is replaced (write to a temp file, then rename) only when every entry round-trips. An
// archive this script does not understand (zip64, encryption, a method other than stored/deflate)
// is left as it is, with a note on stderr.
//
// Usage: node scripts/deflate-vsix.mjs <file.vsix>     (run by `npm run package` after vsce)
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The re-compressed archive, or a reason why the input is kept as it is. */
export function deflateZip(zip) {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) { eocd = i; break; }
  }
  if (eocd < 0) return { reason: 'no end-of-central-directory record' };
  const count = zip.readUInt16LE(eocd + 10);
  const cdSize = zip.readUInt32LE(eocd + 12);
  const cdOffset = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) return { reason: 'zip64' };
  const locals = [];
  const centrals = [];
  let offset = 0;
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(p) !== CENTRAL) return { reason: `bad central directory entry ${n}` };
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const csize = zip.readUInt32LE(p + 20);
    const usize = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const localAt = zip.readUInt32LE(p + 42);
    const entryEnd = p + 46 + nameLen + extraLen + commentLen;
    if (flags & 1) return { reason: 'encrypted entry' };
    if (method !== 0 && method !== 8) return { reason: `compression method ${method}` };
    if (csize === 0xffffffff || usize === 0xffffffff || localAt === 0xffffffff) return { reason: 'zip64' };
    if (zip.readUInt32LE(localAt) !== LOCAL) return { reason: `bad local header of entry ${n}` };
    const lName = zip.readUInt16LE(localAt + 26);
    const lExtra = zip.readUInt16LE(localAt + 28);
    const dataAt = localAt + 30 + lName + lExtra;
    const stored = zip.subarray(dataAt, dataAt + csize);
    const plain = method === 8 ? inflateRawSync(stored) : stored;
    if (plain.length !== usize) return { reason: `entry ${n} inflates to ${plain.length} bytes, not ${usize}` };
    let data = stored;
    if (method === 8) {
      const best = deflateRawSync(plain, { level: 9, memLevel: 9 });
      if (best.length < stored.length) {
        if (!inflateRawSync(best).equals(plain)) return { reason: `entry ${n} does not round-trip` };
        data = best;
      }
    }
    // The local header as it was, without a data descriptor (bit 3): its sizes and CRC are written in it.
    const local = Buffer.from(zip.subarray(localAt, dataAt));
    local.writeUInt16LE(flags & ~8, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(usize, 22);
    const central = Buffer.from(zip.subarray(p, entryEnd));
    central.writeUInt16LE(flags & ~8, 8);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(offset, 42);
    locals.push(local, data);
    centrals.push(central);
    offset += local.length + data.length;
    p = entryEnd;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.from(zip.subarray(eocd));
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return { zip: Buffer.concat([...locals, cd, end]) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node scripts/deflate-vsix.mjs <file.vsix>');
    process.exit(2);
  }
  const before = readFileSync(file);
  const result = deflateZip(before);
  if (!result.zip) {
    console.error(`deflate-vsix: ${file} kept as vsce wrote it (${result.reason})`);
  } else if (result.zip.length < before.length) {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, result.zip);
    renameSync(tmp, file);
    console.error(`deflate-vsix: ${file} ${before.length} -> ${result.zip.length} bytes (deflate level 9)`);
  }
}
