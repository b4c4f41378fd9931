import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';

export interface Workspace {
  id: number;
  slug: string;
  name: string;
  created_at: Date;
}

export async function createWorkspace(db: Queryable, input: { slug: string; name: string }): Promise<Workspace> {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(input.slug)) {
    throw new AppError('validation_failed', 'Invalid workspace slug', [
      { path: '/slug', message: 'must be 1-63 lower-case letters, digits or hyphens, starting with a letter or digit' },
    ]);
  }
  if (input.name.trim() === '') {
    throw new AppError('validation_failed', 'Invalid workspace name', [{ path: '/name', message: 'must not be empty' }]);
  }
  const rows = await db.query<Workspace & Record<string, unknown>>(
    `INSERT INTO workspaces (slug, name) VALUES ($1, $2)
     ON CONFLICT (slug) DO NOTHING RETURNING id, slug, name, created_at`,
    [input.slug, input.name.trim()],
  );
  if (!rows[0]) throw new AppError('conflict', `A workspace with slug "${input.slug}" already exists`);
  return rows[0];
}
