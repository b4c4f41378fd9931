import type { Queryable } from '../db/database.js';

/**
 * Stores new values of account metrics (subject_metrics) computed by one analysis, set-based and
 * writing only the rows that change: a value that differs, a metric the account did not have, or
 * one another model wrote. The changed rows are found with one join, deleted and inserted again
 * in the primary key's order, so the index grows at its right edge (an UPDATE or upsert of every
 * row, which a new model needs, measured several times slower on PostgreSQL). Their accounts are
 * added to `changedTable` (a temporary table with a subject_id key) for the recompute queue. Runs
 * inside the caller's transaction, which it serialises with other writers of analytics metrics of
 * the workspace (a transaction-level advisory lock), so two runs cannot insert the same rows.
 * Returns the number of metric rows written.
 *
 * `source` is SQL yielding (subject_id bigint, metric text, value float8), one row per metric.
 */
export async function replaceAccountMetrics(
  tx: Queryable,
  workspaceId: number,
  input: { source: string; model: string; computedAt: Date; changedTable: string },
): Promise<number> {
  await tx.query('SELECT pg_advisory_xact_lock(7246802, $1::int)', [workspaceId]);
  await tx.exec(`CREATE TEMP TABLE metric_changes (subject_id bigint NOT NULL, metric text NOT NULL, value float8) ON COMMIT DROP`);
  const changed = await tx.execute(
    `INSERT INTO metric_changes (subject_id, metric, value)
     SELECT n.subject_id, n.metric, n.value
       FROM (${input.source}) AS n
       LEFT JOIN subject_metrics m ON m.workspace_id = $1 AND m.subject_type = 'account' AND m.metric = n.metric AND m.subject_id = n.subject_id
      WHERE m.subject_id IS NULL OR m.value IS DISTINCT FROM n.value OR m.model IS DISTINCT FROM $2`,
    [workspaceId, input.model],
  );
  if (changed > 0) {
    await tx.exec('ANALYZE metric_changes');
    await tx.execute(
      `DELETE FROM subject_metrics m USING metric_changes c
        WHERE m.workspace_id = $1 AND m.subject_type = 'account' AND m.metric = c.metric AND m.subject_id = c.subject_id`,
      [workspaceId],
    );
    await tx.execute(
      `INSERT INTO subject_metrics (workspace_id, subject_type, subject_id, metric, value, computed_at, model)
       SELECT $1, 'account', subject_id, metric, value, $2, $3 FROM metric_changes ORDER BY metric, subject_id`,
      [workspaceId, input.computedAt, input.model],
    );
    await tx.execute(`INSERT INTO ${input.changedTable} (subject_id) SELECT DISTINCT subject_id FROM metric_changes ON CONFLICT DO NOTHING`);
  }
  await tx.exec('DROP TABLE metric_changes');
  return changed;
}
