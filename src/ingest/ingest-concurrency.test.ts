import { expect, it } from 'vitest';
import { eventually } from '../testing/eventually.js';
import { describeEachDatabase } from '../testing/test-database.js';
import { ingestMessages } from './ingest-messages.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Races only PostgreSQL can have (PGlite has one connection): another transaction creates the
 * same contact or links the same anonymous id while a batch is being stored.
 */
describeEachDatabase('tracking API under concurrent writers', ({ kind, db, ws }) => {
  const onlyPostgres = kind !== 'postgres';

  it.skipIf(onlyPostgres)('attaches events to a user contact another transaction created first', async () => {
    const w = ws().workspace.id;
    let ingest: Promise<unknown> | undefined;
    const otherId = await db().transaction(async (tx) => {
      const [c] = await tx.query<{ id: number }>(`INSERT INTO contacts (workspace_id, external_id, email) VALUES ($1, 'race-user', 'first@example.fi') RETURNING id`, [w]);
      ingest = ingestMessages(db(), w, 'batch', { batch: [{ type: 'track', userId: 'race-user', event: 'Raced', messageId: 'race-1' }] });
      await pause(500); // the batch now waits on this transaction's contact
      return c!.id;
    });
    await ingest;
    const events = await db().query<{ contact_id: number }>(`SELECT contact_id FROM events WHERE workspace_id = $1 AND message_id = 'race-1'`, [w]);
    expect(events).toEqual([{ contact_id: otherId }]);
  });

  it.skipIf(onlyPostgres)('moves events to the contact of an anonymous id another transaction linked first', async () => {
    const w = ws().workspace.id;
    const before = await db().query<{ n: number }>('SELECT count(*) AS n FROM contacts WHERE workspace_id = $1', [w]);
    let ingest: Promise<unknown> | undefined;
    const otherId = await db().transaction(async (tx) => {
      const [c] = await tx.query<{ id: number }>(`INSERT INTO contacts (workspace_id) VALUES ($1) RETURNING id`, [w]);
      await tx.query(`INSERT INTO contact_identities (workspace_id, anonymous_id, contact_id) VALUES ($1, 'race-anon', $2)`, [w, c!.id]);
      ingest = ingestMessages(db(), w, 'batch', { batch: [{ type: 'page', anonymousId: 'race-anon', name: 'Raced', messageId: 'race-2' }] });
      await pause(500);
      return c!.id;
    });
    await ingest;
    const events = await db().query<{ contact_id: number }>(`SELECT contact_id FROM events WHERE workspace_id = $1 AND message_id = 'race-2'`, [w]);
    expect(events).toEqual([{ contact_id: otherId }]);
    // The contact the batch made for nothing is gone: only the other transaction's one was added.
    const after = await db().query<{ n: number }>('SELECT count(*) AS n FROM contacts WHERE workspace_id = $1', [w]);
    expect(after[0]!.n).toBe(before[0]!.n + 1);
  });

  it.skipIf(onlyPostgres)('stores a request again when its call lost a deadlock to another transaction', async () => {
    const w = ws().workspace.id;
    const deadlocks = async () =>
      Number((await db().query<{ n: string }>('SELECT deadlocks AS n FROM pg_stat_database WHERE datname = current_database()'))[0]!.n);
    const before = await deadlocks();
    let ingest: Promise<unknown> | undefined;
    const otherIds = await db().transaction(async (tx) => {
      // This transaction waits longer before it looks for a deadlock (default 1 s), so the
      // ingest call is the one PostgreSQL rolls back.
      await tx.query(`SET LOCAL deadlock_timeout = '20s'`);
      const [b] = await tx.query<{ id: number }>(`INSERT INTO contacts (workspace_id, external_id) VALUES ($1, 'deadlock-b') RETURNING id`, [w]);
      ingest = ingestMessages(db(), w, 'batch', {
        batch: [
          { type: 'track', userId: 'deadlock-b', event: 'Deadlocked', messageId: 'deadlock-2' },
          { type: 'track', userId: 'deadlock-a', event: 'Deadlocked', messageId: 'deadlock-1' },
        ],
      });
      // The call creates deadlock-a (new contacts go in key order), then waits for this
      // transaction's deadlock-b ...
      await eventually('the ingest call waits for a lock', async () => {
        const [r] = await db().query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%kanta_store_plain_events%'`,
        );
        return r!.n === 1;
      });
      // ... and this transaction now waits for the call's deadlock-a: a deadlock.
      const [a] = await tx.query<{ id: number }>(
        `INSERT INTO contacts (workspace_id, external_id) VALUES ($1, 'deadlock-a') ON CONFLICT DO NOTHING RETURNING id`,
        [w],
      );
      return { a: a!.id, b: b!.id };
    });
    await expect(ingest).resolves.toEqual({ received: 2, stored: 2 });
    const events = await db().query<{ message_id: string; contact_id: number }>(
      `SELECT message_id, contact_id FROM events WHERE workspace_id = $1 AND name = 'Deadlocked' ORDER BY message_id`,
      [w],
    );
    expect(events).toEqual([
      { message_id: 'deadlock-1', contact_id: otherIds.a },
      { message_id: 'deadlock-2', contact_id: otherIds.b },
    ]);
    await eventually('PostgreSQL counted the deadlock', async () => (await deadlocks()) > before);
  });

  it('stores a batch sent twice at the same time once', async () => {
    const w = ws().workspace.id;
    const body = { batch: Array.from({ length: 20 }, (_, i) => ({ type: 'track', userId: `twice-${i % 3}`, event: 'Twice', messageId: `twice-${i}` })) };
    await Promise.all([ingestMessages(db(), w, 'batch', body), ingestMessages(db(), w, 'batch', body)]);
    const [n] = await db().query<{ n: number; contacts: number }>(
      `SELECT count(*) AS n, count(DISTINCT contact_id) AS contacts FROM events WHERE workspace_id = $1 AND name = 'Twice'`,
      [w],
    );
    expect(n).toEqual({ n: 20, contacts: 3 });
    const [c] = await db().query<{ n: number }>(`SELECT count(*) AS n FROM contacts WHERE workspace_id = $1 AND external_id LIKE 'twice-%'`, [w]);
    expect(c!.n).toBe(3);
  });
});
