import type { Queryable } from '../db/database.js';
import type { SubjectType } from '../rules/rule.js';
import { ensureDefaultLifecycle } from './ensure-default-lifecycle.js';
import type { StoredLifecycleDefinition } from './lifecycle-definition.js';

/** Every version of the subject type's lifecycle definition, newest first. */
export async function listLifecycleVersions(db: Queryable, workspaceId: number, subject: SubjectType): Promise<StoredLifecycleDefinition[]> {
  await ensureDefaultLifecycle(db, workspaceId);
  return db.query<StoredLifecycleDefinition & Record<string, unknown>>(
    `SELECT subject_type AS subject, version, definition, note, created_at
       FROM lifecycle_definitions
      WHERE workspace_id = $1 AND subject_type = $2
      ORDER BY version DESC`,
    [workspaceId, subject],
  );
}
