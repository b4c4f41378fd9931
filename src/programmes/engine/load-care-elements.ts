import type { Queryable } from '../../db/database.js';
import type { CareElement, CareElementDefinition } from '../model/care-element.js';

interface CareElementRow extends Record<string, unknown> {
  id: number;
  key: string;
  subject_type: 'account' | 'contact';
  version: number;
  enabled: boolean;
  definition: CareElementDefinition;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, key, subject_type, version, enabled, definition, created_at, updated_at';

function toCareElement(r: CareElementRow): CareElement {
  return {
    id: r.id,
    key: r.key,
    subjectType: r.subject_type,
    version: r.version,
    enabled: r.enabled,
    definition: r.definition,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The engine's read of an element: its CURRENT version (an edit applies to what has not run yet), or null when deleted. */
export async function loadCareElement(db: Queryable, workspaceId: number, elementId: number): Promise<CareElement | null> {
  const [row] = await db.query<CareElementRow>(`SELECT ${COLUMNS} FROM care_elements WHERE workspace_id = $1 AND id = $2`, [workspaceId, elementId]);
  return row ? toCareElement(row) : null;
}

/** The enabled elements of a workspace, whose triggers the scanners look for. */
export async function loadEnabledCareElements(db: Queryable, workspaceId: number): Promise<CareElement[]> {
  const rows = await db.query<CareElementRow>(`SELECT ${COLUMNS} FROM care_elements WHERE workspace_id = $1 AND enabled ORDER BY id`, [workspaceId]);
  return rows.map(toCareElement);
}

/** Several elements by id in one read (a claimed batch), each in its CURRENT version; a deleted one is absent. */
export async function loadCareElementsById(db: Queryable, workspaceId: number, ids: number[]): Promise<Map<number, CareElement>> {
  const rows = await db.query<CareElementRow>(`SELECT ${COLUMNS} FROM care_elements WHERE workspace_id = $1 AND id = ANY($2::bigint[])`, [workspaceId, [...new Set(ids)]]);
  return new Map(rows.map((r) => [r.id, toCareElement(r)]));
}
