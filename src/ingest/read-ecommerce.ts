import type { FieldIssue } from '../errors/app-error.js';
import type { OrderLineInput } from '../orders/record-orders.js';
import { FieldReader, isObject, type JsonObject } from './read-fields.js';

/** Segment e-commerce spec v2 event names that change orders. */
export const ORDER_COMPLETED = 'Order Completed';
export const ORDER_REFUNDED = 'Order Refunded';

const MAX_MONEY = 999_999_999_999.99; // numeric(14, 2)

/** Orders sent without a currency: the schema default. */
export const DEFAULT_CURRENCY = 'EUR';

export interface OrderSpec {
  orderId: string;
  /** properties.total, else properties.revenue; computed from the products when neither is sent. */
  total?: number;
  currency: string;
  lines: OrderLineInput[];
}

export interface RefundSpec {
  orderId: string;
  /** The refunded amount; null means the whole rest of the order (Segment: "Order Refunded" without amounts). */
  amount: number | null;
  /** The property the amount came from, for error paths. */
  amountField: string;
  reason: string | null;
}

function readProducts(props: JsonObject, path: string, issues: FieldIssue[]): OrderLineInput[] | null {
  const products = props.products;
  if (products === undefined || products === null) return null;
  if (!Array.isArray(products)) {
    issues.push({ path: `${path}/products`, message: 'must be an array of products' });
    return [];
  }
  const lines: OrderLineInput[] = [];
  products.forEach((p: unknown, j) => {
    const at = `${path}/products/${j}`;
    if (!isObject(p)) {
      issues.push({ path: at, message: 'must be an object' });
      return;
    }
    const r = new FieldReader(p, at, issues);
    const sku = r.id('sku') ?? r.id('product_id');
    const quantity = r.number('quantity') ?? 1;
    if (!(quantity > 0)) r.fail('quantity', 'must be more than 0');
    const price = r.number('price', { min: 0 }) ?? 0;
    if (price > MAX_MONEY) r.fail('price', 'must be at most 999999999999.99');
    lines.push({ sku, name: r.text('name', { max: 1000 }), category: r.text('category', { max: 1000 }), quantity, unitPrice: price });
  });
  return lines;
}

function readCurrency(r: FieldReader): string {
  const c = r.text('currency');
  if (c === null) return DEFAULT_CURRENCY;
  const code = c.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) {
    r.fail('currency', 'must be a three-letter ISO 4217 currency code such as "EUR"');
    return DEFAULT_CURRENCY;
  }
  return code;
}

/** Reads an "Order Completed" track call's properties (path points at them). */
export function readOrderCompleted(props: JsonObject, path: string, issues: FieldIssue[]): OrderSpec | null {
  const r = new FieldReader(props, path, issues);
  const orderId = r.id('order_id');
  if (orderId === null && !issues.some((i) => i.path === `${path}/order_id`)) r.fail('order_id', 'is required for "Order Completed": it becomes the order\'s external id');
  const total = r.number('total', { min: 0 }) ?? r.number('revenue', { min: 0 });
  const currency = readCurrency(r);
  const lines = readProducts(props, path, issues) ?? [];
  if (orderId === null) return null;
  return { orderId, ...(total !== undefined ? { total } : {}), currency, lines };
}

/** Reads an "Order Refunded" track call's properties: the amount is total, revenue, or the refunded products. */
export function readOrderRefunded(props: JsonObject, path: string, issues: FieldIssue[]): RefundSpec | null {
  const r = new FieldReader(props, path, issues);
  const orderId = r.id('order_id');
  if (orderId === null && !issues.some((i) => i.path === `${path}/order_id`)) r.fail('order_id', 'is required for "Order Refunded": it names the order refunded');
  let amount: number | null = null;
  let amountField = 'total';
  const total = r.number('total', { min: 0 });
  const revenue = total === undefined ? r.number('revenue', { min: 0 }) : undefined;
  if (total !== undefined) amount = total;
  else if (revenue !== undefined) {
    amount = revenue;
    amountField = 'revenue';
  } else {
    const lines = readProducts(props, path, issues);
    if (lines && lines.length > 0) {
      amount = lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
      amountField = 'products';
    }
  }
  if (amount !== null && Math.round(amount * 100) <= 0) {
    r.fail(amountField, 'a refund must be more than 0');
    return null;
  }
  const reason = r.text('reason', { max: 1000 });
  if (orderId === null) return null;
  return { orderId, amount, amountField, reason };
}
