import { createReadStream, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../db/database.js';
import { isAppError } from '../../errors/app-error.js';
import { importFile } from '../../import/import-file.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import { createWorkspace } from '../../workspaces/create-workspace.js';
import { estimateKaplanMeier } from '../models/estimate-kaplan-meier.js';
import { readCdnowSample } from '../models/testing/read-cdnow.js';
import { estimateRetentionCurves } from './estimate-retention-curves.js';
import { getCohortRetention } from './get-cohort-retention.js';

const SAMPLE = fileURLToPath(new URL('../../../../shared/data/cdnow/CDNOW_sample.txt', import.meta.url));
const AS_OF = '2024-06-30T12:00:00Z';

/**
 * A hand-made shop (as of 2024-06-30 12:00 UTC; churn after 30 days without an order):
 *   A (FI, plan pro)   Jan 5 100, Feb 10 50, Apr 1 100        churns May 1, lifetime 87 days
 *   B (FI, plan pro)   Jan 20 200                             churns Feb 19, 0 days
 *   C (FI, plan basic) Feb 3 80, Mar 3 120                    churns Apr 2, 29 days
 *   D (SE)             Feb 25 40 (+ a cancelled order Mar 1)   churns Mar 26, 0 days
 *   E (SE)             Mar 15 100 with 40 refunded            churns Apr 14, 0 days
 *   F (SE)             Jun 10 30, Jun 20 30                   active: censored at 20 days
 * plus an order without an account (ignored).
 */
async function makeShop(db: Queryable, ws: number): Promise<Record<string, number>> {
  const spec: [string, string, Record<string, string>, [string, number, string?, number?][]][] = [
    ['A', 'FI', { plan: 'pro' }, [['2024-01-05', 100], ['2024-02-10', 50], ['2024-04-01', 100]]],
    ['B', 'FI', { plan: 'pro' }, [['2024-01-20', 200]]],
    ['C', 'FI', { plan: 'basic' }, [['2024-02-03', 80], ['2024-03-03', 120]]],
    ['D', 'SE', {}, [['2024-02-25', 40], ['2024-03-01', 999, 'cancelled']]],
    ['E', 'SE', {}, [['2024-03-15', 100, 'partially_refunded', 40]]],
    ['F', 'SE', {}, [['2024-06-10', 30], ['2024-06-20', 30]]],
  ];
  const ids: Record<string, number> = {};
  for (const [name, country, traits, orders] of spec) {
    const [a] = await db.query<{ id: number }>(`INSERT INTO accounts (workspace_id, name, country, traits) VALUES ($1, $2, $3, $4) RETURNING id`, [ws, name, country, JSON.stringify(traits)]);
    ids[name] = a!.id;
    for (const [i, [day, total, status, refunded]] of orders.entries()) {
      await db.query(
        `INSERT INTO orders (workspace_id, external_id, account_id, status, total, refunded_total, ordered_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [ws, `${name}-${i}`, a!.id, status ?? 'completed', total, refunded ?? 0, `${day}T00:00:00Z`],
      );
    }
  }
  await db.query(`INSERT INTO orders (workspace_id, external_id, total, ordered_at) VALUES ($1, 'orphan', 500, '2024-01-10T00:00:00Z')`, [ws]);
  return ids;
}

describeEachDatabase('retention from the database', ({ db }) => {
  let n = 0;
  const newWorkspace = async () => (await createWorkspace(db(), { slug: `ret-${++n}`, name: `Retention ${n}` })).id;

  describe('Kaplan-Meier curves', () => {
    it('equal the pure estimate on the hand-made shop, with censoring', async () => {
      const ws = await newWorkspace();
      await makeShop(db(), ws);
      const result = await estimateRetentionCurves(db(), ws, { churnAfterDays: 30, asOf: AS_OF });
      expect(result.accounts).toBe(6);
      expect(result.curves).toHaveLength(1);
      const curve = result.curves[0]!;
      const pure = estimateKaplanMeier({ time: [87, 0, 29, 0, 0, 20], event: [1, 1, 1, 1, 1, 0] });
      expect(curve.points.map((p) => p.days)).toEqual(Array.from(pure.time));
      expect(curve.points.map((p) => p.retention)).toEqual(Array.from(pure.survival));
      expect(curve.points.map((p) => p.lower)).toEqual(Array.from(pure.lower));
      // By hand: 3 of 6 churn at day 0, the censored one leaves at 20, 1 of 2 at 29, the last at 87.
      expect(curve.points.map((p) => p.retention)).toEqual([0.5, 0.5, 0.25, 0]);
      expect(curve).toMatchObject({ group: 'all', accounts: 6, churned: 5, median_days: 0 });
      expect(result.log_rank).toBeNull();
    });

    it('splits by column, trait and segment, with a log-rank test', async () => {
      const ws = await newWorkspace();
      const ids = await makeShop(db(), ws);
      const byCountry = await estimateRetentionCurves(db(), ws, { by: 'country', churnAfterDays: 30, asOf: AS_OF });
      expect(byCountry.curves.map((c) => [c.group, c.accounts, c.churned])).toEqual([
        ['FI', 3, 3],
        ['SE', 3, 2],
      ]);
      const fi = estimateKaplanMeier({ time: [87, 0, 29], event: [1, 1, 1] });
      expect(byCountry.curves[0]!.points.map((p) => p.retention)).toEqual(Array.from(fi.survival));
      expect(byCountry.log_rank!.degrees_of_freedom).toBe(1);
      expect(byCountry.log_rank!.p_value).toBeGreaterThan(0);
      expect(byCountry.log_rank!.p_value).toBeLessThanOrEqual(1);

      const byPlan = await estimateRetentionCurves(db(), ws, { by: 'trait:plan', churnAfterDays: 30, asOf: AS_OF });
      expect(byPlan.curves.map((c) => [c.group, c.accounts])).toEqual([
        ['(none)', 3],
        ['pro', 2],
        ['basic', 1],
      ]);
      const merged = await estimateRetentionCurves(db(), ws, { by: 'trait:plan', churnAfterDays: 30, asOf: AS_OF, maxGroups: 1 });
      expect(merged.curves.map((c) => [c.group, c.accounts])).toEqual([
        ['(none)', 3],
        ['(other)', 3],
      ]);

      const [seg] = await db().query<{ id: number }>(`INSERT INTO segments (workspace_id, key, name, subject_type, kind) VALUES ($1, 'vip', 'VIP', 'account', 'static') RETURNING id`, [ws]);
      await db().query(`INSERT INTO segment_members (workspace_id, segment_id, subject_id, entered_at) VALUES ($1, $2, $3, now()), ($1, $2, $4, now())`, [ws, seg!.id, ids.A, ids.F]);
      const bySegment = await estimateRetentionCurves(db(), ws, { by: 'segment:vip', churnAfterDays: 30, asOf: AS_OF });
      expect(bySegment.curves.map((c) => [c.group, c.accounts, c.churned])).toEqual([
        ['not in vip', 4, 4],
        ['in vip', 2, 1],
      ]);

      for (const by of ['colour', 'segment:nope']) {
        try {
          await estimateRetentionCurves(db(), ws, { by });
          throw new Error('expected a rejection');
        } catch (e) {
          if (!isAppError(e)) throw e;
          expect(e.issues[0]!.path).toBe('/by');
        }
      }
    });

    it('equal the pure estimate on the CDNOW sample (churn after 180 days, as of 1998-07-01)', async () => {
      const ws = await newWorkspace();
      await importFile(db(), ws, { kind: 'orders', format: 'cdnow', source: createReadStream(SAMPLE), bytesTotal: statSync(SAMPLE).size });
      const asOfDay = Date.UTC(1998, 6, 1) / 86_400_000;
      const tx = readCdnowSample();
      const span = new Map<number, { first: number; last: number }>();
      for (let i = 0; i < tx.customer.length; i++) {
        const s = span.get(tx.customer[i]!) ?? { first: Infinity, last: -Infinity };
        s.first = Math.min(s.first, tx.day[i]!);
        s.last = Math.max(s.last, tx.day[i]!);
        span.set(tx.customer[i]!, s);
      }
      const time: number[] = [];
      const event: number[] = [];
      for (const { first, last } of span.values()) {
        const churned = last <= asOfDay - 180;
        time.push(churned ? last - first : asOfDay - first);
        event.push(churned ? 1 : 0);
      }
      const pure = estimateKaplanMeier({ time, event });
      const result = await estimateRetentionCurves(db(), ws, { churnAfterDays: 180, asOf: '1998-07-01T00:00:00Z' });
      const curve = result.curves[0]!;
      expect(curve.accounts).toBe(2357);
      expect(curve.churned).toBe(pure.totalEvents);
      expect(curve.points.map((p) => p.days)).toEqual(Array.from(pure.time));
      expect(curve.points.map((p) => p.retention)).toEqual(Array.from(pure.survival));
      expect(curve.points.map((p) => p.upper)).toEqual(Array.from(pure.upper));
      expect(curve.median_days).toBe(pure.median);
    });
  });

  describe('cohorts', () => {
    it('gives the known matrix, churn and revenue retention of the hand-made shop', async () => {
      const ws = await newWorkspace();
      await makeShop(db(), ws);
      const result = await getCohortRetention(db(), ws, { asOf: AS_OF, months: 6, periodMonths: 2, periods: 3, churnAfterDays: 30 });
      expect(result.cohorts.map((c) => c.cohort)).toEqual(['2024-01', '2024-02', '2024-03', '2024-06']);
      const [jan, feb, mar, jun] = result.cohorts;
      expect(jan).toEqual({
        cohort: '2024-01',
        accounts: 2,
        active: [2, 1, 0, 1, 0, 0],
        revenue: [300, 50, 0, 100, 0, 0],
        logo_retention: [1, 0.5, 0, 0.5, 0, 0],
        revenue_retention: [1, 50 / 300, 0, 100 / 300, 0, 0],
      });
      expect(feb).toMatchObject({ accounts: 2, active: [2, 1, 0, 0, 0], revenue: [120, 120, 0, 0, 0], revenue_retention: [1, 1, 0, 0, 0] });
      expect(mar).toMatchObject({ accounts: 1, active: [1, 0, 0, 0], revenue: [60, 0, 0, 0] });
      expect(jun).toMatchObject({ accounts: 1, active: [1], revenue: [60], logo_retention: [1] });

      // Windows of two months, newest first: (Apr 30, Jun 30], (Feb 29, Apr 30], (Dec 30, Feb 29].
      expect(result.periods.map((p) => p.start.toISOString())).toEqual(['2024-04-30T12:00:00.000Z', '2024-02-29T12:00:00.000Z', '2023-12-30T12:00:00.000Z']);
      const [p0, p1, p2] = result.periods;
      expect(p2).toMatchObject({ active_at_start: 0, new_accounts: 4, churned: 0, churn_rate: null, revenue: 470, base_revenue: 0, net_revenue_retention: null });
      expect(p1).toMatchObject({ active_at_start: 3, new_accounts: 1, churned: 2, revenue: 280, base_revenue: 470, retained_revenue: 220, retained_revenue_capped: 180 });
      expect(p1!.churn_rate).toBeCloseTo(2 / 3, 12);
      expect(p1!.net_revenue_retention).toBeCloseTo(220 / 470, 12);
      expect(p1!.gross_revenue_retention).toBeCloseTo(180 / 470, 12);
      expect(p0).toMatchObject({ active_at_start: 1, new_accounts: 1, churned: 1, churn_rate: 1, revenue: 60, base_revenue: 280, retained_revenue: 0, net_revenue_retention: 0, gross_revenue_retention: 0 });
    });

    it('names every bad parameter', async () => {
      const ws = await newWorkspace();
      try {
        await getCohortRetention(db(), ws, { months: 0, periodMonths: 1.5, churnAfterDays: -1 });
        throw new Error('expected a rejection');
      } catch (e) {
        if (!isAppError(e)) throw e;
        expect(e.issues.map((i) => i.path)).toEqual(['/months', '/period_months', '/churn_after_days']);
      }
    });
  });
});
