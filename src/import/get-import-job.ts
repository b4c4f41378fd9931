import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { IMPORT_JOB_COLUMNS, type ImportJob } from './import-job.js';
import type { ImportJobRegistry } from './import-job-registry.js';

/**
 * One import job: the live state when it runs in this process (its row is then behind the
 * import's transaction), otherwise its row.
 */
export async function getImportJob(db: Queryable, registry: ImportJobRegistry, workspaceId: number, id: number): Promise<ImportJob> {
  const live = registry.get(workspaceId, id);
  if (live) return live;
  const [job] = await db.query<ImportJob & Record<string, unknown>>(
    `SELECT ${IMPORT_JOB_COLUMNS} FROM import_jobs j WHERE j.workspace_id = $1 AND j.id = $2`,
    [workspaceId, id],
  );
  if (!job) throw new AppError('not_found', `There is no import ${id}`);
  return job;
}
