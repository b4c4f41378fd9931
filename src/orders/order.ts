/** An order with its lines; refunds lower refunded_total and move the status on. */
export const ORDER_STATUSES = ['completed', 'partially_refunded', 'refunded', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderLine {
  line_no: number;
  product_id: number | null;
  sku: string | null;
  name: string | null;
  category: string | null;
  quantity: number;
  unit_price: number;
  amount: number;
}

export interface Order {
  id: number;
  external_id: string;
  account_id: number | null;
  contact_id: number | null;
  status: OrderStatus;
  currency: string;
  total: number;
  refunded_total: number;
  quantity: number;
  ordered_at: Date;
  source: string;
  properties: Record<string, unknown>;
  lines: OrderLine[];
  created_at: Date;
  updated_at: Date;
}

/** The select list of an Order (without lines) from `orders o`. */
export const ORDER_COLUMNS =
  'o.id, o.external_id, o.account_id, o.contact_id, o.status, o.currency, o.total, o.refunded_total, o.quantity, o.ordered_at, o.source, o.properties, o.created_at, o.updated_at';

export interface Refund {
  id: number;
  order_id: number;
  amount: number;
  reason: string | null;
  refunded_at: Date;
  message_id: string | null;
  created_at: Date;
}

/** The select list of a Refund from `refunds r`. */
export const REFUND_COLUMNS = 'r.id, r.order_id, r.amount, r.reason, r.refunded_at, r.message_id, r.created_at';
