import type { Queryable } from '../db/database.js';

/** What a file can import into. */
export const IMPORT_KINDS = ['accounts', 'contacts', 'orders', 'events'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_FORMATS = ['csv', 'cdnow'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** One problem with the file: a line (1 = the header line), the target field if one is to blame, and why. */
export interface ImportIssue {
  line: number;
  field: string | null;
  message: string;
}

/** How a cell is checked and normalised (see parse-field-value.ts). */
export type FieldType =
  | 'text'
  | 'email'
  | 'domain'
  | 'timestamp'
  | 'country'
  | 'currency'
  | 'employees'
  | 'money'
  | 'quantity'
  | 'locale'
  | 'timezone'
  | 'json_object'
  | { enum: Readonly<Record<string, string>> };

/** A target field of an import: its snake_case name, type, and the header names that also map to it. */
export interface FieldSpec {
  name: string;
  type: FieldType;
  required?: boolean;
  aliases?: readonly string[];
}

/** The fields one kind of CSV import accepts. */
export interface KindSpec {
  kind: ImportKind;
  fields: readonly FieldSpec[];
  /** The JSON object field that `<prefix><name>` columns add to (traits or properties). */
  extra: { field: string; prefixes: readonly string[] };
  /** Each row needs a value in at least one of these fields. */
  oneOf?: readonly string[];
}

/** The parsed cells of one valid row: by field index of the KindSpec (null = empty or not mapped), plus the extra object. */
export interface RowValues {
  values: readonly (string | null)[];
  extra: Record<string, unknown> | null;
}

/** Per-table counts of what the merge changed (re-importing the same file gives all zeros). */
export type ChangeCounts = Record<string, { inserted: number; updated: number }>;

/** One staged load: a TEMP table, how a source record becomes a line of it, and the set-based merge. */
export interface ImportPlan {
  /** Column names of the reject file (the source's own columns). */
  rejectColumns: readonly string[];
  stageDdl: string;
  stageTable: string;
  stageColumns: readonly string[];
  /** The staging CSV line for a record (without its line break), or null after pushing its issues. */
  encode(fields: readonly string[], line: number, issues: ImportIssue[]): string | null;
  /**
   * Checks that need all rows (e.g. an order spread over several lines), after staging.
   * Reports problems page by page and removes the failing rows from staging.
   */
  checkStaged?(tx: Queryable, report: (rejects: StagedReject[]) => Promise<void>): Promise<void>;
  merge(tx: Queryable, workspaceId: number): Promise<ChangeCounts>;
}

/** A staged row that failed a cross-row check: its line, issue and the fields as read. */
export interface StagedReject {
  line: number;
  field: string | null;
  message: string;
  fields: readonly string[];
}

/** Where rejected rows go with skip-invalid: a file for the CLI, the import_rejects table for the API. */
export interface RejectSink {
  /** Appends rejected rows; columns is the source's header (the same on every call). Inside the import's transaction. */
  write(rows: readonly RejectedRow[], columns: readonly string[], tx: Queryable): Promise<void>;
  close(): Promise<void>;
}

export interface RejectedRow {
  line: number;
  reasons: string;
  fields: readonly string[];
}

/** The kind-specific part of a CSV import: its staging table, how a valid row becomes a line of it, and the merge. */
export interface CsvStage {
  stageDdl: string;
  stageTable: string;
  stageColumns: readonly string[];
  /** The staging CSV line of a valid row (without its line break), or null after pushing issues that involve several of its fields. */
  encodeRow(line: number, row: RowValues, fields: readonly string[], issues: ImportIssue[]): string | null;
  checkStaged?: ImportPlan['checkStaged'];
  merge: ImportPlan['merge'];
}
