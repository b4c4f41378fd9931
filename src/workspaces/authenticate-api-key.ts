import type { Queryable } from '../db/database.js';
import { hashToken, type ApiKeyKind } from './api-key-token.js';

export interface Principal {
  workspaceId: number;
  workspaceSlug: string;
  keyId: number;
  kind: ApiKeyKind;
}

/** Typed result: the caller decides how an unknown or revoked key is answered. */
export type AuthResult = { ok: true; principal: Principal } | { ok: false; reason: 'unknown_key' | 'revoked_key' };

const cache = new Map<string, { at: number; result: AuthResult }>();

/** Forgets every cached result; revokeApiKey calls it so a revocation in this process applies at once. */
export function forgetCachedApiKeys(): void {
  cache.clear();
}

/**
 * Resolves a presented key to its workspace. Results are cached (ingest calls this per request):
 * for cacheMs on PostgreSQL, where another process may revoke a key; on PGlite only this process
 * can, and it clears the cache when it does, so there the cache needs no expiry — which also keeps
 * requests answering while a long import holds PGlite's only connection.
 */
export async function authenticateApiKey(db: Queryable, token: string, cacheMs = 5_000): Promise<AuthResult> {
  const hash = hashToken(token);
  const hit = cache.get(hash);
  const now = Date.now();
  if (hit && now - hit.at < cacheMs) return hit.result;
  const rows = await db.query<{ workspace_id: number; id: number; kind: ApiKeyKind; revoked_at: Date | null; slug: string }>(
    `SELECT k.workspace_id, k.id, k.kind, k.revoked_at, w.slug
       FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id
      WHERE k.token_hash = $1`,
    [hash],
  );
  const row = rows[0];
  let result: AuthResult;
  if (!row) result = { ok: false, reason: 'unknown_key' };
  else if (row.revoked_at) result = { ok: false, reason: 'revoked_key' };
  else result = { ok: true, principal: { workspaceId: row.workspace_id, workspaceSlug: row.slug, keyId: row.id, kind: row.kind } };
  if (cache.size > 10_000) cache.clear();
  cache.set(hash, { at: now, result });
  return result;
}
