import type { CompareOp, Rule } from './rule.js';

const RELATIVE_OPS: ReadonlySet<CompareOp> = new Set(['within_last_days', 'more_than_days_ago', 'within_next_days']);

/** Metrics computed from the clock at evaluation time (the rest are stored values). */
export const CLOCK_METRICS: ReadonlySet<string> = new Set(['tenure_days', 'days_in_stage']);

/**
 * True when the rule's result can change with time alone, without new data: a window
 * (`within_days`), a relative date operator, or a clock metric. Such rules are re-evaluated
 * by the scheduler; the others only when their subject's data changes.
 */
export function isRuleTimeDependent(rule: Rule): boolean {
  if ('all' in rule) return rule.all.some(isRuleTimeDependent);
  if ('any' in rule) return rule.any.some(isRuleTimeDependent);
  if ('not' in rule) return isRuleTimeDependent(rule.not);
  if ('contacts' in rule) return isRuleTimeDependent(rule.where);
  if ('in_segment' in rule || 'stage_in' in rule) return false;
  if (RELATIVE_OPS.has(rule.op)) return true;
  if ('event' in rule || 'orders' in rule) return rule.within_days !== undefined;
  if ('metric' in rule) return CLOCK_METRICS.has(rule.metric);
  return false;
}
