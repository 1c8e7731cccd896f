/**
 * The conversation graph's layout (client/webview/conversation.ts draws it): layered, top to
 * bottom, in the manner of Sugiyama — break cycles by a depth-first search from the entry nodes,
 * layer by longest path, order each layer by the barycentres of its neighbours (a few sweeps down
 * and up), place each node under the mean of its parents. Parallel jumps become one link;
 * undefined jump targets get a box of their own. Pure: no DOM.
 */
import type { GraphEdge, GraphNode } from '../../server/src/core/graph';

export interface LayoutInput {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const NODE_W = 200;
export const NODE_H = 74;
const GAP_X = 48;
const GAP_Y = 86;
const MARGIN = 24;

export interface Box {
  id: string;
  node?: GraphNode;
  /** An undefined jump's target, drawn as its own dashed box. */
  missing?: GraphEdge;
  layer: number;
  order: number;
  x: number;
  y: number;
}
export interface Link {
  from: Box;
  to: Box;
  edges: GraphEdge[];
  back: boolean;
}

/** A layered (Sugiyama-style) layout, top to bottom. Exported shapes only; small graphs (hundreds of nodes). */
export function layout(g: LayoutInput): { boxes: Box[]; links: Link[]; width: number; height: number } {
  const boxes = new Map<string, Box>();
  for (const n of g.nodes) boxes.set(n.id, { id: n.id, node: n, layer: 0, order: 0, x: 0, y: 0 });
  const pairs = new Map<string, Link>();
  const out = new Map<string, string[]>();
  for (const e of g.edges) {
    const from = boxes.get(e.from);
    if (!from) continue;
    let to = e.to !== undefined ? boxes.get(e.to) : undefined;
    if (!to) {
      const id = `missing\0${e.from}\0${e.target}`;
      to = boxes.get(id) ?? { id, missing: e, layer: 0, order: 0, x: 0, y: 0 };
      boxes.set(id, to);
    }
    const key = `${from.id}\0${to.id}`;
    const link = pairs.get(key);
    if (link) link.edges.push(e);
    else {
      pairs.set(key, { from, to, edges: [e], back: false });
      out.set(from.id, [...(out.get(from.id) ?? []), to.id]);
    }
  }
  // Break cycles: a depth-first search from the entry nodes (then any node left) marks the edges
  // that return to a node on the stack.
  const all = [...boxes.values()];
  const state = new Map<string, 1 | 2>();
  const discovery: Box[] = [];
  const roots = [...all.filter((b) => b.node?.entry), ...all];
  for (const root of roots) {
    if (state.has(root.id)) continue;
    const stack: { id: string; i: number }[] = [{ id: root.id, i: 0 }];
    state.set(root.id, 1);
    discovery.push(root);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const next = (out.get(top.id) ?? [])[top.i++];
      if (next === undefined) {
        state.set(top.id, 2);
        stack.pop();
        continue;
      }
      const s = state.get(next);
      if (s === 1) pairs.get(`${top.id}\0${next}`)!.back = true;
      else if (s === undefined) {
        state.set(next, 1);
        discovery.push(boxes.get(next)!);
        stack.push({ id: next, i: 0 });
      }
    }
  }
  const links = [...pairs.values()];
  // Layers: longest path over the forward edges (Kahn's order).
  const indeg = new Map(all.map((b) => [b.id, 0]));
  for (const l of links) if (!l.back && l.from !== l.to) indeg.set(l.to.id, indeg.get(l.to.id)! + 1);
  const forward = new Map<Box, Link[]>();
  for (const l of links) if (!l.back && l.from !== l.to) forward.set(l.from, [...(forward.get(l.from) ?? []), l]);
  const queue = discovery.filter((b) => indeg.get(b.id) === 0);
  for (let i = 0; i < queue.length; i++) {
    const b = queue[i];
    for (const l of forward.get(b) ?? []) {
      l.to.layer = Math.max(l.to.layer, b.layer + 1);
      indeg.set(l.to.id, indeg.get(l.to.id)! - 1);
      if (indeg.get(l.to.id) === 0) queue.push(l.to);
    }
  }
  const layers: Box[][] = [];
  for (const b of discovery) (layers[b.layer] ??= []).push(b);
  for (let i = 0; i < layers.length; i++) layers[i] ??= [];
  const renumber = () => layers.forEach((layer) => layer.forEach((b, i) => (b.order = i)));
  renumber();
  // Order within layers: barycentres of the neighbours in the layer above, then below.
  const preds = new Map<Box, Box[]>();
  const succs = new Map<Box, Box[]>();
  for (const l of links) {
    if (l.from === l.to) continue;
    preds.set(l.to, [...(preds.get(l.to) ?? []), l.from]);
    succs.set(l.from, [...(succs.get(l.from) ?? []), l.to]);
  }
  const sweep = (layer: Box[], near: Map<Box, Box[]>, adjacent: number) => {
    const bary = new Map<Box, number>();
    for (const b of layer) {
      const ns = (near.get(b) ?? []).filter((n) => n.layer === adjacent);
      bary.set(b, ns.length ? ns.reduce((s, n) => s + n.order, 0) / ns.length : b.order);
    }
    layer.sort((a, b) => bary.get(a)! - bary.get(b)! || a.order - b.order);
    layer.forEach((b, i) => (b.order = i));
  };
  for (let it = 0; it < 4; it++) {
    for (let i = 1; i < layers.length; i++) sweep(layers[i], preds, i - 1);
    for (let i = layers.length - 2; i >= 0; i--) sweep(layers[i], succs, i + 1);
  }
  // Coordinates: each node under the mean of its parents, pushed right to keep the gaps.
  for (const layer of layers) {
    let minX = 0;
    for (const b of layer) {
      const ps = (preds.get(b) ?? []).filter((p) => p.layer < b.layer);
      const want = ps.length ? ps.reduce((s, p) => s + p.x, 0) / ps.length : minX;
      b.x = Math.max(minX, want);
      minX = b.x + NODE_W + GAP_X;
    }
  }
  let width = 0;
  for (const b of all) {
    b.y = MARGIN + b.layer * (NODE_H + GAP_Y);
    b.x += MARGIN;
    width = Math.max(width, b.x + NODE_W + MARGIN);
  }
  const backRoom = links.some((l) => l.back || l.from.layer === l.to.layer) ? 80 : 0;
  return { boxes: all, links, width: width + backRoom, height: MARGIN * 2 + layers.length * (NODE_H + GAP_Y) - GAP_Y };
}

