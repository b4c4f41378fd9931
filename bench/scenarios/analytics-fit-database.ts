import { fileURLToPath } from 'node:url';
import { csvLine } from '../../src/db/copy-sql.js';
import type { Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { openPglite } from '../../src/db/open-pglite.js';
import { openPostgres } from '../../src/db/open-postgres.js';
import { bootstrapWorkspace } from '../../src/workspaces/bootstrap-workspace.js';
import { freshDataDir, freshPostgres } from '../support/databases.js';
import { runCli } from '../support/run-cli.js';

const MASTER = fileURLToPath(new URL('../../../shared/data/cdnow/CDNOW_master.txt', import.meta.url));
const DAY_MS = 86_400_000;

/** Orders to load: CDNOW_master through the import CLI, or generated transactions COPYed straight in. */
export type OrdersSource = { kind: 'cdnow-master' } | { kind: 'transactions'; customer: Int32Array; day: Int32Array; amount: Float64Array };

export interface DatabaseFit {
  database: 'postgres' | 'pglite';
  useCaseSeconds: number;
  timings: { read_ms: number; fit_ms: number; score_ms: number };
  wallSeconds: number;
  peakRssMb: number;
  orders: number;
  model: { customers: number; params: { transaction: Record<string, number>; spend: Record<string, number> }; log_likelihood: number; converged: boolean };
}

/** Accounts 1..m and their orders, COPYed in batches (ids given, so orders can point at them). */
async function copyTransactions(db: Database, workspaceId: number, tx: Extract<OrdersSource, { kind: 'transactions' }>): Promise<number> {
  let maxCustomer = 0;
  for (let i = 0; i < tx.customer.length; i++) if (tx.customer[i]! > maxCustomer) maxCustomer = tx.customer[i]!;
  const seen = new Uint8Array(maxCustomer + 1);
  for (let i = 0; i < tx.customer.length; i++) seen[tx.customer[i]!] = 1;
  let csv = '';
  let rows = 0;
  for (let c = 0; c <= maxCustomer; c++) {
    if (!seen[c]) continue;
    csv += csvLine([workspaceId, c + 1, `sim-${c}`, 'consumer', `Simulated customer ${c}`]);
    if (++rows % 50_000 === 0) {
      await db.copyCsv('accounts', ['workspace_id', 'id', 'external_id', 'kind', 'name'], csv);
      csv = '';
    }
  }
  await db.copyCsv('accounts', ['workspace_id', 'id', 'external_id', 'kind', 'name'], csv);
  await db.query(`SELECT setval(pg_get_serial_sequence('accounts', 'id'), (SELECT max(id) FROM accounts))`);
  csv = '';
  for (let i = 0; i < tx.customer.length; i++) {
    const day = new Date(tx.day[i]! * DAY_MS).toISOString().slice(0, 10);
    csv += csvLine([workspaceId, `sim-${i}`, tx.customer[i]! + 1, tx.amount[i]!.toFixed(2), `${day}T12:00:00Z`, 'import']);
    if ((i + 1) % 100_000 === 0) {
      await db.copyCsv('orders', ['workspace_id', 'external_id', 'account_id', 'total', 'ordered_at', 'source'], csv);
      csv = '';
    }
  }
  await db.copyCsv('orders', ['workspace_id', 'external_id', 'account_id', 'total', 'ordered_at', 'source'], csv);
  // As autovacuum leaves a table some time after a bulk load (it is off on the bench machine's
  // server): statistics, and the visibility map that lets the orders index answer alone.
  await db.exec('VACUUM ANALYZE accounts');
  await db.exec('VACUUM ANALYZE orders');
  return tx.customer.length;
}

/**
 * The whole product path on a fresh database: load the orders, then `kanta analytics clv fit`
 * as its own process (reads the orders in SQL, fits BG/NBD + Gamma-Gamma, scores every account
 * and writes four metrics per account), timed and its RSS sampled.
 */
export async function fitThroughDatabase(
  database: 'postgres' | 'pglite',
  source: OrdersSource,
  fitArgs: string[],
  log: (s: string) => void,
): Promise<DatabaseFit> {
  const pgTarget = database === 'postgres' ? await freshPostgres('analytics') : null;
  const dir = database === 'pglite' ? freshDataDir('analytics') : null;
  try {
    const db = pgTarget ? await openPostgres(pgTarget.url, 2) : await openPglite({ dataDir: dir!.dir });
    await migrate(db);
    const { workspace } = await bootstrapWorkspace(db, { slug: 'bench', name: 'Bench' });
    const where = pgTarget ? ['--database-url', pgTarget.url] : ['--data-dir', dir!.dir];
    let orders: number;
    if (source.kind === 'transactions') {
      const t0 = performance.now();
      orders = await copyTransactions(db, workspace.id, source);
      log(`${database}: copied ${orders} orders in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      await db.close();
    } else {
      await db.close();
      const imported = await runCli([...where, '--json', 'import', 'orders', MASTER, '--format', 'cdnow']);
      if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr.slice(0, 2000)}`);
      orders = (JSON.parse(imported.stdout) as { rows_imported: number }).rows_imported;
      log(`${database}: imported ${orders} orders in ${imported.seconds.toFixed(1)} s`);
    }
    const fit = await runCli([...where, '--json', 'analytics', 'clv', 'fit', ...fitArgs]);
    if (fit.code !== 0) throw new Error(`analytics clv fit failed (${fit.code}): ${fit.stderr.slice(0, 2000)}`);
    const out = JSON.parse(fit.stdout) as { elapsed_ms: number; timings: DatabaseFit['timings']; model: DatabaseFit['model'] };
    return { database, useCaseSeconds: out.elapsed_ms / 1000, timings: out.timings, wallSeconds: fit.seconds, peakRssMb: fit.peakRssMb, orders, model: out.model };
  } finally {
    await pgTarget?.drop();
    dir?.remove();
  }
}
