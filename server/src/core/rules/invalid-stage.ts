import { structureRule } from './helpers';

/** invalid-stage: A stage value that FORMAT.md §4.1 cannot read. Found by the parser; this module owns the id, severity and docs. */
export default structureRule({
  id: 'invalid-stage',
  defaultSeverity: 'error',
  description: { zh: '无法识别的阶段取值', en: 'A stage value that FORMAT.md §4.1 cannot read' },
  messages: {
    invalid: {
      zh: '「{{key}}」的取值「{{value}}」无法识别：应为 M0、M1…Mn、Mn+、M1-M2、D1-5、D31+ 或 D0。',
      en: 'Unreadable stage "{{value}}": write M0, M1…Mn, Mn+, M1-M2, D1-5, D31+ or D0.',
    },
    'invalid-guess': {
      zh: '「{{key}}」的取值「{{value}}」无法识别，是不是「{{guess}}」？应为 M0、M1…Mn、Mn+、M1-M2、D1-5、D31+ 或 D0。',
      en: 'Unreadable stage "{{value}}"; did you mean "{{guess}}"? Write M0, M1…Mn, Mn+, M1-M2, D1-5, D31+ or D0.',
    },
    empty: {
      zh: '「{{key}}」没有取值：应为 M0、M1…Mn、Mn+、M1-M2、D1-5、D31+ 或 D0。',
      en: 'The stage has no value: write M0, M1…Mn, Mn+, M1-M2, D1-5, D31+ or D0.',
    },
  },
});
