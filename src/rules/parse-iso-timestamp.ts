/**
 * The JavaScript twin of the SQL function kanta_try_timestamptz (migration 0005): an ISO 8601
 * date or date-time as microseconds since 1970-01-01T00:00:00Z, or null when PostgreSQL would
 * return NULL. Same pattern, and the same field checks PostgreSQL's date/time input applies:
 * years 0001-9999, real calendar days, 24:00:00 (the next midnight), second 60 (rolls over;
 * the time of day never passes 24:00:00),
 * zone offsets up to ±15:59; without a zone the value is UTC. Microseconds are bigint so the
 * whole range is exact (a double holds microseconds exactly only within about ±285 years).
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export const US_PER_SECOND = 1_000_000n;
export const US_PER_DAY = 86_400n * US_PER_SECOND;

export function parseIsoTimestamp(text: string): bigint | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const micros = m[7] === undefined ? 0 : Number(m[7].padEnd(6, '0'));
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (minute > 59 || second > 60) return null;
  if (hour > 24 || (hour === 24 && (minute > 0 || second > 0 || micros > 0))) return null;
  // A time of day may reach 24:00:00 (23:59:60 too) but not pass it.
  if ((hour * 3600 + minute * 60 + second) * 1e6 + micros > 86_400e6) return null;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const zh = Number(digits.slice(0, 2));
    const zm = Number(digits.slice(2, 4));
    if (zh > 15 || zm > 59) return null;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (zh * 60 + zm);
  }
  const days = BigInt(daysFromCivil(year, month, day));
  const seconds = BigInt(hour * 3600 + minute * 60 + second - offsetMinutes * 60);
  return days * US_PER_DAY + seconds * US_PER_SECOND + BigInt(micros);
}

/**
 * Microseconds since the epoch as a timestamptz literal PostgreSQL reads exactly, whatever the
 * session time zone ('2026-03-01 12:00:00.000000+00', with ' BC' before year 1).
 */
export function formatTimestampUtc(us: bigint): string {
  const days = floorDiv(us, US_PER_DAY);
  const rest = us - days * US_PER_DAY;
  const [y, mo, d] = civilFromDays(Number(days));
  const secs = Number(rest / US_PER_SECOND);
  const frac = Number(rest % US_PER_SECOND);
  const hh = Math.floor(secs / 3600);
  const mm = Math.floor((secs % 3600) / 60);
  const ss = secs % 60;
  const bc = y <= 0;
  const year = bc ? 1 - y : y;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(year, 4)}-${p(mo)}-${p(d)} ${p(hh)}:${p(mm)}:${p(ss)}.${p(frac, 6)}+00${bc ? ' BC' : ''}`;
}

/** A Date (millisecond precision) as microseconds since the epoch. */
export function dateToMicros(date: Date): bigint {
  return BigInt(date.getTime()) * 1000n;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar).
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z0: number): [number, number, number] {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}
