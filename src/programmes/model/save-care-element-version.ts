import type { Queryable } from '../../db/database.js';
import type { CareElement, CareElementDefinition } from './care-element.js';
import { CARE_ELEMENT_COLUMNS, toCareElement, type CareElementRow } from './find-care-element.js';

/**
 * Writes a locked element's next version: the element row (version + 1) and its
 * care_element_versions row, in the caller's transaction. Steps already run keep the version
 * they ran with (care_actions.element_version); the engine reads the current one for the rest.
 */
export async function saveCareElementVersion(
  tx: Queryable,
  workspaceId: number,
  current: CareElement,
  next: { enabled: boolean; definition: CareElementDefinition },
): Promise<CareElement> {
  const [row] = await tx.query<CareElementRow>(
    `UPDATE care_elements e SET version = e.version + 1, enabled = $3, definition = $4::jsonb, updated_at = now()
      WHERE e.workspace_id = $1 AND e.id = $2 RETURNING ${CARE_ELEMENT_COLUMNS}`,
    [workspaceId, current.id, next.enabled, JSON.stringify(next.definition)],
  );
  await tx.execute(
    `INSERT INTO care_element_versions (workspace_id, element_id, version, enabled, definition)
     VALUES ($1, $2, $3, $4, $5::jsonb)`,
    [workspaceId, current.id, row!.version, next.enabled, JSON.stringify(next.definition)],
  );
  return toCareElement(row!);
}
