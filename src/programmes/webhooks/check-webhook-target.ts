import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

export type WebhookTargetCheck = { ok: true; url: URL; addresses: string[] } | { ok: false; reason: string };

export interface WebhookTargetPolicy {
  /** care_settings.allow_private_webhooks: the workspace explicitly allows private, loopback and link-local targets. */
  allowPrivate: boolean;
  /** Resolves a host name to its addresses (default: the system resolver, every address). */
  resolveHost?: ((host: string) => Promise<string[]>) | undefined;
}

/**
 * May a webhook go to this URL? Only http(s); the host is resolved (a literal address as it
 * is) and EVERY address must be ordinary public unicast: loopback (127/8, ::1), private
 * (10/8, 172.16/12, 192.168/16), link-local (169.254/16 with the cloud metadata address,
 * fe80::/10), unique-local (fc00::/7), carrier-grade NAT, multicast, unspecified, reserved and
 * the IPv6 forms that embed an IPv4 address are refused, unless the workspace allows private
 * targets. The caller connects to the returned addresses (not a second lookup), so a DNS answer
 * that changes between check and connect cannot point the request elsewhere.
 */
export async function checkWebhookTarget(rawUrl: string, policy: WebhookTargetPolicy): Promise<WebhookTargetCheck> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, reason: `"${rawUrl}" is not a URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: `${url.protocol} URLs are not allowed (http or https only)` };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (ipaddr.isValid(host)) {
    addresses = [host];
  } else {
    try {
      addresses = policy.resolveHost ? await policy.resolveHost(host) : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch (e) {
      return { ok: false, reason: `cannot resolve ${host}: ${(e as Error).message}` };
    }
  }
  if (addresses.length === 0) return { ok: false, reason: `${host} has no address` };
  for (const address of addresses) {
    if (!ipaddr.isValid(address)) return { ok: false, reason: `${host} resolved to "${address}", not an IP address` };
    if (policy.allowPrivate) continue;
    const range = ipaddr.process(address).range();
    if (range !== 'unicast') {
      return { ok: false, reason: `${host}${host === address ? '' : ` (${address})`} is a ${range} address: webhooks to private networks need allow_private_webhooks` };
    }
  }
  return { ok: true, url, addresses };
}
