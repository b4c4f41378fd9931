import type { ImportPlan } from './import-target.js';
import { mergeCounts, mergeCtes } from './upsert-sql.js';
import { Invalid, parseCompactDate, parseMoney } from './parse-field-value.js';
import { joinStaged } from './stage-field.js';

const MASTER_COLUMNS = ['customer_id', 'date', 'number_of_cds', 'dollar_value'] as const;
const SAMPLE_COLUMNS = ['customer_id', 'sample_customer_id', 'date', 'number_of_cds', 'dollar_value'] as const;
const DIGITS = /^\d{1,9}$/;

/**
 * Orders from the CDNOW transaction files (Fader & Hardie): the master file has 4 fields
 * (customer id, YYYYMMDD, number of CDs, dollar value), the 1/10 sample 5 (master id first, then
 * the sample id). Every customer becomes a consumer account `cdnow-<5-digit id>`, every record an
 * order in USD with one line; the order id is customer, day and the record's index within that
 * customer-day in file order, so importing the file again (or the sample after the master) finds
 * the same orders.
 */
export function planCdnowImport(): ImportPlan {
  let width: 4 | 5 | null = null;
  return {
    get rejectColumns() {
      return width === 5 ? SAMPLE_COLUMNS : MASTER_COLUMNS;
    },
    stageTable: 'import_stage',
    stageDdl: `CREATE TEMP TABLE import_stage (
      line_no bigint, customer text, sample_id integer, day text, ordered_at timestamptz, quantity integer, amount numeric) ON COMMIT DROP`,
    stageColumns: ['line_no', 'customer', 'sample_id', 'day', 'ordered_at', 'quantity', 'amount'],
    encode(fields, line, issues) {
      if (width === null && (fields.length === 4 || fields.length === 5)) width = fields.length;
      if (fields.length !== width) {
        issues.push({ line, field: null, message: `has ${fields.length} fields; a CDNOW ${width === 5 ? 'sample' : 'master'} file has ${width ?? '4 or 5'}` });
        return null;
      }
      const before = issues.length;
      const customer = fields[0]!;
      const sample = width === 5 ? fields[1]! : '';
      const day = fields[width - 3]!;
      const quantity = fields[width - 2]!;
      const amount = fields[width - 1]!;
      if (!DIGITS.test(customer)) issues.push({ line, field: 'customer_id', message: `must be a whole number, got ${JSON.stringify(customer)}` });
      if (width === 5 && !DIGITS.test(sample)) issues.push({ line, field: 'sample_customer_id', message: `must be a whole number, got ${JSON.stringify(sample)}` });
      const orderedAt = parseCompactDate(day);
      if (orderedAt instanceof Invalid) issues.push({ line, field: 'date', message: orderedAt.message });
      if (!DIGITS.test(quantity)) issues.push({ line, field: 'number_of_cds', message: `must be a whole number, got ${JSON.stringify(quantity)}` });
      const money = parseMoney(amount);
      if (money instanceof Invalid) issues.push({ line, field: 'dollar_value', message: money.message });
      if (issues.length > before) return null;
      return joinStaged([line, String(Number(customer)).padStart(5, '0'), sample, day, orderedAt as string, quantity, amount]);
    },
    async merge(tx, workspaceId) {
      // Accounts in customer order: their ids then follow the order ids' order, which keeps the
      // orders' indexes on (account_id, ...) filling at the end rather than all over.
      const [accounts] = await tx.query<{ accounts_inserted: number; accounts_updated: number }>(
        `WITH d AS (
           SELECT 'cdnow-' || customer AS external_id, 'consumer'::text AS kind, 'CDNOW customer ' || customer::bigint AS name,
                  CASE WHEN sample_id IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('cdnow_sample_id', sample_id) END AS traits
             FROM (SELECT customer, max(sample_id) AS sample_id FROM import_stage GROUP BY customer) g
            ORDER BY customer
         ), ${mergeCtes('accounts', 'd', { table: 'accounts', key: ['external_id'], insert: ['external_id', 'kind', 'name', 'traits'], update: ['kind', 'name'], mergeJson: ['traits'] })}
         SELECT ${mergeCounts('accounts')}`,
        [workspaceId],
      );
      // Orders and their one line each in one statement. Values are cast to the columns' types so
      // that an unchanged order compares equal. Line 1 of an order that existed before gets its
      // id from the join with the orders as they were; of a new one from the insert's RETURNING.
      // Only orders_e and lines_e hold all rows (each read twice); s and l are read once, inline.
      const [orders] = await tx.query<{ orders_inserted: number; orders_updated: number; lines_inserted: number; lines_updated: number }>(
        `WITH s AS (
           SELECT 'cdnow-' || st.customer || '-' || st.day || '-' || row_number() OVER (PARTITION BY st.customer, st.day ORDER BY st.line_no) AS external_id,
                  a.id AS account_id, 'USD'::text AS currency, st.amount::numeric(14, 2) AS total, st.quantity, st.ordered_at, 'import'::text AS source,
                  st.quantity::numeric(14, 3) AS line_quantity,
                  (CASE WHEN st.quantity > 0 THEN round(st.amount / st.quantity, 2) ELSE st.amount END)::numeric(14, 2) AS unit_price
             FROM import_stage st JOIN accounts a ON a.workspace_id = $1 AND a.external_id = 'cdnow-' || st.customer
         ), ${mergeCtes('orders', 's', {
           table: 'orders',
           key: ['external_id'],
           insert: ['external_id', 'account_id', 'currency', 'total', 'quantity', 'ordered_at', 'source'],
           update: ['account_id', 'currency', 'total', 'quantity', 'ordered_at'],
           found: ['id'],
           returning: ['t.id', 't.external_id'],
         })}, l AS (
           SELECT found_id AS order_id, 1 AS line_no, 'CD'::text AS name, 'music'::text AS category, line_quantity AS quantity, unit_price, total AS amount
             FROM orders_e WHERE _found
           UNION ALL
           SELECT i.id, 1, 'CD', 'music', e.line_quantity, e.unit_price, e.total FROM orders_i i JOIN orders_e e USING (external_id)
         ), ${mergeCtes('lines', 'l', {
           table: 'order_lines',
           key: ['order_id', 'line_no'],
           insert: ['order_id', 'line_no', 'name', 'category', 'quantity', 'unit_price', 'amount'],
           update: ['name', 'category', 'quantity', 'unit_price', 'amount'],
           touch: false,
         })}
         SELECT ${mergeCounts('orders')}, ${mergeCounts('lines')}`,
        [workspaceId],
      );
      return {
        accounts: { inserted: accounts!.accounts_inserted, updated: accounts!.accounts_updated },
        orders: { inserted: orders!.orders_inserted, updated: orders!.orders_updated },
        order_lines: { inserted: orders!.lines_inserted, updated: orders!.lines_updated },
      };
    },
  };
}
