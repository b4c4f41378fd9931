import type { Queryable } from '../../db/database.js';

export type BounceKind = 'hard' | 'soft';

/**
 * Records a bounce of a care message. A hard bounce suppresses the address for the whole
 * workspace (email_suppressions, reason 'hard_bounce', the server's reply as detail) and marks
 * the message 'bounced'; a soft bounce only notes the reply on the message (the send is
 * retried). `messageRowId` is the care_messages id when the bounce belongs to one.
 */
export async function recordEmailBounce(
  db: Queryable,
  workspaceId: number,
  bounce: { address: string; kind: BounceKind; detail: string; messageRowId?: number | null },
): Promise<void> {
  if (bounce.kind === 'hard') {
    await db.query(
      `INSERT INTO email_suppressions (workspace_id, address, reason, detail) VALUES ($1, lower($2), 'hard_bounce', $3)
       ON CONFLICT (workspace_id, address) DO NOTHING`,
      [workspaceId, bounce.address, bounce.detail.slice(0, 1000)],
    );
  }
  if (bounce.messageRowId != null) {
    await db.query(
      `UPDATE care_messages SET error = $3${bounce.kind === 'hard' ? ", status = 'bounced'" : ''} WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, bounce.messageRowId, bounce.detail.slice(0, 1000)],
    );
  }
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
