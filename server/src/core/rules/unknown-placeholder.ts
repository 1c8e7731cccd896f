import { structureRule } from './helpers';

/** unknown-placeholder: A placeholder name that is neither built in nor configured. Found by the parser; this module owns the id, severity and docs. */
export default structureRule({
  id: 'unknown-placeholder',
  defaultSeverity: 'warning',
  description: { zh: '既非内置也未配置的占位符', en: 'A placeholder name that is neither built in nor configured' },
});
