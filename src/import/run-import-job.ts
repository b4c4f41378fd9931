import { csvLine } from '../db/copy-sql.js';
import type { Database, Queryable } from '../db/database.js';
import { AppError, isAppError } from '../errors/app-error.js';
import { importFile, MAX_KEPT_ERRORS, type ImportResult } from './import-file.js';
import { IMPORT_JOB_COLUMNS, type ImportJob } from './import-job.js';
import type { ImportJobRegistry } from './import-job-registry.js';
import type { RejectSink } from './import-target.js';
import type { Principal } from '../workspaces/authenticate-api-key.js';

export interface RunImportJobInput {
  /** The file's bytes (the request body, streamed). */
  source: AsyncIterable<Buffer | string>;
  bytesTotal: number | null;
  maxBytes?: number;
  /** The uploading key (its hash and principal): it may poll the running job without a database lookup. */
  starter?: { tokenHash: string; principal: Principal };
}

const PROGRESS_EVERY_MS = 1000;
const PROGRESS_EVERY_ROWS = 10_000;

/** Rejected rows into import_rejects, in the import's own transaction (kept only if it commits). */
function rejectTable(workspaceId: number, importId: number): RejectSink {
  let seq = 0;
  return {
    async write(rows, _columns, tx: Queryable) {
      let csv = '';
      for (const r of rows) csv += csvLine([workspaceId, importId, ++seq, r.line, r.reasons, JSON.stringify(r.fields)]);
      await tx.copyCsv('import_rejects', ['workspace_id', 'import_id', 'seq', 'line', 'reasons', 'fields'], csv);
    },
    async close() {},
  };
}

async function claim(db: Queryable, workspaceId: number, id: number, bytesTotal: number | null) {
  const [job] = await db.query<ImportJob & { mapping: Record<string, string> | null } & Record<string, unknown>>(
    `UPDATE import_jobs j SET status = 'running', started_at = now(), bytes_total = $3
      WHERE j.workspace_id = $1 AND j.id = $2 AND j.status = 'waiting'
      RETURNING ${IMPORT_JOB_COLUMNS}, j.mapping`,
    [workspaceId, id, bytesTotal],
  );
  if (job) return job;
  const [other] = await db.query<{ status: string }>('SELECT status FROM import_jobs WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  if (!other) throw new AppError('not_found', `There is no import ${id}`);
  throw new AppError('conflict', `Import ${id} is already ${other.status}: a job takes one file; create a new import for another`);
}

/**
 * Runs a waiting import job on the uploaded file: the job is live in the registry while it runs
 * (GET reads it there), and on PostgreSQL its row also gets the progress every second or 10,000
 * rows (through another connection: the import's transaction is not visible until it commits).
 */
export async function runImportJob(db: Database, registry: ImportJobRegistry, workspaceId: number, id: number, input: RunImportJobInput): Promise<ImportJob> {
  const claimed = await claim(db, workspaceId, id, input.bytesTotal);
  const { mapping, ...job } = claimed;
  const live = registry.start(workspaceId, job, input.starter ?? null);
  let lastWrite = 0;
  let lastRows = 0;
  let writing: Promise<unknown> | null = null;
  const persistProgress = () => {
    if (db.kind !== 'postgres' || writing) return;
    writing = db
      .execute('UPDATE import_jobs SET bytes_read = $3, rows_read = $4, rows_rejected = $5 WHERE workspace_id = $1 AND id = $2', [
        workspaceId, id, live.bytes_read, live.rows_read, live.rows_rejected,
      ])
      .catch(() => undefined)
      .finally(() => {
        writing = null;
      });
  };

  let result: ImportResult | null = null;
  let failure: unknown = null;
  try {
    result = await importFile(db, workspaceId, {
      kind: job.kind,
      format: job.format,
      source: input.source,
      bytesTotal: input.bytesTotal,
      mapping,
      skipInvalid: job.skip_invalid,
      rejects: rejectTable(workspaceId, id),
      ...(input.maxBytes !== undefined ? { maxBytes: input.maxBytes } : {}),
      onProgress: (bytesRead, _total, rowsRead, rowsRejected) => {
        live.bytes_read = bytesRead;
        live.rows_read = rowsRead;
        live.rows_rejected = rowsRejected;
        const now = Date.now();
        if (now - lastWrite >= PROGRESS_EVERY_MS || rowsRead - lastRows >= PROGRESS_EVERY_ROWS) {
          lastWrite = now;
          lastRows = rowsRead;
          persistProgress();
        }
      },
      onIssue: (issue) => {
        if (live.errors.length < MAX_KEPT_ERRORS) live.errors.push(issue);
      },
    });
  } catch (e) {
    failure = e;
  }
  await writing;

  const errors = result ? result.errors : live.errors;
  const summary = result
    ? result.error_summary
    : isAppError(failure) ? failure.message : 'The import failed on an unexpected error; it has been logged';
  const [done] = await db.query<ImportJob & Record<string, unknown>>(
    `UPDATE import_jobs j SET status = $3, bytes_read = $4, rows_read = $5, rows_imported = $6, rows_rejected = $7,
            errors = $8::jsonb, error_summary = $9, reject_columns = $10::jsonb, finished_at = now()
      WHERE j.workspace_id = $1 AND j.id = $2 RETURNING ${IMPORT_JOB_COLUMNS}`,
    [
      workspaceId,
      id,
      result?.status ?? 'failed',
      result?.bytes_read ?? live.bytes_read,
      result?.rows_read ?? live.rows_read,
      result?.rows_imported ?? 0,
      result?.rows_rejected ?? live.rows_rejected,
      JSON.stringify(errors),
      summary,
      result?.reject_columns ? JSON.stringify(result.reject_columns) : null,
    ],
  );
  registry.finish(workspaceId, id);
  if (failure && !isAppError(failure)) throw failure;
  return done!;
}
