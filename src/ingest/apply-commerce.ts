import type { Queryable } from '../db/database.js';
import { AppError, type FieldIssue } from '../errors/app-error.js';
import { recordOrders, type OrderInput } from '../orders/record-orders.js';
import { recordRefunds, type RefundInput } from '../orders/record-refunds.js';
import type { IngestMessage } from './validate-message.js';

export interface CommerceCall {
  message: IngestMessage;
  contactId: number;
  accountId: number | null;
}

export interface CommerceResult {
  orders: number;
  refunds: number;
}

const cents = (v: number) => Math.round(v * 100);

/** Products named by sku in orders are upserted when the order line carries a name (one statement). */
async function upsertProducts(tx: Queryable, workspaceId: number, orders: CommerceCall[]): Promise<void> {
  const bySku = new Map<string, { sku: string; name: string; category: string | null; price: number; currency: string }>();
  for (const { message } of orders) {
    for (const l of message.order!.lines) {
      if (l.sku && l.name) bySku.set(l.sku, { sku: l.sku, name: l.name, category: l.category, price: l.unitPrice, currency: message.order!.currency });
    }
  }
  if (bySku.size === 0) return;
  await tx.execute(
    `INSERT INTO products AS p (workspace_id, sku, name, category, price, currency)
     SELECT $1, r.sku, r.name, r.category, r.price, r.currency
       FROM json_to_recordset($2::json) AS r(sku text, name text, category text, price numeric, currency text)
     ON CONFLICT (workspace_id, sku) DO UPDATE SET
       name = EXCLUDED.name,
       category = coalesce(EXCLUDED.category, p.category),
       price = coalesce(p.price, EXCLUDED.price),
       updated_at = now()`,
    [workspaceId, JSON.stringify([...bySku.values()])],
  );
}

/** Turns "Order Refunded" calls into refunds: the amount sent, or all that is left of the order. */
async function refundsOf(tx: Queryable, workspaceId: number, calls: CommerceCall[]): Promise<{ refunds: RefundInput[]; paths: string[] }> {
  const externalIds = [...new Set(calls.map((c) => c.message.refund!.orderId))];
  const orders = await tx.query<{ id: number; external_id: string; currency: string; total: number; refunded_total: number }>(
    `SELECT id, external_id, currency, total, refunded_total FROM orders
      WHERE workspace_id = $1 AND external_id = ANY($2::text[]) ORDER BY id FOR UPDATE`,
    [workspaceId, externalIds],
  );
  const byExternal = new Map(orders.map((o) => [o.external_id, o]));
  const left = new Map(orders.map((o) => [o.id, cents(o.total) - cents(o.refunded_total)]));
  const issues: FieldIssue[] = [];
  const refunds: RefundInput[] = [];
  const paths: string[] = [];
  for (const { message } of calls) {
    const spec = message.refund!;
    const at = `${message.path}/properties`;
    const order = byExternal.get(spec.orderId);
    if (!order) {
      issues.push({ path: `${at}/order_id`, message: `no order "${spec.orderId}" in this workspace (send its "Order Completed" first)` });
      continue;
    }
    const remaining = left.get(order.id)!;
    const amount = spec.amount === null ? remaining : cents(spec.amount);
    if (spec.amount === null && remaining <= 0) continue; // a full refund of an order already refunded: nothing left
    if (amount > remaining) {
      issues.push({
        path: `${at}/${spec.amountField}`,
        message: `refund of ${(amount / 100).toFixed(2)} ${order.currency} is more than the ${(Math.max(remaining, 0) / 100).toFixed(2)} ${order.currency} left to refund on order "${order.external_id}"`,
      });
      continue;
    }
    left.set(order.id, remaining - amount);
    refunds.push({ orderId: order.id, amount: amount / 100, reason: spec.reason, refundedAt: message.occurredAt, messageId: message.messageId });
    paths.push(at);
  }
  if (issues.length > 0) throw new AppError('validation_failed', `${issues.length} refund(s) cannot be recorded; nothing was stored`, issues);
  return { refunds, paths };
}

/**
 * Segment e-commerce spec v2: "Order Completed" becomes an order with lines (upserted by
 * order_id, so a resent order replaces its lines), "Order Refunded" a refund. Orders first,
 * so a batch may complete and refund the same order.
 */
export async function applyCommerce(tx: Queryable, workspaceId: number, calls: CommerceCall[]): Promise<CommerceResult> {
  const completed = calls.filter((c) => c.message.order);
  const refunded = calls.filter((c) => c.message.refund);
  let orders = 0;
  if (completed.length > 0) {
    await upsertProducts(tx, workspaceId, completed);
    const inputs: OrderInput[] = completed.map(({ message, contactId, accountId }) => {
      const { products: _lines, ...properties } = message.properties;
      const spec = message.order!;
      return {
        externalId: spec.orderId,
        accountId,
        contactId,
        currency: spec.currency,
        orderedAt: message.occurredAt,
        ...(spec.total !== undefined ? { total: spec.total } : {}),
        properties,
        source: 'segment',
        lines: spec.lines,
      };
    });
    const result = await recordOrders(tx, workspaceId, inputs, { pathOf: (i) => `${completed[i]!.message.path}/properties` });
    orders = result.inserted + result.updated;
  }
  let refunds = 0;
  if (refunded.length > 0) {
    const { refunds: inputs, paths } = await refundsOf(tx, workspaceId, refunded);
    const result = await recordRefunds(tx, workspaceId, inputs, { pathOf: (i) => paths[i]! });
    refunds = result.inserted;
  }
  return { orders, refunds };
}
