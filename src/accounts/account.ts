/** An account: a customer organisation (B2B) or a single consumer (B2C). */
export const ACCOUNT_KINDS = ['organization', 'consumer'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export interface Account {
  id: number;
  external_id: string | null;
  kind: AccountKind;
  name: string;
  domain: string | null;
  industry: string | null;
  employees: number | null;
  country: string | null;
  owner: string | null;
  traits: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

/** The select list of an Account from `accounts a`. */
export const ACCOUNT_COLUMNS =
  'a.id, a.external_id, a.kind, a.name, a.domain, a.industry, a.employees, a.country, a.owner, a.traits, a.created_at, a.updated_at';

/** The fields a caller may write (create or patch), with the cast of their parameter. */
export const ACCOUNT_WRITABLE: Readonly<Record<string, string | null>> = {
  external_id: 'text',
  kind: 'text',
  name: 'text',
  domain: 'text',
  industry: 'text',
  employees: 'integer',
  country: 'text',
  owner: 'text',
};
