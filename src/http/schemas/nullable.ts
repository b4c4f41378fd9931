import { Type, type Static, type TSchema, type TUnsafe } from 'typebox';

/**
 * `T | null` as one JSON Schema type list (`type: ['string', 'null']`), which OpenAPI 3.1
 * documents plainly and the response serializer handles without trying anyOf branches.
 */
export function Nullable<T extends TSchema>(schema: T): TUnsafe<Static<T> | null> {
  const s = { ...(schema as unknown as Record<string, unknown>) };
  if (Array.isArray(s.enum)) return Type.Unsafe<Static<T> | null>({ ...s, enum: [...(s.enum as unknown[]), null] });
  if (typeof s.type === 'string') return Type.Unsafe<Static<T> | null>({ ...s, type: [s.type, 'null'] });
  return Type.Unsafe<Static<T> | null>({ anyOf: [s, { type: 'null' }] });
}
