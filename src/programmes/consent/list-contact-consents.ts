import type { Queryable } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import { MESSAGE_PURPOSES } from '../model/care-element.js';
import type { ContactConsent } from './set-contact-consent.js';

/** A contact's consent for every purpose on email: recorded ones, and 'none' where nothing is recorded. */
export async function listContactConsents(db: Queryable, workspaceId: number, contactId: number): Promise<{ data: ContactConsent[] }> {
  const [found] = await db.query('SELECT 1 FROM contacts WHERE workspace_id = $1 AND id = $2', [workspaceId, contactId]);
  if (!found) throw new AppError('not_found', `No contact ${contactId} in this workspace`);
  const rows = await db.query<ContactConsent & Record<string, unknown>>(
    `SELECT purpose, channel, status, source, updated_at FROM contact_consents WHERE workspace_id = $1 AND contact_id = $2`,
    [workspaceId, contactId],
  );
  const data = MESSAGE_PURPOSES.map(
    (purpose) => rows.find((r) => r.purpose === purpose) ?? { purpose, channel: 'email' as const, status: 'none' as const, source: null, updated_at: null },
  );
  return { data };
}
