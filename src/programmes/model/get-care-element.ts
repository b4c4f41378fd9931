import type { Queryable } from '../../db/database.js';
import type { CareElement } from './care-element.js';
import { findCareElement } from './find-care-element.js';

/** One care element (its current version) by id or key. */
export async function getCareElement(db: Queryable, workspaceId: number, idOrKey: number | string): Promise<CareElement> {
  return findCareElement(db, workspaceId, idOrKey);
}
