import type { Queryable } from '../db/database.js';
import type { Page } from '../db/keyset-cursor.js';
import { assertAccountExists } from '../accounts/assert-account-exists.js';
import { listOrders, type ListOrdersInput } from './list-orders.js';
import type { Order } from './order.js';

/** The orders of one account, newest first, with lines (not_found if the account does not exist). */
export async function listAccountOrders(
  db: Queryable,
  workspaceId: number,
  accountId: number,
  input: Omit<ListOrdersInput, 'account_id'>,
): Promise<Page<Order>> {
  await assertAccountExists(db, workspaceId, accountId);
  return listOrders(db, workspaceId, { ...input, account_id: accountId });
}
