import { findUnstorableText, mayHoldUnstorableText } from '../db/find-unstorable-text.js';
import type { FieldType } from './import-target.js';
import { ISO_COUNTRY_CODES } from './iso-country-codes.js';

/** Why a cell was refused (a class, so the hot path tells it from a value with one typeof). */
export class Invalid {
  constructor(readonly message: string) {}
}

/** Checks and normalises one trimmed, non-empty cell; returns the value as the database takes it, or Invalid. */
export type ValueParser = (value: string) => string | Invalid;

const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
const TIME_ZONES: ReadonlySet<string> = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC']);
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A short quote of a bad value for messages (long cells are cut). */
export function quoted(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
}

const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * ISO 8601 date or date-time: `2024-03-01`, `2024-03-01T12:30`, `2024-03-01 12:30:05.123+02:00`.
 * A date is midnight UTC; a date-time without an offset is UTC. Returns an unambiguous ISO string.
 */
export function parseTimestamp(value: string): string | Invalid {
  const m = ISO_TIMESTAMP.exec(value);
  if (!m) return new Invalid(`must be an ISO 8601 date or date-time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ), got ${quoted(value)}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || !validDate(y, mo, d)) return new Invalid(`is not a real calendar date: ${quoted(value)}`);
  if (m[4] === undefined) return `${m[1]}-${m[2]}-${m[3]}T00:00:00Z`;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || (m[6] !== undefined && Number(m[6]) > 59)) {
    return new Invalid(`has an impossible time of day: ${quoted(value)}`);
  }
  let zone = m[8] ?? 'Z';
  if (zone !== 'Z' && zone !== 'z') {
    const hh = Number(zone.slice(1, 3));
    const mm = zone.length > 3 ? Number(zone.slice(-2)) : 0;
    if (hh > 14 || mm > 59) return new Invalid(`has an impossible UTC offset: ${quoted(value)}`);
    zone = `${zone.slice(0, 3)}:${zone.length > 3 ? zone.slice(-2) : '00'}`;
  } else zone = 'Z';
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${m[7] ?? ''}${zone}`;
}

/** YYYYMMDD (the CDNOW files) as an ISO midnight-UTC timestamp. */
export function parseCompactDate(value: string): string | Invalid {
  if (value.length !== 8 || !/^\d{8}$/.test(value)) return new Invalid(`must be a date as YYYYMMDD, got ${quoted(value)}`);
  const y = Number(value.slice(0, 4));
  const m = Number(value.slice(4, 6));
  const d = Number(value.slice(6, 8));
  if (y < 1 || !validDate(y, m, d)) return new Invalid(`is not a real calendar date: ${quoted(value)}`);
  return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T00:00:00Z`;
}

const DECIMAL = /^\d+(\.\d+)?$/;

/** A non-negative decimal with a dot (no thousands separators) whose whole part fits `wholeDigits`. */
function decimal(value: string, wholeDigits: number, what: string): string | Invalid {
  if (!DECIMAL.test(value)) {
    if (/^-\d/.test(value)) return new Invalid(`must not be negative, got ${quoted(value)}`);
    return new Invalid(`must be ${what} with a dot for decimals and no thousands separators, got ${quoted(value)}`);
  }
  const dot = value.indexOf('.');
  const whole = (dot < 0 ? value : value.slice(0, dot)).replace(/^0+(?=\d)/, '');
  if (whole.length > wholeDigits) return new Invalid(`is too large (at most ${wholeDigits} digits before the decimal point), got ${quoted(value)}`);
  return value;
}

export function parseMoney(value: string): string | Invalid {
  return decimal(value, 12, 'an amount');
}

export function parseQuantity(value: string): string | Invalid {
  const v = decimal(value, 10, 'a number');
  if (typeof v !== 'string') return v;
  const dot = v.indexOf('.');
  if (dot >= 0 && v.length - dot - 1 > 3) return new Invalid(`may have at most 3 decimals, got ${quoted(value)}`);
  return v;
}

export function parseEmployees(value: string): string | Invalid {
  if (!/^\d{1,9}$/.test(value)) {
    if (/^-\d/.test(value)) return new Invalid(`must not be negative, got ${quoted(value)}`);
    return new Invalid(`must be a whole number (at most 999999999), got ${quoted(value)}`);
  }
  return value;
}

const EMAIL = /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\]+\.[^\s@"(),:;<>[\]\\.]{2,}$/;

export function parseEmail(value: string): string | Invalid {
  if (!EMAIL.test(value) || value.length > 254 || value.includes('..')) return new Invalid(`is not a valid email address: ${quoted(value)}`);
  return value;
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** A domain name; a URL is accepted and reduced to its host (`https://www.acme.fi/` -> `www.acme.fi`). */
export function parseDomain(value: string): string | Invalid {
  let host = value.toLowerCase();
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(host)) {
    try {
      host = new URL(host).hostname;
    } catch {
      return new Invalid(`is not a domain name or URL: ${quoted(value)}`);
    }
  } else host = host.replace(/\/+$/, '');
  if (!HOSTNAME.test(host)) return new Invalid(`is not a domain name: ${quoted(value)}`);
  return host;
}

export function parseCountry(value: string): string | Invalid {
  const code = value.toUpperCase();
  if (code.length !== 2 || !ISO_COUNTRY_CODES.has(code)) return new Invalid(`must be an ISO 3166-1 alpha-2 country code like FI or SE, got ${quoted(value)}`);
  return code;
}

export function parseCurrency(value: string): string | Invalid {
  const code = value.toUpperCase();
  if (code.length !== 3 || !CURRENCIES.has(code)) return new Invalid(`must be an ISO 4217 currency code like EUR or USD, got ${quoted(value)}`);
  return code;
}

export function parseLocale(value: string): string | Invalid {
  try {
    const [canonical] = Intl.getCanonicalLocales(value.replace(/_/g, '-'));
    if (canonical) return canonical;
  } catch {
    // falls through to the message
  }
  return new Invalid(`must be a BCP 47 language tag like fi or fi-FI, got ${quoted(value)}`);
}

export function parseTimezone(value: string): string | Invalid {
  if (!TIME_ZONES.has(value)) return new Invalid(`must be an IANA time zone like Europe/Helsinki, got ${quoted(value)}`);
  return value;
}

/** A JSON object (the traits or properties column). Returns it parsed, for merging with extra columns. */
export function parseJsonObject(value: string): Record<string, unknown> | Invalid {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (e) {
    return new Invalid(`is not valid JSON (${(e as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return new Invalid('must be a JSON object like {"plan": "pro"}');
  const unstorable = mayHoldUnstorableText(value) ? findUnstorableText(parsed) : null;
  if (unstorable) return new Invalid(`at ${unstorable.path} ${unstorable.message}`);
  return parsed as Record<string, unknown>;
}

/** An extra `trait.x` / `properties.x` cell: numbers and booleans become JSON numbers and booleans, the rest stays text. */
export function extraValue(value: string): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^-?(0|[1-9]\d{0,14})(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

function enumParser(values: Readonly<Record<string, string>>): ValueParser {
  const allowed = [...new Set(Object.values(values))].join(', ');
  return (value) => {
    const key = value.toLowerCase().replace(/[\s-]+/g, '_');
    return values[key] ?? new Invalid(`must be one of ${allowed}, got ${quoted(value)}`);
  };
}

/** Text cells land in btree-indexed columns (names, ids, emails), whose entries must stay small. */
export const MAX_TEXT_LENGTH = 500;

function parseText(value: string): string | Invalid {
  return value.length > MAX_TEXT_LENGTH ? new Invalid(`is longer than ${MAX_TEXT_LENGTH} characters`) : value;
}

/** The parser of a field type (json_object is handled by the row validator, which merges it with extra columns). */
export function parserFor(type: FieldType): ValueParser {
  if (typeof type === 'object') return enumParser(type.enum);
  switch (type) {
    case 'text':
      return parseText;
    case 'json_object':
      return (v) => v;
    case 'email':
      return parseEmail;
    case 'domain':
      return parseDomain;
    case 'timestamp':
      return parseTimestamp;
    case 'country':
      return parseCountry;
    case 'currency':
      return parseCurrency;
    case 'employees':
      return parseEmployees;
    case 'money':
      return parseMoney;
    case 'quantity':
      return parseQuantity;
    case 'locale':
      return parseLocale;
    case 'timezone':
      return parseTimezone;
  }
}
