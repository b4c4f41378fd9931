import type { Database } from '../../db/database.js';
import type { CareElement } from './care-element.js';
import { checkCareElement } from './check-care-element.js';
import { findCareElement } from './find-care-element.js';
import { saveCareElementVersion } from './save-care-element-version.js';

/**
 * Switches a care element on or off (a new version; nothing when it already is). Switching on
 * checks the definition again, since the stages, segments or webhook endpoints it names may
 * have changed since it was saved. Switching off stops new enrolments; scheduled actions of
 * runs under way are the engine's to cancel or finish.
 */
export async function enableCareElement(db: Database, workspaceId: number, idOrKey: number | string, enabled: boolean): Promise<CareElement> {
  return db.transaction(async (tx) => {
    const current = await findCareElement(tx, workspaceId, idOrKey, { forUpdate: true });
    if (current.enabled === enabled) return current;
    if (enabled) await checkCareElement(tx, workspaceId, current.subjectType, current.definition);
    return saveCareElementVersion(tx, workspaceId, current, { enabled, definition: current.definition });
  });
}
