import type { Queryable } from '../../db/database.js';
import type { SubjectType } from '../../rules/rule.js';
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
  const roles = filter?.roles && filter.roles.length > 0 ? filter.roles : null;
  const personas = filter?.personas && filter.personas.length > 0 ? filter.personas : null;
  const accountOf = subject.type === 'account' ? '$2::bigint' : 'c.account_id';
  const rows = await db.query<RecipientRow>(
    `SELECT c.id, c.account_id, c.email, c.first_name, c.last_name, c.title, c.locale, c.timezone, c.buying_role, c.persona, c.traits,
            a.name AS a_name, a.domain AS a_domain, a.industry AS a_industry, a.country AS a_country, a.owner AS a_owner, a.traits AS a_traits,
            (SELECT st.stage FROM subject_stages st WHERE st.workspace_id = $1 AND st.subject_type = $6 AND st.subject_id = $2::bigint) AS stage,
            (SELECT jsonb_object_agg(m.metric, m.value) FROM subject_metrics m
              WHERE m.workspace_id = $1 AND m.subject_type = 'account' AND m.subject_id = ${accountOf}) AS metrics
       FROM contacts c LEFT JOIN accounts a ON a.workspace_id = c.workspace_id AND a.id = c.account_id
      WHERE c.workspace_id = $1 AND ${subject.type === 'contact' ? 'c.id' : 'c.account_id'} = $2::bigint
        AND coalesce(c.email, '') <> ''
        AND ($3::text[] IS NULL OR c.buying_role = ANY($3::text[]))
        AND ($4::text[] IS NULL OR c.persona = ANY($4::text[]))
        AND ($5::bigint IS NULL OR c.id = $5::bigint)
      ORDER BY c.id`,
    [workspaceId, subject.id, subject.type === 'contact' ? null : roles, subject.type === 'contact' ? null : personas, onlyContactId ?? null, subject.type],
  );
  return rows.map((r) => ({
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
    stage: r.stage,
    metrics: r.metrics ?? {},
  }));
}
