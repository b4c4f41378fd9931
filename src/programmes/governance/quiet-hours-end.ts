/**
 * Quiet hours in a contact's time zone: when `now` falls inside them, the instant they end
 * (the next local `end` time), else null. Times are 'HH:MM'; start > end spans midnight
 * (21:00-08:00); start = end means no quiet hours. Daylight-saving gaps resolve to the
 * first valid instant after the wall time.
 */
export function quietHoursEnd(now: Date, timeZone: string, start: string, end: string): Date | null {
  const s = minutesOf(start);
  const e = minutesOf(end);
  if (s === e) return null;
  const local = wallClock(now, timeZone);
  const m = local.hour * 60 + local.minute;
  let dayOffset: number;
  if (s < e) {
    if (m < s || m >= e) return null;
    dayOffset = 0;
  } else if (m >= s) {
    dayOffset = 1;
  } else if (m < e) {
    dayOffset = 0;
  } else {
    return null;
  }
  const day = new Date(Date.UTC(local.year, local.month - 1, local.day + dayOffset));
  return zonedToUtc({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: Math.floor(e / 60), minute: e % 60 }, timeZone);
}

/** Whether the runtime knows this IANA time zone name. */
export function isKnownTimeZone(timeZone: string | null | undefined): timeZone is string {
  if (!timeZone) return false;
  // Building a DateTimeFormat is costly and every email checks its contact's zone: remember the answer.
  let known = knownZones.get(timeZone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
      known = true;
    } catch {
      known = false;
    }
    if (knownZones.size >= 1_000) knownZones.clear();
    knownZones.set(timeZone, known);
  }
  return known;
}

const knownZones = new Map<string, boolean>();

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(instant: Date, timeZone: string): WallClock & { second: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}

/** Offset of the zone from UTC at an instant, in ms (Helsinki in summer: +3 h). */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(new Date(instant), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
}

function zonedToUtc(w: WallClock, timeZone: string): Date {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  let guess = asUtc - offsetAt(asUtc, timeZone);
  const second = asUtc - offsetAt(guess, timeZone);
  if (second !== guess) guess = Math.max(guess, second);
  return new Date(guess);
}
