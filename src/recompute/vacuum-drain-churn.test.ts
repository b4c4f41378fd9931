import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { drainRecomputeQueue } from './drain-recompute-queue.js';
import { markSubjectsDirty } from './mark-subjects-dirty.js';

const ROUNDS = 8;
const NEVER = Number.POSITIVE_INFINITY;

describeEachDatabase('vacuum of what the drains churn', ({ db, ws }) => {
  const w = () => ws().workspace.id;
  const pages = async (table: string) => {
    const [row] = await db().query<{ pages: number }>(`SELECT pg_relation_size($1::regclass) / current_setting('block_size')::int AS pages`, [table]);
    return Number(row!.pages);
  };
  /** Queues `size` subjects (accounts that do not exist: a drain still claims and evaluates them, in its temp tables) and drains them, ROUNDS times; returns the table's pages after each round. */
  const rounds = async (table: string, firstId: number, size: number, vacuum: { queueEvery: number; catalogEvery: number }) => {
    const after: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const ids = Array.from({ length: size }, (_, i) => firstId + r * size + i);
      await db().transaction((tx) => markSubjectsDirty(tx, w(), 'account', ids));
      const drained = await drainRecomputeQueue(db(), { limit: size, vacuum });
      expect(drained.claimed).toBe(size);
      after.push(await pages(table));
    }
    return after;
  };

  it('vacuums the queue as the drains claim entries, so its table stops growing', async () => {
    await db().exec('VACUUM recompute_queue');
    const vacuumed = await rounds('recompute_queue', 1_000_000, 1_000, { queueEvery: 1_000, catalogEvery: NEVER });
    const kept = await rounds('recompute_queue', 2_000_000, 1_000, { queueEvery: NEVER, catalogEvery: NEVER });
    // With a VACUUM after every round, new entries reuse the space of the drained ones (or the emptied table is truncated).
    expect(Math.max(...vacuumed)).toBeLessThanOrEqual(kept[0]!);
    // Without one every round's dead rows stay: the table grows by about a round's pages each round.
    expect(kept[ROUNDS - 1]!).toBeGreaterThanOrEqual((ROUNDS / 2) * kept[0]!);
    const [left] = await db().query<{ n: number }>('SELECT count(*) AS n FROM recompute_queue WHERE workspace_id = $1', [w()]);
    expect(left!.n).toBe(0);
  });

  it('vacuums the catalogs that the drains temp tables churn, so pg_attribute stops growing', async () => {
    await db().exec('VACUUM pg_attribute');
    const vacuumed = await rounds('pg_attribute', 3_000_000, 1, { queueEvery: NEVER, catalogEvery: 1 });
    const kept = await rounds('pg_attribute', 4_000_000, 1, { queueEvery: NEVER, catalogEvery: NEVER });
    // Each drain's temp tables leave their columns' rows dead in pg_attribute: without a VACUUM it grows drain after drain.
    expect(kept[ROUNDS - 1]! - kept[0]!).toBeGreaterThanOrEqual(ROUNDS - 1);
    // With one after every drain, the next drain's temp tables reuse that space.
    expect(Math.max(...vacuumed) - Math.min(...vacuumed)).toBeLessThanOrEqual(1);
  });
});
