import type { Queryable } from '../db/database.js';

/**
 * Creates the accounts that staged rows name by external id but that do not exist yet (named after
 * their external id until an accounts import or the API names them). Returns how many were made.
 */
export async function createReferencedAccounts(tx: Queryable, workspaceId: number, column = 'account_external_id'): Promise<number> {
  return tx.execute(
    `INSERT INTO accounts (workspace_id, external_id, name)
     SELECT DISTINCT $1::bigint, s.${column}, s.${column} FROM import_stage s
      WHERE s.${column} IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.workspace_id = $1 AND a.external_id = s.${column})
     ON CONFLICT (workspace_id, external_id) DO NOTHING`,
    [workspaceId],
  );
}

/**
 * Creates the contacts that staged rows name by external id but that do not exist yet, linked to
 * the account the same row names (if any). Returns how many were made.
 */
export async function createReferencedContacts(tx: Queryable, workspaceId: number, column: string, accountColumn: string | null): Promise<number> {
  const account = accountColumn ? `s.${accountColumn}` : 'NULL::text';
  return tx.execute(
    `INSERT INTO contacts (workspace_id, external_id, account_id)
     SELECT $1::bigint, r.external_id, a.id
       FROM (SELECT DISTINCT ON (s.${column}) s.${column} AS external_id, ${account} AS account_external_id
               FROM import_stage s
              WHERE s.${column} IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.workspace_id = $1 AND c.external_id = s.${column})
              ORDER BY s.${column}, ${account} IS NULL, s.line_no) r
       LEFT JOIN accounts a ON a.workspace_id = $1 AND a.external_id = r.account_external_id
     ON CONFLICT (workspace_id, external_id) DO NOTHING`,
    [workspaceId],
  );
}
