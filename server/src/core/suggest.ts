/**
 * Did-you-mean for the closed vocabularies, understanding the words writers use for them: a
 * writer who puts 对象：朋友 means a contact, 知情人 an informed contact, 老公 a spouse. Pure.
 */
import { didYouMean, fold } from './text';
import { AUDIENCES, AUDIENCE_NAMES, CHANNELS, parseStage, type Audience, type Channel } from './vocabulary';

/** Words writers use for an audience that are not its names (FORMAT §4.2 names are exact). */
const AUDIENCE_SYNONYMS: Record<string, Audience> = {
  朋友: 'contact', 好友: 'contact', 邻居: 'contact', 同学: 'contact', 紧急联系人: 'contact', 室友: 'contact', 房东: 'contact', 熟人: 'contact', 第三人: 'contact', friend: 'contact', neighbour: 'contact', neighbor: 'contact', reference: 'contact', 'third-party': 'contact',
  知情人: 'informed-contact', 知情联系人: 'informed-contact', 知情者: 'informed-contact', informed: 'informed-contact',
  同事: 'employer', 领导: 'employer', 上司: 'employer', 老板: 'employer', 前台: 'employer', 公司: 'employer', 工作单位: 'employer', 人事: 'employer', colleague: 'employer', workplace: 'employer',
  老公: 'spouse', 老婆: 'spouse', 丈夫: 'spouse', 妻子: 'spouse', 爱人: 'spouse', 夫妻: 'spouse', husband: 'spouse', wife: 'spouse',
  父母: 'family', 父亲: 'family', 母亲: 'family', 爸爸: 'family', 妈妈: 'family', 儿子: 'family', 女儿: 'family', 子女: 'family', 兄弟: 'family', 姐妹: 'family', 亲戚: 'family', 家属: 'family', 家庭成员: 'family', relative: 'family', parent: 'family',
  客户: 'debtor', 债务人: 'debtor', 借款人: 'debtor', 欠款人: 'debtor', 持卡人: 'debtor', 本人客户: 'debtor', borrower: 'debtor', customer: 'debtor',
  共同借款: 'co-borrower', 共借人: 'co-borrower', 担保: 'guarantor', 保证人: 'guarantor', 保人: 'guarantor', 连带保证人: 'guarantor', 继承: 'heir',
  // Taiwan and Hong Kong words (folded) that are not the traditional form of an alias (FORMAT §2).
  紧急联络人: 'contact', 亲友: 'contact', 家里人: 'family', 家人亲属: 'family', 太太: 'spouse', 先生太太: 'spouse', 雇主: 'employer', 人资: 'employer', 主管: 'employer', 老细: 'employer', 老板娘: 'employer', 公司同事: 'employer',
  陌生人: 'unverified', 未知: 'unverified', 接听人: 'unverified', 未核实: 'unverified', 未确认: 'unverified', unknown: 'unverified',
  群: 'public', 群聊: 'public', 朋友圈: 'public', 微信群: 'public', 公告: 'public', 大众: 'public',
};

/** Words writers use for a channel that are not its names. */
const CHANNEL_SYNONYMS: Record<string, Channel> = {
  电话外呼: 'call', 外呼: 'call', 电催: 'call', 打电话: 'call', 来电: 'call', 致电: 'call', phone: 'call', 语音: 'call',
  外访: 'visit', 家访: 'visit', 上门外访: 'visit', 拜访: 'visit',
  信件: 'letter', 律师函: 'letter', 函件: 'letter', 信: 'letter', mail: 'letter',
  微信消息: 'im', 企业微信: 'im', qq: 'im', 即时消息: 'im', wechat: 'im', chat: 'im',
  电子邮件: 'email', 邮箱: 'email', 'e-mail': 'email',
  短讯: 'sms', 简讯: 'sms', 信息: 'sms', 文字短信: 'sms', text: 'sms',
  电邮: 'email', line: 'im', whatsapp: 'im', 讯息: 'im',
};

function bySynonym<T extends string>(raw: string, table: Record<string, T>): T | undefined {
  const v = fold(raw.trim());
  if (!v) return undefined;
  if (table[v]) return table[v];
  // A longer phrase that contains one synonym (客户的朋友 → contact): the longest synonym found wins.
  let best: string | undefined;
  for (const k of Object.keys(table)) if (k.length >= 2 && v.includes(k) && (!best || k.length > best.length)) best = k;
  return best ? table[best] : undefined;
}

/** The audience a writer most likely meant, as `id（中文名）`-free id; undefined when no guess. */
export function suggestAudience(raw: string): string | undefined {
  return bySynonym(raw, AUDIENCE_SYNONYMS) ?? didYouMean(fold(raw.trim()), AUDIENCE_NAMES);
}

export function suggestChannel(raw: string): string | undefined {
  return bySynonym(raw, CHANNEL_SYNONYMS) ?? didYouMean(fold(raw.trim()), Object.keys(CHANNELS));
}

const CN_DIGIT: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/**
 * The integer a writer meant by an agents value FORMAT §4 cannot read: a number with a counter
 * (`2人`, `3名`, `两位`) or in Chinese numerals (`兩人`, `十二`, `二十`). Undefined otherwise.
 */
export function suggestAgents(raw: string): string | undefined {
  const v = fold(raw).replace(/\s+/g, '').replace(/(?:个人|人|名|位|个)$/, '');
  let n: number | undefined;
  if (/^\d{1,3}$/.test(v)) n = Number(v);
  else {
    // 一 … 九, 十, 十一 … 十九, 二十 … 九十九
    const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(v);
    if (m && v) {
      if (!m[2]) n = m[3] ? undefined : CN_DIGIT[m[1]];
      else n = (m[1] ? (m[1] === '两' ? undefined : CN_DIGIT[m[1]]) ?? NaN : 1) * 10 + (m[3] ? CN_DIGIT[m[3]] : 0);
    }
  }
  return n !== undefined && Number.isInteger(n) && n >= 1 && n <= 999 ? String(n) : undefined;
}

/**
 * The stage a writer most likely meant by a value FORMAT §4.1 cannot read: days past due said in
 * words (逾期30天 → D30, 逾期90天以上 → D90+, 逾期1-30天 → D1-30) or a stage with words around it
 * (M1阶段 → M1, 处于M3+ → M3+). Undefined when no reading is a valid stage.
 */
export function suggestStage(raw: string): string | undefined {
  const v = fold(raw).replace(/\s+/g, '').replace(/[–—~至到]/g, '-');
  let guess: string | undefined;
  const days = /逾期(\d{1,5})(?:-(\d{1,5}))?(?:天|日)(以上|及以上|\+)?/.exec(v);
  if (days) guess = days[2] ? `D${days[1]}-${days[2]}` : `D${days[1]}${days[3] ? '+' : ''}`;
  else {
    const m = /(?:^|[^a-z])(m\d{1,3}(?:-m?\d{1,3})?\+?)(?![a-z\d])/.exec(v);
    if (m) guess = m[1].toUpperCase();
  }
  return guess && guess !== raw.trim() && parseStage(guess) ? guess : undefined;
}

/** Valid audiences, each with its Chinese name, for messages: `debtor（本人）`. */
export const AUDIENCE_LIST_ZH = AUDIENCES.map((a) => `${a.id}（${a.zh.join('/')}）`);
export const AUDIENCE_LIST_EN = AUDIENCES.map((a) => `${a.id} (${a.zh.join('/')})`);
