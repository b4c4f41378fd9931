import type { Queryable } from '../../db/database.js';
import { SCORE_FAMILIES } from '../../rules/score-families.js';

/** The four metrics an RFM run writes per account (family and model 'rfm'). */
export const RFM_METRICS = SCORE_FAMILIES.rfm;

/**
 * Serialises the transaction with every other writer of analytics metrics of the workspace
 * (the same transaction-level advisory lock as replace-account-scores.ts), so two runs
 * cannot write the same rows.
 */
export async function lockAnalyticsMetrics(tx: Queryable, workspaceId: number): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(7246802, $1::int)', [workspaceId]);
}

/**
 * Writes an RFM run's changes into subject_scores (family 'rfm', one row per account) from the
 * temporary table rfm_changed (subject_id, gone, r, f, m: the accounts whose scores changed or
 * appeared, and those that no longer have orders): their old rows go, and new ones are written
 * for all but the gone, in the primary key's order so the index grows at its right edge. A run
 * that changed nothing writes nothing. Returns how many accounts changed and how many of them are gone.
 */
export async function storeRfmChanges(tx: Queryable, workspaceId: number, computedAt: Date): Promise<{ changed: number; removed: number }> {
  const [counts] = await tx.query<{ changed: number; removed: number; had: boolean }>(
    `SELECT count(*)::int AS changed, (count(*) FILTER (WHERE gone))::int AS removed,
            EXISTS (SELECT 1 FROM subject_scores m WHERE m.workspace_id = $1 AND m.subject_type = 'account' AND m.family = 'rfm') AS had
       FROM rfm_changed`,
    [workspaceId],
  );
  const { changed, removed, had } = counts!;
  if (changed === 0) return { changed, removed };
  await tx.exec('ANALYZE rfm_changed');
  // A first run has nothing to delete.
  if (had) {
    await tx.execute(
      `DELETE FROM subject_scores m USING rfm_changed c
        WHERE m.workspace_id = $1 AND m.subject_type = 'account' AND m.family = 'rfm' AND m.subject_id = c.subject_id`,
      [workspaceId],
    );
  }
  await tx.execute(
    `INSERT INTO subject_scores (workspace_id, subject_type, family, subject_id, model, computed_at, rfm_r, rfm_f, rfm_m, rfm_score)
     SELECT $1, 'account', 'rfm', c.subject_id, 'rfm', $2, c.r, c.f, c.m, 100 * c.r + 10 * c.f + c.m
       FROM rfm_changed c WHERE NOT c.gone ORDER BY c.subject_id`,
    [workspaceId, computedAt],
  );
  return { changed, removed };
}
