import type { Queryable } from '../db/database.js';
import type { Order, OrderLine } from './order.js';

/** Adds its lines to each order, all in one query. */
export async function withOrderLines<T extends Omit<Order, 'lines'>>(db: Queryable, workspaceId: number, orders: T[]): Promise<(T & { lines: OrderLine[] })[]> {
  if (orders.length === 0) return [];
  const rows = await db.query<OrderLine & { order_id: number } & Record<string, unknown>>(
    `SELECT l.order_id, l.line_no, l.product_id, l.sku, l.name, l.category, l.quantity, l.unit_price, l.amount
       FROM order_lines l WHERE l.workspace_id = $1 AND l.order_id = ANY($2::bigint[])
      ORDER BY l.order_id, l.line_no`,
    [workspaceId, orders.map((o) => o.id)],
  );
  const byOrder = new Map<number, OrderLine[]>();
  for (const { order_id, ...line } of rows) {
    const lines = byOrder.get(order_id) ?? [];
    lines.push(line);
    byOrder.set(order_id, lines);
  }
  return orders.map((o) => ({ ...o, lines: byOrder.get(o.id) ?? [] }));
}
