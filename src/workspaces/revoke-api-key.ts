import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { forgetCachedApiKeys } from './authenticate-api-key.js';

export interface ApiKeySummary {
  id: number;
  kind: string;
  name: string;
  token_prefix: string;
  created_at: Date;
  revoked_at: Date | null;
}

export async function listApiKeys(db: Queryable, workspaceId: number): Promise<ApiKeySummary[]> {
  return db.query<ApiKeySummary & Record<string, unknown>>(
    `SELECT id, kind, name, token_prefix, created_at, revoked_at FROM api_keys WHERE workspace_id = $1 ORDER BY id`,
    [workspaceId],
  );
}

export async function revokeApiKey(db: Queryable, workspaceId: number, keyId: number): Promise<void> {
  const n = await db.execute(
    `UPDATE api_keys SET revoked_at = now() WHERE workspace_id = $1 AND id = $2 AND revoked_at IS NULL`,
    [workspaceId, keyId],
  );
  if (n === 0) throw new AppError('not_found', `No active API key ${keyId} in this workspace`);
  forgetCachedApiKeys();
}
