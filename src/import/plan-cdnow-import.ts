import type { ImportPlan } from './import-target.js';
import { countUpserts, onConflictUpdate, type UpsertCounts } from './upsert-sql.js';
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
      const [accounts] = await tx.query<UpsertCounts & Record<string, unknown>>(
        countUpserts(`INSERT INTO accounts AS t (workspace_id, external_id, kind, name, traits)
          SELECT $1, 'cdnow-' || customer, 'consumer', 'CDNOW customer ' || customer::bigint,
                 CASE WHEN sample_id IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('cdnow_sample_id', sample_id) END
            FROM (SELECT customer, max(sample_id) AS sample_id FROM import_stage GROUP BY customer) s
          ${onConflictUpdate('t', 'workspace_id, external_id', ['kind', 'name'], { mergeJson: ['traits'] })}`),
        [workspaceId],
      );
      const [orders] = await tx.query<{ orders_inserted: number; orders_updated: number; lines_inserted: number; lines_updated: number }>(
        `WITH s AS (
           SELECT 'cdnow-' || customer || '-' || day || '-' || row_number() OVER (PARTITION BY customer, day ORDER BY line_no) AS external_id,
                  'cdnow-' || customer AS account_external_id, ordered_at, quantity, amount
             FROM import_stage
         ), o AS (
           INSERT INTO orders AS t (workspace_id, external_id, account_id, currency, total, quantity, ordered_at, source)
           SELECT $1, s.external_id, a.id, 'USD', s.amount, s.quantity, s.ordered_at, 'import'
             FROM s JOIN accounts a ON a.workspace_id = $1 AND a.external_id = s.account_external_id
           ${onConflictUpdate('t', 'workspace_id, external_id', ['account_id', 'currency', 'total', 'quantity', 'ordered_at'])}
           RETURNING t.id, t.external_id, (xmax = 0) AS inserted
         ), l AS (
           INSERT INTO order_lines AS t (workspace_id, order_id, line_no, name, category, quantity, unit_price, amount)
           SELECT $1, o.id, 1, 'CD', 'music', s.quantity,
                  CASE WHEN s.quantity > 0 THEN round(s.amount / s.quantity, 2) ELSE s.amount END, s.amount
             FROM o JOIN s USING (external_id)
           ${onConflictUpdate('t', 'workspace_id, order_id, line_no', ['name', 'category', 'quantity', 'unit_price', 'amount'], { touch: false })}
           RETURNING (xmax = 0) AS inserted
         )
         SELECT (SELECT count(*) FILTER (WHERE inserted) FROM o)::int AS orders_inserted,
                (SELECT count(*) FILTER (WHERE NOT inserted) FROM o)::int AS orders_updated,
                (SELECT count(*) FILTER (WHERE inserted) FROM l)::int AS lines_inserted,
                (SELECT count(*) FILTER (WHERE NOT inserted) FROM l)::int AS lines_updated`,
        [workspaceId],
      );
      return {
        accounts: { inserted: accounts!.inserted, updated: accounts!.updated },
        orders: { inserted: orders!.orders_inserted, updated: orders!.orders_updated },
        order_lines: { inserted: orders!.lines_inserted, updated: orders!.lines_updated },
      };
    },
  };
}
