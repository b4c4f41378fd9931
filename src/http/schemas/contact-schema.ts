import { Type } from 'typebox';
import { BUYING_ROLES } from '../../contacts/contact.js';
import { CONTACT_SORTS } from '../../contacts/list-contacts.js';
import { Nullable } from './nullable.js';
import { pageQueryProperties } from './pagination-schema.js';
import { JsonObjectSchema, TimestampSchema } from './timestamp-schema.js';

const BuyingRole = Type.Enum(BUYING_ROLES, { description: 'Role in the buying centre' });
const Text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });

export const ContactSchema = Type.Object(
  {
    id: Type.Integer(),
    account_id: Nullable(Type.Integer()),
    external_id: Nullable(Type.String()),
    email: Nullable(Type.String()),
    first_name: Nullable(Type.String()),
    last_name: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    title: Nullable(Type.String()),
    locale: Nullable(Type.String()),
    timezone: Nullable(Type.String()),
    buying_role: Nullable(BuyingRole),
    persona: Nullable(Type.String()),
    traits: JsonObjectSchema,
    created_at: TimestampSchema,
    updated_at: TimestampSchema,
  },
  { title: 'Contact' },
);

export const ContactDetailSchema = Type.Object(
  { ...ContactSchema.properties, anonymous_ids: Type.Array(Type.String(), { description: 'Anonymous ids (Segment anonymousId) of this person' }) },
  { title: 'ContactDetail' },
);

const writable = {
  account_id: Type.Optional(Nullable(Type.Integer({ minimum: 1, description: 'The account this person belongs to' }))),
  external_id: Type.Optional(Nullable(Text(255, 'Your id of the person (Segment userId); unique in the workspace'))),
  email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 320 }))),
  first_name: Type.Optional(Nullable(Text(255))),
  last_name: Type.Optional(Nullable(Text(255))),
  phone: Type.Optional(Nullable(Text(64))),
  title: Type.Optional(Nullable(Text(255))),
  locale: Type.Optional(Nullable(Text(35, 'BCP 47 language tag, e.g. fi-FI'))),
  timezone: Type.Optional(Nullable(Text(64, 'IANA time zone, e.g. Europe/Helsinki'))),
  buying_role: Type.Optional(Nullable(BuyingRole)),
  persona: Type.Optional(Nullable(Text(255, 'Buyer persona'))),
};

export const ContactCreateBody = Type.Object({ ...writable, traits: Type.Optional(JsonObjectSchema) }, { additionalProperties: false });

export const ContactPatchBody = Type.Object(
  {
    ...writable,
    traits: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Merged shallowly into the traits; a key set to null is removed' })),
  },
  { additionalProperties: false },
);

const contactFilters = {
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Case-insensitive substring of name, email or external id' })),
  email: Type.Optional(Type.String({ minLength: 1, maxLength: 320, description: 'Exact email, case-insensitive' })),
  buying_role: Type.Optional(BuyingRole),
  persona: Type.Optional(Text(255)),
  sort: Type.Optional(Type.Enum(CONTACT_SORTS, { default: 'name', description: 'name sorts by last name, first name; a leading - sorts descending' })),
  ...pageQueryProperties,
};

export const ContactListQuery = Type.Object(
  { ...contactFilters, account_id: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);

/** The contacts of one account: the same filters without account_id. */
export const AccountContactsQuery = Type.Object(contactFilters, { additionalProperties: false });
