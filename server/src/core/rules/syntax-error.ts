import { structureRule } from './helpers';

/** syntax-error: Malformed structure: missing --- or ===, text outside a node, header line in a body, unterminated placeholder or command. Found by the parser; this module owns the id, severity and docs. */
export default structureRule({
  id: 'syntax-error',
  defaultSeverity: 'error',
  // (a mistyped separator or end line, such as the IME's `——`, is replaced by `---` or `===`)
  fixable: true,
  description: { zh: '结构错误：缺少 --- 或 ===、正文在节点外、正文中的头部行、未闭合的占位符或命令', en: 'Malformed structure: missing --- or ===, text outside a node, header line in a body, unterminated placeholder or command' },
  messages: {
    'empty-title': { zh: '节点标题为空：在 title: 之后写上节点标题。', en: 'The node title is empty: write a title after "title:".' },
    'title-command': { zh: '节点标题「{{title}}」不能包含 << 或 >>（也不能包含《《、》》、＜＜、＞＞）。', en: 'The node title "{{title}}" must not contain << or >> (nor their full-width forms).' },
    'no-separator': { zh: '节点「{{title}}」缺少分隔行 ---（头部之后、正文之前）。', en: 'Node "{{title}}" has no "---" line between its header and its body.' },
    'not-closed': { zh: '节点「{{title}}」缺少结束行 ===。', en: 'Node "{{title}}" is not closed with "===".' },
    'unterminated-placeholder': { zh: '占位符缺少右花括号 }。', en: 'Unterminated placeholder: "{" without "}".' },
    'unterminated-command': { zh: '命令缺少结束符 >>。', en: 'Unterminated command: "<<" without ">>".' },
    'text-after-command': { zh: '命令之后不应再有文字：把文字写到下一行。', en: 'Text after a command: write it on a line of its own.' },
    'jump-no-target': { zh: '<<jump>> 需要目标节点标题，例如 <<jump 核实身份>>。', en: '<<jump>> needs a node title, e.g. <<jump verify>>.' },
    'end-with-argument': { zh: '<<end>> 不接参数。', en: '<<end>> takes no argument.' },
    'header-in-body': { zh: '正文中出现头部行「{{line}}」：头部行必须写在 --- 之前。', en: 'Header line "{{line}}" inside a node body: header lines go before "---".' },
    'stray-delimiter': { zh: '多余的「{{line}}」：它不属于任何节点（节点以 title: 开始）。', en: 'Stray "{{line}}" outside a node (a node starts with "title:").' },
    'header-outside-node': { zh: '节点之外的头部行「{{key}}」：文件级默认值必须写在第一个 title: 之前。', en: 'Header line "{{key}}" outside a node: file-level defaults go before the first "title:".' },
    'text-outside-node': { zh: '正文出现在节点之外：节点以 title: 开始，头部之后写 ---，正文以 === 结束。', en: 'Body text outside a node: a node starts with "title:", its header ends with "---" and its body with "===".' },
    'bad-separator': { zh: '分隔行必须恰好是三个减号 ---，而不是「{{line}}」。', en: 'The header separator must be exactly "---", not "{{line}}".' },
    'bad-header-line': { zh: '节点头部应为「键: 值」，头部之后写 --- 再写正文。', en: 'Expected "key: value" in a node header; write "---" before the body.' },
    'bad-end': { zh: '结束行必须恰好是三个等号 ===，而不是「{{line}}」。', en: 'The end line must be exactly "===", not "{{line}}".' },
    'separator-in-body': { zh: '正文中多余的 ---。', en: 'Unexpected "---" inside a node body.' },
  },
});
