import { describe, expect, it } from 'vitest';
import { databaseKinds, openTestDatabase } from '../testing/test-database.js';
import { bootstrapFirstStart } from './bootstrap-first-start.js';

const SMALL = { seed: 5, scale: 0.01, eventsPerAccount: 30, referenceDate: '2026-01-15' } as const;

for (const kind of databaseKinds) {
  describe(`first start [${kind}]`, () => {
    it('bootstraps workspace, keys and demo company atomically: a crash leaves an empty database, the next start succeeds, later starts do nothing', async () => {
      const db = await openTestDatabase(kind);
      try {
        let calls = 0;
        await expect(
          bootstrapFirstStart(db, {
            demo: {
              ...SMALL,
              onProgress: () => {
                if (++calls === 4) throw new Error('killed halfway');
              },
            },
          }),
        ).rejects.toThrow('killed halfway');
        const [empty] = await db.query<Record<string, number>>(
          `SELECT (SELECT count(*) FROM workspaces) AS workspaces, (SELECT count(*) FROM api_keys) AS keys,
                  (SELECT count(*) FROM accounts) AS accounts, (SELECT count(*) FROM events) AS events`,
        );
        expect(empty).toEqual({ workspaces: 0, keys: 0, accounts: 0, events: 0 });

        const first = await bootstrapFirstStart(db, { demo: SMALL });
        expect(first?.workspace.slug).toBe('demo');
        expect(first?.adminKey.token).toBeTruthy();
        expect(first?.writeKey.kind).toBe('write');
        expect(first?.demo?.counts.accounts).toBe(20);
        const [loaded] = await db.query<Record<string, number>>(
          `SELECT (SELECT count(*) FROM api_keys WHERE workspace_id = $1) AS keys, (SELECT count(*) FROM accounts WHERE workspace_id = $1) AS accounts`,
          [first!.workspace.id],
        );
        expect(loaded).toEqual({ keys: 2, accounts: 20 });

        expect(await bootstrapFirstStart(db, { demo: SMALL })).toBeNull();
        expect(await bootstrapFirstStart(db, { demo: null })).toBeNull();
        const [after] = await db.query<{ n: number }>('SELECT count(*) AS n FROM workspaces');
        expect(after!.n).toBe(1);
      } finally {
        await db.close();
      }
    });

    it('makes an empty workspace with keys when the demo is switched off', async () => {
      const db = await openTestDatabase(kind);
      try {
        const boot = await bootstrapFirstStart(db, { demo: null });
        expect(boot?.demo).toBeNull();
        expect(boot?.workspace.slug).toBe('demo');
        const [counts] = await db.query<Record<string, number>>(`SELECT (SELECT count(*) FROM api_keys) AS keys, (SELECT count(*) FROM accounts) AS accounts`);
        expect(counts).toEqual({ keys: 2, accounts: 0 });
      } finally {
        await db.close();
      }
    });
  });
}
