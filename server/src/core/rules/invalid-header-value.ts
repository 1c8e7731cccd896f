import { structureRule } from './helpers';

/** invalid-header-value: Bad channel, time, agents, speakers or locale value. Found by the parser; this module owns the id, severity and docs. */
export default structureRule({
  id: 'invalid-header-value',
  defaultSeverity: 'error',
  description: { zh: 'channel、time、agents、speakers 或 locale 的取值无效', en: 'Bad channel, time, agents, speakers or locale value' },
});
