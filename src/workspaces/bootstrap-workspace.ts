import type { Database, Queryable } from '../db/database.js';
import { createApiKey, type CreatedApiKey } from './create-api-key.js';
import { createWorkspace, type Workspace } from './create-workspace.js';
import { ensureDefaultLifecycle } from '../lifecycle/ensure-default-lifecycle.js';
import { seedDefaultCareModel } from '../programmes/model/seed-default-care-model.js';

export interface BootstrappedWorkspace {
  workspace: Workspace;
  adminKey: CreatedApiKey;
  writeKey: CreatedApiKey;
}

/** Inside a caller's transaction: a new workspace with one admin key, one ingest write key, the default lifecycles and the default care model (disabled). */
export async function writeWorkspaceWithKeys(tx: Queryable, input: { slug: string; name: string }): Promise<BootstrappedWorkspace> {
  const workspace = await createWorkspace(tx, input);
  const adminKey = await createApiKey(tx, workspace.id, { kind: 'admin', name: 'first admin key' });
  const writeKey = await createApiKey(tx, workspace.id, { kind: 'write', name: 'first write key' });
  await ensureDefaultLifecycle(tx, workspace.id);
  await seedDefaultCareModel(tx, workspace.id);
  return { workspace, adminKey, writeKey };
}

/** A new workspace with one admin key and one ingest write key, written in one transaction. */
export async function bootstrapWorkspace(db: Database, input: { slug: string; name: string }): Promise<BootstrappedWorkspace> {
  return db.transaction((tx) => writeWorkspaceWithKeys(tx, input));
}
