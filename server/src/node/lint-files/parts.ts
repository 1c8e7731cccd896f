/**
 * Step 2's messages kept until step 4 as parts (see shard.ts, lintEarly): a message's JSON is its
 * head — rule, severity, message, message id and data — then its positions, then its fix or
 * suggestions. Heads repeat wherever a line's text repeats (the reference corpus: 310 k messages,
 * 16 k distinct heads), so a shard keeps each distinct head once, as JSON, and a message as a few
 * numbers; step 4 writes the JSON again from them, exactly `JSON.stringify(messages)`. This
 * replaced compressing the JSON (Brotli), which cost a tenth of a large run's CPU to pack and
 * unpack.
 */
import type { Message } from '../../cli/formatters/types';

/** Numbers per message: head, line, column, end line, end column, tail, fix start, fix end. */
const REC = 8;
const NO_TAIL = -1;
const POSITIONS = ['line', 'column', 'endLine', 'endColumn'] as const;
/** Heads compared by their values per message text; others are found by their JSON. */
const HEADS_PER_MESSAGE = 8;

/** A head already kept: its keys and values (compared to find it again without writing JSON). */
interface Head {
  keys: string[];
  values: unknown[];
  /** The keys of each value that is a plain object. */
  objectKeys: (string[] | undefined)[];
  id: number;
}

/** A shard's distinct heads and tails, and the messages of its files as records over them. */
export class MessageParts {
  /** Heads by their `message` text (the part that varies most). */
  private heads = new Map<string, Head[]>();
  /** Fix texts (as written, not JSON) and tails (JSON) to their ids. */
  private fixTexts = new Map<string, number>();
  private tails = new Map<string, number>();
  /** Heads by their JSON (those not found by their message text). */
  private headsByJson = new Map<string, number>();
  /** The JSON of each head (with the comma that follows it), fix text and tail, by id. */
  private texts: string[] = [];
  /** UTF-16 units held in `texts`. */
  private units = 0;
  constructor(
    /** Units the table may hold; once beyond, keep() refuses every file (the caller keeps it otherwise). */
    private readonly maxUnits: number,
  ) {}

  private add(json: string): number {
    this.texts.push(json);
    this.units += json.length;
    return this.texts.length - 1;
  }

  /**
   * The messages as records, or undefined when one of them has another shape than a head, the
   * four integer positions in this order and a tail, or the table is full: then the caller keeps
   * the file's JSON otherwise.
   */
  keep(messages: readonly Message[]): Int32Array | undefined {
    if (this.units >= this.maxUnits) return undefined;
    const out = new Int32Array(messages.length * REC);
    for (let i = 0; i < messages.length; i++) if (!this.split(messages[i] as unknown as Record<string, unknown>, out, i * REC)) return undefined;
    return out;
  }

  /** Exactly JSON.stringify(messages) of the messages `keep` made `records` from. */
  json(records: Int32Array): string {
    const t = this.texts;
    let s = '[';
    for (let o = 0; o < records.length; o += REC) {
      if (o) s += ',';
      s += '{' + t[records[o]] + '"line":' + records[o + 1] + ',"column":' + records[o + 2] + ',"endLine":' + records[o + 3] + ',"endColumn":' + records[o + 4];
      const tail = records[o + 5];
      if (tail !== NO_TAIL) s += tail & 1 ? ',' + t[tail >> 1] : ',"fix":{"range":[' + records[o + 6] + ',' + records[o + 7] + '],"text":' + t[tail >> 1] + '}';
      s += '}';
    }
    return s + ']';
  }

  /**
   * One message into `out` at `o`: its keys before `line` as a head, the four positions, and the
   * keys after `endColumn` as a tail: a fix alone by its text and range, anything else as one JSON
   * text. False when the message has another shape. (Keys walked with for…in, on plain objects
   * only, so that a message whose head is known allocates nothing.)
   */
  private split(m: Record<string, unknown>, out: Int32Array, o: number): boolean {
    if (Object.getPrototypeOf(m) !== Object.prototype) return false;
    let phase = 0; // 0: head, 1–4: positions, 5: tail
    let nHead = 0;
    let tailDefined = 0;
    for (const key in m) {
      if (phase === 0) {
        if (key !== 'line') {
          nHead++;
          continue;
        }
        phase = 1;
      }
      if (phase <= 4) {
        const v = m[key];
        if (key !== POSITIONS[phase - 1] || !isInt32(v)) return false;
        out[o + phase++] = v;
        continue;
      }
      if (m[key] !== undefined) tailDefined++;
    }
    if (phase !== 5) return false;
    out[o] = this.headId(m, nHead);
    if (tailDefined === 0) {
      out[o + 5] = NO_TAIL;
      return true;
    }
    const fix = m.fix as Message['fix'];
    if (tailDefined === 1 && fix !== undefined && isPlainFix(fix)) {
      let id = this.fixTexts.get(fix.text);
      if (id === undefined) this.fixTexts.set(fix.text, (id = this.add(JSON.stringify(fix.text))));
      out[o + 5] = id * 2;
      out[o + 6] = fix.range[0];
      out[o + 7] = fix.range[1];
      return true;
    }
    const tail: Record<string, unknown> = {};
    let k = 0;
    for (const key in m) if (k++ >= nHead + 4) tail[key] = m[key];
    const json = JSON.stringify(tail);
    let id = this.tails.get(json);
    if (id === undefined) this.tails.set(json, (id = this.add(json.slice(1, -1))));
    out[o + 5] = id * 2 + 1;
    return true;
  }

  /** The id of the head of `m` (its first `nHead` keys), kept on first sight. */
  private headId(m: Record<string, unknown>, nHead: number): number {
    const key = typeof m.message === 'string' ? m.message : '';
    let list = this.heads.get(key);
    if (list) {
      for (let i = 0; i < list.length; i++) if (sameHead(list[i], m, nHead)) return list[i].id;
    } else this.heads.set(key, (list = []));
    const head: Record<string, unknown> = {};
    const keys: string[] = [];
    const values: unknown[] = [];
    const objectKeys: (string[] | undefined)[] = [];
    for (const k in m) {
      if (keys.length === nHead) break;
      const v = m[k];
      head[k] = v;
      keys.push(k);
      values.push(v);
      objectKeys.push(isPlainObject(v) ? Object.keys(v) : undefined);
    }
    const json = JSON.stringify(head);
    // (many heads with one message text: found by their JSON, not compared one by one)
    let id = this.headsByJson.get(json);
    if (id === undefined) this.headsByJson.set(json, (id = this.add(json.length > 2 ? json.slice(1, -1) + ',' : '')));
    if (list.length < HEADS_PER_MESSAGE) list.push({ keys, values, objectKeys, id });
    return id;
  }
}

const isInt32 = (v: unknown): v is number => typeof v === 'number' && (v | 0) === v;
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/**
 * Are the first `nHead` keys of `m`, and their values, those of `h`? Values: the same primitive
 * (not NaN), arrays of the same primitives, or plain objects with the same keys in the same order
 * whose values are such (what JSON writes alike; anything deeper is not compared: a new head).
 */
function sameHead(h: Head, m: Record<string, unknown>, nHead: number): boolean {
  if (h.keys.length !== nHead) return false;
  let i = 0;
  for (const k in m) {
    if (i === nHead) break;
    if (k !== h.keys[i]) return false;
    const a = h.values[i];
    const b = m[k];
    const ks = h.objectKeys[i];
    if (ks) {
      if (!isPlainObject(b)) return false;
      let j = 0;
      for (const kk in b) {
        if (kk !== ks[j] || !sameFlat((a as Record<string, unknown>)[kk], b[kk])) return false;
        j++;
      }
      if (j !== ks.length) return false;
    } else if (!sameFlat(a, b)) return false;
    i++;
  }
  return i === nHead;
}

/** The same primitive (not NaN), or arrays of the same primitives. */
function sameFlat(a: unknown, b: unknown): boolean {
  if (a === b && (typeof a !== 'object' || a === null)) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (x !== b[i] || (typeof x === 'object' && x !== null)) return false;
  }
  return true;
}

/** A fix of exactly the shape `{ range: [start, end], text }` (the keys in this order, integers, a string). */
function isPlainFix(fix: NonNullable<Message['fix']>): boolean {
  if (typeof fix !== 'object' || fix === null || Object.getPrototypeOf(fix) !== Object.prototype) return false;
  const keys = Object.keys(fix);
  const r = fix.range;
  return keys.length === 2 && keys[0] === 'range' && keys[1] === 'text' && typeof fix.text === 'string' && Array.isArray(r) && r.length === 2 && Object.keys(r).length === 2 && isInt32(r[0]) && isInt32(r[1]);
}
