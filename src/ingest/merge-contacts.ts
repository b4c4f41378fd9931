import type { Queryable } from '../db/database.js';

/**
 * Merges contacts into others ("events follow"): each `from` contact's identities, events
 * and orders move to its `to` contact, the `to` contact keeps its own values and takes the
 * merged one's where it has none (traits: its own win), and the `from` contact is deleted.
 * Pairs must be final: no `to` is also a `from`. Three statements whatever the number of pairs.
 * Returns each target's account after the merge.
 */
export async function mergeContacts(tx: Queryable, workspaceId: number, pairs: Array<[from: number, to: number]>): Promise<Map<number, number | null>> {
  if (pairs.length === 0) return new Map();
  const from = pairs.map(([f]) => f);
  const to = pairs.map(([, t]) => t);
  const targets = await tx.query<{ id: number; account_id: number | null }>(
    `UPDATE contacts t SET
       email = coalesce(t.email, f.email),
       first_name = coalesce(t.first_name, f.first_name),
       last_name = coalesce(t.last_name, f.last_name),
       phone = coalesce(t.phone, f.phone),
       title = coalesce(t.title, f.title),
       locale = coalesce(t.locale, f.locale),
       timezone = coalesce(t.timezone, f.timezone),
       buying_role = coalesce(t.buying_role, f.buying_role),
       persona = coalesce(t.persona, f.persona),
       account_id = coalesce(t.account_id, f.account_id),
       traits = f.traits || t.traits,
       created_at = least(t.created_at, f.created_at),
       updated_at = now()
     FROM (SELECT DISTINCT ON (m.to_id) m.to_id, c.email, c.first_name, c.last_name, c.phone, c.title, c.locale, c.timezone,
                  c.buying_role, c.persona, c.account_id, c.traits, c.created_at
             FROM unnest($2::bigint[], $3::bigint[]) AS m(from_id, to_id)
             JOIN contacts c ON c.workspace_id = $1 AND c.id = m.from_id
            ORDER BY m.to_id, m.from_id) f
     WHERE t.workspace_id = $1 AND t.id = f.to_id
     RETURNING t.id, t.account_id`,
    [workspaceId, from, to],
  );
  await tx.execute(
    `WITH m AS (SELECT * FROM unnest($2::bigint[], $3::bigint[]) AS m(from_id, to_id)),
     moved_identities AS (
       UPDATE contact_identities ci SET contact_id = m.to_id FROM m WHERE ci.workspace_id = $1 AND ci.contact_id = m.from_id
     ),
     moved_orders AS (
       UPDATE orders o SET contact_id = m.to_id, account_id = coalesce(o.account_id, t.account_id), updated_at = now()
         FROM m JOIN contacts t ON t.workspace_id = $1 AND t.id = m.to_id
        WHERE o.workspace_id = $1 AND o.contact_id = m.from_id
     )
     UPDATE events e SET contact_id = m.to_id, account_id = coalesce(e.account_id, t.account_id)
       FROM m JOIN contacts t ON t.workspace_id = $1 AND t.id = m.to_id
      WHERE e.workspace_id = $1 AND e.contact_id = m.from_id`,
    [workspaceId, from, to],
  );
  await tx.execute('DELETE FROM contacts WHERE workspace_id = $1 AND id = ANY($2::bigint[])', [workspaceId, from]);
  return new Map(targets.map((t) => [t.id, t.account_id]));
}
