import type { Database } from '../../db/database.js';
import type { ClaimedAction } from './step-executor.js';

export interface ClaimDueActionsOptions {
  workerId: string;
  limit: number;
  /** How long the claim holds: past it, another worker may take the action over. */
  leaseMs: number;
  now?: Date;
  /** Put actions whose lease expired back to 'scheduled' first (default true); a worker claiming batch after batch does it once per tick. */
  releaseExpired?: boolean;
}

interface ClaimedRow extends Record<string, unknown> {
  id: number;
  run_id: number;
  element_id: number;
  subject_type: 'account' | 'contact';
  subject_id: number;
  step_id: string;
  due_at: Date;
  attempts: number;
}

/**
 * Claims up to `limit` due actions of one workspace for this worker, oldest due first: one
 * UPDATE over a SELECT ... FOR UPDATE SKIP LOCKED, so concurrent workers (processes on one
 * PostgreSQL) never claim the same row. The claim sets status 'running', the lease
 * (locked_by, locked_until) and counts the attempt (attempts + 1, the fencing token the
 * result is written with). Before claiming (unless `releaseExpired` is false), actions whose
 * lease expired (their worker died or stalled) go back to 'scheduled' and are claimed again
 * like any due action.
 */
export async function claimDueActions(db: Database, workspaceId: number, options: ClaimDueActionsOptions): Promise<ClaimedAction[]> {
  const now = options.now ?? new Date();
  if (options.releaseExpired !== false) {
    await db.execute(
      `UPDATE care_actions SET status = 'scheduled', locked_by = NULL, locked_until = NULL,
              last_error = coalesce(last_error, 'lease of ' || locked_by || ' expired')
        WHERE workspace_id = $1 AND status = 'running' AND locked_until < $2`,
      [workspaceId, now.toISOString()],
    );
  }
  const rows = await db.query<ClaimedRow>(
    `WITH due AS (
       SELECT id FROM care_actions
        WHERE workspace_id = $1 AND status = 'scheduled' AND due_at <= $2
        ORDER BY due_at, id LIMIT $3
        FOR UPDATE SKIP LOCKED
     )
     UPDATE care_actions a
        SET status = 'running', attempts = a.attempts + 1, locked_by = $4, locked_until = $2::timestamptz + $5 * interval '1 millisecond',
            started_at = coalesce(a.started_at, $2)
       FROM due WHERE a.workspace_id = $1 AND a.id = due.id
     RETURNING a.id, a.run_id, a.element_id, a.subject_type, a.subject_id, a.step_id, a.due_at, a.attempts`,
    [workspaceId, now.toISOString(), options.limit, options.workerId, options.leaseMs],
  );
  return rows
    .map((r) => ({
      id: r.id,
      workspaceId,
      runId: r.run_id,
      elementId: r.element_id,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      stepId: r.step_id,
      dueAt: r.due_at,
      attempt: r.attempts,
    }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id);
}
