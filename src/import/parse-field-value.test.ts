import { describe, expect, it } from 'vitest';
import {
  Invalid,
  parseCompactDate,
  parseCountry,
  parseCurrency,
  parseDomain,
  parseEmail,
  parseEmployees,
  parseJsonObject,
  parseLocale,
  parseMoney,
  parseQuantity,
  parseTimestamp,
  parseTimezone,
} from './parse-field-value.js';

const bad = (r: unknown) => (r instanceof Invalid ? r.message : `accepted ${JSON.stringify(r)}`);

describe('import cell checks', () => {
  it('takes ISO 8601 dates and date-times and makes them unambiguous UTC or offset times', () => {
    expect(parseTimestamp('2024-02-29')).toBe('2024-02-29T00:00:00Z');
    expect(parseTimestamp('2024-03-01T12:30')).toBe('2024-03-01T12:30:00Z');
    expect(parseTimestamp('2024-03-01 12:30:05.123+02:00')).toBe('2024-03-01T12:30:05.123+02:00');
    expect(parseTimestamp('2024-03-01T12:30:05+0530')).toBe('2024-03-01T12:30:05+05:30');
    expect(parseTimestamp('2024-03-01T12:30:05z')).toBe('2024-03-01T12:30:05Z');
  });

  it('refuses dates that are not ISO 8601 or not on the calendar', () => {
    expect(bad(parseTimestamp('01.03.2024'))).toMatch(/ISO 8601/);
    expect(bad(parseTimestamp('2023-02-29'))).toMatch(/not a real calendar date/);
    expect(bad(parseTimestamp('2024-13-01'))).toMatch(/not a real calendar date/);
    expect(bad(parseTimestamp('2024-03-01T25:00'))).toMatch(/impossible time/);
    expect(bad(parseTimestamp('2024-03-01T10:00+15:00'))).toMatch(/offset/);
    expect(parseCompactDate('19970101')).toBe('1997-01-01T00:00:00Z');
    expect(bad(parseCompactDate('19970230'))).toMatch(/calendar/);
  });

  it('checks countries against ISO 3166-1 alpha-2 and currencies against ISO 4217', () => {
    expect(parseCountry('fi')).toBe('FI');
    expect(parseCountry('GB')).toBe('GB');
    for (const code of ['UK', 'EU', 'XX', 'ZZ', 'FIN', 'Finland']) expect(bad(parseCountry(code))).toMatch(/ISO 3166-1/);
    expect(parseCurrency('eur')).toBe('EUR');
    for (const code of ['EURO', 'XYZ', '€']) expect(bad(parseCurrency(code))).toMatch(/ISO 4217/);
  });

  it('checks numbers without guessing at thousands separators', () => {
    expect(parseMoney('1234.50')).toBe('1234.50');
    expect(bad(parseMoney('1,234.50'))).toMatch(/no thousands separators/);
    expect(bad(parseMoney('-3'))).toMatch(/negative/);
    expect(bad(parseMoney('1234567890123'))).toMatch(/too large/);
    expect(parseQuantity('2.125')).toBe('2.125');
    expect(bad(parseQuantity('2.1255'))).toMatch(/3 decimals/);
    expect(parseEmployees('120')).toBe('120');
    expect(bad(parseEmployees('12.5'))).toMatch(/whole number/);
  });

  it('checks emails, domains, locales and time zones', () => {
    expect(parseEmail('anna.virtanen@example.fi')).toBe('anna.virtanen@example.fi');
    for (const e of ['anna', 'anna@', 'anna@example', 'an na@example.fi', 'a@b..fi']) expect(bad(parseEmail(e))).toMatch(/email/);
    expect(parseDomain('https://www.Acme.fi/about')).toBe('www.acme.fi');
    expect(parseDomain('acme.fi')).toBe('acme.fi');
    expect(bad(parseDomain('not a domain'))).toMatch(/domain/);
    expect(parseLocale('fi_fi')).toBe('fi-FI');
    expect(bad(parseLocale('not a locale!'))).toMatch(/BCP 47/);
    expect(parseTimezone('Europe/Helsinki')).toBe('Europe/Helsinki');
    expect(bad(parseTimezone('Helsinki'))).toMatch(/IANA/);
  });

  it('takes only JSON objects for traits and properties', () => {
    expect(parseJsonObject('{"plan":"pro","seats":3}')).toEqual({ plan: 'pro', seats: 3 });
    expect(bad(parseJsonObject('[1,2]'))).toMatch(/JSON object/);
    expect(bad(parseJsonObject('{plan: pro}'))).toMatch(/not valid JSON/);
    // Text the database cannot store, named by its JSON pointer within the cell.
    expect(bad(parseJsonObject('{"plan":{"note":"a\\u0000b"}}'))).toBe('at /plan/note contains the character U+0000 (NUL), which cannot be stored; remove it');
    expect(bad(parseJsonObject('{"plan":"\\ud800"}'))).toMatch(/^at \/plan contains a lone UTF-16 surrogate/);
    expect(parseJsonObject('{"plan":"\\ud83d\\ude00"}')).toEqual({ plan: '\ud83d\ude00' });
  });
});
