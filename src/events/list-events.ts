import type { Queryable } from '../db/database.js';
import { decodeCursor, type Page } from '../db/keyset-cursor.js';
import { keysetPage } from '../db/keyset-page.js';
import type { SqlParams } from '../db/sql-params.js';
import { EVENT_COLUMNS, type Event, type EventType } from './event.js';
import { newestFirst } from './timeline-order.js';

export interface ListEventsInput {
  contact_id?: number | undefined;
  account_id?: number | undefined;
  name?: string | undefined;
  type?: EventType | undefined;
  /** occurred_at >= from */
  from?: string | undefined;
  /** occurred_at < to */
  to?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/**
 * A workspace's events, newest first. Each filter has its index: events_contact_time,
 * events_account_time, events_name_time, and events_time without one.
 */
export async function listEvents(db: Queryable, workspaceId: number, input: ListEventsInput): Promise<Page<Event>> {
  const order = newestFirst('events');
  return keysetPage<Event>(
    db,
    {
      from: 'events e',
      select: EVENT_COLUMNS,
      id: 'e.id',
      order,
      where: (p: SqlParams) => {
        const conds = [`e.workspace_id = ${p.add(workspaceId)}`];
        if (input.contact_id !== undefined) conds.push(`e.contact_id = ${p.add(input.contact_id, 'bigint')}`);
        if (input.account_id !== undefined) conds.push(`e.account_id = ${p.add(input.account_id, 'bigint')}`);
        if (input.name) conds.push(`e.name = ${p.add(input.name)}`);
        if (input.type) conds.push(`e.type = ${p.add(input.type)}`);
        if (input.from) conds.push(`e.occurred_at >= ${p.add(input.from, 'timestamptz')}`);
        if (input.to) conds.push(`e.occurred_at < ${p.add(input.to, 'timestamptz')}`);
        return conds;
      },
    },
    { after: input.cursor ? decodeCursor(order, input.cursor) : null, limit: input.limit ?? 50 },
  );
}
