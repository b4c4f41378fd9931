import type { FieldIssue } from '../errors/app-error.js';
import { MAX_ID_LENGTH } from './ingest-limits.js';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ISO 8601 as the Segment libraries send it: a date, optionally a time, optionally a zone.
// Groups: year, month, day, the time (when any), the zone (when any).
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})([Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DECIMAL = /^\s*-?\d+(?:\.\d+)?\s*$/;

/**
 * Reads typed fields out of one JSON object and collects an issue, named by its JSON pointer,
 * for every field of the wrong type. Missing and null fields read as null/undefined.
 */
export class FieldReader {
  constructor(
    readonly obj: JsonObject,
    readonly path: string,
    readonly issues: FieldIssue[],
  ) {}

  fail(key: string, message: string): void {
    this.issues.push({ path: `${this.path}/${key}`, message });
  }

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.obj, key) && this.obj[key] !== undefined;
  }

  /** An identifier: a string or a number (turned into a string), at most MAX_ID_LENGTH characters; '' reads as null. */
  id(key: string): string | null {
    const v = this.obj[key];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v !== 'string') {
      this.fail(key, 'must be a string');
      return null;
    }
    if (v.length > MAX_ID_LENGTH) {
      this.fail(key, `must be at most ${MAX_ID_LENGTH} characters`);
      return null;
    }
    return v;
  }

  /** A text value; numbers are accepted as their text when allowNumber. */
  text(key: string, opts: { allowNumber?: boolean; max?: number } = {}): string | null {
    const v = this.obj[key];
    if (v === undefined || v === null) return null;
    if (opts.allowNumber && typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v !== 'string') {
      this.fail(key, 'must be a string');
      return null;
    }
    if (opts.max !== undefined && v.length > opts.max) {
      this.fail(key, `must be at most ${opts.max} characters`);
      return null;
    }
    return v;
  }

  object(key: string): JsonObject | null {
    const v = this.obj[key];
    if (v === undefined || v === null) return null;
    if (!isObject(v)) {
      this.fail(key, 'must be an object');
      return null;
    }
    return v;
  }

  /** A number, or a decimal number written as a string ("49.90"). */
  number(key: string, opts: { min?: number; integer?: boolean } = {}): number | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && DECIMAL.test(v) ? Number(v) : Number.NaN;
    if (!Number.isFinite(n)) {
      this.fail(key, 'must be a number');
      return undefined;
    }
    if (opts.integer && !Number.isInteger(n)) {
      this.fail(key, 'must be a whole number');
      return undefined;
    }
    if (opts.min !== undefined && n < opts.min) {
      this.fail(key, `must be at least ${opts.min}`);
      return undefined;
    }
    return n;
  }

  /** An ISO 8601 date-time; a time without a zone is read as UTC. */
  date(key: string): Date | null {
    const v = this.obj[key];
    if (v === undefined || v === null || v === '') return null;
    const m = typeof v === 'string' ? ISO_DATE.exec(v) : null;
    if (!m) {
      this.fail(key, `must be an ISO 8601 date-time such as "2025-01-31T12:00:00.000Z"; got ${JSON.stringify(v).slice(0, 60)}`);
      return null;
    }
    const s = v as string;
    const text = m[4] !== undefined && m[5] === undefined ? `${s}Z` : s;
    const d = new Date(text.includes(',') ? text.replace(',', '.') : text);
    // The calendar day must exist (Date would roll 2025-02-30 over to March). Years 0-99 are
    // checked as 1900-1999, as Date.UTC reads them.
    const y = Number(m[1]) < 100 ? Number(m[1]) + 1900 : Number(m[1]);
    const mo = Number(m[2]);
    const day = Number(m[3]);
    const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
    if (Number.isNaN(d.getTime()) || mo < 1 || mo > 12 || day < 1 || day > DAYS_IN_MONTH[mo - 1]! + (leap ? 1 : 0)) {
      this.fail(key, `is not a valid date: ${JSON.stringify(v).slice(0, 60)}`);
      return null;
    }
    return d;
  }
}
