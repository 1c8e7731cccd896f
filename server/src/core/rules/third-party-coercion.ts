import { lexiconRule, NOT_LIABLE } from './helpers';

/**
 * third-party-coercion: demands and pressure on a third party (你必须…, 限你三天, 否则…找你, 后果自负).
 * Lexicon: lexicons/third-party-coercion.json. A node whose stage is invalid gets only the structure
 * finding.
 */
export default lexiconRule({
  meta: {
    id: 'third-party-coercion',
    category: 'disclosure',
    defaultSeverity: 'error',
    description: { zh: '禁止对非债务人提要求或施压', en: 'Demands and pressure on a third party' },
    fixable: false,
    audiences: NOT_LIABLE,
    messages: {
      found: {
        zh: '对第三方施压「{{term}}」：对第三方只能请求，不能强迫；请改为「麻烦您方便时转告他回电，谢谢」。',
        en: 'Pressure on a third party "{{term}}": a contact can only be asked, never pushed; say instead "麻烦您方便时转告他回电，谢谢" (please pass on a message).',
      },
    },
  },
  applies: (node) => !node.stageInvalid,
});
