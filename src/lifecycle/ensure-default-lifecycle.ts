import type { Queryable } from '../db/database.js';
import type { SubjectType } from '../rules/rule.js';
import { defaultLifecycle } from './default-lifecycle.js';

export const SUBJECT_TYPES: readonly SubjectType[] = ['account', 'contact'];

/**
 * Gives a workspace the default lifecycle definitions (version 1) for the subject types that
 * have none yet; a workspace that has its own keeps them. Safe to call again and from
 * concurrent transactions. Returns the subject types it created a definition for.
 */
export async function ensureDefaultLifecycle(db: Queryable, workspaceId: number): Promise<SubjectType[]> {
  const created: SubjectType[] = [];
  for (const subject of SUBJECT_TYPES) {
    const n = await db.execute(
      `INSERT INTO lifecycle_definitions (workspace_id, subject_type, version, definition, note, evaluated_at)
       SELECT $1, $2, 1, $3::jsonb, 'Default lifecycle', now()
        WHERE NOT EXISTS (SELECT 1 FROM lifecycle_definitions WHERE workspace_id = $1 AND subject_type = $2)
       ON CONFLICT DO NOTHING`,
      [workspaceId, subject, JSON.stringify(defaultLifecycle(subject))],
    );
    if (n > 0) created.push(subject);
  }
  return created;
}
