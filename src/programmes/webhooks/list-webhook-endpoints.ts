import type { Queryable } from '../../db/database.js';
import { WEBHOOK_ENDPOINT_COLUMNS, type WebhookEndpoint } from './webhook-endpoint.js';

/** The workspace's webhook endpoints by key (their secrets are not shown again). */
export async function listWebhookEndpoints(db: Queryable, workspaceId: number): Promise<{ data: WebhookEndpoint[] }> {
  const data = await db.query<WebhookEndpoint & Record<string, unknown>>(
    `SELECT ${WEBHOOK_ENDPOINT_COLUMNS} FROM care_webhook_endpoints WHERE workspace_id = $1 ORDER BY key`,
    [workspaceId],
  );
  return { data };
}
