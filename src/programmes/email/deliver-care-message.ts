import type { Queryable } from '../../db/database.js';
import type { CareRuntime } from '../engine/care-runtime.js';
import type { ChannelSettings } from '../governance/load-channel-settings.js';
import type { MessagePurpose } from '../model/care-element.js';
import { sendStoredMessage, type MessageRow } from './care-message.js';
import { recordEmailBounce, smtpBounceOf } from './record-email-bounce.js';

export type Delivery = { kind: 'sent' } | { kind: 'bounced' } | { kind: 'failed'; error: string };

/**
 * One SMTP attempt of a stored message. Sent: the caller marks the row 'sent' (alone or with
 * others in one statement). A 5xx to RCPT/DATA is a hard bounce: the address is suppressed and
 * the row becomes 'bounced'. Anything else fails (a 4xx is noted on the row as a soft bounce),
 * and the row is no longer in flight, so the next attempt sends it at once.
 */
export async function deliverCareMessage(
  db: Queryable,
  runtime: CareRuntime & { mailer: NonNullable<CareRuntime['mailer']> },
  settings: ChannelSettings,
  workspaceId: number,
  row: MessageRow,
  purpose: MessagePurpose,
): Promise<Delivery> {
  try {
    await sendStoredMessage(runtime, settings, workspaceId, row, purpose);
    return { kind: 'sent' };
  } catch (e) {
    const bounce = smtpBounceOf(e);
    if (bounce?.kind === 'hard') {
      await recordEmailBounce(db, workspaceId, { address: row.to_address, kind: 'hard', detail: bounce.detail, messageRowId: row.id });
      row.status = 'bounced';
      row.error = bounce.detail;
      return { kind: 'bounced' };
    }
    if (bounce) await recordEmailBounce(db, workspaceId, { address: row.to_address, kind: 'soft', detail: bounce.detail, messageRowId: row.id });
    await db.query('UPDATE care_messages SET send_started_at = NULL WHERE workspace_id = $1 AND id = $2 AND status = $3', [workspaceId, row.id, 'sending']);
    return { kind: 'failed', error: `SMTP send to contact ${row.contact_id} failed: ${(e as Error).message}` };
  }
}
