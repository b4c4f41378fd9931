import type { Queryable } from '../../db/database.js';
import { defaultCareModel } from './default-care-model.js';

export interface SeedDefaultCareModelOptions {
  /** Keys of default elements to switch on (the demo company). */
  enable?: readonly string[];
}

/**
 * Gives a workspace the default care model (every element at version 1, disabled unless named
 * in `enable`) and its care settings row. Elements whose key the workspace already has are
 * left alone, so it is safe to call again. Returns the keys it created.
 */
export async function seedDefaultCareModel(db: Queryable, workspaceId: number, opts: SeedDefaultCareModelOptions = {}): Promise<string[]> {
  const elements = defaultCareModel().map((e) => ({ key: e.key, subject_type: e.subjectType, enabled: (opts.enable ?? []).includes(e.key), definition: e.definition }));
  const created = await db.query<{ key: string }>(
    `WITH input AS (
       SELECT x.key, x.subject_type, x.enabled, x.definition, j.ord
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS j(item, ord)
         CROSS JOIN LATERAL jsonb_to_record(j.item) AS x(key text, subject_type text, enabled boolean, definition jsonb)
     ), inserted AS (
       INSERT INTO care_elements (workspace_id, key, subject_type, enabled, definition)
       SELECT $1, key, subject_type, enabled, definition FROM input ORDER BY ord
       ON CONFLICT (workspace_id, key) DO NOTHING
       RETURNING id, key, version, enabled, definition
     ), versions AS (
       INSERT INTO care_element_versions (workspace_id, element_id, version, enabled, definition)
       SELECT $1, id, version, enabled, definition FROM inserted
     )
     SELECT key FROM inserted ORDER BY key`,
    [workspaceId, JSON.stringify(elements)],
  );
  await db.execute('INSERT INTO care_settings (workspace_id) VALUES ($1) ON CONFLICT (workspace_id) DO NOTHING', [workspaceId]);
  return created.map((r) => r.key);
}
