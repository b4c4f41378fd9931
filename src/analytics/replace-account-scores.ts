import type { Queryable } from '../db/database.js';
import { SCORE_FAMILIES, type ScoreFamily } from '../rules/score-families.js';

/**
 * Stores new scores of one family for accounts (subject_scores, one row per account and family)
 * computed by one analysis, set-based and writing only the rows that change: a value that
 * differs, an account without the family's row, or a row another model wrote. The changed rows
 * are found with one join, deleted and inserted again in the primary key's order, so the index
 * grows at its right edge (an UPDATE or upsert of every row, which a new model needs, measured
 * slower on PostgreSQL). Their accounts are added to `changedTable` (a temporary table with a
 * subject_id column that holds none of them yet; no key, so a million rows go in unchecked) for
 * the recompute queue. Runs inside the caller's transaction, which it
 * serialises with other writers of analytics scores of the workspace (a transaction-level
 * advisory lock), so two runs cannot insert the same rows. Returns the number of rows written.
 *
 * `source` is SQL yielding subject_id bigint and one float8 column per metric of the family,
 * named as the metric, one row per account.
 */
export async function replaceAccountScores(
  tx: Queryable,
  workspaceId: number,
  input: { family: ScoreFamily; source: string; model: string; computedAt: Date; changedTable: string },
): Promise<number> {
  const metrics = SCORE_FAMILIES[input.family];
  const columns = metrics.join(', ');
  await tx.query('SELECT pg_advisory_xact_lock(7246802, $1::int)', [workspaceId]);
  await tx.exec(`CREATE TEMP TABLE score_changes (subject_id bigint NOT NULL, ${metrics.map((m) => `${m} float8`).join(', ')}) ON COMMIT DROP`);
  const changed = await tx.execute(
    `INSERT INTO score_changes (subject_id, ${columns})
     SELECT n.subject_id, ${metrics.map((m) => `n.${m}`).join(', ')}
       FROM (${input.source}) AS n
       LEFT JOIN subject_scores m ON m.workspace_id = $1 AND m.subject_type = 'account' AND m.family = $3 AND m.subject_id = n.subject_id
      WHERE m.subject_id IS NULL OR m.model IS DISTINCT FROM $2 OR ${metrics.map((c) => `m.${c} IS DISTINCT FROM n.${c}`).join(' OR ')}`,
    [workspaceId, input.model, input.family],
  );
  if (changed > 0) {
    await tx.exec('ANALYZE score_changes');
    await tx.execute(
      `DELETE FROM subject_scores m USING score_changes c
        WHERE m.workspace_id = $1 AND m.subject_type = 'account' AND m.family = $2 AND m.subject_id = c.subject_id`,
      [workspaceId, input.family],
    );
    await tx.execute(
      `INSERT INTO subject_scores (workspace_id, subject_type, family, subject_id, model, computed_at, ${columns})
       SELECT $1, 'account', $2, subject_id, $3, $4, ${columns} FROM score_changes ORDER BY subject_id`,
      [workspaceId, input.family, input.model, input.computedAt],
    );
    await tx.execute(`INSERT INTO ${input.changedTable} (subject_id) SELECT subject_id FROM score_changes`);
  }
  await tx.exec('DROP TABLE score_changes');
  return changed;
}
