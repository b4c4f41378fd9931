import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MessagePurpose } from '../model/care-element.js';
import { MESSAGE_PURPOSES } from '../model/care-element.js';

/**
 * Signed tokens of the public links in care messages. A token names its workspace in clear
 * (to find the key) and is signed with that workspace's care_settings.link_secret (HMAC-SHA256):
 * - unsubscribe: 'u.<workspace>.<contact>.<purpose>'
 * - survey:      's.<workspace>.<action>.<contact>' (the survey_invitations row of that action and contact)
 * - open:        'o.<workspace>.<action>.<contact>' (the tracking pixel of that care message)
 * - click:       'c.<workspace>.<action>.<contact>.<base64url(target URL)>' (a tracked link; only signed URLs redirect)
 * Token = base64url(payload) '.' base64url(first 16 bytes of the MAC).
 */
export type LinkTarget =
  | { kind: 'unsubscribe'; workspaceId: number; contactId: number; purpose: MessagePurpose }
  | { kind: 'survey'; workspaceId: number; actionId: number; contactId: number }
  | { kind: 'open'; workspaceId: number; actionId: number; contactId: number }
  | { kind: 'click'; workspaceId: number; actionId: number; contactId: number; url: string };

function payloadOf(target: LinkTarget): string {
  switch (target.kind) {
    case 'unsubscribe':
      return `u.${target.workspaceId}.${target.contactId}.${target.purpose}`;
    case 'survey':
      return `s.${target.workspaceId}.${target.actionId}.${target.contactId}`;
    case 'open':
      return `o.${target.workspaceId}.${target.actionId}.${target.contactId}`;
    case 'click':
      return `c.${target.workspaceId}.${target.actionId}.${target.contactId}.${Buffer.from(target.url).toString('base64url')}`;
  }
}

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest().subarray(0, 16);
}

export function signLinkToken(secret: string, target: LinkTarget): string {
  const payload = payloadOf(target);
  return `${Buffer.from(payload).toString('base64url')}.${mac(secret, payload).toString('base64url')}`;
}

/** The target a token claims, before its signature is checked (which needs the workspace's secret). */
export function readLinkToken(token: string): LinkTarget | null {
  const [encoded, signature, ...rest] = token.split('.');
  if (!encoded || !signature || rest.length > 0) return null;
  const parts = Buffer.from(encoded, 'base64url').toString('utf8').split('.');
  const id = (s: string | undefined) => (s !== undefined && /^[1-9][0-9]{0,15}$/.test(s) ? Number(s) : null);
  const workspaceId = id(parts[1]);
  if (workspaceId === null) return null;
  if (parts[0] === 'u' && parts.length === 4) {
    const contactId = id(parts[2]);
    const purpose = parts[3] as MessagePurpose;
    if (contactId === null || !MESSAGE_PURPOSES.includes(purpose)) return null;
    return { kind: 'unsubscribe', workspaceId, contactId, purpose };
  }
  if ((parts[0] === 's' || parts[0] === 'o') && parts.length === 4) {
    const actionId = id(parts[2]);
    const contactId = id(parts[3]);
    if (actionId === null || contactId === null) return null;
    return { kind: parts[0] === 's' ? 'survey' : 'open', workspaceId, actionId, contactId };
  }
  if (parts[0] === 'c' && parts.length === 5) {
    const actionId = id(parts[2]);
    const contactId = id(parts[3]);
    const url = Buffer.from(parts[4] ?? '', 'base64url').toString('utf8');
    if (actionId === null || contactId === null || !/^https?:\/\//.test(url)) return null;
    return { kind: 'click', workspaceId, actionId, contactId, url };
  }
  return null;
}

/** True when the token is exactly the one signLinkToken makes for this target with this secret. */
export function linkTokenIsValid(secret: string, token: string, target: LinkTarget): boolean {
  const expected = Buffer.from(signLinkToken(secret, target));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
