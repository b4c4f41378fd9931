import { expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { describeEachDatabase } from '../testing/test-database.js';
import { authenticateApiKey } from '../workspaces/authenticate-api-key.js';
import { createDemoWorkspace } from './create-demo-workspace.js';
import { loadDemoCompany } from './load-demo-company.js';

const SMALL = { seed: 11, scale: 0.02, eventsPerAccount: 40, referenceDate: '2026-05-01' } as const;

async function tableCounts(q: { query: <T extends Record<string, unknown>>(sql: string, p?: unknown[]) => Promise<T[]> }, ws: number) {
  const [row] = await q.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM products WHERE workspace_id = $1) AS products,
            (SELECT count(*) FROM accounts WHERE workspace_id = $1) AS accounts,
            (SELECT count(*) FROM contacts WHERE workspace_id = $1) AS contacts,
            (SELECT count(*) FROM contact_identities WHERE workspace_id = $1) AS contact_identities,
            (SELECT count(*) FROM orders WHERE workspace_id = $1) AS orders,
            (SELECT count(*) FROM order_lines WHERE workspace_id = $1) AS order_lines,
            (SELECT count(*) FROM refunds WHERE workspace_id = $1) AS refunds,
            (SELECT count(*) FROM events WHERE workspace_id = $1) AS events`,
    [ws],
  );
  return row!;
}

describeEachDatabase('demo company loader', ({ db, ws }) => {
  it('writes every table with COPY, references resolved to database ids, and reports progress', async () => {
    const wsId = ws().workspace.id;
    const progress: [number, number][] = [];
    const result = await db().transaction((tx) => loadDemoCompany(tx, wsId, { ...SMALL, onProgress: (d, t) => progress.push([d, t]) }));
    expect(result.counts.accounts).toBe(40);
    expect(result.counts.contacts).toBeGreaterThan(80);
    expect(result.counts.events).toBeGreaterThan(800);
    expect(await tableCounts(db(), wsId)).toEqual(result.counts);
    expect(result.rows).toBe(Object.values(result.counts).reduce((s, n) => s + n, 0));
    // Progress only grows and ends at done = total.
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);
    expect(progress.at(-1)).toEqual([result.rows, result.rows]);

    const [check] = await db().query<Record<string, number>>(
      `SELECT
         (SELECT count(*) FROM contacts c WHERE c.workspace_id = $1 AND NOT EXISTS
            (SELECT 1 FROM accounts a WHERE a.workspace_id = c.workspace_id AND a.id = c.account_id)) AS orphan_contacts,
         (SELECT count(*) FROM contacts c JOIN accounts a ON a.workspace_id = c.workspace_id AND a.id = c.account_id
            WHERE c.workspace_id = $1 AND c.email NOT LIKE '%@' || a.domain) AS foreign_emails,
         (SELECT count(*) FROM orders o WHERE o.workspace_id = $1 AND o.total <>
            (SELECT sum(l.amount) FROM order_lines l WHERE l.workspace_id = o.workspace_id AND l.order_id = o.id)) AS unbalanced_orders,
         (SELECT count(*) FROM orders o JOIN contacts c ON c.workspace_id = o.workspace_id AND c.id = o.contact_id
            WHERE o.workspace_id = $1 AND c.account_id <> o.account_id) AS orders_signed_elsewhere,
         (SELECT count(*) FROM order_lines l WHERE l.workspace_id = $1 AND l.product_id IS NULL) AS lines_without_product,
         (SELECT count(*) FROM events e WHERE e.workspace_id = $1 AND NOT EXISTS
            (SELECT 1 FROM contacts c WHERE c.workspace_id = e.workspace_id AND c.id = e.contact_id AND c.account_id = e.account_id)) AS orphan_events,
         (SELECT count(*) FROM events e WHERE e.workspace_id = $1
            AND (e.occurred_at < '2023-05-01T00:00:00Z' OR e.occurred_at >= '2026-05-01T00:00:00Z')) AS events_outside_window,
         (SELECT count(*) FROM refunds r JOIN events e ON e.workspace_id = r.workspace_id AND e.message_id = r.message_id
            WHERE r.workspace_id = $1 AND e.name = 'Order Refunded') AS refund_events,
         (SELECT count(*) FROM refunds WHERE workspace_id = $1) AS refunds`,
      [wsId],
    );
    expect(check).toEqual({
      orphan_contacts: 0,
      foreign_emails: 0,
      unbalanced_orders: 0,
      orders_signed_elsewhere: 0,
      lines_without_product: 0,
      orphan_events: 0,
      events_outside_window: 0,
      refund_events: check!.refunds,
      refunds: check!.refunds,
    });
    const [order] = await db().query<{ n: number }>(
      `SELECT count(*) AS n FROM events WHERE workspace_id = $1 AND name = 'Order Completed'`,
      [wsId],
    );
    expect(order!.n).toBe(result.counts.orders);
  });

  it('loads only into an empty, existing workspace', async () => {
    const wsId = ws().workspace.id;
    await expect(db().transaction((tx) => loadDemoCompany(tx, wsId, SMALL))).rejects.toMatchObject({ code: 'conflict' });
    await expect(db().transaction((tx) => loadDemoCompany(tx, 987654, SMALL))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('creates a demo workspace with working keys, and leaves nothing behind when loading fails', async () => {
    // Generated in this thread this time (the first test used the worker thread): same rows.
    const made = await createDemoWorkspace(db(), { slug: 'demo-11', demo: { ...SMALL, thread: 'inline' } });
    expect(made.workspace.slug).toBe('demo-11');
    expect(made.demo!.counts.accounts).toBe(40);
    const auth = await authenticateApiKey(db(), made.adminKey.token);
    expect(auth.ok && auth.principal.workspaceId).toBe(made.workspace.id);
    // Same seed in another workspace: the same company, row for row.
    const companies = (id: number) =>
      db().query(`SELECT external_id, name, domain, employees, owner, traits FROM accounts WHERE workspace_id = $1 ORDER BY external_id`, [id]);
    expect(await companies(made.workspace.id)).toEqual(await companies(ws().workspace.id));
    const timeline = (id: number) =>
      db().query(
        `SELECT e.message_id, e.name, e.occurred_at, e.properties, c.external_id AS contact, a.external_id AS account
           FROM events e JOIN contacts c ON c.workspace_id = e.workspace_id AND c.id = e.contact_id
           JOIN accounts a ON a.workspace_id = e.workspace_id AND a.id = e.account_id
          WHERE e.workspace_id = $1 ORDER BY e.message_id`,
        [id],
      );
    const [mine, theirs] = [await timeline(made.workspace.id), await timeline(ws().workspace.id)];
    expect(mine.length).toBeGreaterThan(800);
    expect(mine).toEqual(theirs);

    let calls = 0;
    const failing = createDemoWorkspace(db(), {
      slug: 'demo-broken',
      demo: {
        ...SMALL,
        onProgress: () => {
          if (++calls === 5) throw new Error('disk full');
        },
      },
    });
    await expect(failing).rejects.toThrow('disk full');
    const left = await db().query(`SELECT id FROM workspaces WHERE slug = 'demo-broken'`);
    expect(left).toEqual([]);

    await expect(createDemoWorkspace(db(), { slug: 'demo-bad', demo: { scale: -1 } })).rejects.toBeInstanceOf(AppError);
    await expect(createDemoWorkspace(db(), { slug: 'demo-11', demo: SMALL })).rejects.toMatchObject({ code: 'conflict' });
  });
});
