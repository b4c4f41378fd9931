import type { Database } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import type { CareElementDefinition } from '../model/care-element.js';

/**
 * Deletes a webhook endpoint by id or key. Refused with a conflict naming them while a care
 * element's webhook step posts to it: those steps would fail.
 */
export async function deleteWebhookEndpoint(db: Database, workspaceId: number, idOrKey: number | string): Promise<void> {
  await db.transaction(async (tx) => {
    const byId = typeof idOrKey === 'number' || /^\d+$/.test(idOrKey);
    const [endpoint] = await tx.query<{ id: number; key: string }>(
      `SELECT id, key FROM care_webhook_endpoints WHERE workspace_id = $1 AND ${byId ? 'id = $2' : 'key = $2'} FOR UPDATE`,
      [workspaceId, byId ? Number(idOrKey) : idOrKey],
    );
    if (!endpoint) throw new AppError('not_found', `No webhook endpoint ${byId ? idOrKey : `"${idOrKey}"`} in this workspace`);
    const elements = await tx.query<{ key: string; definition: CareElementDefinition }>('SELECT key, definition FROM care_elements WHERE workspace_id = $1 ORDER BY key', [workspaceId]);
    const users = elements.filter((e) => e.definition.steps.some((s) => s.kind === 'webhook' && s.endpoint === endpoint.key)).map((e) => e.key);
    if (users.length > 0) {
      throw new AppError('conflict', `Webhook endpoint "${endpoint.key}" is used by care elements ${users.join(', ')}: change their steps first`, [
        { path: '/key', message: `is used by ${users.join(', ')}` },
      ]);
    }
    await tx.execute('DELETE FROM care_webhook_endpoints WHERE workspace_id = $1 AND id = $2', [workspaceId, endpoint.id]);
  });
}
