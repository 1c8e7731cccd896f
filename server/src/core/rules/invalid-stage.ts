import { structureRule } from './helpers';

/** invalid-stage: A stage value that FORMAT.md §4.1 cannot read. Found by the parser; this module owns the id, severity and docs. */
export default structureRule({
  id: 'invalid-stage',
  defaultSeverity: 'error',
  description: { zh: '无法识别的阶段取值', en: 'A stage value that FORMAT.md §4.1 cannot read' },
});
