import type { Database } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import { RFM_SEGMENTS, rfmSegmentSql, type RfmSegmentKey } from './rfm-segment.js';
import { areMetricsReadByRules } from '../are-metrics-read-by-rules.js';
import { hasAccountScores, lockAccountScores } from '../replace-account-scores.js';
import { RFM_METRICS, storeRfmChanges } from './store-rfm-changes.js';
import { queueChangedSubjects } from '../../recompute/queue-changed-subjects.js';

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
 * are queued for recompute so rules that read them see the new values (when most of the
 * workspace changed, a first run for one, one whole-workspace recompute is requested instead:
 * recompute/queue-changed-subjects.ts). Returns the counts of the
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
  /** Accounts whose scores changed (or were removed): queued for recompute (or one whole-workspace recompute requested) when a stage or segment rule reads an RFM metric. */
  changed: number;
  elapsed_ms: number;
}

/**
 * The scoring, as CTEs ending in s (subject_id, recency_days, frequency, monetary, r, f, m: one row
 * per account with orders, in account order); $1 is the workspace, $2 the as-of time.
 */
const scoringCtes = `WITH o AS MATERIALIZED (
  -- sum(total) - sum(refunded_total): the same exact numeric as sum(total - refunded_total), without a subtraction per order.
  SELECT account_id, max(ordered_at) AS last_at, count(*) AS frequency, (sum(total) - sum(refunded_total))::float8 AS monetary
    FROM orders
   WHERE workspace_id = $1 AND account_id IS NOT NULL AND status <> 'cancelled' AND ordered_at <= $2
   GROUP BY account_id ORDER BY account_id
), sorted AS (
  SELECT count(*)::int AS n, array_agg(last_at ORDER BY last_at) AS r, array_agg(monetary ORDER BY monetary) AS m FROM o
), fc AS (
  -- Frequencies take few values: their k-th smallest comes from cumulative counts, not a sort of every account.
  SELECT frequency, sum(count(*)) OVER (ORDER BY frequency) AS cum FROM o GROUP BY frequency
), t AS MATERIALIZED (
  -- Score s (2..5) needs rank - 1 >= k = ceil((s - 1) n / 5), i.e. more than k values below:
  -- a value above the k-th smallest. So each score is 1 + the thresholds a value exceeds,
  -- and only the columns are sorted, not the accounts (ranking them in windows
  -- sorted every row three times). The thresholds are plain columns: s compares each
  -- account with them without indexing arrays.
  SELECT r[(n + 4) / 5] AS r1, r[(2 * n + 4) / 5] AS r2, r[(3 * n + 4) / 5] AS r3, r[(4 * n + 4) / 5] AS r4,
         (SELECT min(frequency) FROM fc WHERE cum >= (n + 4) / 5) AS f1, (SELECT min(frequency) FROM fc WHERE cum >= (2 * n + 4) / 5) AS f2,
         (SELECT min(frequency) FROM fc WHERE cum >= (3 * n + 4) / 5) AS f3, (SELECT min(frequency) FROM fc WHERE cum >= (4 * n + 4) / 5) AS f4,
         m[(n + 4) / 5] AS m1, m[(2 * n + 4) / 5] AS m2, m[(3 * n + 4) / 5] AS m3, m[(4 * n + 4) / 5] AS m4
    FROM sorted
), s AS MATERIALIZED (
  -- date_part, not extract: float8 arithmetic rather than numeric.
  SELECT o.account_id AS subject_id, date_part('epoch', $2::timestamptz - o.last_at) / 86400 AS recency_days, o.frequency, o.monetary,
         1 + (o.last_at > t.r1)::int + (o.last_at > t.r2)::int + (o.last_at > t.r3)::int + (o.last_at > t.r4)::int AS r,
         1 + (o.frequency > t.f1)::int + (o.frequency > t.f2)::int + (o.frequency > t.f3)::int + (o.frequency > t.f4)::int AS f,
         1 + (o.monetary > t.m1)::int + (o.monetary > t.m2)::int + (o.monetary > t.m3)::int + (o.monetary > t.m4)::int AS m
    FROM o CROSS JOIN t
)`;

/**
 * The segment counts over s (after scoringCtes): grouped by the 25 (R, F) cells first, so the
 * million rows go through a small hash table, never a sort by the segment's name.
 */
const segmentCountSql = `SELECT ${rfmSegmentSql('r', 'f')} AS segment, sum(n)::int AS accounts,
       (sum(recency_days) / sum(n))::float8 AS avg_recency_days, (sum(frequency) / sum(n))::float8 AS avg_frequency, (sum(monetary) / sum(n))::float8 AS avg_monetary
  FROM (SELECT r, f, count(*) AS n, sum(recency_days) AS recency_days, sum(frequency) AS frequency, sum(monetary) AS monetary FROM s GROUP BY r, f) cells
 GROUP BY 1`;

export async function computeRfmScores(db: Database, workspaceId: number, input: ComputeRfmScoresInput = {}): Promise<RfmResult> {
  const started = performance.now();
  const computedAt = new Date();
  const asOf = input.asOf == null ? computedAt : new Date(input.asOf);
  if (Number.isNaN(asOf.getTime())) {
    throw new AppError('validation_failed', `as_of must be an ISO 8601 date or date-time (got ${JSON.stringify(input.asOf)})`, [{ path: '/as_of', message: 'not a date' }]);
  }
  const result = await db.transaction(async (tx) => {
    await lockAccountScores(tx, workspaceId);
    const had = await hasAccountScores(tx, workspaceId, 'rfm');
    let segments: Array<Omit<RfmSegmentCount, 'name' | 'share'>>;
    let changed: number;
    let removed: number;
    if (!had) {
      // A first run: every scored account is new, so its rows go straight from the scoring into
      // subject_scores (in o's account order, so the index grows at its right edge), with no
      // comparison and no copy through a temporary table.
      segments = await tx.query<Omit<RfmSegmentCount, 'name' | 'share'>>(
        `${scoringCtes}, stored AS (
           INSERT INTO subject_scores (workspace_id, subject_type, family, subject_id, model, computed_at, rfm_r, rfm_f, rfm_m, rfm_score)
           SELECT $1, 'account', 'rfm', s.subject_id, 'rfm', $3, s.r, s.f, s.m, 100 * s.r + 10 * s.f + s.m FROM s
         )
         ${segmentCountSql}`,
        [workspaceId, asOf, computedAt],
      );
      changed = segments.reduce((n, g) => n + g.accounts, 0);
      removed = 0;
    } else {
      // No key: the full join yields each account once, and the joins with its rows are hash joins.
      await tx.exec('CREATE TEMP TABLE rfm_changed (subject_id bigint NOT NULL, gone boolean NOT NULL, stored boolean NOT NULL, r int, f int, m int) ON COMMIT DROP');
      // One statement scores every account, compares with the stored scores (rfm_score = 100 R +
      // 10 F + M determines all three) and keeps the accounts that changed, appeared or are gone
      // in rfm_changed, and counts the segments.
      segments = await tx.query<Omit<RfmSegmentCount, 'name' | 'share'>>(
        `${scoringCtes}, changed AS (
           INSERT INTO rfm_changed (subject_id, gone, stored, r, f, m)
           SELECT coalesce(s.subject_id, x.subject_id), s.subject_id IS NULL, x.subject_id IS NOT NULL, s.r, s.f, s.m
             FROM s
             FULL JOIN (SELECT subject_id, rfm_score, model FROM subject_scores
                         WHERE workspace_id = $1 AND subject_type = 'account' AND family = 'rfm') x ON x.subject_id = s.subject_id
            WHERE s.subject_id IS NULL OR x.subject_id IS NULL OR x.rfm_score IS DISTINCT FROM (100 * s.r + 10 * s.f + s.m)::float8 OR x.model IS DISTINCT FROM 'rfm'
         )
         ${segmentCountSql}`,
        [workspaceId, asOf],
      );
      ({ changed, removed } = await storeRfmChanges(tx, workspaceId, computedAt));
    }
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
    // Last in the transaction (queue rows go in ids' order, the lock order every recompute_queue
    // writer keeps; when most of a large workspace changed, a first run at 1M accounts for one,
    // one whole-workspace request goes in instead); only when a stage or segment rule reads an RFM metric.
    if (changed > 0 && (await areMetricsReadByRules(tx, workspaceId, RFM_METRICS))) {
      await queueChangedSubjects(tx, workspaceId, 'account', {
        changed,
        reason: 'rfm',
        selectIds: had ? 'SELECT subject_id FROM rfm_changed' : `SELECT subject_id FROM subject_scores WHERE workspace_id = $1 AND subject_type = 'account' AND family = 'rfm'`,
      });
    }
    return { as_of: asOf, computed_at: computedAt, ...summary, removed, changed, elapsed_ms: 0 };
  });
  // Many changed rows: refresh the statistics the rules' and reports' queries plan with.
  if (result.changed > 1000) await db.exec('ANALYZE subject_scores');
  return { ...result, elapsed_ms: Math.round(performance.now() - started) };
}
