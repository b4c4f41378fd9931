import type { Database } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import { replaceAccountMetrics } from '../replace-account-metrics.js';
import { RFM_SEGMENTS, rfmSegmentSql, type RfmSegmentKey } from './rfm-segment.js';

/**
 * RFM scores of every account with orders, computed in SQL and stored in subject_metrics
 * (model 'rfm'): rfm_r, rfm_f, rfm_m are quintile scores 1-5 and rfm_score = 100 R + 10 F + M
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
  /** Accounts whose scores changed (or were removed): all of them are in the recompute queue. */
  changed: number;
  elapsed_ms: number;
}

export const RFM_METRICS = ['rfm_r', 'rfm_f', 'rfm_m', 'rfm_score'] as const;

export async function computeRfmScores(db: Database, workspaceId: number, input: ComputeRfmScoresInput = {}): Promise<RfmResult> {
  const started = performance.now();
  const computedAt = new Date();
  const asOf = input.asOf == null ? computedAt : new Date(input.asOf);
  if (Number.isNaN(asOf.getTime())) {
    throw new AppError('validation_failed', `as_of must be an ISO 8601 date or date-time (got ${JSON.stringify(input.asOf)})`, [{ path: '/as_of', message: 'not a date' }]);
  }
  const metricList = `'${RFM_METRICS.join("', '")}'`;
  const result = await db.transaction(async (tx) => {
    await tx.exec(`CREATE TEMP TABLE rfm_scores (subject_id bigint PRIMARY KEY, recency_days float8, frequency bigint, monetary float8, r int, f int, m int) ON COMMIT DROP;
                   CREATE TEMP TABLE rfm_changed (subject_id bigint PRIMARY KEY) ON COMMIT DROP`);
    await tx.query(
      `INSERT INTO rfm_scores (subject_id, recency_days, frequency, monetary, r, f, m)
       WITH o AS (
         SELECT account_id, max(ordered_at) AS last_at, count(*) AS frequency, sum(total - refunded_total)::float8 AS monetary
           FROM orders
          WHERE workspace_id = $1 AND account_id IS NOT NULL AND status <> 'cancelled' AND ordered_at <= $2
          GROUP BY account_id
       ), f AS (
         -- rank() over the frequency, counted: 1 + the accounts with fewer orders. (Frequencies
         -- are few values shared by many accounts, and rank() over such peer groups is slow.)
         SELECT frequency, (1 + coalesce(sum(count(*)) OVER (ORDER BY frequency ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))::bigint AS f_rank
           FROM o GROUP BY frequency
       ), q AS (
         SELECT o.account_id, o.last_at, o.frequency, o.monetary, count(*) OVER () AS n,
                rank() OVER (ORDER BY o.last_at) AS r_rank,
                f.f_rank,
                rank() OVER (ORDER BY o.monetary) AS m_rank
           FROM o JOIN f USING (frequency)
       )
       SELECT account_id AS subject_id,
              extract(epoch FROM ($2::timestamptz - last_at)) / 86400 AS recency_days, frequency, monetary,
              (1 + (5 * (r_rank - 1)) / n)::int AS r, (1 + (5 * (f_rank - 1)) / n)::int AS f, (1 + (5 * (m_rank - 1)) / n)::int AS m
         FROM q
        -- In key order, so the primary key grows at its right edge.
        ORDER BY account_id`,
      [workspaceId, asOf],
    );
    // Fresh statistics, so the planner does not take the new rows for one.
    await tx.exec('ANALYZE rfm_scores');
    const values = `(VALUES ('rfm_r', s.r::float8), ('rfm_f', s.f::float8), ('rfm_m', s.m::float8), ('rfm_score', (100 * s.r + 10 * s.f + s.m)::float8)) AS v(metric, value)`;
    // Write only what changed (a recompute that changes nothing writes nothing); remember who changed.
    await replaceAccountMetrics(tx, workspaceId, {
      source: `SELECT s.subject_id, v.metric, v.value FROM rfm_scores s CROSS JOIN LATERAL ${values}`,
      model: 'rfm',
      computedAt,
      changedTable: 'rfm_changed',
    });
    const [gone] = await tx.query<{ removed: number }>(
      `WITH d AS (
         DELETE FROM subject_metrics m
          WHERE m.workspace_id = $1 AND m.subject_type = 'account' AND m.metric IN (${metricList})
            AND NOT EXISTS (SELECT 1 FROM rfm_scores s WHERE s.subject_id = m.subject_id)
         RETURNING m.subject_id
       ), ins AS (
         INSERT INTO rfm_changed (subject_id) SELECT DISTINCT subject_id FROM d ON CONFLICT DO NOTHING
       )
       SELECT count(DISTINCT subject_id)::int AS removed FROM d`,
      [workspaceId],
    );
    const segments = await tx.query<Omit<RfmSegmentCount, 'name' | 'share'>>(
      `SELECT ${rfmSegmentSql('r', 'f')} AS segment, count(*)::int AS accounts,
              avg(recency_days)::float8 AS avg_recency_days, avg(frequency)::float8 AS avg_frequency, avg(monetary)::float8 AS avg_monetary
         FROM rfm_scores GROUP BY 1`,
    );
    const [changedCount] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM rfm_changed');
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
    // Last in the transaction, ids ascending: the lock order every recompute_queue writer keeps.
    await tx.execute(
      `INSERT INTO recompute_queue (workspace_id, subject_type, subject_id)
       SELECT $1, 'account', subject_id FROM rfm_changed ORDER BY subject_id ON CONFLICT DO NOTHING`,
      [workspaceId],
    );
    return { as_of: asOf, computed_at: computedAt, ...summary, removed: gone?.removed ?? 0, changed: changedCount!.n, elapsed_ms: 0 };
  });
  // Many changed rows: refresh the statistics the rules' and reports' queries plan with.
  if (result.changed > 1000) await db.exec('ANALYZE subject_metrics');
  return { ...result, elapsed_ms: Math.round(performance.now() - started) };
}
