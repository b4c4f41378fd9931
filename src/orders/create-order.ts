import type { Database, Queryable } from '../db/database.js';
import { AppError, isAppError } from '../errors/app-error.js';
import { getOrder, type OrderDetail } from './get-order.js';
import { recordOrders, roundMoney } from './record-orders.js';

export interface CreateOrderLineInput {
  sku?: string | null | undefined;
  name?: string | null | undefined;
  category?: string | null | undefined;
  quantity: number;
  unit_price: number;
  product_id?: number | null | undefined;
}

export interface CreateOrderInput {
  external_id: string;
  account_id?: number | null | undefined;
  account_external_id?: string | undefined;
  contact_id?: number | null | undefined;
  contact_external_id?: string | undefined;
  currency: string;
  ordered_at: string;
  total?: number | undefined;
  lines: CreateOrderLineInput[];
  properties?: Record<string, unknown> | undefined;
}

function invalid(field: string, message: string): AppError {
  return new AppError('validation_failed', `${field} ${message}`, [{ path: `body/${field}`, message }]);
}

/** The id of the account or contact with this external id, or a validation error naming the field. */
async function idByExternalId(tx: Queryable, table: 'accounts' | 'contacts', workspaceId: number, externalId: string, field: string): Promise<number> {
  const rows = await tx.query<{ id: number }>(`SELECT id FROM ${table} WHERE workspace_id = $1 AND external_id = $2`, [workspaceId, externalId]);
  if (!rows[0]) throw invalid(field, `matches no ${table === 'accounts' ? 'account' : 'contact'} in this workspace`);
  return rows[0].id;
}

/** recordOrders names fields as its input does (`body/lines/0/productId`): rename them as the API does (`product_id`). */
function apiFieldNames(e: unknown): unknown {
  if (!isAppError(e)) return e;
  const issues = e.issues.map((i) => ({ ...i, path: i.path.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) }));
  return new AppError(e.code, e.message, issues, e.extra);
}

/**
 * Creates one order with its lines (source 'api'). The account and contact come by id or
 * by external id; an order without an account takes its contact's. The total is the sum of
 * the lines; a total given must equal it. An external_id already used is a conflict.
 */
export async function createOrder(db: Database, workspaceId: number, input: CreateOrderInput): Promise<OrderDetail> {
  if (input.account_id != null && input.account_external_id !== undefined) {
    throw invalid('account_external_id', 'must not be given together with account_id');
  }
  if (input.contact_id != null && input.contact_external_id !== undefined) {
    throw invalid('contact_external_id', 'must not be given together with contact_id');
  }
  const linesCents = input.lines.reduce((sum, l) => sum + Math.round(roundMoney(l.quantity * l.unit_price) * 100), 0);
  if (input.total !== undefined && Math.round(input.total * 100) !== linesCents) {
    throw invalid('total', `must equal the sum of the lines (${(linesCents / 100).toFixed(2)})`);
  }

  return db.transaction(async (tx) => {
    // Serialises creations of the same external id, so two at once cannot both pass the check below.
    await tx.query('SELECT pg_advisory_xact_lock($1::integer, hashtext($2))', [workspaceId, `order:${input.external_id}`]);
    const taken = await tx.query('SELECT 1 FROM orders WHERE workspace_id = $1 AND external_id = $2', [workspaceId, input.external_id]);
    if (taken.length > 0) {
      throw new AppError('conflict', `Another order already has external_id "${input.external_id}"`, [
        { path: 'body/external_id', message: 'is already taken' },
      ]);
    }
    const accountId =
      input.account_external_id !== undefined
        ? await idByExternalId(tx, 'accounts', workspaceId, input.account_external_id, 'account_external_id')
        : (input.account_id ?? null);
    const contactId =
      input.contact_external_id !== undefined
        ? await idByExternalId(tx, 'contacts', workspaceId, input.contact_external_id, 'contact_external_id')
        : (input.contact_id ?? null);

    let orderId: number;
    try {
      const result = await recordOrders(
        tx,
        workspaceId,
        [
          {
            externalId: input.external_id,
            accountId,
            contactId,
            currency: input.currency,
            orderedAt: new Date(input.ordered_at),
            ...(input.total !== undefined ? { total: input.total } : {}),
            properties: input.properties ?? {},
            source: 'api',
            lines: input.lines.map((l) => ({
              sku: l.sku ?? null,
              name: l.name ?? null,
              category: l.category ?? null,
              quantity: l.quantity,
              unitPrice: l.unit_price,
              productId: l.product_id ?? null,
            })),
          },
        ],
        { pathOf: () => 'body' },
      );
      orderId = result.orderIds.get(input.external_id)!;
    } catch (e) {
      throw apiFieldNames(e);
    }
    return getOrder(tx, workspaceId, orderId);
  });
}
