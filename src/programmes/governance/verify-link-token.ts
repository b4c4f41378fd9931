import type { Queryable } from '../../db/database.js';
import { linkTokenIsValid, readLinkToken, type LinkTarget } from './link-token.js';

export interface VerifiedLink<T extends LinkTarget = LinkTarget> {
  target: T;
  /** The page language: the contact's (fi or en), else the workspace default. */
  locale: 'fi' | 'en';
  contact: { id: number; account_id: number | null; email: string | null; first_name: string | null };
}

/**
 * The target of a public link (unsubscribe or survey) when its signature holds with the
 * workspace's link secret and its contact still exists; null otherwise (a forged, altered or
 * stale link: the public pages show the same "not valid" page for all of them).
 */
export async function verifyLinkToken<K extends LinkTarget['kind']>(db: Queryable, token: string, kind: K): Promise<VerifiedLink<Extract<LinkTarget, { kind: K }>> | null> {
  const target = readLinkToken(token);
  if (!target || target.kind !== kind) return null;
  const [row] = await db.query<{ link_secret: string | null; default_locale: 'fi' | 'en'; id: number | null; account_id: number | null; email: string | null; first_name: string | null; locale: string | null }>(
    `SELECT s.link_secret, s.default_locale, c.id, c.account_id, c.email, c.first_name, c.locale
       FROM care_settings s LEFT JOIN contacts c ON c.workspace_id = s.workspace_id AND c.id = $2::bigint
      WHERE s.workspace_id = $1`,
    [target.workspaceId, target.contactId],
  );
  if (!row?.link_secret || row.id === null || !linkTokenIsValid(row.link_secret, token, target)) return null;
  const lang = (row.locale ?? '').toLowerCase().slice(0, 2);
  return {
    target: target as Extract<LinkTarget, { kind: K }>,
    locale: lang === 'fi' || lang === 'en' ? lang : row.default_locale,
    contact: { id: row.id, account_id: row.account_id, email: row.email, first_name: row.first_name },
  };
}
