import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { authenticateApiKey, type Principal } from '../workspaces/authenticate-api-key.js';
import type { ApiKeyKind } from '../workspaces/api-key-token.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Reads the key from `Authorization: Bearer <key>` or, as Segment clients send it, Basic with the key as user name. */
export function presentedKey(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const [scheme, value] = header.split(' ', 2);
  if (!value) return null;
  if (scheme?.toLowerCase() === 'bearer') return value.trim();
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const user = decoded.split(':', 1)[0] ?? '';
    return user.length > 0 ? user : null;
  }
  return null;
}

/** Authenticates the request and demands a key of the given kind (an admin key may also write). */
export async function requireKey(db: Database, request: FastifyRequest, kind: ApiKeyKind, bodyWriteKey?: string): Promise<Principal> {
  const token = presentedKey(request) ?? bodyWriteKey ?? null;
  if (!token) {
    throw new AppError('unauthorized', kind === 'write'
      ? 'Missing write key: send HTTP Basic auth with the workspace write key as user name'
      : 'Missing API key: send "Authorization: Bearer <admin key>"');
  }
  const result = await authenticateApiKey(db, token, db.kind === 'pglite' ? Number.POSITIVE_INFINITY : 5_000);
  if (!result.ok) {
    throw new AppError('unauthorized', result.reason === 'revoked_key' ? 'This API key has been revoked' : 'Unknown API key');
  }
  if (kind === 'admin' && result.principal.kind !== 'admin') {
    throw new AppError('forbidden', 'This endpoint needs an admin key; a write key only sends tracking data');
  }
  request.principal = result.principal;
  return result.principal;
}

/** The principal set by requireKey; routes behind the auth hook always have one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthorized', 'Not authenticated');
  return request.principal;
}
