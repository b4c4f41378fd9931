/** A person, usually at an account, with a role in its buying centre. */
export const BUYING_ROLES = ['decision_maker', 'influencer', 'user', 'champion', 'purchaser'] as const;
export type BuyingRole = (typeof BUYING_ROLES)[number];

export interface Contact {
  id: number;
  account_id: number | null;
  external_id: string | null;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  title: string | null;
  locale: string | null;
  timezone: string | null;
  buying_role: BuyingRole | null;
  persona: string | null;
  traits: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

/** The select list of a Contact from `contacts c`. */
export const CONTACT_COLUMNS =
  'c.id, c.account_id, c.external_id, c.email, c.first_name, c.last_name, c.phone, c.title, c.locale, c.timezone, c.buying_role, c.persona, c.traits, c.created_at, c.updated_at';

/** The fields a caller may write, with the cast of their parameter. */
export const CONTACT_WRITABLE: Readonly<Record<string, string | null>> = {
  account_id: 'bigint',
  external_id: 'text',
  email: 'text',
  first_name: 'text',
  last_name: 'text',
  phone: 'text',
  title: 'text',
  locale: 'text',
  timezone: 'text',
  buying_role: 'text',
  persona: 'text',
};

export interface ContactInput {
  account_id?: number | null | undefined;
  external_id?: string | null | undefined;
  email?: string | null | undefined;
  first_name?: string | null | undefined;
  last_name?: string | null | undefined;
  phone?: string | null | undefined;
  title?: string | null | undefined;
  locale?: string | null | undefined;
  timezone?: string | null | undefined;
  buying_role?: BuyingRole | null | undefined;
  persona?: string | null | undefined;
  traits?: Record<string, unknown> | undefined;
}
