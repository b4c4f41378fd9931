import type { Database } from '../../db/database.js';
import { mapConstraintErrors } from '../../db/constraint-error.js';
import { AppError } from '../../errors/app-error.js';
import type { SubjectType } from '../../rules/rule.js';
import type { CareElement } from './care-element.js';
import { checkCareElement } from './check-care-element.js';
import { CARE_ELEMENT_COLUMNS, toCareElement, type CareElementRow } from './find-care-element.js';
import { CARE_ELEMENT_KEY_PATTERN } from './validate-care-element.js';

export interface CreateCareElementInput {
  key: string;
  subject_type: SubjectType;
  definition: unknown;
  /** Default false: a new element is switched on deliberately. */
  enabled?: boolean | undefined;
}

/**
 * Creates a care element at version 1 (a row in care_element_versions too) after checking its
 * definition against the workspace. A key clash is a conflict.
 */
export async function createCareElement(db: Database, workspaceId: number, input: CreateCareElementInput): Promise<CareElement> {
  if (typeof input.key !== 'string' || !new RegExp(CARE_ELEMENT_KEY_PATTERN).test(input.key)) {
    throw new AppError('validation_failed', `Invalid care element key "${String(input.key)}"`, [
      { path: '/key', message: 'must be 1-63 lower-case letters, digits, - or _, starting with a letter or digit' },
    ]);
  }
  if (input.subject_type !== 'account' && input.subject_type !== 'contact') {
    throw new AppError('validation_failed', 'subject_type must be account or contact', [{ path: '/subject_type', message: 'must be account or contact' }]);
  }
  return db.transaction(async (tx) => {
    const definition = await checkCareElement(tx, workspaceId, input.subject_type, input.definition);
    const [row] = await mapConstraintErrors(
      () =>
        tx.query<CareElementRow>(
          `INSERT INTO care_elements AS e (workspace_id, key, subject_type, enabled, definition)
           VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING ${CARE_ELEMENT_COLUMNS}`,
          [workspaceId, input.key, input.subject_type, input.enabled ?? false, JSON.stringify(definition)],
        ),
      '',
    );
    await tx.execute(
      `INSERT INTO care_element_versions (workspace_id, element_id, version, enabled, definition)
       VALUES ($1, $2, $3, $4, $5::jsonb)`,
      [workspaceId, row!.id, row!.version, row!.enabled, JSON.stringify(definition)],
    );
    return toCareElement(row!);
  });
}
