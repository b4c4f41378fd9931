import { Type } from 'typebox';

/** `{id}` in a path: a positive integer id. */
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'The id' }) });
