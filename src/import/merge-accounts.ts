import { joinStaged, stageField } from './stage-field.js';
import type { ColumnPlan } from './plan-columns.js';
import type { CsvStage, KindSpec } from './import-target.js';
import { mergeCounts, mergeCtes } from './upsert-sql.js';

export const ACCOUNT_KINDS = {
  organization: 'organization',
  organisation: 'organization',
  company: 'organization',
  business: 'organization',
  b2b: 'organization',
  consumer: 'consumer',
  person: 'consumer',
  individual: 'consumer',
  b2c: 'consumer',
} as const;

export const ACCOUNTS_SPEC: KindSpec = {
  kind: 'accounts',
  fields: [
    { name: 'external_id', type: 'text', required: true, aliases: ['id', 'account_id', 'account_external_id', 'externalid', 'ext_id', 'company_id', 'customer_id'] },
    { name: 'name', type: 'text', required: true, aliases: ['account_name', 'company', 'company_name', 'organization', 'organisation', 'customer_name'] },
    { name: 'kind', type: { enum: ACCOUNT_KINDS }, aliases: ['account_kind', 'account_type', 'type'] },
    { name: 'domain', type: 'domain', aliases: ['website', 'web', 'url', 'company_domain'] },
    { name: 'industry', type: 'text', aliases: ['sector', 'vertical'] },
    { name: 'employees', type: 'employees', aliases: ['employee_count', 'num_employees', 'number_of_employees', 'company_size', 'headcount', 'size'] },
    { name: 'country', type: 'country', aliases: ['country_code', 'country_iso'] },
    { name: 'owner', type: 'text', aliases: ['account_owner', 'kam', 'key_account_manager'] },
    { name: 'traits', type: 'json_object', aliases: ['attributes'] },
  ],
  extra: { field: 'traits', prefixes: ['trait.', 'traits.'] },
};

/** Staged columns after line_no: the spec's fields in order. */
const COLUMNS = ACCOUNTS_SPEC.fields.map((f) => f.name);
const TRAITS = COLUMNS.indexOf('traits');

/** Accounts: merged by external_id (mergeCtes: only rows that differ are written); a later row of the same external_id wins. */
export function stageAccounts(plan: ColumnPlan): CsvStage {
  const updatable = ['name', 'kind', 'domain', 'industry', 'employees', 'country', 'owner'].filter((c) => plan.present.has(c));
  const mergeTraits = plan.present.has('traits');
  return {
    stageTable: 'import_stage',
    stageDdl: `CREATE TEMP TABLE import_stage (
      line_no bigint, external_id text, name text, kind text, domain text, industry text,
      employees integer, country text, owner text, traits jsonb) ON COMMIT DROP`,
    stageColumns: ['line_no', ...COLUMNS],
    encodeRow(line, row) {
      const out: (string | number)[] = [line];
      for (let i = 0; i < COLUMNS.length; i++) {
        out.push(i === TRAITS ? (row.extra ? stageField(JSON.stringify(row.extra)) : '') : stageField(row.values[i]));
      }
      return joinStaged(out);
    },
    async merge(tx, workspaceId) {
      const [accounts] = await tx.query<{ accounts_inserted: number; accounts_updated: number }>(
        `WITH d AS (
           SELECT external_id, name, coalesce(kind, 'organization') AS kind, domain, industry, employees, country, owner, coalesce(traits, '{}') AS traits
             FROM (SELECT DISTINCT ON (external_id) * FROM import_stage ORDER BY external_id, line_no DESC) s
         ), ${mergeCtes('accounts', 'd', {
           table: 'accounts',
           key: ['external_id'],
           insert: ['external_id', 'name', 'kind', 'domain', 'industry', 'employees', 'country', 'owner', 'traits'],
           update: updatable,
           mergeJson: mergeTraits ? ['traits'] : [],
         })}
         SELECT ${mergeCounts('accounts')}`,
        [workspaceId],
      );
      return { accounts: { inserted: accounts!.accounts_inserted, updated: accounts!.accounts_updated } };
    },
  };
}
