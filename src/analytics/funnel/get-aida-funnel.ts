import type { Queryable } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import { getLifecycleDefinition } from '../../lifecycle/get-lifecycle-definition.js';
import type { LocalizedText } from '../../lifecycle/lifecycle-definition.js';
import { resolveAccountGrouping } from '../retention/account-grouping.js';

export interface FunnelInput {
  /** Funnel entries from (inclusive); default 12 months before `to`. */
  from?: Date | null;
  /** Funnel entries until (exclusive); default now. */
  to?: Date | null;
  /** Split the entries by month or quarter of entry; default none (one row per group). */
  period?: 'month' | 'quarter' | null;
  /** An account attribute (as in retention: kind, country, industry, owner, trait:<name>, stage, segment:<key>), e.g. trait:lead_source. */
  by?: string | null;
}

export interface FunnelStepResult {
  key: string;
  /** Accounts of the row that reached this step or a later one. */
  reached: number;
  /** reached / reached of the previous step (null for the first step or when none reached it). */
  conversion: number | null;
  /** reached / entered. */
  conversion_from_start: number | null;
  /** Median days from reaching this step to reaching the next, over the accounts that went on. */
  median_days_to_next: number | null;
}

export interface FunnelRow {
  period: string | null;
  group: string;
  entered: number;
  steps: FunnelStepResult[];
}

export interface AidaFunnel {
  from: Date;
  to: Date;
  by: string | null;
  period: 'month' | 'quarter' | null;
  /** The prospect stages of the account lifecycle in order, then the first customer stage: the won step. */
  steps: { key: string; name: LocalizedText }[];
  rows: FunnelRow[];
}

const DAY_MS = 86_400_000;

/**
 * The AIDA funnel of prospects, from the stage moves Kanta recorded: accounts whose first stage
 * was a prospect stage enter the funnel when first placed, within [from, to) (accounts that came
 * in as customers never were prospects here); a step counts as reached when the account entered
 * it or any later step (moves may skip steps). Conversion from step to step, from the
 * start, and the median days between reaching a step and the next, per period of entry and per
 * group.
 */
export async function getAidaFunnel(db: Queryable, workspaceId: number, input: FunnelInput = {}): Promise<AidaFunnel> {
  const to = input.to ?? new Date();
  const from = input.from ?? new Date(to.getTime() - 365 * DAY_MS);
  if (from.getTime() >= to.getTime()) throw new AppError('validation_failed', 'The period is empty', [{ path: 'querystring/from', message: 'must be before to' }]);
  const { definition } = await getLifecycleDefinition(db, workspaceId, 'account');
  const prospects = definition.stages.filter((s) => s.kind === 'prospect');
  const won = definition.stages.find((s) => s.kind === 'customer');
  if (prospects.length === 0 || !won) throw new AppError('unprocessable', 'The account lifecycle has no prospect stages followed by a customer stage: there is no funnel to show');
  const steps = [...prospects, won];
  // Step k is reached by entering any stage of index >= k; every customer stage counts as won.
  const customerKeys = definition.stages.filter((s) => s.kind === 'customer').map((s) => s.key);
  const reachSets = steps.map((_, k) => [...steps.slice(k, -1).map((s) => s.key), ...customerKeys]);
  const grouping = await resolveAccountGrouping(db, workspaceId, input.by, 5 + steps.length);
  const reachedCols = reachSets.map((_, k) => `min(h.moved_at) FILTER (WHERE h.to_stage = ANY ($${5 + k}::text[])) AS r${k}`).join(', ');
  const period = input.period ?? null;
  const periodSql = period ? `to_char(date_trunc('${period}', f.r0 AT TIME ZONE 'UTC'), '${period === 'month' ? 'YYYY-MM' : 'YYYY-"Q"Q'}')` : 'NULL';
  const stepAggs = steps
    .map((_, k) => {
      const next = k + 1 < steps.length ? `percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (f.r${k + 1} - f.r${k})) / 86400) FILTER (WHERE f.r${k + 1} >= f.r${k})` : 'NULL::float8';
      return `count(f.r${k}) AS reached${k}, ${next} AS days${k}`;
    })
    .join(', ');
  const rows = await db.query<Record<string, unknown> & { period: string | null; grp: string; entered: number }>(
    `WITH firsts AS (
       SELECT h.subject_id, (array_agg(h.to_stage ORDER BY h.moved_at, h.id))[1] AS first_stage, ${reachedCols}
         FROM stage_history h
        WHERE h.workspace_id = $1 AND h.subject_type = 'account'
        GROUP BY h.subject_id
     ),
     f AS (
       SELECT firsts.*, ${grouping.sql} AS grp
         FROM firsts JOIN accounts a ON a.workspace_id = $1 AND a.id = firsts.subject_id
        WHERE firsts.r0 >= $2 AND firsts.r0 < $3 AND firsts.first_stage = ANY ($4::text[])
     )
     SELECT ${periodSql} AS period, f.grp, count(*) AS entered, ${stepAggs}
       FROM f GROUP BY 1, 2 ORDER BY 1 NULLS FIRST, 3 DESC, 2`,
    [workspaceId, from, to, prospects.map((s) => s.key), ...reachSets, ...grouping.params],
  );
  return {
    from,
    to,
    by: grouping.by,
    period,
    steps: steps.map((s) => ({ key: s.key, name: s.name })),
    rows: rows.map((r) => ({
      period: r.period,
      group: r.grp,
      entered: Number(r.entered),
      steps: steps.map((s, k) => {
        const reached = Number(r[`reached${k}`]);
        const previous = k === 0 ? null : Number(r[`reached${k - 1}`]);
        const days = r[`days${k}`];
        return {
          key: s.key,
          reached,
          conversion: previous === null || previous === 0 ? null : reached / previous,
          conversion_from_start: Number(r.entered) === 0 ? null : reached / Number(r.entered),
          median_days_to_next: days === null || days === undefined ? null : Math.round(Number(days) * 10) / 10,
        };
      }),
    })),
  };
}
