import type { Queryable } from '../db/database.js';
import { mapConstraintErrors } from '../db/constraint-error.js';
import { patchAssignments } from '../db/column-writes.js';
import { SqlParams } from '../db/sql-params.js';
import { markDirtyCte } from '../recompute/mark-subjects-dirty.js';
import { AppError } from '../errors/app-error.js';
import { ACCOUNT_COLUMNS, ACCOUNT_WRITABLE, type Account } from './account.js';
import type { CreateAccountInput } from './create-account.js';

/** Fields to change; a field set to null is cleared, traits are merged (a null trait is removed). */
export type UpdateAccountInput = Partial<Omit<CreateAccountInput, 'traits'>> & { traits?: Record<string, unknown> | undefined };

/** Partly updates an account (queued for the recompute worker); not_found if there is none, conflict on an external_id clash. */
export async function updateAccount(db: Queryable, workspaceId: number, id: number, patch: UpdateAccountInput): Promise<Account> {
  const p = new SqlParams();
  const sets = patchAssignments(patch as Record<string, unknown>, ACCOUNT_WRITABLE, p, 'traits');
  const ws = p.add(workspaceId);
  const where = `a.workspace_id = ${ws} AND a.id = ${p.add(id)}`;
  const rows = await mapConstraintErrors(() =>
    sets.length === 0
      ? db.query<Account & Record<string, unknown>>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE ${where}`, p.values)
      : db.query<Account & Record<string, unknown>>(
          `WITH a AS (UPDATE accounts AS a SET ${sets.join(', ')}, updated_at = now() WHERE ${where} RETURNING ${ACCOUNT_COLUMNS}),
           ${markDirtyCte('queued', ws, 'a', { account: 'a.id' })}
           SELECT * FROM a`,
          p.values,
        ),
  );
  if (!rows[0]) throw new AppError('not_found', `No account ${id} in this workspace`);
  return rows[0];
}
