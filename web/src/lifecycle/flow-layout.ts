import type { BoardFlow } from '../api/lifecycle';

export interface FlowNode {
  /** Stage key; null is "first placement" (subjects arriving). */
  key: string | null;
  x: number;
}

export interface FlowArc {
  from: string | null;
  to: string;
  count: number;
  /** SVG path of the arc. */
  d: string;
  width: number;
  /** Forward flows arc above the line of stages, backward ones below. */
  direction: 'forward' | 'backward';
}

export interface FlowLayout {
  width: number;
  height: number;
  baseline: number;
  nodes: FlowNode[];
  arcs: FlowArc[];
}

const MIN_WIDTH = 1.5;
const MAX_WIDTH = 14;

/**
 * An arc diagram of the flows between stages: the stages in lifecycle order on a line (after a
 * "start" point for first placements), each flow an arc from stage to stage whose thickness
 * grows with its count (square root, so small flows stay visible), forward above, backward below.
 */
export function layoutFlows(stageKeys: readonly string[], flows: readonly BoardFlow[], width: number, spacing = { margin: 48, arcHeight: 0.45 }): FlowLayout {
  const keys: (string | null)[] = [null, ...stageKeys];
  for (const flow of flows) {
    for (const key of [flow.from, flow.to]) if (key !== null && !keys.includes(key)) keys.push(key);
  }
  const step = keys.length > 1 ? (width - 2 * spacing.margin) / (keys.length - 1) : 0;
  const nodes = keys.map((key, index) => ({ key, x: spacing.margin + index * step }));
  const xOf = (key: string | null) => nodes.find((node) => node.key === key)!.x;
  const max = Math.max(1, ...flows.map((flow) => flow.count));
  let above = 0;
  let below = 0;
  const shaped = flows
    .filter((flow) => flow.count > 0 && flow.from !== flow.to)
    .map((flow) => {
      const x1 = xOf(flow.from);
      const x2 = xOf(flow.to);
      const rise = Math.abs(x2 - x1) * spacing.arcHeight;
      const direction: FlowArc['direction'] = x2 >= x1 ? 'forward' : 'backward';
      if (direction === 'forward') above = Math.max(above, rise);
      else below = Math.max(below, rise);
      return { flow, x1, x2, rise, direction };
    });
  const baseline = above + MAX_WIDTH + 8;
  const arcs = shaped.map(({ flow, x1, x2, rise, direction }) => {
    const y = direction === 'forward' ? baseline - rise : baseline + rise;
    const mid = (x1 + x2) / 2;
    const width = MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * Math.sqrt(flow.count / max);
    return {
      from: flow.from,
      to: flow.to,
      count: flow.count,
      d: `M ${round(x1)} ${round(baseline)} Q ${round(mid)} ${round(2 * y - baseline)} ${round(x2)} ${round(baseline)}`,
      width: round(width),
      direction,
    };
  });
  // Thick arcs first, so thin ones stay on top and visible.
  arcs.sort((a, b) => b.width - a.width);
  return { width, height: baseline + below + MAX_WIDTH + 40, baseline, nodes, arcs };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
