import type { Queryable } from '../db/database.js';
import { SCORE_FAMILIES, type ScoreFamily } from '../rules/score-families.js';

/**
 * Serialises the caller's transaction with every other writer of analytics scores of the
 * workspace (a transaction-level advisory lock), so two runs cannot write the same rows.
 */
export async function lockAccountScores(tx: Queryable, workspaceId: number): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(7246802, $1::int)', [workspaceId]);
}

/** Whether the workspace has any account scores of the family (a first write can go straight in: write-first-account-scores.ts). */
export async function hasAccountScores(tx: Queryable, workspaceId: number, family: ScoreFamily): Promise<boolean> {
  const [row] = await tx.query<{ had: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM subject_scores WHERE workspace_id = $1 AND subject_type = 'account' AND family = $2) AS had`,
    [workspaceId, family],
  );
  return row!.had;
}

/**
 * Stores new scores of one family for accounts (subject_scores, one row per account and family)
 * computed by one analysis, set-based and writing only the rows that change: a value that
 * differs, an account without the family's row, or a row another model wrote. The changed rows
 * are found with one join; stored rows are updated in place (HOT: half of each page is kept free,
 * migration 0017) and new ones inserted in the primary key's order, so the index grows at its
 * right edge. The accounts written are added to `changedTable` when one is given (a temporary
 * table with a subject_id column that holds none of them yet; no key, so a million rows go in
 * unchecked) for the recompute queue. Runs inside the caller's transaction, after
 * lockAccountScores. Returns the number of rows written.
 *
 * `sourceTable` is a (temporary) table of subject_id bigint and one float8 column per metric of
 * the family, named as the metric, one row per account.
 */
export async function replaceAccountScores(
  tx: Queryable,
  workspaceId: number,
  input: { family: ScoreFamily; sourceTable: string; model: string; computedAt: Date; changedTable: string | null },
): Promise<number> {
  const source = input.sourceTable;
  const ident = /^[a-z_][a-z0-9_]*$/;
  if (!ident.test(source) || (input.changedTable !== null && !ident.test(input.changedTable))) throw new Error(`replaceAccountScores: not a table name: ${source}, ${input.changedTable}`);
  const metrics = SCORE_FAMILIES[input.family];
  const columns = metrics.join(', ');
  // Fresh statistics, so the planner does not take the new rows for one.
  await tx.exec(`ANALYZE ${source}`);
  await tx.exec(`CREATE TEMP TABLE score_changes (subject_id bigint NOT NULL, stored boolean NOT NULL, ${metrics.map((m) => `${m} float8`).join(', ')}) ON COMMIT DROP`);
  const changed = await tx.execute(
    `INSERT INTO score_changes (subject_id, stored, ${columns})
     SELECT n.subject_id, m.subject_id IS NOT NULL, ${metrics.map((m) => `n.${m}`).join(', ')}
       FROM ${source} AS n
       LEFT JOIN subject_scores m ON m.workspace_id = $1 AND m.subject_type = 'account' AND m.family = $3 AND m.subject_id = n.subject_id
      WHERE m.subject_id IS NULL OR m.model IS DISTINCT FROM $2 OR ${metrics.map((c) => `m.${c} IS DISTINCT FROM n.${c}`).join(' OR ')}`,
    [workspaceId, input.model, input.family],
  );
  if (changed > 0) {
    await tx.exec('ANALYZE score_changes');
    // Stored rows change in place (HOT updates: fillfactor 50, migration 0017); new ones are added
    // in the primary key's order.
    await tx.execute(
      `UPDATE subject_scores m SET model = $3, computed_at = $4, ${metrics.map((c) => `${c} = c.${c}`).join(', ')}
         FROM score_changes c
        WHERE c.stored AND m.workspace_id = $1 AND m.subject_type = 'account' AND m.family = $2 AND m.subject_id = c.subject_id`,
      [workspaceId, input.family, input.model, input.computedAt],
    );
    await tx.execute(
      `INSERT INTO subject_scores (workspace_id, subject_type, family, subject_id, model, computed_at, ${columns})
       SELECT $1, 'account', $2, subject_id, $3, $4, ${columns} FROM score_changes WHERE NOT stored ORDER BY subject_id`,
      [workspaceId, input.family, input.model, input.computedAt],
    );
    if (input.changedTable) await tx.execute(`INSERT INTO ${input.changedTable} (subject_id) SELECT subject_id FROM score_changes`);
  }
  await tx.exec('DROP TABLE score_changes');
  return changed;
}
