import type { Queryable } from '../db/database.js';
import { decodeCursor, type KeysetOrder, type Page } from '../db/keyset-cursor.js';
import { keysetPage } from '../db/keyset-page.js';
import type { SubjectType } from '../rules/rule.js';

export interface StageHistoryEntry {
  id: number;
  from_stage: string | null;
  to_stage: string;
  moved_at: Date;
  transition_key: string | null;
  definition_version: number;
  /** The facts the transition's rule read when it moved the subject (its "why"). */
  facts: Record<string, unknown>;
}

const NEWEST_FIRST: KeysetOrder = {
  sort: 'stage-history:-moved_at',
  keys: [
    { sql: 'h.moved_at', type: 'timestamptz' },
    { sql: 'h.id', type: 'bigint' },
  ],
  direction: 'desc',
};

/** The stage moves of one account or contact, newest first, keyset-paginated. */
export async function listStageHistory(
  db: Queryable,
  workspaceId: number,
  subject: SubjectType,
  subjectId: number,
  input: { limit?: number | undefined; cursor?: string | undefined } = {},
): Promise<Page<StageHistoryEntry>> {
  return keysetPage<StageHistoryEntry>(
    db,
    {
      from: 'stage_history h',
      select: 'h.id, h.from_stage, h.to_stage, h.moved_at, h.transition_key, h.definition_version, h.facts',
      id: 'h.id',
      where: (p) => [`h.workspace_id = ${p.add(workspaceId)}`, `h.subject_type = ${p.add(subject)}`, `h.subject_id = ${p.add(subjectId, 'bigint')}`],
      order: NEWEST_FIRST,
    },
    { after: input.cursor ? decodeCursor(NEWEST_FIRST, input.cursor) : null, limit: input.limit ?? 50 },
  );
}
