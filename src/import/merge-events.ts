import { hash } from 'node:crypto';
import { joinStaged, stageField } from './stage-field.js';
import type { ColumnPlan } from './plan-columns.js';
import type { CsvStage, KindSpec } from './import-target.js';
import { createReferencedAccounts, createReferencedContacts } from './create-referenced-records.js';

export const EVENTS_SPEC: KindSpec = {
  kind: 'events',
  fields: [
    { name: 'name', type: 'text', required: true, aliases: ['event', 'event_name'] },
    { name: 'occurred_at', type: 'timestamp', required: true, aliases: ['timestamp', 'time', 'date', 'occurred', 'event_time', 'created_at'] },
    { name: 'user_id', type: 'text', aliases: ['contact_external_id', 'contact_id', 'userid'] },
    { name: 'account_external_id', type: 'text', aliases: ['account_id', 'group_id', 'account'] },
    { name: 'message_id', type: 'text', aliases: ['messageid', 'event_id', 'id'] },
    { name: 'properties', type: 'json_object' },
  ],
  extra: { field: 'properties', prefixes: ['properties.', 'property.', 'props.'] },
  oneOf: ['user_id', 'account_external_id'],
};

const COLUMNS = EVENTS_SPEC.fields.map((f) => f.name);
const [NAME, OCCURRED_AT, USER_ID, ACCOUNT, MESSAGE_ID] = ['name', 'occurred_at', 'user_id', 'account_external_id', 'message_id'].map((f) => COLUMNS.indexOf(f)) as [
  number, number, number, number, number,
];

/** A message id from the row's content, so importing the same row again finds the same event. */
export function derivedMessageId(values: readonly (string | null)[], properties: string): string {
  const content = `${values[NAME]}\u001f${values[OCCURRED_AT]}\u001f${values[USER_ID] ?? ''}\u001f${values[ACCOUNT] ?? ''}\u001f${properties}`;
  return `import-${hash('sha256', content, 'hex').slice(0, 32)}`;
}

/**
 * Events (type track, source import): appended to the timeline of the contact (user_id) and/or
 * account named, creating those that do not exist. The message id makes them idempotent: a given
 * one is kept, a missing one is derived from the row's content.
 */
export function stageEvents(plan: ColumnPlan): CsvStage {
  const hasAccounts = plan.present.has('account_external_id');
  const hasUsers = plan.present.has('user_id');
  return {
    stageTable: 'import_stage',
    stageDdl: `CREATE TEMP TABLE import_stage (
      line_no bigint, name text, occurred_at timestamptz, user_id text, account_external_id text,
      message_id text, properties jsonb) ON COMMIT DROP`,
    stageColumns: ['line_no', ...COLUMNS],
    encodeRow(line, row) {
      const v = row.values;
      const properties = row.extra ? JSON.stringify(row.extra) : '';
      const messageId = v[MESSAGE_ID] ?? derivedMessageId(v, properties);
      return joinStaged([line, stageField(v[NAME]), v[OCCURRED_AT]!, stageField(v[USER_ID]), stageField(v[ACCOUNT]), stageField(messageId), properties === '' ? '' : stageField(properties)]);
    },
    async merge(tx, workspaceId) {
      const accountsMade = hasAccounts ? await createReferencedAccounts(tx, workspaceId) : 0;
      const contactsMade = hasUsers ? await createReferencedContacts(tx, workspaceId, 'user_id', hasAccounts ? 'account_external_id' : null) : 0;
      // The subjects of the events stored (not of those already there) are what the import changed:
      // queueImportedSubjects reads them from import_event_subjects.
      await tx.exec('CREATE TEMP TABLE import_event_subjects (contact_id bigint, account_id bigint) ON COMMIT DROP');
      const [stored] = await tx.query<{ inserted: number }>(
        `WITH e AS (
           INSERT INTO events (workspace_id, message_id, type, name, contact_id, account_id, user_id, properties, occurred_at, source)
           SELECT $1, s.message_id, 'track', s.name, c.id, a.id, s.user_id, coalesce(s.properties, '{}'), s.occurred_at, 'import'
             FROM import_stage s
             LEFT JOIN contacts c ON c.workspace_id = $1 AND c.external_id = s.user_id
             LEFT JOIN accounts a ON a.workspace_id = $1 AND a.external_id = s.account_external_id
           ON CONFLICT (workspace_id, message_id) DO NOTHING
           RETURNING contact_id, account_id
         ), subjects AS (
           INSERT INTO import_event_subjects SELECT DISTINCT contact_id, account_id FROM e
         )
         SELECT count(*)::int AS inserted FROM e`,
        [workspaceId],
      );
      const inserted = stored!.inserted;
      return {
        accounts: { inserted: accountsMade, updated: 0 },
        contacts: { inserted: contactsMade, updated: 0 },
        events: { inserted, updated: 0 },
      };
    },
  };
}
