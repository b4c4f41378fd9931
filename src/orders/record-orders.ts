import type { Queryable } from '../db/database.js';
import { AppError, type FieldIssue } from '../errors/app-error.js';
import { markSubjectsDirty } from '../recompute/mark-subjects-dirty.js';

export interface OrderLineInput {
  sku: string | null;
  name: string | null;
  category: string | null;
  quantity: number;
  unitPrice: number;
  productId?: number | null;
}

export interface OrderInput {
  externalId: string;
  accountId: number | null;
  contactId: number | null;
  currency: string;
  orderedAt: Date;
  /** The order total; computed from the lines when absent. */
  total?: number;
  properties: Record<string, unknown>;
  /** Where the order came from: 'api' | 'segment' | 'import' | 'demo'. */
  source: string;
  lines: OrderLineInput[];
}

export interface RecordOrdersResult {
  inserted: number;
  updated: number;
  /** external_id -> orders.id of every order written. */
  orderIds: Map<string, number>;
}

export interface RecordOrdersOptions {
  /** Where order i sits in the caller's input, for error paths (default `/orders/i`). */
  pathOf?: (index: number) => string;
}

const CURRENCY = /^[A-Z]{3}$/;
const MAX_MONEY = 999_999_999_999.99; // numeric(14, 2)

/** Rounds to cents the way the numeric(14, 2) columns store money. */
export function roundMoney(value: number): number {
  return Math.round(value * 100) / 100;
}

function validate(orders: OrderInput[], pathOf: (i: number) => string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  orders.forEach((o, i) => {
    const at = pathOf(i);
    if (typeof o.externalId !== 'string' || o.externalId.trim() === '') issues.push({ path: `${at}/externalId`, message: 'must be a non-empty string' });
    if (!CURRENCY.test(o.currency)) issues.push({ path: `${at}/currency`, message: 'must be a three-letter ISO 4217 code in capitals, e.g. "EUR"' });
    if (!(o.orderedAt instanceof Date) || Number.isNaN(o.orderedAt.getTime())) issues.push({ path: `${at}/orderedAt`, message: 'must be a valid date' });
    if (o.total !== undefined && !(Number.isFinite(o.total) && o.total >= 0 && o.total <= MAX_MONEY)) {
      issues.push({ path: `${at}/total`, message: 'must be a number from 0 to 999999999999.99' });
    }
    o.lines.forEach((l, j) => {
      const lp = `${at}/lines/${j}`;
      if (!(Number.isFinite(l.quantity) && l.quantity > 0 && l.quantity < 1e11)) issues.push({ path: `${lp}/quantity`, message: 'must be a positive number' });
      if (!(Number.isFinite(l.unitPrice) && l.unitPrice >= 0 && l.unitPrice <= MAX_MONEY)) issues.push({ path: `${lp}/unitPrice`, message: 'must be a number from 0 to 999999999999.99' });
      if (l.productId != null && !Number.isSafeInteger(l.productId)) issues.push({ path: `${lp}/productId`, message: 'must be an integer id' });
    });
  });
  return issues;
}

/** Checks that the referenced accounts, contacts and products exist in the workspace (one query). */
async function checkReferences(tx: Queryable, workspaceId: number, orders: OrderInput[], pathOf: (i: number) => string): Promise<FieldIssue[]> {
  const accountIds = [...new Set(orders.map((o) => o.accountId).filter((v): v is number => v != null))];
  const contactIds = [...new Set(orders.map((o) => o.contactId).filter((v): v is number => v != null))];
  const productIds = [...new Set(orders.flatMap((o) => o.lines.map((l) => l.productId)).filter((v): v is number => v != null))];
  if (accountIds.length + contactIds.length + productIds.length === 0) return [];
  const rows = await tx.query<{ kind: string; id: number }>(
    `SELECT 'account' AS kind, id FROM accounts WHERE workspace_id = $1 AND id = ANY($2::bigint[])
     UNION ALL SELECT 'contact', id FROM contacts WHERE workspace_id = $1 AND id = ANY($3::bigint[])
     UNION ALL SELECT 'product', id FROM products WHERE workspace_id = $1 AND id = ANY($4::bigint[])`,
    [workspaceId, accountIds, contactIds, productIds],
  );
  const found = new Set(rows.map((r) => `${r.kind}:${r.id}`));
  const issues: FieldIssue[] = [];
  orders.forEach((o, i) => {
    if (o.accountId != null && !found.has(`account:${o.accountId}`)) issues.push({ path: `${pathOf(i)}/accountId`, message: `no account ${o.accountId} in this workspace` });
    if (o.contactId != null && !found.has(`contact:${o.contactId}`)) issues.push({ path: `${pathOf(i)}/contactId`, message: `no contact ${o.contactId} in this workspace` });
    o.lines.forEach((l, j) => {
      if (l.productId != null && !found.has(`product:${l.productId}`)) issues.push({ path: `${pathOf(i)}/lines/${j}/productId`, message: `no product ${l.productId} in this workspace` });
    });
  });
  return issues;
}

/**
 * Set-based upsert by external_id; a re-sent order replaces its lines; product_id resolved by
 * sku when not given. An order without an account takes its contact's account. A constant
 * number of statements whatever the number of orders. When the same external_id appears
 * twice in one call, the later one wins. Refunds already recorded are kept and the status
 * is recomputed against the new total.
 */
export async function recordOrders(
  tx: Queryable,
  workspaceId: number,
  orders: OrderInput[],
  options: RecordOrdersOptions = {},
): Promise<RecordOrdersResult> {
  const pathOf = options.pathOf ?? ((i: number) => `/orders/${i}`);
  const issues = validate(orders, pathOf);
  if (issues.length === 0) issues.push(...(await checkReferences(tx, workspaceId, orders, pathOf)));
  if (issues.length > 0) throw new AppError('validation_failed', `${issues.length} problem(s) in the orders`, issues);
  if (orders.length === 0) return { inserted: 0, updated: 0, orderIds: new Map() };

  // Later duplicates win: keep the last occurrence of each external id.
  const last = new Map<string, OrderInput>();
  for (const o of orders) {
    last.delete(o.externalId);
    last.set(o.externalId, o);
  }
  const unique = [...last.values()];

  const orderRows = unique.map((o) => {
    const amounts = o.lines.map((l) => roundMoney(l.quantity * l.unitPrice));
    const total = o.total !== undefined ? roundMoney(o.total) : roundMoney(amounts.reduce((s, a) => s + a, 0));
    if (total > MAX_MONEY) throw new AppError('validation_failed', 'Order total too large', [{ path: `${pathOf(orders.indexOf(o))}/total`, message: 'the lines add up to more than 999999999999.99' }]);
    return {
      external_id: o.externalId,
      account_id: o.accountId,
      contact_id: o.contactId,
      currency: o.currency,
      total,
      quantity: Math.round(o.lines.reduce((s, l) => s + l.quantity, 0)),
      ordered_at: o.orderedAt.toISOString(),
      source: o.source,
      properties: o.properties,
    };
  });

  const written = await tx.query<{ id: number; external_id: string; inserted: boolean; account_id: number | null; contact_id: number | null }>(
    `INSERT INTO orders AS o (workspace_id, external_id, account_id, contact_id, currency, total, quantity, ordered_at, source, properties)
     SELECT $1, r.external_id, coalesce(r.account_id, c.account_id), r.contact_id, r.currency, r.total, r.quantity, r.ordered_at, r.source, coalesce(r.properties, '{}')
       FROM json_to_recordset($2::json) AS r(external_id text, account_id bigint, contact_id bigint, currency text, total numeric,
                                             quantity integer, ordered_at timestamptz, source text, properties jsonb)
       LEFT JOIN contacts c ON c.workspace_id = $1 AND c.id = r.contact_id
     ON CONFLICT (workspace_id, external_id) DO UPDATE SET
       account_id = coalesce(EXCLUDED.account_id, o.account_id),
       contact_id = coalesce(EXCLUDED.contact_id, o.contact_id),
       currency = EXCLUDED.currency,
       total = EXCLUDED.total,
       quantity = EXCLUDED.quantity,
       ordered_at = EXCLUDED.ordered_at,
       source = EXCLUDED.source,
       properties = EXCLUDED.properties,
       status = CASE
         WHEN o.refunded_total = 0 THEN CASE WHEN o.status = 'cancelled' THEN 'cancelled' ELSE 'completed' END
         WHEN o.refunded_total >= EXCLUDED.total THEN 'refunded'
         ELSE 'partially_refunded' END,
       updated_at = now()
     RETURNING o.id, o.external_id, (xmax = 0) AS inserted, o.account_id, o.contact_id`,
    [workspaceId, JSON.stringify(orderRows)],
  );
  const orderIds = new Map(written.map((r) => [r.external_id, r.id]));
  // The buyers' segments and stages follow (accounts before contacts: the queue's lock order).
  await markSubjectsDirty(tx, workspaceId, 'account', written.map((r) => r.account_id));
  await markSubjectsDirty(tx, workspaceId, 'contact', written.map((r) => r.contact_id));
  const updatedIds = written.filter((r) => !r.inserted).map((r) => r.id);
  if (updatedIds.length > 0) {
    await tx.execute('DELETE FROM order_lines WHERE workspace_id = $1 AND order_id = ANY($2::bigint[])', [workspaceId, updatedIds]);
  }

  const lineRows = unique.flatMap((o) =>
    o.lines.map((l, j) => ({
      order_id: orderIds.get(o.externalId),
      line_no: j + 1,
      product_id: l.productId ?? null,
      sku: l.sku,
      name: l.name,
      category: l.category,
      quantity: l.quantity,
      unit_price: roundMoney(l.unitPrice),
      amount: roundMoney(l.quantity * l.unitPrice),
    })),
  );
  if (lineRows.length > 0) {
    await tx.execute(
      `INSERT INTO order_lines (workspace_id, order_id, line_no, product_id, sku, name, category, quantity, unit_price, amount)
       SELECT $1, l.order_id, l.line_no, coalesce(l.product_id, p.id), l.sku, l.name, l.category, l.quantity, l.unit_price, l.amount
         FROM json_to_recordset($2::json) AS l(order_id bigint, line_no integer, product_id bigint, sku text, name text,
                                               category text, quantity numeric, unit_price numeric, amount numeric)
         LEFT JOIN products p ON p.workspace_id = $1 AND p.sku = l.sku`,
      [workspaceId, JSON.stringify(lineRows)],
    );
  }
  return { inserted: written.length - updatedIds.length, updated: updatedIds.length, orderIds };
}
