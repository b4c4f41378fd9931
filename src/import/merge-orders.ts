import { joinStaged, stageField } from './stage-field.js';
import type { ColumnPlan } from './plan-columns.js';
import type { CsvStage, KindSpec, StagedReject } from './import-target.js';
import { createReferencedAccounts, createReferencedContacts } from './create-referenced-records.js';
import { countUpserts, onConflictUpdate, type UpsertCounts } from './upsert-sql.js';

export const ORDER_STATUSES = { completed: 'completed', complete: 'completed', cancelled: 'cancelled', canceled: 'cancelled' } as const;

export const ORDERS_SPEC: KindSpec = {
  kind: 'orders',
  fields: [
    { name: 'external_id', type: 'text', required: true, aliases: ['id', 'order_id', 'order_external_id', 'order_number', 'order_no'] },
    { name: 'account_external_id', type: 'text', aliases: ['account_id', 'account', 'company_id'] },
    { name: 'contact_external_id', type: 'text', aliases: ['contact_id', 'contact', 'user_id', 'customer_id'] },
    { name: 'ordered_at', type: 'timestamp', required: true, aliases: ['order_date', 'date', 'created_at', 'timestamp', 'purchased_at'] },
    { name: 'currency', type: 'currency', required: true, aliases: ['currency_code'] },
    { name: 'total', type: 'money', aliases: ['order_total', 'total_amount', 'amount', 'value', 'revenue'] },
    { name: 'status', type: { enum: ORDER_STATUSES }, aliases: ['order_status'] },
    { name: 'sku', type: 'text', aliases: ['product_sku', 'item_sku', 'product_id'] },
    { name: 'product_name', type: 'text', aliases: ['product', 'item', 'item_name'] },
    { name: 'category', type: 'text', aliases: ['product_category'] },
    { name: 'quantity', type: 'quantity', aliases: ['qty', 'units'] },
    { name: 'unit_price', type: 'money', aliases: ['price', 'item_price'] },
    { name: 'properties', type: 'json_object' },
  ],
  extra: { field: 'properties', prefixes: ['properties.', 'property.', 'props.'] },
  oneOf: ['account_external_id', 'contact_external_id'],
};

const COLUMNS = ORDERS_SPEC.fields.map((f) => f.name);
const at = (name: string) => COLUMNS.indexOf(name);
const [TOTAL, SKU, PRODUCT, CATEGORY, QUANTITY, UNIT_PRICE, PROPERTIES] = ['total', 'sku', 'product_name', 'category', 'quantity', 'unit_price', 'properties'].map(at) as [
  number, number, number, number, number, number, number,
];
const LINE_FIELDS = ['sku', 'product_name', 'category', 'quantity', 'unit_price'];
const MAX_AMOUNT = 1e12;

/**
 * Orders: one row per order, or one row per order line (rows sharing an external_id are one
 * order, its lines in file order). Referenced accounts and contacts that do not exist are created.
 * Order-level fields must agree across an order's rows, and a given total must equal its lines' sum.
 */
export function stageOrders(plan: ColumnPlan, opts: { keepFields: boolean }): CsvStage {
  const hasLineColumns = LINE_FIELDS.some((f) => plan.present.has(f));
  const hasAccounts = plan.present.has('account_external_id');
  const hasContacts = plan.present.has('contact_external_id');
  const updatable = [
    ...(hasAccounts ? ['account_id'] : []),
    ...(hasContacts ? ['contact_id'] : []),
    ...(plan.present.has('status') ? ['status'] : []),
    'currency',
    'total',
    ...(hasLineColumns ? ['quantity'] : []),
    'ordered_at',
  ];
  return {
    stageTable: 'import_stage',
    stageDdl: `CREATE TEMP TABLE import_stage (
      line_no bigint, external_id text, account_external_id text, contact_external_id text, ordered_at timestamptz,
      currency text, total numeric, status text, sku text, product_name text, category text, quantity numeric,
      unit_price numeric, properties jsonb, has_line boolean, raw jsonb) ON COMMIT DROP`,
    stageColumns: ['line_no', ...COLUMNS, 'has_line', 'raw'],
    encodeRow(line, row, fields, issues) {
      const v = row.values;
      const hasLine = v[SKU] !== null || v[PRODUCT] !== null || v[CATEGORY] !== null || v[QUANTITY] !== null || v[UNIT_PRICE] !== null;
      if (hasLine) {
        if (v[UNIT_PRICE] === null) {
          issues.push({ line, field: 'unit_price', message: 'is required for an order line (the row has sku, product_name, category or quantity)' });
          return null;
        }
        if (Number(v[QUANTITY] ?? 1) * Number(v[UNIT_PRICE]) >= MAX_AMOUNT) {
          issues.push({ line, field: 'unit_price', message: 'quantity x unit_price is too large (at most 999999999999.99)' });
          return null;
        }
      } else if (v[TOTAL] === null) {
        issues.push({ line, field: 'total', message: 'is required when the row has no order line (unit_price)' });
        return null;
      }
      const out: (string | number)[] = [line];
      for (let i = 0; i < COLUMNS.length; i++) {
        if (i === PROPERTIES) out.push(row.extra ? stageField(JSON.stringify(row.extra)) : '');
        else if (i === QUANTITY && hasLine && v[i] === null) out.push('1');
        else out.push(stageField(v[i]));
      }
      out.push(hasLine ? 't' : 'f');
      // The fields as read, for the reject file if a cross-row check fails (only needed with skip-invalid).
      out.push(opts.keepFields ? stageField(JSON.stringify(fields)) : '');
      return joinStaged(out);
    },
    async checkStaged(tx, report) {
      await tx.exec(`CREATE TEMP TABLE import_bad_orders ON COMMIT DROP AS
        SELECT external_id,
               CASE WHEN d_ordered_at THEN 'ordered_at' WHEN d_currency THEN 'currency' WHEN d_account THEN 'account_external_id'
                    WHEN d_contact THEN 'contact_external_id' WHEN d_status THEN 'status' ELSE 'total' END AS field,
               CASE WHEN d_ordered_at OR d_currency OR d_account OR d_contact OR d_status OR d_total
                      THEN 'order ' || external_id || ' is on several rows that disagree on ' || concat_ws(', ',
                           CASE WHEN d_ordered_at THEN 'ordered_at' END, CASE WHEN d_currency THEN 'currency' END,
                           CASE WHEN d_account THEN 'account_external_id' END, CASE WHEN d_contact THEN 'contact_external_id' END,
                           CASE WHEN d_status THEN 'status' END, CASE WHEN d_total THEN 'total' END)
                    WHEN lines_total >= ${MAX_AMOUNT} THEN 'order ' || external_id || ': the sum of its lines is too large'
                    ELSE 'order ' || external_id || ': total ' || total || ' is not the sum of its lines (' || lines_total || ')' END AS message
          FROM (SELECT external_id,
                       count(DISTINCT ordered_at) > 1 AS d_ordered_at, count(DISTINCT currency) > 1 AS d_currency,
                       count(DISTINCT account_external_id) > 1 AS d_account, count(DISTINCT contact_external_id) > 1 AS d_contact,
                       count(DISTINCT status) > 1 AS d_status, count(DISTINCT total) > 1 AS d_total,
                       max(total) AS total, sum(round(quantity * unit_price, 2)) FILTER (WHERE has_line) AS lines_total
                  FROM import_stage GROUP BY external_id HAVING count(*) > 1 OR bool_or(has_line)) g
         WHERE d_ordered_at OR d_currency OR d_account OR d_contact OR d_status OR d_total
            OR lines_total >= ${MAX_AMOUNT} OR (total IS NOT NULL AND lines_total IS NOT NULL AND round(total, 2) <> lines_total)`);
      let after = 0;
      for (;;) {
        const page = await tx.query<{ line_no: number; field: string; message: string; raw: string[] | null }>(
          `SELECT s.line_no, b.field, b.message, s.raw FROM import_stage s JOIN import_bad_orders b USING (external_id)
            WHERE s.line_no > $1 ORDER BY s.line_no LIMIT 5000`,
          [after],
        );
        if (page.length === 0) break;
        await report(page.map((r): StagedReject => ({ line: r.line_no, field: r.field, message: r.message, fields: r.raw ?? [] })));
        after = page[page.length - 1]!.line_no;
      }
      await tx.execute('DELETE FROM import_stage s USING import_bad_orders b WHERE s.external_id = b.external_id');
    },
    async merge(tx, workspaceId) {
      const accountsMade = hasAccounts ? await createReferencedAccounts(tx, workspaceId) : 0;
      const contactsMade = hasContacts
        ? await createReferencedContacts(tx, workspaceId, 'contact_external_id', hasAccounts ? 'account_external_id' : null)
        : 0;
      const [orders] = await tx.query<UpsertCounts & Record<string, unknown>>(
        countUpserts(`INSERT INTO orders AS t (workspace_id, external_id, account_id, contact_id, status, currency, total, quantity, ordered_at, source, properties)
          SELECT $1, g.external_id, coalesce(a.id, c.account_id), c.id, coalesce(g.status, 'completed'), g.currency,
                 coalesce(g.total, g.lines_total, 0), coalesce(round(g.quantity), 0), g.ordered_at, 'import', coalesce(g.properties, '{}')
            FROM (SELECT external_id, min(account_external_id) AS account_external_id, min(contact_external_id) AS contact_external_id,
                         min(status) AS status, min(currency) AS currency, max(total) AS total, min(ordered_at) AS ordered_at,
                         sum(round(quantity * unit_price, 2)) FILTER (WHERE has_line) AS lines_total,
                         sum(quantity) FILTER (WHERE has_line) AS quantity,
                         (array_agg(properties ORDER BY line_no) FILTER (WHERE properties IS NOT NULL))[1] AS properties
                    FROM import_stage GROUP BY external_id) g
            LEFT JOIN accounts a ON a.workspace_id = $1 AND a.external_id = g.account_external_id
            LEFT JOIN contacts c ON c.workspace_id = $1 AND c.external_id = g.contact_external_id
          ${onConflictUpdate('t', 'workspace_id, external_id', updatable, { mergeJson: plan.present.has('properties') ? ['properties'] : [] })}`),
        [workspaceId],
      );
      const changes = {
        accounts: { inserted: accountsMade, updated: 0 },
        contacts: { inserted: contactsMade, updated: 0 },
        orders: { inserted: orders!.inserted, updated: orders!.updated },
      };
      if (!hasLineColumns) return changes;
      const [lines] = await tx.query<UpsertCounts & Record<string, unknown>>(
        countUpserts(`INSERT INTO order_lines AS t (workspace_id, order_id, line_no, product_id, sku, name, category, quantity, unit_price, amount)
          SELECT $1, o.id, s.n, p.id, s.sku, s.product_name, s.category, s.quantity, s.unit_price, round(s.quantity * s.unit_price, 2)
            FROM (SELECT *, row_number() OVER (PARTITION BY external_id ORDER BY line_no) AS n FROM import_stage WHERE has_line) s
            JOIN orders o ON o.workspace_id = $1 AND o.external_id = s.external_id
            LEFT JOIN products p ON p.workspace_id = $1 AND p.sku = s.sku
          ${onConflictUpdate('t', 'workspace_id, order_id, line_no', ['product_id', 'sku', 'name', 'category', 'quantity', 'unit_price', 'amount'], { touch: false })}`),
        [workspaceId],
      );
      const removed = await tx.execute(
        `DELETE FROM order_lines l
          USING (SELECT o.id, count(*) FILTER (WHERE s.has_line) AS n
                   FROM import_stage s JOIN orders o ON o.workspace_id = $1 AND o.external_id = s.external_id GROUP BY o.id) c
          WHERE l.workspace_id = $1 AND l.order_id = c.id AND l.line_no > c.n`,
        [workspaceId],
      );
      return { ...changes, order_lines: { inserted: lines!.inserted, updated: lines!.updated + removed } };
    },
  };
}
