import { structureRule } from './helpers';

/** unknown-header: Header key not in FORMAT.md §4. Found by the parser; this module owns the id, severity and docs. */
export default structureRule({
  id: 'unknown-header',
  defaultSeverity: 'warning',
  description: { zh: '未知的头部键', en: 'Header key not in FORMAT.md §4' },
});
