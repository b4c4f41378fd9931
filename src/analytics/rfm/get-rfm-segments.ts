import type { Queryable } from '../../db/database.js';
import type { RfmSegmentCount } from './compute-rfm-scores.js';
import { RFM_SEGMENTS } from './rfm-segment.js';

/**
 * The RFM segments as last computed (compute-rfm-scores.ts keeps each run's segment counts and
 * averages in analytics_runs), without recomputing. computed_at and as_of are null, and every
 * count 0, when RFM scores have never been computed for the workspace.
 */
export interface RfmSegments {
  computed_at: Date | null;
  as_of: Date | null;
  accounts: number;
  segments: RfmSegmentCount[];
}

export async function getRfmSegments(db: Queryable, workspaceId: number): Promise<RfmSegments> {
  const [run] = await db.query<{ ran_at: Date; as_of: Date; details: { accounts: number; segments: RfmSegmentCount[] } }>(
    `SELECT ran_at, as_of, details FROM analytics_runs WHERE workspace_id = $1 AND kind = 'rfm'`,
    [workspaceId],
  );
  if (!run) {
    return {
      computed_at: null,
      as_of: null,
      accounts: 0,
      segments: RFM_SEGMENTS.map(({ key, name }) => ({ segment: key, name, accounts: 0, share: 0, avg_recency_days: null, avg_frequency: null, avg_monetary: null })),
    };
  }
  return { computed_at: run.ran_at, as_of: run.as_of, accounts: run.details.accounts, segments: run.details.segments };
}
