import { Type } from 'typebox';
import { PRODUCT_SORTS } from '../../products/list-products.js';
import { Nullable } from './nullable.js';
import { pageQueryProperties } from './pagination-schema.js';
import { JsonObjectSchema, TimestampSchema } from './timestamp-schema.js';

const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code, e.g. EUR' });
const Price = Type.Number({ minimum: 0, maximum: 999999999999.99, description: 'Unit price (2 decimals)' });

export const ProductSchema = Type.Object(
  {
    id: Type.Integer(),
    sku: Type.String(),
    name: Type.String(),
    category: Nullable(Type.String()),
    price: Nullable(Type.Number()),
    currency: Type.String(),
    traits: JsonObjectSchema,
    created_at: TimestampSchema,
    updated_at: TimestampSchema,
  },
  { title: 'Product' },
);

const Sku = Type.String({ minLength: 1, maxLength: 255, description: 'Stock keeping unit; unique in the workspace' });
const Name = Type.String({ minLength: 1, maxLength: 500 });

export const ProductCreateBody = Type.Object(
  {
    sku: Sku,
    name: Name,
    category: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 255 }))),
    price: Type.Optional(Nullable(Price)),
    currency: Type.Optional(Currency),
    traits: Type.Optional(JsonObjectSchema),
  },
  { additionalProperties: false },
);

export const ProductPatchBody = Type.Object(
  {
    sku: Type.Optional(Sku),
    name: Type.Optional(Name),
    category: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 255 }))),
    price: Type.Optional(Nullable(Price)),
    currency: Type.Optional(Currency),
    traits: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Merged shallowly; a key set to null is removed' })),
  },
  { additionalProperties: false },
);

export const ProductListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Case-insensitive substring of name or sku' })),
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    sort: Type.Optional(Type.Enum(PRODUCT_SORTS, { default: 'name' })),
    ...pageQueryProperties,
  },
  { additionalProperties: false },
);
