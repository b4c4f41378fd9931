import { Type, type TSchema } from 'typebox';
import { Nullable } from './nullable.js';

/** `limit` and `cursor`, the query parameters of every keyset-paginated list. */
export const pageQueryProperties = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Rows per page (1-200)' })),
  cursor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 4096, description: 'The next_cursor of the previous page; opaque, bound to the sort' }),
  ),
};

/** `{ data, next_cursor }`: one page, no totals. */
export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({
    data: Type.Array(item),
    next_cursor: Nullable(Type.String({ description: 'Pass as cursor for the next page; null on the last page' })),
  });
}
