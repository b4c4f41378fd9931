import type { Queryable } from '../db/database.js';
import type { ContactColumn, ContactPatch } from './read-contact-traits.js';
import { foldPatches } from './merge-trait-patches.js';

const COLUMNS: ContactColumn[] = ['email', 'first_name', 'last_name', 'phone', 'title', 'locale', 'timezone', 'buying_role', 'persona'];

/**
 * Applies identify traits to contacts in one statement: the columns a call names are set
 * (null clears them), other traits merge into contacts.traits (null removes the trait).
 * Several identify calls for one contact fold in call order.
 */
export async function applyIdentify(tx: Queryable, workspaceId: number, items: Array<[contactId: number, patch: ContactPatch]>): Promise<number> {
  if (items.length === 0) return 0;
  // In id order, so concurrent batches lock contacts in the same order.
  const rows = [...foldPatches(items)].sort(([a], [b]) => a - b).map(([id, p]) => ({ id, cols: p.columns, traits: p.traits, removed: p.removed }));
  const sets = COLUMNS.map((c) => `${c} = CASE WHEN u.cols ? '${c}' THEN u.cols->>'${c}' ELSE c.${c} END`).join(',\n       ');
  return tx.execute(
    `UPDATE contacts c SET
       ${sets},
       traits = (c.traits - coalesce(u.removed, '{}')) || coalesce(u.traits, '{}'),
       updated_at = now()
     FROM json_to_recordset($2::json) AS u(id bigint, cols jsonb, traits jsonb, removed text[])
     WHERE c.workspace_id = $1 AND c.id = u.id`,
    [workspaceId, JSON.stringify(rows)],
  );
}
