import type { Queryable } from '../db/database.js';
import type { Page } from '../db/keyset-cursor.js';
import { assertAccountExists } from '../accounts/assert-account-exists.js';
import type { Contact } from './contact.js';
import { listContacts, type ListContactsInput } from './list-contacts.js';

/** The contacts of one account (not_found if the account does not exist). */
export async function listAccountContacts(
  db: Queryable,
  workspaceId: number,
  accountId: number,
  input: Omit<ListContactsInput, 'account_id'>,
): Promise<Page<Contact>> {
  await assertAccountExists(db, workspaceId, accountId);
  return listContacts(db, workspaceId, { ...input, account_id: accountId });
}
