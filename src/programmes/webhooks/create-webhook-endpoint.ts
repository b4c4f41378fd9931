import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/database.js';
import { mapConstraintErrors } from '../../db/constraint-error.js';
import { AppError, type FieldIssue } from '../../errors/app-error.js';
import { WEBHOOK_ENDPOINT_COLUMNS, type WebhookEndpoint } from './webhook-endpoint.js';

export interface CreateWebhookEndpointInput {
  key: string;
  url: string;
  description?: string | null | undefined;
  enabled?: boolean | undefined;
}

const KEY = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * Adds a webhook endpoint with a new signing secret ('whsec_' + 24 random bytes in base64, as
 * the Standard Webhooks spec writes it). The secret is returned here only: give it to the
 * receiver. Private and loopback targets are refused when a step sends (after DNS resolution),
 * unless the workspace's care settings allow them.
 */
export async function createWebhookEndpoint(db: Queryable, workspaceId: number, input: CreateWebhookEndpointInput): Promise<WebhookEndpoint & { secret: string }> {
  const issues: FieldIssue[] = [];
  if (typeof input.key !== 'string' || !KEY.test(input.key)) issues.push({ path: '/key', message: 'must be 1-63 lower-case letters, digits, - or _, starting with a letter or digit' });
  let url: URL | null = null;
  try {
    url = new URL(input.url);
  } catch {
    issues.push({ path: '/url', message: 'must be an absolute http or https URL' });
  }
  if (url && url.protocol !== 'http:' && url.protocol !== 'https:') issues.push({ path: '/url', message: 'must be an http or https URL' });
  if (url && (url.username || url.password)) issues.push({ path: '/url', message: 'must not carry a user name or password: the signature authenticates us' });
  if (typeof input.url === 'string' && input.url.length > 2000) issues.push({ path: '/url', message: 'must be at most 2000 characters' });
  if (issues.length > 0) throw new AppError('validation_failed', `The webhook endpoint is not valid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const [row] = await mapConstraintErrors(
    () =>
      db.query<WebhookEndpoint & Record<string, unknown>>(
        `INSERT INTO care_webhook_endpoints (workspace_id, key, url, secret, description, enabled) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING ${WEBHOOK_ENDPOINT_COLUMNS}`,
        [workspaceId, input.key, url!.toString(), secret, input.description ?? null, input.enabled ?? true],
      ),
    '',
  );
  return { ...row!, secret };
}
