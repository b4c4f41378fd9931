import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { IMPORT_JOB_COLUMNS, type ImportJob } from './import-job.js';
import type { ImportFormat, ImportKind } from './import-target.js';
import { checkMapping } from './plan-columns.js';
import { kindSpec } from './plan-csv-import.js';

export interface CreateImportJobInput {
  kind: ImportKind;
  format?: ImportFormat | undefined;
  skip_invalid?: boolean | undefined;
  mapping?: Record<string, string> | null | undefined;
}

/** A new import job, waiting for its file. The mapping is checked now, against the kind's fields. */
export async function createImportJob(db: Queryable, workspaceId: number, input: CreateImportJobInput): Promise<ImportJob> {
  const format = input.format ?? 'csv';
  if (format === 'cdnow' && input.kind !== 'orders') {
    throw new AppError('validation_failed', `The cdnow format holds orders; it cannot import ${input.kind}`, [
      { path: '/format', message: 'cdnow is for kind orders only' },
    ]);
  }
  let mapping: Record<string, string> | null = null;
  if (input.mapping) {
    if (format === 'cdnow') {
      throw new AppError('validation_failed', 'A mapping applies to CSV files; the cdnow format has fixed columns', [
        { path: '/mapping', message: 'is not used with format cdnow' },
      ]);
    }
    try {
      mapping = checkMapping(kindSpec(input.kind), input.mapping);
    } catch (e) {
      if (e instanceof AppError) throw new AppError(e.code, e.message, e.issues.map((i) => ({ ...i, path: `/${i.path}` })));
      throw e;
    }
  }
  const [job] = await db.query<ImportJob & Record<string, unknown>>(
    `INSERT INTO import_jobs AS j (workspace_id, kind, format, skip_invalid, mapping)
     VALUES ($1, $2, $3, $4, $5) RETURNING ${IMPORT_JOB_COLUMNS}`,
    [workspaceId, input.kind, format, input.skip_invalid === true, mapping === null ? null : JSON.stringify(mapping)],
  );
  return job!;
}
