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

const CACHE_MS = 5_000;
const cache = new Map<string, { at: number; result: AuthResult }>();

/** Resolves a presented key to its workspace. Results are cached for a few seconds (ingest calls this per request). */
export async function authenticateApiKey(db: Queryable, token: string): Promise<AuthResult> {
  const hash = hashToken(token);
  const hit = cache.get(hash);
  const now = Date.now();
  if (hit && now - hit.at < CACHE_MS) return hit.result;
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
