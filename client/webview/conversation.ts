/**
 * The page of the conversation panel (client/src/conversation.ts): draws the graph the server
 * answers to `parley/graph` with a small layered layout (no library: layers by longest path after
 * breaking cycles, order by barycentres, a few sweeps), and plays the steps of
 * `parley/playthrough` with the core's `play` (the same function other editors can use). Runs in
 * the webview with no network and no inline code (strict CSP); texts in Chinese or English.
 */
import type { GraphNode } from '../../server/src/core/graph';
import { play, type PlayEntry, type PlayFinding, type PlayNode } from '../../server/src/core/playthrough';
import { layout, NODE_H, NODE_W, type Box, type LayoutInput, type Link } from './layout';

interface VsCodeApi {
  postMessage(m: unknown): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface GraphData extends LayoutInput {
  unsafePaths: string[][];
  uris: string[];
}
interface PlayData {
  nodes: PlayNode[];
  start?: string;
  entries: string[];
  uris: string[];
}
type Mode = 'graph' | 'play';

const api = acquireVsCodeApi();
const LOCALE: 'zh' | 'en' = document.body.dataset.locale === 'en' ? 'en' : 'zh';

const TEXTS = {
  zh: {
    graph: '对话图',
    play: '对话演练',
    liable: '债务责任方',
    'not-liable': '非债务人',
    unverified: '未核身',
    unknown: '未设对象',
    entry: '入口',
    unreachable: '不可达',
    undefined: '未定义',
    duplicate: '标题重复',
    unsafe: '未核身即谈欠款',
    summary: '{0} 个节点，{1} 条跳转',
    unsafeSummary: '{0} 条路径未经对方回答就谈到欠款',
    restart: '重新开始',
    back: '后退一步',
    startAt: '起点：',
    listener: '听者：',
    answers: '对方的回答：',
    end: '通话结束（<<end>>）。',
    'fell-off': '本节点到此结束，没有跳转，也没有 <<end>>。',
    'undefined-jump': '跳转目标「{0}」不存在。',
    loop: '对话回到了已走过的节点，中间没有任何回答：会无限循环。',
    'no-start': '起点节点已不存在，请重新选择起点。',
    empty: '此文件没有节点。',
    loading: '正在加载……',
    exportDot: '导出 DOT',
    exportMermaid: '导出 Mermaid',
    zoomIn: '放大',
    zoomOut: '缩小',
    fit: '适应窗口',
    error: '错误',
    warning: '警告',
    info: '信息',
    hint: '提示',
    noAudience: '未设对象',
    noStage: '未设阶段',
    goTo: '转到源码',
  },
  en: {
    graph: 'Graph',
    play: 'Play-through',
    liable: 'liable party',
    'not-liable': 'not liable',
    unverified: 'unverified',
    unknown: 'no audience',
    entry: 'entry',
    unreachable: 'unreachable',
    undefined: 'undefined',
    duplicate: 'duplicate title',
    unsafe: 'debt before identity check',
    summary: '{0} nodes, {1} jumps',
    unsafeSummary: '{0} path(s) reach debt details before the respondent answered',
    restart: 'Restart',
    back: 'Step back',
    startAt: 'Start at:',
    listener: 'listener: ',
    answers: 'The respondent answers:',
    end: 'The call ends (<<end>>).',
    'fell-off': 'The node ends here with no jump and no <<end>>.',
    'undefined-jump': 'The jump target "{0}" does not exist.',
    loop: 'The conversation came back to a node with no answer in between: it would loop forever.',
    'no-start': 'The start node is gone; choose another start.',
    empty: 'This file has no nodes.',
    loading: 'Loading…',
    exportDot: 'Export DOT',
    exportMermaid: 'Export Mermaid',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    fit: 'Fit',
    error: 'error',
    warning: 'warning',
    info: 'info',
    hint: 'hint',
    noAudience: 'no audience',
    noStage: 'no stage',
    goTo: 'Go to source',
  },
} as const;
type Key = keyof (typeof TEXTS)['zh'];
function t(key: Key, ...args: (string | number)[]): string {
  return TEXTS[LOCALE][key].replace(/\{(\d)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));
}

/** Brackets of the page's language: （…） in Chinese text, (…) in English. */
function paren(s: string): string {
  return LOCALE === 'zh' ? `（${s}）` : ` (${s})`;
}

// ------------------------------------------------------------------ state

interface Saved {
  mode: Mode;
  /** The play-through's start, by file and title (node ids carry line numbers, which edits move). */
  start?: { uri: string; title: string };
  picks: number[];
  zoom: number;
}
const saved = (api.getState() ?? {}) as Partial<Saved>;
const state: Saved = {
  mode: saved.mode ?? (document.body.dataset.mode === 'play' ? 'play' : 'graph'),
  start: saved.start,
  picks: Array.isArray(saved.picks) ? saved.picks : [],
  zoom: typeof saved.zoom === 'number' ? saved.zoom : 0,
};
let graph: GraphData | undefined;
let playData: PlayData | undefined;
let file = '';
let errorMessage = '';

function save(): void {
  api.setState(state);
}

// ------------------------------------------------------------------ DOM helpers

const SVG = 'http://www.w3.org/2000/svg';
function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
function svg(tag: string, attrs: Record<string, string | number> = {}, cls?: string): SVGElement {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (cls) e.setAttribute('class', cls);
  return e;
}
function button(label: string, onClick: () => void, cls = ''): HTMLButtonElement {
  const b = el('button', cls, label);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}
function reveal(uri: string, line: number): void {
  api.postMessage({ type: 'reveal', uri, line });
}
/** Display width of a text in px at the page's font size (CJK characters are wide). */
function textWidth(s: string, px = 13): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? px : px * 0.6;
  return w;
}
function clip(s: string, maxPx: number, px = 13): string {
  if (textWidth(s, px) <= maxPx) return s;
  let out = '';
  for (const ch of s) {
    if (textWidth(out + ch + '…', px) > maxPx) break;
    out += ch;
  }
  return out + '…';
}

// ------------------------------------------------------------------ layout

// ------------------------------------------------------------------ graph view

function severityCounts(n: GraphNode): string {
  const f = n.findings;
  const parts: string[] = [];
  if (f.error) parts.push(`✖ ${f.error}`);
  if (f.warning) parts.push(`⚠ ${f.warning}`);
  if (f.info + f.hint) parts.push(`ℹ ${f.info + f.hint}`);
  return parts.join('  ');
}

function nodeTooltip(n: GraphNode): string {
  const f = n.findings;
  return [
    n.title,
    `${n.audience ?? t('noAudience')}${paren(t(n.audienceClass))} · ${n.stage ?? t('noStage')}${n.channel ? ' · ' + n.channel : ''}`,
    `${t('error')} ${f.error} · ${t('warning')} ${f.warning} · ${t('info')} ${f.info} · ${t('hint')} ${f.hint}`,
    ...(n.entry ? [t('entry')] : []),
    ...(!n.reachable ? [t('unreachable')] : []),
    ...(n.duplicate ? [t('duplicate')] : []),
    ...(n.unsafe ? [t('unsafe')] : []),
    n.uri.split('/').pop() ?? '',
  ].join('\n');
}

function drawGraph(root: HTMLElement): void {
  const bar = el('div', 'toolbar');
  bar.append(
    button(t('zoomOut'), () => setZoom(state.zoom / 1.25)),
    button(t('zoomIn'), () => setZoom(state.zoom * 1.25)),
    button(t('fit'), () => setZoom(0)),
    el('span', 'spacer'),
    button(t('exportDot'), () => api.postMessage({ type: 'export', format: 'dot' })),
    button(t('exportMermaid'), () => api.postMessage({ type: 'export', format: 'mermaid' })),
  );
  root.append(bar);
  if (!graph) {
    root.append(el('p', 'note', t('loading')));
    return;
  }
  const g = graph;
  const info = el('div', 'summary');
  info.append(el('span', '', t('summary', g.nodes.length, g.edges.length)));
  if (g.unsafePaths.length) info.append(el('span', 'unsafe-count', '  ⚠ ' + t('unsafeSummary', g.unsafePaths.length)));
  root.append(info, legend());
  if (!g.nodes.length) {
    root.append(el('p', 'note', t('empty')));
    return;
  }
  const { boxes, links, width, height } = layout(g);
  const wrap = el('div', 'canvas');
  const s = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': t('graph') }, 'graph');
  s.dataset.width = String(width);
  s.dataset.height = String(height);
  const defs = svg('defs');
  for (const [id, cls] of [['arrow', 'arrowhead'], ['arrow-unsafe', 'arrowhead unsafe']]) {
    const m = svg('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    m.append(svg('path', { d: 'M0,0 L10,5 L0,10 z' }, cls));
    defs.append(m);
  }
  s.append(defs);
  const edgeLayer = svg('g');
  const labelLayer = svg('g');
  for (const l of links) drawLink(l, edgeLayer, labelLayer);
  s.append(edgeLayer);
  for (const b of boxes) s.append(drawBox(b));
  s.append(labelLayer);
  wrap.append(s);
  root.append(wrap);
  applyZoom(s, wrap);
}

function legend(): HTMLElement {
  const lg = el('div', 'legend');
  for (const c of ['liable', 'not-liable', 'unverified', 'unknown'] as const) {
    const item = el('span', 'legend-item');
    item.append(el('span', `swatch cls-${c}`), el('span', '', t(c)));
    lg.append(item);
  }
  for (const [cls, key] of [['entry', 'entry'], ['unreachable', 'unreachable'], ['missing', 'undefined'], ['unsafe', 'unsafe']] as const) {
    const item = el('span', 'legend-item');
    item.append(el('span', `swatch mark-${cls}`), el('span', '', t(key)));
    lg.append(item);
  }
  return lg;
}

function drawBox(b: Box): SVGElement {
  const grp = svg('g', { transform: `translate(${b.x},${b.y})`, tabindex: 0, role: 'button' }, 'node');
  const go = b.node ? () => reveal(b.node!.uri, b.node!.line) : () => reveal(b.missing!.uri, b.missing!.line);
  grp.addEventListener('click', go);
  grp.addEventListener('keydown', (e) => {
    if ((e as KeyboardEvent).key === 'Enter' || (e as KeyboardEvent).key === ' ') go();
  });
  const title = svg('title');
  if (b.node) {
    const n = b.node;
    const cls = ['node', `cls-${n.audienceClass}`];
    if (n.entry) cls.push('entry');
    if (!n.reachable) cls.push('unreachable');
    if (n.unsafe) cls.push('unsafe');
    if (n.duplicate) cls.push('duplicate');
    grp.setAttribute('class', cls.join(' '));
    grp.dataset.title = n.title;
    grp.setAttribute('aria-label', `${n.title} — ${t('goTo')}`);
    title.textContent = nodeTooltip(n);
    grp.append(title, svg('rect', { width: NODE_W, height: NODE_H, rx: 8 }, 'box'));
    if (n.entry) grp.append(svg('rect', { x: -4, y: -4, width: NODE_W + 8, height: NODE_H + 8, rx: 11 }, 'entry-ring'));
    grp.append(svg('rect', { width: 6, height: NODE_H, rx: 3 }, 'band'));
    const tt = svg('text', { x: 14, y: 22 }, 'title');
    tt.textContent = clip(n.title, NODE_W - 24, 14);
    const sub = svg('text', { x: 14, y: 42 }, 'sub');
    sub.textContent = clip(`${n.audience ?? t('noAudience')} · ${n.stage ?? t('noStage')}`, NODE_W - 24, 12);
    const counts = svg('text', { x: 14, y: 62 }, 'counts');
    counts.textContent = severityCounts(n);
    grp.append(tt, sub, counts);
    const tags = [n.entry ? t('entry') : '', !n.reachable ? t('unreachable') : '', n.duplicate ? t('duplicate') : ''].filter(Boolean);
    if (tags.length) {
      const tag = svg('text', { x: NODE_W - 8, y: 62, 'text-anchor': 'end' }, 'tag');
      tag.textContent = tags.join(' · ');
      grp.append(tag);
    }
  } else {
    const e = b.missing!;
    grp.setAttribute('class', 'node missing');
    grp.dataset.title = e.target;
    grp.setAttribute('aria-label', `${e.target} (${t('undefined')}) — ${t('goTo')}`);
    title.textContent = `${e.target}\n${t('undefined')}`;
    grp.append(title, svg('rect', { width: NODE_W, height: NODE_H, rx: 8 }, 'box'));
    const tt = svg('text', { x: 14, y: 30 }, 'title');
    tt.textContent = clip(e.target, NODE_W - 24, 14);
    const sub = svg('text', { x: 14, y: 52 }, 'sub');
    sub.textContent = t('undefined');
    grp.append(tt, sub);
  }
  return grp;
}

function drawLink(l: Link, edges: SVGElement, labels: SVGElement): void {
  const unsafe = l.edges.some((e) => e.unsafe);
  const answers = [...new Set(l.edges.map((e) => e.answer).filter((a): a is string => !!a))];
  const unanswered = l.edges.some((e) => !e.answered);
  let d: string;
  let mx: number;
  let my: number;
  if (l.from === l.to || l.back || l.to.layer <= l.from.layer) {
    // Back to an earlier (or the same) layer: round the right-hand side.
    const x1 = l.from.x + NODE_W;
    const y1 = l.from.y + NODE_H / 2;
    const x2 = l.to.x + NODE_W;
    const y2 = l.to.y + NODE_H / 2 + (l.from === l.to ? 16 : 0);
    const bulge = Math.max(x1, x2) + 60;
    d = `M${x1},${y1} C${bulge},${y1} ${bulge},${y2} ${x2},${y2}`;
    mx = bulge - 15;
    my = (y1 + y2) / 2;
  } else {
    const x1 = l.from.x + NODE_W / 2;
    const y1 = l.from.y + NODE_H;
    const x2 = l.to.x + NODE_W / 2;
    const y2 = l.to.y;
    const c = (y2 - y1) / 2;
    d = `M${x1},${y1} C${x1},${y1 + c} ${x2},${y2 - c} ${x2},${y2}`;
    mx = (x1 + x2) / 2;
    my = (y1 + y2) / 2;
  }
  const cls = ['edge', unsafe ? 'unsafe' : '', unanswered ? 'unanswered' : 'answered', l.to.missing ? 'to-missing' : ''].filter(Boolean).join(' ');
  const path = svg('path', { d, 'marker-end': `url(#${unsafe ? 'arrow-unsafe' : 'arrow'})` }, cls);
  const jump = l.edges[0];
  path.addEventListener('click', () => reveal(jump.uri, jump.line));
  const tip = svg('title');
  tip.textContent = l.edges.map((e) => `<<jump ${e.target}>>${e.answer ? ` ← ${e.answer}` : ''}`).join('\n');
  path.append(tip);
  edges.append(path);
  if (answers.length) {
    const text = clip(answers.join(' / '), 150, 12);
    const w = textWidth(text, 12) + 10;
    const grp = svg('g', { transform: `translate(${mx - w / 2},${my - 10})` }, `edge-label${unsafe ? ' unsafe' : ''}`);
    grp.append(svg('rect', { width: w, height: 20, rx: 4 }));
    const tx = svg('text', { x: 5, y: 14 });
    tx.textContent = text;
    const tip2 = svg('title');
    tip2.textContent = answers.join('\n');
    grp.append(tip2, tx);
    grp.addEventListener('click', () => reveal(jump.uri, jump.line));
    labels.append(grp);
  }
}

function setZoom(z: number): void {
  state.zoom = z;
  save();
  const s = document.querySelector<SVGElement>('svg.graph');
  const wrap = document.querySelector<HTMLElement>('.canvas');
  if (s && wrap) applyZoom(s, wrap);
}

/** zoom 0: fit the width of the panel (never above 1). */
function applyZoom(s: SVGElement, wrap: HTMLElement): void {
  const w = Number(s.dataset.width);
  const h = Number(s.dataset.height);
  let z = state.zoom;
  if (!(z > 0)) z = Math.min(1, Math.max(0.2, (wrap.clientWidth - 8) / w));
  z = Math.min(4, Math.max(0.1, z));
  s.setAttribute('width', String(Math.round(w * z)));
  s.setAttribute('height', String(Math.round(h * z)));
}

// ------------------------------------------------------------------ play-through view

/** The start node's id in the current data: the saved start by file and title, else the server's. */
function startId(d: PlayData): string | undefined {
  const s = state.start;
  if (s) {
    const hit = d.nodes.find((n) => n.uri === s.uri && n.title === s.title) ?? d.nodes.find((n) => n.title === s.title);
    if (hit) return hit.id;
  }
  return d.start;
}

function findingList(fs: PlayFinding[]): HTMLElement | undefined {
  if (!fs.length) return undefined;
  const ul = el('ul', 'findings');
  for (const f of fs) {
    const li = el('li', `finding sev-${f.severity}`);
    li.append(el('span', 'sev', t(f.severity)), el('code', 'rule', f.ruleId), el('span', 'msg', f.message));
    ul.append(li);
  }
  return ul;
}

function drawPlay(root: HTMLElement): void {
  const d = playData;
  const bar = el('div', 'toolbar');
  root.append(bar);
  if (!d) {
    root.append(el('p', 'note', t('loading')));
    return;
  }
  if (!d.nodes.length) {
    root.append(el('p', 'note', t('empty')));
    return;
  }
  const start = startId(d);
  const byId = new Map(d.nodes.map((n) => [n.id, n]));
  const select = el('select', 'start');
  select.setAttribute('aria-label', t('startAt'));
  const choices = [...d.entries.map((id) => byId.get(id)!).filter(Boolean)];
  if (start && !d.entries.includes(start) && byId.get(start)) choices.unshift(byId.get(start)!);
  for (const n of choices) {
    const o = el('option', '', n.title + (n.uri !== d.uris[0] ? `  (${n.uri.split('/').pop()})` : ''));
    o.value = n.id;
    if (n.id === start) o.selected = true;
    select.append(o);
  }
  select.addEventListener('change', () => {
    const n = byId.get(select.value);
    if (!n) return;
    state.start = { uri: n.uri, title: n.title };
    state.picks = [];
    render();
  });
  const back = button(t('back'), () => {
    state.picks.pop();
    render();
  }, 'back');
  back.disabled = state.picks.length === 0;
  bar.append(el('label', '', t('startAt')), select, button(t('restart'), () => {
    state.picks = [];
    render();
  }, 'restart'), back);

  const result = play(d.nodes, start ?? '', state.picks);
  // After an edit removed an answer, the picks beyond it no longer mean anything.
  if (result.picked < state.picks.length) state.picks = state.picks.slice(0, result.picked);
  save();
  const list = el('div', 'transcript');
  for (const e of result.transcript) list.append(entryRow(e, byId));
  const tail = el('div', `stop stop-${result.stop}`);
  if (result.stop === 'choice') {
    tail.append(el('div', 'prompt', t('answers')));
    result.options.forEach((o, i) => {
      const b = button((o.speaker ? `${o.speaker}：` : '') + o.text, () => {
        state.picks.push(i);
        render();
        document.querySelector('.stop')?.scrollIntoView({ block: 'end' });
      }, 'answer-option');
      b.dataset.index = String(i);
      tail.append(b);
    });
  } else {
    const last = result.transcript[result.transcript.length - 1];
    tail.append(el('div', 'prompt', t(result.stop, result.stop === 'undefined-jump' ? (last?.text ?? '') : '')));
  }
  list.append(tail);
  root.append(list);
}

function entryRow(e: PlayEntry, byId: Map<string, PlayNode>): HTMLElement {
  const row = el('div', `line kind-${e.kind}${e.role ? ' role-' + e.role : ''}${e.findings.length ? ' has-findings' : ''}`);
  row.tabIndex = 0;
  row.title = t('goTo');
  const go = () => reveal(e.uri, e.line);
  row.addEventListener('click', go);
  row.addEventListener('keydown', (k) => {
    if (k.key === 'Enter') go();
  });
  if (e.kind === 'node') {
    const n = byId.get(e.node);
    row.append(el('span', 'node-title', e.text));
    if (n) {
      row.classList.add(`cls-${n.audienceClass}`);
      const cls = n.audience === n.audienceClass ? '' : paren(t(n.audienceClass));
      row.append(el('span', 'node-meta', `${t('listener')}${n.audience ?? t('noAudience')}${cls} · ${n.stage ?? t('noStage')}`));
    }
  } else if (e.kind === 'jump') {
    row.append(el('span', 'text', `→ ${e.text}`));
  } else if (e.kind === 'end') {
    row.append(el('span', 'text', '<<end>>'));
  } else {
    if (e.speaker) row.append(el('span', 'speaker', e.speaker + '：'));
    row.append(el('span', 'text', e.text));
  }
  const fl = findingList(e.findings);
  if (fl) row.append(fl);
  return row;
}

// ------------------------------------------------------------------ page

function render(): void {
  const app = document.getElementById('app')!;
  app.textContent = '';
  document.body.dataset.mode = state.mode;
  const tabs = el('div', 'tabs');
  tabs.setAttribute('role', 'tablist');
  for (const m of ['graph', 'play'] as const) {
    const b = button(t(m), () => {
      if (state.mode === m) return;
      state.mode = m;
      save();
      api.postMessage({ type: 'mode', mode: m });
      render();
    }, `tab${state.mode === m ? ' active' : ''}`);
    b.setAttribute('role', 'tab');
    b.setAttribute('aria-selected', String(state.mode === m));
    b.dataset.mode = m;
    tabs.append(b);
  }
  tabs.append(el('span', 'file', file));
  app.append(tabs);
  if (errorMessage) app.append(el('p', 'error', errorMessage));
  const body = el('div', `view view-${state.mode}`);
  app.append(body);
  if (state.mode === 'graph') drawGraph(body);
  else drawPlay(body);
}

window.addEventListener('message', (ev: MessageEvent) => {
  const m = ev.data as { type?: string; data?: unknown; restart?: boolean; mode?: Mode; file?: string; message?: string };
  if (!m || typeof m !== 'object') return;
  if (m.type === 'graph') {
    graph = m.data as GraphData;
    file = m.file ?? file;
    errorMessage = '';
  } else if (m.type === 'play') {
    playData = m.data as PlayData;
    file = m.file ?? file;
    errorMessage = '';
    if (m.restart) {
      const start = playData.nodes.find((n) => n.id === playData!.start);
      state.start = start ? { uri: start.uri, title: start.title } : undefined;
      state.picks = [];
    }
  } else if (m.type === 'mode') {
    state.mode = m.mode === 'play' ? 'play' : 'graph';
  } else if (m.type === 'error') {
    errorMessage = m.message ?? '';
  } else return;
  save();
  // Keep the reader's place in the graph across updates.
  const canvas = document.querySelector('.canvas');
  const scroll = canvas ? [canvas.scrollLeft, canvas.scrollTop] : undefined;
  render();
  const next = document.querySelector('.canvas');
  if (scroll && next) [next.scrollLeft, next.scrollTop] = scroll;
});
window.addEventListener('resize', () => {
  if (state.zoom > 0) return;
  const s = document.querySelector<SVGElement>('svg.graph');
  const wrap = document.querySelector<HTMLElement>('.canvas');
  if (s && wrap) applyZoom(s, wrap);
});

render();
api.postMessage({ type: 'ready' });
