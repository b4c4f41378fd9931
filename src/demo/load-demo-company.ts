import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { demoCsvFromWorker } from './demo-csv-from-worker.js';
import { estimateDemoRows, resolveDemoOptions, type DemoOptions } from './generate-demo-company.js';
import { DEMO_COLUMNS, produceDemoCsv, type ReserveIds } from './produce-demo-csv.js';

export interface LoadDemoOptions extends DemoOptions {
  /** Rows written so far and the expected total (an estimate until the end). */
  onProgress?: (done: number, total: number) => void;
  /** 'worker' (default): generate in a worker thread while this one writes; 'inline': all in this thread. */
  thread?: 'worker' | 'inline';
}

export type DemoTableCounts = Record<
  'products' | 'accounts' | 'contacts' | 'contact_identities' | 'orders' | 'order_lines' | 'refunds' | 'events',
  number
>;

export interface DemoLoadResult {
  seed: number;
  scale: number;
  eventsPerAccount: number;
  referenceDate: string;
  counts: DemoTableCounts;
  rows: number;
  ms: number;
}

/** Takes n ids from a table's identity sequence in one statement, so rows can be written with their ids and referenced at once. */
async function reserveIds(tx: Queryable, table: 'products' | 'accounts' | 'contacts' | 'orders', n: number): Promise<number[]> {
  if (n === 0) return [];
  const rows = await tx.query<{ id: number }>(`SELECT nextval(pg_get_serial_sequence($1, 'id')) AS id FROM generate_series(1, $2::int) ORDER BY 1`, [table, n]);
  return rows.map((r) => r.id);
}

/**
 * Writes the demo company into an empty workspace with COPY (about 10,000 rows a call), chunk
 * by chunk in dependency order. Ids come from each table's own identity sequence, reserved
 * per chunk with nextval, so references are known before a row is written and nothing is
 * read back. Generation runs in a worker thread while this thread writes. Run it inside a
 * transaction to get all of it or none.
 */
export async function loadDemoCompany(tx: Queryable, workspaceId: number, opts: LoadDemoOptions = {}): Promise<DemoLoadResult> {
  const started = Date.now();
  const o = resolveDemoOptions(opts);
  const [state] = await tx.query<{ found: boolean; used: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM workspaces WHERE id = $1) AS found,
            EXISTS (SELECT 1 FROM accounts WHERE workspace_id = $1) OR EXISTS (SELECT 1 FROM contacts WHERE workspace_id = $1)
            OR EXISTS (SELECT 1 FROM products WHERE workspace_id = $1) OR EXISTS (SELECT 1 FROM orders WHERE workspace_id = $1)
            OR EXISTS (SELECT 1 FROM events WHERE workspace_id = $1) AS used`,
    [workspaceId],
  );
  if (!state?.found) throw new AppError('not_found', `No workspace with id ${workspaceId}`);
  if (state.used) throw new AppError('conflict', 'The demo company loads only into an empty workspace: this one already has data');

  const counts: DemoTableCounts = { products: 0, accounts: 0, contacts: 0, contact_identities: 0, orders: 0, order_lines: 0, refunds: 0, events: 0 };
  let total = estimateDemoRows(o);
  let done = 0;
  const reserve: ReserveIds = async (r) => ({
    products: await reserveIds(tx, 'products', r.products),
    accounts: await reserveIds(tx, 'accounts', r.accounts),
    contacts: await reserveIds(tx, 'contacts', r.contacts),
    orders: await reserveIds(tx, 'orders', r.orders),
  });
  const source = opts.thread === 'inline' ? produceDemoCsv(o, workspaceId, reserve) : demoCsvFromWorker(o, workspaceId, reserve);
  for await (const batch of source) {
    await tx.copyCsv(batch.table, DEMO_COLUMNS[batch.table], batch.csv);
    counts[batch.table] += batch.rows;
    done += batch.rows;
    if (done > total) total = done;
    opts.onProgress?.(done, total);
  }
  opts.onProgress?.(done, done);
  return {
    seed: o.seed,
    scale: o.scale,
    eventsPerAccount: o.eventsPerAccount,
    referenceDate: o.referenceDate,
    counts,
    rows: done,
    ms: Date.now() - started,
  };
}
