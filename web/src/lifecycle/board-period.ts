/** The board's period as the user picks it: two calendar days in local time, both included. */
export interface Period {
  from: string;
  to: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** YYYY-MM-DD of a moment in local time (what a date input shows). */
export function localDay(moment: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`;
}

function startOfDay(day: string): Date | null {
  const match = DAY.exec(day);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // Rejects 2026-02-31 and the like, which Date would roll over.
  return localDay(date) === day ? date : null;
}

/** The last 30 days, today included. */
export function defaultPeriod(now: Date = new Date()): Period {
  const from = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 29);
  return { from: localDay(from), to: localDay(now) };
}

/**
 * The API's half-open period [from, to) for the picked days: from the start of the first day
 * to the start of the day after the last, as ISO instants. Null when a day is not a date or
 * the period ends before it starts.
 */
export function periodQuery(period: Period): { from: string; to: string } | null {
  const from = startOfDay(period.from);
  const last = startOfDay(period.to);
  if (!from || !last || last < from) return null;
  const end = new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1);
  return { from: from.toISOString(), to: end.toISOString() };
}
