import type { Rule } from '../rules/rule.js';

export interface RuleReferences {
  /** Keys of the segments the rule reads (in_segment), anywhere in it, contact rules included. */
  segments: string[];
  /** The rule reads lifecycle stages (stage_in, or the days_in_stage metric), so it is evaluated after them. */
  stages: boolean;
}

/** What a stored rule refers to, for the reference graph of segments and the recompute order. */
export function listRuleReferences(rule: Rule): RuleReferences {
  const segments = new Set<string>();
  let stages = false;
  const walk = (r: Rule): void => {
    if ('all' in r) r.all.forEach(walk);
    else if ('any' in r) r.any.forEach(walk);
    else if ('not' in r) walk(r.not);
    else if ('in_segment' in r) segments.add(r.in_segment);
    else if ('stage_in' in r) stages = true;
    else if ('metric' in r && r.metric === 'days_in_stage') stages = true;
    else if ('contacts' in r) walk(r.where);
  };
  walk(rule);
  return { segments: [...segments], stages };
}
