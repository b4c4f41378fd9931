import { stringify } from 'csv-stringify/sync';
import type { RejectedRow } from './import-target.js';

/**
 * The rejects CSV: the line number and reasons, then the row's own fields under the source's
 * header. The importer ignores the kanta_* columns, so a corrected reject file imports as it is.
 */
export function rejectCsvHeader(columns: readonly string[]): string {
  return stringify([['kanta_line', 'kanta_errors', ...columns]]);
}

export function rejectCsvRows(rows: readonly RejectedRow[]): string {
  return stringify(rows.map((r) => [String(r.line), r.reasons, ...r.fields]));
}
