import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { rfmSegmentOf, type RfmSegmentKey } from './rfm/rfm-segment.js';
import { FAMILY_NAMES, scoreMetricRowsSql } from '../rules/score-families.js';

/** One computed metric of an account (a column of its subject_scores row): what analytics wrote and the rules read. */
export interface AccountMetric {
  metric: string;
  value: number | null;
  computed_at: Date;
  /** What computed it: a CLV model's id, 'rfm', ... */
  model: string | null;
}

export interface AccountMetrics {
  account_id: number;
  metrics: AccountMetric[];
  /** The classic RFM segment of the stored R and F scores; null until RFM has been computed for the account. */
  rfm_segment: RfmSegmentKey | null;
}

/** Every metric stored for an account (with a value), by name, and its RFM segment. 404 when the account does not exist. */
export async function listAccountMetrics(db: Queryable, workspaceId: number, accountId: number): Promise<AccountMetrics> {
  const [account] = await db.query<{ id: number }>('SELECT id FROM accounts WHERE workspace_id = $1 AND id = $2', [workspaceId, accountId]);
  if (!account) throw new AppError('not_found', `There is no account ${accountId}`);
  const metrics = await db.query<AccountMetric & Record<string, unknown>>(
    `SELECT x.metric, x.value, s.computed_at, s.model FROM subject_scores s CROSS JOIN LATERAL ${scoreMetricRowsSql('s')} AS x(metric, value)
      WHERE s.workspace_id = $1 AND s.subject_type = 'account' AND s.family = ANY($3::text[]) AND s.subject_id = $2
      ORDER BY x.metric`,
    [workspaceId, accountId, FAMILY_NAMES],
  );
  const score = (name: string): number | null => metrics.find((m) => m.metric === name)?.value ?? null;
  const r = score('rfm_r');
  const f = score('rfm_f');
  return { account_id: accountId, metrics, rfm_segment: r !== null && f !== null ? rfmSegmentOf(r, f) : null };
}
