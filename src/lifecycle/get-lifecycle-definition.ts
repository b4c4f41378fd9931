import type { Queryable } from '../db/database.js';
import type { SubjectType } from '../rules/rule.js';
import { ensureDefaultLifecycle } from './ensure-default-lifecycle.js';
import type { StoredLifecycleDefinition } from './lifecycle-definition.js';

const COLUMNS = `subject_type AS subject, version, definition, note, created_at`;

/** One version of the subject type's definition, or the current (highest) one when version is null. */
export async function findLifecycleDefinition(
  db: Queryable,
  workspaceId: number,
  subject: SubjectType,
  version: number | null = null,
): Promise<StoredLifecycleDefinition | null> {
  const rows = await db.query<StoredLifecycleDefinition & Record<string, unknown>>(
    version === null
      ? `SELECT ${COLUMNS} FROM lifecycle_definitions WHERE workspace_id = $1 AND subject_type = $2 ORDER BY version DESC LIMIT 1`
      : `SELECT ${COLUMNS} FROM lifecycle_definitions WHERE workspace_id = $1 AND subject_type = $2 AND version = $3`,
    version === null ? [workspaceId, subject] : [workspaceId, subject, version],
  );
  return rows[0] ?? null;
}

/**
 * The current lifecycle definition of the subject type. A workspace made before lifecycles
 * existed gets the defaults on first use.
 */
export async function getLifecycleDefinition(db: Queryable, workspaceId: number, subject: SubjectType): Promise<StoredLifecycleDefinition> {
  const found = await findLifecycleDefinition(db, workspaceId, subject);
  if (found) return found;
  await ensureDefaultLifecycle(db, workspaceId);
  const made = await findLifecycleDefinition(db, workspaceId, subject);
  if (!made) throw new Error(`workspace ${workspaceId} has no ${subject} lifecycle after ensureDefaultLifecycle`);
  return made;
}
