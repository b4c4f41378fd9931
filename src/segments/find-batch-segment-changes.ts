import type { Queryable } from '../db/database.js';
import { listRuleReferences } from './list-rule-references.js';
import type { PlannedSegment, SegmentFacts } from './recompute-segments.js';

/** The members of the segments among a list of ids, read once for all the segments; dropped at commit. */
export const BATCH_MEMBERS_TABLE = 'kanta_segment_batch_members';

/**
 * For segments applied to a list of subjects (the recompute queue's): reads those subjects'
 * memberships of the segments once, into BATCH_MEMBERS_TABLE (segment_id, subject_id), one index
 * probe per subject (OFFSET 0 keeps it so: a filter on the ids read every member of each
 * segment); only a segment's own statement changes its members, so the snapshot holds for each.
 * Then says, per segment, whether its statement has anything to do: its rule differs from its
 * membership for some subject of the facts, or a member is no longer a subject; or it reads
 * (in_segment) one of these segments that runs before it (the segments come referenced first),
 * whose new members it must see. A drain of a few hundred subjects changes a few segments; the
 * other segments' statements cost as much as a change, about a fifth of such a drain.
 */
export async function findBatchSegmentChanges(
  tx: Queryable,
  workspaceId: number,
  segments: readonly PlannedSegment[],
  ids: readonly number[],
  facts: Pick<SegmentFacts, 'table' | 'predicates'>,
  now: Date,
): Promise<boolean[]> {
  await tx.exec(`DROP TABLE IF EXISTS ${BATCH_MEMBERS_TABLE}`);
  await tx.query(
    `CREATE TEMP TABLE ${BATCH_MEMBERS_TABLE} ON COMMIT DROP AS
     SELECT m.segment_id, m.subject_id FROM (SELECT DISTINCT unnest($2::bigint[]) AS id) u
      CROSS JOIN LATERAL (SELECT m.segment_id, m.subject_id FROM segment_members m
                           WHERE m.workspace_id = $1::bigint AND m.subject_id = u.id AND m.segment_id = ANY($3::bigint[]) OFFSET 0) m`,
    [workspaceId, [...ids], segments.map((s) => s.id)],
  );
  // $1 workspace, $2 now: the predicates' two parameters. Hits and memberships meet in one hash join.
  const hits = segments.map((_, i) => `(${facts.predicates[i]})`).join(', ');
  const differs = segments
    .map((s, i) => `coalesce(bool_or(coalesce(w.hits[${i + 1}], false) <> coalesce(${Number(s.id)}::bigint = ANY(c.segments), false)), false)`)
    .join(', ');
  const [row] = await tx.query<{ changed: boolean[] }>(
    `WITH w AS (SELECT f.subject_id, ARRAY[${hits}] AS hits FROM ${facts.table} f),
          c AS (SELECT m.subject_id, array_agg(m.segment_id) AS segments FROM ${BATCH_MEMBERS_TABLE} m GROUP BY m.subject_id)
     SELECT ARRAY[${differs}] AS changed FROM w FULL JOIN c ON c.subject_id = w.subject_id`,
    [workspaceId, now.toISOString()],
  );
  const running = new Set<string>();
  return segments.map((s, i) => {
    const run = row!.changed[i]! || listRuleReferences(s.rule).segments.some((k) => running.has(k));
    if (run) running.add(s.key);
    return run;
  });
}
