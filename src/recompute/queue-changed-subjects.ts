import type { Queryable } from '../db/database.js';
import type { SubjectType } from '../rules/rule.js';

/** Fewest changed subjects for which a writer asks for a whole-workspace recompute instead of queueing them. */
export const WORKSPACE_RECOMPUTE_MIN = 10_000;
/**
 * The share of the workspace's subjects (of that type) that must have changed as well. A drain
 * and a whole-workspace run cost about the same per subject (0.7-1.1 ms at 1M accounts,
 * docs/ARCHITECTURE.md), so from about half the workspace the one run costs the worker little
 * more than draining the changed subjects, and the writer saves queueing each of them (3-5 s a
 * million rows at 1M accounts).
 */
export const WORKSPACE_RECOMPUTE_SHARE = 0.5;

const TABLE: Record<SubjectType, string> = { account: 'accounts', contact: 'contacts' };

export interface QueueChangedSubjectsInput {
  /** How many subjects `selectIds` yields (the writer has counted them). */
  changed: number;
  /** SQL yielding one column subject_id, the changed subjects; `$1` is the workspace id. */
  selectIds: string;
  /** What changed them (kept on a whole-workspace request, e.g. 'rfm'). */
  reason: string;
}

export interface QueueChangedSubjectsResult {
  /** Subjects queued one by one in recompute_queue (0 when a whole-workspace recompute was requested). */
  queued: number;
  /** Whether one whole-workspace recompute request was recorded instead. */
  requested: boolean;
}

/**
 * Makes the recompute worker re-evaluate the segments and stages of subjects a bulk writer
 * (RFM, CLV scoring) changed, in the writer's transaction, so the change and the request commit
 * together. Few changes are queued in recompute_queue (ids ascending, the lock order every
 * queue writer keeps; call this last in the transaction). When at least WORKSPACE_RECOMPUTE_MIN
 * subjects changed and they are at least WORKSPACE_RECOMPUTE_SHARE of the workspace's subjects of
 * that type, one row goes into recompute_requests instead (migration 0016): the worker then runs
 * the whole-workspace recompute (run-requested-recomputes.ts), which re-evaluates every subject.
 */
export async function queueChangedSubjects(tx: Queryable, workspaceId: number, subjectType: SubjectType, input: QueueChangedSubjectsInput): Promise<QueueChangedSubjectsResult> {
  if (input.changed <= 0) return { queued: 0, requested: false };
  if (input.changed >= WORKSPACE_RECOMPUTE_MIN) {
    // A plain count (50 ms at 1M accounts, parallel): with a LIMIT of twice the changed ones it
    // could not be parallel and took twice as long.
    const [row] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${TABLE[subjectType]} WHERE workspace_id = $1`, [workspaceId]);
    if (input.changed >= WORKSPACE_RECOMPUTE_SHARE * row!.n) {
      await requestWorkspaceRecompute(tx, workspaceId, subjectType, input.changed, input.reason);
      return { queued: 0, requested: true };
    }
  }
  const queued = await tx.execute(
    `INSERT INTO recompute_queue (workspace_id, subject_type, subject_id)
     SELECT $1, $2::text, subject_id FROM (${input.selectIds}) c ORDER BY subject_id ON CONFLICT DO NOTHING`,
    [workspaceId, subjectType],
  );
  return { queued, requested: false };
}

/**
 * Records one whole-workspace recompute request in the caller's transaction (recompute_requests,
 * migration 0016): the recompute worker re-evaluates every subject of the workspace in a run
 * that starts after this transaction commits.
 */
export async function requestWorkspaceRecompute(tx: Queryable, workspaceId: number, subjectType: SubjectType, subjects: number, reason: string): Promise<void> {
  await tx.query('INSERT INTO recompute_requests (workspace_id, subject_type, subjects, reason) VALUES ($1, $2, $3, $4)', [workspaceId, subjectType, subjects, reason]);
}
