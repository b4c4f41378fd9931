import type { Database } from '../../db/database.js';
import { markDirtyCte } from '../../recompute/mark-subjects-dirty.js';
import type { MessagePurpose } from '../model/care-element.js';
import { verifyLinkToken } from './verify-link-token.js';

export type UnsubscribeSource = 'unsubscribe_link' | 'one_click';

export type UnsubscribeResult =
  | { kind: 'unsubscribed'; locale: 'fi' | 'en'; purpose: MessagePurpose; contactId: number; /** false when consent was already withdrawn */ changed: boolean }
  | { kind: 'invalid_link' };

/**
 * Withdraws a contact's email consent for the purpose a signed unsubscribe link names (from the
 * page's button or an RFC 8058 one-click POST), recording the source. The first withdrawal adds
 * an 'Unsubscribed' event to the contact's timeline (queued for recompute: rules may read it);
 * repeating it changes nothing.
 */
export async function unsubscribeContact(db: Database, token: string, source: UnsubscribeSource): Promise<UnsubscribeResult> {
  const link = await verifyLinkToken(db, token, 'unsubscribe');
  if (!link) return { kind: 'invalid_link' };
  const { workspaceId, contactId, purpose } = link.target;
  const changed = await db.transaction(async (tx) => {
    const [before] = await tx.query<{ status: string }>(
      `SELECT status FROM contact_consents WHERE workspace_id = $1 AND contact_id = $2 AND purpose = $3 AND channel = 'email' FOR UPDATE`,
      [workspaceId, contactId, purpose],
    );
    if (before?.status === 'withdrawn') return false;
    await tx.query(
      `WITH c AS (
         INSERT INTO contact_consents (workspace_id, contact_id, purpose, channel, status, source, updated_at)
         VALUES ($1, $2, $3, 'email', 'withdrawn', $4, now())
         ON CONFLICT (workspace_id, contact_id, purpose, channel) DO UPDATE SET status = 'withdrawn', source = EXCLUDED.source, updated_at = now()
         RETURNING contact_id, updated_at
       ),
       e AS (
         INSERT INTO events (workspace_id, message_id, type, name, contact_id, account_id, properties, occurred_at, source)
         SELECT $1, 'unsubscribed:' || c.contact_id || ':' || $3 || ':' || (extract(epoch FROM c.updated_at) * 1000000)::bigint, 'system', 'Unsubscribed',
                c.contact_id, $5::bigint, jsonb_build_object('purpose', $3::text, 'channel', 'email', 'source', $4::text), c.updated_at, 'kanta'
           FROM c
         RETURNING account_id, contact_id
       ),
       ${markDirtyCte('queued', '$1', 'e', { account: 'e.account_id', contact: 'e.contact_id' })}
       SELECT 1 FROM c`,
      [workspaceId, contactId, purpose, source, link.contact.account_id],
    );
    return true;
  });
  return { kind: 'unsubscribed', locale: link.locale, purpose, contactId, changed };
}
