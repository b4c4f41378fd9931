import type { Queryable } from '../../db/database.js';

/** The four metrics an RFM run writes per account (model 'rfm'). */
export const RFM_METRICS = ['rfm_r', 'rfm_f', 'rfm_m', 'rfm_score'] as const;

/**
 * Serialises the transaction with every other writer of analytics metrics of the workspace
 * (the same transaction-level advisory lock as replace-account-metrics.ts), so two runs
 * cannot write the same rows.
 */
export async function lockAnalyticsMetrics(tx: Queryable, workspaceId: number): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(7246802, $1::int)', [workspaceId]);
}

/**
 * Writes an RFM run's changes into subject_metrics from the temporary table rfm_changed
 * (subject_id, gone, r, f, m: the accounts whose scores changed or appeared, and those that no
 * longer have orders): their old rows go, and new ones are written for all but the gone, in the
 * primary key's order so the index grows at its right edge. A run that changed nothing writes
 * nothing. Returns how many accounts changed and how many of them are gone.
 */
export async function storeRfmChanges(tx: Queryable, workspaceId: number, computedAt: Date): Promise<{ changed: number; removed: number }> {
  const [counts] = await tx.query<{ changed: number; removed: number; had: boolean }>(
    `SELECT count(*)::int AS changed, (count(*) FILTER (WHERE gone))::int AS removed,
            EXISTS (SELECT 1 FROM subject_metrics m WHERE m.workspace_id = $1 AND m.subject_type = 'account' AND m.metric = 'rfm_score') AS had
       FROM rfm_changed`,
    [workspaceId],
  );
  const { changed, removed, had } = counts!;
  if (changed === 0) return { changed, removed };
  await tx.exec('ANALYZE rfm_changed');
  const metrics = `'${RFM_METRICS.join("', '")}'`;
  // A first run has nothing to delete.
  if (had) {
    await tx.execute(
      `DELETE FROM subject_metrics m USING rfm_changed c
        WHERE m.workspace_id = $1 AND m.subject_type = 'account' AND m.metric IN (${metrics}) AND m.subject_id = c.subject_id`,
      [workspaceId],
    );
  }
  // Metric by metric, each in account order (the primary key's order, so the index grows at its
  // right edge): a loop over the four metrics instead of sorting every row by its metric name.
  await tx.execute(
    `INSERT INTO subject_metrics (workspace_id, subject_type, subject_id, metric, value, computed_at, model)
     SELECT $1, 'account', c.subject_id, v.metric,
            CASE v.metric WHEN 'rfm_r' THEN c.r WHEN 'rfm_f' THEN c.f WHEN 'rfm_m' THEN c.m ELSE 100 * c.r + 10 * c.f + c.m END::float8, $2, 'rfm'
       FROM unnest($3::text[]) WITH ORDINALITY AS v(metric, k)
      CROSS JOIN LATERAL (SELECT * FROM rfm_changed c WHERE NOT c.gone ORDER BY c.subject_id) c
      ORDER BY v.k`,
    [workspaceId, computedAt, [...RFM_METRICS].sort()],
  );
  return { changed, removed };
}
