import type { Queryable } from '../../db/database.js';
import { markDirtyCte } from '../../recompute/mark-subjects-dirty.js';

export type BounceKind = 'hard' | 'soft';

/** The timeline event of a care message that bounced hard (an SMTP 5xx, or a delivery report that says failed 5.x.x). */
export const EMAIL_BOUNCED_EVENT = 'Email Bounced';

/** The event's message_id prefix (then the care message id), so a bounce recorded twice (a report posted again) writes one event. */
const MESSAGE_ID_PREFIX = 'email-bounced:';

export interface EmailBounce {
  address: string;
  kind: BounceKind;
  /** The server's reply, or a delivery report's status and diagnostic code. */
  detail: string;
  /** The care_messages id when the bounce belongs to one. */
  messageRowId?: number | null;
  /** How Kanta learnt of it: the SMTP reply to its own send, or a delivery status notification that came later. */
  via?: 'smtp' | 'report';
}

export interface EmailBounceRecorded {
  /** The address was added to the workspace's suppressions by this call. */
  suppressed: boolean;
  /** The care message row changed (became 'bounced', or got the soft bounce's detail). */
  messageChanged: boolean;
}

/**
 * Records a bounce of a care message. A hard bounce suppresses the address for the whole
 * workspace (email_suppressions, reason 'hard_bounce', the detail kept) and marks the message
 * 'bounced' with an 'Email Bounced' event on the contact's timeline (message_id
 * `email-bounced:<care message id>`, source 'kanta', the contact and account queued for
 * recompute), all in one statement; a soft bounce only notes the detail on the message (the
 * send is retried, or the relay keeps trying). Idempotent: a message already 'bounced' keeps
 * its first detail and gets no second event, an address already suppressed keeps its entry, and
 * a soft bounce never touches a bounced message.
 */
export async function recordEmailBounce(db: Queryable, workspaceId: number, bounce: EmailBounce): Promise<EmailBounceRecorded> {
  const detail = bounce.detail.slice(0, 1000);
  if (bounce.kind === 'soft') {
    if (bounce.messageRowId == null) return { suppressed: false, messageChanged: false };
    const changed = await db.execute(
      `UPDATE care_messages SET error = $3 WHERE workspace_id = $1 AND id = $2 AND status <> 'bounced' AND error IS DISTINCT FROM $3`,
      [workspaceId, bounce.messageRowId, detail],
    );
    return { suppressed: false, messageChanged: changed > 0 };
  }
  const [row] = await db.query<{ suppressed: number; bounced: number }>(
    `WITH suppressed AS (
       INSERT INTO email_suppressions (workspace_id, address, reason, detail) VALUES ($1, lower($2), 'hard_bounce', $3)
       ON CONFLICT (workspace_id, address) DO NOTHING
       RETURNING address
     ),
     bounced AS (
       UPDATE care_messages SET status = 'bounced', error = $3
        WHERE workspace_id = $1 AND id = $4::bigint AND status <> 'bounced'
       RETURNING *
     ),
     bounced_events AS (
       INSERT INTO events (workspace_id, message_id, type, name, contact_id, account_id, properties, occurred_at, source)
       SELECT m.workspace_id, '${MESSAGE_ID_PREFIX}' || m.id, 'system', '${EMAIL_BOUNCED_EVENT}', m.contact_id, m.account_id,
              jsonb_build_object('channel', 'email', 'kind', 'hard', 'via', $5::text, 'detail', $3::text, 'element_id', m.element_id, 'element_key', el.key,
                                 'element_version', m.element_version, 'step', m.step_id, 'purpose', m.purpose, 'message_id', m.message_id,
                                 'action_id', m.action_id, 'care_message_id', m.id),
              now(), 'kanta'
         FROM bounced m
         LEFT JOIN care_elements el ON el.workspace_id = m.workspace_id AND el.id = m.element_id
       ON CONFLICT (workspace_id, message_id) DO NOTHING
       RETURNING account_id, contact_id
     ),
     ${markDirtyCte('bounced_queued', '$1', 'bounced_events', { account: 'bounced_events.account_id', contact: 'bounced_events.contact_id' })}
     SELECT (SELECT count(*) FROM suppressed)::int AS suppressed, (SELECT count(*) FROM bounced)::int AS bounced`,
    [workspaceId, bounce.address, detail, bounce.messageRowId ?? null, bounce.via ?? 'smtp'],
  );
  return { suppressed: (row?.suppressed ?? 0) > 0, messageChanged: (row?.bounced ?? 0) > 0 };
}

/**
 * Classifies an error of nodemailer's SMTP transport: a 5xx reply to RCPT TO or DATA is a hard
 * bounce of the recipient; anything else (connection refused, timeouts, 4xx, a 5xx to MAIL
 * FROM, which is the sender's problem) is transient and the send is retried.
 */
export function smtpBounceOf(error: unknown): { kind: BounceKind; detail: string } | null {
  const e = error as { responseCode?: number; command?: string; response?: string; message?: string };
  if (typeof e?.responseCode !== 'number') return null;
  const command = (e.command ?? '').toUpperCase();
  const detail = e.response ?? e.message ?? String(error);
  if (e.responseCode >= 500 && e.responseCode < 600 && (command.startsWith('RCPT') || command === 'DATA')) return { kind: 'hard', detail };
  if (e.responseCode >= 400 && e.responseCode < 500) return { kind: 'soft', detail };
  return null;
}
