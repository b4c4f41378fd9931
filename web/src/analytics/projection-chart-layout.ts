import type { ProjectionRow } from '../api/retention-projection';
import { tickStep, type ChartBox } from './retention-chart-layout';

export interface ProjectionLayout {
  maxPeriod: number;
  /** The observed survival as a line through its points. */
  actual: string;
  actualPoints: { period: number; x: number; y: number; value: number }[];
  /** The model's survival over the followed and the projected periods. */
  projected: string;
  /** x of the last followed period: where the data end and the projection alone goes on (null without data). */
  observedEnd: number | null;
  xTicks: { period: number; x: number }[];
  yTicks: { value: number; y: number }[];
  plot: { left: number; right: number; top: number; bottom: number };
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/** SVG paths for the observed and projected survival, x in periods since acquisition and y in 0-100 %. */
export function layoutProjection(rows: readonly ProjectionRow[], box: ChartBox): ProjectionLayout {
  const plot = { left: box.margin.left, right: box.width - box.margin.right, top: box.margin.top, bottom: box.height - box.margin.bottom };
  const maxPeriod = Math.max(1, ...rows.map((row) => row.period));
  const x = (period: number) => plot.left + ((plot.right - plot.left) * period) / maxPeriod;
  const y = (value: number) => plot.bottom - (plot.bottom - plot.top) * clamp01(value);
  const path = (points: readonly { x: number; y: number }[]) => points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
  const actualPoints = rows.flatMap((row) => (row.actual === null ? [] : [{ period: row.period, x: x(row.period), y: y(row.actual), value: row.actual }]));
  const projected = path(rows.map((row) => ({ x: x(row.period), y: y(row.projected) })));
  const lastObserved = actualPoints.at(-1);
  const step = tickStep(maxPeriod, 8);
  const xTicks: { period: number; x: number }[] = [];
  for (let period = 0; period <= maxPeriod; period += Math.max(1, Math.round(step))) xTicks.push({ period, x: x(period) });
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((value) => ({ value, y: y(value) }));
  return { maxPeriod, actual: path(actualPoints), actualPoints, projected, observedEnd: lastObserved ? lastObserved.x : null, xTicks, yTicks, plot };
}
