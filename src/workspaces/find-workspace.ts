import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { Workspace } from './create-workspace.js';

export async function findWorkspace(db: Queryable, slug: string): Promise<Workspace> {
  const rows = await db.query<Workspace & Record<string, unknown>>(
    'SELECT id, slug, name, created_at FROM workspaces WHERE slug = $1',
    [slug],
  );
  if (!rows[0]) throw new AppError('not_found', `No workspace with slug "${slug}"`);
  return rows[0];
}

export async function listWorkspaces(db: Queryable): Promise<Workspace[]> {
  return db.query<Workspace & Record<string, unknown>>('SELECT id, slug, name, created_at FROM workspaces ORDER BY id');
}
