import type { Queryable } from '../db/database.js';
import { insertColumns } from '../db/column-writes.js';
import { mapConstraintErrors } from '../db/constraint-error.js';
import { SqlParams } from '../db/sql-params.js';
import { CONTACT_COLUMNS, CONTACT_WRITABLE, type Contact, type ContactInput } from './contact.js';

/**
 * Creates a contact. A clash of external_id is a conflict; an account_id the workspace
 * does not have is a validation error naming account_id (the composite foreign key).
 */
export async function createContact(db: Queryable, workspaceId: number, input: ContactInput): Promise<Contact> {
  const p = new SqlParams();
  const { columns, values } = insertColumns(input as Record<string, unknown>, CONTACT_WRITABLE, p, 'traits');
  const rows = await mapConstraintErrors(() =>
    db.query<Contact & Record<string, unknown>>(
      `INSERT INTO contacts AS c (workspace_id, ${columns.join(', ')}) VALUES (${p.add(workspaceId)}, ${values.join(', ')})
       RETURNING ${CONTACT_COLUMNS}`,
      p.values,
    ),
  );
  return rows[0]!;
}
