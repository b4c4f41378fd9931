import type { Queryable } from '../../db/database.js';
import { SCORE_FAMILIES } from '../../rules/score-families.js';

/** The four metrics an RFM run writes per account (family and model 'rfm'). */
export const RFM_METRICS = SCORE_FAMILIES.rfm;

/**
 * Writes an RFM run's changes into subject_scores (family 'rfm', one row per account) from the
 * temporary table rfm_changed (subject_id, gone, stored, r, f, m: the accounts whose scores
 * changed or appeared, and those that no longer have orders; stored = the account has a row):
 * rows of the gone are deleted, stored rows updated in place (HOT updates, fillfactor 50:
 * migration 0017; deleting and inserting them made every new index entry check the deleted row),
 * and new ones inserted in the primary key's order so the index grows at its right edge. A run
 * that changed nothing writes nothing. Runs after lockAccountScores in the caller's transaction.
 * Returns how many accounts changed and how many of them are gone.
 */
export async function storeRfmChanges(tx: Queryable, workspaceId: number, computedAt: Date): Promise<{ changed: number; removed: number }> {
  const [counts] = await tx.query<{ changed: number; removed: number }>(
    `SELECT count(*)::int AS changed, (count(*) FILTER (WHERE gone))::int AS removed FROM rfm_changed`,
  );
  const { changed, removed } = counts!;
  if (changed === 0) return { changed, removed };
  await tx.exec('ANALYZE rfm_changed');
  if (removed > 0) {
    await tx.execute(
      `DELETE FROM subject_scores m USING rfm_changed c
        WHERE c.gone AND m.workspace_id = $1 AND m.subject_type = 'account' AND m.family = 'rfm' AND m.subject_id = c.subject_id`,
      [workspaceId],
    );
  }
  await tx.execute(
    `UPDATE subject_scores m SET model = 'rfm', computed_at = $2, rfm_r = c.r, rfm_f = c.f, rfm_m = c.m, rfm_score = 100 * c.r + 10 * c.f + c.m
       FROM rfm_changed c
      WHERE c.stored AND NOT c.gone AND m.workspace_id = $1 AND m.subject_type = 'account' AND m.family = 'rfm' AND m.subject_id = c.subject_id`,
    [workspaceId, computedAt],
  );
  await tx.execute(
    `INSERT INTO subject_scores (workspace_id, subject_type, family, subject_id, model, computed_at, rfm_r, rfm_f, rfm_m, rfm_score)
     SELECT $1, 'account', 'rfm', c.subject_id, 'rfm', $2, c.r, c.f, c.m, 100 * c.r + 10 * c.f + c.m
       FROM rfm_changed c WHERE NOT c.stored AND NOT c.gone ORDER BY c.subject_id`,
    [workspaceId, computedAt],
  );
  return { changed, removed };
}
