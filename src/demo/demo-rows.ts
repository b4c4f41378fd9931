/**
 * The rows the demo generator yields. They refer to each other by keys (the generator's own
 * running numbers); the loader turns keys into database ids. Times are UTC epoch milliseconds,
 * money is in cents.
 */
export interface DemoProduct {
  sku: string;
  name: string;
  category: string;
  priceCents: number;
  traits: Record<string, unknown>;
  createdAt: number;
}

export interface DemoAccount {
  key: number;
  externalId: string;
  name: string;
  domain: string;
  industry: string;
  employees: number;
  country: string;
  owner: string | null;
  traits: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export type BuyingRole = 'decision_maker' | 'influencer' | 'user' | 'champion' | 'purchaser';

export interface DemoContact {
  key: number;
  accountKey: number;
  externalId: string;
  anonymousId: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  title: string;
  locale: 'fi' | 'sv' | 'en';
  timezone: string;
  buyingRole: BuyingRole;
  persona: string;
  traits: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export type OrderStatus = 'completed' | 'partially_refunded' | 'refunded';

export interface DemoOrder {
  key: number;
  accountKey: number;
  contactKey: number;
  externalId: string;
  status: OrderStatus;
  totalCents: number;
  refundedCents: number;
  quantity: number;
  orderedAt: number;
  properties: Record<string, unknown>;
}

export interface DemoOrderLine {
  orderKey: number;
  lineNo: number;
  sku: string;
  name: string;
  category: string;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
}

export interface DemoRefund {
  orderKey: number;
  amountCents: number;
  reason: string;
  refundedAt: number;
  messageId: string;
}

export interface DemoEvent {
  messageId: string;
  type: 'track' | 'page';
  name: string;
  contactKey: number;
  accountKey: number;
  userId: string;
  anonymousId: string | null;
  properties: Record<string, unknown>;
  occurredAt: number;
  receivedAt: number;
}

interface Rows {
  products: DemoProduct;
  accounts: DemoAccount;
  contacts: DemoContact;
  orders: DemoOrder;
  order_lines: DemoOrderLine;
  refunds: DemoRefund;
  events: DemoEvent;
}
export type DemoTable = keyof Rows;

/**
 * One batch of rows of one table. Batches come in dependency order within a chunk of accounts
 * (accounts, contacts, orders, order lines, refunds, events); rows refer only to rows of their
 * own chunk, or to products.
 */
export type DemoBatch = { [T in DemoTable]: { table: T; chunk: number; rows: Rows[T][] } }[DemoTable];
