import type { Queryable } from '../../db/database.js';
import { AppError, type FieldIssue } from '../../errors/app-error.js';
import { MESSAGE_PURPOSES, type MessagePurpose } from '../model/care-element.js';

export interface ContactConsent {
  purpose: MessagePurpose;
  channel: 'email';
  /** 'none': never given nor withdrawn (marketing is not sent; service and surveys are). */
  status: 'granted' | 'withdrawn' | 'none';
  source: string | null;
  updated_at: Date | null;
}

export interface SetContactConsentInput {
  purpose: MessagePurpose;
  channel?: 'email' | undefined;
  status: 'granted' | 'withdrawn';
  /** Where the consent came from: 'api', 'import', 'form', 'phone', ... */
  source?: string | undefined;
}

/** Records a contact's consent for one purpose and channel (the latest word wins). */
export async function setContactConsent(db: Queryable, workspaceId: number, contactId: number, input: SetContactConsentInput): Promise<ContactConsent> {
  const issues: FieldIssue[] = [];
  if (!MESSAGE_PURPOSES.includes(input.purpose)) issues.push({ path: '/purpose', message: `must be one of ${MESSAGE_PURPOSES.join(', ')}` });
  if ((input.channel ?? 'email') !== 'email') issues.push({ path: '/channel', message: 'must be email' });
  if (input.status !== 'granted' && input.status !== 'withdrawn') issues.push({ path: '/status', message: 'must be granted or withdrawn' });
  const source = input.source ?? 'api';
  if (typeof source !== 'string' || !/^[a-z0-9_-]{1,40}$/.test(source)) issues.push({ path: '/source', message: 'must be 1-40 lower-case letters, digits, - or _' });
  if (issues.length > 0) throw new AppError('validation_failed', `The consent is not valid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
  const [row] = await db.query<ContactConsent & Record<string, unknown>>(
    `INSERT INTO contact_consents (workspace_id, contact_id, purpose, channel, status, source)
     SELECT $1, c.id, $3, 'email', $4, $5 FROM contacts c WHERE c.workspace_id = $1 AND c.id = $2
     ON CONFLICT (workspace_id, contact_id, purpose, channel) DO UPDATE SET status = EXCLUDED.status, source = EXCLUDED.source, updated_at = now()
     RETURNING purpose, channel, status, source, updated_at`,
    [workspaceId, contactId, input.purpose, input.status, source],
  );
  if (!row) throw new AppError('not_found', `No contact ${contactId} in this workspace`);
  return row;
}
