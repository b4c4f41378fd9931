import { sankey, sankeyLinkHorizontal, type SankeyLink, type SankeyNode } from 'd3-sankey';
import type { FlowLink } from '../api/funnel';

export interface SankeyStageNode {
  /** Stage key; '' is the start (first placements). */
  key: string;
}

export interface SankeyBand {
  from: string | null;
  to: string;
  count: number;
  /** SVG path of the band's centre line, drawn with `width` as stroke width. */
  d: string;
  width: number;
}

export interface SankeyBox {
  key: string | null;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** Subjects through the node (the larger of in- and outflow). */
  value: number;
}

export interface SankeyPicture {
  width: number;
  height: number;
  nodes: SankeyBox[];
  bands: SankeyBand[];
  /** Moves back to an earlier stage (or to the same one): a Sankey cannot draw cycles, the table lists them. */
  backward: FlowLink[];
}

const START = '';

/**
 * Lays out the lifecycle flows as a Sankey with d3-sankey: the start and the stages in lifecycle
 * order; a move forward (to a later stage) is a band, whose width is its count. Moves back would
 * make cycles, which a Sankey cannot show; they are returned apart.
 */
export function layoutSankey(stageKeys: readonly string[], links: readonly FlowLink[], width: number, height: number): SankeyPicture {
  const order = new Map<string, number>([[START, -1], ...stageKeys.map((key, index) => [key, index] as const)]);
  for (const link of links) if (!order.has(link.to)) order.set(link.to, order.size);
  const rank = (key: string | null) => order.get(key ?? START) ?? Number.MAX_SAFE_INTEGER;
  const forward = links.filter((l) => l.count > 0 && rank(l.to) > rank(l.from));
  const backward = links.filter((l) => l.count > 0 && rank(l.to) <= rank(l.from));
  const used = [...new Set(forward.flatMap((l) => [l.from ?? START, l.to]))].sort((a, b) => rank(a) - rank(b));
  if (forward.length === 0) return { width, height, nodes: [], bands: [], backward };
  const graph = sankey<SankeyStageNode, { count: number }>()
    .nodeId((node) => node.key)
    .nodeWidth(14)
    .nodePadding(24)
    .nodeSort((a, b) => rank(a.key) - rank(b.key))
    .extent([
      [1, 18],
      [width - 1, height - 4],
    ])({
    nodes: used.map((key) => ({ key })),
    links: forward.map((l) => ({ source: l.from ?? START, target: l.to, value: l.count, count: l.count })),
  });
  const path = sankeyLinkHorizontal<SankeyStageNode, { count: number }>();
  const keyOf = (node: SankeyNode<SankeyStageNode, { count: number }> | string | number) => (typeof node === 'object' ? node.key : String(node));
  const bands = graph.links.map((link: SankeyLink<SankeyStageNode, { count: number }>) => {
    const from = keyOf(link.source);
    return { from: from === START ? null : from, to: keyOf(link.target), count: link.count, d: path(link) ?? '', width: Math.max(1, link.width ?? 1) };
  });
  const nodes = graph.nodes.map((node) => ({
    key: node.key === START ? null : node.key,
    x0: node.x0 ?? 0,
    x1: node.x1 ?? 0,
    y0: node.y0 ?? 0,
    y1: node.y1 ?? 0,
    value: node.value ?? 0,
  }));
  return { width, height, nodes, bands, backward };
}
