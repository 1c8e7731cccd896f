import type { Rule } from '../rule';
import { lineRange } from '../types';
import { fold } from '../text';

/**
 * Runs of digits in folded text (full-width digits are folded to ASCII), allowing a leading `+`
 * (+86) and single separators between groups: spaces, hyphens and dashes (138-1234-5678,
 * 6222 0212 3456 7890, 138–1234–5678).
 */
const RUN = /(?<![0-9*x+])\+?[0-9](?:[0-9]|[ \-‐‑–—](?=[0-9])){9,30}x?(?![0-9*])/g;
const SEP = /[ \-‐‑–—+]/g;

/** Words after which a long number is a document or case reference, not a personal number. */
const REFERENCE_BEFORE = /(合同|合约|契约|借据|订单|工单|案件|流水|批次|编|单|票|快递|运单|参考|交易|申请|保单)(号|编号|号码)?(是|为)?[:\uFF1A\s]*$/;
/** A long number followed by one of these is an amount, not an account. */
const AMOUNT_AFTER = /^\s*(元|块|圆|万|千|亿|%|美元|港币|rmb)/;

function classifyIdentifier(run: string): string | undefined {
  const digits = run.replace(SEP, '');
  const last = digits[digits.length - 1];
  const body = /[xX]$/.test(digits) ? digits.slice(0, -1) : digits;
  if (/[xX]/.test(last)) return body.length === 17 && /^\d{17}$/.test(body) ? '身份证号' : undefined;
  if (digits.length === 18 && /^[1-9]\d{5}(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}$/.test(digits)) return '身份证号';
  if (digits.length === 15 && /^[1-9]\d{5}\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}$/.test(digits)) return '身份证号';
  if (digits.length === 11 && /^1[3-9]\d{9}$/.test(digits)) return '手机号';
  // Taiwan mobiles (0912-345-678, +886 912 345 678) and Hong Kong mobiles with their country code (+852 9123 4567).
  if (digits.length === 10 && /^09\d{8}$/.test(digits)) return '手机号';
  if (digits.length === 12 && /^8869\d{8}$/.test(digits)) return '手机号';
  if (digits.length === 11 && /^852[5679]\d{7}$/.test(digits)) return '手机号';
  if (digits.length === 13 && /^00852[5679]\d{7}$/.test(digits)) return '手机号';
  if (digits.length === 13 && /^861[3-9]\d{9}$/.test(digits)) return '手机号';
  if (digits.length === 15 && /^00861[3-9]\d{9}$/.test(digits)) return '手机号';
  // A timestamp written as digits (202401151030, 20240115103000) is not an account.
  if ((digits.length === 12 || digits.length === 14) && /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d([0-5]\d)?$/.test(digits)) return undefined;
  // Bank cards and accounts; a leading 0 is a landline with its area code (0755-12345678, at most
  // 12 digits), except a 13- or 14-digit Taiwan post-office account (局號 + 帳號, 0001234-5678901) that
  // is no international call (0086…, 00852…, 00886…).
  if (digits.length >= 12 && digits.length <= 19 && (digits[0] !== '0' || (digits.length >= 13 && digits.length <= 14 && !digits.startsWith('008')))) return '银行卡号或账号';
  return undefined;
}

/** Card numbers are written in one block or in groups of four (the last may be shorter), or 6+13. */
function cardLike(groups: string[]): boolean {
  if (groups.length === 1) return true;
  if (groups.length === 2 && groups[0].length === 6) return true;
  // A Taiwan post-office account: 局號 and 帳號, seven digits each (0001234-5678901).
  if (groups.length === 2 && groups[0].length === 7 && groups[1].length === 7) return true;
  return groups.slice(0, -1).every((g) => g.length === 4) && groups[groups.length - 1].length <= 4;
}

interface Found {
  start: number;
  end: number;
  kind: string;
}

/** The personal numbers inside one run: the whole run, or group-aligned parts of it. */
function identifiersIn(run: string): { start: number; end: number; kind: string }[] {
  const groups: { text: string; start: number; end: number }[] = [];
  const re = /\+?[0-9x]+/g;
  let g: RegExpExecArray | null;
  while ((g = re.exec(run))) groups.push({ text: g[0].replace('+', ''), start: g.index, end: g.index + g[0].length });
  const whole = classifyIdentifier(run);
  const texts = groups.map((x) => x.text);
  if (whole && (whole !== '银行卡号或账号' || cardLike(texts))) return [{ start: 0, end: run.length, kind: whole }];
  const out: Found[] = [];
  for (let i = 0; i < groups.length; ) {
    let hit: Found | undefined;
    let next = i + 1;
    for (let j = groups.length; j > i; j--) {
      if (i === 0 && j === groups.length) continue;
      const part = texts.slice(i, j);
      const kind = classifyIdentifier(part.join(''));
      if (kind && (kind !== '银行卡号或账号' || cardLike(part))) {
        hit = { start: groups[i].start, end: groups[j - 1].end, kind };
        next = j;
        break;
      }
    }
    if (hit) out.push(hit);
    i = next;
  }
  if (!out.length && whole) return [{ start: 0, end: run.length, kind: whole }];
  return out;
}

/**
 * Taiwan and Hong Kong forms that hold letters or are shorter than a mainland number, in folded
 * (lower-case, half-width) text: a Taiwan ID (a123456789: a letter, 1 or 2, eight digits), a Hong
 * Kong ID (a123456(7), ab987654(a)), a Taiwan post-office account in two parts, and an eight-digit Hong Kong mobile (5/6/9…) after a word that
 * says it is a phone number.
 */
const TW_ID = /(?<![a-z0-9])[a-z][12]\d{8}(?![a-z0-9])/g;
const HK_ID = /(?<![a-z0-9])([a-z]{1,2})(\d{6})(?:\(([0-9a])\)|([0-9a]))(?![a-z0-9])/g;
const HK_MOBILE = /(?<![0-9*+]|[0-9][ \-])[5679]\d{3}[ \-]?\d{4}(?![0-9*]|[ \-][0-9])/g;
/** A Taiwan post-office account written as its two parts: 局號 0001234、帳號 5678901 (seven digits each). */
const TW_POST = /局号[:\s]*(\d{7})[^0-9]{1,12}?(?:账号|帐号)[:\s]*(\d{7})(?![0-9*])/g;
const PHONE_BEFORE = /(手机|手提|电话|号码|号|致电|联络|联系|打|call|tel|whatsapp|wa|signal|微信|短讯|短信|sms)[^0-9]{0,6}$/;

/** The Hong Kong ID check digit: weights 9…2 over the (space-padded) letters and digits, mod 11. */
function hkIdValid(letters: string, digits: string, check: string): boolean {
  const chars = (letters.length === 1 ? ' ' : '') + letters + digits;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = chars[i];
    const v = c === ' ' ? 36 : /[a-z]/.test(c) ? c.charCodeAt(0) - 87 : Number(c);
    sum += v * (9 - i);
  }
  sum += check === 'a' ? 10 : Number(check);
  return sum % 11 === 0;
}

/** Taiwan, Hong Kong forms in one folded line: [start, end, kind]. */
function localIdentifiers(text: string): [number, number, string][] {
  const out: [number, number, string][] = [];
  for (const m of text.matchAll(TW_ID)) out.push([m.index!, m.index! + m[0].length, '身份证号']);
  for (const m of text.matchAll(HK_ID)) {
    // With brackets the form is unmistakable; without them, only a valid check digit counts.
    if (m[3] !== undefined || hkIdValid(m[1], m[2], m[4])) out.push([m.index!, m.index! + m[0].length, '身份证号']);
  }
  for (const m of text.matchAll(TW_POST)) {
    const start = m.index! + m[0].indexOf(m[1]);
    out.push([start, m.index! + m[0].length, '银行卡号或账号']);
  }
  for (const m of text.matchAll(HK_MOBILE)) {
    if (PHONE_BEFORE.test(text.slice(Math.max(0, m.index! - 12), m.index!))) out.push([m.index!, m.index! + m[0].length, '手机号']);
  }
  return out;
}

/**
 * Has the line fewer digits than any form above holds? A digit as folding sees it: ASCII or
 * full-width (U+FF10–U+FF19, folded to ASCII); nothing else folds to a digit (traditional →
 * simplified and the dialect forms map Han to Han). The fewest is a Hong Kong ID's six (a123456(7));
 * a Taiwan ID holds nine, a Hong Kong mobile eight, a run classified as a number ten or more. Such a
 * line is skipped before it is folded: most lines.
 */
const MIN_DIGITS = 6;
function fewDigits(text: string): boolean {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (((c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19)) && ++n >= MIN_DIGITS) return false;
  }
  return true;
}

const KIND_MESSAGE: Record<string, string> = { 身份证号: 'id-number', 手机号: 'mobile', 银行卡号或账号: 'account' };

/** unmasked-identifier: a full ID, card/account or mobile number written out in the script. */
const rule: Rule = {
  meta: {
    id: 'unmasked-identifier',
    category: 'disclosure',
    defaultSeverity: 'error',
    description: { zh: '脚本中出现完整的身份证号、银行卡号或手机号', en: 'A full personal number (ID, card/account, mobile) written in the script' },
    fixable: false,
    scope: 'line',
    visits: 'line',
    messages: {
      'id-number': {
        zh: '脚本中出现了完整的身份证号「{{number}}」：请删除或改用掩码形式（如 1101**********1234）。',
        en: 'A full ID card number "{{number}}" is written in the script: remove it or use a masked form (such as 1101**********1234).',
      },
      mobile: {
        zh: '脚本中出现了完整的手机号「{{number}}」：请删除或改用掩码形式（如 138****5678）。',
        en: 'A full mobile number "{{number}}" is written in the script: remove it or use a masked form (such as 138****5678).',
      },
      account: {
        zh: '脚本中出现了完整的银行卡号或账号「{{number}}」：请改用占位符（如 {card_last4}）或掩码形式（如 ****1234）。',
        en: 'A full bank card or account number "{{number}}" is written in the script: use a placeholder (such as {card_last4}) or a masked form (such as ****1234).',
      },
    },
  },
  check(ctx) {
    for (const node of ctx.nodes) {
      for (const view of node.lines) {
        if (fewDigits(view.line.text)) continue;
        const text = fold(view.line.text);
        for (const [s, e, kind] of localIdentifiers(text)) {
          ctx.report({
            messageId: KIND_MESSAGE[kind],
            data: { number: view.line.text.slice(s, e) },
            range: lineRange(view.line.line, view.line.textStart + s, view.line.textStart + e),
          });
        }
        RUN.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = RUN.exec(text))) {
          const before = text.slice(Math.max(0, m.index - 8), m.index);
          const after = text.slice(m.index + m[0].length, m.index + m[0].length + 4);
          for (const f of identifiersIn(m[0])) {
            if (f.kind === '银行卡号或账号' && (REFERENCE_BEFORE.test(before) || AMOUNT_AFTER.test(after) || /[a-z]$/.test(before) || /[¥$]\s*$/.test(before))) continue;
            const s = m.index + f.start;
            const e = m.index + f.end;
            ctx.report({
              messageId: KIND_MESSAGE[f.kind],
              data: { number: view.line.text.slice(s, e) },
              range: lineRange(view.line.line, view.line.textStart + s, view.line.textStart + e),
            });
          }
        }
      }
    }
  },
};
export default rule;
