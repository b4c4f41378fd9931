import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import { mapConstraintErrors } from '../db/constraint-error.js';
import { AppError } from '../errors/app-error.js';
import { markDirtyCte } from '../recompute/mark-subjects-dirty.js';
import { EVENT_COLUMNS, type Event } from './event.js';

export interface CreateEventInput {
  name: string;
  contact_id?: number | undefined;
  /** The contact's external id (Segment userId), instead of contact_id. */
  user_id?: string | undefined;
  account_id?: number | undefined;
  properties?: Record<string, unknown> | undefined;
  occurred_at?: string | undefined;
  /** Unique in the workspace; made up when not given. */
  message_id?: string | undefined;
}

function invalid(field: string, message: string): AppError {
  return new AppError('validation_failed', `${field} ${message}`, [{ path: `body/${field}`, message }]);
}

/**
 * Records a track event from the API (source 'api'). The contact is given by id or by
 * user_id (its external id); the account defaults to the contact's. A message_id already
 * used in the workspace is a conflict.
 */
export async function createEvent(db: Queryable, workspaceId: number, input: CreateEventInput): Promise<Event> {
  if (input.contact_id !== undefined && input.user_id !== undefined) {
    throw invalid('user_id', 'must not be given together with contact_id');
  }
  let contact: { id: number; account_id: number | null; external_id: string | null } | null = null;
  if (input.contact_id !== undefined || input.user_id !== undefined) {
    const byId = input.contact_id !== undefined;
    const rows = await db.query<{ id: number; account_id: number | null; external_id: string | null }>(
      `SELECT id, account_id, external_id FROM contacts WHERE workspace_id = $1 AND ${byId ? 'id = $2::bigint' : 'external_id = $2'}`,
      [workspaceId, byId ? input.contact_id : input.user_id],
    );
    contact = rows[0] ?? null;
    if (!contact) throw byId ? invalid('contact_id', 'does not exist') : invalid('user_id', 'is not the external id of any contact');
  }
  if (input.account_id !== undefined) {
    const rows = await db.query('SELECT 1 FROM accounts WHERE workspace_id = $1 AND id = $2', [workspaceId, input.account_id]);
    if (rows.length === 0) throw invalid('account_id', 'does not exist');
  }
  const rows = await mapConstraintErrors(() =>
    db.query<Event & Record<string, unknown>>(
      `WITH e AS (
         INSERT INTO events AS e (workspace_id, message_id, type, name, contact_id, account_id, user_id, properties, occurred_at, source)
         VALUES ($1, $2, 'track', $3, $4, $5, $6, $7::jsonb, coalesce($8::timestamptz, now()), 'api')
         RETURNING ${EVENT_COLUMNS}
       ),
       ${markDirtyCte('queued', '$1', 'e', { account: 'e.account_id', contact: 'e.contact_id' })}
       SELECT * FROM e`,
      [
        workspaceId,
        input.message_id ?? `api-${randomUUID()}`,
        input.name,
        contact?.id ?? null,
        input.account_id ?? contact?.account_id ?? null,
        input.user_id ?? contact?.external_id ?? null,
        JSON.stringify(input.properties ?? {}),
        input.occurred_at ?? null,
      ],
    ),
  );
  return rows[0]!;
}
