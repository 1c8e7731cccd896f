import { structureRule } from './helpers';

/** invalid-audience: An audience value not in FORMAT.md §4.2. Found by the parser; this module owns the id, severity and docs. */
export default structureRule({
  id: 'invalid-audience',
  defaultSeverity: 'error',
  description: { zh: '未知的对象取值', en: 'An audience value not in FORMAT.md §4.2' },
});
