import type { Rule } from '../rule';
import type { Audience } from '../vocabulary';

const AUDIENCES: Audience[] = ['contact', 'informed-contact', 'family', 'spouse'];

/** early-third-party-contact: contacting third parties while the whole stage is 5 days past due or less. */
const rule: Rule = {
  meta: {
    id: 'early-third-party-contact',
    category: 'procedure',
    defaultSeverity: 'warning',
    description: { zh: '逾期 5 天以内就联系第三方', en: 'Third parties contacted at 5 days past due or less' },
    fixable: false,
    scope: 'node',
    visits: 'node',
    audiences: AUDIENCES,
    messages: {
      early: {
        zh: '阶段 {{stage}} 的客户逾期不超过 5 天：此时通常只联系客户本人和单位电话，不致电联系人。',
        en: 'Stage {{stage}} is 5 days past due or less: this early, contact only the debtor (and the workplace number), not their contacts.',
      },
    },
  },
  check(ctx) {
    // A stage inherited from the file header is reported once, on that header line.
    const reported = new Set<number>();
    for (const node of ctx.nodes) {
      if (!node.stage) continue;
      if (node.stage.max > 5) continue;
      const header = node.node.props.stage!.header;
      if (reported.has(header.range.start.line)) continue;
      reported.add(header.range.start.line);
      ctx.report({
        messageId: 'early',
        data: { stage: header.value },
        range: header.range,
      });
    }
  },
};
export default rule;
