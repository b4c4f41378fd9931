import type { Queryable } from '../db/database.js';
import { decodeCursor, type KeysetOrder, type Page } from '../db/keyset-cursor.js';
import { keysetPage } from '../db/keyset-page.js';
import type { SqlParams } from '../db/sql-params.js';
import { withOrderLines } from './load-order-lines.js';
import { ORDER_COLUMNS, type Order, type OrderStatus } from './order.js';

export const ORDER_SORTS = ['ordered_at', '-ordered_at'] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];

/** Walks orders_ordered (workspace_id, ordered_at, id), or orders_account / orders_contact when filtered by one. */
export function orderOrder(sort: OrderSort): KeysetOrder {
  return {
    sort: `orders:${sort}`,
    keys: [
      { sql: 'o.ordered_at', type: 'timestamptz' },
      { sql: 'o.id', type: 'bigint' },
    ],
    direction: sort.startsWith('-') ? 'desc' : 'asc',
  };
}

export interface ListOrdersInput {
  account_id?: number | undefined;
  contact_id?: number | undefined;
  /** ordered_at >= from */
  from?: string | undefined;
  /** ordered_at < to */
  to?: string | undefined;
  status?: OrderStatus | undefined;
  sort?: OrderSort | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** One page of orders, each with its lines; newest first unless sorted otherwise. */
export async function listOrders(db: Queryable, workspaceId: number, input: ListOrdersInput): Promise<Page<Order>> {
  const order = orderOrder(input.sort ?? '-ordered_at');
  const page = await keysetPage<Omit<Order, 'lines'>>(
    db,
    {
      from: 'orders o',
      select: ORDER_COLUMNS,
      id: 'o.id',
      order,
      where: (p: SqlParams) => {
        const conds = [`o.workspace_id = ${p.add(workspaceId)}`];
        if (input.account_id !== undefined) conds.push(`o.account_id = ${p.add(input.account_id, 'bigint')}`);
        if (input.contact_id !== undefined) conds.push(`o.contact_id = ${p.add(input.contact_id, 'bigint')}`);
        if (input.from) conds.push(`o.ordered_at >= ${p.add(input.from, 'timestamptz')}`);
        if (input.to) conds.push(`o.ordered_at < ${p.add(input.to, 'timestamptz')}`);
        if (input.status) conds.push(`o.status = ${p.add(input.status)}`);
        return conds;
      },
    },
    { after: input.cursor ? decodeCursor(order, input.cursor) : null, limit: input.limit ?? 50 },
  );
  return { data: await withOrderLines(db, workspaceId, page.data), next_cursor: page.next_cursor };
}
