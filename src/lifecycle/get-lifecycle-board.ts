import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { SubjectType } from '../rules/rule.js';
import { getLifecycleDefinition } from './get-lifecycle-definition.js';
import type { LocalizedText, StageKind } from './lifecycle-definition.js';

export interface BoardStage {
  key: string;
  name: LocalizedText;
  kind: StageKind | null;
  group: string | null;
  /** Subjects in the stage now. */
  count: number;
  /** Median days the subjects now in the stage have been in it. */
  median_days_in_stage: number | null;
  /** Moves into the stage within the period. */
  entered: number;
  /** Moves out of the stage within the period. */
  exited: number;
  /**
   * Median days the subjects that left the stage within the period had stayed in it. Stays of
   * no time (passing through the stage within one recompute) do not count.
   */
  median_days_before_exit: number | null;
}

export interface LifecycleBoard {
  subject: SubjectType;
  version: number;
  from: Date;
  to: Date;
  /** The definition's stages in order; stages no longer defined that still hold subjects come last. */
  stages: BoardStage[];
  /** Moves within [from, to), by from and to stage; from null = first placement. */
  flows: { from: string | null; to: string; count: number }[];
  /** Subjects without a stage yet (not recomputed since they arrived). */
  unplaced: number;
}

export interface LifecycleBoardInput {
  /** Period start (inclusive); default 30 days before `to`. */
  from?: Date | string | undefined;
  /** Period end (exclusive); default now. */
  to?: Date | string | undefined;
  now?: Date;
}

const TABLE: Record<SubjectType, string> = { account: 'accounts', contact: 'contacts' };
const DAY_MS = 86_400_000;

function instant(v: Date | string | undefined, path: string): Date | null {
  if (v === undefined) return null;
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) throw new AppError('validation_failed', `Invalid ${path}`, [{ path, message: 'must be an ISO 8601 date or date-time' }]);
  return d;
}

/**
 * The lifecycle board: how many subjects are in each stage now and for how long (median), and
 * the flows between stages within a period [from, to), with the median stay of those that left.
 */
export async function getLifecycleBoard(db: Queryable, workspaceId: number, subject: SubjectType, input: LifecycleBoardInput = {}): Promise<LifecycleBoard> {
  const now = input.now ?? new Date();
  const to = instant(input.to, 'querystring/to') ?? now;
  const from = instant(input.from, 'querystring/from') ?? new Date(to.getTime() - 30 * DAY_MS);
  if (from.getTime() >= to.getTime()) {
    throw new AppError('validation_failed', 'The period is empty', [{ path: 'querystring/from', message: 'must be before to' }]);
  }
  const { version, definition } = await getLifecycleDefinition(db, workspaceId, subject);
  const params = [workspaceId, subject, now];
  const occupancy = await db.query<{ stage: string; n: number; median_days: number | null }>(
    `SELECT stage, count(*) AS n,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ($3::timestamptz - entered_at)) / 86400) AS median_days
       FROM subject_stages WHERE workspace_id = $1 AND subject_type = $2 GROUP BY stage`,
    params,
  );
  const flows = await db.query<{ from: string | null; to: string; count: number }>(
    `SELECT from_stage AS "from", to_stage AS "to", count(*) AS count
       FROM stage_history
      WHERE workspace_id = $1 AND subject_type = $2 AND moved_at >= $3 AND moved_at < $4
      GROUP BY from_stage, to_stage ORDER BY count(*) DESC, from_stage NULLS FIRST, to_stage`,
    [workspaceId, subject, from, to],
  );
  // Each exit's stay: back from the exit to the subject's move before it (the one into the stage).
  const stays = await db.query<{ stage: string; median_days: number | null }>(
    `SELECT h.from_stage AS stage,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (h.moved_at - p.moved_at)) / 86400) AS median_days
       FROM stage_history h
       CROSS JOIN LATERAL (
         SELECT q.moved_at FROM stage_history q
          WHERE q.workspace_id = h.workspace_id AND q.subject_type = h.subject_type AND q.subject_id = h.subject_id
            AND q.moved_at <= h.moved_at AND (q.moved_at, q.id) < (h.moved_at, h.id)
          ORDER BY q.moved_at DESC, q.id DESC LIMIT 1
       ) p
      WHERE h.workspace_id = $1 AND h.subject_type = $2 AND h.moved_at >= $3 AND h.moved_at < $4
        AND h.from_stage IS NOT NULL AND h.moved_at > p.moved_at
      GROUP BY h.from_stage`,
    [workspaceId, subject, from, to],
  );
  const [unplaced] = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM ${TABLE[subject]} x
      WHERE x.workspace_id = $1
        AND NOT EXISTS (SELECT 1 FROM subject_stages s WHERE s.workspace_id = $1 AND s.subject_type = $2 AND s.subject_id = x.id)`,
    [workspaceId, subject],
  );

  const counts = new Map(occupancy.map((r) => [r.stage, r]));
  const stayOf = new Map(stays.map((r) => [r.stage, r.median_days]));
  const round = (d: number | null | undefined) => (d === null || d === undefined ? null : Math.round(Number(d) * 10) / 10);
  const sumFlows = (pick: (f: { from: string | null; to: string }) => string | null, key: string) =>
    flows.filter((f) => pick(f) === key).reduce((n, f) => n + Number(f.count), 0);
  const keys = [...definition.stages.map((s) => s.key), ...[...counts.keys()].filter((k) => !definition.stages.some((s) => s.key === k)).sort()];
  const stages = keys.map((key): BoardStage => {
    const s = definition.stages.find((x) => x.key === key);
    const c = counts.get(key);
    return {
      key,
      name: s?.name ?? { fi: key, en: key },
      kind: s?.kind ?? null,
      group: s?.group ?? null,
      count: Number(c?.n ?? 0),
      median_days_in_stage: round(c?.median_days),
      entered: sumFlows((f) => f.to, key),
      exited: sumFlows((f) => f.from, key),
      median_days_before_exit: round(stayOf.get(key)),
    };
  });
  return {
    subject,
    version,
    from,
    to,
    stages,
    flows: flows.map((f) => ({ from: f.from, to: f.to, count: Number(f.count) })),
    unplaced: Number(unplaced?.n ?? 0),
  };
}
