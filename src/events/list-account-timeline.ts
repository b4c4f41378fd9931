import type { Queryable } from '../db/database.js';
import { decodeCursor, keysetCondition, keysetSelect, pageFromRows, type Page } from '../db/keyset-cursor.js';
import { checkedLimit } from '../db/keyset-page.js';
import { SqlParams } from '../db/sql-params.js';
import { assertAccountExists } from '../accounts/assert-account-exists.js';
import { EVENT_COLUMNS, type Event } from './event.js';
import { newestFirst } from './timeline-order.js';

export interface TimelineInput {
  /** occurred_at < before */
  before?: string | undefined;
  /** occurred_at >= after */
  after?: string | undefined;
  name?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/**
 * The events of an account and of its contacts, merged, newest first.
 *
 * Two indexed branches, each cut to one page before they meet: the account's own events
 * (events_account_time) and its contacts' events (events_contact_time, one short index
 * probe per contact). The work is bounded by the page size times the number of contacts,
 * not by how many events they have. An event that names both the account and one of its
 * contacts comes only from the first branch.
 */
export async function listAccountTimeline(db: Queryable, workspaceId: number, accountId: number, input: TimelineInput): Promise<Page<Event>> {
  const order = newestFirst('account-timeline');
  const after = input.cursor ? decodeCursor(order, input.cursor) : null;
  const limit = checkedLimit(input.limit ?? 50);
  await assertAccountExists(db, workspaceId, accountId);

  const p = new SqlParams();
  const ws = p.add(workspaceId);
  const account = p.add(accountId, 'bigint');
  const filters: string[] = [];
  if (input.before) filters.push(`e.occurred_at < ${p.add(input.before, 'timestamptz')}`);
  if (input.after) filters.push(`e.occurred_at >= ${p.add(input.after, 'timestamptz')}`);
  if (input.name) filters.push(`e.name = ${p.add(input.name)}`);
  if (after) filters.push(keysetCondition(order, after, p));
  const extra = filters.map((f) => ` AND ${f}`).join('');
  const n = limit + 1;

  // The contacts' branch. Without a name filter: one short probe per contact (LATERAL), so
  // the work is bounded by contacts x page size. With one, a contact may have no event of
  // that name and its probe would read its whole history, so the planner chooses instead
  // between walking events_name_time and reading the contacts' events (events_contact_time).
  const notTheAccountsOwn = `(e.account_id IS NULL OR e.account_id <> ${account})`;
  const contactsBranch = input.name
    ? `SELECT e.id, e.occurred_at FROM events e
        WHERE e.workspace_id = ${ws} AND ${notTheAccountsOwn}${extra}
          AND e.contact_id IN (SELECT c.id FROM contacts c WHERE c.workspace_id = ${ws} AND c.account_id = ${account})
        ORDER BY e.occurred_at DESC, e.id DESC LIMIT ${n}`
    : `SELECT x.id, x.occurred_at
         FROM contacts c
        CROSS JOIN LATERAL (
          SELECT e.id, e.occurred_at FROM events e
           WHERE e.workspace_id = ${ws} AND e.contact_id = c.id AND ${notTheAccountsOwn}${extra}
           ORDER BY e.occurred_at DESC, e.id DESC LIMIT ${n}
        ) x
        WHERE c.workspace_id = ${ws} AND c.account_id = ${account}`;

  const rows = await db.query(
    `WITH page AS (
       SELECT t.id FROM (
         (SELECT e.id, e.occurred_at FROM events e
           WHERE e.workspace_id = ${ws} AND e.account_id = ${account}${extra}
           ORDER BY e.occurred_at DESC, e.id DESC LIMIT ${n})
         UNION ALL
         (${contactsBranch})
       ) t
       ORDER BY t.occurred_at DESC, t.id DESC LIMIT ${n}
     )
     SELECT ${EVENT_COLUMNS}, ${keysetSelect(order)}
       FROM page JOIN events e ON e.workspace_id = ${ws} AND e.id = page.id
      ORDER BY e.occurred_at DESC, e.id DESC`,
    p.values,
  );
  return pageFromRows<Event>(order, rows, limit);
}
