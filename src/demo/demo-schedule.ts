import { NEWSLETTER_SUBJECTS, WEBINARS } from './demo-content.js';
import type { DemoCalendar } from './helsinki-calendar.js';

export interface ScheduledItem {
  /** Window day. */
  day: number;
  id: string;
  title: string;
}

/** The demo company's marketing calendar over the window: newsletters, webinars, NPS surveys. */
export interface DemoSchedule {
  newsletters: ScheduledItem[];
  webinars: ScheduledItem[];
  npsWaves: ScheduledItem[];
}

/** The window day of the n-th (1-based) given weekday (0 = Sunday) in the month that contains day i. */
function nthWeekday(cal: DemoCalendar, monthStart: number, weekday: number, n: number): number {
  const first = monthStart + ((weekday - cal.weekdays[monthStart]! + 7) % 7);
  return first + 7 * (n - 1);
}

export function buildSchedule(cal: DemoCalendar): DemoSchedule {
  const newsletters: ScheduledItem[] = [];
  const npsWaves: ScheduledItem[] = [];
  for (let i = 0; i < cal.days; i++) {
    if (cal.dates[i] !== 1) continue;
    const month = cal.months[i]!;
    const ym = cal.isoDate(i).slice(0, 7);
    // The monthly newsletter goes out on the second Tuesday; none in the July holiday month.
    const tuesday = nthWeekday(cal, i, 2, 2);
    if (month !== 7 && tuesday < cal.days) {
      newsletters.push({ day: tuesday, id: `newsletter-${ym}`, title: NEWSLETTER_SUBJECTS[newsletters.length % NEWSLETTER_SUBJECTS.length]! });
    }
    // Customer NPS surveys in spring and autumn, from the second Monday of March and October.
    const monday = nthWeekday(cal, i, 1, 2);
    if ((month === 3 || month === 10) && monday < cal.days) {
      npsWaves.push({ day: monday, id: `nps-${ym}`, title: `NPS ${cal.isoDate(i).slice(0, 4)} ${month === 3 ? 'kevät' : 'syksy'}` });
    }
  }
  // Webinars every six weeks on a Thursday at 14:00, none in July or over Christmas.
  const webinars: ScheduledItem[] = [];
  for (let day = nthWeekday(cal, 0, 4, 2); day < cal.days; day += 42) {
    const month = cal.months[day]!;
    const dom = cal.dates[day]!;
    if (month === 7 || (month === 12 && dom >= 15) || (month === 1 && dom <= 6)) continue;
    webinars.push({ day, id: `webinar-${cal.isoDate(day)}`, title: WEBINARS[webinars.length % WEBINARS.length]! });
  }
  return { newsletters, webinars, npsWaves };
}
