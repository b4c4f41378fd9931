import type { Queryable } from '../../db/database.js';
import type { SubjectType } from '../../rules/rule.js';
import { FAMILY_NAMES, scoreMetricRowsSql } from '../../rules/score-families.js';
import type { RecipientFilter } from '../model/care-element.js';

/** A contact a care email goes to, with what its templates may use. */
export interface EmailRecipient {
  contact: {
    id: number;
    account_id: number | null;
    email: string;
    first_name: string | null;
    last_name: string | null;
    name: string;
    title: string | null;
    locale: string | null;
    timezone: string | null;
    buying_role: string | null;
    persona: string | null;
    traits: Record<string, unknown>;
  };
  account: { id: number; name: string; domain: string | null; industry: string | null; country: string | null; owner: string | null; traits: Record<string, unknown> } | null;
  /** The subject's current lifecycle stage key (the element's subject: account or contact). */
  stage: string | null;
  /** The account's metrics (clv, p_active, rfm_*, ...). */
  metrics: Record<string, number | null>;
}

interface RecipientRow extends Record<string, unknown> {
  id: number;
  account_id: number | null;
  email: string;
  first_name: string | null;
  last_name: string | null;
  title: string | null;
  locale: string | null;
  timezone: string | null;
  buying_role: string | null;
  persona: string | null;
  traits: Record<string, unknown>;
  a_name: string | null;
  a_domain: string | null;
  a_industry: string | null;
  a_country: string | null;
  a_owner: string | null;
  a_traits: Record<string, unknown> | null;
  stage: string | null;
  metrics: Record<string, number | null> | null;
}

/**
 * Who receives an email or survey of a subject: a contact subject itself, or an account's
 * contacts filtered by buying role and persona (no filter: all of them); only contacts with an
 * email address, in id order. `onlyContactId` narrows to one contact (the editor's preview).
 */
export async function listEmailRecipients(
  db: Queryable,
  workspaceId: number,
  subject: { type: SubjectType; id: number },
  filter: RecipientFilter | undefined,
  onlyContactId?: number,
): Promise<EmailRecipient[]> {
  const all = (await listEmailRecipientsOfSubjects(db, workspaceId, [subject])).get(subjectKey(subject)) ?? [];
  return filterEmailRecipients(subject.type, all, filter).filter((r) => onlyContactId === undefined || r.contact.id === onlyContactId);
}

export function subjectKey(subject: { type: SubjectType; id: number }): string {
  return `${subject.type}:${subject.id}`;
}

/** An account subject's recipients narrowed by the step's buying roles and personas (a contact subject is its own recipient). */
export function filterEmailRecipients(subjectType: SubjectType, recipients: EmailRecipient[], filter: RecipientFilter | undefined): EmailRecipient[] {
  if (subjectType === 'contact') return recipients;
  const roles: readonly string[] | null = filter?.roles && filter.roles.length > 0 ? filter.roles : null;
  const personas: readonly string[] | null = filter?.personas && filter.personas.length > 0 ? filter.personas : null;
  return recipients.filter((r) => (!roles || (r.contact.buying_role !== null && roles.includes(r.contact.buying_role))) && (!personas || (r.contact.persona !== null && personas.includes(r.contact.persona))));
}

/**
 * Every possible recipient of many subjects in one query, keyed by subjectKey: each contact
 * subject with an email, and every contact of each account subject with one (unfiltered; see
 * filterEmailRecipients), in id order; `stage` is the subject's stage, `metrics` the account's.
 * The contacts are found by id and by account through their indexes (the ids collected first,
 * then read by primary key: an OR of the two is answered by reading every contact of the workspace).
 */
export async function listEmailRecipientsOfSubjects(db: Queryable, workspaceId: number, subjects: { type: SubjectType; id: number }[]): Promise<Map<string, EmailRecipient[]>> {
  const contactIds = subjects.filter((s) => s.type === 'contact').map((s) => s.id);
  const accountIds = subjects.filter((s) => s.type === 'account').map((s) => s.id);
  const rows = await db.query<RecipientRow & { by_account: boolean; account_stage: string | null }>(
    `SELECT c.id, c.account_id, c.email, c.first_name, c.last_name, c.title, c.locale, c.timezone, c.buying_role, c.persona, c.traits,
            a.name AS a_name, a.domain AS a_domain, a.industry AS a_industry, a.country AS a_country, a.owner AS a_owner, a.traits AS a_traits,
            c.account_id = ANY($3::bigint[]) AS by_account,
            (SELECT st.stage FROM subject_stages st WHERE st.workspace_id = $1 AND st.subject_type = 'contact' AND st.subject_id = c.id) AS stage,
            (SELECT st.stage FROM subject_stages st WHERE st.workspace_id = $1 AND st.subject_type = 'account' AND st.subject_id = c.account_id) AS account_stage,
            (SELECT jsonb_object_agg(x.metric, x.value) FROM subject_scores m CROSS JOIN LATERAL ${scoreMetricRowsSql('m')} AS x(metric, value)
              WHERE m.workspace_id = $1 AND m.subject_type = 'account' AND m.family = ANY($4::text[]) AND m.subject_id = c.account_id) AS metrics
       FROM contacts c LEFT JOIN accounts a ON a.workspace_id = c.workspace_id AND a.id = c.account_id
      WHERE c.workspace_id = $1
        AND c.id = ANY(ARRAY(SELECT unnest($2::bigint[]) UNION SELECT ac.id FROM contacts ac WHERE ac.workspace_id = $1 AND ac.account_id = ANY($3::bigint[])))
        AND coalesce(c.email, '') <> ''
      ORDER BY c.id`,
    [workspaceId, contactIds, accountIds, FAMILY_NAMES],
  );
  const wanted = new Set(contactIds);
  const out = new Map<string, EmailRecipient[]>();
  const add = (key: string, r: EmailRecipient) => {
    const list = out.get(key);
    if (list) list.push(r);
    else out.set(key, [r]);
  };
  for (const r of rows) {
    if (wanted.has(r.id)) add(subjectKey({ type: 'contact', id: r.id }), toRecipient(r, r.stage));
    if (r.by_account && r.account_id !== null) add(subjectKey({ type: 'account', id: r.account_id }), toRecipient(r, r.account_stage));
  }
  return out;
}

function toRecipient(r: RecipientRow, stage: string | null): EmailRecipient {
  return {
    contact: {
      id: r.id,
      account_id: r.account_id,
      email: r.email,
      first_name: r.first_name,
      last_name: r.last_name,
      name: [r.first_name, r.last_name].filter(Boolean).join(' '),
      title: r.title,
      locale: r.locale,
      timezone: r.timezone,
      buying_role: r.buying_role,
      persona: r.persona,
      traits: r.traits ?? {},
    },
    account:
      r.account_id === null
        ? null
        : { id: r.account_id, name: r.a_name ?? '', domain: r.a_domain, industry: r.a_industry, country: r.a_country, owner: r.a_owner, traits: r.a_traits ?? {} },
    stage,
    metrics: r.metrics ?? {},
  };
}
