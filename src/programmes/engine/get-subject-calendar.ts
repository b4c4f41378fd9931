import type { Queryable } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import type { LocalizedText } from '../model/care-element.js';
import { CARE_ACTION_FROM, CARE_ACTION_SELECT, type CareAction } from './care-action.js';
import { loadEnabledCareElements } from './load-care-elements.js';

/** A date trigger that will fire for this subject (if its placement and conditions hold then). */
export interface UpcomingDateTrigger {
  element_id: number;
  element_key: string;
  element_name: LocalizedText;
  kind: 'anniversary' | 'date_trait';
  /** The local day it fires (YYYY-MM-DD). */
  on: string;
  /** The date it counts from (the anniversary's origin, the trait's value). */
  from_date: string;
}

export interface SubjectCalendar {
  subject_type: 'account' | 'contact';
  subject_id: number;
  /** Scheduled and running actions, soonest first. */
  scheduled: (CareAction & { element_name: LocalizedText })[];
  /** The next occurrence of each enabled anniversary and date-trait element within a year. */
  upcoming: UpcomingDateTrigger[];
  /** Actions that ran (done, skipped, dead, cancelled), newest first, at most `history_limit`. */
  history: (CareAction & { element_name: LocalizedText })[];
}

const DAY = 86_400_000;

/** The next day (>= today) a yearly date falls on; Feb 29 on Feb 28 in other years. */
function nextAnniversary(origin: string, today: string): string {
  const [, m, d] = origin.split('-').map(Number) as [number, number, number];
  for (let year = Number(today.slice(0, 4)); ; year++) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const day = m === 2 && d === 29 && !leap ? 28 : d;
    const s = `${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    if (s >= today && s > origin) return s;
  }
}

/**
 * What Kanta will do for one account or contact, and when: its scheduled actions, the next
 * anniversary and date-trait occurrences of enabled elements, and the history of what ran.
 */
export async function getSubjectCalendar(
  db: Queryable,
  workspaceId: number,
  subjectType: 'account' | 'contact',
  subjectId: number,
  options: { now?: Date; historyLimit?: number } = {},
): Promise<SubjectCalendar> {
  const now = options.now ?? new Date();
  const table = subjectType === 'account' ? 'accounts' : 'contacts';
  const orderCol = subjectType === 'account' ? 'account_id' : 'contact_id';
  const [subject] = await db.query<{ created: string; traits: Record<string, unknown>; first_order: string | null; today: string }>(
    `SELECT to_char((t.created_at AT TIME ZONE z.tz)::date, 'YYYY-MM-DD') AS created, t.traits,
            (SELECT to_char((min(o.ordered_at) AT TIME ZONE z.tz)::date, 'YYYY-MM-DD') FROM orders o
              WHERE o.workspace_id = t.workspace_id AND o.${orderCol} = t.id AND o.status <> 'cancelled') AS first_order,
            to_char(($3::timestamptz AT TIME ZONE z.tz)::date, 'YYYY-MM-DD') AS today
       FROM ${table} t CROSS JOIN LATERAL (SELECT coalesce((SELECT default_timezone FROM care_settings WHERE workspace_id = $1), 'Europe/Helsinki') AS tz) z
      WHERE t.workspace_id = $1 AND t.id = $2`,
    [workspaceId, subjectId, now.toISOString()],
  );
  if (!subject) throw new AppError('not_found', `No ${subjectType} ${subjectId} in this workspace`);
  const actions = (status: string, order: string, limit: number) =>
    db.query<CareAction & { element_name: LocalizedText } & Record<string, unknown>>(
      `SELECT ${CARE_ACTION_SELECT}, e.definition->'name' AS element_name FROM ${CARE_ACTION_FROM}
        WHERE a.workspace_id = $1 AND a.subject_type = $2 AND a.subject_id = $3 AND ${status} ORDER BY ${order} LIMIT ${limit}`,
      [workspaceId, subjectType, subjectId],
    );
  const scheduled = await actions(`a.status IN ('scheduled', 'running')`, 'a.due_at, a.id', 500);
  const history = await actions(`a.status NOT IN ('scheduled', 'running')`, 'coalesce(a.finished_at, a.due_at) DESC, a.id DESC', Math.min(500, options.historyLimit ?? 100));

  const dateOf = (v: unknown): string | null => {
    if (typeof v !== 'string') return null;
    const m = /^(\d{4}-\d{2}-\d{2})/.exec(v);
    return m && !Number.isNaN(Date.parse(m[1]!)) ? m[1]! : null;
  };
  const upcoming: UpcomingDateTrigger[] = [];
  const horizon = new Date(Date.parse(subject.today) + 366 * DAY).toISOString().slice(0, 10);
  for (const el of await loadEnabledCareElements(db, workspaceId)) {
    if (el.subjectType !== subjectType) continue;
    const t = el.definition.trigger;
    const base = { element_id: el.id, element_key: el.key, element_name: el.definition.name };
    if (t.kind === 'anniversary') {
      const origin = t.of === 'created_at' ? subject.created : t.of === 'first_order' ? subject.first_order : dateOf(subject.traits[t.of.trait]);
      if (origin) upcoming.push({ ...base, kind: 'anniversary', on: nextAnniversary(origin, subject.today), from_date: origin });
    } else if (t.kind === 'date_trait') {
      const origin = dateOf(subject.traits[t.trait]);
      if (!origin) continue;
      const on = new Date(Date.parse(origin) + t.offset_days * DAY).toISOString().slice(0, 10);
      if (on >= subject.today && on <= horizon) upcoming.push({ ...base, kind: 'date_trait', on, from_date: origin });
    }
  }
  upcoming.sort((a, b) => a.on.localeCompare(b.on) || a.element_id - b.element_id);
  return { subject_type: subjectType, subject_id: subjectId, scheduled, upcoming: upcoming.filter((u) => u.on <= horizon), history };
}
