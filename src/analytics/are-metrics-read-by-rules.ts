import type { Queryable } from '../db/database.js';
import { getLifecycleDefinition } from '../lifecycle/get-lifecycle-definition.js';

/** True when `value` (stored rule JSON) holds a metric condition on one of `names`, at any depth. */
function readsMetric(value: unknown, names: ReadonlySet<string>): boolean {
  if (Array.isArray(value)) return value.some((v) => readsMetric(v, names));
  if (value === null || typeof value !== 'object') return false;
  const o = value as Record<string, unknown>;
  if (typeof o.metric === 'string' && names.has(o.metric)) return true;
  return Object.values(o).some((v) => readsMetric(v, names));
}

/**
 * True when a rule the recompute evaluates (the current lifecycle definitions of the workspace,
 * its dynamic segments) has a metric condition on one of `metrics`, at any depth. Analytics that
 * rewrite metrics (RFM, CLV) queue the changed accounts for recompute only then: at a million
 * accounts a fit changes every account's scores, and queueing them for rules that never read
 * those metrics would only make the recompute worker evaluate every account again for nothing.
 * A rule saved later is evaluated for every subject when it is saved, so nothing is missed.
 */
export async function areMetricsReadByRules(db: Queryable, workspaceId: number, metrics: readonly string[]): Promise<boolean> {
  if (metrics.length === 0) return false;
  const names = new Set(metrics);
  for (const subject of ['account', 'contact'] as const) {
    if (readsMetric((await getLifecycleDefinition(db, workspaceId, subject)).definition, names)) return true;
  }
  const [row] = await db.query<{ read: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM segments s
        WHERE s.workspace_id = $1 AND s.kind = 'dynamic'
          AND jsonb_path_exists(s.rule, 'lax $.**.metric ? (@ == $names[*])', jsonb_build_object('names', $2::jsonb))
     ) AS read`,
    [workspaceId, JSON.stringify(metrics)],
  );
  return row!.read;
}
