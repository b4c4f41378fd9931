import type { Queryable } from '../db/database.js';
import type { Rule, SubjectType } from './rule.js';
import { FAMILY_NAMES, scoreMetricRowsSql } from './score-families.js';
import { SUBJECT_COLUMNS } from './subject-fields.js';

/** An event of one of the names the rules read. Times are microseconds since the epoch. */
export interface FactEvent {
  id: number;
  name: string;
  at: bigint;
  properties: unknown;
}

/** An order as stored (cancelled ones included: the evaluator leaves them out). */
export interface FactOrder {
  id: number;
  status: string;
  /** numeric(14, 2) as text, exact */
  total: string;
  refunded: string;
  at: bigint;
}

/**
 * The raw rows of one subject that rules read, for the JavaScript evaluator: nothing in here
 * is pre-aggregated, so evaluateRule re-derives every fact on its own.
 */
export interface SubjectFacts {
  subject: SubjectType;
  id: number;
  /** The subject's rule-readable columns (subject-fields.ts); created_at in microseconds. */
  columns: Record<string, string | number | bigint | null>;
  /** The traits JSON as stored. */
  traits: unknown;
  /** Events of the names the rules reference (only those: the rest cannot change a result). */
  events: FactEvent[];
  orders: FactOrder[];
  /** subject_scores: metric -> value, the metrics with a value. */
  metrics: Record<string, number | null>;
  stage: { key: string; enteredAt: bigint } | null;
  /** Keys of the segments (of this subject type) it is a member of. */
  segments: string[];
  /** Accounts whose rules have contacts conditions: the account's contacts with their facts. */
  contacts: SubjectFacts[];
}

const MICROS = (col: string) => `(extract(epoch from ${col}) * 1000000)::bigint::text`;

interface EventNeed {
  /** the longest window that reads the name; null = some reference has no window */
  maxDays: number | null;
}

/** Event names (with the longest window reading each) per level: the subject, its contacts. */
function eventNeeds(rules: readonly Rule[]): { own: Map<string, EventNeed>; contacts: Map<string, EventNeed> | null } {
  const own = new Map<string, EventNeed>();
  let contacts: Map<string, EventNeed> | null = null;
  const walk = (r: Rule, into: Map<string, EventNeed>): void => {
    if ('all' in r) r.all.forEach((c) => walk(c, into));
    else if ('any' in r) r.any.forEach((c) => walk(c, into));
    else if ('not' in r) walk(r.not, into);
    else if ('contacts' in r) walk(r.where, (contacts ??= new Map()));
    else if ('event' in r) {
      const prev = into.get(r.event);
      const days = r.within_days ?? null;
      if (!prev) into.set(r.event, { maxDays: days });
      else if (prev.maxDays !== null) prev.maxDays = days === null ? null : Math.max(prev.maxDays, days);
    }
  };
  rules.forEach((r) => walk(r, own));
  return { own, contacts };
}

/**
 * Loads one subject's facts for the given rules, or null when the subject does not exist.
 * Events are read only for the names the rules use, and only as far back as the longest
 * window over each name reaches from `now` (a name read without a window: all of them).
 */
export async function loadSubjectFacts(
  db: Queryable,
  workspaceId: number,
  subject: SubjectType,
  subjectId: number,
  rules: readonly Rule[],
  now: Date,
): Promise<SubjectFacts | null> {
  const needs = eventNeeds(rules);
  const [self] = await loadLevel(db, workspaceId, subject, 't.id = $2::bigint', subjectId, needs.own, now);
  if (!self) return null;
  if (subject === 'account' && needs.contacts) {
    self.contacts = await loadLevel(db, workspaceId, 'contact', 't.account_id = $2::bigint', subjectId, needs.contacts, now);
  }
  return self;
}

/** The facts of the subjects of one type matching `where` ($1 workspace, $2 the key). */
async function loadLevel(
  db: Queryable,
  workspaceId: number,
  subject: SubjectType,
  where: string,
  key: number,
  events: Map<string, EventNeed>,
  now: Date,
): Promise<SubjectFacts[]> {
  const table = subject === 'account' ? 'accounts' : 'contacts';
  const columns = Object.keys(SUBJECT_COLUMNS[subject]).filter((c) => c !== 'created_at');
  const rows = await db.query<Record<string, unknown>>(
    `SELECT t.id, t.traits, ${MICROS('t.created_at')} AS created_at_us, ${columns.map((c) => `t.${c}`).join(', ')}
       FROM ${table} t WHERE t.workspace_id = $1::bigint AND ${where} ORDER BY t.id`,
    [workspaceId, key],
  );
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id));
  const byId = new Map<number, SubjectFacts>();
  const all = rows.map((r) => {
    const facts: SubjectFacts = {
      subject,
      id: Number(r.id),
      columns: Object.fromEntries([...columns.map((c) => [c, (r[c] ?? null) as string | number | null]), ['created_at', BigInt(String(r.created_at_us))]]),
      traits: r.traits,
      events: [],
      orders: [],
      metrics: {},
      stage: null,
      segments: [],
      contacts: [],
    };
    byId.set(facts.id, facts);
    return facts;
  });
  const idColumn = subject === 'account' ? 'account_id' : 'contact_id';

  if (events.size > 0) {
    const names = [...events.keys()];
    const since = names.map((n) => {
      const d = events.get(n)!.maxDays;
      return d === null ? null : new Date(now.getTime() - d * 86_400_000).toISOString();
    });
    const evs = await db.query<{ id: number; owner: number; name: string; at: string; properties: unknown }>(
      `SELECT e.id, e.${idColumn} AS owner, e.name, ${MICROS('e.occurred_at')} AS at, e.properties
         FROM events e JOIN unnest($3::text[], $4::timestamptz[]) AS w(name, since) ON w.name = e.name
        WHERE e.workspace_id = $1::bigint AND e.${idColumn} = ANY($2::bigint[]) AND (w.since IS NULL OR e.occurred_at > w.since)
        ORDER BY e.occurred_at, e.id`,
      [workspaceId, ids, names, since],
    );
    for (const e of evs) byId.get(Number(e.owner))?.events.push({ id: Number(e.id), name: e.name, at: BigInt(e.at), properties: e.properties });
  }

  const orders = await db.query<{ id: number; owner: number; status: string; total: string; refunded: string; at: string }>(
    `SELECT o.id, o.${idColumn} AS owner, o.status, o.total::text AS total, o.refunded_total::text AS refunded, ${MICROS('o.ordered_at')} AS at
       FROM orders o WHERE o.workspace_id = $1::bigint AND o.${idColumn} = ANY($2::bigint[]) ORDER BY o.ordered_at, o.id`,
    [workspaceId, ids],
  );
  for (const o of orders) {
    byId.get(Number(o.owner))?.orders.push({ id: Number(o.id), status: o.status, total: o.total, refunded: o.refunded, at: BigInt(o.at) });
  }

  const metrics = await db.query<{ subject_id: number; metric: string; value: number | null }>(
    `SELECT m.subject_id, x.metric, x.value FROM subject_scores m CROSS JOIN LATERAL ${scoreMetricRowsSql('m')} AS x(metric, value)
      WHERE m.workspace_id = $1::bigint AND m.subject_type = $2::text AND m.family = ANY($4::text[]) AND m.subject_id = ANY($3::bigint[])`,
    [workspaceId, subject, ids, FAMILY_NAMES],
  );
  for (const m of metrics) {
    const f = byId.get(Number(m.subject_id));
    if (f) f.metrics[m.metric] = m.value === null ? null : Number(m.value);
  }

  const stages = await db.query<{ subject_id: number; stage: string; entered_at: string }>(
    `SELECT s.subject_id, s.stage, ${MICROS('s.entered_at')} AS entered_at FROM subject_stages s
      WHERE s.workspace_id = $1::bigint AND s.subject_type = $2::text AND s.subject_id = ANY($3::bigint[])`,
    [workspaceId, subject, ids],
  );
  for (const s of stages) {
    const f = byId.get(Number(s.subject_id));
    if (f) f.stage = { key: s.stage, enteredAt: BigInt(s.entered_at) };
  }

  const members = await db.query<{ subject_id: number; key: string }>(
    `SELECT m.subject_id, g.key FROM segment_members m
       JOIN segments g ON g.workspace_id = m.workspace_id AND g.id = m.segment_id
      WHERE m.workspace_id = $1::bigint AND g.subject_type = $2::text AND m.subject_id = ANY($3::bigint[])
      ORDER BY g.key`,
    [workspaceId, subject, ids],
  );
  for (const m of members) byId.get(Number(m.subject_id))?.segments.push(m.key);
  return all;
}
