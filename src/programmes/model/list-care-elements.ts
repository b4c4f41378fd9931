import type { Queryable } from '../../db/database.js';
import type { SubjectType } from '../../rules/rule.js';
import type { CareElement, CarePhase } from './care-element.js';
import { CARE_ELEMENT_COLUMNS, toCareElement, type CareElementRow } from './find-care-element.js';

export interface ListCareElementsInput {
  subject_type?: SubjectType | undefined;
  enabled?: boolean | undefined;
  phase?: CarePhase | undefined;
  /** Elements placed in this stage (an element with no stages is placed in every stage). */
  stage?: string | undefined;
  /** Elements placed in this segment (an element with no segments is placed in every segment). */
  segment?: string | undefined;
}

/** The workspace's care elements in key order (tens of them, not thousands: one list). */
export async function listCareElements(db: Queryable, workspaceId: number, input: ListCareElementsInput = {}): Promise<{ data: CareElement[] }> {
  const rows = await db.query<CareElementRow>(
    `SELECT ${CARE_ELEMENT_COLUMNS} FROM care_elements e
      WHERE e.workspace_id = $1
        AND ($2::text IS NULL OR e.subject_type = $2)
        AND ($3::boolean IS NULL OR e.enabled = $3)
        AND ($4::text IS NULL OR e.definition ->> 'phase' = $4)
        AND ($5::text IS NULL OR jsonb_array_length(e.definition -> 'placement' -> 'stages') = 0 OR e.definition -> 'placement' -> 'stages' ? $5)
        AND ($6::text IS NULL OR jsonb_array_length(e.definition -> 'placement' -> 'segments') = 0 OR e.definition -> 'placement' -> 'segments' ? $6)
      ORDER BY e.key`,
    [workspaceId, input.subject_type ?? null, input.enabled ?? null, input.phase ?? null, input.stage ?? null, input.segment ?? null],
  );
  return { data: rows.map(toCareElement) };
}
