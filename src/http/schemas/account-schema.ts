import { Type } from 'typebox';
import { ACCOUNT_KINDS } from '../../accounts/account.js';
import { ACCOUNT_SORTS } from '../../accounts/list-accounts.js';
import { Nullable } from './nullable.js';
import { pageQueryProperties } from './pagination-schema.js';
import { JsonObjectSchema, TimestampSchema } from './timestamp-schema.js';


const Kind = Type.Enum(ACCOUNT_KINDS, { description: 'organization (B2B) or consumer (B2C)' });
const Country = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country code, e.g. FI' });
const Text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });

export const AccountSchema = Type.Object(
  {
    id: Type.Integer(),
    external_id: Nullable(Type.String()),
    kind: Kind,
    name: Type.String(),
    domain: Nullable(Type.String()),
    industry: Nullable(Type.String()),
    employees: Nullable(Type.Integer()),
    country: Nullable(Type.String()),
    owner: Nullable(Type.String()),
    traits: JsonObjectSchema,
    created_at: TimestampSchema,
    updated_at: TimestampSchema,
  },
  { title: 'Account' },
);

export const AccountDetailSchema = Type.Object(
  {
    ...AccountSchema.properties,
    contact_count: Type.Integer(),
    order_count: Type.Integer(),
    revenue: Type.Number({ description: 'Sum of order totals minus refunds (cancelled orders excluded)' }),
  },
  { title: 'AccountDetail' },
);

const writable = {
  external_id: Type.Optional(Nullable(Text(255, 'Your id of the account; unique in the workspace'))),
  kind: Type.Optional(Kind),
  domain: Type.Optional(Nullable(Text(255))),
  industry: Type.Optional(Nullable(Text(255))),
  employees: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 2147483647 }))),
  country: Type.Optional(Nullable(Country)),
  owner: Type.Optional(Nullable(Text(255, 'The account owner (key account manager)'))),
};

export const AccountCreateBody = Type.Object(
  { ...writable, name: Text(500), traits: Type.Optional(JsonObjectSchema) },
  { additionalProperties: false },
);

export const AccountPatchBody = Type.Object(
  {
    ...writable,
    name: Type.Optional(Text(500)),
    traits: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), { description: 'Merged shallowly into the traits; a key set to null is removed' }),
    ),
  },
  { additionalProperties: false },
);

export const AccountListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Case-insensitive substring of name, domain or external id' })),
    country: Type.Optional(Country),
    industry: Type.Optional(Text(255)),
    owner: Type.Optional(Text(255)),
    kind: Type.Optional(Kind),
    sort: Type.Optional(Type.Enum(ACCOUNT_SORTS, { default: 'name', description: 'A leading - sorts descending' })),
    ...pageQueryProperties,
  },
  { additionalProperties: false },
);

const FacetValues = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));
export const AccountFacetsSchema = Type.Object(
  { countries: FacetValues, industries: FacetValues, owners: FacetValues },
  { title: 'AccountFacets', description: 'The most common values (up to 100 each), most frequent first' },
);
