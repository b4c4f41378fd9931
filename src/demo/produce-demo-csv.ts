import { csvField, csvLine } from '../db/copy-sql.js';
import { generateDemoChunks, type DemoOptions } from './generate-demo-company.js';

/** The tables the demo company fills, in dependency order, with the columns it writes. */
export const DEMO_COLUMNS = {
  products: ['workspace_id', 'id', 'sku', 'name', 'category', 'price', 'currency', 'traits', 'created_at', 'updated_at'],
  accounts: ['workspace_id', 'id', 'external_id', 'kind', 'name', 'domain', 'industry', 'employees', 'country', 'owner', 'traits', 'created_at', 'updated_at'],
  contacts: [
    'workspace_id', 'id', 'account_id', 'external_id', 'email', 'first_name', 'last_name', 'phone', 'title', 'locale', 'timezone',
    'buying_role', 'persona', 'traits', 'created_at', 'updated_at',
  ],
  contact_identities: ['workspace_id', 'anonymous_id', 'contact_id', 'created_at'],
  orders: [
    'workspace_id', 'id', 'external_id', 'account_id', 'contact_id', 'status', 'currency', 'total', 'refunded_total', 'quantity',
    'ordered_at', 'source', 'properties', 'created_at', 'updated_at',
  ],
  order_lines: ['workspace_id', 'order_id', 'line_no', 'product_id', 'sku', 'name', 'category', 'quantity', 'unit_price', 'amount'],
  refunds: ['workspace_id', 'order_id', 'amount', 'reason', 'refunded_at', 'message_id', 'created_at'],
  events: [
    'workspace_id', 'message_id', 'type', 'name', 'contact_id', 'account_id', 'user_id', 'anonymous_id', 'properties', 'context',
    'occurred_at', 'received_at', 'source',
  ],
} as const;
export type DemoCsvTable = keyof typeof DEMO_COLUMNS;

/** A COPY-ready batch: CSV text for one table and how many rows it holds. */
export interface DemoCsvBatch {
  table: DemoCsvTable;
  csv: string;
  rows: number;
}

export interface IdRequest {
  products: number;
  accounts: number;
  contacts: number;
  orders: number;
}
export type ReservedIds = { [K in keyof IdRequest]: number[] };
/** Hands out n database ids per table (the loader takes them from the tables' sequences). */
export type ReserveIds = (request: IdRequest) => Promise<ReservedIds>;

const SOURCE = 'demo';
const iso = (ms: number) => new Date(ms).toISOString();
const money = (cents: number) => (cents / 100).toFixed(2);
/** A JSON document as a CSV field: always quoted, inner quotes doubled. */
const jsonField = (value: unknown) => `"${JSON.stringify(value).replace(/"/g, '""')}"`;

function lookup(ids: number[], first: number, key: number, what: string): number {
  const id = ids[key - first];
  if (id === undefined) throw new Error(`demo loader: ${what} ${key} is not in its chunk`);
  return id;
}

/**
 * The demo company as CSV for COPY, with database ids in place of the generator's keys.
 * Before each chunk it asks reserve() for ids for the chunk's new rows; rows refer only to
 * their own chunk (and products), so a chunk's ids are all it needs to know. The same code
 * runs in the loader's thread or in a worker thread.
 */
export async function* produceDemoCsv(opts: DemoOptions, workspaceId: number, reserve: ReserveIds): AsyncGenerator<DemoCsvBatch> {
  const ws = String(workspaceId);
  const productIds = new Map<string, number>();
  for (const c of generateDemoChunks(opts)) {
    const ids = await reserve({ products: c.products.length, accounts: c.accounts.length, contacts: c.contacts.length, orders: c.orders.length });
    const account = (key: number) => lookup(ids.accounts, c.accounts[0]?.key ?? 0, key, 'account');
    const contact = (key: number) => lookup(ids.contacts, c.contacts[0]?.key ?? 0, key, 'contact');
    const order = (key: number) => lookup(ids.orders, c.orders[0]?.key ?? 0, key, 'order');

    if (c.products.length > 0) {
      let csv = '';
      c.products.forEach((p, i) => {
        productIds.set(p.sku, ids.products[i]!);
        csv += csvLine([ws, ids.products[i], p.sku, p.name, p.category, money(p.priceCents), 'EUR', p.traits, iso(p.createdAt), iso(p.createdAt)]);
      });
      yield { table: 'products', csv, rows: c.products.length };
    }
    if (c.accounts.length > 0) {
      let csv = '';
      for (const a of c.accounts) {
        csv += csvLine([ws, account(a.key), a.externalId, 'organization', a.name, a.domain, a.industry, a.employees, a.country, a.owner, a.traits, iso(a.createdAt), iso(a.updatedAt)]);
      }
      yield { table: 'accounts', csv, rows: c.accounts.length };
    }
    if (c.contacts.length > 0) {
      let csv = '';
      let identities = '';
      for (const p of c.contacts) {
        const id = contact(p.key);
        const created = iso(p.createdAt);
        csv += csvLine([
          ws, id, account(p.accountKey), p.externalId, p.email, p.firstName, p.lastName, p.phone, p.title, p.locale, p.timezone,
          p.buyingRole, p.persona, p.traits, created, iso(p.updatedAt),
        ]);
        identities += `${ws},${p.anonymousId},${id},${created}\n`;
      }
      yield { table: 'contacts', csv, rows: c.contacts.length };
      yield { table: 'contact_identities', csv: identities, rows: c.contacts.length };
    }
    if (c.orders.length > 0) {
      let csv = '';
      for (const o of c.orders) {
        const at = iso(o.orderedAt);
        csv += csvLine([
          ws, order(o.key), o.externalId, account(o.accountKey), contact(o.contactKey), o.status, 'EUR', money(o.totalCents),
          money(o.refundedCents), o.quantity, at, SOURCE, o.properties, at, at,
        ]);
      }
      yield { table: 'orders', csv, rows: c.orders.length };
    }
    if (c.orderLines.length > 0) {
      let csv = '';
      for (const l of c.orderLines) {
        csv += csvLine([ws, order(l.orderKey), l.lineNo, productIds.get(l.sku) ?? null, l.sku, l.name, l.category, l.quantity, money(l.unitPriceCents), money(l.amountCents)]);
      }
      yield { table: 'order_lines', csv, rows: c.orderLines.length };
    }
    if (c.refunds.length > 0) {
      let csv = '';
      for (const r of c.refunds) csv += csvLine([ws, order(r.orderKey), money(r.amountCents), r.reason, iso(r.refundedAt), r.messageId, iso(r.refundedAt)]);
      yield { table: 'refunds', csv, rows: c.refunds.length };
    }
    for (const batch of c.eventBatches()) {
      // The hot path (nearly all rows): fields that never need quoting are written as they are.
      let csv = '';
      for (const e of batch) {
        csv += `${ws},${e.messageId},${e.type},${csvField(e.name)},${contact(e.contactKey)},${account(e.accountKey)},${csvField(e.userId)},${
          e.anonymousId ?? ''
        },${jsonField(e.properties)},,${iso(e.occurredAt)},${iso(e.receivedAt)},${SOURCE}\n`;
      }
      yield { table: 'events', csv, rows: batch.length };
    }
  }
}
