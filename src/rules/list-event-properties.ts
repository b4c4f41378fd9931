import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { inferValueType } from './infer-value-type.js';
import type { VocabularyKey } from './list-rule-vocabulary.js';

/** Property keys are read from this many latest events of the name. */
export const PROPERTY_SAMPLE = 1_000;

export interface EventProperties {
  event: string;
  /** How many events were sampled (the latest of the name, at most PROPERTY_SAMPLE). */
  sampled: number;
  properties: VocabularyKey[];
}

/**
 * The property keys of one event name, from its latest PROPERTY_SAMPLE events (through the
 * (workspace, name, occurred_at) index), each with the type its values look like and in how many
 * sampled events it was present: suggestions for event conditions ("sum of `revenue`", "where
 * `plan` = ...").
 */
export async function listEventProperties(db: Queryable, workspaceId: number, event: string): Promise<EventProperties> {
  const name = event.trim();
  if (name.length === 0 || name.length > 200) {
    throw new AppError('validation_failed', 'Invalid event name', [{ path: '/event', message: 'must be a name of 1-200 characters' }]);
  }
  const [row] = await db.query<{ sampled: number; properties: { key: string; kinds: string[]; samples: string[] | null; seen: number }[] | null }>(
    `WITH latest AS (
       SELECT properties FROM events WHERE workspace_id = $1 AND name = $2 ORDER BY occurred_at DESC LIMIT $3
     ),
     kv AS (SELECT t.key, t.value FROM latest, jsonb_each(latest.properties) t WHERE jsonb_typeof(latest.properties) = 'object' AND jsonb_typeof(t.value) <> 'null'),
     keys AS (
       SELECT key, array_agg(DISTINCT jsonb_typeof(value)) AS kinds,
              (array_agg(value #>> '{}') FILTER (WHERE jsonb_typeof(value) = 'string'))[1:20] AS samples, count(*) AS seen
         FROM kv GROUP BY key
     )
     SELECT (SELECT count(*) FROM latest) AS sampled,
            (SELECT jsonb_agg(jsonb_build_object('key', key, 'kinds', kinds, 'samples', samples, 'seen', seen) ORDER BY seen DESC, key) FROM keys) AS properties`,
    [workspaceId, name, PROPERTY_SAMPLE],
  );
  return {
    event: name,
    sampled: row?.sampled ?? 0,
    properties: (row?.properties ?? []).map((p) => ({ key: p.key, type: inferValueType(p.kinds, p.samples ?? []), seen: Number(p.seen) })),
  };
}
