import type { Queryable } from '../../db/database.js';
import { decodeCursor, type KeysetOrder, type Page } from '../../db/keyset-cursor.js';
import { keysetPage } from '../../db/keyset-page.js';
import type { SqlParams } from '../../db/sql-params.js';
import { CARE_TASK_COLUMNS, CARE_TASK_FROM, type CareTask } from './care-task.js';

export interface ListTasksInput {
  /** Default 'open': the inbox. */
  status?: 'open' | 'done' | 'cancelled' | 'all' | undefined;
  assignee?: string | undefined;
  account_id?: number | undefined;
  contact_id?: number | undefined;
  element_id?: number | undefined;
  /** Only tasks due before this instant (e.g. overdue: now). */
  due_before?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

const ORDER: KeysetOrder = {
  sort: 'care-tasks:due_at',
  keys: [
    { sql: 't.due_at', type: 'timestamptz' },
    { sql: 't.id', type: 'bigint' },
  ],
  direction: 'asc',
};

/** The task inbox: care tasks by due date (soonest first), filtered by status, assignee, customer or element. */
export async function listTasks(db: Queryable, workspaceId: number, input: ListTasksInput): Promise<Page<CareTask>> {
  return keysetPage<CareTask>(
    db,
    {
      from: CARE_TASK_FROM,
      select: CARE_TASK_COLUMNS,
      id: 't.id',
      order: ORDER,
      where: (p: SqlParams) => {
        const conds = [`t.workspace_id = ${p.add(workspaceId)}`];
        const status = input.status ?? 'open';
        if (status !== 'all') conds.push(`t.status = ${p.add(status)}`);
        if (input.assignee !== undefined) conds.push(`t.assignee = ${p.add(input.assignee)}`);
        if (input.account_id !== undefined) conds.push(`t.account_id = ${p.add(input.account_id)}::bigint`);
        if (input.contact_id !== undefined) conds.push(`t.contact_id = ${p.add(input.contact_id)}::bigint`);
        if (input.element_id !== undefined) conds.push(`t.element_id = ${p.add(input.element_id)}::bigint`);
        if (input.due_before !== undefined) conds.push(`t.due_at < ${p.add(input.due_before)}::timestamptz`);
        return conds;
      },
    },
    { after: input.cursor ? decodeCursor(ORDER, input.cursor) : null, limit: input.limit ?? 50 },
  );
}
