import type { Queryable } from '../db/database.js';
import type { AccountPatch } from './read-account-traits.js';
import { foldPatches } from './merge-trait-patches.js';

export interface GroupCall {
  groupId: string;
  patch: AccountPatch;
  contactId: number;
}

/**
 * Applies group calls set-based: upserts each account by external id (groupId) with the
 * columns its traits name and the rest merged into traits; links each contact to its
 * (last) group's account; and back-fills account_id on that contact's events and orders
 * that have none. Returns groupId -> account id.
 */
export async function applyGroups(tx: Queryable, workspaceId: number, calls: GroupCall[]): Promise<Map<string, number>> {
  if (calls.length === 0) return new Map();
  const patches = foldPatches(calls.map((c): [string, AccountPatch] => [c.groupId, c.patch]));
  const rows = [...patches].map(([groupId, p]) => ({ group_id: groupId, cols: p.columns, traits: p.traits, removed: p.removed }));
  const json = JSON.stringify(rows);
  await tx.execute(
    `INSERT INTO accounts (workspace_id, external_id, name)
     SELECT $1, u.group_id, coalesce(nullif(u.cols->>'name', ''), u.group_id) FROM json_to_recordset($2::json) AS u(group_id text, cols jsonb)
     ON CONFLICT (workspace_id, external_id) DO NOTHING`,
    [workspaceId, json],
  );
  const text = (c: string) => `${c} = CASE WHEN u.cols ? '${c}' THEN u.cols->>'${c}' ELSE a.${c} END`;
  const accounts = await tx.query<{ id: number; external_id: string }>(
    `UPDATE accounts a SET
       name = coalesce(nullif(u.cols->>'name', ''), a.name),
       ${text('domain')}, ${text('industry')}, ${text('country')}, ${text('owner')},
       employees = CASE WHEN u.cols ? 'employees' THEN (u.cols->>'employees')::integer ELSE a.employees END,
       traits = (a.traits - coalesce(u.removed, '{}')) || coalesce(u.traits, '{}'),
       updated_at = now()
     FROM json_to_recordset($2::json) AS u(group_id text, cols jsonb, traits jsonb, removed text[])
     WHERE a.workspace_id = $1 AND a.external_id = u.group_id
     RETURNING a.id, a.external_id`,
    [workspaceId, json],
  );
  const accountOf = new Map(accounts.map((a) => [a.external_id, a.id]));

  const lastGroup = new Map<number, number>();
  for (const c of calls) lastGroup.set(c.contactId, accountOf.get(c.groupId)!);
  const links = [...lastGroup].sort(([a], [b]) => a - b);
  await tx.execute(
    `WITH l AS (SELECT * FROM unnest($2::bigint[], $3::bigint[]) AS l(contact_id, account_id)),
     linked AS (
       UPDATE contacts c SET account_id = l.account_id, updated_at = now() FROM l
        WHERE c.workspace_id = $1 AND c.id = l.contact_id AND c.account_id IS DISTINCT FROM l.account_id
     ),
     orders_filled AS (
       UPDATE orders o SET account_id = l.account_id, updated_at = now() FROM l
        WHERE o.workspace_id = $1 AND o.contact_id = l.contact_id AND o.account_id IS NULL
     )
     UPDATE events e SET account_id = l.account_id FROM l
      WHERE e.workspace_id = $1 AND e.contact_id = l.contact_id AND e.account_id IS NULL`,
    [workspaceId, links.map(([c]) => c), links.map(([, a]) => a)],
  );
  return accountOf;
}
