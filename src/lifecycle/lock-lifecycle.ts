import type { Queryable } from '../db/database.js';
import type { SubjectType } from '../rules/rule.js';

/**
 * Serialises, inside the caller's transaction, everything that writes the stages of one
 * workspace and subject type: a recompute batch and a definition edit (whose stage mapping
 * must not race a batch still moving subjects into a deleted stage). Held until commit.
 */
export async function lockLifecycle(tx: Queryable, workspaceId: number, subject: SubjectType): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('kanta:lifecycle:' || $1::text || ':' || $2::text, 0))`, [workspaceId, subject]);
}
