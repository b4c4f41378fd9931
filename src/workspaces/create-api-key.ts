import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { generateToken, hashToken, type ApiKeyKind } from './api-key-token.js';

export interface CreatedApiKey {
  id: number;
  kind: ApiKeyKind;
  name: string;
  /** The only time the plain key exists: it is shown once and stored as a hash. */
  token: string;
  token_prefix: string;
}

export async function createApiKey(
  db: Queryable,
  workspaceId: number,
  input: { kind: ApiKeyKind; name?: string },
): Promise<CreatedApiKey> {
  if (input.kind !== 'admin' && input.kind !== 'write') {
    throw new AppError('validation_failed', 'Invalid key kind', [{ path: '/kind', message: 'must be "admin" or "write"' }]);
  }
  const token = generateToken(input.kind);
  const prefix = token.slice(0, 16);
  const name = input.name?.trim() || `${input.kind} key`;
  const rows = await db.query<{ id: number }>(
    `INSERT INTO api_keys (workspace_id, kind, name, token_prefix, token_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [workspaceId, input.kind, name, prefix, hashToken(token)],
  );
  return { id: rows[0]!.id, kind: input.kind, name, token, token_prefix: prefix };
}
