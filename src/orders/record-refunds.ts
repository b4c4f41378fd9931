import type { Queryable } from '../db/database.js';
import { AppError, type FieldIssue } from '../errors/app-error.js';
import { markSubjectsDirty } from '../recompute/mark-subjects-dirty.js';

export interface RefundInput {
  orderId: number;
  amount: number;
  reason: string | null;
  refundedAt: Date;
  /** Idempotency key (the Segment messageId): a refund with a message id already recorded is skipped. */
  messageId: string | null;
}

export interface RefundedOrder {
  orderId: number;
  externalId: string;
  currency: string;
  total: number;
  refundedTotal: number;
  status: 'completed' | 'partially_refunded' | 'refunded' | 'cancelled';
}

export interface RecordRefundsResult {
  /** Refunds written now. */
  inserted: number;
  /** Refunds skipped because their message id was already recorded. */
  skipped: number;
  refundIds: number[];
  /** The orders the new refunds touched, after the refunds. */
  orders: RefundedOrder[];
}

export interface RecordRefundsOptions {
  /** Where refund i sits in the caller's input, for error paths (default `/refunds/i`). */
  pathOf?: (index: number) => string;
}

const cents = (value: number): number => Math.round(value * 100);

function validate(refunds: RefundInput[], pathOf: (i: number) => string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  refunds.forEach((r, i) => {
    if (!Number.isSafeInteger(r.orderId)) issues.push({ path: `${pathOf(i)}/orderId`, message: 'must be an order id' });
    if (!(Number.isFinite(r.amount) && cents(r.amount) > 0)) issues.push({ path: `${pathOf(i)}/amount`, message: 'must be a positive amount (at least 0.01)' });
    if (!(r.refundedAt instanceof Date) || Number.isNaN(r.refundedAt.getTime())) issues.push({ path: `${pathOf(i)}/refundedAt`, message: 'must be a valid date' });
  });
  return issues;
}

/**
 * Records refunds against orders: adds them to refunded_total and sets the status to
 * partially_refunded or refunded. The orders are locked first, so concurrent refunds cannot
 * together refund more than the total. A refund larger than what is left of its order
 * (counting earlier refunds in the same call) is a validation_failed error naming the order,
 * and nothing is written. A constant number of statements whatever the number of refunds.
 */
export async function recordRefunds(
  tx: Queryable,
  workspaceId: number,
  refunds: RefundInput[],
  options: RecordRefundsOptions = {},
): Promise<RecordRefundsResult> {
  const pathOf = options.pathOf ?? ((i: number) => `/refunds/${i}`);
  const issues = validate(refunds, pathOf);
  if (issues.length > 0) throw new AppError('validation_failed', `${issues.length} problem(s) in the refunds`, issues);
  if (refunds.length === 0) return { inserted: 0, skipped: 0, refundIds: [], orders: [] };

  // Idempotency: drop refunds whose message id is already recorded (or repeated in this call).
  const messageIds = refunds.map((r) => r.messageId).filter((m): m is string => m !== null);
  const seen = new Set<string>();
  if (messageIds.length > 0) {
    const rows = await tx.query<{ message_id: string }>(
      'SELECT message_id FROM refunds WHERE workspace_id = $1 AND message_id = ANY($2::text[])',
      [workspaceId, messageIds],
    );
    for (const r of rows) seen.add(r.message_id);
  }
  const fresh: Array<{ refund: RefundInput; index: number }> = [];
  refunds.forEach((refund, index) => {
    if (refund.messageId !== null) {
      if (seen.has(refund.messageId)) return;
      seen.add(refund.messageId);
    }
    fresh.push({ refund, index });
  });
  if (fresh.length === 0) return { inserted: 0, skipped: refunds.length, refundIds: [], orders: [] };

  const orderIds = [...new Set(fresh.map((f) => f.refund.orderId))];
  const orders = await tx.query<{ id: number; external_id: string; currency: string; total: number; refunded_total: number }>(
    `SELECT id, external_id, currency, total, refunded_total FROM orders
      WHERE workspace_id = $1 AND id = ANY($2::bigint[]) ORDER BY id FOR UPDATE`,
    [workspaceId, orderIds],
  );
  const byId = new Map(orders.map((o) => [o.id, o]));
  const leftCents = new Map(orders.map((o) => [o.id, cents(o.total) - cents(o.refunded_total)]));
  for (const { refund, index } of fresh) {
    const order = byId.get(refund.orderId);
    if (!order) {
      issues.push({ path: `${pathOf(index)}/orderId`, message: `no order ${refund.orderId} in this workspace` });
      continue;
    }
    const left = leftCents.get(order.id)!;
    const amount = cents(refund.amount);
    if (amount > left) {
      issues.push({
        path: `${pathOf(index)}/amount`,
        message: `refund of ${(amount / 100).toFixed(2)} ${order.currency} is more than the ${(Math.max(left, 0) / 100).toFixed(2)} ${order.currency} left to refund on order "${order.external_id}" (id ${order.id}, total ${order.total.toFixed(2)})`,
      });
      continue;
    }
    leftCents.set(order.id, left - amount);
  }
  if (issues.length > 0) throw new AppError('validation_failed', `${issues.length} refund(s) cannot be recorded`, issues);

  const rows = fresh.map(({ refund }) => ({
    order_id: refund.orderId,
    amount: cents(refund.amount) / 100,
    reason: refund.reason,
    refunded_at: refund.refundedAt.toISOString(),
    message_id: refund.messageId,
  }));
  const inserted = await tx.query<{ id: number }>(
    `INSERT INTO refunds (workspace_id, order_id, amount, reason, refunded_at, message_id)
     SELECT $1, r.order_id, r.amount, r.reason, r.refunded_at, r.message_id
       FROM json_to_recordset($2::json) AS r(order_id bigint, amount numeric, reason text, refunded_at timestamptz, message_id text)
     ON CONFLICT (workspace_id, message_id) WHERE message_id IS NOT NULL DO NOTHING
     RETURNING id`,
    [workspaceId, JSON.stringify(rows)],
  );
  const updated = await tx.query<{
    id: number;
    external_id: string;
    currency: string;
    total: number;
    refunded_total: number;
    status: RefundedOrder['status'];
    account_id: number | null;
    contact_id: number | null;
  }>(
    `UPDATE orders o SET
       refunded_total = r.refunded_total,
       status = CASE WHEN r.refunded_total >= o.total THEN 'refunded' ELSE 'partially_refunded' END,
       updated_at = now()
       FROM (SELECT order_id, sum(amount) AS refunded_total FROM refunds WHERE workspace_id = $1 AND order_id = ANY($2::bigint[]) GROUP BY order_id) r
      WHERE o.workspace_id = $1 AND o.id = r.order_id
      RETURNING o.id, o.external_id, o.currency, o.total, o.refunded_total, o.status, o.account_id, o.contact_id`,
    [workspaceId, orderIds],
  );
  // Revenue changed: the buyers' segments and stages follow (accounts before contacts: the queue's lock order).
  await markSubjectsDirty(tx, workspaceId, 'account', updated.map((o) => o.account_id));
  await markSubjectsDirty(tx, workspaceId, 'contact', updated.map((o) => o.contact_id));
  return {
    inserted: inserted.length,
    skipped: refunds.length - inserted.length,
    refundIds: inserted.map((r) => r.id),
    orders: updated.map((o) => ({ orderId: o.id, externalId: o.external_id, currency: o.currency, total: o.total, refundedTotal: o.refunded_total, status: o.status })),
  };
}
