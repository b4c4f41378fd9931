import type { Queryable } from '../../db/database.js';
import { decodeCursor, type KeysetOrder, type Page } from '../../db/keyset-cursor.js';
import { keysetPage } from '../../db/keyset-page.js';
import type { SqlParams } from '../../db/sql-params.js';
import { AppError } from '../../errors/app-error.js';

/** A subject going through one element: enrolled by a trigger, treated or held out as control. */
export interface CareRun {
  id: number;
  element_id: number;
  element_key: string;
  /** The version it was enrolled under (later steps follow the current version). */
  element_version: number;
  subject_type: 'account' | 'contact';
  subject_id: number;
  dedupe_key: string;
  trigger: Record<string, unknown>;
  cohort: 'treated' | 'control';
  status: 'active' | 'completed' | 'cancelled' | 'control';
  started_at: Date;
  finished_at: Date | null;
  /** Its actions by status. */
  actions: Record<string, number>;
}

export interface ListCareRunsInput {
  element_id?: number | undefined;
  subject_type?: 'account' | 'contact' | undefined;
  subject_id?: number | undefined;
  status?: CareRun['status'] | undefined;
  cohort?: CareRun['cohort'] | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

const ORDER: KeysetOrder = {
  sort: 'care-runs:-started_at',
  keys: [
    { sql: 'r.started_at', type: 'timestamptz' },
    { sql: 'r.id', type: 'bigint' },
  ],
  direction: 'desc',
};

/** Runs, newest first (keyset pages), by element, subject, status or cohort, with their action counts. */
export async function listCareRuns(db: Queryable, workspaceId: number, input: ListCareRunsInput): Promise<Page<CareRun>> {
  if (input.subject_id !== undefined && input.subject_type === undefined) {
    throw new AppError('validation_failed', 'subject_id needs subject_type', [{ path: 'querystring/subject_type', message: 'is required with subject_id' }]);
  }
  return keysetPage<CareRun>(
    db,
    {
      from: `care_runs r JOIN care_elements e ON e.workspace_id = r.workspace_id AND e.id = r.element_id`,
      select: `r.id, r.element_id, e.key AS element_key, r.element_version, r.subject_type, r.subject_id, r.dedupe_key, r.trigger, r.cohort, r.status,
               r.started_at, r.finished_at,
               coalesce((SELECT jsonb_object_agg(s.status, s.n) FROM (SELECT a.status, count(*) AS n FROM care_actions a
                          WHERE a.workspace_id = r.workspace_id AND a.run_id = r.id GROUP BY a.status) s), '{}'::jsonb) AS actions`,
      id: 'r.id',
      order: ORDER,
      where: (p: SqlParams) => {
        const conds = [`r.workspace_id = ${p.add(workspaceId)}`];
        if (input.element_id !== undefined) conds.push(`r.element_id = ${p.add(input.element_id)}`);
        if (input.subject_type !== undefined) conds.push(`r.subject_type = ${p.add(input.subject_type)}`);
        if (input.subject_id !== undefined) conds.push(`r.subject_id = ${p.add(input.subject_id)}`);
        if (input.status !== undefined) conds.push(`r.status = ${p.add(input.status)}`);
        if (input.cohort !== undefined) conds.push(`r.cohort = ${p.add(input.cohort)}`);
        return conds;
      },
    },
    { after: input.cursor ? decodeCursor(ORDER, input.cursor) : null, limit: input.limit ?? 50 },
  );
}
