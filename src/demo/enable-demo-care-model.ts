import type { Queryable } from '../db/database.js';
import { DEMO_ENABLED_ELEMENTS } from '../programmes/model/default-care-model.js';
import { VENDOR } from './demo-catalog.js';

/**
 * The demo company's care model: a few default elements switched on (each a new version),
 * the sender named after the demo vendor, and marketing consent granted by seven in ten of its
 * contacts (the rest have not given it, so governance has something to refuse).
 */
export async function enableDemoCareModel(tx: Queryable, workspaceId: number): Promise<{ enabled: string[]; consents: number }> {
  const enabled = await tx.query<{ key: string }>(
    `WITH switched AS (
       UPDATE care_elements SET enabled = true, version = version + 1, updated_at = now()
        WHERE workspace_id = $1 AND key = ANY($2::text[]) AND NOT enabled
       RETURNING id, key, version, enabled, definition
     ), versions AS (
       INSERT INTO care_element_versions (workspace_id, element_id, version, enabled, definition)
       SELECT $1, id, version, enabled, definition FROM switched
     )
     SELECT key FROM switched ORDER BY key`,
    [workspaceId, [...DEMO_ENABLED_ELEMENTS]],
  );
  await tx.execute(
    `INSERT INTO care_settings (workspace_id, sender_name, sender_address) VALUES ($1, $2, $3)
     ON CONFLICT (workspace_id) DO UPDATE SET sender_name = EXCLUDED.sender_name, sender_address = EXCLUDED.sender_address, updated_at = now()`,
    [workspaceId, VENDOR.name.replace(/ Oy$/, ''), `asiakkuus@${new URL(VENDOR.site).hostname}`],
  );
  const consents = await tx.execute(
    `INSERT INTO contact_consents (workspace_id, contact_id, purpose, channel, status, source, updated_at)
     SELECT c.workspace_id, c.id, 'marketing', 'email', 'granted', 'demo', c.created_at
       FROM contacts c WHERE c.workspace_id = $1 AND c.email IS NOT NULL AND c.id % 10 < 7
     ON CONFLICT DO NOTHING`,
    [workspaceId],
  );
  return { enabled: enabled.map((r) => r.key), consents };
}
