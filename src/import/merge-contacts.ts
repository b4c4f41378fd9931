import { joinStaged, stageField } from './stage-field.js';
import type { ColumnPlan } from './plan-columns.js';
import type { CsvStage, KindSpec } from './import-target.js';
import { createReferencedAccounts } from './create-referenced-records.js';
import { mergeCounts, mergeCtes } from './upsert-sql.js';

export const BUYING_ROLES = {
  decision_maker: 'decision_maker',
  decisionmaker: 'decision_maker',
  influencer: 'influencer',
  user: 'user',
  end_user: 'user',
  champion: 'champion',
  purchaser: 'purchaser',
  buyer: 'purchaser',
} as const;

export const CONTACTS_SPEC: KindSpec = {
  kind: 'contacts',
  fields: [
    { name: 'external_id', type: 'text', required: true, aliases: ['id', 'contact_id', 'contact_external_id', 'user_id', 'externalid', 'person_id'] },
    { name: 'account_external_id', type: 'text', aliases: ['account_id', 'account', 'company_id', 'group_id', 'organization_id'] },
    { name: 'email', type: 'email', aliases: ['e_mail', 'email_address', 'mail'] },
    { name: 'first_name', type: 'text', aliases: ['firstname', 'given_name', 'forename'] },
    { name: 'last_name', type: 'text', aliases: ['lastname', 'surname', 'family_name'] },
    { name: 'phone', type: 'text', aliases: ['phone_number', 'mobile', 'telephone', 'tel'] },
    { name: 'title', type: 'text', aliases: ['job_title', 'position'] },
    { name: 'locale', type: 'locale', aliases: ['language', 'lang'] },
    { name: 'timezone', type: 'timezone', aliases: ['time_zone', 'tz'] },
    { name: 'buying_role', type: { enum: BUYING_ROLES }, aliases: ['role', 'buyer_role'] },
    { name: 'persona', type: 'text', aliases: ['buyer_persona'] },
    { name: 'traits', type: 'json_object', aliases: ['attributes'] },
  ],
  extra: { field: 'traits', prefixes: ['trait.', 'traits.'] },
};

const COLUMNS = CONTACTS_SPEC.fields.map((f) => f.name);
const TRAITS = COLUMNS.indexOf('traits');
const PLAIN = ['email', 'first_name', 'last_name', 'phone', 'title', 'locale', 'timezone', 'buying_role', 'persona'];

/** Contacts: merged by external_id (mergeCtes: only rows that differ are written; a later row wins); account_external_id links (and if need be creates) the account. */
export function stageContacts(plan: ColumnPlan): CsvStage {
  const linksAccounts = plan.present.has('account_external_id');
  const updatable = [...(linksAccounts ? ['account_id'] : []), ...PLAIN.filter((c) => plan.present.has(c))];
  const mergeTraits = plan.present.has('traits');
  return {
    stageTable: 'import_stage',
    stageDdl: `CREATE TEMP TABLE import_stage (
      line_no bigint, external_id text, account_external_id text, email text, first_name text, last_name text,
      phone text, title text, locale text, timezone text, buying_role text, persona text, traits jsonb) ON COMMIT DROP`,
    stageColumns: ['line_no', ...COLUMNS],
    encodeRow(line, row) {
      const out: (string | number)[] = [line];
      for (let i = 0; i < COLUMNS.length; i++) {
        out.push(i === TRAITS ? (row.extra ? stageField(JSON.stringify(row.extra)) : '') : stageField(row.values[i]));
      }
      return joinStaged(out);
    },
    async merge(tx, workspaceId) {
      const accountsMade = linksAccounts ? await createReferencedAccounts(tx, workspaceId) : 0;
      const [contacts] = await tx.query<{ contacts_inserted: number; contacts_updated: number }>(
        `WITH d AS (
           SELECT s.external_id, a.id AS account_id, ${PLAIN.map((c) => `s.${c}`).join(', ')}, coalesce(s.traits, '{}') AS traits
             FROM (SELECT DISTINCT ON (external_id) * FROM import_stage ORDER BY external_id, line_no DESC) s
             LEFT JOIN accounts a ON a.workspace_id = $1 AND a.external_id = s.account_external_id
         ), ${mergeCtes('contacts', 'd', {
           table: 'contacts',
           key: ['external_id'],
           insert: ['external_id', 'account_id', ...PLAIN, 'traits'],
           update: updatable,
           mergeJson: mergeTraits ? ['traits'] : [],
         })}
         SELECT ${mergeCounts('contacts')}`,
        [workspaceId],
      );
      return {
        accounts: { inserted: accountsMade, updated: 0 },
        contacts: { inserted: contacts!.contacts_inserted, updated: contacts!.contacts_updated },
      };
    },
  };
}
