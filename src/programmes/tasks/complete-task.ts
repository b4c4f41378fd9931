import type { Database } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import { markDirtyCte } from '../../recompute/mark-subjects-dirty.js';
import { CARE_TASK_COLUMNS, CARE_TASK_FROM, type CareTask } from './care-task.js';

export interface CompleteTaskInput {
  /** Who did it (a user name or email); default the assignee. */
  completed_by?: string | undefined;
  note?: string | undefined;
}

/**
 * Marks an open care task done, with who and an optional note, and records a 'Task Completed'
 * event on the customer's timeline (account and contact of the task) in the same transaction.
 * An unknown task is not_found; a task already done or cancelled is a conflict.
 */
export async function completeTask(db: Database, workspaceId: number, taskId: number, input: CompleteTaskInput): Promise<CareTask> {
  return db.transaction(async (tx) => {
    const [current] = await tx.query<{ status: string }>('SELECT status FROM care_tasks WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [workspaceId, taskId]);
    if (!current) throw new AppError('not_found', `Task ${taskId} does not exist`);
    if (current.status !== 'open') throw new AppError('conflict', `Task ${taskId} is already ${current.status}`);
    await tx.query(
      `WITH t AS (
         UPDATE care_tasks SET status = 'done', completed_at = now(), completed_by = coalesce($3, assignee), note = $4
          WHERE workspace_id = $1 AND id = $2
          RETURNING *
       ),
       e AS (
         INSERT INTO events (workspace_id, message_id, type, name, account_id, contact_id, properties, occurred_at, source)
         SELECT $1, 'task-completed:' || t.id, 'system', 'Task Completed', t.account_id, t.contact_id,
                jsonb_build_object('task_id', t.id, 'element_id', t.element_id, 'title', t.title, 'completed_by', t.completed_by, 'note', t.note),
                t.completed_at, 'kanta'
           FROM t
         RETURNING account_id, contact_id
       ),
       ${markDirtyCte('queued', '$1', 'e', { account: 'e.account_id', contact: 'e.contact_id' })}
       SELECT 1 FROM t`,
      [workspaceId, taskId, input.completed_by ?? null, input.note ?? null],
    );
    const [task] = await tx.query<CareTask & Record<string, unknown>>(`SELECT ${CARE_TASK_COLUMNS} FROM ${CARE_TASK_FROM} WHERE t.workspace_id = $1 AND t.id = $2`, [workspaceId, taskId]);
    return task!;
  });
}
