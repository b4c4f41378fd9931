import type { CsvStage, ImportIssue, ImportKind, ImportPlan, KindSpec } from './import-target.js';
import { ACCOUNTS_SPEC, stageAccounts } from './merge-accounts.js';
import { CONTACTS_SPEC, stageContacts } from './merge-contacts.js';
import { EVENTS_SPEC, stageEvents } from './merge-events.js';
import { ORDERS_SPEC, stageOrders } from './merge-orders.js';
import { planColumns, type ColumnPlan } from './plan-columns.js';
import { makeRowValidator } from './validate-row.js';

const TARGETS: Record<ImportKind, { spec: KindSpec; stage: (plan: ColumnPlan, opts: StageOptions) => CsvStage }> = {
  accounts: { spec: ACCOUNTS_SPEC, stage: stageAccounts },
  contacts: { spec: CONTACTS_SPEC, stage: stageContacts },
  orders: { spec: ORDERS_SPEC, stage: stageOrders },
  events: { spec: EVENTS_SPEC, stage: stageEvents },
};

export interface StageOptions {
  /** Keep each row's fields in staging, for rejects found after reading (skip-invalid only). */
  keepFields: boolean;
}

/** The fields a kind of CSV import accepts (for mapping checks and help texts). */
export function kindSpec(kind: ImportKind): KindSpec {
  return TARGETS[kind].spec;
}

/**
 * The plan of a CSV import once its header is known: the column mapping, the per-row check
 * and the kind's staging and merge. Problems with the header itself come back as issues of line 1.
 */
export function planCsvImport(
  kind: ImportKind,
  header: readonly string[],
  mapping: Record<string, string> | null,
  opts: StageOptions,
): ImportPlan | ImportIssue[] {
  const target = TARGETS[kind];
  const columns = planColumns(target.spec, header, mapping);
  if (Array.isArray(columns)) return columns;
  const validate = makeRowValidator(columns);
  const stage = target.stage(columns, opts);
  return {
    rejectColumns: header,
    stageDdl: stage.stageDdl,
    stageTable: stage.stageTable,
    stageColumns: stage.stageColumns,
    encode(fields, line, issues) {
      const row = validate(fields, line, issues);
      return row === null ? null : stage.encodeRow(line, row, fields, issues);
    },
    ...(stage.checkStaged ? { checkStaged: stage.checkStaged } : {}),
    merge: stage.merge,
  };
}
