import type { Queryable } from '../db/database.js';
import { insertColumns } from '../db/column-writes.js';
import { mapConstraintErrors } from '../db/constraint-error.js';
import { SqlParams } from '../db/sql-params.js';
import { markDirtyCte } from '../recompute/mark-subjects-dirty.js';
import { CONTACT_COLUMNS, CONTACT_WRITABLE, type Contact, type ContactInput } from './contact.js';

/**
 * Creates a contact (queued for the recompute worker, with its account). A clash of external_id is a conflict; an account_id the workspace
 * does not have is a validation error naming account_id (the composite foreign key).
 */
export async function createContact(db: Queryable, workspaceId: number, input: ContactInput): Promise<Contact> {
  const p = new SqlParams();
  const { columns, values } = insertColumns(input as Record<string, unknown>, CONTACT_WRITABLE, p, 'traits');
  const ws = p.add(workspaceId);
  const rows = await mapConstraintErrors(() =>
    db.query<Contact & Record<string, unknown>>(
      `WITH c AS (
         INSERT INTO contacts AS c (workspace_id, ${columns.join(', ')}) VALUES (${ws}, ${values.join(', ')})
         RETURNING ${CONTACT_COLUMNS}
       ),
       ${markDirtyCte('queued', ws, 'c', { account: 'c.account_id', contact: 'c.id' })}
       SELECT * FROM c`,
      p.values,
    ),
  );
  return rows[0]!;
}
