import type { EventCondition, MetricCondition, OrderCondition, SegmentCondition, StageCondition, TraitCondition } from './rule.js';

type Leaf = TraitCondition | EventCondition | OrderCondition | MetricCondition | SegmentCondition | StageCondition;

/**
 * The readable key of the fact a leaf reads, as stored in history as "why":
 * 'count(Order Completed, 365 d)', 'sum(Order Completed.amount where plan = "pro")',
 * 'orders.revenue(30 d)', 'metric(rfm_score)', 'tenure_days', 'traits.plan', 'segment(vip)', 'stage'.
 * Leaves reading the same fact share the label.
 */
export function factLabel(leaf: Leaf): string {
  if ('in_segment' in leaf) return `segment(${leaf.in_segment})`;
  if ('stage_in' in leaf) return 'stage';
  if ('trait' in leaf) return leaf.type && leaf.trait.startsWith('traits.') ? `${leaf.trait} (${leaf.type})` : leaf.trait;
  if ('metric' in leaf) return leaf.metric === 'tenure_days' || leaf.metric === 'days_in_stage' ? leaf.metric : `metric(${leaf.metric})`;
  const window = leaf.within_days === undefined ? '' : `${leaf.within_days} d`;
  if ('orders' in leaf) return `orders.${leaf.orders}${window ? `(${window})` : ''}`;
  const m = leaf.measure ?? { fn: 'count' as const };
  const where = (leaf.where ?? [])
    .map((w) => `${w.property} ${w.op === 'eq' ? '=' : w.op === 'neq' ? '!=' : 'in'} ${JSON.stringify(w.value)}`)
    .join(' and ');
  const target = `${leaf.event}${'property' in m ? `.${m.property}` : ''}${where ? ` where ${where}` : ''}`;
  return `${m.fn}(${target}${window ? `, ${window}` : ''})`;
}
