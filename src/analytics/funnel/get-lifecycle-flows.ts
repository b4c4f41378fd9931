import type { Queryable } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import { getLifecycleDefinition } from '../../lifecycle/get-lifecycle-definition.js';
import type { LocalizedText } from '../../lifecycle/lifecycle-definition.js';
import type { SubjectType } from '../../rules/rule.js';

export interface LifecycleFlowsInput {
  from?: Date | null;
  to?: Date | null;
  period?: 'month' | 'quarter' | null;
}

export interface FlowLink {
  /** null: the first placement of a subject. */
  from: string | null;
  to: string;
  count: number;
}

export interface LifecycleFlows {
  subject: SubjectType;
  from: Date;
  to: Date;
  period: 'month' | 'quarter' | null;
  stages: { key: string; name: LocalizedText; kind: string }[];
  /** Moves in [from, to) by from and to stage: the Sankey's links. */
  links: FlowLink[];
  /** The same per period of the move (empty without a period). */
  periods: { period: string; links: FlowLink[] }[];
  /** For subjects first placed in [from, to): how many reached each stage and the median days from first placement to first entering it. */
  time_to_stage: { stage: string; subjects: number; median_days: number | null }[];
}

const DAY_MS = 86_400_000;

/** Lifecycle flows for the Sankey view: who moved between which stages, per period, and how long reaching each stage took. */
export async function getLifecycleFlows(db: Queryable, workspaceId: number, subject: SubjectType, input: LifecycleFlowsInput = {}): Promise<LifecycleFlows> {
  const to = input.to ?? new Date();
  const from = input.from ?? new Date(to.getTime() - 365 * DAY_MS);
  if (from.getTime() >= to.getTime()) throw new AppError('validation_failed', 'The period is empty', [{ path: 'querystring/from', message: 'must be before to' }]);
  const period = input.period ?? null;
  const { definition } = await getLifecycleDefinition(db, workspaceId, subject);
  const periodSql = period ? `to_char(date_trunc('${period}', moved_at AT TIME ZONE 'UTC'), '${period === 'month' ? 'YYYY-MM' : 'YYYY-"Q"Q'}')` : `''`;
  const moves = await db.query<{ period: string; from: string | null; to: string; count: number }>(
    `SELECT ${periodSql} AS period, from_stage AS "from", to_stage AS "to", count(*) AS count
       FROM stage_history
      WHERE workspace_id = $1 AND subject_type = $2 AND moved_at >= $3 AND moved_at < $4
      GROUP BY 1, 2, 3 ORDER BY 1, 4 DESC, 2 NULLS FIRST, 3`,
    [workspaceId, subject, from, to],
  );
  const reach = await db.query<{ stage: string; subjects: number; median_days: number | null }>(
    `WITH starts AS (
       SELECT subject_id, min(moved_at) AS started FROM stage_history
        WHERE workspace_id = $1 AND subject_type = $2 GROUP BY subject_id
     ),
     firsts AS (
       SELECT h.subject_id, h.to_stage, min(h.moved_at) AS at FROM stage_history h
        WHERE h.workspace_id = $1 AND h.subject_type = $2 GROUP BY 1, 2
     )
     SELECT f.to_stage AS stage, count(*) AS subjects,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (f.at - s.started)) / 86400) AS median_days
       FROM firsts f JOIN starts s ON s.subject_id = f.subject_id
      WHERE s.started >= $3 AND s.started < $4
      GROUP BY f.to_stage`,
    [workspaceId, subject, from, to],
  );
  const total = new Map<string, FlowLink>();
  const byPeriod = new Map<string, FlowLink[]>();
  for (const m of moves) {
    const key = `${m.from ?? ''}>${m.to}`;
    const t = total.get(key) ?? { from: m.from, to: m.to, count: 0 };
    t.count += Number(m.count);
    total.set(key, t);
    if (period) byPeriod.set(m.period, [...(byPeriod.get(m.period) ?? []), { from: m.from, to: m.to, count: Number(m.count) }]);
  }
  const order = new Map(definition.stages.map((s, i) => [s.key, i]));
  const reached = new Map(reach.map((r) => [r.stage, r]));
  return {
    subject,
    from,
    to,
    period,
    stages: definition.stages.map((s) => ({ key: s.key, name: s.name, kind: s.kind })),
    links: [...total.values()].sort((a, b) => b.count - a.count || (order.get(a.to) ?? 99) - (order.get(b.to) ?? 99)),
    periods: [...byPeriod].map(([p, links]) => ({ period: p, links })),
    time_to_stage: definition.stages.map((s) => {
      const r = reached.get(s.key);
      return { stage: s.key, subjects: Number(r?.subjects ?? 0), median_days: r?.median_days == null ? null : Math.round(Number(r.median_days) * 10) / 10 };
    }),
  };
}
