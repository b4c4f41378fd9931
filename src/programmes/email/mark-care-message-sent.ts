import type { Queryable } from '../../db/database.js';
import { emailSentEventCtes } from './record-email-sent-events.js';

/**
 * Marks a message that SMTP accepted as 'sent' and adds its 'Email Sent' event to the contact's
 * timeline, in one statement. Only a row still 'sending' changes: a second executor that also
 * delivered it writes nothing more (and the event's stable message_id keeps it single anyway).
 * Returns whether this call marked it.
 */
export async function markCareMessageSent(db: Queryable, workspaceId: number, messageRowId: number): Promise<boolean> {
  const rows = await db.query<{ id: number }>(
    `WITH sent AS (
       UPDATE care_messages SET status = 'sent', sent_at = now(), error = NULL
        WHERE workspace_id = $1 AND id = $2 AND status = 'sending'
       RETURNING *
     ),
     ${emailSentEventCtes('$1', 'sent')}
     SELECT id FROM sent`,
    [workspaceId, messageRowId],
  );
  return rows.length > 0;
}
