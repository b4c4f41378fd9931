import type { Queryable } from '../../db/database.js';
import { getLifecycleDefinition } from '../../lifecycle/get-lifecycle-definition.js';
import type { SubjectType } from '../../rules/rule.js';
import type { CareElementDefinition } from './care-element.js';
import { getPersonaCoverage, type PersonaCoverage } from './get-persona-coverage.js';

export interface CareCoverageCell {
  stage: string;
  /** null: the stage as a whole (every subject in it, whatever their segments). */
  segment: string | null;
  /** Enabled elements placed in this cell. */
  elements: string[];
  /** Subjects in the stage (and the segment). */
  subjects: number;
  /** Of those, subjects that no enabled element is placed for (in their stage and any of their segments). */
  uncovered: number;
}

export interface CareCoverage {
  subject_type: SubjectType;
  cells: CareCoverageCell[];
  /** Cells with no enabled element. */
  empty_cells: { stage: string; segment: string | null }[];
  totals: { subjects: number; uncovered: number };
  /** The micro matrix: per buyer persona, its contacts and which enabled elements' content gives it a variant, the default text or nothing. */
  micro: PersonaCoverage;
}

/**
 * Which cells of the care matrix are empty and how many customers get nothing from the
 * enabled elements. A subject counts as covered when an enabled element is placed in its
 * current stage (or every stage) and in one of its segments (or every segment). Triggers are
 * not considered: a covered subject may still wait for its trigger. One pass over the subjects,
 * grouped by (stage, set of segments). With it, the persona coverage of the micro matrix
 * (getPersonaCoverage).
 */
export async function getCareCoverage(db: Queryable, workspaceId: number, subjectType: SubjectType): Promise<CareCoverage> {
  const lifecycle = await getLifecycleDefinition(db, workspaceId, subjectType);
  const segments = await db.query<{ key: string }>('SELECT key FROM segments WHERE workspace_id = $1 AND subject_type = $2 ORDER BY lower(name), key', [
    workspaceId,
    subjectType,
  ]);
  const elements = await db.query<{ key: string; definition: CareElementDefinition }>(
    'SELECT key, definition FROM care_elements WHERE workspace_id = $1 AND subject_type = $2 AND enabled ORDER BY key',
    [workspaceId, subjectType],
  );
  const groups = await db.query<{ stage: string; segs: string[]; n: number }>(
    `WITH subject AS (
       SELECT ss.stage,
              ARRAY(SELECT s.key FROM segment_members m JOIN segments s ON s.workspace_id = m.workspace_id AND s.id = m.segment_id
                     WHERE m.workspace_id = $1 AND m.subject_id = ss.subject_id AND s.subject_type = $2 ORDER BY s.key) AS segs
         FROM subject_stages ss WHERE ss.workspace_id = $1 AND ss.subject_type = $2
     )
     SELECT stage, segs, count(*)::int AS n FROM subject GROUP BY stage, segs`,
    [workspaceId, subjectType],
  );
  const placed = elements.map((e) => ({ key: e.key, stages: e.definition.placement.stages, segments: e.definition.placement.segments }));
  const inStage = (e: (typeof placed)[number], stage: string) => e.stages.length === 0 || e.stages.includes(stage);
  const covered = (stage: string, segs: string[]) => placed.some((e) => inStage(e, stage) && (e.segments.length === 0 || e.segments.some((s) => segs.includes(s))));
  const cells: CareCoverageCell[] = [];
  for (const stage of lifecycle.definition.stages.map((s) => s.key)) {
    for (const segment of [null, ...segments.map((s) => s.key)]) {
      const here = groups.filter((g) => g.stage === stage && (segment === null || g.segs.includes(segment)));
      cells.push({
        stage,
        segment,
        elements: placed.filter((e) => inStage(e, stage) && (segment === null ? e.segments.length === 0 : e.segments.includes(segment))).map((e) => e.key),
        subjects: here.reduce((n, g) => n + g.n, 0),
        uncovered: here.filter((g) => !covered(g.stage, g.segs)).reduce((n, g) => n + g.n, 0),
      });
    }
  }
  return {
    subject_type: subjectType,
    cells,
    empty_cells: cells.filter((c) => c.elements.length === 0).map((c) => ({ stage: c.stage, segment: c.segment })),
    totals: {
      subjects: groups.reduce((n, g) => n + g.n, 0),
      uncovered: groups.filter((g) => !covered(g.stage, g.segs)).reduce((n, g) => n + g.n, 0),
    },
    micro: await getPersonaCoverage(db, workspaceId, subjectType),
  };
}
