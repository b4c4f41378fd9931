import type { Queryable } from '../db/database.js';

export interface NewEvent {
  message_id: string;
  type: string;
  name: string;
  contact_id: number | null;
  account_id: number | null;
  user_id: string | null;
  anonymous_id: string | null;
  properties: Record<string, unknown>;
  context: Record<string, unknown> | null;
  /** ISO 8601 */
  occurred_at: string;
}

/**
 * Appends events in one statement (the rows travel as one JSON parameter). A message id the
 * workspace already has is skipped, so a resent message is stored once. Returns the number
 * of events written.
 */
export async function insertEvents(tx: Queryable, workspaceId: number, events: NewEvent[], receivedAt: Date, source: string): Promise<number> {
  if (events.length === 0) return 0;
  return tx.execute(
    `INSERT INTO events (workspace_id, message_id, type, name, contact_id, account_id, user_id, anonymous_id, properties, context, occurred_at, received_at, source)
     SELECT $1, e.message_id, e.type, e.name, e.contact_id, e.account_id, e.user_id, e.anonymous_id, coalesce(e.properties, '{}'), e.context, e.occurred_at, $3, $4
       FROM json_to_recordset($2::json) AS e(message_id text, type text, name text, contact_id bigint, account_id bigint, user_id text,
                                             anonymous_id text, properties jsonb, context jsonb, occurred_at timestamptz)
     ON CONFLICT (workspace_id, message_id) DO NOTHING`,
    [workspaceId, JSON.stringify(events), receivedAt.toISOString(), source],
  );
}
