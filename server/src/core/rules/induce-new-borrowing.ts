import { lexiconRule, NOT_LIABLE } from './helpers';

/** induce-new-borrowing: Pressing the debtor to borrow elsewhere, sell essentials or use credit to repay. Catalogue section red-line; lexicon: lexicons/induce-new-borrowing.json. */
export default lexiconRule({
  meta: {
    id: 'induce-new-borrowing',
    category: 'red-line',
    defaultSeverity: 'warning',
    description: { zh: '禁止诱导借新还旧、以贷还贷或变卖生活必需', en: 'Pressing the debtor to borrow elsewhere, sell essentials or use credit to repay' },
    fixable: false,
    messages: {
      found: {
        zh: '诱导借贷还款「{{term}}」：不得诱导客户借新还旧、以贷养贷或变卖必需财产；请根据客户实际能力协商分期或延期方案。',
        en: 'Inducing new borrowing "{{term}}": never press the customer to borrow elsewhere, use credit or sell essentials to repay; negotiate instalments or a deferral within their means.',
      },
    },
  },
  // The tactic presses the debtor; asking a third party to raise money is third-party-collection.
  applies: (node) => !node.audience || !NOT_LIABLE.includes(node.audience),
});
