import { Type } from 'typebox';

/** A timestamp in a response: the database gives a Date, the serializer writes ISO 8601. */
export const TimestampSchema = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });

/** A timestamp in a request: an ISO 8601 date-time string (with a time zone). */
export function DateTimeInput(description = 'ISO 8601 date-time, e.g. 2026-03-01T12:00:00Z') {
  return Type.String({ format: 'date-time', description });
}

/** Free-form JSON object (traits, properties). */
export const JsonObjectSchema = Type.Record(Type.String(), Type.Unknown(), { description: 'Free-form JSON object' });
