import { lexiconRule } from './helpers';

/** cash-or-personal-account: Asking for cash or payment to an agent’s personal account, WeChat, Alipay or QR code. Catalogue section red-line; lexicon: lexicons/cash-or-personal-account.json. */
export default lexiconRule({
  meta: {
    id: 'cash-or-personal-account',
    category: 'red-line',
    defaultSeverity: 'error',
    description: { zh: '禁止收取现金或要求转入个人账户、微信、支付宝', en: 'Asking for cash or payment to an agent’s personal account, WeChat, Alipay or QR code' },
    fixable: false,
    messages: {
      found: {
        zh: '非官方收款「{{term}}」：禁止收取现金或要求转入个人账户；请引导客户通过官方渠道（官方App、对公账户）还款。',
        en: 'Unofficial payment "{{term}}": never take cash or payments into a personal account; direct the customer to the official channels (the official app, the company account).',
      },
    },
  },
});
