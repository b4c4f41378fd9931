import type { Queryable } from '../../db/database.js';
import { decodeCursor, type KeysetOrder, type Page } from '../../db/keyset-cursor.js';
import { keysetPage } from '../../db/keyset-page.js';
import type { SqlParams } from '../../db/sql-params.js';
import { AppError } from '../../errors/app-error.js';
import { CARE_ACTION_FROM, CARE_ACTION_SELECT, CARE_ACTION_STATUSES, type CareAction, type CareActionStatus } from './care-action.js';

export interface ListCareActionsInput {
  status?: CareActionStatus | undefined;
  element_id?: number | undefined;
  subject_type?: 'account' | 'contact' | undefined;
  subject_id?: number | undefined;
  /** Due at or after (ISO 8601). */
  due_from?: string | undefined;
  /** Due before (ISO 8601). */
  due_to?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

const ORDER: KeysetOrder = {
  sort: 'care-actions:due_at',
  keys: [
    { sql: 'a.due_at', type: 'timestamptz' },
    { sql: 'a.id', type: 'bigint' },
  ],
  direction: 'asc',
};

function isoOrFail(v: string, path: string): string {
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new AppError('validation_failed', `${path} is not a date-time`, [{ path, message: 'must be an ISO 8601 date-time' }]);
  return new Date(t).toISOString();
}

/**
 * Care actions by due time (keyset pages), filtered by status (e.g. 'dead': the dead-letter
 * list), element, subject and a due range. A subject filter needs its type.
 */
export async function listCareActions(db: Queryable, workspaceId: number, input: ListCareActionsInput): Promise<Page<CareAction>> {
  if (input.status !== undefined && !CARE_ACTION_STATUSES.includes(input.status)) {
    throw new AppError('validation_failed', `Unknown status "${input.status}"`, [{ path: 'querystring/status', message: `must be one of ${CARE_ACTION_STATUSES.join(', ')}` }]);
  }
  if (input.subject_id !== undefined && input.subject_type === undefined) {
    throw new AppError('validation_failed', 'subject_id needs subject_type', [{ path: 'querystring/subject_type', message: 'is required with subject_id' }]);
  }
  const from = input.due_from !== undefined ? isoOrFail(input.due_from, 'querystring/due_from') : undefined;
  const to = input.due_to !== undefined ? isoOrFail(input.due_to, 'querystring/due_to') : undefined;
  return keysetPage<CareAction>(
    db,
    {
      from: CARE_ACTION_FROM,
      select: CARE_ACTION_SELECT,
      id: 'a.id',
      order: ORDER,
      where: (p: SqlParams) => {
        const conds = [`a.workspace_id = ${p.add(workspaceId)}`];
        if (input.status !== undefined) conds.push(`a.status = ${p.add(input.status)}`);
        if (input.element_id !== undefined) conds.push(`a.element_id = ${p.add(input.element_id)}`);
        if (input.subject_type !== undefined) conds.push(`a.subject_type = ${p.add(input.subject_type)}`);
        if (input.subject_id !== undefined) conds.push(`a.subject_id = ${p.add(input.subject_id)}`);
        if (from !== undefined) conds.push(`a.due_at >= ${p.add(from)}::timestamptz`);
        if (to !== undefined) conds.push(`a.due_at < ${p.add(to)}::timestamptz`);
        return conds;
      },
    },
    { after: input.cursor ? decodeCursor(ORDER, input.cursor) : null, limit: input.limit ?? 50 },
  );
}
