import type { Queryable } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import type { SubjectType } from '../../rules/rule.js';
import type { CareElement, CareElementDefinition } from './care-element.js';

/** The select list of a care element from `care_elements e`. */
export const CARE_ELEMENT_COLUMNS = 'e.id, e.key, e.subject_type, e.version, e.enabled, e.definition, e.created_at, e.updated_at';

export interface CareElementRow extends Record<string, unknown> {
  id: number;
  key: string;
  subject_type: SubjectType;
  version: number;
  enabled: boolean;
  definition: CareElementDefinition;
  created_at: Date;
  updated_at: Date;
}

export function toCareElement(r: CareElementRow): CareElement {
  return {
    id: r.id,
    key: r.key,
    subjectType: r.subject_type,
    version: r.version,
    enabled: r.enabled,
    definition: r.definition,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** An id (digits) or a key, as a path parameter or CLI argument gives it. */
export function elementRef(idOrKey: string | number): number | string {
  return typeof idOrKey === 'number' || !/^\d+$/.test(idOrKey) ? idOrKey : Number(idOrKey);
}

/** A care element by id (a number) or key (a string); not_found naming what was asked for otherwise. */
export async function findCareElement(db: Queryable, workspaceId: number, idOrKey: number | string, opts: { forUpdate?: boolean } = {}): Promise<CareElement> {
  const ref = elementRef(idOrKey);
  const byId = typeof ref === 'number';
  const [row] = await db.query<CareElementRow>(
    `SELECT ${CARE_ELEMENT_COLUMNS} FROM care_elements e WHERE e.workspace_id = $1 AND ${byId ? 'e.id = $2' : 'e.key = $2'}${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [workspaceId, ref],
  );
  if (!row) throw new AppError('not_found', byId ? `No care element ${ref} in this workspace` : `No care element "${ref}" in this workspace`);
  return toCareElement(row);
}
