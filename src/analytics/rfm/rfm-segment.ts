/**
 * The classic RFM segments over the recency (R) and frequency (F) quintile scores, 1-5 each,
 * as the widely used 5 x 5 grid assigns them (every cell belongs to exactly one segment):
 *
 *          F: 1              2-3                  4-5
 *   R 5     new customers    potential loyalists  champions
 *   R 4     promising        potential loyalists  loyal
 *   R 3     about to sleep   about to sleep (F2), need attention (F3)  loyal
 *   R 1-2   hibernating (F1-2), at risk (F3-4), can't lose them (F5)
 */
export const RFM_SEGMENTS = [
  { key: 'champions', name: 'Champions' },
  { key: 'loyal', name: 'Loyal' },
  { key: 'potential_loyalists', name: 'Potential loyalists' },
  { key: 'new_customers', name: 'New customers' },
  { key: 'promising', name: 'Promising' },
  { key: 'need_attention', name: 'Need attention' },
  { key: 'about_to_sleep', name: 'About to sleep' },
  { key: 'at_risk', name: 'At risk' },
  { key: 'cant_lose_them', name: "Can't lose them" },
  { key: 'hibernating', name: 'Hibernating' },
] as const;

export type RfmSegmentKey = (typeof RFM_SEGMENTS)[number]['key'];

/** SQL: the segment key of the scores in columns `r` and `f`. */
export function rfmSegmentSql(r: string, f: string): string {
  return `CASE
    WHEN ${r} = 5 AND ${f} >= 4 THEN 'champions'
    WHEN ${r} >= 3 AND ${f} >= 4 THEN 'loyal'
    WHEN ${r} >= 4 AND ${f} >= 2 THEN 'potential_loyalists'
    WHEN ${r} = 5 THEN 'new_customers'
    WHEN ${r} = 4 THEN 'promising'
    WHEN ${r} = 3 AND ${f} = 3 THEN 'need_attention'
    WHEN ${r} = 3 THEN 'about_to_sleep'
    WHEN ${f} = 5 THEN 'cant_lose_them'
    WHEN ${f} >= 3 THEN 'at_risk'
    ELSE 'hibernating'
  END`;
}

/** The same assignment in JavaScript (for tests and for presenting one account's scores). */
export function rfmSegmentOf(r: number, f: number): RfmSegmentKey {
  if (r === 5 && f >= 4) return 'champions';
  if (r >= 3 && f >= 4) return 'loyal';
  if (r >= 4 && f >= 2) return 'potential_loyalists';
  if (r === 5) return 'new_customers';
  if (r === 4) return 'promising';
  if (r === 3 && f === 3) return 'need_attention';
  if (r === 3) return 'about_to_sleep';
  if (f === 5) return 'cant_lose_them';
  if (f >= 3) return 'at_risk';
  return 'hibernating';
}
