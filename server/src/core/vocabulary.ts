/**
 * The closed vocabularies of FORMAT.md: header keys, stages, audiences, channels, speaker roles,
 * placeholders. Values are folded (full-width → half-width, traditional → simplified, text.ts)
 * before lookup, so each table lists the simplified forms only: `對象：聯絡人`, `客戶：`, `{金額}`
 * are found through `对象`, `客户`, `金额` (FORMAT §2, v1.1). Only traditional forms are read,
 * not every Taiwan or Hong Kong word: the one exception is 聯絡人 (→ 联络人, not 联系人), which
 * FORMAT §2 itself gives as the traditional form of 联系人 (`對象：聯絡人`), so 联络人 is listed as
 * an alias (and 知情联络人 with it). Other local words (保證人 for 担保人, 簡訊 for 短信) are invalid
 * values with a did-you-mean (suggest.ts). (帳號 → 账号 is the dialect layer's,
 * lexicons/dialect-fold.json.)
 */
import { tr, type Locale, type MessageTemplate } from './messages';
import { fold, syntaxForm } from './text';

export type HeaderKey = 'title' | 'stage' | 'audience' | 'channel' | 'time' | 'agents' | 'speakers' | 'locale' | 'tags';

export const HEADER_KEYS: Record<string, HeaderKey> = {
  title: 'title', 标题: 'title',
  stage: 'stage', 阶段: 'stage',
  audience: 'audience', 对象: 'audience',
  channel: 'channel', 渠道: 'channel',
  time: 'time', 时间: 'time',
  agents: 'agents', 人数: 'agents',
  speakers: 'speakers', 角色: 'speakers',
  locale: 'locale', 语言: 'locale',
  tags: 'tags', 标签: 'tags',
};

/** What each header key means (hovers, completion, docs/FORMAT.md). */
export const HEADER_KEY_INFO: Record<HeaderKey, MessageTemplate> = {
  title: { zh: '节点名称；必填；<<jump>> 跳转的目标', en: 'node name; required; target of <<jump>>' },
  stage: { zh: '逾期阶段：M0、M1 … Mn、Mn+、M1-M2、D1-5、D31+、D0', en: 'delinquency stage: M0, M1 … Mn, Mn+, M1-M2, D1-5, D31+, D0' },
  audience: { zh: '本节点中坐席说话的对象', en: 'who the agent is speaking to in this node' },
  channel: { zh: '话术送达对方的渠道：call、sms、visit、letter、im、email', en: 'how the words reach them: call, sms, visit, letter, im, email' },
  time: { zh: '计划的当地联系时段，HH:MM-HH:MM', en: 'planned local contact window, HH:MM-HH:MM' },
  agents: { zh: '在场的坐席人数（用于上门外访）', en: 'number of agents present (for visit)' },
  speakers: { zh: '额外的说话人标签：名称=角色，名称=角色（角色为 agent、respondent、note）', en: 'extra speaker labels: Name=role, Name=role (agent, respondent, note)' },
  locale: { zh: '说话行的语言：zh-CN、en-US 等', en: 'language of the lines: zh-CN, en-US, …' },
  tags: { zh: '以空格分隔的标签；`start` 表示入口节点', en: 'space-separated labels; `start` marks an entry node' },
};

export function headerKey(raw: string): HeaderKey | undefined {
  return HEADER_KEYS[fold(raw.trim())];
}

/** Days past due, inclusive; -Infinity / Infinity for open ends. */
export interface DayRange {
  min: number;
  max: number;
}

function stageTerm(t: string): DayRange | undefined {
  let m = /^m(\d{1,3})(\+?)$/.exec(t);
  if (m) {
    const n = Number(m[1]);
    const min = n === 0 ? -Infinity : 30 * (n - 1) + 1;
    const max = m[2] ? Infinity : n === 0 ? 0 : 30 * n;
    return { min, max };
  }
  // `D1-5`, also written `D1-D5`.
  m = /^d(\d{1,5})(?:(\+)|-d?(\d{1,5}))?$/.exec(t);
  if (m) {
    const a = Number(m[1]);
    if (m[2]) return { min: a, max: Infinity };
    if (m[3] !== undefined) {
      const b = Number(m[3]);
      return b >= a ? { min: a, max: b } : undefined;
    }
    return { min: a, max: a };
  }
  return undefined;
}

/**
 * Parse a stage value (FORMAT §4.1). The range dash may be typed as an en or em dash (or the
 * full-width `－` an input method types); `~`, `至` and `到` are not in §4.1, so `M2至M3` is
 * `invalid-stage` (with `M2-M3` as the suggestion) — see {@link stageMeant} for what it means.
 */
export function parseStage(raw: string): DayRange | undefined {
  const v = fold(raw).replace(/\s+/g, '').replace(/[–—]/g, '-');
  if (!v) return undefined;
  const single = stageTerm(v);
  if (single) return single;
  // `M1-M2`, also written `M1-2`.
  const m = /^(m\d{1,3})-m?(\d{1,3}\+?)$/.exec(v);
  if (m) {
    const a = stageTerm(m[1]);
    const b = stageTerm('m' + m[2]);
    if (a && b && b.max >= a.min) return { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
  }
  return undefined;
}

/**
 * The range a stage value means, for the rules: a valid value's range, or the range of a value that
 * only writes the range dash as `~`, `～`, `至` or `到` (`M2至M3`). That value is still reported as
 * `invalid-stage`, but the node keeps its stage-dependent findings, so nothing is lost while the
 * writer fixes it.
 */
export function stageMeant(raw: string): DayRange | undefined {
  return parseStage(raw) ?? parseStage(fold(raw).replace(/[~至到]/g, '-'));
}

/** A stage's days past due, in words of the locale. */
export function formatDays(r: DayRange, locale: Locale = 'zh'): string {
  if (locale !== 'en') {
    // Numbers only between Parley's words: the whole text converts for zh-TW.
    const zh =
      r.max <= 0 && r.min === -Infinity ? '尚未到期或当天到期（逾期 ≤ 0 天）'
      : r.max === Infinity ? `逾期 ${r.min} 天及以上`
      : r.min === r.max ? `逾期 ${r.min} 天`
      : `逾期 ${r.min === -Infinity ? '≤ ' : r.min + '–'}${r.max} 天`;
    return tr(locale, zh, zh);
  }
  if (r.max <= 0 && r.min === -Infinity) return 'not yet due, or due today (≤ 0 days past due)';
  if (r.max === Infinity) return `${r.min} days past due or more`;
  if (r.min === r.max) return `${r.min} days past due`;
  return `${r.min === -Infinity ? '≤ ' : r.min + '–'}${r.max} days past due`;
}

/** Stage forms as FORMAT §4.1 lists them, with an example each (docs/FORMAT.md, hovers). */
export const STAGE_FORMS: { form: string; example: string; meaning: MessageTemplate }[] = [
  { form: 'M0', example: 'M0', meaning: { zh: '尚未到期或当天到期', en: 'not yet due, or due today' } },
  { form: 'Mn', example: 'M3', meaning: { zh: '逾期第 n 个月（M1 为 1–30 天，M2 为 31–60 天……）', en: 'month n past due (M1 is 1–30 days, M2 is 31–60 days, …)' } },
  { form: 'Mn+', example: 'M6+', meaning: { zh: '逾期第 n 个月及以上', en: 'month n past due or later' } },
  { form: 'Ma-Mb', example: 'M1-M2', meaning: { zh: '从第 a 个月到第 b 个月（也可写作 M1-2）', en: 'from month a to month b (also written M1-2)' } },
  { form: 'Dn', example: 'D0', meaning: { zh: '逾期正好 n 天', en: 'exactly n days past due' } },
  { form: 'Da-b', example: 'D1-5', meaning: { zh: '逾期 a 到 b 天（也可写作 D1-D5）', en: 'a to b days past due (also written D1-D5)' } },
  { form: 'Dn+', example: 'D31+', meaning: { zh: '逾期 n 天及以上', en: 'n days past due or more' } },
];

export type Audience =
  | 'unverified' | 'debtor' | 'co-borrower' | 'guarantor' | 'heir' | 'spouse' | 'family'
  | 'informed-contact' | 'contact' | 'employer' | 'public';

interface AudienceInfo {
  id: Audience;
  /** The Chinese aliases FORMAT §4.2 lists. */
  zh: string[];
  /** Further spellings read as this audience: folded Taiwan/Hong Kong words (聯絡人 → 联络人). */
  aliases?: string[];
  /** Who this is, in each locale. */
  who: MessageTemplate;
  liable: Liability;
}

type Liability = 'yes' | 'no' | 'unknown' | 'estate';
/** Whether the listener owes the debt, in words. */
export const LIABILITY_TEXT: Record<Liability, MessageTemplate> = {
  yes: { zh: '负有还款责任', en: 'liable for the debt' },
  no: { zh: '不负还款责任', en: 'not liable for the debt' },
  unknown: { zh: '是否负有还款责任未知（身份尚未核实）', en: 'liability unknown (identity not confirmed)' },
  estate: { zh: '仅在遗产实际价值范围内负有还款责任', en: 'liable only up to the value of the estate' },
};

export const AUDIENCES: AudienceInfo[] = [
  { id: 'unverified', zh: ['未核身'], who: { zh: '接听的人，身份尚未核实', en: 'whoever answered; identity not yet confirmed' }, liable: 'unknown' },
  { id: 'debtor', zh: ['本人'], who: { zh: '已核实身份的债务人或持卡人', en: 'the verified debtor / cardholder' }, liable: 'yes' },
  { id: 'co-borrower', zh: ['共同借款人'], who: { zh: '共同借款人', en: 'co-borrower' }, liable: 'yes' },
  { id: 'guarantor', zh: ['担保人'], who: { zh: '担保人', en: 'guarantor' }, liable: 'yes' },
  { id: 'heir', zh: ['继承人'], who: { zh: '已故债务人的继承人', en: 'heir of a deceased debtor' }, liable: 'estate' },
  { id: 'spouse', zh: ['配偶'], who: { zh: '配偶（不是合同当事人）', en: 'spouse (not a party to the contract)' }, liable: 'no' },
  { id: 'family', zh: ['家人', '亲属'], who: { zh: '其他家庭成员', en: 'other family members' }, liable: 'no' },
  { id: 'informed-contact', zh: ['知情联系人'], aliases: ['知情联络人'], who: { zh: '已经知道这笔借款的联系人', en: 'a contact who already knows of the loan' }, liable: 'no' },
  { id: 'contact', zh: ['联系人', '第三方'], aliases: ['联络人'], who: { zh: '其他任何第三方（朋友、紧急联系人、邻居）', en: 'any other third party (friend, reference, neighbour)' }, liable: 'no' },
  { id: 'employer', zh: ['单位', '同事'], who: { zh: '工作单位、同事、前台', en: 'employer, colleague, receptionist' }, liable: 'no' },
  { id: 'public', zh: ['公开'], who: { zh: '他人可能读到的任何内容：群聊、帖子、公告', en: 'anything others may read: group chats, posts, notices' }, liable: 'no' },
];

const AUDIENCE_BY_NAME = new Map<string, AudienceInfo>();
for (const a of AUDIENCES) {
  AUDIENCE_BY_NAME.set(a.id, a);
  for (const z of [...a.zh, ...(a.aliases ?? [])]) AUDIENCE_BY_NAME.set(z, a);
}
export const AUDIENCE_NAMES = [...AUDIENCE_BY_NAME.keys()];

export function parseAudience(raw: string): AudienceInfo | undefined {
  return AUDIENCE_BY_NAME.get(fold(raw.trim()));
}
export function audienceInfo(id: Audience): AudienceInfo {
  return AUDIENCE_BY_NAME.get(id)!;
}
export function isLiable(a: Audience): boolean {
  const l = audienceInfo(a).liable;
  return l === 'yes' || l === 'estate';
}

export type Channel = 'call' | 'sms' | 'visit' | 'letter' | 'im' | 'email';
/**
 * Channels: the id and FORMAT §4's Chinese alias (with its traditional form, through folding).
 * Taiwan's 簡訊, Hong Kong's 短訊 for SMS and 電郵 for e-mail are other words, not the traditional
 * form of an alias: FORMAT §2 (v1.1) accepts traditional characters, not every local word, so they
 * stay invalid values with a did-you-mean (suggest.ts), like `訊息` and Taiwan's 保證人 for 担保人.
 */
export const CHANNEL_INFO: { id: Channel; zh: string; aliases: string[]; label: MessageTemplate }[] = [
  { id: 'call', zh: '电话', aliases: [], label: { zh: '电话（外呼或接听）', en: 'phone call' } },
  { id: 'sms', zh: '短信', aliases: [], label: { zh: '短信', en: 'text message (SMS)' } },
  { id: 'visit', zh: '上门', aliases: [], label: { zh: '上门外访', en: 'visit in person' } },
  { id: 'letter', zh: '信函', aliases: [], label: { zh: '信函', en: 'letter' } },
  { id: 'im', zh: '微信', aliases: [], label: { zh: '微信等即时通讯', en: 'instant messaging (WeChat and the like)' } },
  { id: 'email', zh: '邮件', aliases: [], label: { zh: '电子邮件', en: 'e-mail' } },
];
/** Every channel name read (ids, FORMAT's aliases, further spellings) → channel. */
export const CHANNELS: Record<string, Channel> = {};
for (const c of CHANNEL_INFO) CHANNELS[c.id] = c.id;
for (const c of CHANNEL_INFO) CHANNELS[c.zh] = c.id;
for (const c of CHANNEL_INFO) for (const a of c.aliases) CHANNELS[a] = c.id;
/** Written channels (FORMAT §5, v1.1): there, text before a colon is a label only if it is a known label. */
export const WRITTEN_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['sms', 'letter', 'im', 'email']);
export function parseChannel(raw: string): Channel | undefined {
  return CHANNELS[fold(raw.trim())];
}

/** Minutes since midnight. */
export interface TimeWindow {
  start: number;
  end: number;
}
export function parseTime(raw: string): TimeWindow | undefined {
  const v = fold(raw).replace(/\s+/g, '');
  const m = /^(\d{1,2})[:](\d{2})(?:-|–|—|~|至|到)(\d{1,2})[:](\d{2})$/.exec(v);
  if (!m) return undefined;
  const [h1, m1, h2, m2] = m.slice(1).map(Number);
  if (h1 > 24 || h2 > 24 || m1 > 59 || m2 > 59 || (h1 === 24 && m1 > 0) || (h2 === 24 && m2 > 0)) return undefined;
  return { start: h1 * 60 + m1, end: h2 * 60 + m2 };
}
export function formatMinutes(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * A positive number of agents: an integer (FORMAT §4), in ASCII or full-width digits (§2, v1.1).
 * `两人`, `兩位`, `2人`, `二` are not integers: invalid values, with the number as a did-you-mean
 * (suggest.ts `suggestAgents`).
 */
export function parseAgents(raw: string): number | undefined {
  const v = syntaxForm(raw.trim());
  const n = /^\d{1,3}$/.test(v) ? Number(v) : undefined;
  return n !== undefined && n >= 1 ? n : undefined;
}

export type Role = 'agent' | 'respondent' | 'note';
/** What a speaker role means. */
export const ROLE_TEXT: Record<Role, MessageTemplate> = {
  agent: { zh: '坐席（代表催收方说话）', en: 'agent (speaks for the collector)' },
  respondent: { zh: '应答方（客户或接听的人）', en: 'respondent (the customer or whoever answered)' },
  note: { zh: '备注（不是说出的话，不检查）', en: 'note (not spoken; not checked)' },
};
/**
 * Built-in speaker labels (FORMAT §5), folded. `联络人` is Taiwan/Hong Kong's 聯絡人 folded (the
 * mainland word is 联系人).
 */
export const BUILTIN_SPEAKERS: Record<string, Role> = {
  坐席: 'agent', 催收员: 'agent', 催收: 'agent', 专员: 'agent', 客服: 'agent', 外访员: 'agent',
  agent: 'agent', collector: 'agent', rep: 'agent',
  客户: 'respondent', 债务人: 'respondent', 本人: 'respondent', 对方: 'respondent', 联系人: 'respondent', 联络人: 'respondent',
  家属: 'respondent', customer: 'respondent', debtor: 'respondent', contact: 'respondent', respondent: 'respondent',
  注: 'note', 备注: 'note', 说明: 'note', note: 'note',
};
/** Role names in a `speakers:` header: the roles themselves, any built-in label, and 应答方. */
const ROLE_NAMES: Record<string, Role> = { ...BUILTIN_SPEAKERS, agent: 'agent', respondent: 'respondent', note: 'note', 应答方: 'respondent' };

export function parseSpeakers(raw: string): Map<string, Role> | string {
  const out = new Map<string, Role>();
  const parts = raw.split(/[,\uFF0C、;\uFF1B]/).map((p) => p.trim()).filter(Boolean);
  if (!parts.length) return 'expected "Name=role, Name=role"';
  for (const p of parts) {
    const m = /^(\S{1,12})\s*[=\uFF1D]\s*(\S+)$/.exec(p);
    if (!m) return `"${p}" is not "Name=role"`;
    const role = ROLE_NAMES[fold(m[2]).toLowerCase()];
    if (!role) return `"${m[2]}" is not a role (agent, respondent, note)`;
    out.set(m[1], role);
  }
  return out;
}

export function parseLocale(raw: string): string | undefined {
  const v = syntaxForm(raw).trim();
  // BCP 47 (`zh-CN`, `zh-Hant-TW`); the POSIX spelling `zh_CN` is accepted as writers type it.
  return /^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$/.test(v) ? v : undefined;
}

export type PlaceholderCategory = 'debt' | 'agent' | 'debtor' | 'other';
export const PLACEHOLDER_CATEGORY_LABEL: Record<PlaceholderCategory, MessageTemplate> = {
  debt: { zh: '欠款事实（说出即为披露）', en: 'debt facts (a disclosure)' },
  agent: { zh: '坐席身份', en: 'agent identity' },
  debtor: { zh: '债务人身份', en: 'debtor identity' },
  other: { zh: '其他', en: 'other' },
};

export const BUILTIN_PLACEHOLDERS: Record<string, PlaceholderCategory> = {};
const PH: [PlaceholderCategory, string[]][] = [
  ['debt', ['amount', '金额', '欠款金额', 'balance', '余额', 'min_payment', '最低还款', 'overdue_days', '逾期天数', 'due_date', '到期日', '还款日',
    'fee', '费用', '滞纳金', 'interest', '利息', 'product', '产品', 'loan_id', '借据号', '合同号', 'card_last4', '卡号后四位', 'account_last4', '账号后四位']],
  ['agent', ['agent_name', '坐席姓名', 'agent_id', '工号', 'company', '公司', '机构', 'department', '部门', 'callback_number', '回电号码']],
  ['debtor', ['debtor_name', '姓名', '客户姓名', 'debtor_title', '称呼']],
  ['other', ['date', '日期', 'time', '时间']],
];
for (const [cat, names] of PH) for (const n of names) BUILTIN_PLACEHOLDERS[n] = cat;
