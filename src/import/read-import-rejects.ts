import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { RejectedRow } from './import-target.js';
import { rejectCsvHeader, rejectCsvRows } from './reject-csv.js';

const PAGE = 5000;

/**
 * The rejected rows of a finished skip_invalid import as CSV text, in line order, read page by
 * page so a large reject set streams in constant memory. Checks the job before the first byte.
 */
export async function readImportRejects(db: Queryable, workspaceId: number, id: number): Promise<AsyncIterable<string>> {
  const [job] = await db.query<{ skip_invalid: boolean; status: string; reject_columns: string[] | null }>(
    'SELECT skip_invalid, status, reject_columns FROM import_jobs WHERE workspace_id = $1 AND id = $2',
    [workspaceId, id],
  );
  if (!job) throw new AppError('not_found', `There is no import ${id}`);
  if (!job.skip_invalid) {
    throw new AppError('not_found', `Import ${id} was not run with skip_invalid: a file with invalid rows is rejected whole, see its errors`);
  }
  if (job.status === 'waiting' || job.status === 'running') {
    throw new AppError('conflict', `Import ${id} is ${job.status}; its rejects are ready when it has finished`);
  }
  const columns = job.reject_columns ?? [];
  return (async function* () {
    yield rejectCsvHeader(columns);
    let after: [number, number] = [0, 0];
    for (;;) {
      const rows = await db.query<{ line: number; seq: number; reasons: string; fields: string[] }>(
        `SELECT line, seq, reasons, fields FROM import_rejects
          WHERE workspace_id = $1 AND import_id = $2 AND (line, seq) > ($3, $4)
          ORDER BY line, seq LIMIT ${PAGE}`,
        [workspaceId, id, after[0], after[1]],
      );
      if (rows.length === 0) return;
      yield rejectCsvRows(rows.map((r): RejectedRow => ({ line: r.line, reasons: r.reasons, fields: r.fields })));
      const last = rows[rows.length - 1]!;
      after = [last.line, last.seq];
    }
  })();
}
