import type { Database } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';

export interface RetriedAction {
  id: number;
  status: 'scheduled';
  due_at: string;
}

/**
 * Puts a dead action back on the schedule, due now, with its attempts counted from zero (its
 * last error stays visible until it runs again). Only a dead action can be retried: anything
 * else is a conflict naming its status.
 */
export async function retryDeadAction(db: Database, workspaceId: number, actionId: number, now = new Date()): Promise<RetriedAction> {
  const [row] = await db.query<{ id: number; due_at: Date }>(
    `UPDATE care_actions SET status = 'scheduled', attempts = 0, due_at = $3, finished_at = NULL, locked_by = NULL, locked_until = NULL
      WHERE workspace_id = $1 AND id = $2 AND status = 'dead' RETURNING id, due_at`,
    [workspaceId, actionId, now.toISOString()],
  );
  if (row) return { id: row.id, status: 'scheduled', due_at: row.due_at.toISOString() };
  const [existing] = await db.query<{ status: string }>('SELECT status FROM care_actions WHERE workspace_id = $1 AND id = $2', [workspaceId, actionId]);
  if (!existing) throw new AppError('not_found', `No care action ${actionId} in this workspace`);
  throw new AppError('conflict', `Care action ${actionId} is ${existing.status}: only dead actions can be retried`);
}
