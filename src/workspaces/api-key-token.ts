import { createHash, randomBytes } from 'node:crypto';

export type ApiKeyKind = 'admin' | 'write';

/** A new random key: `kanta_admin_…` or `kanta_write_…`, 32 bytes of entropy in base64url. */
export function generateToken(kind: ApiKeyKind): string {
  return `kanta_${kind}_${randomBytes(32).toString('base64url')}`;
}

/** Keys are stored only as this hash. They are long random strings, so a fast hash is enough. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
