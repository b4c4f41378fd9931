import type { Queryable } from '../db/database.js';
import type { ImportKind } from './import-target.js';

/**
 * Queues the accounts and contacts an import changed for the recompute worker, in the
 * import's transaction, after the merge: rows this transaction inserted or changed carry
 * updated_at = now() (the transaction's start; an unchanged re-imported row is not touched),
 * and the subjects of the events an import stored are in import_event_subjects (events already
 * there queue nothing). One statement, accounts before contacts and ids ascending (the queue's
 * lock order). Returns the number of subjects queued.
 */
export async function queueImportedSubjects(tx: Queryable, workspaceId: number, kind: ImportKind): Promise<number> {
  const parts = [
    `SELECT 'account' AS t, id FROM accounts WHERE workspace_id = $1 AND updated_at = now()`,
    `SELECT 'contact', id FROM contacts WHERE workspace_id = $1 AND updated_at = now()`,
  ];
  if (kind === 'orders') {
    parts.push(
      `SELECT 'account', account_id FROM orders WHERE workspace_id = $1 AND updated_at = now() AND account_id IS NOT NULL`,
      `SELECT 'contact', contact_id FROM orders WHERE workspace_id = $1 AND updated_at = now() AND contact_id IS NOT NULL`,
    );
  }
  if (kind === 'events') {
    parts.push(
      `SELECT 'account', account_id FROM import_event_subjects WHERE account_id IS NOT NULL`,
      `SELECT 'contact', contact_id FROM import_event_subjects WHERE contact_id IS NOT NULL`,
    );
  }
  return tx.execute(
    `INSERT INTO recompute_queue (workspace_id, subject_type, subject_id)
     SELECT DISTINCT $1::bigint, x.t, x.id FROM (${parts.join('\n UNION ALL ')}) x ORDER BY 2, 3
     ON CONFLICT DO NOTHING`,
    [workspaceId],
  );
}
