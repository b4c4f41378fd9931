import type { Database } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import type { CareElement } from './care-element.js';
import { checkCareElement } from './check-care-element.js';
import { findCareElement } from './find-care-element.js';
import { saveCareElementVersion } from './save-care-element-version.js';

export interface UpdateCareElementInput {
  /** The whole new definition (checked like on create). */
  definition?: unknown;
  enabled?: boolean | undefined;
  /** Optimistic locking: refuse with a conflict when the element is no longer at this version. */
  expected_version?: number | undefined;
}

/**
 * Saves a new version of a care element (every save is a row in care_element_versions).
 * Runs already under way keep going: steps that have run stay as they were, the ones still to
 * run follow the new version. `idOrKey` is the element's id or key.
 */
export async function updateCareElement(db: Database, workspaceId: number, idOrKey: number | string, input: UpdateCareElementInput): Promise<CareElement> {
  return db.transaction(async (tx) => {
    const current = await findCareElement(tx, workspaceId, idOrKey, { forUpdate: true });
    if (input.expected_version !== undefined && input.expected_version !== current.version) {
      throw new AppError('conflict', `Care element "${current.key}" is at version ${current.version}, not ${input.expected_version}: someone else saved it; reload and edit again`, [
        { path: '/expected_version', message: `the element is at version ${current.version}` },
      ]);
    }
    const definition = input.definition !== undefined ? await checkCareElement(tx, workspaceId, current.subjectType, input.definition) : current.definition;
    return saveCareElementVersion(tx, workspaceId, current, { enabled: input.enabled ?? current.enabled, definition });
  });
}
