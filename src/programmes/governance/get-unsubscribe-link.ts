import type { Queryable } from '../../db/database.js';
import type { MessagePurpose } from '../model/care-element.js';
import { verifyLinkToken } from './verify-link-token.js';

export type UnsubscribeLinkView =
  | { kind: 'valid'; locale: 'fi' | 'en'; purpose: MessagePurpose; email: string | null; alreadyWithdrawn: boolean }
  | { kind: 'invalid_link' };

/** What the public unsubscribe page shows for a signed link (GET changes nothing: mail scanners follow links). */
export async function getUnsubscribeLink(db: Queryable, token: string): Promise<UnsubscribeLinkView> {
  const link = await verifyLinkToken(db, token, 'unsubscribe');
  if (!link) return { kind: 'invalid_link' };
  const [consent] = await db.query<{ status: string }>(
    `SELECT status FROM contact_consents WHERE workspace_id = $1 AND contact_id = $2 AND purpose = $3 AND channel = 'email'`,
    [link.target.workspaceId, link.target.contactId, link.target.purpose],
  );
  return { kind: 'valid', locale: link.locale, purpose: link.target.purpose, email: link.contact.email, alreadyWithdrawn: consent?.status === 'withdrawn' };
}
