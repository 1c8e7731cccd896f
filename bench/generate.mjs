#!/usr/bin/env node
// Deterministic benchmark corpus for Parley: realistic debt-collection scripts (*.parley).
//
//   node bench/generate.mjs [--out bench/corpus] [--seed 20240601] [--files 2200] [--min-lines 1000000] [--force]
//
// The same seed always yields byte-identical files. Every audience (and its Chinese alias), every
// stage form, every channel, option branches nested up to three deep, <<jump>>s within a file and
// across files, suppression comments, traditional-character and full-width variants, and a
// realistic share of violations (about 6% of agent lines, plus a few structure errors: typos in
// jump targets, duplicate titles, unknown placeholders and speakers, missing or bad headers).
// Lines are modelled on the training documents in /work/shared/seeds.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------- arguments
function args(argv) {
  const o = { out: path.join(HERE, 'corpus'), seed: 20240601, files: 2200, minLines: 1_000_000, force: false, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--out') o.out = path.resolve(v());
    else if (a === '--seed') o.seed = Number(v());
    else if (a === '--files') o.files = Number(v());
    else if (a === '--min-lines') o.minLines = Number(v());
    else if (a === '--force') o.force = true;
    else if (a === '--quiet') o.quiet = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: node bench/generate.mjs [--out dir] [--seed n] [--files n] [--min-lines n] [--force]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

// ---------------------------------------------------------------- PRNG (sfc32, seeded by splitmix32)
function splitmix32(a) {
  return () => {
    a |= 0;
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return ((t ^ (t >>> 15)) >>> 0);
  };
}
export function rng(seed) {
  const sm = splitmix32(seed);
  let a = sm(), b = sm(), c = sm(), d = sm();
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
    weighted: (pairs) => {
      let total = 0;
      for (const [, w] of pairs) total += w;
      let x = next() * total;
      for (const [v, w] of pairs) if ((x -= w) < 0) return v;
      return pairs[pairs.length - 1][0];
    },
  };
  return r;
}

// ---------------------------------------------------------------- vocabulary
const STAGES = [['M0', 4], ['M1', 14], ['M2', 10], ['M3', 8], ['M4', 4], ['M5', 2], ['M6+', 3], ['M1-M2', 4], ['M2-M3', 3], ['D0', 2], ['D1-5', 4], ['D6-10', 3], ['D1-30', 3], ['D31+', 3], ['D61-90', 2], ['M7+', 1]];
const CHANNELS = [['call', 40], ['电话', 8], ['visit', 8], ['上门', 2], ['sms', 6], ['短信', 2], ['letter', 2], ['信函', 1], ['im', 3], ['微信', 2], ['email', 2], ['邮件', 1]];
const TIMES = ['09:00-11:30', '09:30-12:00', '14:00-17:30', '13:30-18:00', '10:00-11:30', '15:00-20:30', '08:30-11:00', '19:00-20:45', '14:30-16:00', '09:00-17:00'];
const BAD_TIMES = ['07:30-09:00', '20:00-22:00', '11:30-12:30', '12:00-13:00', '06:00-08:30'];
const ORGS = ['信用卡中心', '消费金融', '普惠金融部', '小贷公司', '汽车金融', '网贷平台', '城商行零售部', '分期业务部', '资产管理公司', '委外催收团队'];

const A = {
  unverified: ['unverified', '未核身'],
  debtor: ['debtor', '本人'],
  'co-borrower': ['co-borrower', '共同借款人'],
  guarantor: ['guarantor', '担保人'],
  heir: ['heir', '继承人'],
  spouse: ['spouse', '配偶'],
  family: ['family', '家人', '亲属'],
  'informed-contact': ['informed-contact', '知情联系人'],
  contact: ['contact', '联系人', '第三方'],
  employer: ['employer', '单位', '同事'],
  public: ['public', '公开'],
};

// Agent lines that keep to the rules, by audience group. `{…}` are placeholders.
const OPEN_UNVERIFIED = [
  '您好,我是{company}的{agent_name},请问是{debtor_name}先生/女士本人吗?',
  '您好,这里是{company},我是{agent_name},请问您是{debtor_name}本人吗?',
  '您好,请问是{debtor_name}先生吗?我是{company}的客服专员{agent_name}。',
  '您好,打扰了,我是{company}{department}的{agent_name},工号{agent_id},请问是{debtor_name}女士本人吗?',
  '您好,我是{agent_name},请问您是{debtor_title}本人吗?为了保护您的信息,需要先核实一下身份。',
  '您好,我是{company}的{agent_name},麻烦确认一下,您是{debtor_name}先生本人吗?',
  '您好,请问是{debtor_name}吗?我这边是{company},有件事需要跟本人确认。',
  '您好,我姓王,是{company}的工作人员,请问您是{debtor_name}本人吗?',
];
const UNVERIFIED_MORE = [
  '为了保护您的隐私,请您报一下身份证后四位,谢谢。',
  '不好意思,需要先跟您核实一下身份,请问您的出生日期是?',
  '请问方便说话吗?有件事需要和{debtor_name}本人确认。',
  '好的,谢谢您,请问您现在方便接听电话吗?',
  '抱歉打扰您了,祝您生活愉快,再见。',
  '好的,那我稍后再联系,谢谢您的配合。',
];
const DEBTOR = [
  '{debtor_name}先生您好,我是{company}的{agent_name},工号{agent_id},本次通话会被录音。',
  '您尾号{card_last4}的账户本期应还{amount}元,目前已逾期{overdue_days}天,请问是什么原因没有按时还款呢?',
  '您在{product}的借款本期应还{min_payment}元,还款日是{due_date},请问您今天下午三点前能先还多少?',
  '理解您的情况,请问您工资哪天到账?那天几点前可以处理?',
  '那麻烦您在{date}下午五点前先还{min_payment}元,可以吗?',
  '逾期会如实报送征信系统,建议您尽快处理,以免影响个人信用记录。',
  '如果您一次还清有困难,我们可以帮您申请分期,请问每月能还多少?',
  '您可以通过官方App或者对公账户还款,还款后请保留凭证。',
  '请您通过我行官方渠道还款,不要转账给任何个人账户。',
  '好的,我这边给您记录一下,您承诺{date}前还款{amount}元,对吗?',
  '感谢您的配合,如有疑问可以拨打我行客服热线,祝您生活愉快。',
  '请问您现在的经济情况怎么样?有没有稳定的收入来源?',
  '您看这周五之前能先还多少?剩下的部分我们再商量一个方案。',
  '您的欠款目前是{balance}元,其中利息{interest}元,滞纳金{fee}元。',
  '如果有困难可以跟我说,我们一起想办法,请问具体什么时间能还上?',
  '您之前承诺昨天还款,但是系统里还没有看到,请问是遇到什么情况了吗?',
  '理解您最近资金周转困难,那您看月底之前能不能先还一部分?',
  '好的,谢谢您,我们会在{date}再跟您确认还款情况。',
  '麻烦您留意一下短信,还款链接是我们官方发送的。',
  '请问您对这笔账单有疑问吗?有的话我帮您查询一下明细。',
  '您的合同号是{loan_id},您可以在App里查看还款计划。',
  '今天是还款日,请您在晚上八点前确认账户余额充足,谢谢。',
  '我们也希望帮您保持良好的信用记录,请问今天几点能处理?',
  '按照合同约定,逾期会产生罚息,请您尽早安排还款。',
  '我是{company}的{agent_name},这次来电是提醒您本期账单已到期。',
];
const VISIT = [
  '您好,我是{company}的外访专员{agent_name},这是我的工牌,请问是{debtor_name}先生本人吗?',
  '今天我们两位同事一起过来,想和您当面商量一下还款方案。',
  '您看这周五之前能先还多少?我们给您做个书面记录。',
  '我们不会进入您家里,在门口或者楼下咖啡厅谈都可以。',
];
const HEIR = [
  '您好,我是{company}的{agent_name},请问是{debtor_name}先生的家属吗?节哀顺变。',
  '依照法律,继承人仅在继承遗产的实际价值范围内承担还款责任,想和您核实一下遗产情况。',
  '如果您放弃继承,则不需要承担这笔债务,请问您这边是什么打算?',
  '以继承的遗产实际价值为限偿还,超出部分您没有偿还义务。',
  '我们需要您提供死亡证明和继承相关材料,请问什么时候方便?',
];
const GUARANTOR = [
  '您好,我是{company}的{agent_name},您是{debtor_name}这笔借款的担保人,请问是您本人吗?',
  '根据担保合同,借款人逾期{overdue_days}天未还,需要和您沟通一下代偿安排。',
  '请问您能否联系一下借款人,尽快处理这笔欠款?',
];
const CONTACT = [
  '您好,我是{agent_name},有件私人事务需要{debtor_name}先生本人处理,麻烦您转告他回电{callback_number},谢谢您。',
  '您好,打扰了,请问您认识{debtor_name}吗?麻烦您转告他回个电话,谢谢。',
  '不好意思打扰您,如果您方便的话,请转告他尽快和我们联系,谢谢。',
  '好的,谢谢您,打扰您了,祝您生活愉快。',
  '麻烦您帮忙转告一下,让他有空回电{callback_number},感谢。',
  '请问您最近有和他联系吗?有私人事务需要找他本人。',
  '没关系,那我们再想别的办法联系他,谢谢您。',
];
const INFORMED = [
  '您好,我是{agent_name}。他的这笔借款已经逾期了,方便的话请提醒他回电{callback_number},谢谢。',
  '您之前知道他在我们这里的贷款情况,麻烦您提醒他尽快处理,谢谢。',
  '请您转告他,逾期会如实报送征信,请他本人尽快联系我们。',
];
const PUBLIC = [
  '【{company}】尊敬的客户,请留意您的账户信息,如有疑问请致电官方客服。',
  '温馨提示:请通过官方渠道办理业务,谨防诈骗。',
  '本群用于发布活动通知,请勿发送个人信息。',
];
const SMS = [
  '【{company}】{debtor_name}您好,您的账单已到期,请登录App查看,如已处理请忽略。',
  '【{company}】尊敬的客户,您本期账单{amount}元已逾期,请于{date}前通过官方渠道还款,退订回T。',
  '【{company}】您好,请您尽快联系我们处理账户事宜,回电{callback_number},谢谢。',
];
const CLOSING = ['谢谢您的配合,再见。', '感谢您的理解,祝您生活愉快。', '好的,那就这样,有问题随时联系我们,再见。', '谢谢,请您注意查收短信。'];

const RESPONDENT = [
  '是我。', '是的,怎么了?', '我就是。', '对,我是。', '他不在,我是他朋友。', '我是他同事。', '你打错了。', '我是他老婆。',
  '最近资金周转困难。', '我这个月工资还没发。', '我已经还了。', '我下周一能还一部分。', '我没钱,你们爱怎么样怎么样。',
  '我在开会,晚点再说。', '我不认识这个人。', '他出国了,联系不上。', '能不能减免一点利息?', '我可以先还两千。',
  '月底前一定还。', '我要投诉你们。', '你们怎么知道我电话的?', '他已经去世了。', '好的,我会转告他。', '我需要和家里商量一下。',
  '我是他爸,他的事我不管。', '可以分期吗?', '我不知道他欠钱的事。', '周五发工资,周五下午还。',
];

// Violations, by rule, each with the audiences where it is a finding.
const LIABLE = ['debtor', 'co-borrower', 'guarantor'];
const THIRD = ['contact', 'employer', 'family', 'spouse'];
const ANY = ['debtor', 'co-borrower', 'guarantor', 'contact', 'employer', 'family', 'spouse', 'informed-contact', 'unverified'];
const VIOLATIONS = [
  // C red lines
  { rule: 'abusive-language', aud: ANY, lines: ['你这个老赖,赶紧还钱!', '借钱不还,真不要脸。', '你就是个骗子,还装什么可怜。', '跟你这种无赖说话真费劲。', '你脑子进水了吧,欠钱还这么横。'] },
  { rule: 'threat-of-violence', aud: ANY, lines: ['再不还钱,小心您家人的安全。', '出门小心点,别让我们找到你。', '信不信找人收拾你。', '不还钱就让你好看。'] },
  { rule: 'unlawful-coercion', aud: LIABLE, lines: ['我们明天就上门,不还钱您就别想走。', '再不还就把您的车拖走卖了。', '我们的人已经在您家门口堵您了。'] },
  { rule: 'impersonation', aud: ANY, lines: ['我们是法院执行局的,已经对您立案了。', '我是公安局经侦支队的,请配合调查。', '执行局通知您,明天之前必须还款。', '律师函已经寄出,请注意查收。'] },
  { rule: 'criminal-threat', aud: LIABLE, lines: ['不还钱就等着坐牢吧。', '您这已经涉嫌诈骗罪了,要负刑事责任。', '再不还我们就报警抓你。', '已经报了经侦,等着被拘留吧。'] },
  { rule: 'exposure-threat', aud: LIABLE, lines: ['明天就把您的欠款信息发到朋友圈和您单位的群里。', '再不还就打你通讯录,告诉你的同事和领导。', '我们会把您的情况贴在您家门口。', '不还钱就黑名单公示,让大家都知道。'] },
  { rule: 'cash-or-personal-account', aud: LIABLE, lines: ['您直接把现金给我,或者转到我个人支付宝也行。', '加我微信转账就行,我帮您处理。', '扫我的码付款,马上给您销账。'] },
  { rule: 'unauthorized-fee', aud: LIABLE, lines: ['这次上门还要另收您三百元外访费。', '需要先交一笔加急费才能帮您处理。', '结清之前还得交两百块销账费。'] },
  { rule: 'induce-new-borrowing', aud: LIABLE, lines: ['您可以先在别的平台借一笔,把我们这边还上。', '刷别的信用卡还一下嘛。', '实在不行把车卖了还。', '找亲戚朋友先借点钱还上。'] },
  { rule: 'harassment', aud: LIABLE, lines: ['您不还,我们就天天打,打到您还为止。', '我们会每小时打一次,直到您接为止。', '半夜也会打给你,看你还睡不睡得着。'] },
  { rule: 'misleading-claim', aud: LIABLE, lines: ['今天还上就帮您消除征信记录。', '不还的话会影响子女上学和考公。', '马上冻结你所有银行卡。', '您已经被列入全国联网黑名单了。'] },
  // D stage
  { rule: 'premature-legal-threat', aud: LIABLE, lines: ['如果再不还,我们将对您提起诉讼。', '再拖下去就要走法律程序了。', '我们会申请强制执行。'] },
  // E wording
  { rule: 'condescending-tone', aud: LIABLE, lines: ['我是债权人,您是债务人,欠债还钱天经地义。', '你这种人怎么好意思借钱不还?', '有没有良心啊,丢不丢人?'] },
  { rule: 'doubting-the-customer', aud: LIABLE, lines: ['您别找借口了,谁信啊。', '你骗谁呢,别装了。', '你又在撒谎了吧。'] },
  { rule: 'begging', aud: LIABLE, lines: ['求求您了,我这个月业绩全靠您了。', '行行好吧,我也很难。', '您可怜可怜我,我房租都交不起了。'] },
  { rule: 'absolute-language', aud: LIABLE, lines: ['如果今天不处理,后果一定会很严重。', '这件事百分之百会影响您。', '您这辈子永远别想再贷款了。'] },
  { rule: 'prefer-honorific', aud: LIABLE, lines: ['你今天到底能不能还?', '你的账单已经逾期了,你看怎么办?', '你先说说你什么时候有钱。'] },
  { rule: 'apology-wording', aud: ANY, lines: ['对不起,刚才语气有点重。', '对不起打扰了,我再说一下还款的事。'] },
  // A disclosure
  { rule: 'disclosure-before-verification', aud: ['unverified'], lines: ['请问是{debtor_name}吗?您的贷款已经逾期{overdue_days}天了。', '您好,您的信用卡已经逾期了,请问是本人吗?', '请问是张先生吗?您欠我们的5000元还没还。'] },
  { rule: 'third-party-disclosure', aud: THIRD, lines: ['他在我们这里有一笔贷款逾期了。', '麻烦转告他尽快还款。', '我是XX银行催收部的,找他有事。', '他欠了我们两万块一直没还。'] },
  { rule: 'third-party-collection', aud: THIRD.concat(['informed-contact']), lines: ['你是他朋友就帮他把钱还了吧。', '要不这个钱您先替他垫上?', '这笔钱能不能由您来还?'] },
  { rule: 'third-party-coercion', aud: THIRD, lines: ['你必须今天让他联系我们。', '你一定要让他明天回电话,否则你也有麻烦。'] },
  { rule: 'unmasked-identifier', aud: ANY, lines: ['您的卡号6222021234567890123已经逾期。', '请回电13812345678,谢谢。', '身份证号是11010519491231002X的客户,请您核实。'] },
];

// ---------------------------------------------------------------- text variants
const TRAD = new Map(Object.entries({ 还: '還', 请: '請', 钱: '錢', 贷: '貸', 说: '說', 电: '電', 话: '話', 时: '時', 间: '間', 记: '記', 录: '錄', 问: '問', 们: '們', 这: '這', 个: '個', 对: '對', 账: '賬', 单: '單', 谢: '謝', 认: '認', 识: '識', 联: '聯', 系: '係', 处: '處', 理: '理', 务: '務', 议: '議', 欢: '歡', 迎: '迎' }));
function toTraditional(s) {
  let out = '';
  let depth = 0;
  for (const c of s) {
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    out += depth ? c : (TRAD.get(c) ?? c);
  }
  return out;
}
function toFullWidthDigits(s) {
  return s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}

// ---------------------------------------------------------------- one file
function pad(n, w) {
  return String(n).padStart(w, '0');
}

/** Titles every file defines (so other files can jump to them). */
export function anchorTitles(fileIdx) {
  const p = `F${pad(fileIdx, 5)}`;
  return { open: `${p}-开场`, debtor: `${p}-本人-首次`, contact: `${p}-联系人`, close: `${p}-结束` };
}

function makeFile(fileIdx, totalFiles, seed, targetLines) {
  const r = rng((seed ^ Math.imul(fileIdx + 1, 0x9e3779b1)) >>> 0);
  const anchors = anchorTitles(fileIdx);
  const prefix = `F${pad(fileIdx, 5)}`;
  const out = [];
  const stage = r.weighted(STAGES);
  const channel = r.weighted(CHANNELS);
  const org = r.pick(ORGS);
  const violationRate = r.pick([0.0, 0.02, 0.04, 0.06, 0.08, 0.12]);
  let nodeNo = 0;
  const emitted = new Set();

  out.push(`// ${org} · ${stage} ${channel} 话术 #${fileIdx}`);
  if (!r.chance(0.01)) out.push(`stage: ${stage}`);
  out.push(`channel: ${channel}`);
  if (r.chance(0.7)) out.push(`time: ${r.chance(0.03) ? r.pick(BAD_TIMES) : r.pick(TIMES)}`);
  if (r.chance(0.05)) out.push('locale: zh-CN');
  if (r.chance(0.02)) out.push('// parley-disable-file prefer-honorific -- 引用的通话转写');
  out.push('');

  const variant = (line) => {
    if (r.chance(0.04)) line = toTraditional(line);
    if (r.chance(0.02)) line = toFullWidthDigits(line);
    return line;
  };
  const label = () => r.weighted([['坐席', 70], ['催收员', 8], ['客服', 8], ['专员', 5], ['', 6], ['Agent', 1], ['外访员', 2]]);
  const speak = (indent, text, lab = label()) => out.push(`${' '.repeat(indent)}${lab ? `${lab}${r.chance(0.85) ? ':' : ':'} ` : ''}${variant(text)}`);

  /** One agent line for an audience: compliant mostly, a violation at the file's rate. */
  const agentLine = (aud, pool, indent) => {
    if (r.chance(violationRate)) {
      const v = r.pick(VIOLATIONS.filter((x) => x.aud.includes(aud)));
      if (v) {
        if (r.chance(0.03)) out.push(`${' '.repeat(indent)}// parley-disable-next-line ${v.rule} -- 培训反例,合规已审`);
        speak(indent, r.pick(v.lines));
        return;
      }
    }
    let line = r.pick(pool);
    if (r.chance(0.01)) line = line.replace('{amount}', '{amout}'); // unknown placeholder
    speak(indent, line);
  };

  const poolFor = (aud, ch) => {
    if (ch === 'sms' || ch === '短信') return SMS;
    switch (aud) {
      case 'unverified': return UNVERIFIED_MORE;
      case 'debtor': case 'co-borrower': return ch === 'visit' || ch === '上门' ? DEBTOR.concat(VISIT) : DEBTOR;
      case 'guarantor': return GUARANTOR.concat(DEBTOR.slice(5, 12));
      case 'heir': return HEIR;
      case 'informed-contact': return INFORMED.concat(CONTACT.slice(2));
      case 'public': return PUBLIC;
      default: return CONTACT;
    }
  };

  const header = (title, aud, extra = []) => {
    out.push(`${r.chance(0.03) ? '标题' : 'title'}: ${title}`);
    if (r.chance(0.005)) out.push('audience: debtr');
    else if (!r.chance(0.004)) out.push(`${r.chance(0.05) ? '对象' : 'audience'}: ${r.pick(A[aud])}`);
    for (const e of extra) out.push(e);
    if (r.chance(0.15)) out.push(`stage: ${r.weighted(STAGES)}`);
    if (r.chance(0.004)) out.push('colour: red');
    out.push('---');
  };

  /** Other files' anchors to jump to (some typos: undefined-jump). */
  const crossTarget = (kind) => {
    let k = r.int(0, totalFiles - 1);
    if (k === fileIdx) k = (k + 1) % totalFiles;
    const t = anchorTitles(k)[kind];
    return r.chance(0.01) ? t.replace('-', '_') : t;
  };

  const body = (aud, n, indent, pool) => {
    for (let i = 0; i < n; i++) {
      if (r.chance(0.05)) out.push(`${' '.repeat(indent)}// ${r.pick(['备注:语气放缓', '注意录音', '根据客户回答调整', 'TODO: 合规复核'])}`);
      agentLine(aud, pool, indent);
    }
  };

  /** A node with options, nested branches and jumps. */
  const node = (title, aud, opts = {}) => {
    if (emitted.has(title) && !r.chance(0.3)) title = `${title}-${nodeNo}`;
    emitted.add(title);
    nodeNo++;
    const extra = [];
    if (opts.start) extra.push('tags: start');
    if ((channel === 'visit' || channel === '上门') && r.chance(0.8)) extra.push(`agents: ${r.pick([2, 2, 3, 1])}`);
    header(title, aud, extra);
    const pool = poolFor(aud, channel);
    if (aud === 'unverified') {
      agentLine('unverified', OPEN_UNVERIFIED, 0);
      out.push(`-> 客户: ${r.pick(['是我。', '是的,你说。', '我就是,什么事?'])}`);
      out.push(`    <<jump ${r.chance(0.7) ? anchors.debtor : crossTarget('debtor')}>>`);
      out.push(`-> 客户: ${r.pick(['他不在,我是他朋友。', '我是他同事,他出去了。', '我是他邻居。'])}`);
      out.push(`    <<jump ${r.chance(0.8) ? anchors.contact : crossTarget('contact')}>>`);
      out.push('-> 客户: 你打错了。');
      out.push(`    坐席: ${r.pick(UNVERIFIED_MORE.slice(4))}`);
      out.push('    <<end>>');
      if (r.chance(0.01)) out.push(`<<jump ${anchors.debtor}>>`); // jump without an answer
    } else {
      const first = aud === 'debtor' || aud === 'co-borrower' ? r.pick(DEBTOR.slice(0, 2)) : r.pick(pool);
      speak(0, first);
      body(aud, r.int(2, 6), 0, pool);
      const options = r.int(1, 4);
      for (let o = 0; o < options; o++) {
        out.push(`-> ${r.chance(0.9) ? '客户: ' : ''}${r.pick(RESPONDENT)}`);
        body(aud, r.int(1, 4), 4, pool);
        if (r.chance(0.4)) {
          out.push(`    -> 客户: ${r.pick(RESPONDENT)}`);
          body(aud, r.int(1, 3), 8, pool);
          if (r.chance(0.3)) {
            out.push(`        -> 客户: ${r.pick(RESPONDENT)}`);
            body(aud, r.int(1, 2), 12, pool);
            out.push(`        <<jump ${r.chance(0.5) ? anchors.close : crossTarget('close')}>>`);
          }
        }
        if (r.chance(0.25)) out.push(`    <<jump ${r.chance(0.6) ? anchors.close : crossTarget('close')}>>`);
        else if (r.chance(0.1)) out.push('    <<end>>');
      }
      if (r.chance(0.5)) speak(0, r.pick(CLOSING));
      if (r.chance(0.005)) out.push('孙经理: 我来跟您说一下。');
      if (r.chance(0.003)) out.push('<<wait 3>>');
      if (r.chance(0.002)) out.push('坐席: 您好像还有一个{未知');
    }
    if (!r.chance(0.003)) out.push('===');
    out.push('');
  };

  // Anchors first: an opener, the debtor node and the contact node, then scenarios until the target.
  node(anchors.open, 'unverified', { start: r.chance(0.5) });
  node(anchors.debtor, 'debtor');
  node(anchors.contact, r.pick(['contact', 'employer', 'family']));
  const kinds = [['debtor', 30], ['unverified', 10], ['co-borrower', 5], ['guarantor', 5], ['heir', 3], ['spouse', 4], ['family', 6], ['informed-contact', 5], ['contact', 10], ['employer', 6], ['public', 2]];
  const names = { debtor: '本人', unverified: '核身', 'co-borrower': '共借人', guarantor: '担保人', heir: '继承人', spouse: '配偶', family: '家属', 'informed-contact': '知情人', contact: '联系人', employer: '单位', public: '群发' };
  while (out.length < targetLines - 12) {
    const aud = r.weighted(kinds);
    const dup = r.chance(0.002);
    node(dup ? anchors.debtor : `${prefix}-${names[aud]}-${nodeNo}`, aud);
  }
  node(anchors.close, 'debtor');
  return out.join(r.chance(0.03) ? '\r\n' : '\n') + '\n';
}

// ---------------------------------------------------------------- main
export function generate(o) {
  const manifest = path.join(o.out, 'MANIFEST.json');
  const wanted = { seed: o.seed, files: o.files, minLines: o.minLines, generator: 3 };
  if (!o.force && fs.existsSync(manifest)) {
    try {
      const m = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      if (JSON.stringify(m.params) === JSON.stringify(wanted)) return m;
    } catch {
      /* regenerate */
    }
  }
  fs.rmSync(o.out, { recursive: true, force: true });
  fs.mkdirSync(o.out, { recursive: true });
  const r = rng(o.seed);
  const per = Math.ceil(o.minLines / o.files);
  let lines = 0;
  let bytes = 0;
  const count = o.files;
  for (let i = 0; i < count; i++) {
    // Sizes vary from short SMS flows to long call scripts; the mean is a little above `per`.
    const target = Math.max(40, Math.round(per * (0.3 + 1.5 * r.next())));
    const text = makeFile(i, count, o.seed, target);
    const dir = path.join(o.out, `team-${pad(i % 40, 2)}`, r.pick(['call', 'm1', 'm2', 'm3', 'visit', 'sms', 'legal']));
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `script-${pad(i, 5)}.parley`);
    fs.writeFileSync(file, text);
    lines += text.split('\n').length - 1;
    bytes += Buffer.byteLength(text);
  }
  // Top up with extra lines in more files if the random sizes fell short (deterministic).
  let extra = 0;
  while (lines < o.minLines) {
    const i = count + extra++;
    const text = makeFile(i, count, o.seed, per);
    const file = path.join(o.out, 'extra', `script-${pad(i, 5)}.parley`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    lines += text.split('\n').length - 1;
    bytes += Buffer.byteLength(text);
  }
  const m = { params: wanted, files: count + extra, lines, bytes };
  fs.writeFileSync(manifest, JSON.stringify(m, null, 1) + '\n');
  return m;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const o = args(process.argv.slice(2));
  const t0 = performance.now();
  const m = generate(o);
  if (!o.quiet) process.stdout.write(`${o.out}: ${m.files} files, ${m.lines} lines, ${(m.bytes / 1e6).toFixed(1)} MB (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
}
