import { Type } from 'typebox';
import { Nullable } from './nullable.js';
import { pageQueryProperties } from './pagination-schema.js';
import { DateTimeInput, JsonObjectSchema, TimestampSchema } from './timestamp-schema.js';

const SubjectType = Type.Union([Type.Literal('account'), Type.Literal('contact')]);
const ActionStatus = Type.Union(['scheduled', 'running', 'done', 'skipped', 'dead', 'cancelled'].map((s) => Type.Literal(s)));
const Localized = Type.Object({ fi: Type.String(), en: Type.String() });
const Id = Type.Integer({ minimum: 1 });

export const CareActionSchema = Type.Object({
  id: Id,
  run_id: Id,
  element_id: Id,
  element_key: Type.String(),
  subject_type: SubjectType,
  subject_id: Id,
  subject_name: Nullable(Type.String()),
  step_id: Type.String(),
  kind: Type.String({ description: 'email, survey, task, webhook, list_add, list_remove, wait or branch' }),
  status: ActionStatus,
  due_at: TimestampSchema,
  attempts: Type.Integer({ minimum: 0 }),
  element_version: Nullable(Type.Integer()),
  result: Nullable(JsonObjectSchema),
  last_error: Nullable(Type.String()),
  skip_reason: Nullable(Type.String()),
  locked_by: Nullable(Type.String()),
  started_at: Nullable(TimestampSchema),
  finished_at: Nullable(TimestampSchema),
  created_at: TimestampSchema,
});

export const CareActionListQuery = Type.Object(
  {
    status: Type.Optional(ActionStatus),
    element_id: Type.Optional(Id),
    subject_type: Type.Optional(SubjectType),
    subject_id: Type.Optional(Id),
    due_from: Type.Optional(DateTimeInput('Due at or after')),
    due_to: Type.Optional(DateTimeInput('Due before')),
    ...pageQueryProperties,
  },
  { additionalProperties: false },
);

export const CareRunSchema = Type.Object({
  id: Id,
  element_id: Id,
  element_key: Type.String(),
  element_version: Type.Integer(),
  subject_type: SubjectType,
  subject_id: Id,
  dedupe_key: Type.String(),
  trigger: JsonObjectSchema,
  cohort: Type.Union([Type.Literal('treated'), Type.Literal('control')]),
  status: Type.Union(['active', 'completed', 'cancelled', 'control'].map((s) => Type.Literal(s))),
  started_at: TimestampSchema,
  finished_at: Nullable(TimestampSchema),
  actions: Type.Record(Type.String(), Type.Integer(), { description: 'Its actions by status' }),
});

export const CareRunListQuery = Type.Object(
  {
    element_id: Type.Optional(Id),
    subject_type: Type.Optional(SubjectType),
    subject_id: Type.Optional(Id),
    status: Type.Optional(Type.Union(['active', 'completed', 'cancelled', 'control'].map((s) => Type.Literal(s)))),
    cohort: Type.Optional(Type.Union([Type.Literal('treated'), Type.Literal('control')])),
    ...pageQueryProperties,
  },
  { additionalProperties: false },
);

export const RetriedActionSchema = Type.Object({ id: Id, status: Type.Literal('scheduled'), due_at: TimestampSchema });

const CalendarAction = Type.Intersect([CareActionSchema, Type.Object({ element_name: Localized })]);

export const SubjectCalendarSchema = Type.Object({
  subject_type: SubjectType,
  subject_id: Id,
  scheduled: Type.Array(CalendarAction),
  upcoming: Type.Array(
    Type.Object({
      element_id: Id,
      element_key: Type.String(),
      element_name: Localized,
      kind: Type.Union([Type.Literal('anniversary'), Type.Literal('date_trait')]),
      on: Type.String({ description: 'The local day (YYYY-MM-DD)' }),
      from_date: Type.String(),
    }),
  ),
  history: Type.Array(CalendarAction),
});
