import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { withOrderLines } from './load-order-lines.js';
import { ORDER_COLUMNS, REFUND_COLUMNS, type Order, type Refund } from './order.js';

export interface OrderDetail extends Order {
  refunds: Refund[];
}

/** One order with its lines and refunds; not_found if the workspace has no such order. */
export async function getOrder(db: Queryable, workspaceId: number, id: number): Promise<OrderDetail> {
  const rows = await db.query<Omit<Order, 'lines'> & Record<string, unknown>>(
    `SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.workspace_id = $1 AND o.id = $2`,
    [workspaceId, id],
  );
  if (!rows[0]) throw new AppError('not_found', `No order ${id} in this workspace`);
  const [order] = await withOrderLines(db, workspaceId, [rows[0]]);
  const refunds = await db.query<Refund & Record<string, unknown>>(
    `SELECT ${REFUND_COLUMNS} FROM refunds r WHERE r.workspace_id = $1 AND r.order_id = $2 ORDER BY r.refunded_at, r.id`,
    [workspaceId, id],
  );
  return { ...order!, refunds };
}
