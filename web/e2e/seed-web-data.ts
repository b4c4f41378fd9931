import type { Database } from '../../src/db/database.js';

export interface SeededData {
  /** The account the test opens: Nokkela Oy, with contacts, orders and 30 events. */
  nokkelaId: number;
  /** Accounts in the workspace (more than one page of 50). */
  accountCount: number;
  /** Accounts in Finland. */
  finnishCount: number;
}

/**
 * A small, fixed data set: 4 named accounts and 60 numbered ones (so the list has two pages),
 * contacts, two orders (one partially refunded) and a timeline of account and contact events.
 */
export async function seedWebData(db: Database, workspaceId: number): Promise<SeededData> {
  return db.transaction(async (tx) => {
    const named = await tx.query<{ id: number; name: string }>(
      `INSERT INTO accounts (workspace_id, external_id, kind, name, domain, industry, employees, country, owner, traits, created_at, updated_at)
       VALUES
         ($1, 'acc-nokkela', 'organization', 'Nokkela Oy', 'nokkela.fi', 'Software', 42, 'FI', 'Aino Virtanen', '{"plan":"Pro","seats":25}', '2024-01-10T09:00:00Z', '2026-10-01T09:00:00Z'),
         ($1, 'acc-fjord', 'organization', 'Fjord Analytics AS', 'fjord.no', 'Consulting', 12, 'NO', 'Mikko Laine', '{}', '2024-02-10T09:00:00Z', '2026-09-01T09:00:00Z'),
         ($1, 'acc-kuusi', 'organization', 'Kuusi & Koivu Ky', 'kuusikoivu.fi', 'Retail', 5, 'FI', 'Aino Virtanen', '{}', '2024-03-10T09:00:00Z', '2026-08-01T09:00:00Z'),
         ($1, 'acc-baltic', 'organization', 'Baltic Freight SIA', 'balticfreight.lv', 'Logistics', 230, 'LV', 'Mikko Laine', '{}', '2024-04-10T09:00:00Z', '2026-07-01T09:00:00Z')
       RETURNING id, name`,
      [workspaceId],
    );
    await tx.execute(
      `INSERT INTO accounts (workspace_id, external_id, kind, name, industry, country, owner, created_at, updated_at)
       SELECT $1, 'acc-gen-' || n, CASE WHEN n % 5 = 0 THEN 'consumer' ELSE 'organization' END,
              'Yritys ' || lpad(n::text, 3, '0') || ' Oy', CASE WHEN n % 2 = 0 THEN 'Manufacturing' ELSE 'Services' END,
              CASE WHEN n % 3 = 0 THEN 'FI' ELSE 'SE' END, 'Mikko Laine',
              timestamptz '2025-01-01T00:00:00Z' + n * interval '1 day', timestamptz '2025-06-01T00:00:00Z' + n * interval '1 day'
         FROM generate_series(1, 60) AS n`,
      [workspaceId],
    );
    const nokkelaId = named.find((row) => row.name === 'Nokkela Oy')!.id;
    const contacts = await tx.query<{ id: number; last_name: string }>(
      `INSERT INTO contacts (workspace_id, account_id, external_id, email, first_name, last_name, title, buying_role, persona)
       VALUES
         ($1, $2, 'c-matti', 'matti.meikalainen@nokkela.fi', 'Matti', 'Meikäläinen', 'Toimitusjohtaja', 'decision_maker', 'Strategi'),
         ($1, $2, 'c-liisa', 'liisa.laine@nokkela.fi', 'Liisa', 'Laine', 'Kehitysjohtaja', 'champion', 'Kehittäjä'),
         ($1, $2, 'c-pekka', 'pekka.niemi@nokkela.fi', 'Pekka', 'Niemi', 'Ohjelmistokehittäjä', 'user', NULL)
       RETURNING id, last_name`,
      [workspaceId, nokkelaId],
    );
    const liisa = contacts.find((row) => row.last_name === 'Laine')!.id;
    const orders = await tx.query<{ id: number; external_id: string }>(
      `INSERT INTO orders (workspace_id, external_id, account_id, contact_id, status, currency, total, refunded_total, quantity, ordered_at, source)
       VALUES
         ($1, 'ORD-1001', $2, $3, 'partially_refunded', 'EUR', 1200.00, 200.00, 3, '2026-03-01T10:00:00Z', 'api'),
         ($1, 'ORD-1002', $2, NULL, 'completed', 'EUR', 450.50, 0, 1, '2026-06-15T10:00:00Z', 'import')
       RETURNING id, external_id`,
      [workspaceId, nokkelaId, liisa],
    );
    const first = orders.find((row) => row.external_id === 'ORD-1001')!.id;
    const second = orders.find((row) => row.external_id === 'ORD-1002')!.id;
    await tx.execute(
      `INSERT INTO order_lines (workspace_id, order_id, line_no, sku, name, category, quantity, unit_price, amount)
       VALUES ($1, $2, 1, 'PRO-Y', 'Kanta Pro, vuosilisenssi', 'plan', 1, 1000.00, 1000.00),
              ($1, $2, 2, 'SEAT', 'Lisäkäyttäjä', 'add-on', 2, 100.00, 200.00),
              ($1, $3, 1, 'TRAIN', 'Koulutuspäivä', 'service', 1, 450.50, 450.50)`,
      [workspaceId, first, second],
    );
    await tx.execute(
      `INSERT INTO refunds (workspace_id, order_id, amount, reason, refunded_at) VALUES ($1, $2, 200.00, 'Two seats unused', '2026-04-01T10:00:00Z')`,
      [workspaceId, first],
    );
    // 20 events on the account itself and 10 on a contact (not on the account): the timeline merges both.
    await tx.execute(
      `INSERT INTO events (workspace_id, message_id, type, name, account_id, contact_id, properties, occurred_at, source)
       SELECT $1, 'web-e2e-' || n, 'track',
              CASE WHEN n % 2 = 0 THEN 'Feature Used' ELSE 'Report Exported' END,
              CASE WHEN n <= 20 THEN $2::bigint END, CASE WHEN n > 20 THEN $3::bigint END,
              jsonb_build_object('feature', 'dashboard', 'n', n),
              timestamptz '2026-10-01T08:00:00Z' - n * interval '1 day', 'api'
         FROM generate_series(1, 30) AS n`,
      [workspaceId, nokkelaId, liisa],
    );
    await tx.execute(
      `INSERT INTO events (workspace_id, message_id, type, name, account_id, properties, occurred_at, source)
       VALUES ($1, 'web-e2e-newest', 'track', 'Onboarding Completed', $2, '{"step":"welcome package"}', '2026-10-02T08:00:00Z', 'api')`,
      [workspaceId, nokkelaId],
    );
    const counts = await tx.query<{ all: number; fi: number }>(
      `SELECT count(*) AS all, count(*) FILTER (WHERE country = 'FI') AS fi FROM accounts WHERE workspace_id = $1`,
      [workspaceId],
    );
    return { nokkelaId, accountCount: counts[0]!.all, finnishCount: counts[0]!.fi };
  });
}
