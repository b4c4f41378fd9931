import { expect, it } from 'vitest';
import { daysBefore, insertAccount, insertOrder } from '../lifecycle/testing/lifecycle-test-data.js';
import { createSegment } from '../segments/create-segment.js';
import { describeEachDatabase } from '../testing/test-database.js';
import { bootstrapWorkspace } from '../workspaces/bootstrap-workspace.js';
import { recomputeWorkspace } from './recompute-workspace.js';

const NOW = new Date('2026-06-01T12:00:00Z');

describeEachDatabase('the timeline events of a recompute batch', ({ db }) => {
  it("are written subject by subject, each subject's in the order its segments and stages changed", async () => {
    const ws = (await bootstrapWorkspace(db(), { slug: 'batch-timeline', name: 'Batch timeline' })).workspace.id;
    const accounts: number[] = [];
    for (let i = 0; i < 4; i++) {
      const a = await insertAccount(db(), ws, `Ostaja ${i}`);
      await insertOrder(db(), ws, a, daysBefore(NOW, 10 + i));
      accounts.push(a);
    }
    await createSegment(db(), ws, { key: 'buyers', name: 'Buyers', subject_type: 'account', kind: 'dynamic', rule: { orders: 'count', op: 'gte', value: 1 } });
    await createSegment(db(), ws, { key: 'fresh', name: 'Fresh', subject_type: 'account', kind: 'dynamic', rule: { orders: 'count', within_days: 365, op: 'gte', value: 1 } });
    await createSegment(db(), ws, { key: 'new-buyers', name: 'New buyers', subject_type: 'account', kind: 'dynamic', rule: { all: [{ in_segment: 'buyers' }, { stage_in: ['new'] }] } });

    // One batch: both segments before the stages, the placement and the move, the segment after them.
    await recomputeWorkspace(db(), ws, { now: NOW, batchSize: 100 });
    const events = await db().query<{ account_id: number; name: string; what: string }>(
      `SELECT account_id, name, coalesce(properties->>'segment', properties->>'to') AS what FROM events
        WHERE workspace_id = $1 AND type = 'system' ORDER BY id`,
      [ws],
    );
    // Without the batch's timeline table the events came segment by segment (all the buyers, then all the fresh, ...).
    const runs = events.filter((e, i) => i === 0 || e.account_id !== events[i - 1]!.account_id).map((e) => Number(e.account_id));
    expect(runs).toEqual(accounts);
    for (const a of accounts) {
      expect(events.filter((e) => Number(e.account_id) === a).map((e) => `${e.name}: ${e.what}`)).toEqual([
        'Segment Entered: buyers',
        'Segment Entered: fresh',
        'Stage Changed: awareness',
        'Stage Changed: new',
        'Segment Entered: new-buyers',
      ]);
    }
  });
});
