import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { StepExecutor } from '../engine/step-executor.js';
import { loadChannelSettings } from '../governance/load-channel-settings.js';
import { checkWebhookTarget } from './check-webhook-target.js';

const MAX_RESPONSE_BYTES = 2048;

/**
 * The webhook step: a signed POST (Standard Webhooks: webhook-id, webhook-timestamp,
 * webhook-signature) to a workspace endpoint, to hand a care moment to marketing automation.
 * The webhook-id is 'act_<action id>', the same on every retry, so the receiver can drop
 * redeliveries. The target is checked first (checkWebhookTarget: no private addresses unless
 * allowed) and the request goes to the checked address. 2xx -> done; another status, a
 * timeout or a network error -> failed (retried with backoff, then dead); a missing endpoint or
 * a refused target -> failed permanently; a disabled endpoint -> skipped.
 */
export const executeWebhookStep: StepExecutor = async (ctx) => {
  const { db, action, step, runtime } = ctx;
  if (step.kind !== 'webhook') return { kind: 'failed', permanent: true, error: `step ${step.id} is a ${step.kind} step, not webhook` };
  const ws = action.workspaceId;
  const [endpoint] = await db.query<{ url: string; secret: string; enabled: boolean }>(
    'SELECT url, secret, enabled FROM care_webhook_endpoints WHERE workspace_id = $1 AND key = $2',
    [ws, step.endpoint],
  );
  if (!endpoint) return { kind: 'failed', permanent: true, error: `webhook endpoint "${step.endpoint}" does not exist` };
  if (!endpoint.enabled) return { kind: 'skipped', reason: `endpoint_disabled: ${step.endpoint}` };
  const settings = await loadChannelSettings(db, ws);
  const target = await checkWebhookTarget(endpoint.url, { allowPrivate: settings.allowPrivateWebhooks, resolveHost: runtime.resolveHost });
  if (!target.ok) return { kind: 'failed', permanent: true, error: `webhook target refused: ${target.reason}` };

  const subject = await loadSubject(ctx.db, ws, action.subjectType, action.subjectId);
  const timestamp = ctx.now;
  const webhookId = `act_${action.id}`;
  const payload = JSON.stringify({
    type: step.event_type,
    timestamp: timestamp.toISOString(),
    data: {
      workspace_id: ws,
      element: { id: ctx.element.id, key: ctx.element.key, version: ctx.element.version },
      run_id: action.runId,
      action_id: action.id,
      step_id: step.id,
      attempt: action.attempt,
      subject,
    },
  });
  let signature: string;
  try {
    signature = new Webhook(endpoint.secret).sign(webhookId, timestamp, payload);
  } catch (e) {
    return { kind: 'failed', permanent: true, error: `webhook endpoint "${step.endpoint}" has an unusable secret: ${(e as Error).message}` };
  }
  try {
    const res = await post(target.url, target.addresses[0]!, payload, {
      'content-type': 'application/json',
      'user-agent': 'Kanta-Webhooks/1',
      'webhook-id': webhookId,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    }, runtime.webhookTimeoutMs);
    if (res.status >= 200 && res.status < 300) return { kind: 'done', result: { endpoint: step.endpoint, webhook_id: webhookId, status: res.status } };
    return { kind: 'failed', error: `webhook ${step.endpoint} answered ${res.status}${res.body ? `: ${res.body.slice(0, 200)}` : ''}` };
  } catch (e) {
    return { kind: 'failed', error: `webhook ${step.endpoint} failed: ${(e as Error).message}` };
  }
};

async function loadSubject(db: Parameters<StepExecutor>[0]['db'], ws: number, type: 'account' | 'contact', id: number): Promise<Record<string, unknown>> {
  const sql =
    type === 'account'
      ? `SELECT 'account' AS type, a.id, a.external_id, a.name, a.domain, a.country, a.owner, st.stage
           FROM accounts a LEFT JOIN subject_stages st ON st.workspace_id = a.workspace_id AND st.subject_type = 'account' AND st.subject_id = a.id
          WHERE a.workspace_id = $1 AND a.id = $2`
      : `SELECT 'contact' AS type, c.id, c.external_id, c.account_id, c.email, c.first_name, c.last_name, c.persona, st.stage
           FROM contacts c LEFT JOIN subject_stages st ON st.workspace_id = c.workspace_id AND st.subject_type = 'contact' AND st.subject_id = c.id
          WHERE c.workspace_id = $1 AND c.id = $2`;
  const [row] = await db.query(sql, [ws, id]);
  return row ?? { type, id };
}

/** One POST to `url`, connecting to `address` (already checked) whatever the host name resolves to now. */
function post(url: URL, address: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; body: string }> {
  const family = isIP(address) === 6 ? 6 : 4;
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: pinned, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < MAX_RESPONSE_BYTES) chunks.push(c);
        size += c.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE_BYTES) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
