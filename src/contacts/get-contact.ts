import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { CONTACT_COLUMNS, type Contact } from './contact.js';

export interface ContactDetail extends Contact {
  /** The anonymous ids (Segment anonymousId) that belong to this contact. */
  anonymous_ids: string[];
}

/** One contact with its anonymous ids; not_found if the workspace has no such contact. */
export async function getContact(db: Queryable, workspaceId: number, id: number): Promise<ContactDetail> {
  const rows = await db.query<ContactDetail & Record<string, unknown>>(
    `SELECT ${CONTACT_COLUMNS},
            coalesce((SELECT array_agg(i.anonymous_id ORDER BY i.created_at, i.anonymous_id) FROM contact_identities i
                       WHERE i.workspace_id = c.workspace_id AND i.contact_id = c.id), '{}') AS anonymous_ids
       FROM contacts c WHERE c.workspace_id = $1 AND c.id = $2`,
    [workspaceId, id],
  );
  if (!rows[0]) throw new AppError('not_found', `No contact ${id} in this workspace`);
  return rows[0];
}
