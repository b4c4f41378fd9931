import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { Workspace } from './create-workspace.js';
import { findWorkspace, listWorkspaces } from './find-workspace.js';

/** The named workspace, or the only one there is when none is named. */
export async function resolveWorkspace(db: Queryable, slug: string | undefined): Promise<Workspace> {
  if (slug) return findWorkspace(db, slug);
  const all = await listWorkspaces(db);
  if (all.length === 1) return all[0]!;
  if (all.length === 0) throw new AppError('not_found', 'There is no workspace yet: run `kanta serve` once (it creates workspace "demo"), or `kanta demo`');
  throw new AppError('bad_request', `There are ${all.length} workspaces (${all.map((w) => w.slug).join(', ')}): name one with --workspace`);
}
