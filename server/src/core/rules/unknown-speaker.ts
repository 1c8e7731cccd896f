import { structureRule } from './helpers';

/** unknown-speaker: A speaker label that is neither built in nor declared. Found by the parser; this module owns the id, severity and docs. */
export default structureRule({
  id: 'unknown-speaker',
  defaultSeverity: 'warning',
  description: { zh: '既非内置也未声明的说话人', en: 'A speaker label that is neither built in nor declared' },
});
