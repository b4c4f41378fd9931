import type { ApiClient } from './api-client';
import type { Page } from './page';

export const IMPORT_KINDS = ['accounts', 'contacts', 'orders', 'events'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export type ImportFormat = 'csv' | 'cdnow';
export type ImportStatus = 'waiting' | 'running' | 'succeeded' | 'failed';

export interface ImportLineError {
  line: number;
  field: string | null;
  message: string;
}

export interface ImportJob {
  id: number;
  kind: ImportKind;
  format: ImportFormat;
  skip_invalid: boolean;
  status: ImportStatus;
  bytes_read: number;
  bytes_total: number | null;
  rows_read: number;
  rows_imported: number;
  rows_rejected: number;
  errors: ImportLineError[];
  error_summary: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface NewImport {
  kind: ImportKind;
  format: ImportFormat;
  skip_invalid: boolean;
}

export function isFinished(job: ImportJob): boolean {
  return job.status === 'succeeded' || job.status === 'failed';
}

export function createImport(api: ApiClient, input: NewImport): Promise<ImportJob> {
  return api.request<ImportJob>('POST', '/api/v1/imports', { json: input });
}

/** Streams the file; the server answers when the import has finished. */
export function uploadImportFile(api: ApiClient, id: number, file: File, signal?: AbortSignal): Promise<ImportJob> {
  const contentType = file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/octet-stream';
  return api.request<ImportJob>('PUT', `/api/v1/imports/${id}/file`, { body: file, contentType, ...(signal ? { signal } : {}) });
}

export function fetchImport(api: ApiClient, id: number | string, signal?: AbortSignal): Promise<ImportJob> {
  return api.get<ImportJob>(`/api/v1/imports/${encodeURIComponent(String(id))}`, undefined, signal);
}

export function listImports(api: ApiClient, cursor: string | null, signal?: AbortSignal): Promise<Page<ImportJob>> {
  return api.get<Page<ImportJob>>('/api/v1/imports', { cursor, limit: 20 }, signal);
}

export function fetchImportRejects(api: ApiClient, id: number, signal?: AbortSignal): Promise<Blob> {
  return api.blob(`/api/v1/imports/${id}/rejects`, signal);
}
