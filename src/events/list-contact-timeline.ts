import type { Queryable } from '../db/database.js';
import { decodeCursor, type Page } from '../db/keyset-cursor.js';
import { keysetPage } from '../db/keyset-page.js';
import type { SqlParams } from '../db/sql-params.js';
import { AppError } from '../errors/app-error.js';
import { EVENT_COLUMNS, type Event } from './event.js';
import type { TimelineInput } from './list-account-timeline.js';
import { newestFirst } from './timeline-order.js';

/** The events of one contact, newest first (events_contact_time); not_found if there is no such contact. */
export async function listContactTimeline(db: Queryable, workspaceId: number, contactId: number, input: TimelineInput): Promise<Page<Event>> {
  const order = newestFirst('contact-timeline');
  const after = input.cursor ? decodeCursor(order, input.cursor) : null;
  const found = await db.query('SELECT 1 FROM contacts WHERE workspace_id = $1 AND id = $2', [workspaceId, contactId]);
  if (found.length === 0) throw new AppError('not_found', `No contact ${contactId} in this workspace`);
  return keysetPage<Event>(
    db,
    {
      from: 'events e',
      select: EVENT_COLUMNS,
      id: 'e.id',
      order,
      where: (p: SqlParams) => {
        const conds = [`e.workspace_id = ${p.add(workspaceId)}`, `e.contact_id = ${p.add(contactId, 'bigint')}`];
        if (input.before) conds.push(`e.occurred_at < ${p.add(input.before, 'timestamptz')}`);
        if (input.after) conds.push(`e.occurred_at >= ${p.add(input.after, 'timestamptz')}`);
        if (input.name) conds.push(`e.name = ${p.add(input.name)}`);
        return conds;
      },
    },
    { after, limit: input.limit ?? 50 },
  );
}
