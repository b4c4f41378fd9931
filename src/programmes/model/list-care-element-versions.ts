import type { Queryable } from '../../db/database.js';
import type { CareElementDefinition } from './care-element.js';
import { findCareElement } from './find-care-element.js';

export interface CareElementVersion {
  version: number;
  enabled: boolean;
  definition: CareElementDefinition;
  created_at: Date;
}

/** Every saved version of a care element (by id or key), newest first. */
export async function listCareElementVersions(db: Queryable, workspaceId: number, idOrKey: number | string): Promise<{ data: CareElementVersion[] }> {
  const element = await findCareElement(db, workspaceId, idOrKey);
  const data = await db.query<CareElementVersion & Record<string, unknown>>(
    `SELECT version, enabled, definition, created_at FROM care_element_versions
      WHERE workspace_id = $1 AND element_id = $2 ORDER BY version DESC`,
    [workspaceId, element.id],
  );
  return { data };
}
