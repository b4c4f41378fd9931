import type { Queryable } from '../db/database.js';
import { decodeCursor, type KeysetOrder, type Page } from '../db/keyset-cursor.js';
import { keysetPage } from '../db/keyset-page.js';
import type { SqlParams } from '../db/sql-params.js';
import { IMPORT_JOB_COLUMNS, type ImportJob } from './import-job.js';
import type { ImportJobRegistry } from './import-job-registry.js';

/** Newest first: ids grow with creation, and (workspace_id, id) is the primary key. */
const ORDER: KeysetOrder = { sort: 'imports:-id', keys: [{ sql: 'j.id', type: 'bigint' }], direction: 'desc' };

export interface ListImportJobsInput {
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** One page of a workspace's import jobs, newest first, running ones with their live progress. */
export async function listImportJobs(
  db: Queryable,
  registry: ImportJobRegistry,
  workspaceId: number,
  input: ListImportJobsInput,
): Promise<Page<ImportJob>> {
  const page = await keysetPage<ImportJob>(
    db,
    {
      from: 'import_jobs j',
      select: IMPORT_JOB_COLUMNS,
      id: 'j.id',
      order: ORDER,
      where: (p: SqlParams) => [`j.workspace_id = ${p.add(workspaceId)}`],
    },
    { after: input.cursor ? decodeCursor(ORDER, input.cursor) : null, limit: input.limit ?? 50 },
  );
  return { ...page, data: page.data.map((job) => registry.get(workspaceId, job.id) ?? job) };
}
