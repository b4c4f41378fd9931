import type { StepExecutor } from '../engine/step-executor.js';
import { loadChannelSettings } from '../governance/load-channel-settings.js';

const DAY = 86_400_000;

/**
 * The task step: a care_tasks row for the account owner (the KAM's inbox) or a named user, due
 * `due_in_days` after the action runs, in the workspace's language; idempotent per action
 * (a retry finds the row). The account is the subject, or a contact subject's account; a task
 * with no owner to give it to stays unassigned in the inbox.
 */
export const executeTaskStep: StepExecutor = async (ctx) => {
  const { db, action, step } = ctx;
  if (step.kind !== 'task') return { kind: 'failed', permanent: true, error: `step ${step.id} is a ${step.kind} step, not task` };
  const ws = action.workspaceId;
  const [subject] = await db.query<{ account_id: number | null; contact_id: number | null; owner: string | null }>(
    action.subjectType === 'account'
      ? `SELECT a.id AS account_id, NULL::bigint AS contact_id, a.owner FROM accounts a WHERE a.workspace_id = $1 AND a.id = $2`
      : `SELECT c.account_id, c.id AS contact_id, a.owner FROM contacts c LEFT JOIN accounts a ON a.workspace_id = c.workspace_id AND a.id = c.account_id
          WHERE c.workspace_id = $1 AND c.id = $2`,
    [ws, action.subjectId],
  );
  if (!subject) return { kind: 'skipped', reason: `no_subject: the ${action.subjectType} ${action.subjectId} no longer exists` };
  const settings = await loadChannelSettings(db, ws);
  const locale = settings.defaultLocale;
  const assignee = step.assignee && typeof step.assignee === 'object' ? step.assignee.user : subject.owner;
  const rows = await db.query<{ id: number; assignee: string | null; due_at: Date }>(
    `WITH ins AS (
       INSERT INTO care_tasks (workspace_id, action_id, element_id, account_id, contact_id, assignee, title, body, due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (workspace_id, action_id) DO NOTHING
       RETURNING id, assignee, due_at
     )
     SELECT id, assignee, due_at FROM ins
     UNION ALL
     SELECT id, assignee, due_at FROM care_tasks WHERE workspace_id = $1 AND action_id = $2`,
    [ws, action.id, action.elementId, subject.account_id, subject.contact_id, assignee, step.title[locale], step.body?.[locale] ?? null, new Date(ctx.now.getTime() + step.due_in_days * DAY)],
  );
  const task = rows[0]!;
  return { kind: 'done', result: { task_id: task.id, assignee: task.assignee, due_at: new Date(task.due_at).toISOString() } };
};
