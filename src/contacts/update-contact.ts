import type { Queryable } from '../db/database.js';
import { patchAssignments } from '../db/column-writes.js';
import { mapConstraintErrors } from '../db/constraint-error.js';
import { SqlParams } from '../db/sql-params.js';
import { markDirtyCte } from '../recompute/mark-subjects-dirty.js';
import { AppError } from '../errors/app-error.js';
import { CONTACT_COLUMNS, CONTACT_WRITABLE, type Contact, type ContactInput } from './contact.js';

/** Partly updates a contact (queued for the recompute worker, with its account): null clears a field, traits are merged (a null trait is removed). */
export async function updateContact(db: Queryable, workspaceId: number, id: number, patch: ContactInput): Promise<Contact> {
  const p = new SqlParams();
  const sets = patchAssignments(patch as Record<string, unknown>, CONTACT_WRITABLE, p, 'traits');
  const ws = p.add(workspaceId);
  const where = `c.workspace_id = ${ws} AND c.id = ${p.add(id)}`;
  const rows = await mapConstraintErrors(() =>
    sets.length === 0
      ? db.query<Contact & Record<string, unknown>>(`SELECT ${CONTACT_COLUMNS} FROM contacts c WHERE ${where}`, p.values)
      : db.query<Contact & Record<string, unknown>>(
          `WITH c AS (UPDATE contacts AS c SET ${sets.join(', ')}, updated_at = now() WHERE ${where} RETURNING ${CONTACT_COLUMNS}),
           ${markDirtyCte('queued', ws, 'c', { account: 'c.account_id', contact: 'c.id' })}
           SELECT * FROM c`,
          p.values,
        ),
  );
  if (!rows[0]) throw new AppError('not_found', `No contact ${id} in this workspace`);
  return rows[0];
}
