import { expect, it } from 'vitest';
import type { Database, Queryable } from '../db/database.js';
import { drainRecomputeQueue } from '../recompute/drain-recompute-queue.js';
import { markSubjectsDirty } from '../recompute/mark-subjects-dirty.js';
import { recomputeWorkspace } from '../recompute/recompute-workspace.js';
import { describeEachDatabase } from '../testing/test-database.js';
import { createWorkspace } from '../workspaces/create-workspace.js';
import { createSegment } from './create-segment.js';

/** The real database, counting the statements that apply one segment's difference. */
function counting(db: Database, applied: string[]): Database {
  const count = (q: Queryable): Queryable => {
    const seen = (sql: string, params?: unknown[]) => {
      if (/^\s*WITH want AS MATERIALIZED/.test(sql)) applied.push(String(params?.[7]));
    };
    return {
      query: (sql, params) => (seen(sql, params), q.query(sql, params)),
      execute: (sql, params) => (seen(sql, params), q.execute(sql, params)),
      exec: (sql) => q.exec(sql),
      copyCsv: (table, columns, csv) => q.copyCsv(table, columns, csv),
      copyBinary: (table, columns, data) => q.copyBinary(table, columns, data),
    } as Queryable;
  };
  return { ...count(db), kind: db.kind, transaction: (fn) => db.transaction((tx) => fn(count(tx))), close: () => db.close() };
}

describeEachDatabase('segments of a drained batch', ({ db }) => {
  it('applies only the segments whose members change among the drained subjects, and those that read them', async () => {
    const ws = (await createWorkspace(db(), { slug: 'batch-changes', name: 'batch changes' })).id;
    const finns = await createSegment(db(), ws, { key: 'finns', name: 'Finns', subject_type: 'account', kind: 'dynamic', rule: { trait: 'country', op: 'eq', value: 'FI' } });
    const big = await createSegment(db(), ws, { key: 'big', name: 'Big', subject_type: 'account', kind: 'dynamic', rule: { trait: 'employees', op: 'gte', value: 100 } });
    const bigFinns = await createSegment(db(), ws, {
      key: 'big-finns',
      name: 'Big Finns',
      subject_type: 'account',
      kind: 'dynamic',
      rule: { all: [{ in_segment: 'finns' }, { in_segment: 'big' }] },
    });
    const made = await db().query<{ id: number }>(
      `INSERT INTO accounts (workspace_id, name, country, employees) VALUES ($1, 'Oy', 'SE', 500), ($1, 'Ab', 'SE', 5), ($1, 'Gone', 'FI', 500) RETURNING id`,
      [ws],
    );
    const [oy, ab, gone] = made.map((a) => a.id) as [number, number, number];
    await recomputeWorkspace(db(), ws);
    const members = async (segmentId: number) =>
      (await db().query<{ subject_id: number }>('SELECT subject_id FROM segment_members WHERE workspace_id = $1 AND segment_id = $2 ORDER BY 1', [ws, segmentId])).map(
        (r) => r.subject_id,
      );
    expect(await members(bigFinns.id)).toEqual([gone]);

    // Oy moves to Finland; Ab changes nothing any segment reads; Gone is deleted.
    await db().execute(`UPDATE accounts SET country = 'FI' WHERE workspace_id = $1 AND id = $2`, [ws, oy]);
    await db().execute(`UPDATE accounts SET name = 'Ab Ltd' WHERE workspace_id = $1 AND id = $2`, [ws, ab]);
    await db().execute('DELETE FROM accounts WHERE workspace_id = $1 AND id = $2', [ws, gone]);
    await db().transaction((tx) => markSubjectsDirty(tx, ws, 'account', [oy, ab, gone]));
    const applied: string[] = [];
    await drainRecomputeQueue(counting(db(), applied));

    // finns (Oy enters, Gone leaves), big (Gone leaves), big-finns (reads both); nothing else ran.
    expect(applied.sort()).toEqual(['big', 'big-finns', 'finns']);
    expect(await members(finns.id)).toEqual([oy]);
    expect(await members(big.id)).toEqual([oy]);
    expect(await members(bigFinns.id)).toEqual([oy]);

    // Ab again: no member changes, so no segment statement runs.
    applied.length = 0;
    await db().transaction((tx) => markSubjectsDirty(tx, ws, 'account', [ab]));
    await drainRecomputeQueue(counting(db(), applied));
    expect(applied).toEqual([]);
    // Big Oy shrinks: big runs, and big-finns after it (it reads big's new members).
    await db().execute('UPDATE accounts SET employees = 50 WHERE workspace_id = $1 AND id = $2', [ws, oy]);
    await db().transaction((tx) => markSubjectsDirty(tx, ws, 'account', [oy]));
    await drainRecomputeQueue(counting(db(), applied));
    expect(applied.sort()).toEqual(['big', 'big-finns']);
    expect(await members(bigFinns.id)).toEqual([]);
  });
});
