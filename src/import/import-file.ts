import type { Database, Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { ChangeCounts, ImportFormat, ImportIssue, ImportKind, ImportPlan, RejectedRow, RejectSink, StagedReject } from './import-target.js';
import { checkMapping } from './plan-columns.js';
import { kindSpec, planCsvImport } from './plan-csv-import.js';
import { planCdnowImport } from './plan-cdnow-import.js';
import { readCdnowRecords } from './read-cdnow-records.js';
import { readCsvRecords } from './read-csv-records.js';
import { queueImportedSubjects } from './queue-imported-subjects.js';

export interface ImportFileInput {
  kind: ImportKind;
  format: ImportFormat;
  /** The file's bytes, read once from start to end (a file or request stream). */
  source: AsyncIterable<Buffer | string>;
  bytesTotal: number | null;
  /** `{ "<target field>": "<source header>" }`; CSV only. */
  mapping?: Record<string, string> | null;
  /** Import the valid rows and hand the invalid ones to `rejects`, instead of rejecting the whole file. */
  skipInvalid?: boolean;
  rejects?: RejectSink;
  delimiter?: string;
  maxBytes?: number;
  /** Rows per COPY into the staging table. */
  batchSize?: number;
  onProgress?: (bytesRead: number, bytesTotal: number, rowsRead: number, rowsRejected: number) => void;
  /** Every issue, as found (the result keeps only the first MAX_KEPT_ERRORS). */
  onIssue?: (issue: ImportIssue) => void;
}

export interface ImportResult {
  kind: ImportKind;
  format: ImportFormat;
  status: 'succeeded' | 'failed';
  bytes_read: number;
  bytes_total: number | null;
  rows_read: number;
  rows_imported: number;
  rows_rejected: number;
  /** The first MAX_KEPT_ERRORS issues; error_count has them all. */
  errors: ImportIssue[];
  error_count: number;
  error_summary: string | null;
  /** Header of the rejects (the source's columns); null when no row was rejected. */
  reject_columns: string[] | null;
  /** What the merge changed per table (all zero when the same file is imported again). */
  changes: ChangeCounts;
  elapsed_ms: number;
  rows_per_second: number;
}

export const MAX_KEPT_ERRORS = 1000;

/** Thrown inside the transaction to roll it back when the file is rejected. */
class RejectFile extends Error {}

function reasonsOf(issues: readonly ImportIssue[]): string {
  return issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ');
}

/**
 * Imports one file in one transaction, in constant memory: the rows are streamed, each one
 * checked, the valid ones COPYed into a TEMP staging table in batches, and at the end merged into
 * the real tables with set-based upserts that leave unchanged rows untouched. If any row is
 * invalid the whole file is rejected (every bad row is still reported), unless skipInvalid.
 */
export async function importFile(db: Database, workspaceId: number, input: ImportFileInput): Promise<ImportResult> {
  if (input.format === 'cdnow' && input.kind !== 'orders') {
    throw new AppError('bad_request', `The cdnow format holds orders; it cannot import ${input.kind}`, [{ path: 'format', message: 'cdnow is for orders only' }]);
  }
  if (input.format === 'cdnow' && input.mapping) {
    throw new AppError('bad_request', 'A mapping applies to CSV files; the cdnow format has fixed columns', [{ path: 'mapping', message: 'not used with cdnow' }]);
  }
  const mapping = input.mapping ? checkMapping(kindSpec(input.kind), input.mapping) : null;
  const skipInvalid = input.skipInvalid === true;
  const batchSize = input.batchSize ?? 10_000;
  const started = performance.now();

  const errors: ImportIssue[] = [];
  let errorCount = 0;
  let rowsRead = 0;
  let rowsImported = 0;
  let rowsRejected = 0;
  let bytesRead = 0;
  let rejectColumns: string[] | null = null;
  let headerFailed = false;
  let emptyFile = true;

  const report = (issue: ImportIssue) => {
    errorCount++;
    if (errors.length < MAX_KEPT_ERRORS) errors.push(issue);
    input.onIssue?.(issue);
  };

  const run = async (tx: Queryable): Promise<ChangeCounts> => {
    // The merge statements sort and join whole files: JIT compiling them costs more than it saves,
    // and a little more work_mem keeps their sorts off disk.
    await tx.exec(`SET LOCAL jit = off; SET LOCAL work_mem = '32MB'`);
    let plan: ImportPlan | null = input.format === 'cdnow' ? planCdnowImport() : null;
    if (plan) await tx.exec(plan.stageDdl);
    let staged: string[] = [];
    let rejects: RejectedRow[] = [];
    const rowIssues: ImportIssue[] = [];

    // The COPY of a batch runs while the next batch is read and checked, so the database and this
    // process work at the same time. At most one COPY is in flight, and it is awaited before any
    // other statement (and before a failing import rolls back).
    let copying: Promise<number> | null = null;
    const settle = async () => {
      const c = copying;
      copying = null;
      if (c) await c;
    };
    /** Waits for the COPY in flight without its failure: the import is failing already. */
    const abandon = async () => {
      await copying?.catch(() => undefined);
    };
    const writeRejects = async (p: ImportPlan) => {
      if (rejects.length === 0) return;
      rejectColumns = [...p.rejectColumns];
      await settle();
      if (input.rejects) await input.rejects.write(rejects, p.rejectColumns, tx);
      rejects = [];
    };
    const flush = async (p: ImportPlan) => {
      await settle();
      if (staged.length > 0) {
        const csv = `${staged.join('\n')}\n`;
        staged = [];
        copying = tx.copyCsv(p.stageTable, p.stageColumns, csv);
        // A failure surfaces at the next settle(); until then it must not count as unhandled.
        copying.catch(() => undefined);
      }
      await writeRejects(p);
    };

    const records = input.format === 'cdnow'
      ? readCdnowRecords(input.source, { ...(input.maxBytes !== undefined ? { maxBytes: input.maxBytes } : {}) })
      : readCsvRecords(input.source, {
          ...(input.delimiter !== undefined ? { delimiter: input.delimiter } : {}),
          ...(input.maxBytes !== undefined ? { maxBytes: input.maxBytes } : {}),
        });
    try {
      for await (const batch of records) {
        bytesRead = batch.bytesRead;
        if (batch.bytesRead > 0) emptyFile = false;
        for (const rec of batch.records) {
          if (plan === null) {
            const planned = planCsvImport(input.kind, rec.fields, mapping, { keepFields: skipInvalid });
            if (Array.isArray(planned)) {
              for (const issue of planned) report({ ...issue, line: rec.line });
              headerFailed = true;
              throw new RejectFile();
            }
            plan = planned;
            await tx.exec(plan.stageDdl);
            continue;
          }
          rowsRead++;
          rowIssues.length = 0;
          const line = rec.error === undefined ? plan.encode(rec.fields, rec.line, rowIssues) : null;
          if (rec.error !== undefined) rowIssues.push({ line: rec.line, field: null, message: rec.error });
          if (line !== null) {
            rowsImported++;
            if (rowsRejected === 0 || skipInvalid) staged.push(line);
            continue;
          }
          rowsRejected++;
          for (const issue of rowIssues) report(issue);
          if (skipInvalid) rejects.push({ line: rec.line, reasons: reasonsOf(rowIssues), fields: rec.fields });
          else {
            // The file is rejected: stop staging, keep reading to report every bad row.
            staged = [];
          }
        }
        if (plan && (staged.length >= batchSize || rejects.length >= 1000)) await flush(plan);
        input.onProgress?.(bytesRead, input.bytesTotal ?? bytesRead, rowsRead, rowsRejected);
      }
    } catch (e) {
      await abandon();
      throw e;
    }
    if (plan === null) {
      report({ line: 1, field: null, message: emptyFile ? 'the file is empty' : 'the file has no header line' });
      headerFailed = true;
      throw new RejectFile();
    }
    if (rowsRejected > 0 && !skipInvalid) {
      await abandon();
      throw new RejectFile();
    }
    await flush(plan);
    await settle();

    if (plan.checkStaged) {
      const p = plan;
      await plan.checkStaged(tx, async (bad: StagedReject[]) => {
        for (const r of bad) {
          const issue = { line: r.line, field: r.field, message: r.message };
          report(issue);
          rowsImported--;
          rowsRejected++;
          if (skipInvalid) rejects.push({ line: r.line, reasons: reasonsOf([issue]), fields: r.fields });
        }
        await writeRejects(p);
      });
      if (rowsRejected > 0 && !skipInvalid) throw new RejectFile();
    }
    const merged = await plan.merge(tx, workspaceId);
    await queueImportedSubjects(tx, workspaceId, input.kind);
    return merged;
  };

  let changes: ChangeCounts = {};
  let failed = false;
  try {
    changes = await db.transaction(run);
  } catch (e) {
    if (!(e instanceof RejectFile)) throw e;
    failed = true;
  }
  const elapsedMs = Math.round(performance.now() - started);
  if (failed) rowsImported = 0;
  let summary: string | null = null;
  if (headerFailed) summary = `The file cannot be imported: ${errors[0]?.message ?? 'bad header'}`;
  else if (failed) summary = `${rowsRejected} of ${rowsRead} rows are invalid; nothing was imported`;
  else if (rowsRejected > 0) summary = `Imported ${rowsImported} rows; rejected ${rowsRejected} invalid rows`;
  return {
    kind: input.kind,
    format: input.format,
    status: failed ? 'failed' : 'succeeded',
    bytes_read: bytesRead,
    bytes_total: input.bytesTotal,
    rows_read: rowsRead,
    rows_imported: rowsImported,
    rows_rejected: rowsRejected,
    errors,
    error_count: errorCount,
    error_summary: summary,
    reject_columns: skipInvalid && !failed && rowsRejected > 0 ? rejectColumns : null,
    changes,
    elapsed_ms: elapsedMs,
    rows_per_second: elapsedMs > 0 ? Math.round((rowsRead * 1000) / elapsedMs) : rowsRead,
  };
}
