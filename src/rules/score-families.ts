/**
 * The model families whose per-subject scores are stored in subject_scores (migration 0015): one
 * row per subject and family, one column per metric. The column names are the metric names the
 * rule language, the facts and the reports use.
 */
export const SCORE_FAMILIES = {
  /** RFM quintile scores (compute-rfm-scores.ts), model 'rfm'. */
  rfm: ['rfm_r', 'rfm_f', 'rfm_m', 'rfm_score'],
  /** A CLV model's scores (score-accounts.ts), model = the model's id. */
  clv: ['expected_purchases', 'p_active', 'expected_spend', 'clv'],
} as const;

export type ScoreFamily = keyof typeof SCORE_FAMILIES;

export const FAMILY_NAMES = Object.keys(SCORE_FAMILIES) as ScoreFamily[];

const FAMILY_OF = new Map<string, ScoreFamily>(FAMILY_NAMES.flatMap((f) => SCORE_FAMILIES[f].map((metric) => [metric, f] as const)));

/** The family that stores `metric`, or null for a name no analysis writes. */
export function scoreFamilyOf(metric: string): ScoreFamily | null {
  return FAMILY_OF.get(metric) ?? null;
}

/**
 * SQL for a LATERAL unpivot of a subject_scores row aliased `alias` into its metrics, one row
 * (metric, value) per metric of the row's family that has a value (a NULL column is a metric the
 * subject does not have): `FROM subject_scores s CROSS JOIN LATERAL ${scoreMetricRowsSql('s')}
 * AS x(metric, value)`.
 */
export function scoreMetricRowsSql(alias: string): string {
  const branches = FAMILY_NAMES.map(
    (f) => `SELECT v.metric, v.value FROM (VALUES ${[...SCORE_FAMILIES[f]].sort().map((m) => `('${m}', ${alias}.${m})`).join(', ')}) AS v(metric, value) WHERE ${alias}.family = '${f}' AND v.value IS NOT NULL`,
  );
  return `(${branches.join(' UNION ALL ')})`;
}
