import { AppError } from '../errors/app-error.js';

/**
 * Turns the PostgreSQL errors a write can expect (unique, foreign key, check, bad value)
 * into AppErrors that name the field, so a clash is a 409 and a dangling reference a 400,
 * never a 500. Both adapters raise errors with the server's fields (code, constraint, detail, table).
 */
interface PgError {
  code?: unknown;
  constraint?: unknown;
  detail?: unknown;
  table?: unknown;
}

/** The field of a `Key (workspace_id, external_id)=(…)` detail: the last column that is not the workspace. */
function keyField(detail: unknown): string | null {
  if (typeof detail !== 'string') return null;
  const m = /^Key \(([^)]*)\)=/.exec(detail);
  if (!m?.[1]) return null;
  const columns = m[1].split(',').map((c) => c.trim().replace(/^lower\((.*)\)$/, '$1'));
  return columns.filter((c) => c !== 'workspace_id').pop() ?? null;
}

/** The field of a check constraint `<table>_<column>_check`. */
function checkField(constraint: unknown, table: unknown): string | null {
  if (typeof constraint !== 'string') return null;
  const prefix = typeof table === 'string' ? `${table}_` : '';
  const m = /^(.*)_check$/.exec(constraint.startsWith(prefix) ? constraint.slice(prefix.length) : constraint);
  return m?.[1] ?? null;
}

/**
 * The AppError for a PostgreSQL error, or null when it is not one we expect.
 * `where` prefixes the field path (`body`), `fieldPaths` renames fields (`product_id` -> `body/lines/0/product_id`).
 */
export function constraintError(e: unknown, where = 'body', fieldPaths: Record<string, string> = {}): AppError | null {
  if (typeof e !== 'object' || e === null) return null;
  const err = e as PgError;
  const path = (field: string | null) => (field ? (fieldPaths[field] ?? `${where}/${field}`) : where);
  switch (err.code) {
    case '23505': {
      const field = keyField(err.detail);
      return new AppError('conflict', `Another record already has this ${field ?? 'key'}`, [{ path: path(field), message: 'is already taken' }]);
    }
    case '23503': {
      const field = keyField(err.detail);
      return new AppError('validation_failed', `The referenced ${field ?? 'record'} does not exist`, [{ path: path(field), message: 'does not exist' }]);
    }
    case '23514': {
      const field = checkField(err.constraint, err.table);
      return new AppError('validation_failed', `The value of ${field ?? 'a field'} is not allowed`, [{ path: path(field), message: 'is not an allowed value' }]);
    }
    case '23502':
      return new AppError('validation_failed', 'A required value is missing', [{ path: where, message: 'a required value is missing' }]);
    case '22003':
    case '22008':
    case '22P02':
    case '22007':
      return new AppError('validation_failed', 'A value is out of range or malformed', [{ path: where, message: 'a value is out of range or malformed' }]);
    default:
      return null;
  }
}

/** Runs a write and maps the PostgreSQL errors it can expect (see constraintError). */
export async function mapConstraintErrors<T>(fn: () => Promise<T>, where = 'body', fieldPaths: Record<string, string> = {}): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw constraintError(e, where, fieldPaths) ?? e;
  }
}
