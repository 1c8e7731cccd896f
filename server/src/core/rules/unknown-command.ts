import { structureRule } from './helpers';

/** unknown-command: A command other than jump and end. Found by the parser; this module owns the id, severity and docs. */
export default structureRule({
  id: 'unknown-command',
  defaultSeverity: 'warning',
  description: { zh: '除 jump 和 end 以外的命令', en: 'A command other than jump and end' },
  messages: {
    unknown: { zh: '未知的命令 <<{{name}}>>：只支持 <<jump 标题>> 和 <<end>>。', en: 'Unknown command <<{{name}}>>: only <<jump title>> and <<end>> exist.' },
  },
});
