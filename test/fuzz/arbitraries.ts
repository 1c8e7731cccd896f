/** Generators for the property-based tests: any text, and grammar-aware mutations of real scripts. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';

export const EXAMPLES = path.join(__dirname, '..', '..', '..', 'shared', 'examples');

export { RUNS, SEED } from './runs';

export const exampleScripts: string[] = fs.existsSync(EXAMPLES)
  ? fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.parley')).sort().map((f) => fs.readFileSync(path.join(EXAMPLES, f), 'utf8'))
  : [];

/** Pieces of the format and of the language the rules look at. */
const SYNTAX = ['->', '-> 客户: ', '<<', '>>', '<<jump ', '<<end>>', '{', '}', '{amount}', '{debtor_name}', '{未知', '---', '===', '--', '——', '==', 'title: ', '标题:', 'audience: ', 'stage: ', 'channel: ', 'time: ', 'agents: ', 'speakers: ', '坐席: ', '客户: ', ':', ':', '//', '// parley-disable-next-line ', '// parley-disable ', '// parley-enable', ' -- ', '\n', '\r\n', '\r', '\t', '    ', ' ', '\ufeff', '\u3000',
  '｛', '｝', '｛金額｝', '《《', '》》', '《《jump ', '＜＜', '＞＞', '－＞ ', '＝＝＝', '－－－', '：', '《', '》', 'channel: sms', '渠道：信函', '温馨提示：'];
const WORDS = ['你', '您', '对不起', '老赖', '逾期', '还款', '坐牢', '法院', '律师函', '不会', '就', '否则', '5000元', '三百块', '¥300', '13812345678', '6222021234567890123', '11010519491231002X', '请问是本人吗', '我是', '工号', '谢谢', '麻烦', '哪天', '几点', '曝光', '朋友圈', '代还', '帮他还', '你必须', '天天打', '消除征信', '一定会', '求求你', '骗子', '滚', '還錢', '對不起', 'ＡＢＣ', '１２３', '!', '?', '。', ',', ';', '…', '……'];
const FULL_WIDTH = fc.integer({ min: 0xff01, max: 0xff5e }).map((c) => String.fromCharCode(c));
const ANY_UNIT = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)); // lone surrogates included
const CJK = fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCharCode(c));

/** One piece of text: format syntax, rule vocabulary, full-width, CJK, or any UTF-16 unit at all. */
export const piece: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SYNTAX) },
  { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: FULL_WIDTH },
  { weight: 3, arbitrary: CJK },
  { weight: 2, arbitrary: ANY_UNIT },
  { weight: 2, arbitrary: fc.string({ maxLength: 6 }) },
);

/** Any text, biased towards what the parser and the rules react to. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.array(piece, { maxLength: 120 }).map((p) => p.join('')),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

type Mutation =
  | { kind: 'shuffle'; seed: number }
  | { kind: 'duplicate'; at: number; n: number }
  | { kind: 'delete'; at: number; n: number }
  | { kind: 'insert'; at: number; col: number; text: string }
  | { kind: 'line'; at: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('shuffle' as const), seed: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), col: fc.nat(), text: fc.array(piece, { minLength: 1, maxLength: 4 }).map((p) => p.join('')) }),
  fc.record({ kind: fc.constant('line' as const), at: fc.nat(), text: fc.array(piece, { maxLength: 8 }).map((p) => p.join('')) }),
);

function shuffle<T>(a: T[], seed: number): T[] {
  let s = seed | 1;
  const out = [...a];
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function mutate(text: string, ms: Mutation[], crlf: boolean, bom: boolean): string {
  let lines = text.split(/\r?\n/);
  for (const m of ms) {
    const at = lines.length ? m.kind === 'shuffle' ? 0 : m.at % lines.length : 0;
    switch (m.kind) {
      case 'shuffle': {
        // Shuffle a window of lines (whole-file shuffles make everything a syntax error).
        const from = m.seed % Math.max(1, lines.length);
        const to = Math.min(lines.length, from + 2 + (m.seed % 6));
        lines = [...lines.slice(0, from), ...shuffle(lines.slice(from, to), m.seed), ...lines.slice(to)];
        break;
      }
      case 'duplicate':
        lines.splice(at, 0, ...lines.slice(at, at + m.n));
        break;
      case 'delete':
        lines.splice(at, m.n);
        break;
      case 'insert': {
        const l = lines[at] ?? '';
        const col = l.length ? m.col % (l.length + 1) : 0;
        lines[at] = l.slice(0, col) + m.text + l.slice(col);
        break;
      }
      case 'line':
        lines.splice(at, 0, m.text);
        break;
    }
  }
  return (bom ? '\ufeff' : '') + lines.join(crlf ? '\r\n' : '\n');
}

/** An example script after a few grammar-aware mutations (line shuffles, duplications, deletions, insertions), CRLF or BOM or not. */
export const mutatedScript: fc.Arbitrary<string> = fc
  .record({
    base: fc.nat({ max: Math.max(0, exampleScripts.length - 1) }),
    mutations: fc.array(mutation, { maxLength: 6 }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
  })
  .map(({ base, mutations, crlf, bom }) => mutate(exampleScripts[base] ?? '', mutations, crlf, bom));
