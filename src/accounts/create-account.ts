import type { Queryable } from '../db/database.js';
import { insertColumns } from '../db/column-writes.js';
import { mapConstraintErrors } from '../db/constraint-error.js';
import { SqlParams } from '../db/sql-params.js';
import { markDirtyCte } from '../recompute/mark-subjects-dirty.js';
import { ACCOUNT_COLUMNS, ACCOUNT_WRITABLE, type Account, type AccountKind } from './account.js';

export interface CreateAccountInput {
  name: string;
  external_id?: string | null | undefined;
  kind?: AccountKind | undefined;
  domain?: string | null | undefined;
  industry?: string | null | undefined;
  employees?: number | null | undefined;
  country?: string | null | undefined;
  owner?: string | null | undefined;
  traits?: Record<string, unknown> | undefined;
}

/** Creates an account (queued for the recompute worker); a clash of external_id is a conflict naming the field. */
export async function createAccount(db: Queryable, workspaceId: number, input: CreateAccountInput): Promise<Account> {
  const p = new SqlParams();
  const { columns, values } = insertColumns(input as unknown as Record<string, unknown>, ACCOUNT_WRITABLE, p, 'traits');
  const ws = p.add(workspaceId);
  const rows = await mapConstraintErrors(() =>
    db.query<Account & Record<string, unknown>>(
      `WITH a AS (
         INSERT INTO accounts AS a (workspace_id, ${columns.join(', ')}) VALUES (${ws}, ${values.join(', ')})
         RETURNING ${ACCOUNT_COLUMNS}
       ),
       ${markDirtyCte('queued', ws, 'a', { account: 'a.id' })}
       SELECT * FROM a`,
      p.values,
    ),
  );
  return rows[0]!;
}
