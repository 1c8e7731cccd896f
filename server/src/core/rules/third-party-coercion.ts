import { liabilityClaims, lexiconRule, NOT_LIABLE, overlapsAny } from './helpers';

/**
 * third-party-coercion: demands and pressure on a third party (你必须…, 限你三天, 否则…找你, 后果自负).
 * Lexicon: lexicons/third-party-coercion.json. A node whose stage is invalid gets only the structure
 * finding. A false claim that the listener is liable (你有义务偿还, 须承担连带责任: `liabilityClaims`) is
 * misleading-claim's finding, not pressure as well.
 */
export default lexiconRule({
  meta: {
    id: 'third-party-coercion',
    category: 'disclosure',
    defaultSeverity: 'error',
    description: { zh: '禁止对非债务人提要求或施压', en: 'Demands and pressure on a third party' },
    fixable: false,
    audiences: NOT_LIABLE,
    lexicons: ['third-party-coercion', 'misleading-claim'],
    messages: {
      found: {
        zh: '对第三方施压「{{term}}」：对第三方只能请求，不能强迫；请改为「麻烦您方便时转告他回电，谢谢」。',
        en: 'Pressure on a third party "{{term}}": a contact can only be asked, never pushed; say instead "麻烦您方便时转告他回电，谢谢" (please pass on a message).',
      },
    },
  },
  applies: (node) => !node.stageInvalid,
  drop: (view, m) => overlapsAny(liabilityClaims(view), m),
});
