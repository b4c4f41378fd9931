import type { DemoRandom } from './demo-random.js';

export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a calendar date. */
export function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** Easter Sunday (anonymous Gregorian algorithm) as a day number. */
function easterDay(y: number): number {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNumber(y, month, day);
}

/** Day of the week, 0 = Sunday. */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The last Sunday of a 31-day month (March, October: the EU summer-time switches). */
function lastSunday(y: number, month: number): number {
  const d31 = dayNumber(y, month, 31);
  return d31 - weekday(d31);
}

/** Finnish public holidays of a year (Midsummer Eve and Christmas Eve included: offices close). */
function finnishHolidays(y: number): Set<number> {
  const easter = easterDay(y);
  const midsummerEve = dayNumber(y, 6, 19) + ((5 - weekday(dayNumber(y, 6, 19)) + 7) % 7);
  const allSaints = dayNumber(y, 10, 31) + ((6 - weekday(dayNumber(y, 10, 31)) + 7) % 7);
  return new Set([
    dayNumber(y, 1, 1), dayNumber(y, 1, 6), easter - 2, easter, easter + 1, dayNumber(y, 5, 1), easter + 39,
    midsummerEve, midsummerEve + 1, allSaints, dayNumber(y, 12, 6), dayNumber(y, 12, 24), dayNumber(y, 12, 25), dayNumber(y, 12, 26),
  ]);
}

/** Local hours' relative weights (Europe/Helsinki), hours 0-23. None before 04:00, so local times stay on their UTC day. */
const HOURS = {
  work: [0, 0, 0, 0, 0, 0, 0.2, 1, 4, 8, 9, 8, 5, 7, 8, 7, 5, 2.5, 1.2, 0.9, 0.8, 0.6, 0.3, 0.1],
  web: [0, 0, 0, 0, 0, 0.1, 0.4, 1.5, 3.5, 5, 5.5, 5, 4.5, 5, 5, 4.5, 3.5, 2.5, 2, 2.5, 3, 2.5, 1.5, 0.6],
  morning: [0, 0, 0, 0, 0, 0.2, 1.5, 5, 9, 7, 5, 3.5, 3, 2.5, 2, 1.8, 1.5, 1, 0.8, 1, 1, 0.7, 0.4, 0.1],
} as const;
export type HourProfile = keyof typeof HOURS;

function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    out[i] = sum;
  });
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}
const HOUR_CDF: Record<HourProfile, Float64Array> = {
  work: cumulative(HOURS.work),
  web: cumulative(HOURS.web),
  morning: cumulative(HOURS.morning),
};

/**
 * The calendar of the demo's three-year window, ending (exclusive) at the reference date:
 * per day, the UTC offset of Europe/Helsinki and how busy offices (product usage) and
 * readers (web) are, with Finnish seasonality: quiet weekends and public holidays, the July
 * holiday month, the Christmas break, the winter and autumn school holidays.
 */
export class DemoCalendar {
  /** First day (day number) of the window. */
  readonly startDay: number;
  /** Day number of the reference date: the window ends before it. */
  readonly endDay: number;
  readonly days: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly usage: Float32Array;
  readonly web: Float32Array;
  readonly offsetMinutes: Int16Array;
  readonly weekdays: Uint8Array;
  readonly months: Uint8Array;
  readonly dates: Uint8Array;

  constructor(referenceDate: string) {
    const [y, m, d] = referenceDate.split('-').map(Number) as [number, number, number];
    this.endDay = dayNumber(y, m, d);
    this.startDay = dayNumber(y - 3, m, d);
    this.days = this.endDay - this.startDay;
    this.startMs = this.startDay * DAY_MS;
    this.endMs = this.endDay * DAY_MS;
    this.usage = new Float32Array(this.days);
    this.web = new Float32Array(this.days);
    this.offsetMinutes = new Int16Array(this.days);
    this.weekdays = new Uint8Array(this.days);
    this.months = new Uint8Array(this.days);
    this.dates = new Uint8Array(this.days);
    const holidays = new Map<number, Set<number>>();
    for (let i = 0; i < this.days; i++) {
      const day = this.startDay + i;
      const date = new Date(day * DAY_MS);
      const year = date.getUTCFullYear();
      const month = date.getUTCMonth() + 1;
      const dom = date.getUTCDate();
      if (!holidays.has(year)) holidays.set(year, finnishHolidays(year));
      const wd = weekday(day);
      this.weekdays[i] = wd;
      this.months[i] = month;
      this.dates[i] = dom;
      this.offsetMinutes[i] = day >= lastSunday(year, 3) && day < lastSunday(year, 10) ? 180 : 120;
      const holiday = holidays.get(year)!.has(day);
      const season = seasonFactor(month, dom, day, year);
      this.usage[i] = holiday ? 0.06 : wd === 6 ? 0.1 : wd === 0 ? 0.07 : season;
      this.web[i] = (holiday ? 0.3 : wd === 6 ? 0.35 : wd === 0 ? 0.4 : 1) * Math.min(1, 0.35 + season * 0.65);
    }
  }

  /** The window index of a UTC time (may fall outside [0, days)). */
  indexOf(ms: number): number {
    return Math.floor(ms / DAY_MS) - this.startDay;
  }

  /** UTC milliseconds of a local (Helsinki) time on window day i, shifted by tzShift minutes for other Nordic time zones. */
  utcMs(i: number, localSeconds: number, tzShiftMinutes = 0): number {
    return (this.startDay + i) * DAY_MS + localSeconds * 1000 - (this.offsetMinutes[i]! + tzShiftMinutes) * 60_000;
  }

  /** A local time of day, in seconds, drawn from an hour profile. */
  timeOfDay(rnd: DemoRandom, profile: HourProfile): number {
    const cdf = HOUR_CDF[profile];
    const u = rnd.float();
    let h = 0;
    while (h < 23 && cdf[h]! <= u) h++;
    return h * 3600 + rnd.int(0, 3599);
  }

  /** Day i of the window as YYYY-MM-DD. */
  isoDate(i: number): string {
    return new Date((this.startDay + i) * DAY_MS).toISOString().slice(0, 10);
  }
}

/** How busy an ordinary weekday is at this time of year (1 = a normal working day). */
function seasonFactor(month: number, dom: number, day: number, year: number): number {
  if (month === 7) return dom <= 4 ? 0.55 : dom >= 27 ? 0.5 : 0.3;
  if (month === 6) {
    const midsummerEve = dayNumber(year, 6, 19) + ((5 - weekday(dayNumber(year, 6, 19)) + 7) % 7);
    return day > midsummerEve ? 0.65 : 1;
  }
  if (month === 8 && dom <= 10) return 0.75;
  if (month === 12 && dom >= 27) return 0.3;
  if (month === 12 && dom >= 20) return 0.7;
  if (month === 1 && dom <= 6) return 0.6;
  if ((month === 2 && dom >= 17) || (month === 3 && dom <= 8)) return 0.88;
  if (month === 10 && dom >= 14 && dom <= 20) return 0.9;
  return 1;
}
