import type { Database, Queryable } from '../../db/database.js';
import type { CareElement } from '../model/care-element.js';
import { enrolSubjects } from './enrol-subjects.js';
import { loadEnabledCareElements } from './load-care-elements.js';
import { ensureTriggerCursor } from './scan-care-triggers.js';

export interface RunDateTriggersResult {
  /** false: already done today, or another worker is doing it now. */
  ran: boolean;
  /** The local days (YYYY-MM-DD) whose occurrences were enrolled. */
  days: string[];
  enrolled: number;
  control: number;
}

/** A day missed while no worker ran is caught up, this many days back at most. */
const CATCH_UP_DAYS = 3;
const DEFAULT_HOUR = 9;
const ENROL_CHUNK = 5_000;

/** The SQL date of each subject the trigger reads: (subject_id, d). $1 workspace, $2 time zone, $3 trait key. */
function datesSql(element: CareElement): string | null {
  const t = element.definition.trigger;
  const table = element.subjectType === 'account' ? 'accounts' : 'contacts';
  const traitDate = `CASE WHEN kanta_try_timestamptz(t.traits->>$3) IS NULL THEN NULL
                          WHEN t.traits->>$3 ~ '^\\d{4}-\\d{2}-\\d{2}$' THEN (t.traits->>$3)::date
                          ELSE (kanta_try_timestamptz(t.traits->>$3) AT TIME ZONE $2)::date END`;
  if (t.kind === 'date_trait') return `SELECT t.id AS subject_id, ${traitDate} AS d FROM ${table} t WHERE t.workspace_id = $1 AND t.traits ? $3`;
  if (t.kind !== 'anniversary') return null;
  if (t.of === 'created_at') return `SELECT t.id AS subject_id, (t.created_at AT TIME ZONE $2)::date AS d FROM ${table} t WHERE t.workspace_id = $1`;
  if (t.of === 'first_order') {
    const col = element.subjectType === 'account' ? 'account_id' : 'contact_id';
    return `SELECT o.${col} AS subject_id, (min(o.ordered_at) AT TIME ZONE $2)::date AS d FROM orders o
             WHERE o.workspace_id = $1 AND o.${col} IS NOT NULL AND o.status <> 'cancelled' GROUP BY o.${col}`;
  }
  return `SELECT t.id AS subject_id, ${traitDate} AS d FROM ${table} t WHERE t.workspace_id = $1 AND t.traits ? $3`;
}

/** Subjects whose occurrence falls on `day` ($4): the anniversary (Feb 29 counts on Feb 28 in other years) or the trait date plus the offset ($5). */
async function occurrences(tx: Queryable, workspaceId: number, tz: string, element: CareElement, day: string): Promise<number[]> {
  const t = element.definition.trigger;
  const sql = datesSql(element);
  if (!sql) return [];
  const trait = t.kind === 'date_trait' ? t.trait : t.kind === 'anniversary' && typeof t.of === 'object' ? t.of.trait : '';
  const match =
    t.kind === 'date_trait'
      ? `s.d + $5::integer = $4::date`
      : `s.d < $4::date AND (to_char(s.d, 'MM-DD') = to_char($4::date, 'MM-DD')
           OR (to_char(s.d, 'MM-DD') = '02-29' AND to_char($4::date, 'MM-DD') = '02-28'
               AND extract(day FROM (date_trunc('year', $4::date) + interval '1 month 28 days')) <> 29))`;
  // Every parameter is named in every variant ($3, $5 typed), so both drivers bind the same five.
  const rows = await tx.query<{ subject_id: number }>(`SELECT s.subject_id FROM (${sql}) s WHERE ${match} AND $3::text IS NOT NULL AND $5::integer IS NOT NULL ORDER BY s.subject_id`, [
    workspaceId,
    tz,
    trait,
    day,
    t.kind === 'date_trait' ? t.offset_days : 0,
  ]);
  return rows.map((r) => r.subject_id);
}

/**
 * Once a day per workspace (its local day in care_settings.default_timezone): enrols the
 * subjects whose anniversary (of the first order, creation, or a date trait) or date trait
 * plus offset (contract renewal minus 60 days) falls on the day, into each enabled element
 * with such a trigger, due at the trigger's hour local time (or at once when that has passed).
 * The run's dedupe key 'date:YYYY-MM-DD' makes it once per subject and date. Days missed while
 * no worker ran are caught up (three at most). The cursor row is held FOR UPDATE SKIP LOCKED:
 * one worker does a workspace's day.
 */
export async function runDateTriggers(db: Database, workspaceId: number, options: { now?: Date } = {}): Promise<RunDateTriggersResult> {
  const now = options.now ?? new Date();
  await ensureTriggerCursor(db, workspaceId);
  return db.transaction(async (tx) => {
    const result: RunDateTriggersResult = { ran: false, days: [], enrolled: 0, control: 0 };
    const [cursor] = await tx.query<{ done_on: string | null; today: string; tz: string }>(
      `SELECT to_char(c.dates_done_on, 'YYYY-MM-DD') AS done_on, to_char(($2::timestamptz AT TIME ZONE z.tz)::date, 'YYYY-MM-DD') AS today, z.tz
         FROM care_trigger_cursors c
         CROSS JOIN LATERAL (SELECT coalesce((SELECT default_timezone FROM care_settings WHERE workspace_id = $1), 'Europe/Helsinki') AS tz) z
        WHERE c.workspace_id = $1 FOR UPDATE OF c SKIP LOCKED`,
      [workspaceId, now.toISOString()],
    );
    if (!cursor || (cursor.done_on !== null && cursor.done_on >= cursor.today)) return result;
    const days = await tx.query<{ day: string }>(
      `SELECT to_char(d, 'YYYY-MM-DD') AS day FROM generate_series(greatest(coalesce($1::date + 1, $2::date), $2::date - $3::integer), $2::date, interval '1 day') d ORDER BY d`,
      [cursor.done_on, cursor.today, CATCH_UP_DAYS - 1],
    );
    const elements = (await loadEnabledCareElements(tx, workspaceId)).filter((e) => e.definition.trigger.kind === 'anniversary' || e.definition.trigger.kind === 'date_trait');
    for (const { day } of days) {
      for (const element of elements) {
        const t = element.definition.trigger;
        const hour = t.kind === 'anniversary' || t.kind === 'date_trait' ? (t.hour ?? DEFAULT_HOUR) : DEFAULT_HOUR;
        const [{ at }] = (await tx.query<{ at: Date }>(`SELECT ($1::date + make_interval(hours => $2::integer)) AT TIME ZONE $3 AS at`, [day, hour, cursor.tz])) as [{ at: Date }];
        const ids = await occurrences(tx, workspaceId, cursor.tz, element, day);
        const trigger = { kind: t.kind, date: day, ...(t.kind === 'anniversary' ? { of: t.of } : t.kind === 'date_trait' ? { trait: t.trait, offset_days: t.offset_days } : {}) };
        for (let i = 0; i < ids.length; i += ENROL_CHUNK) {
          const candidates = ids.slice(i, i + ENROL_CHUNK).map((subjectId) => ({ subjectId, dedupeKey: `date:${day}`, at, trigger }));
          const r = await enrolSubjects(tx, workspaceId, element, candidates, now);
          result.enrolled += r.enrolled;
          result.control += r.control;
        }
      }
    }
    await tx.execute('UPDATE care_trigger_cursors SET dates_done_on = $2 WHERE workspace_id = $1', [workspaceId, cursor.today]);
    return { ...result, ran: true, days: days.map((d) => d.day) };
  });
}
