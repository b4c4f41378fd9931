import type { Queryable } from '../db/database.js';
import { insertColumns } from '../db/column-writes.js';
import { mapConstraintErrors } from '../db/constraint-error.js';
import { SqlParams } from '../db/sql-params.js';
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

/** Creates an account; a clash of external_id is a conflict naming the field. */
export async function createAccount(db: Queryable, workspaceId: number, input: CreateAccountInput): Promise<Account> {
  const p = new SqlParams();
  const { columns, values } = insertColumns(input as unknown as Record<string, unknown>, ACCOUNT_WRITABLE, p, 'traits');
  const rows = await mapConstraintErrors(() =>
    db.query<Account & Record<string, unknown>>(
      `INSERT INTO accounts AS a (workspace_id, ${columns.join(', ')}) VALUES (${p.add(workspaceId)}, ${values.join(', ')})
       RETURNING ${ACCOUNT_COLUMNS}`,
      p.values,
    ),
  );
  return rows[0]!;
}
