import type { RetentionCurve } from '../api/analytics';

export interface ChartBox {
  width: number;
  height: number;
  /** Room for the axes: left, right, top, bottom. */
  margin: { left: number; right: number; top: number; bottom: number };
}

export interface CurveLayout {
  group: string;
  /** The Kaplan-Meier step line. */
  line: string;
  /** The confidence band: the upper steps forwards, the lower steps back. */
  band: string;
}

export interface RetentionLayout {
  maxDays: number;
  curves: CurveLayout[];
  xTicks: { days: number; x: number }[];
  yTicks: { value: number; y: number }[];
  plot: { left: number; right: number; top: number; bottom: number };
}

interface Step {
  days: number;
  value: number;
}

/** A tidy tick step (1, 2 or 5 times a power of ten) giving about `count` ticks up to `max`. */
export function tickStep(max: number, count: number): number {
  if (!(max > 0)) return 1;
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const scaled = raw / power;
  const nice = scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * The survival curve starts at 1 on day 0 and holds each value until the next event (a step
 * function); the last value is held to `maxDays`.
 */
function stepPoints(steps: readonly Step[], maxDays: number): Step[] {
  const sorted = [...steps].sort((a, b) => a.days - b.days);
  const out: Step[] = [];
  if (sorted.length === 0 || (sorted[0]?.days ?? 0) > 0) out.push({ days: 0, value: 1 });
  for (const step of sorted) {
    const previous = out.at(-1);
    if (previous) out.push({ days: step.days, value: previous.value });
    out.push(step);
  }
  const last = out.at(-1);
  if (last && last.days < maxDays) out.push({ days: maxDays, value: last.value });
  return out;
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/** SVG paths for Kaplan-Meier curves with their confidence bands, x in days and y in 0-100 %. */
export function layoutRetention(curves: readonly RetentionCurve[], box: ChartBox): RetentionLayout {
  const plot = { left: box.margin.left, right: box.width - box.margin.right, top: box.margin.top, bottom: box.height - box.margin.bottom };
  const maxDays = Math.max(1, ...curves.flatMap((curve) => curve.points.map((point) => point.days)));
  const x = (days: number) => plot.left + ((plot.right - plot.left) * days) / maxDays;
  const y = (value: number) => plot.bottom - (plot.bottom - plot.top) * clamp01(value);
  const path = (steps: readonly Step[]) => steps.map((s, i) => `${i === 0 ? 'M' : 'L'}${x(s.days).toFixed(1)},${y(s.value).toFixed(1)}`).join(' ');

  const laid = curves.map((curve) => {
    const line = stepPoints(curve.points.map((p) => ({ days: p.days, value: p.retention })), maxDays);
    const upper = stepPoints(curve.points.map((p) => ({ days: p.days, value: p.upper })), maxDays);
    const lower = stepPoints(curve.points.map((p) => ({ days: p.days, value: p.lower })), maxDays);
    const band = `${path(upper)} ${path([...lower].reverse()).replace(/^M/, 'L')} Z`;
    return { group: curve.group, line: path(line), band };
  });

  const step = tickStep(maxDays, 6);
  const xTicks: { days: number; x: number }[] = [];
  for (let days = 0; days <= maxDays; days += step) xTicks.push({ days, x: x(days) });
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((value) => ({ value, y: y(value) }));
  return { maxDays, curves: laid, xTicks, yTicks, plot };
}
