import type { Database, Queryable } from '../db/database.js';
import { writeWorkspaceWithKeys, type BootstrappedWorkspace } from '../workspaces/bootstrap-workspace.js';
import { resolveDemoOptions } from './generate-demo-company.js';
import { enableDemoCareModel } from './enable-demo-care-model.js';
import { loadDemoCompany, type DemoLoadResult, type LoadDemoOptions } from './load-demo-company.js';

export const DEMO_WORKSPACE_NAME = 'Lumo Analytics (demo)';

export interface DemoWorkspace extends BootstrappedWorkspace {
  /** What was loaded, or null for an empty workspace. */
  demo: DemoLoadResult | null;
}

/** Inside a transaction: a workspace, its first admin and write keys, and (unless demo is null) the demo company with a few care elements switched on. */
export async function writeDemoWorkspace(
  tx: Queryable,
  input: { slug: string; name: string; demo: LoadDemoOptions | null },
): Promise<DemoWorkspace> {
  const created = await writeWorkspaceWithKeys(tx, { slug: input.slug, name: input.name });
  const demo = input.demo ? await loadDemoCompany(tx, created.workspace.id, input.demo) : null;
  if (demo) await enableDemoCareModel(tx, created.workspace.id);
  return { ...created, demo };
}

/**
 * A new workspace with keys and the demo company, in one transaction: a failure halfway
 * (or a bad option) leaves nothing behind.
 */
export async function createDemoWorkspace(db: Database, input: { slug: string; name?: string; demo: LoadDemoOptions }): Promise<DemoWorkspace> {
  resolveDemoOptions(input.demo);
  return db.transaction((tx) => writeDemoWorkspace(tx, { slug: input.slug, name: input.name ?? DEMO_WORKSPACE_NAME, demo: input.demo }));
}
