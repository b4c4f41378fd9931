import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { drainRecomputeQueue } from './drain-recompute-queue.js';
import { markSubjectsDirty } from './mark-subjects-dirty.js';

const ROUND = 1_000;
const ROUNDS = 8;

describeEachDatabase('recompute queue vacuum', ({ db, ws }) => {
  const w = () => ws().workspace.id;
  const queuePages = async () => {
    const [row] = await db().query<{ pages: number }>(`SELECT pg_relation_size('recompute_queue') / current_setting('block_size')::int AS pages`);
    return Number(row!.pages);
  };
  /** Queues ROUND subjects (accounts that do not exist: the drain still claims and evaluates them) and drains them; returns the table's pages after each round. */
  const rounds = async (firstId: number, vacuumEvery: number) => {
    const pages: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const ids = Array.from({ length: ROUND }, (_, i) => firstId + r * ROUND + i);
      await db().transaction((tx) => markSubjectsDirty(tx, w(), 'account', ids));
      const drained = await drainRecomputeQueue(db(), { limit: ROUND, vacuumEvery });
      expect(drained.claimed).toBe(ROUND);
      pages.push(await queuePages());
    }
    return pages;
  };

  it('vacuums the queue as the drains claim entries, so its table stops growing', async () => {
    await db().exec('VACUUM recompute_queue');
    const vacuumed = await rounds(1_000_000, ROUND);
    const kept = await rounds(2_000_000, Number.POSITIVE_INFINITY);
    // With a VACUUM after every round, new entries reuse the space of the drained ones (or the emptied table is truncated).
    expect(Math.max(...vacuumed)).toBeLessThanOrEqual(kept[0]!);
    // Without one every round's dead rows stay: the table grows by about a round's pages each round.
    expect(kept[ROUNDS - 1]!).toBeGreaterThanOrEqual((ROUNDS / 2) * kept[0]!);
    const [left] = await db().query<{ n: number }>('SELECT count(*) AS n FROM recompute_queue WHERE workspace_id = $1', [w()]);
    expect(left!.n).toBe(0);
  });
});
