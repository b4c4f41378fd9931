import type { Database } from '../db/database.js';
import { DEMO_WORKSPACE_NAME, writeDemoWorkspace, type DemoWorkspace } from './create-demo-workspace.js';
import { resolveDemoOptions } from './generate-demo-company.js';
import type { LoadDemoOptions } from './load-demo-company.js';

/** Any number, as long as nothing else takes the same transaction-level advisory lock. */
const FIRST_START_LOCK = 7246802;

/**
 * The first start of an empty database: workspace "demo" with an admin and a write key and,
 * unless demo is null, the demo company, all in one transaction. A crash halfway leaves the
 * database empty, so the next start tries again. Returns null when a workspace already
 * exists (not a first start). Two servers starting at once on PostgreSQL: the advisory lock
 * makes the second wait and then find the workspace.
 */
export async function bootstrapFirstStart(db: Database, input: { demo: LoadDemoOptions | null }): Promise<DemoWorkspace | null> {
  if (input.demo) resolveDemoOptions(input.demo);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [FIRST_START_LOCK]);
    const [any] = await tx.query<{ found: boolean }>('SELECT EXISTS (SELECT 1 FROM workspaces) AS found');
    if (any?.found) return null;
    return writeDemoWorkspace(tx, { slug: 'demo', name: input.demo ? DEMO_WORKSPACE_NAME : 'Demo', demo: input.demo });
  });
}
