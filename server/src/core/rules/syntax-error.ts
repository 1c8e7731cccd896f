import { structureRule } from './helpers';

/** syntax-error: Malformed structure: missing --- or ===, text outside a node, header line in a body, unterminated placeholder or command. Found by the parser; this module owns the id, severity and docs. */
export default structureRule({
  id: 'syntax-error',
  defaultSeverity: 'error',
  description: { zh: '结构错误:缺少 --- 或 ===、正文在节点外、正文中的头部行、未闭合的占位符或命令', en: 'Malformed structure: missing --- or ===, text outside a node, header line in a body, unterminated placeholder or command' },
});
