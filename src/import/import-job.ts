import type { ImportFormat, ImportIssue, ImportKind } from './import-target.js';

export const IMPORT_JOB_STATUSES = ['waiting', 'running', 'succeeded', 'failed'] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

/** An import started over the API: made by POST, run by PUT of its file, polled by GET. */
export interface ImportJob {
  id: number;
  kind: ImportKind;
  format: ImportFormat;
  skip_invalid: boolean;
  status: ImportJobStatus;
  bytes_read: number;
  bytes_total: number | null;
  rows_read: number;
  rows_imported: number;
  rows_rejected: number;
  /** The first 1000 problems; rows_rejected counts them all. */
  errors: ImportIssue[];
  error_summary: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

/** The select list of an ImportJob from `import_jobs j`. */
export const IMPORT_JOB_COLUMNS =
  'j.id, j.kind, j.format, j.skip_invalid, j.status, j.bytes_read, j.bytes_total, j.rows_read, j.rows_imported, j.rows_rejected, ' +
  'j.errors, j.error_summary, j.created_at, j.started_at, j.finished_at';
