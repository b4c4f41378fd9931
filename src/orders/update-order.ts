import type { Queryable } from '../db/database.js';
import { patchAssignments } from '../db/column-writes.js';
import { mapConstraintErrors } from '../db/constraint-error.js';
import { SqlParams } from '../db/sql-params.js';
import { AppError } from '../errors/app-error.js';
import { markDirtyCte } from '../recompute/mark-subjects-dirty.js';
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
 * The accounts and contacts it belonged to before and after are queued for recompute in the same statement.
 */
export async function updateOrder(db: Queryable, workspaceId: number, id: number, patch: UpdateOrderInput): Promise<OrderDetail> {
  const p = new SqlParams();
  const sets = patchAssignments(patch as Record<string, unknown>, WRITABLE, p, 'properties');
  if (patch.status === 'cancelled') sets.push(`status = 'cancelled'`);
  if (patch.status === 'completed') sets.push(`status = ${STATUS_FROM_REFUNDS}`);
  if (sets.length > 0) {
    const ws = p.add(workspaceId);
    const where = `workspace_id = ${ws} AND id = ${p.add(id)}`;
    const updated = await mapConstraintErrors(() =>
      db.query<{ id: number }>(
        `WITH before AS (SELECT account_id, contact_id FROM orders WHERE ${where}),
              u AS (UPDATE orders SET ${sets.join(', ')}, updated_at = now() WHERE ${where} RETURNING id, account_id, contact_id),
              owners AS (SELECT account_id, contact_id FROM before UNION SELECT account_id, contact_id FROM u),
         ${markDirtyCte('queued', ws, 'owners', { account: 'owners.account_id', contact: 'owners.contact_id' })}
         SELECT id FROM u`,
        p.values,
      ),
    );
    if (updated.length === 0) throw new AppError('not_found', `No order ${id} in this workspace`);
  }
  return getOrder(db, workspaceId, id);
}
