import type { Queryable } from '../db/database.js';
import { inferValueType, type VocabularyValueType } from './infer-value-type.js';
import { FAMILY_NAMES, SCORE_FAMILIES } from './score-families.js';

/** How many distinct event names the vocabulary lists at most. */
export const MAX_EVENT_NAMES = 500;
/** Trait keys are read from this many newest accounts and contacts. */
export const TRAIT_SAMPLE = 2_000;

export interface VocabularyKey {
  key: string;
  /** What the sampled values look like: the type a rule should compare as. */
  type: VocabularyValueType;
  /** In how many of the sampled rows the key was present. */
  seen: number;
}

export interface RuleVocabulary {
  events: { name: string; last_seen: Date | null }[];
  traits: { account: VocabularyKey[]; contact: VocabularyKey[]; sample: number };
  metrics: { account: string[]; contact: string[] };
}

/**
 * What a rule can name in this workspace, from its own data, for the rule builder's suggestions:
 * - every distinct event name (at most MAX_EVENT_NAMES, by name) with when it last occurred,
 *   read by skipping through the (workspace, name, occurred_at) index, so it costs one index
 *   probe per name whatever the number of events;
 * - the free trait keys of the TRAIT_SAMPLE newest accounts and contacts (by id: the primary key's order, cheap at any size), each with
 *   the type its values look like and how often it was present;
 * - the stored metrics (RFM, CLV, ...) per subject type.
 */
export async function listRuleVocabulary(db: Queryable, workspaceId: number): Promise<RuleVocabulary> {
  const events = await db.query<{ name: string; last_seen: Date | null }>(
    `WITH RECURSIVE names (name, depth) AS (
       (SELECT name, 1 FROM events WHERE workspace_id = $1 ORDER BY name LIMIT 1)
       UNION ALL
       SELECT (SELECT e.name FROM events e WHERE e.workspace_id = $1 AND e.name > n.name ORDER BY e.name LIMIT 1), n.depth + 1
         FROM names n WHERE n.name IS NOT NULL AND n.depth < $2
     )
     SELECT n.name, (SELECT max(e.occurred_at) FROM events e WHERE e.workspace_id = $1 AND e.name = n.name) AS last_seen
       FROM names n WHERE n.name IS NOT NULL ORDER BY n.name`,
    [workspaceId, MAX_EVENT_NAMES],
  );
  const traitRows = await db.query<{ subject: 'account' | 'contact'; key: string; kinds: string[]; samples: string[]; seen: number }>(
    `WITH a AS (SELECT traits FROM accounts WHERE workspace_id = $1 ORDER BY id DESC LIMIT $2),
          c AS (SELECT traits FROM contacts WHERE workspace_id = $1 ORDER BY id DESC LIMIT $2),
          kv AS (
            SELECT 'account' AS subject, t.key, t.value FROM a, jsonb_each(a.traits) t WHERE jsonb_typeof(a.traits) = 'object'
            UNION ALL
            SELECT 'contact', t.key, t.value FROM c, jsonb_each(c.traits) t WHERE jsonb_typeof(c.traits) = 'object'
          )
     SELECT subject, key, array_agg(DISTINCT jsonb_typeof(value)) AS kinds,
            (array_agg(value #>> '{}') FILTER (WHERE jsonb_typeof(value) = 'string'))[1:20] AS samples, count(*) AS seen
       FROM kv WHERE jsonb_typeof(value) <> 'null' GROUP BY subject, key ORDER BY subject, count(*) DESC, key`,
    [workspaceId, TRAIT_SAMPLE],
  );
  const metricRows = await db.query<{ subject_type: 'account' | 'contact'; metric: string }>(
    // Per subject type, the metrics of subject_scores with a value for some subject: one EXISTS
    // per metric, each stopping at its first row in the family's range of the primary key.
    `SELECT t.subject_type, x.metric
       FROM (VALUES ('account'), ('contact')) AS t(subject_type)
      CROSS JOIN LATERAL (VALUES ${FAMILY_NAMES.flatMap((f) =>
        SCORE_FAMILIES[f].map(
          (m) => `('${m}', EXISTS (SELECT 1 FROM subject_scores s WHERE s.workspace_id = $1 AND s.subject_type = t.subject_type AND s.family = '${f}' AND s.${m} IS NOT NULL))`,
        ),
      ).join(', ')}) AS x(metric, stored)
      WHERE x.stored ORDER BY t.subject_type, x.metric`,
    [workspaceId],
  );
  const traits: RuleVocabulary['traits'] = { account: [], contact: [], sample: TRAIT_SAMPLE };
  for (const r of traitRows) traits[r.subject].push({ key: r.key, type: inferValueType(r.kinds, r.samples ?? []), seen: r.seen });
  return {
    events,
    traits,
    metrics: {
      account: metricRows.filter((m) => m.subject_type === 'account').map((m) => m.metric),
      contact: metricRows.filter((m) => m.subject_type === 'contact').map((m) => m.metric),
    },
  };
}
