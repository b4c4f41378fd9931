import type { Queryable } from '../db/database.js';
import type { SubjectType } from '../rules/rule.js';

/**
 * Queues subjects whose data changed for the recompute worker (src/recompute/drain-recompute-queue.ts),
 * in the caller's transaction, so the change and its queue entry commit together. A subject
 * already queued stays queued once. Nulls are ignored, so callers can pass account ids as they come.
 *
 * Lock order: a queue insert waits for a concurrent transaction that inserted the same key, so
 * every writer queues accounts before contacts (call this for accounts first), ids ascending
 * (done here), and late in its transaction. kanta_store_plain_events (0019) follows the same order.
 * A changed contact need not queue its account: the worker adds the accounts of the contacts it
 * drains (account rules can read their contacts).
 */
export async function markSubjectsDirty(tx: Queryable, workspaceId: number, subjectType: SubjectType, ids: Iterable<number | null | undefined>): Promise<number> {
  const unique = [...new Set([...ids].filter((id): id is number => typeof id === 'number'))].sort((a, b) => a - b);
  if (unique.length === 0) return 0;
  return tx.execute(
    `INSERT INTO recompute_queue (workspace_id, subject_type, subject_id)
     SELECT $1, $2, id FROM unnest($3::bigint[]) WITH ORDINALITY AS t(id, n) ORDER BY n
     ON CONFLICT DO NOTHING`,
    [workspaceId, subjectType, unique],
  );
}

/**
 * The same as one SQL fragment, for writers that change rows in one statement: a data-modifying
 * CTE named `name` that queues, for every row of `fromCte` (e.g. the RETURNING of an INSERT),
 * the account id `ids.account` and the contact id `ids.contact` (SQL expressions over the row),
 * accounts first and ids ascending. `workspaceParam` is the workspace id's placeholder.
 */
export function markDirtyCte(name: string, workspaceParam: string, fromCte: string, ids: { account?: string; contact?: string }): string {
  const pairs = (['account', 'contact'] as const).filter((t) => ids[t] !== undefined).map((t) => `('${t}', ${ids[t]})`);
  return `${name} AS (
    INSERT INTO recompute_queue (workspace_id, subject_type, subject_id)
    SELECT DISTINCT ${workspaceParam}::bigint, d.subject_type, d.subject_id
      FROM ${fromCte} CROSS JOIN LATERAL (VALUES ${pairs.join(', ')}) AS d(subject_type, subject_id)
     WHERE d.subject_id IS NOT NULL
     ORDER BY 2, 3
    ON CONFLICT DO NOTHING
  )`;
}
