import type { Queryable } from '../../db/database.js';

/**
 * Test data for the lifecycle tests: accounts, orders and events written straight to the
 * tables, at times relative to a fixed `now`.
 */
export const DAY = 86_400_000;

export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY);
}

export async function insertAccount(db: Queryable, ws: number, name: string): Promise<number> {
  const [row] = await db.query<{ id: number }>('INSERT INTO accounts (workspace_id, name) VALUES ($1, $2) RETURNING id', [ws, name]);
  return Number(row!.id);
}

export async function insertContact(db: Queryable, ws: number, accountId: number | null, email: string): Promise<number> {
  const [row] = await db.query<{ id: number }>('INSERT INTO contacts (workspace_id, account_id, email) VALUES ($1, $2, $3) RETURNING id', [
    ws,
    accountId,
    email,
  ]);
  return Number(row!.id);
}

let orderSeq = 0;
export async function insertOrder(db: Queryable, ws: number, accountId: number, at: Date, total = 1000, contactId: number | null = null): Promise<void> {
  await db.query(
    `INSERT INTO orders (workspace_id, external_id, account_id, contact_id, status, total, ordered_at) VALUES ($1, $2, $3, $4, 'completed', $5, $6)`,
    [ws, `lc-order-${process.pid}-${++orderSeq}`, accountId, contactId, total, at],
  );
}

let eventSeq = 0;
export async function insertEvent(
  db: Queryable,
  ws: number,
  who: { account?: number; contact?: number },
  name: string,
  at: Date,
  properties: Record<string, unknown> = {},
): Promise<void> {
  await db.query(
    `INSERT INTO events (workspace_id, message_id, type, name, account_id, contact_id, properties, occurred_at, source)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, 'test')`,
    [ws, `lc-event-${process.pid}-${++eventSeq}`, name === 'Page Viewed' ? 'page' : 'track', name, who.account ?? null, who.contact ?? null, JSON.stringify(properties), at],
  );
}

export async function stageOf(db: Queryable, ws: number, subject: 'account' | 'contact', id: number): Promise<string | null> {
  const [row] = await db.query<{ stage: string }>('SELECT stage FROM subject_stages WHERE workspace_id = $1 AND subject_type = $2 AND subject_id = $3', [ws, subject, id]);
  return row?.stage ?? null;
}
