/** Scripts the protocol tests write into their temp workspaces (besides the shared examples). */

const lines = (...l: string[]) => l.join('\n') + '\n';

/** An entry node that jumps to a node defined in another file. */
export const JUMPER = lines(
  'stage: M1',
  'channel: call',
  '',
  'title: 跳转入口',
  'audience: unverified',
  'tags: start',
  '---',
  '坐席: 您好,我是{company}的{agent_name},请问是{debtor_name}先生本人吗?',
  '-> 客户: 是我。',
  '    <<jump 远端节点>>',
  '===',
);

/** The node JUMPER jumps to (no self-identification: fine only while something jumps into it). */
export const REMOTE = lines(
  'title: 远端节点',
  'stage: M1',
  'audience: debtor',
  'channel: call',
  '---',
  '坐席: 您好,我是{agent_name},请问您今天几点方便处理还款?',
  '===',
);

/** Clean but for two fixable findings: prefer-honorific (你) and apology-wording (对不起). */
export const FIXABLE = lines(
  'stage: M3',
  'channel: call',
  '',
  'title: 可修复',
  'audience: debtor',
  'tags: start',
  '---',
  '坐席: 您好,我是{company}的{agent_name},请问是{debtor_name}先生本人吗?',
  '-> 客户: 是我。',
  '    坐席: 对不起,请问你今天几点方便还款?',
  '===',
);

/** A clean script. */
export const CLEAN = lines(
  'stage: M1',
  'channel: call',
  '',
  'title: 干净开场',
  'audience: debtor',
  '---',
  '坐席: 您好,我是{company}的{agent_name},请问是{debtor_name}先生本人吗?',
  '坐席: 请问您今天几点方便处理?',
  '===',
);

/** Written as a Chinese input method types it (FORMAT §2, v1.1): traditional keys, full-width braces, IME command brackets. */
export const IME = lines(
  '階段：M１',
  '渠道：電話',
  '',
  '標題：輸入法入口',
  '對象：聯絡人',
  '－－－',
  '坐席：您好，我是｛坐席姓名｝，麻煩您轉告他回電｛回電號碼｝，謝謝。',
  '－＞ 聯絡人：好的。',
  '    《《jump 跳转入口》》',
  '＝＝＝',
);

/**
 * One finding per fix of Ctrl+. (issue 10): a channel, a placeholder, a rule id in a suppression,
 * a jump target, a header key and an audience with a did-you-mean; an unknown speaker; a jump to
 * no node; the separator and end line an input method types (`——`, `＝＝＝＝`).
 */
export const FIXES = lines(
  'stage: M1',
  'channel: 外呼',
  '',
  'title: 开场',
  'audience: debtor',
  'tags: start',
  '---',
  '坐席: 您好，我是{company}的{agent_name}，工号{agent_id}，请问是{debtor_name}先生本人吗？',
  '坐席: 您本期应还{amout}元，请问今天几点前能先还多少？',
  '王律师: 您好。',
  '// parley-disable-next-line prefer-honorifc -- 原话引用',
  '坐席: 你好。',
  '-> 客户: 是我。',
  '    <<jump 本人首次>>',
  '-> 客户: 我不方便。',
  '    <<jump 改天再联系>>',
  '===',
  '',
  '标题：本人-首次',
  'audiance: debtor',
  'audience: debter',
  '——',
  '坐席: 请问您今天下午几点前能先还多少？',
  '＝＝＝＝',
);
