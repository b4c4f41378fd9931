import type { Queryable } from '../db/database.js';
import { decodeCursor, type KeysetOrder, type Page } from '../db/keyset-cursor.js';
import { keysetPage } from '../db/keyset-page.js';
import type { SqlParams } from '../db/sql-params.js';
import { findSegment } from './find-segment.js';
import { subjectDisplaySql } from './subject-display-sql.js';

export interface SegmentHistoryEntry {
  id: number;
  subject_id: number;
  /** Null when the subject has been deleted since. */
  name: string | null;
  change: 'entered' | 'exited';
  changed_at: Date;
  /** The segment version whose rule (or hand edit) made the change. */
  segment_version: number;
  /** The facts the rule read, keyed by a readable label: why it changed. */
  facts: Record<string, unknown>;
}

export interface ListSegmentHistoryInput {
  subject_id?: number | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

const ORDER: KeysetOrder = {
  sort: 'segment-history:-changed_at',
  keys: [
    { sql: 'h.changed_at', type: 'timestamptz' },
    { sql: 'h.id', type: 'bigint' },
  ],
  direction: 'desc',
};

/** Who entered and left a segment (by id or key), newest first, optionally for one subject. */
export async function listSegmentHistory(db: Queryable, workspaceId: number, idOrKey: number | string, input: ListSegmentHistoryInput): Promise<Page<SegmentHistoryEntry>> {
  const segment = await findSegment(db, workspaceId, idOrKey);
  const display = subjectDisplaySql(segment.subject_type, 'x');
  return keysetPage<SegmentHistoryEntry>(
    db,
    {
      from: `segment_history h LEFT JOIN ${display.table} x ON x.workspace_id = h.workspace_id AND x.id = h.subject_id`,
      select: `h.id, h.subject_id, ${display.name} AS name, h.change, h.changed_at, h.segment_version, h.facts`,
      id: 'h.id',
      order: ORDER,
      where: (p: SqlParams) => {
        const conds = [`h.workspace_id = ${p.add(workspaceId)}`, `h.segment_id = ${p.add(segment.id)}`];
        if (input.subject_id !== undefined) conds.push(`h.subject_id = ${p.add(input.subject_id)}`);
        return conds;
      },
    },
    { after: input.cursor ? decodeCursor(ORDER, input.cursor) : null, limit: input.limit ?? 50 },
  );
}
