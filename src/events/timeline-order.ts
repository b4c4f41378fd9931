import type { KeysetOrder } from '../db/keyset-cursor.js';

/** Newest first, ties by id: every event list and timeline pages on (occurred_at, id) descending. */
export function newestFirst(list: 'events' | 'account-timeline' | 'contact-timeline'): KeysetOrder {
  return {
    sort: `${list}:-occurred_at`,
    keys: [
      { sql: 'e.occurred_at', type: 'timestamptz' },
      { sql: 'e.id', type: 'bigint' },
    ],
    direction: 'desc',
  };
}
