import type { Database } from '../db/database.js';
import type { SubjectType } from '../rules/rule.js';
import { refreshRecomputeStatistics } from './refresh-recompute-statistics.js';
import { planSegmentRecompute } from '../segments/plan-segment-recompute.js';
import { markSubjectsDirty } from './mark-subjects-dirty.js';
import { planRecomputeSteps } from './recompute-workspace.js';
import { recomputeSubjectBatch } from './recompute-subject-batch.js';
import { vacuumDrainChurn, type VacuumDrainChurnOptions } from './vacuum-drain-churn.js';

export const DEFAULT_DRAIN_LIMIT = 5_000;

export interface DrainRecomputeQueueOptions {
  /** Most subjects claimed in one call (default 5,000: a drain costs about 0.2 s plus 0.3 ms a subject, so large claims keep up with a busy queue). */
  limit?: number;
  /** The time rules are evaluated at (default: now). */
  now?: Date;
  /** How often the queue and the catalogs the drains churn are vacuumed (vacuumDrainChurn). */
  vacuum?: VacuumDrainChurnOptions;
}

export interface DrainRecomputeQueueResult {
  /** Queue entries claimed (and recomputed). */
  claimed: number;
  workspaces: number;
  segments: { entered: number; exited: number };
  stages: { placed: number; moved: number };
}

interface Claimed {
  workspace_id: number;
  subject_type: SubjectType;
  subject_id: number;
}

/**
 * Claims up to `limit` queued subjects (oldest first) and recomputes their segments and stages
 * in the contract's order, restricted to those ids. The claim is one DELETE ... RETURNING over
 * rows locked FOR UPDATE SKIP LOCKED, committed on its own: several worker processes can drain
 * at once without taking the same subjects, and a writer that queues a subject again meanwhile
 * is never blocked by a long recompute (the subject is simply recomputed once more); every so
 * many claimed entries and drains the queue and the catalogs its temp tables churn are vacuumed
 * (vacuumDrainChurn). The
 * accounts of claimed contacts are recomputed too (account rules can read their contacts).
 * If a workspace's recompute fails, its subjects go back into the queue and the error is thrown.
 */
export async function drainRecomputeQueue(db: Database, options: DrainRecomputeQueueOptions = {}): Promise<DrainRecomputeQueueResult> {
  const now = options.now ?? new Date();
  const limit = options.limit ?? DEFAULT_DRAIN_LIMIT;
  const claimed = await db.query<Claimed & Record<string, unknown>>(
    `DELETE FROM recompute_queue q
      USING (SELECT workspace_id, subject_type, subject_id FROM recompute_queue ORDER BY queued_at LIMIT $1 FOR UPDATE SKIP LOCKED) c
      WHERE q.workspace_id = c.workspace_id AND q.subject_type = c.subject_type AND q.subject_id = c.subject_id
      RETURNING q.workspace_id, q.subject_type, q.subject_id`,
    [limit],
  );
  const result: DrainRecomputeQueueResult = { claimed: claimed.length, workspaces: 0, segments: { entered: 0, exited: 0 }, stages: { placed: 0, moved: 0 } };
  const byWorkspace = new Map<number, Record<SubjectType, number[]>>();
  for (const c of claimed) {
    const ids = byWorkspace.get(c.workspace_id) ?? { account: [], contact: [] };
    ids[c.subject_type].push(c.subject_id);
    byWorkspace.set(c.workspace_id, ids);
  }
  for (const [workspaceId, ids] of byWorkspace) {
    result.workspaces += 1;
    try {
      await recomputeSubjects(db, workspaceId, ids, now, result);
    } catch (e) {
      await db.transaction(async (tx) => {
        await markSubjectsDirty(tx, workspaceId, 'account', ids.account);
        await markSubjectsDirty(tx, workspaceId, 'contact', ids.contact);
      });
      throw e;
    }
  }
  // After the recompute: a failing VACUUM must not lose the claimed subjects.
  await vacuumDrainChurn(db, claimed.length, options.vacuum);
  return result;
}

async function recomputeSubjects(db: Database, workspaceId: number, claimed: Record<SubjectType, number[]>, now: Date, result: DrainRecomputeQueueResult): Promise<void> {
  const ids: Record<SubjectType, number[]> = { account: [...claimed.account], contact: [...claimed.contact] };
  if (ids.contact.length > 0) {
    // One primary-key probe per contact (OFFSET 0 keeps it one): a filter on the ids let the
    // planner scan every contact of the workspace once the claim was a few thousand.
    const accounts = await db.query<{ account_id: number }>(
      `SELECT DISTINCT c.account_id FROM unnest($2::bigint[]) AS u(id)
         CROSS JOIN LATERAL (SELECT account_id FROM contacts WHERE workspace_id = $1 AND id = u.id OFFSET 0) c
        WHERE c.account_id IS NOT NULL`,
      [workspaceId, ids.contact],
    );
    ids.account = [...new Set([...ids.account, ...accounts.map((a) => a.account_id)])];
  }
  for (const subject of ['account', 'contact'] as const) ids[subject].sort((a, b) => a - b);
  await refreshRecomputeStatistics(db, 0);
  const plan = await planSegmentRecompute(db, workspaceId, 'all');
  for (const step of await planRecomputeSteps(db, workspaceId, plan, 'all')) {
    const scope = ids[step.subject];
    if (scope.length === 0) continue;
    const batch = await db.transaction((tx) => recomputeSubjectBatch(tx, workspaceId, step, plan.segmentIds, { lo: null, hi: null, ids: scope }, now));
    result.segments.entered += batch.segments.entered;
    result.segments.exited += batch.segments.exited;
    let written = batch.segments.entered + batch.segments.exited;
    if (batch.stages) {
      const moved = Object.values(batch.stages.moves).reduce((a, b) => a + b, 0);
      result.stages.placed += batch.stages.placed;
      result.stages.moved += moved;
      written += batch.stages.placed + batch.stages.reset + moved;
    }
    await refreshRecomputeStatistics(db, written);
  }
}
