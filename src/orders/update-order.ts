import type { Queryable } from '../db/database.js';
import { patchAssignments } from '../db/column-writes.js';
import { mapConstraintErrors } from '../db/constraint-error.js';
import { SqlParams } from '../db/sql-params.js';
import { AppError } from '../errors/app-error.js';
import { getOrder, type OrderDetail } from './get-order.js';

export interface UpdateOrderInput {
  external_id?: string | undefined;
  account_id?: number | null | undefined;
  contact_id?: number | null | undefined;
  ordered_at?: string | undefined;
  /** cancelled cancels the order; completed undoes that (the status then follows the refunds again). */
  status?: 'completed' | 'cancelled' | undefined;
  properties?: Record<string, unknown> | undefined;
}

const WRITABLE = { external_id: 'text', account_id: 'bigint', contact_id: 'bigint', ordered_at: 'timestamptz' } as const;

/** The status an order has from its refunds alone. */
const STATUS_FROM_REFUNDS = `CASE WHEN refunded_total <= 0 THEN 'completed' WHEN refunded_total >= total THEN 'refunded' ELSE 'partially_refunded' END`;

/**
 * Partly updates an order's header: who it belongs to, when, its status and properties
 * (merged; a null property is removed). Lines and totals are what was sold: they do not change here.
 */
export async function updateOrder(db: Queryable, workspaceId: number, id: number, patch: UpdateOrderInput): Promise<OrderDetail> {
  const p = new SqlParams();
  const sets = patchAssignments(patch as Record<string, unknown>, WRITABLE, p, 'properties');
  if (patch.status === 'cancelled') sets.push(`status = 'cancelled'`);
  if (patch.status === 'completed') sets.push(`status = ${STATUS_FROM_REFUNDS}`);
  if (sets.length > 0) {
    const updated = await mapConstraintErrors(() =>
      db.execute(`UPDATE orders SET ${sets.join(', ')}, updated_at = now() WHERE workspace_id = ${p.add(workspaceId)} AND id = ${p.add(id)}`, p.values),
    );
    if (updated === 0) throw new AppError('not_found', `No order ${id} in this workspace`);
  }
  return getOrder(db, workspaceId, id);
}
