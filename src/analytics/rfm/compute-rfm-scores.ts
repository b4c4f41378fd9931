import type { Database } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import { RFM_SEGMENTS, rfmSegmentSql, type RfmSegmentKey } from './rfm-segment.js';
import { areMetricsReadByRules } from '../are-metrics-read-by-rules.js';
import { lockAnalyticsMetrics, RFM_METRICS, storeRfmChanges } from './store-rfm-changes.js';

/**
 * RFM scores of every account with orders, computed in SQL and stored in subject_scores
 * (family and model 'rfm', one row per account): rfm_r, rfm_f, rfm_m are quintile scores 1-5 and rfm_score = 100 R + 10 F + M
 * (e.g. 545). Recency is the time since the last order (recent = 5), frequency the number of
 * orders, monetary their value net of refunds; cancelled orders do not count.
 *
 * Quintiles come from the rank: score = 1 + floor(5 (rank - 1) / n), so accounts that tie get
 * the same score (ntile would split equal accounts between scores by an arbitrary tie-break;
 * with many one-order customers the F score then takes fewer than five values, which is what
 * the data say). Only values that changed are written (their computed_at is when they last
 * changed); the run itself, with its segment counts, is kept in analytics_runs (kind 'rfm').
 * Accounts without orders lose their RFM metrics. Accounts whose scores changed
 * are queued for recompute so rules that read them see the new values. Returns the counts of the
 * classic RFM segments.
 */
export interface ComputeRfmScoresInput {
  /** Score as of this time (ISO 8601; default now): later orders are ignored, recency counts to it. */
  asOf?: string | Date | null;
}

export interface RfmSegmentCount {
  segment: RfmSegmentKey;
  name: string;
  accounts: number;
  /** Share of the scored accounts (0..1). */
  share: number;
  avg_recency_days: number | null;
  avg_frequency: number | null;
  avg_monetary: number | null;
}

export interface RfmResult {
  as_of: Date;
  computed_at: Date;
  accounts: number;
  segments: RfmSegmentCount[];
  /** Accounts whose RFM metrics were removed (no orders any more). */
  removed: number;
  /** Accounts whose scores changed (or were removed): queued for recompute when a stage or segment rule reads an RFM metric. */
  changed: number;
  elapsed_ms: number;
}

export async function computeRfmScores(db: Database, workspaceId: number, input: ComputeRfmScoresInput = {}): Promise<RfmResult> {
  const started = performance.now();
  const computedAt = new Date();
  const asOf = input.asOf == null ? computedAt : new Date(input.asOf);
  if (Number.isNaN(asOf.getTime())) {
    throw new AppError('validation_failed', `as_of must be an ISO 8601 date or date-time (got ${JSON.stringify(input.asOf)})`, [{ path: '/as_of', message: 'not a date' }]);
  }
  const result = await db.transaction(async (tx) => {
    // No key: the full join yields each account once, and a first run's million rows go in
    // without an index to maintain (the joins with them are hash joins).
    await tx.exec('CREATE TEMP TABLE rfm_changed (subject_id bigint NOT NULL, gone boolean NOT NULL, r int, f int, m int) ON COMMIT DROP');
    await lockAnalyticsMetrics(tx, workspaceId);
    // One statement scores every account, compares with the stored scores (rfm_score = 100 R +
    // 10 F + M determines all three) and keeps the
    // accounts that changed, appeared or are gone in rfm_changed, and counts the segments.
    const segments = await tx.query<Omit<RfmSegmentCount, 'name' | 'share'>>(
      `WITH o AS MATERIALIZED (
         SELECT account_id, max(ordered_at) AS last_at, count(*) AS frequency, sum(total - refunded_total)::float8 AS monetary
           FROM orders
          WHERE workspace_id = $1 AND account_id IS NOT NULL AND status <> 'cancelled' AND ordered_at <= $2
          GROUP BY account_id
       ), sorted AS (
         SELECT count(*)::int AS n, array_agg(last_at ORDER BY last_at) AS r, array_agg(frequency ORDER BY frequency) AS f, array_agg(monetary ORDER BY monetary) AS m FROM o
       ), t AS MATERIALIZED (
         -- Score s (2..5) needs rank - 1 >= k = ceil((s - 1) n / 5), i.e. more than k values below:
         -- a value above the k-th smallest. So each score is 1 + the thresholds a value exceeds,
         -- and only the three columns are sorted, not the accounts (ranking them in windows
         -- sorted every row three times).
         SELECT ARRAY[r[(n + 4) / 5], r[(2 * n + 4) / 5], r[(3 * n + 4) / 5], r[(4 * n + 4) / 5]] AS r,
                ARRAY[f[(n + 4) / 5], f[(2 * n + 4) / 5], f[(3 * n + 4) / 5], f[(4 * n + 4) / 5]] AS f,
                ARRAY[m[(n + 4) / 5], m[(2 * n + 4) / 5], m[(3 * n + 4) / 5], m[(4 * n + 4) / 5]] AS m
           FROM sorted
       ), s AS MATERIALIZED (
         SELECT o.account_id AS subject_id, extract(epoch FROM ($2::timestamptz - o.last_at)) / 86400 AS recency_days, o.frequency, o.monetary,
                1 + (o.last_at > t.r[1])::int + (o.last_at > t.r[2])::int + (o.last_at > t.r[3])::int + (o.last_at > t.r[4])::int AS r,
                1 + (o.frequency > t.f[1])::int + (o.frequency > t.f[2])::int + (o.frequency > t.f[3])::int + (o.frequency > t.f[4])::int AS f,
                1 + (o.monetary > t.m[1])::int + (o.monetary > t.m[2])::int + (o.monetary > t.m[3])::int + (o.monetary > t.m[4])::int AS m
           FROM o CROSS JOIN t
       ), changed AS (
         INSERT INTO rfm_changed (subject_id, gone, r, f, m)
         SELECT coalesce(s.subject_id, x.subject_id), s.subject_id IS NULL, s.r, s.f, s.m
           FROM s
           FULL JOIN (SELECT subject_id, rfm_score, model FROM subject_scores
                       WHERE workspace_id = $1 AND subject_type = 'account' AND family = 'rfm') x ON x.subject_id = s.subject_id
          WHERE s.subject_id IS NULL OR x.subject_id IS NULL OR x.rfm_score IS DISTINCT FROM (100 * s.r + 10 * s.f + s.m)::float8 OR x.model IS DISTINCT FROM 'rfm'
       )
       SELECT ${rfmSegmentSql('r', 'f')} AS segment, count(*)::int AS accounts,
              avg(recency_days)::float8 AS avg_recency_days, avg(frequency)::float8 AS avg_frequency, avg(monetary)::float8 AS avg_monetary
         FROM s GROUP BY 1`,
      [workspaceId, asOf],
    );
    const { changed, removed } = await storeRfmChanges(tx, workspaceId, computedAt);
    const accounts = segments.reduce((s, g) => s + g.accounts, 0);
    const bySegment = new Map(segments.map((g) => [g.segment, g]));
    const summary = {
      accounts,
      segments: RFM_SEGMENTS.map(({ key, name }) => {
        const g = bySegment.get(key);
        return {
          segment: key,
          name,
          accounts: g?.accounts ?? 0,
          share: accounts > 0 ? (g?.accounts ?? 0) / accounts : 0,
          avg_recency_days: g?.avg_recency_days ?? null,
          avg_frequency: g?.avg_frequency ?? null,
          avg_monetary: g?.avg_monetary ?? null,
        };
      }),
    };
    await tx.query(
      `INSERT INTO analytics_runs (workspace_id, kind, ran_at, as_of, details) VALUES ($1, 'rfm', $2, $3, $4)
       ON CONFLICT (workspace_id, kind) DO UPDATE SET ran_at = excluded.ran_at, as_of = excluded.as_of, details = excluded.details`,
      [workspaceId, computedAt, asOf, JSON.stringify(summary)],
    );
    // Last in the transaction, ids ascending: the lock order every recompute_queue writer keeps;
    // only when a stage or segment rule reads an RFM metric.
    if (changed > 0 && (await areMetricsReadByRules(tx, workspaceId, RFM_METRICS))) {
      await tx.execute(
        `INSERT INTO recompute_queue (workspace_id, subject_type, subject_id)
         SELECT $1, 'account', subject_id FROM rfm_changed ORDER BY subject_id ON CONFLICT DO NOTHING`,
        [workspaceId],
      );
    }
    return { as_of: asOf, computed_at: computedAt, ...summary, removed, changed, elapsed_ms: 0 };
  });
  // Many changed rows: refresh the statistics the rules' and reports' queries plan with.
  if (result.changed > 1000) await db.exec('ANALYZE subject_scores');
  return { ...result, elapsed_ms: Math.round(performance.now() - started) };
}
