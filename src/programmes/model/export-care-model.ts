import type { Queryable } from '../../db/database.js';
import type { SubjectType } from '../../rules/rule.js';
import type { CareElementDefinition } from './care-element.js';

export const CARE_MODEL_FORMAT = 'kanta-care-model';

export interface CareModelDocument {
  format: typeof CARE_MODEL_FORMAT;
  version: 1;
  elements: { key: string; subject_type: SubjectType; enabled: boolean; definition: CareElementDefinition }[];
}

/** The workspace's care model as one JSON document (every element's current version), for `import` elsewhere. */
export async function exportCareModel(db: Queryable, workspaceId: number): Promise<CareModelDocument> {
  const elements = await db.query<CareModelDocument['elements'][number] & Record<string, unknown>>(
    'SELECT key, subject_type, enabled, definition FROM care_elements WHERE workspace_id = $1 ORDER BY key',
    [workspaceId],
  );
  return { format: CARE_MODEL_FORMAT, version: 1, elements };
}
